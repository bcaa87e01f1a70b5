/*
 * test_prims_ext_split.c - the list-makers (split_colors, split_objects,
 * split_blobs, split_regions, split_panels, split_rows, split_cols,
 * framed_parts). Parts are written as "(top,left)rows" with '.' where a
 * part has no cell (see ext_test.h); expected values are worked out by hand.
 */
#include "ext_test.h"

#define Z tv_int(0)

TEST(ext_split_by_colour_and_connectivity) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  tv_val g = gr(ctx, "0110/0102/3000");
  CHECK_PARTS(EXT2(ctx, "split_colors", g, Z), "(0,1)11/1. (1,3)2 (2,0)3");
  CHECK_PARTS(EXT2(ctx, "split_objects", g, Z), "(0,1)11/1. (1,3)2 (2,0)3");
  /* Diagonal contact joins all of them into one multicolour blob. */
  CHECK_PARTS(EXT2(ctx, "split_blobs", g, Z), "(0,0).11./.1.2/3...");
  CHECK_PARTS(EXT2(ctx, "split_objects", gr(ctx, "1120/1000"), Z), "(0,0)11/1. (0,2)2");
  CHECK_PARTS(EXT2(ctx, "split_blobs", gr(ctx, "1120/1000"), Z), "(0,0)112/1..");
  /* Same colour but only diagonal: two objects, one blob. */
  CHECK_PARTS(EXT2(ctx, "split_objects", gr(ctx, "10/01"), Z), "(0,0)1 (1,1)1");
  CHECK_PARTS(EXT2(ctx, "split_blobs", gr(ctx, "10/01"), Z), "(0,0)1./.1");
  /* The background may be any colour; a colour can be split into two parts. */
  CHECK_PARTS(EXT2(ctx, "split_objects", gr(ctx, "575/555"), tv_int(5)), "(0,1)7");
  CHECK_PARTS(EXT2(ctx, "split_colors", gr(ctx, "00/00"), Z), "");
  CHECK_PARTS(EXT2(ctx, "split_blobs", gr(ctx, ""), Z), "");
  CHECK_ERROR(EXT2(ctx, "split_colors", tv_int(1), Z), "expected a grid");
  fx_close(&f);
}

TEST(ext_split_regions_and_panels) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  tv_val g = gr(ctx, "1050/0050/5555/0352");
  CHECK_PARTS(EXT2(ctx, "split_regions", g, tv_int(5)), "(0,0)10/00 (0,3)0/0 (3,0)03 (3,3)2");
  tv_val p = gr(ctx, "12505/30506/55555/70589");
  CHECK_PARTS(EXT1(ctx, "split_panels", p), "(0,0)12/30 (0,3)05/06 (3,0)70 (3,3)89");
  CHECK_PARTS(EXT1(ctx, "split_panels", gr(ctx, "000/121/000")), "(1,0)121");
  CHECK_PARTS(EXT1(ctx, "split_panels", gr(ctx, "12/34")), "");
  CHECK_PARTS(EXT1(ctx, "split_panels", gr(ctx, "55/55")), "");
  CHECK_PARTS(EXT1(ctx, "split_panels", gr(ctx, "")), "");
  fx_close(&f);
}

TEST(ext_split_rows_and_cols) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  CHECK_PARTS(EXT1(ctx, "split_rows", gr(ctx, "12/34")), "(0,0)12 (1,0)34");
  CHECK_PARTS(EXT1(ctx, "split_cols", gr(ctx, "12/34")), "(0,0)1/3 (0,1)2/4");
  CHECK_PARTS(EXT1(ctx, "split_rows", gr(ctx, "7")), "(0,0)7");
  CHECK_PARTS(EXT1(ctx, "split_cols", gr(ctx, "")), "");
  fx_close(&f);
}

TEST(ext_framed_parts) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  CHECK_PARTS(EXT2(ctx, "framed_parts", gr(ctx, "22220/20120/22220/00000"), Z), "(1,1)01");
  CHECK_PARTS(EXT2(ctx, "framed_parts", gr(ctx, "11111/12221/12021/12221/11111"), Z),
              "(1,1)222/202/222 (2,2)0");
  /* A solid block is no frame; nor is a frame of the background colour. */
  CHECK_PARTS(EXT2(ctx, "framed_parts", gr(ctx, "111/111/111"), Z), "");
  CHECK_PARTS(EXT2(ctx, "framed_parts", gr(ctx, "000/010/000"), Z), "");
  CHECK_PARTS(EXT2(ctx, "framed_parts", gr(ctx, "000/010/000"), tv_int(1)), "(1,1)1");
  CHECK_PARTS(EXT2(ctx, "framed_parts", gr(ctx, "11/11"), Z), "");
  fx_close(&f);
}

/* The parts of a partition cover every non-background cell exactly once. */
TEST(ext_split_parts_partition_the_foreground) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  const char *grids[] = {"0110/0102/3000", "1050/0050/5555/0352", "12/34", "1010/0101/1010"};
  const char *names[] = {"split_colors", "split_objects", "split_blobs"};
  for (size_t k = 0; k < sizeof grids / sizeof grids[0]; k++)
    for (size_t p = 0; p < 3; p++) {
      tv_val g = gr(ctx, grids[k]);
      tv_val parts = EXT2(ctx, names[p], g, Z);
      int seen[16][16] = {{0}};
      for (size_t m = 0; m < tv_len(parts); m++) {
        tv_val obj = tv_items(parts)[m];
        for (size_t c = 0; c < tv_len(obj); c++) {
          tv_val cell = tv_items(obj)[c];
          seen[tv_cell_i(cell)][tv_cell_j(cell)]++;
          CHECK_INT(tv_cell_color(cell), tv_grid_at(g, (int)tv_cell_i(cell), (int)tv_cell_j(cell)));
        }
      }
      for (int i = 0; i < tv_grid_h(g); i++)
        for (int j = 0; j < tv_grid_w(g); j++) CHECK_INT(seen[i][j], tv_grid_at(g, i, j) != 0);
    }
  fx_close(&f);
}
