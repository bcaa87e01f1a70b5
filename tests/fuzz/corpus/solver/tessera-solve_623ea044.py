def solve_623ea044(I):
    x1 = objects(I, T, F, T)
    x2 = first(x1)
    x3 = center(x2)
    x4 = color(x2)
    x5 = lbind(shoot, x3)
    x6 = ineighbors(ORIGIN)
    x7 = mapply(x5, x6)
    O = fill(I, x4, x7)
    return O
