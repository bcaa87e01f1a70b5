/*
 * test_prims_ext_crop.c - the crop extensions (crop_content, crop_color,
 * drop_bg_lines, merge_equal_lines, to_origin, content_box, content_corner,
 * middle). Expected grids are worked out by hand.
 */
#include "ext_test.h"

#define Z tv_int(0)

TEST(ext_crop_content_and_color) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  tv_val g = gr(ctx, "0000/0120/0030/0000");
  CHECK_GRID(EXT2(ctx, "crop_content", g, Z), "12/03");
  CHECK_GRID(EXT2(ctx, "crop_content", gr(ctx, "00/00"), Z), "");
  CHECK_GRID(EXT2(ctx, "crop_content", gr(ctx, "5"), Z), "5");
  CHECK_GRID(EXT2(ctx, "crop_content", gr(ctx, "555/515/555"), tv_int(5)), "1");
  CHECK_GRID(EXT2(ctx, "crop_content", gr(ctx, ""), Z), "");
  CHECK_GRID(EXT2(ctx, "crop_color", g, tv_int(3)), "3");
  CHECK_GRID(EXT2(ctx, "crop_color", gr(ctx, "1001/0000/0220"), tv_int(1)), "1001");
  CHECK_GRID(EXT2(ctx, "crop_color", gr(ctx, "1001/0000/0220"), tv_int(2)), "22");
  CHECK_GRID(EXT2(ctx, "crop_color", gr(ctx, "1001/0000/0220"), Z), "1001/0000/0220");
  CHECK_GRID(EXT2(ctx, "crop_color", g, tv_int(7)), "");
  CHECK_ERROR(EXT2(ctx, "crop_content", g, tv_pair(ctx, 1, 1)), "expected a colour");
  fx_close(&f);
}

TEST(ext_drop_bg_lines_and_merge_equal_lines) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  CHECK_GRID(EXT2(ctx, "drop_bg_lines", gr(ctx, "0100/0000/0203"), Z), "10/23");
  CHECK_GRID(EXT2(ctx, "drop_bg_lines", gr(ctx, "000"), Z), "");
  CHECK_GRID(EXT2(ctx, "drop_bg_lines", gr(ctx, "12/34"), Z), "12/34");
  CHECK_GRID(EXT1(ctx, "merge_equal_lines", gr(ctx, "1122/1122/3344")), "12/34");
  CHECK_GRID(EXT1(ctx, "merge_equal_lines", gr(ctx, "121/121")), "121");
  CHECK_GRID(EXT1(ctx, "merge_equal_lines", gr(ctx, "7")), "7");
  CHECK_GRID(EXT1(ctx, "merge_equal_lines", gr(ctx, "")), "");
  fx_close(&f);
}

TEST(ext_to_origin_box_corner_middle) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  CHECK_GRID(EXT2(ctx, "to_origin", gr(ctx, "000/001/011"), Z), "010/110/000");
  CHECK_GRID(EXT2(ctx, "to_origin", gr(ctx, "00/00"), Z), "00/00");
  tv_val g = gr(ctx, "0000/0120/0022/0000"); /* majority colour 2 */
  CHECK_GRID(EXT2(ctx, "content_box", g, Z), "0000/0222/0222/0000");
  CHECK_GRID(EXT2(ctx, "content_corner", g, Z), "0000/0200/0000/0000");
  CHECK_GRID(EXT2(ctx, "content_box", gr(ctx, "00/00"), Z), "00/00");
  CHECK_GRID(EXT1(ctx, "middle", gr(ctx, "12345")), "3");
  CHECK_GRID(EXT1(ctx, "middle", gr(ctx, "1234/5678")), "23/67");
  CHECK_GRID(EXT1(ctx, "middle", gr(ctx, "123/456/789")), "5");
  CHECK_GRID(EXT1(ctx, "middle", gr(ctx, "7")), "7");
  CHECK_GRID(EXT1(ctx, "middle", gr(ctx, "")), "");
  fx_close(&f);
}

TEST(ext_crop_properties) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  const char *grids[] = {"000/001/011", "1000/0000/0002", "00/00", "5", "0300/0030/0000"};
  for (size_t k = 0; k < sizeof grids / sizeof grids[0]; k++) {
    tv_val g = gr(ctx, grids[k]);
    tv_val o = EXT2(ctx, "to_origin", g, Z);
    CHECK(tv_eq(EXT2(ctx, "to_origin", o, Z), o));                         /* idempotent */
    CHECK(tv_eq(EXT2(ctx, "crop_content", o, Z), EXT2(ctx, "crop_content", g, Z)));
    tv_val c = EXT2(ctx, "crop_content", g, Z);
    CHECK(tv_eq(EXT2(ctx, "crop_content", c, Z), c));                      /* idempotent */
  }
  fx_close(&f);
}
