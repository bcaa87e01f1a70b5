def solve_5bd6f4ac(I):
    x1 = astuple(ZERO, SIX)
    O = crop(I, x1, THREE_BY_THREE)
    return O
