def solve_b9b7f026(I):
    x1 = objects(I, T, F, T)
    x2 = compose(size, backdrop)
    x3 = fork(greater, x2, size)
    x4 = extract(x1, x3)
    x5 = color(x4)
    O = canvas(x5, UNITY)
    return O
