def solve_60b61512(I):
    x1 = objects(I, T, T, T)
    x2 = mapply(backdrop, x1)
    O = underfill(I, SEVEN, x2)
    return O
