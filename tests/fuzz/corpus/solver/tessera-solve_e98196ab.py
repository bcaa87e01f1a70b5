def solve_e98196ab(I):
    x1 = vsplit(I, TWO)
    x2 = first(x1)
    x3 = last(x1)
    x4 = asobject(x3)
    O = underpaint(x2, x4)
    return O
