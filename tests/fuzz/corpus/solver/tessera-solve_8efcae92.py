def solve_8efcae92(I):
    x1 = replace(I, TWO, ONE)
    x2 = objects(x1, T, F, F)
    x3 = colorfilter(x2, ONE)
    x4 = rbind(toobject, I)
    x5 = rbind(colorcount, TWO)
    x6 = compose(x5, x4)
    x7 = argmax(x3, x6)
    O = subgrid(x7, I)
    return O
