from dsl import *

def solve_crop(I):
    O = crop_content(I, ZERO)
    return O
