def solve_flip02(I):
    x1 = power(rbind(upscale, ONE), 1000000000)
    O = x1(I)
    return O
