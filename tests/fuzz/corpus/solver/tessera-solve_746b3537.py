def solve_746b3537(I):
    x1 = first(I)
    x2 = dedupe(x1)
    x3 = size(x2)
    x4 = equality(x3, ONE)
    x5 = dmirror(I)
    x6 = branch(x4, x5, I)
    x7 = objects(x6, T, F, F)
    x8 = order(x7, leftmost)
    x9 = apply(color, x8)
    x10 = repeat(x9, ONE)
    x11 = dmirror(x10)
    O = branch(x4, x11, x10)
    return O
