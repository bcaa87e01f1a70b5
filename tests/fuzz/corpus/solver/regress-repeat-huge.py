def solve_flip02(I):
    O = repeat(I, 16000000)
    return O
