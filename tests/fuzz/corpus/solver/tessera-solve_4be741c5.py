def solve_4be741c5(I):
    x1 = partition(I)
    x2 = portrait(I)
    x3 = compose(first, centerofmass)
    x4 = compose(last, centerofmass)
    x5 = branch(x2, x3, x4)
    x6 = order(x1, x5)
    x7 = apply(color, x6)
    x8 = repeat(x7, ONE)
    x9 = dmirror(x8)
    O = branch(x2, x9, x8)
    return O
