/*
 * test_prims_ext_size.c - embed, tile_to, tile_gap_to, mirror_to,
 * mirror_gap_to, scale_to, wrap_rows, wrap_cols. Expected grids are worked
 * out by hand.
 */
#include "ext_test.h"

#define Z tv_int(0)
#define DIMS(h, w) tv_pair(ctx, h, w)

TEST(ext_embed) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  CHECK_GRID(EXT3(ctx, "embed", gr(ctx, "12/34"), DIMS(3, 3), Z), "120/340/000");
  CHECK_GRID(EXT3(ctx, "embed", gr(ctx, "123/456"), DIMS(1, 2), Z), "12");
  CHECK_GRID(EXT3(ctx, "embed", gr(ctx, "12"), DIMS(0, 3), Z), "");
  CHECK_GRID(EXT3(ctx, "embed", gr(ctx, ""), DIMS(2, 2), tv_int(5)), "55/55");
  CHECK_ERROR(EXT3(ctx, "embed", gr(ctx, "1"), DIMS(-1, 2), Z), "negative size");
  CHECK_ERROR(EXT3(ctx, "embed", gr(ctx, "1"), DIMS(2000, 1), Z), "exceeds the 1024 x 1024 limit");
  CHECK_ERROR(EXT3(ctx, "embed", gr(ctx, "1"), tv_int(3), Z), "expected a size");
  fx_close(&f);
}

TEST(ext_tile_and_mirror) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  CHECK_GRID(EXT2(ctx, "tile_to", gr(ctx, "12/34"), DIMS(3, 5)), "12121/34343/12121");
  CHECK_GRID(EXT2(ctx, "tile_to", gr(ctx, "12/34"), DIMS(1, 1)), "1");
  CHECK_GRID(EXT3(ctx, "tile_gap_to", gr(ctx, "12"), DIMS(1, 7), Z), "1201201");
  CHECK_GRID(EXT3(ctx, "tile_gap_to", gr(ctx, "1/2"), DIMS(5, 1), Z), "1/2/0/1/2");
  CHECK_GRID(EXT2(ctx, "mirror_to", gr(ctx, "12/34"), DIMS(4, 4)), "1221/3443/3443/1221");
  CHECK_GRID(EXT2(ctx, "mirror_to", gr(ctx, "123"), DIMS(1, 8)), "12332112");
  CHECK_GRID(EXT3(ctx, "mirror_gap_to", gr(ctx, "12"), DIMS(1, 7), Z), "1202101");
  CHECK_ERROR(EXT2(ctx, "tile_to", gr(ctx, ""), DIMS(2, 2)), "nothing to tile");
  CHECK_GRID(EXT2(ctx, "mirror_to", gr(ctx, "1"), DIMS(0, 0)), "");
  fx_close(&f);
}

TEST(ext_scale_to) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  CHECK_GRID(EXT2(ctx, "scale_to", gr(ctx, "12/34"), DIMS(4, 4)), "1122/1122/3344/3344");
  CHECK_GRID(EXT2(ctx, "scale_to", gr(ctx, "1122/1122/3344/3344"), DIMS(2, 2)), "12/34");
  /* Blocks of two 1s and two 2s tie: the smaller colour. */
  CHECK_GRID(EXT2(ctx, "scale_to", gr(ctx, "1112/1112"), DIMS(1, 2)), "11");
  CHECK_GRID(EXT2(ctx, "scale_to", gr(ctx, "1222/1222"), DIMS(1, 2)), "12");
  /* Two columns to three: the middle one covers both. */
  CHECK_GRID(EXT2(ctx, "scale_to", gr(ctx, "12"), DIMS(1, 3)), "112");
  CHECK_GRID(EXT2(ctx, "scale_to", gr(ctx, "12/34"), DIMS(0, 0)), "");
  CHECK_ERROR(EXT2(ctx, "scale_to", gr(ctx, ""), DIMS(2, 2)), "nothing to scale");
  fx_close(&f);
}

TEST(ext_wrap) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  CHECK_GRID(EXT3(ctx, "wrap_rows", gr(ctx, "1234"), DIMS(2, 3), Z), "123/400");
  CHECK_GRID(EXT3(ctx, "wrap_rows", gr(ctx, "12/34"), DIMS(1, 3), Z), "123");
  CHECK_GRID(EXT3(ctx, "wrap_cols", gr(ctx, "1234"), DIMS(2, 2), Z), "13/24");
  CHECK_GRID(EXT3(ctx, "wrap_cols", gr(ctx, "1/2/3"), DIMS(2, 2), tv_int(9)), "13/29");
  CHECK_GRID(EXT3(ctx, "wrap_rows", gr(ctx, ""), DIMS(1, 2), Z), "00");
  fx_close(&f);
}

/* At the grid's own size these are identities; crop then embed at the
 * original size restores content that starts at the origin. */
TEST(ext_size_properties) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  const char *grids[] = {"120/300/000", "5", "12/34/56", "1000/0000"};
  for (size_t k = 0; k < sizeof grids / sizeof grids[0]; k++) {
    tv_val g = gr(ctx, grids[k]);
    tv_val dims = DIMS(tv_grid_h(g), tv_grid_w(g));
    CHECK(tv_eq(EXT2(ctx, "tile_to", g, dims), g));
    CHECK(tv_eq(EXT2(ctx, "mirror_to", g, dims), g));
    CHECK(tv_eq(EXT2(ctx, "scale_to", g, dims), g));
    CHECK(tv_eq(EXT3(ctx, "wrap_rows", g, dims, Z), g));
    CHECK(tv_eq(EXT3(ctx, "wrap_cols", g, dims, Z), g));
    CHECK(tv_eq(EXT3(ctx, "embed", EXT2(ctx, "crop_content", g, Z), dims, Z), g));
  }
  /* Scaling up by an integer factor and back is the identity. */
  tv_val g = gr(ctx, "102/340");
  CHECK(tv_eq(EXT2(ctx, "scale_to", EXT2(ctx, "scale_to", g, DIMS(6, 9)), DIMS(2, 3)), g));
  fx_close(&f);
}
