# Seed: every tessera_ext primitive once, arguments bound by role (part 2 of 3).
from dsl import *
from tessera_ext import *

def solve_select_most_colors(I):
    x1 = split_objects(I, ZERO)
    O = select_most_colors(x1, ZERO)
    return O

def solve_select_fewest_colors(I):
    x1 = split_objects(I, ZERO)
    O = select_fewest_colors(x1, ZERO)
    return O

def solve_reject_most_colors(I):
    x1 = split_objects(I, ZERO)
    O = reject_most_colors(x1, ZERO)
    return O

def solve_reject_fewest_colors(I):
    x1 = split_objects(I, ZERO)
    O = reject_fewest_colors(x1, ZERO)
    return O

def solve_pick_most_parts(I):
    x1 = split_objects(I, ZERO)
    O = pick_most_parts(x1, ZERO)
    return O

def solve_pick_fewest_parts(I):
    x1 = split_objects(I, ZERO)
    O = pick_fewest_parts(x1, ZERO)
    return O

def solve_select_most_parts(I):
    x1 = split_objects(I, ZERO)
    O = select_most_parts(x1, ZERO)
    return O

def solve_select_fewest_parts(I):
    x1 = split_objects(I, ZERO)
    O = select_fewest_parts(x1, ZERO)
    return O

def solve_reject_most_parts(I):
    x1 = split_objects(I, ZERO)
    O = reject_most_parts(x1, ZERO)
    return O

def solve_reject_fewest_parts(I):
    x1 = split_objects(I, ZERO)
    O = reject_fewest_parts(x1, ZERO)
    return O

def solve_pick_most_holes(I):
    x1 = split_objects(I, ZERO)
    O = pick_most_holes(x1, ZERO)
    return O

def solve_pick_fewest_holes(I):
    x1 = split_objects(I, ZERO)
    O = pick_fewest_holes(x1, ZERO)
    return O

def solve_select_most_holes(I):
    x1 = split_objects(I, ZERO)
    O = select_most_holes(x1, ZERO)
    return O

def solve_select_fewest_holes(I):
    x1 = split_objects(I, ZERO)
    O = select_fewest_holes(x1, ZERO)
    return O

def solve_reject_most_holes(I):
    x1 = split_objects(I, ZERO)
    O = reject_most_holes(x1, ZERO)
    return O

def solve_reject_fewest_holes(I):
    x1 = split_objects(I, ZERO)
    O = reject_fewest_holes(x1, ZERO)
    return O

def solve_pick_most_inside(I):
    x1 = split_objects(I, ZERO)
    O = pick_most_inside(x1, ZERO)
    return O

def solve_pick_fewest_inside(I):
    x1 = split_objects(I, ZERO)
    O = pick_fewest_inside(x1, ZERO)
    return O

def solve_select_most_inside(I):
    x1 = split_objects(I, ZERO)
    O = select_most_inside(x1, ZERO)
    return O

def solve_select_fewest_inside(I):
    x1 = split_objects(I, ZERO)
    O = select_fewest_inside(x1, ZERO)
    return O

def solve_reject_most_inside(I):
    x1 = split_objects(I, ZERO)
    O = reject_most_inside(x1, ZERO)
    return O

def solve_reject_fewest_inside(I):
    x1 = split_objects(I, ZERO)
    O = reject_fewest_inside(x1, ZERO)
    return O

def solve_pick_bottom(I):
    x1 = split_objects(I, ZERO)
    O = pick_bottom(x1, ZERO)
    return O

def solve_pick_top(I):
    x1 = split_objects(I, ZERO)
    O = pick_top(x1, ZERO)
    return O

def solve_select_bottom(I):
    x1 = split_objects(I, ZERO)
    O = select_bottom(x1, ZERO)
    return O

def solve_select_top(I):
    x1 = split_objects(I, ZERO)
    O = select_top(x1, ZERO)
    return O

def solve_reject_bottom(I):
    x1 = split_objects(I, ZERO)
    O = reject_bottom(x1, ZERO)
    return O

def solve_reject_top(I):
    x1 = split_objects(I, ZERO)
    O = reject_top(x1, ZERO)
    return O

def solve_pick_right(I):
    x1 = split_objects(I, ZERO)
    O = pick_right(x1, ZERO)
    return O

def solve_pick_left(I):
    x1 = split_objects(I, ZERO)
    O = pick_left(x1, ZERO)
    return O

def solve_select_right(I):
    x1 = split_objects(I, ZERO)
    O = select_right(x1, ZERO)
    return O

def solve_select_left(I):
    x1 = split_objects(I, ZERO)
    O = select_left(x1, ZERO)
    return O

def solve_reject_right(I):
    x1 = split_objects(I, ZERO)
    O = reject_right(x1, ZERO)
    return O

def solve_reject_left(I):
    x1 = split_objects(I, ZERO)
    O = reject_left(x1, ZERO)
    return O

def solve_pick_odd_cells(I):
    x1 = split_objects(I, ZERO)
    O = pick_odd_cells(x1, ZERO)
    return O

def solve_pick_odd_area(I):
    x1 = split_objects(I, ZERO)
    O = pick_odd_area(x1, ZERO)
    return O

def solve_pick_odd_ncolors(I):
    x1 = split_objects(I, ZERO)
    O = pick_odd_ncolors(x1, ZERO)
    return O

def solve_pick_odd_parts(I):
    x1 = split_objects(I, ZERO)
    O = pick_odd_parts(x1, ZERO)
    return O

def solve_pick_odd_holes(I):
    x1 = split_objects(I, ZERO)
    O = pick_odd_holes(x1, ZERO)
    return O

def solve_pick_odd_inside(I):
    x1 = split_objects(I, ZERO)
    O = pick_odd_inside(x1, ZERO)
    return O

def solve_pick_odd_shape(I):
    x1 = split_objects(I, ZERO)
    O = pick_odd_shape(x1, ZERO)
    return O

def solve_pick_unique(I):
    x1 = split_objects(I, ZERO)
    O = pick_unique(x1, ZERO)
    return O

def solve_pick_common(I):
    x1 = split_objects(I, ZERO)
    O = pick_common(x1, ZERO)
    return O

def solve_pick_common_shape(I):
    x1 = split_objects(I, ZERO)
    O = pick_common_shape(x1, ZERO)
    return O

def solve_pick_symmetric(I):
    x1 = split_objects(I, ZERO)
    O = pick_symmetric(x1, ZERO)
    return O

def solve_pick_asymmetric(I):
    x1 = split_objects(I, ZERO)
    O = pick_asymmetric(x1, ZERO)
    return O

def solve_pick_unique_color(I):
    x1 = split_objects(I, ZERO)
    O = pick_unique_color(x1, ZERO)
    return O

def solve_compose_parts(I):
    x1 = split_objects(I, ZERO)
    O = compose_parts(x1, ZERO)
    return O

def solve_stack_h(I):
    x1 = split_objects(I, ZERO)
    O = stack_h(x1, ZERO)
    return O
