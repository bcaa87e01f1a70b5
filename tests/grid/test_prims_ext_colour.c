/*
 * test_prims_ext_colour.c - the colour extensions (keep_color, keep_major,
 * ..., permute_colors). Expected grids are worked out by hand from the
 * definitions in docs/DSL.md.
 */
#include "ext_test.h"

#define Z tv_int(0)

TEST(ext_keep_color) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  tv_val g = gr(ctx, "012/210/333");
  CHECK_GRID(EXT3(ctx, "keep_color", g, tv_int(1), Z), "010/010/000");
  CHECK_GRID(EXT3(ctx, "keep_color", g, tv_int(3), Z), "000/000/333");
  CHECK_GRID(EXT3(ctx, "keep_color", g, tv_int(1), tv_int(5)), "515/515/555");
  CHECK_GRID(EXT3(ctx, "keep_color", gr(ctx, "7"), tv_int(7), Z), "7");
  CHECK_GRID(EXT3(ctx, "keep_color", gr(ctx, "7"), tv_int(3), Z), "0");
  CHECK_GRID(EXT3(ctx, "keep_color", gr(ctx, "1-/-1"), tv_int(-1), Z), "0-/-0");
  CHECK_GRID(EXT3(ctx, "keep_color", gr(ctx, ""), tv_int(1), Z), "");
  CHECK_ERROR(EXT3(ctx, "keep_color", g, tv_int(300), Z), "does not fit");
  CHECK_ERROR(EXT3(ctx, "keep_color", tv_int(5), tv_int(1), Z), "expected a grid");
  CHECK_ERROR(EXT3(ctx, "keep_color", g, g, Z), "expected a colour");
  fx_close(&f);
}

TEST(ext_keep_and_erase_by_rank) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  tv_val g = gr(ctx, "1120/2220/0003"); /* 1: 2 cells, 2: 4, 3: 1 */
  CHECK_GRID(EXT2(ctx, "keep_major", g, Z), "0020/2220/0000");
  CHECK_GRID(EXT2(ctx, "keep_minor", g, Z), "0000/0000/0003");
  CHECK_GRID(EXT2(ctx, "erase_major", g, Z), "1100/0000/0003");
  CHECK_GRID(EXT2(ctx, "erase_minor", g, Z), "1120/2220/0000");
  /* Ties go to the smaller colour, for both ranks. */
  CHECK_GRID(EXT2(ctx, "keep_major", gr(ctx, "12/21"), Z), "10/01");
  CHECK_GRID(EXT2(ctx, "keep_minor", gr(ctx, "12/21"), Z), "10/01");
  /* Another background: 5 is never a candidate. */
  CHECK_GRID(EXT2(ctx, "keep_major", gr(ctx, "55/15/22"), tv_int(5)), "55/55/22");
  CHECK_GRID(EXT2(ctx, "erase_minor", gr(ctx, "55/15/22"), tv_int(5)), "55/55/22");
  CHECK_GRID(EXT2(ctx, "keep_major", gr(ctx, "00/00"), Z), "00/00");
  CHECK_GRID(EXT2(ctx, "erase_major", gr(ctx, "00/00"), Z), "00/00");
  CHECK_GRID(EXT2(ctx, "keep_minor", gr(ctx, ""), Z), "");
  fx_close(&f);
}

TEST(ext_recolor_fg_and_negate) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  CHECK_GRID(EXT3(ctx, "recolor_fg", gr(ctx, "102/000"), tv_int(4), Z), "404/000");
  CHECK_GRID(EXT3(ctx, "recolor_fg", gr(ctx, "102/000"), tv_int(4), tv_int(1)), "144/444");
  /* negate: colours 1 and 2 tie, so bg cells take 1. */
  CHECK_GRID(EXT2(ctx, "negate", gr(ctx, "102/000"), Z), "010/111");
  CHECK_GRID(EXT2(ctx, "negate", gr(ctx, "00"), Z), "00");
  CHECK_GRID(EXT2(ctx, "negate", gr(ctx, "3"), Z), "0");
  fx_close(&f);
}

TEST(ext_uniform_images) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  tv_val g = gr(ctx, "1120/2220/0003");
  CHECK_GRID(EXT2(ctx, "fill_major", g, Z), "2222/2222/2222");
  CHECK_GRID(EXT2(ctx, "fill_major", gr(ctx, "00"), Z), "00");
  CHECK_GRID(EXT2(ctx, "blank", gr(ctx, "12/34"), Z), "00/00");
  CHECK_GRID(EXT2(ctx, "blank", gr(ctx, "12/34"), tv_int(7)), "77/77");
  CHECK_GRID(EXT2(ctx, "blank", gr(ctx, ""), tv_int(7)), "");
  CHECK_GRID(EXT2(ctx, "major_cell", g, Z), "2");
  CHECK_GRID(EXT2(ctx, "major_cell", gr(ctx, "000"), Z), "0");
  CHECK_GRID(EXT2(ctx, "major_cell", gr(ctx, ""), tv_int(3)), "3");
  fx_close(&f);
}

