def solve_flip02(I):
    x1 = power(dmirror, 1000000000)
    O = x1(I)
    return O
