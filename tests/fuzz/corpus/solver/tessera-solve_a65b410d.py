def solve_a65b410d(I):
    x1 = ofcolor(I, TWO)
    x2 = urcorner(x1)
    x3 = shoot(x2, UP_RIGHT)
    x4 = shoot(x2, DOWN_LEFT)
    x5 = asindices(I)
    x6 = intersection(x4, x5)
    x7 = compose(toivec, first)
    x8 = fork(connect, identity, x7)
    x9 = mapply(x8, x3)
    x10 = mapply(x8, x6)
    x11 = underfill(I, THREE, x9)
    O = underfill(x11, ONE, x10)
    return O
