def solve_c8f0f002(I):
    O = replace(I, SEVEN, FIVE)
    return O
