def solve_4347f46a(I):
    x1 = objects(I, T, F, T)
    x2 = fork(recolor, color, box)
    x3 = mapply(x2, x1)
    x4 = shape(I)
    x5 = canvas(ZERO, x4)
    O = paint(x5, x3)
    return O
