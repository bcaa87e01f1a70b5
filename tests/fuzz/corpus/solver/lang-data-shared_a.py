from dsl import *


def solve_left(I):
    x1 = vmirror(I)
    O = hconcat(x1, I)
    return O
