# Fixture: every syntax form the loader accepts.
from dsl import *
from constants import *
import dsl


def solve_mirror(I):
    O = vmirror(I)
    return O


def solve_forms(I):
    # a comment line and a blank line inside a body

    x1 = add(2, -1)                 # integer literals, a negative literal
    x2 = astuple(x1, TWO)           # a constant
    x3 = x2                         # a plain alias
    x4 = branch(True, x3, (1, 2))   # True and a tuple literal
    x5 = rbind(hconcat, I)          # a primitive passed as a value
    x6 = x5(vmirror(I))             # a dynamic call with a nested call
    x7 = portrait(x6)
    x8 = branch(x7, tophalf, lefthalf)
    x9 = x8(x6)
    O = hconcat(x9,
                x9)                 # a call continued on the next line
    return O
