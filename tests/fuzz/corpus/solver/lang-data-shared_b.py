from dsl import *


def solve_right(I):
    mirrored = vmirror(I)
    O = vconcat(mirrored, mirrored)
    return O


def solve_nested(I):
    return hconcat(vmirror(I), I)
