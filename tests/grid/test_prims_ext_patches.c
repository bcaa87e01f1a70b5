/*
 * test_prims_ext_patches.c - fill_patches (pattern completion from 3x3
 * windows). Expected grids are worked out by hand.
 */
#include "ext_test.h"

#define Z tv_int(0)

TEST(ext_fill_patches) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  /* A checkerboard with its corner missing: of the two patterns only the
   * one starting with 1 agrees with the known cells. */
  tv_val board = gr(ctx, "021212/212121/121212/212121/121212/212121");
  CHECK_GRID(EXT2(ctx, "fill_patches", board, Z), "121212/212121/121212/212121/121212/212121");
  /* Only the mirror image of the one full window fits the column to fill. */
  CHECK_GRID(EXT2(ctx, "fill_patches", gr(ctx, "1110/1220/1220"), Z), "1111/1221/1221");
  CHECK_ERROR(EXT2(ctx, "fill_patches", gr(ctx, "1230/4560/7890"), Z),
              "no 3 x 3 pattern of the grid fits at (0, 1)");
  CHECK_ERROR(EXT2(ctx, "fill_patches", gr(ctx, "000/000/000"), Z), "no 3 x 3 pattern");
  CHECK_ERROR(EXT2(ctx, "fill_patches", gr(ctx, "12/21"), Z), "smaller than 3 x 3");
  /* Nothing to fill: the grid as it is. */
  CHECK_GRID(EXT2(ctx, "fill_patches", gr(ctx, "123/456/789"), Z), "123/456/789");
  /* Known cells never change, whatever bg is. */
  CHECK_GRID(EXT2(ctx, "fill_patches", gr(ctx, "1115/1225/1225"), tv_int(5)), "1111/1221/1221");
  fx_close(&f);
}
