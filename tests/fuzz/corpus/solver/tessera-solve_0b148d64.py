def solve_0b148d64(I):
    x1 = partition(I)
    x2 = matcher(color, ZERO)
    x3 = compose(flip, x2)
    x4 = sfilter(x1, x3)
    x5 = argmin(x4, size)
    O = subgrid(x5, I)
    return O
