# Test solvers for the battery: each solve_<id> is deliberately the wrong
# transformation for its own task but the right one for another task, so
# only --cross solves mirror1 and swap2.
from dsl import *
from constants import *


def solve_mirror1(I):
    O = hmirror(I)
    return O


def solve_swap2(I):
    x1 = vmirror(I)
    return x1


def solve_grow3(I):
    O = upscale(I, TWO)
    return O
