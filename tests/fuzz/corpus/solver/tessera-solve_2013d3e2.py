def solve_2013d3e2(I):
    x1 = objects(I, F, T, T)
    x2 = merge(x1)
    x3 = subgrid(x2, I)
    O = crop(x3, ORIGIN, THREE_BY_THREE)
    return O
