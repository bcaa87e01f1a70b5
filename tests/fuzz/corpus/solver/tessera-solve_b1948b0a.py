def solve_b1948b0a(I):
    O = replace(I, SIX, TWO)
    return O
