def solve_ea786f4a(I):
    x1 = ofcolor(I, ZERO)
    x2 = first(x1)
    x3 = lbind(shoot, x2)
    x4 = ineighbors(ORIGIN)
    x5 = mapply(x3, x4)
    O = fill(I, ZERO, x5)
    return O
