def solve_0d3d703e(I):
    x1 = switch(I, THREE, FOUR)
    x2 = switch(x1, ONE, FIVE)
    x3 = switch(x2, TWO, SIX)
    O = switch(x3, EIGHT, NINE)
    return O
