# Seed: every tessera_ext primitive once, arguments bound by role (part 1 of 3).
from dsl import *
from tessera_ext import *

def solve_keep_color(I):
    O = keep_color(I, TWO, ZERO)
    return O

def solve_keep_major(I):
    O = keep_major(I, ZERO)
    return O

def solve_keep_minor(I):
    O = keep_minor(I, ZERO)
    return O

def solve_erase_major(I):
    O = erase_major(I, ZERO)
    return O

def solve_erase_minor(I):
    O = erase_minor(I, ZERO)
    return O

def solve_recolor_fg(I):
    O = recolor_fg(I, TWO, ZERO)
    return O

def solve_negate(I):
    O = negate(I, ZERO)
    return O

def solve_fill_major(I):
    O = fill_major(I, ZERO)
    return O

def solve_blank(I):
    O = blank(I, ZERO)
    return O

def solve_major_cell(I):
    O = major_cell(I, ZERO)
    return O

def solve_permute_colors(I):
    O = permute_colors(I, (3, 2, 1, 0))
    return O

def solve_crop_content(I):
    O = crop_content(I, ZERO)
    return O

def solve_crop_color(I):
    O = crop_color(I, TWO)
    return O

def solve_drop_bg_lines(I):
    O = drop_bg_lines(I, ZERO)
    return O

def solve_merge_equal_lines(I):
    O = merge_equal_lines(I)
    return O

def solve_to_origin(I):
    O = to_origin(I, ZERO)
    return O

def solve_content_box(I):
    O = content_box(I, ZERO)
    return O

def solve_content_corner(I):
    O = content_corner(I, ZERO)
    return O

def solve_middle(I):
    O = middle(I)
    return O

def solve_gravity_down(I):
    O = gravity_down(I, ZERO)
    return O

def solve_gravity_cells_down(I):
    O = gravity_cells_down(I, ZERO)
    return O

def solve_gravity_up(I):
    O = gravity_up(I, ZERO)
    return O

def solve_gravity_cells_up(I):
    O = gravity_cells_up(I, ZERO)
    return O

def solve_gravity_left(I):
    O = gravity_left(I, ZERO)
    return O

def solve_gravity_cells_left(I):
    O = gravity_cells_left(I, ZERO)
    return O

def solve_gravity_right(I):
    O = gravity_right(I, ZERO)
    return O

def solve_gravity_cells_right(I):
    O = gravity_cells_right(I, ZERO)
    return O

def solve_split_colors(I):
    O = split_colors(I, ZERO)
    return O

def solve_split_objects(I):
    O = split_objects(I, ZERO)
    return O

def solve_split_blobs(I):
    O = split_blobs(I, ZERO)
    return O

def solve_split_regions(I):
    O = split_regions(I, TWO)
    return O

def solve_split_panels(I):
    O = split_panels(I)
    return O

def solve_split_rows(I):
    O = split_rows(I)
    return O

def solve_split_cols(I):
    O = split_cols(I)
    return O

def solve_framed_parts(I):
    O = framed_parts(I, ZERO)
    return O

def solve_pick_most_cells(I):
    x1 = split_objects(I, ZERO)
    O = pick_most_cells(x1, ZERO)
    return O

def solve_pick_fewest_cells(I):
    x1 = split_objects(I, ZERO)
    O = pick_fewest_cells(x1, ZERO)
    return O

def solve_select_most_cells(I):
    x1 = split_objects(I, ZERO)
    O = select_most_cells(x1, ZERO)
    return O

def solve_select_fewest_cells(I):
    x1 = split_objects(I, ZERO)
    O = select_fewest_cells(x1, ZERO)
    return O

def solve_reject_most_cells(I):
    x1 = split_objects(I, ZERO)
    O = reject_most_cells(x1, ZERO)
    return O

def solve_reject_fewest_cells(I):
    x1 = split_objects(I, ZERO)
    O = reject_fewest_cells(x1, ZERO)
    return O

def solve_pick_largest(I):
    x1 = split_objects(I, ZERO)
    O = pick_largest(x1, ZERO)
    return O

def solve_pick_smallest(I):
    x1 = split_objects(I, ZERO)
    O = pick_smallest(x1, ZERO)
    return O

def solve_select_largest(I):
    x1 = split_objects(I, ZERO)
    O = select_largest(x1, ZERO)
    return O

def solve_select_smallest(I):
    x1 = split_objects(I, ZERO)
    O = select_smallest(x1, ZERO)
    return O

def solve_reject_largest(I):
    x1 = split_objects(I, ZERO)
    O = reject_largest(x1, ZERO)
    return O

def solve_reject_smallest(I):
    x1 = split_objects(I, ZERO)
    O = reject_smallest(x1, ZERO)
    return O

def solve_pick_most_colors(I):
    x1 = split_objects(I, ZERO)
    O = pick_most_colors(x1, ZERO)
    return O

def solve_pick_fewest_colors(I):
    x1 = split_objects(I, ZERO)
    O = pick_fewest_colors(x1, ZERO)
    return O
