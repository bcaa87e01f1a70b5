# Seed: every tessera_ext primitive once, arguments bound by role (part 3 of 3).
from dsl import *
from tessera_ext import *

def solve_stack_v(I):
    x1 = split_objects(I, ZERO)
    O = stack_v(x1, ZERO)
    return O

def solve_paint_parts(I):
    x1 = split_objects(I, ZERO)
    O = paint_parts(I, x1, ZERO)
    return O

def solve_overlay(I):
    x2 = rot180(I)
    O = overlay(I, x2, ZERO)
    return O

def solve_mask_select(I):
    x2 = rot180(I)
    O = mask_select(I, x2, x2, ZERO)
    return O

def solve_mask_keep(I):
    x2 = rot180(I)
    O = mask_keep(I, x2, ZERO)
    return O

def solve_mask_erase(I):
    x2 = rot180(I)
    O = mask_erase(I, x2, ZERO)
    return O

def solve_embed(I):
    O = embed(I, (5, 7), ZERO)
    return O

def solve_tile_to(I):
    O = tile_to(I, (5, 7))
    return O

def solve_tile_gap_to(I):
    O = tile_gap_to(I, (5, 7), ZERO)
    return O

def solve_mirror_to(I):
    O = mirror_to(I, (5, 7))
    return O

def solve_mirror_gap_to(I):
    O = mirror_gap_to(I, (5, 7), ZERO)
    return O

def solve_scale_to(I):
    O = scale_to(I, (5, 7))
    return O

def solve_wrap_rows(I):
    O = wrap_rows(I, (5, 7), ZERO)
    return O

def solve_wrap_cols(I):
    O = wrap_cols(I, (5, 7), ZERO)
    return O

def solve_fill_enclosed(I):
    O = fill_enclosed(I, TWO, ZERO)
    return O

def solve_enclosed(I):
    O = enclosed(I, TWO, ZERO)
    return O

def solve_outer_border(I):
    O = outer_border(I, ZERO)
    return O

def solve_inner_cells(I):
    O = inner_cells(I, ZERO)
    return O

def solve_outline(I):
    O = outline(I, TWO, ZERO)
    return O

def solve_pad(I):
    O = pad(I, TWO)
    return O

def solve_spread_colors(I):
    O = spread_colors(I, ZERO)
    return O

def solve_spread_minor(I):
    O = spread_minor(I, ZERO)
    return O

def solve_smear_right(I):
    O = smear_right(I, ZERO)
    return O

def solve_smear_left(I):
    O = smear_left(I, ZERO)
    return O

def solve_smear_down(I):
    O = smear_down(I, ZERO)
    return O

def solve_smear_up(I):
    O = smear_up(I, ZERO)
    return O

def solve_smear_h(I):
    O = smear_h(I, ZERO)
    return O

def solve_smear_v(I):
    O = smear_v(I, ZERO)
    return O

def solve_smear_hv(I):
    O = smear_hv(I, ZERO)
    return O

def solve_smear_down_right(I):
    O = smear_down_right(I, ZERO)
    return O

def solve_smear_up_left(I):
    O = smear_up_left(I, ZERO)
    return O

def solve_smear_up_right(I):
    O = smear_up_right(I, ZERO)
    return O

def solve_smear_down_left(I):
    O = smear_down_left(I, ZERO)
    return O

def solve_smear_diag(I):
    O = smear_diag(I, ZERO)
    return O

def solve_smear_antidiag(I):
    O = smear_antidiag(I, ZERO)
    return O

def solve_smear_diags(I):
    O = smear_diags(I, ZERO)
    return O

def solve_smear_all(I):
    O = smear_all(I, ZERO)
    return O

def solve_connect_h(I):
    O = connect_h(I, ZERO)
    return O

def solve_connect_v(I):
    O = connect_v(I, ZERO)
    return O

def solve_connect_hv(I):
    O = connect_hv(I, ZERO)
    return O

def solve_count_cells_row(I):
    O = count_cells_row(I, ZERO)
    return O

def solve_count_cells_col(I):
    O = count_cells_col(I, ZERO)
    return O

def solve_count_cells_square(I):
    O = count_cells_square(I, ZERO)
    return O

def solve_count_colors_row(I):
    O = count_colors_row(I, ZERO)
    return O

def solve_count_colors_col(I):
    O = count_colors_col(I, ZERO)
    return O

def solve_count_colors_square(I):
    O = count_colors_square(I, ZERO)
    return O

def solve_count_objects_row(I):
    O = count_objects_row(I, ZERO)
    return O

def solve_count_objects_col(I):
    O = count_objects_col(I, ZERO)
    return O

def solve_count_objects_square(I):
    O = count_objects_square(I, ZERO)
    return O

def solve_role_map(I):
    x1 = role_map(I, ONE, ZERO)
    x2 = permute_colors(I, x1)
    x3 = invert_map(x1)
    O = permute_colors(x2, x3)
    return O

def solve_fill_patches(I):
    O = fill_patches(I, ZERO)
    return O
