def solve_ce22a75a(I):
    x1 = ofcolor(I, FIVE)
    x2 = compose(backdrop, dneighbors)
    x3 = mapply(x2, x1)
    O = fill(I, ONE, x3)
    return O
