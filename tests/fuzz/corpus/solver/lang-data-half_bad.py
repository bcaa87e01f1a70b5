from dsl import *


def solve_fine(I):
    O = rot90(I)
    return O


def solve_broken(I):
    x1 = rot90(I)
    O = rot180(x2)
    return O
