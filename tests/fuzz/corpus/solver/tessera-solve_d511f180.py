def solve_d511f180(I):
    O = switch(I, FIVE, EIGHT)
    return O
