/*
 * test_prims_ext_gravity.c - gravity of objects and of cells in the four
 * directions. Expected grids are worked out by hand.
 */
#include "ext_test.h"

#define Z tv_int(0)

TEST(ext_gravity_objects) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  tv_val g = gr(ctx, "110/000/020/000");
  /* The 2 is nearer the bottom, lands first; the 1 1 bar rests on it. */
  CHECK_GRID(EXT2(ctx, "gravity_down", g, Z), "000/000/110/020");
  CHECK_GRID(EXT2(ctx, "gravity_up", g, Z), "110/020/000/000");
  /* One 8-connected object of two colours moves as a whole. */
  CHECK_GRID(EXT2(ctx, "gravity_left", gr(ctx, "0101/0020"), Z), "1010/0200");
  CHECK_GRID(EXT2(ctx, "gravity_right", gr(ctx, "0101/0020"), Z), "0101/0020");
  CHECK_GRID(EXT2(ctx, "gravity_down", gr(ctx, "12/00/00"), Z), "00/00/12");
  CHECK_GRID(EXT2(ctx, "gravity_down", gr(ctx, "0300/0000/0000/2222/0000"), Z),
             "0000/0000/0000/0300/2222");
  CHECK_GRID(EXT2(ctx, "gravity_down", gr(ctx, "515/555"), tv_int(5)), "555/515");
  CHECK_GRID(EXT2(ctx, "gravity_down", gr(ctx, "5"), Z), "5");
  CHECK_GRID(EXT2(ctx, "gravity_down", gr(ctx, "00/00"), Z), "00/00");
  CHECK_GRID(EXT2(ctx, "gravity_left", gr(ctx, ""), Z), "");
  CHECK_ERROR(EXT2(ctx, "gravity_up", g, gr(ctx, "1")), "expected a colour");
  fx_close(&f);
}

TEST(ext_gravity_objects_never_overlap) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  /* The hook (colour 1) reaches lower than the lone 2 under its bar, so it
   * goes first but is held by the 2 after one step; the 2 falls to the
   * floor, and a second pass lets the hook down one more row. */
  tv_val g = gr(ctx, "1111/1000/1020/1000/1000/0000/0000");
  CHECK_GRID(EXT2(ctx, "gravity_down", g, Z), "0000/0000/1111/1000/1000/1000/1020");
  /* Touching diagonally makes one object: the 2 rides with the 1s. */
  CHECK_GRID(EXT2(ctx, "gravity_down", gr(ctx, "11/10/12/10/10/00/00"), Z),
             "00/00/11/10/12/10/10");
  fx_close(&f);
}

TEST(ext_gravity_cells) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  tv_val g = gr(ctx, "110/000/020/000");
  CHECK_GRID(EXT2(ctx, "gravity_cells_down", g, Z), "000/000/010/120");
  CHECK_GRID(EXT2(ctx, "gravity_cells_up", g, Z), "110/020/000/000");
  CHECK_GRID(EXT2(ctx, "gravity_cells_left", gr(ctx, "0101/0020"), Z), "1100/2000");
  CHECK_GRID(EXT2(ctx, "gravity_cells_right", gr(ctx, "0101/0020"), Z), "0011/0002");
  CHECK_GRID(EXT2(ctx, "gravity_cells_right", gr(ctx, "3120"), Z), "0312");
  CHECK_GRID(EXT2(ctx, "gravity_cells_down", gr(ctx, "1/5/2"), tv_int(5)), "5/1/2");
  CHECK_GRID(EXT2(ctx, "gravity_cells_down", gr(ctx, ""), Z), "");
  fx_close(&f);
}

/* Gravity is idempotent and keeps every colour's cell count. */
TEST(ext_gravity_properties) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  const char *grids[] = {"110/000/020/000", "0101/0020", "11/10/12/10/10/00/00",
                         "1020/0003/4000/0560", "12/34"};
  const char *names[] = {"gravity_down", "gravity_up", "gravity_left", "gravity_right",
                         "gravity_cells_down", "gravity_cells_up", "gravity_cells_left",
                         "gravity_cells_right"};
  for (size_t k = 0; k < sizeof grids / sizeof grids[0]; k++)
    for (size_t p = 0; p < sizeof names / sizeof names[0]; p++) {
      tv_val g = gr(ctx, grids[k]);
      tv_val once = EXT2(ctx, names[p], g, Z);
      CHECK(tv_eq(EXT2(ctx, names[p], once, Z), once));
      int before[10] = {0}, after[10] = {0};
      for (int i = 0; i < tv_grid_h(g); i++)
        for (int j = 0; j < tv_grid_w(g); j++) {
          before[tv_grid_at(g, i, j)]++;
          after[tv_grid_at(once, i, j)]++;
        }
      for (int c = 0; c < 10; c++) CHECK_INT(after[c], before[c]);
    }
  fx_close(&f);
}