TEST(ext_permute_colors) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  tv_val g = gr(ctx, "012/345");
  CHECK_GRID(EXT2(ctx, "permute_colors", g, tv_pair(ctx, 1, 0)), "102/345");
  tv_val rev[10];
  for (int k = 0; k < 10; k++) rev[k] = tv_int(9 - k);
  tv_val reversed = tv_tuple(ctx, 10, rev);
  CHECK_GRID(EXT2(ctx, "permute_colors", g, reversed), "987/654");
  /* Applying the reversal twice is the identity (a permutation's inverse). */
  CHECK_GRID(EXT2(ctx, "permute_colors", EXT2(ctx, "permute_colors", g, reversed), reversed),
             "012/345");
  /* Colours past the end of the map, and negative ones, stay. */
  CHECK_GRID(EXT2(ctx, "permute_colors", gr(ctx, "-01"), tv_tuple(ctx, 1, (tv_val[]){tv_int(5)})),
             "-51");
  tv_val many[129];
  for (int k = 0; k < 129; k++) many[k] = tv_int(0);
  CHECK_ERROR(EXT2(ctx, "permute_colors", g, tv_tuple(ctx, 129, many)), "at most 128");
  CHECK_ERROR(EXT2(ctx, "permute_colors", g, tv_tuple(ctx, 2, (tv_val[]){g, g})),
              "expected a colour");
  CHECK_ERROR(EXT2(ctx, "permute_colors", g, tv_int(3)), "tuple of colours");
  fx_close(&f);
}

/* A tuple of 10 colours written as ten digits. */
static tv_val map_of(tv_ctx *ctx, const char *digits) {
  tv_val items[10];
  for (int k = 0; k < 10; k++) items[k] = tv_int(digits[k] - '0');
  return tv_tuple(ctx, 10, items);
}

TEST(ext_role_map) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  tv_val g = gr(ctx, "0112/2222/0330"); /* 0: 3 cells, 1: 2, 2: 5, 3: 2 */
  CHECK(tv_eq(EXT3(ctx, "role_map", g, tv_int(1), tv_int(0)), map_of(ctx, "0213456789")));
  CHECK(tv_eq(EXT3(ctx, "role_map", g, tv_int(1), tv_int(1)), map_of(ctx, "0132456789")));
  CHECK(tv_eq(EXT3(ctx, "role_map", g, tv_int(1), tv_int(2)), map_of(ctx, "0123456789")));
  CHECK(tv_eq(EXT3(ctx, "role_map", g, tv_int(9), tv_int(0)), map_of(ctx, "0213456789")));
  /* Absent colours take the free colours that are left, in order. */
  tv_val m = EXT3(ctx, "role_map", gr(ctx, "55/77"), tv_int(1), tv_int(0));
  CHECK(tv_eq(m, map_of(ctx, "0345617289")));
  CHECK(tv_eq(EXT1(ctx, "invert_map", m), map_of(ctx, "0571234689")));
  CHECK_GRID(EXT2(ctx, "permute_colors", gr(ctx, "55/77"), m), "11/22");
  CHECK_ERROR(EXT3(ctx, "role_map", g, tv_int(2000), tv_int(0)), "mask of colours");
  CHECK_ERROR(EXT3(ctx, "role_map", g, tv_int(1), tv_int(3)), "order 0, 1 or 2");
  CHECK_ERROR(EXT3(ctx, "role_map", g, g, tv_int(0)), "must be integers");
  CHECK_ERROR(EXT1(ctx, "invert_map", tv_pair(ctx, 0, 0)), "not a permutation");
  CHECK_ERROR(EXT1(ctx, "invert_map", tv_pair(ctx, 1, 2)), "not a permutation");
  CHECK(tv_eq(EXT1(ctx, "invert_map", tv_pair(ctx, 1, 0)), tv_pair(ctx, 1, 0)));
  fx_close(&f);
}

/* Normalising and undoing it gives the grid back, whatever the options. */
TEST(ext_role_map_round_trip) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  const char *grids[] = {"0112/2222/0330", "55/77", "9876543210", "0"};
  for (size_t k = 0; k < 4; k++)
    for (int keep = 0; keep < 4; keep++)
      for (int order = 0; order < 3; order++) {
        tv_val g = gr(ctx, grids[k]);
        tv_val m = EXT3(ctx, "role_map", g, tv_int(keep), tv_int(order));
        tv_val there = EXT2(ctx, "permute_colors", g, m);
        CHECK(tv_eq(EXT2(ctx, "permute_colors", there, EXT1(ctx, "invert_map", m)), g));
      }
  fx_close(&f);
}
