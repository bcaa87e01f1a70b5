def solve_99b1bc43(I):
    x1 = vsplit(I, TWO)
    x2 = first(x1)
    x3 = last(x1)
    x4 = ofcolor(x2, ZERO)
    x5 = ofcolor(x3, ZERO)
    x6 = difference(x4, x5)
    x7 = difference(x5, x4)
    x8 = combine(x6, x7)
    x9 = shape(x2)
    x10 = canvas(ZERO, x9)
    O = fill(x10, THREE, x8)
    return O
