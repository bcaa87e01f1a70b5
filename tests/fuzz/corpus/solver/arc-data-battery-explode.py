# A deliberately explosive program: each step multiplies the cell count by
# 100, so any modest budget stops it long before it finishes.
from dsl import *
from constants import *


def solve_grow3(I):
    x1 = upscale(I, TEN)
    x2 = upscale(x1, TEN)
    O = downscale(x2, 50)
    return O


def solve_swap2(I):
    O = hmirror(I)
    return O
