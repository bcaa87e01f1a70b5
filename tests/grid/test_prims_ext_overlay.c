/*
 * test_prims_ext_overlay.c - overlay, mask_select, mask_keep, mask_erase.
 * Expected grids are worked out by hand.
 */
#include "ext_test.h"

#define Z tv_int(0)

TEST(ext_overlay) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  tv_val base = gr(ctx, "111/111"), top = gr(ctx, "020/304");
  /* top painted over base; top's background cells let base show. */
  CHECK_GRID(EXT3(ctx, "overlay", base, top, Z), "121/314");
  CHECK_GRID(EXT3(ctx, "overlay", top, base, Z), "111/111");
  /* With bg 1 the base's 1s are transparent instead. */
  CHECK_GRID(EXT3(ctx, "overlay", top, base, tv_int(1)), "020/304");
  CHECK_GRID(EXT3(ctx, "overlay", gr(ctx, "7"), gr(ctx, "0"), Z), "7");
  CHECK_GRID(EXT3(ctx, "overlay", gr(ctx, ""), gr(ctx, ""), Z), "");
  CHECK_ERROR(EXT3(ctx, "overlay", base, gr(ctx, "11/11"), Z), "shapes differ (2 x 3 and 2 x 2)");
  CHECK_ERROR(EXT3(ctx, "overlay", base, tv_int(3), Z), "expected a grid");
  fx_close(&f);
}

TEST(ext_masks) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  tv_val mask = gr(ctx, "10/05"), a = gr(ctx, "12/34"), b = gr(ctx, "56/78");
  CHECK_GRID(EXT4(ctx, "mask_select", mask, a, b, Z), "16/74");
  CHECK_GRID(EXT3(ctx, "mask_keep", a, mask, Z), "10/04");
  CHECK_GRID(EXT3(ctx, "mask_erase", a, mask, Z), "02/30");
  /* With bg 9 every mask cell is foreground. */
  CHECK_GRID(EXT3(ctx, "mask_erase", a, mask, tv_int(9)), "99/99");
  CHECK_ERROR(EXT4(ctx, "mask_select", mask, a, gr(ctx, "5"), Z), "shapes differ");
  fx_close(&f);
}

/* keep + erase by one mask, overlaid, give the grid back. */
TEST(ext_mask_keep_and_erase_complement) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  const char *masks[] = {"10/05", "00/00", "11/11", "01/20"};
  tv_val g = gr(ctx, "12/34");
  for (size_t k = 0; k < 4; k++) {
    tv_val m = gr(ctx, masks[k]);
    tv_val keep = EXT3(ctx, "mask_keep", g, m, Z), erase = EXT3(ctx, "mask_erase", g, m, Z);
    CHECK_GRID(EXT3(ctx, "overlay", erase, keep, Z), "12/34");
  }
  fx_close(&f);
}
