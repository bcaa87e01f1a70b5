def solve_d13f3404(I):
    x1 = fgpartition(I)
    x2 = merge(x1)
    x3 = interval(ZERO, SIX, ONE)
    x4 = fork(astuple, identity, identity)
    x5 = apply(x4, x3)
    x6 = lbind(shift, x2)
    x7 = mapply(x6, x5)
    x8 = astuple(SIX, SIX)
    x9 = canvas(ZERO, x8)
    O = paint(x9, x7)
    return O
