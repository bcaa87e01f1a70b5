def solve_25d8a9c8(I):
    x1 = frontiers(I)
    x2 = sfilter(x1, hline)
    x3 = merge(x2)
    x4 = shape(I)
    x5 = canvas(ZERO, x4)
    O = fill(x5, FIVE, x3)
    return O
