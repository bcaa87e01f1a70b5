def solve_7f4411dc(I):
    x1 = fgpartition(I)
    x2 = merge(x1)
    x3 = toindices(x2)
    x4 = rbind(intersection, x3)
    x5 = chain(size, x4, dneighbors)
    x6 = rbind(greater, ONE)
    x7 = compose(x6, x5)
    x8 = sfilter(x3, x7)
    x9 = toobject(x8, I)
    x10 = shape(I)
    x11 = canvas(ZERO, x10)
    O = paint(x11, x9)
    return O
