def solve_c1d99e64(I):
    x1 = frontiers(I)
    x2 = colorfilter(x1, ZERO)
    x3 = merge(x2)
    O = fill(I, TWO, x3)
    return O
