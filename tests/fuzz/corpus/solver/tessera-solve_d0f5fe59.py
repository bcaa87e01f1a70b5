def solve_d0f5fe59(I):
    x1 = objects(I, T, T, T)
    x2 = size(x1)
    x3 = astuple(x2, x2)
    x4 = canvas(ZERO, x3)
    x5 = decrement(x3)
    x6 = connect(ORIGIN, x5)
    O = fill(x4, EIGHT, x6)
    return O
