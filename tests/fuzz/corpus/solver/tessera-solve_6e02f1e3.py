def solve_6e02f1e3(I):
    x1 = numcolors(I)
    x2 = connect(ORIGIN, ZERO_BY_TWO)
    x3 = connect(ORIGIN, TWO_BY_TWO)
    x4 = connect(ZERO_BY_TWO, TWO_BY_ZERO)
    x5 = equality(x1, TWO)
    x6 = branch(x5, x3, x4)
    x7 = equality(x1, ONE)
    x8 = branch(x7, x2, x6)
    x9 = canvas(ZERO, THREE_BY_THREE)
    O = fill(x9, FIVE, x8)
    return O
