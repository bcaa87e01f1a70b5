def solve_54d82841(I):
    x1 = objects(I, T, F, T)
    x2 = apply(center, x1)
    x3 = mapply(vfrontier, x2)
    x4 = asindices(I)
    x5 = llcorner(x4)
    x6 = hfrontier(x5)
    x7 = intersection(x3, x6)
    O = fill(I, FOUR, x7)
    return O
