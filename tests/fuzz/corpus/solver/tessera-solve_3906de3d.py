def solve_3906de3d(I):
    x1 = replace(I, ZERO, NINE)
    x2 = dmirror(x1)
    x3 = rbind(order, identity)
    x4 = apply(x3, x2)
    x5 = dmirror(x4)
    O = replace(x5, NINE, ZERO)
    return O
