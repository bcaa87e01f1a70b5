def solve_4c4377d9(I):
    x1 = hmirror(I)
    O = vconcat(x1, I)
    return O
