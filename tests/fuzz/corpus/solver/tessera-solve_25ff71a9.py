def solve_25ff71a9(I):
    x1 = asobject(I)
    x2 = shift(x1, DOWN)
    x3 = mostcolor(I)
    x4 = canvas(x3, shape(I))
    O = paint(x4, x2)
    return O
