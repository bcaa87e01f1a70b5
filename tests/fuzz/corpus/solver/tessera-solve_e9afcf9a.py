def solve_e9afcf9a(I):
    x1 = asindices(I)
    x2 = compose(even, last)
    x3 = compose(flip, x2)
    x4 = sfilter(x1, x3)
    x5 = hmirror(I)
    x6 = toobject(x4, x5)
    O = paint(I, x6)
    return O
