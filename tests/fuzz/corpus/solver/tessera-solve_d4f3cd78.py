def solve_d4f3cd78(I):
    x1 = objects(I, T, F, T)
    x2 = first(x1)
    x3 = box(x2)
    x4 = toindices(x2)
    x5 = difference(x3, x4)
    x6 = position(x2, x5)
    x7 = first(x5)
    x8 = shoot(x7, x6)
    x9 = delta(x2)
    x10 = combine(x8, x9)
    O = underfill(I, EIGHT, x10)
    return O
