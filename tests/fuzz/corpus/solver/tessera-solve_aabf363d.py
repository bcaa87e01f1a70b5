def solve_aabf363d(I):
    x1 = leastcolor(I)
    x2 = replace(I, x1, ZERO)
    x3 = palette(x2)
    x4 = other(x3, ZERO)
    O = replace(x2, x4, x1)
    return O
