def solve_0ca9ddb6(I):
    x1 = ofcolor(I, TWO)
    x2 = mapply(ineighbors, x1)
    x3 = ofcolor(I, ONE)
    x4 = mapply(dneighbors, x3)
    x5 = underfill(I, FOUR, x2)
    O = underfill(x5, SEVEN, x4)
    return O
