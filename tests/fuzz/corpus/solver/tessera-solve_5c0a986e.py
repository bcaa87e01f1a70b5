def solve_5c0a986e(I):
    x1 = ofcolor(I, ONE)
    x2 = ulcorner(x1)
    x3 = shoot(x2, NEG_UNITY)
    x4 = ofcolor(I, TWO)
    x5 = lrcorner(x4)
    x6 = shoot(x5, UNITY)
    x7 = fill(I, ONE, x3)
    O = fill(x7, TWO, x6)
    return O
