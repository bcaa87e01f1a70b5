def solve_90c28cc7(I):
    x1 = objects(I, F, F, T)
    x2 = merge(x1)
    x3 = subgrid(x2, I)
    x4 = chain(dmirror, dedupe, dmirror)
    x5 = dedupe(x3)
    O = x4(x5)
    return O
