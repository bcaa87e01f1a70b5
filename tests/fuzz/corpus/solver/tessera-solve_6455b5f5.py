def solve_6455b5f5(I):
    x1 = objects(I, T, F, F)
    x2 = colorfilter(x1, ZERO)
    x3 = argmax(x2, size)
    x4 = valmin(x2, size)
    x5 = sizefilter(x2, x4)
    x6 = merge(x5)
    x7 = fill(I, ONE, x3)
    O = fill(x7, EIGHT, x6)
    return O
