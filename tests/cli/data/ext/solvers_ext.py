from dsl import *
from tessera_ext import *

def solve_crop(I):
    O = crop_content(I, ZERO)
    return O

def solve_gravity(I):
    O = gravity_down(I, ZERO)
    return O

def solve_largest(I):
    x1 = split_objects(I, ZERO)
    O = pick_most_cells(x1, ZERO)
    return O
