# Two texts of one computation (names, nesting and a dead statement differ):
# the store must keep a single program row for them.
from dsl import *
from constants import *


def solve_grow3(I):
    x1 = hmirror(I)
    x2 = vmirror(x1)
    O = upscale(x2, 2)
    return O


def solve_mirror1(I):
    unused = rot90(I)
    return upscale(vmirror(hmirror(I)), TWO)
