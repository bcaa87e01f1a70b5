/*
 * test_prims_ext_count.c - count_{cells,colors,objects}_{row,col,square}.
 * Expected grids are worked out by hand.
 */
#include "ext_test.h"

#define Z tv_int(0)

TEST(ext_count_images) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  /* 4 foreground cells, 2 colours (1 is the most common), 3 objects. */
  tv_val g = gr(ctx, "1010/0000/1200");
  CHECK_GRID(EXT2(ctx, "count_cells_row", g, Z), "1111");
  CHECK_GRID(EXT2(ctx, "count_cells_col", g, Z), "1/1/1/1");
  CHECK_GRID(EXT2(ctx, "count_cells_square", g, Z), "1111/1111/1111/1111");
  CHECK_GRID(EXT2(ctx, "count_colors_row", g, Z), "11");
  CHECK_GRID(EXT2(ctx, "count_colors_square", g, Z), "11/11");
  CHECK_GRID(EXT2(ctx, "count_objects_row", g, Z), "111");
  CHECK_GRID(EXT2(ctx, "count_objects_col", g, Z), "1/1/1");
  /* Diagonal neighbours are one object. */
  CHECK_GRID(EXT2(ctx, "count_objects_row", gr(ctx, "20/02/00"), Z), "2");
  CHECK_GRID(EXT2(ctx, "count_cells_row", gr(ctx, "00/00"), Z), "");
  CHECK_GRID(EXT2(ctx, "count_colors_col", gr(ctx, ""), Z), "");
  CHECK_GRID(EXT2(ctx, "count_cells_row", gr(ctx, "5445"), tv_int(5)), "44");
  fx_close(&f);
}

TEST(ext_count_images_past_the_limit) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  tv_val g = tv_grid_new(ctx, 2, TV_GRID_MAX_SIDE);
  for (size_t k = 0; k < 2 * TV_GRID_MAX_SIDE; k++) tv_grid_cells(g)[k] = 3;
  tv_grid_seal(g);
  CHECK_ERROR(EXT2(ctx, "count_cells_row", g, Z), "exceeds the 1024 x 1024 limit");
  CHECK_GRID(EXT2(ctx, "count_objects_square", g, Z), "3");
  fx_close(&f);
}
