def solve_9565186b(I):
    x1 = mostcolor(I)
    x2 = palette(I)
    x3 = remove(x1, x2)
    x4 = lbind(ofcolor, I)
    x5 = mapply(x4, x3)
    O = fill(I, FIVE, x5)
    return O
