/*
 * test_prims_ext_lines.c - the 15 smear modes and connect_h/v/hv.
 * Expected grids are worked out by hand.
 */
#include "ext_test.h"

#define Z tv_int(0)

TEST(ext_smear_straight) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  tv_val g = gr(ctx, "0100/0000/2000");
  CHECK_GRID(EXT2(ctx, "smear_right", g, Z), "0111/0000/2222");
  CHECK_GRID(EXT2(ctx, "smear_left", g, Z), "1100/0000/2000");
  CHECK_GRID(EXT2(ctx, "smear_down", g, Z), "0100/0100/2100");
  CHECK_GRID(EXT2(ctx, "smear_up", g, Z), "2100/2000/2000");
  /* The next foreground cell takes over; in two-way modes the second
   * direction (left) wins where both reach. */
  CHECK_GRID(EXT2(ctx, "smear_right", gr(ctx, "1020"), Z), "1122");
  CHECK_GRID(EXT2(ctx, "smear_left", gr(ctx, "1020"), Z), "1220");
  CHECK_GRID(EXT2(ctx, "smear_h", gr(ctx, "1020"), Z), "1222");
  CHECK_GRID(EXT2(ctx, "smear_v", gr(ctx, "1/0/2/0"), Z), "1/2/2/2");
  CHECK_GRID(EXT2(ctx, "smear_hv", gr(ctx, "000/010/000"), Z), "010/111/010");
  CHECK_GRID(EXT2(ctx, "smear_right", gr(ctx, "5155"), tv_int(5)), "5111");
  CHECK_GRID(EXT2(ctx, "smear_right", gr(ctx, ""), Z), "");
  fx_close(&f);
}

TEST(ext_smear_diagonal) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  CHECK_GRID(EXT2(ctx, "smear_down_right", gr(ctx, "100/000/000"), Z), "100/010/001");
  CHECK_GRID(EXT2(ctx, "smear_up_left", gr(ctx, "000/000/001"), Z), "100/010/001");
  CHECK_GRID(EXT2(ctx, "smear_up_right", gr(ctx, "000/000/100"), Z), "001/010/100");
  CHECK_GRID(EXT2(ctx, "smear_down_left", gr(ctx, "001/000/000"), Z), "001/010/100");
  tv_val dot = gr(ctx, "000/010/000");
  CHECK_GRID(EXT2(ctx, "smear_diag", dot, Z), "100/010/001");
  CHECK_GRID(EXT2(ctx, "smear_antidiag", dot, Z), "001/010/100");
  CHECK_GRID(EXT2(ctx, "smear_diags", dot, Z), "101/010/101");
  CHECK_GRID(EXT2(ctx, "smear_all", dot, Z), "111/111/111");
  CHECK_GRID(EXT2(ctx, "smear_down_right", gr(ctx, "1000/0000"), Z), "1000/0100");
  fx_close(&f);
}

TEST(ext_connect) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  CHECK_GRID(EXT2(ctx, "connect_h", gr(ctx, "10010/20002"), Z), "11110/22222");
  /* Only neighbours along the line of one colour connect. */
  CHECK_GRID(EXT2(ctx, "connect_h", gr(ctx, "1021"), Z), "1021");
  CHECK_GRID(EXT2(ctx, "connect_h", gr(ctx, "1/1"), Z), "1/1");
  CHECK_GRID(EXT2(ctx, "connect_v", gr(ctx, "1/0/1"), Z), "1/1/1");
  CHECK_GRID(EXT2(ctx, "connect_hv", gr(ctx, "101/000/100"), Z), "111/100/100");
  /* Where a row and a column connection cross, the column's colour wins. */
  CHECK_GRID(EXT2(ctx, "connect_hv", gr(ctx, "010/202/010"), Z), "010/212/010");
  CHECK_GRID(EXT2(ctx, "connect_v", gr(ctx, ""), Z), "");
  fx_close(&f);
}

/* Smearing again changes nothing in one direction; smear_all fills every
 * line through a foreground cell. */
TEST(ext_lines_properties) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  const char *names[] = {"smear_right", "smear_left", "smear_down", "smear_up", "smear_down_right",
                         "smear_up_left", "smear_up_right", "smear_down_left", "connect_h",
                         "connect_v", "connect_hv"};
  const char *grids[] = {"0100/0000/2000", "1020/0301", "00000/00100/00000", "12/34"};
  for (size_t k = 0; k < 4; k++)
    for (size_t p = 0; p < sizeof names / sizeof names[0]; p++) {
      tv_val once = EXT2(ctx, names[p], gr(ctx, grids[k]), Z);
      CHECK(tv_eq(EXT2(ctx, names[p], once, Z), once));
    }
  fx_close(&f);
}
