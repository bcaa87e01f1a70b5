def solve_ce4f8723(I):
    x1 = vsplit(I, TWO)
    x2 = first(x1)
    x3 = last(x1)
    O = cellwise(x2, x3, THREE)
    return O
