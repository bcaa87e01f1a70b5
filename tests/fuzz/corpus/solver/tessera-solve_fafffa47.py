def solve_fafffa47(I):
    x1 = vsplit(I, TWO)
    x2 = first(x1)
    x3 = last(x1)
    x4 = ofcolor(x2, ZERO)
    x5 = ofcolor(x3, ZERO)
    x6 = intersection(x4, x5)
    x7 = shape(x2)
    x8 = canvas(ZERO, x7)
    O = fill(x8, TWO, x6)
    return O
