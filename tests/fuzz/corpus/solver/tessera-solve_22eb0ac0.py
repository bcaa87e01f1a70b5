def solve_22eb0ac0(I):
    x1 = fgpartition(I)
    x2 = matcher(height, ONE)
    x3 = sfilter(x1, x2)
    x4 = fork(connect, ulcorner, lrcorner)
    x5 = fork(recolor, color, x4)
    x6 = mapply(x5, x3)
    O = paint(I, x6)
    return O
