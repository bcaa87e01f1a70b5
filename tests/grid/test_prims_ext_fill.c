/*
 * test_prims_ext_fill.c - fill_enclosed, enclosed, outer_border,
 * inner_cells, outline, pad, spread_colors, spread_minor. Expected grids
 * are worked out by hand.
 */
#include "ext_test.h"

#define Z tv_int(0)
#define C(n) tv_int(n)

TEST(ext_fill_enclosed) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  tv_val box = gr(ctx, "1111/1001/1111/0000");
  CHECK_GRID(EXT3(ctx, "fill_enclosed", box, C(2), Z), "1111/1221/1111/0000");
  CHECK_GRID(EXT3(ctx, "enclosed", box, C(2), Z), "0000/0220/0000/0000");
  /* Enclosure is 4-connected: a diagonal gap does not let the inside out. */
  CHECK_GRID(EXT3(ctx, "fill_enclosed", gr(ctx, "010/101/010"), C(2), Z), "010/121/010");
  CHECK_GRID(EXT3(ctx, "fill_enclosed", gr(ctx, "111/101/100"), C(2), Z), "111/101/100");
  CHECK_GRID(EXT3(ctx, "fill_enclosed", gr(ctx, "222/252/222"), C(3), C(5)), "222/232/222");
  CHECK_GRID(EXT3(ctx, "enclosed", gr(ctx, "0"), C(3), Z), "0");
  CHECK_GRID(EXT3(ctx, "enclosed", gr(ctx, ""), C(3), Z), "");
  fx_close(&f);
}

TEST(ext_outer_border_and_inner_cells) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  tv_val block = gr(ctx, "00000/01110/01110/01110/00000");
  CHECK_GRID(EXT2(ctx, "outer_border", block, Z), "00000/01110/01010/01110/00000");
  CHECK_GRID(EXT2(ctx, "inner_cells", block, Z), "00000/00000/00100/00000/00000");
  /* Cells on the grid's edge are border; an enclosed hole is not outside. */
  tv_val ring = gr(ctx, "111/101/111");
  CHECK_GRID(EXT2(ctx, "outer_border", ring, Z), "111/101/111");
  CHECK_GRID(EXT2(ctx, "inner_cells", ring, Z), "000/000/000");
  tv_val thick = gr(ctx, "0000000/0111110/0111110/0110110/0111110/0111110/0000000");
  CHECK_GRID(EXT2(ctx, "inner_cells", thick, Z), "0000000/0000000/0011100/0010100/0011100/0000000/0000000");
  fx_close(&f);
}

TEST(ext_outline_and_pad) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  CHECK_GRID(EXT3(ctx, "outline", gr(ctx, "000/010/000"), C(2), Z), "222/212/222");
  CHECK_GRID(EXT3(ctx, "outline", gr(ctx, "0000/0100/0000"), C(3), Z), "3330/3130/3330");
  CHECK_GRID(EXT3(ctx, "outline", gr(ctx, "000"), C(3), Z), "000");
  CHECK_GRID(EXT2(ctx, "pad", gr(ctx, "12"), C(5)), "5555/5125/5555");
  CHECK_GRID(EXT2(ctx, "pad", gr(ctx, ""), C(4)), "44/44");
  fx_close(&f);
}

TEST(ext_spread) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  CHECK_GRID(EXT2(ctx, "spread_colors", gr(ctx, "1000/0000/0002"), Z), "1112/1122/1222");
  /* Equal distance: the source first in reading order gets there first. */
  CHECK_GRID(EXT2(ctx, "spread_colors", gr(ctx, "100/000/002"), Z), "111/112/122");
  /* The majority colour (1) neither spreads nor changes. */
  CHECK_GRID(EXT2(ctx, "spread_minor", gr(ctx, "1110/0000/0002"), Z), "1112/2222/2222");
  CHECK_GRID(EXT2(ctx, "spread_colors", gr(ctx, "00/00"), Z), "00/00");
  CHECK_GRID(EXT2(ctx, "spread_colors", gr(ctx, ""), Z), "");
  fx_close(&f);
}

/* fill_enclosed = the grid overlaid with enclosed; filling twice is once. */
TEST(ext_fill_properties) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  const char *grids[] = {"1111/1001/1111/0000", "010/101/010", "0000000/0111110/0100010/0111110",
                         "12/34"};
  for (size_t k = 0; k < sizeof grids / sizeof grids[0]; k++) {
    tv_val g = gr(ctx, grids[k]);
    tv_val filled = EXT3(ctx, "fill_enclosed", g, C(7), Z);
    CHECK(tv_eq(EXT3(ctx, "overlay", g, EXT3(ctx, "enclosed", g, C(7), Z), Z), filled));
    CHECK(tv_eq(EXT3(ctx, "fill_enclosed", filled, C(7), Z), filled));
    /* Border and inner cells split the foreground. */
    tv_val border = EXT2(ctx, "outer_border", g, Z), inner = EXT2(ctx, "inner_cells", g, Z);
    CHECK(tv_eq(EXT3(ctx, "overlay", border, inner, Z), g));
  }
  fx_close(&f);
}
