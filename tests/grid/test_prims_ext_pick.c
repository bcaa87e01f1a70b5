/*
 * test_prims_ext_pick.c - pickers, select_/reject_ filters and the
 * primitives that put parts together. The parts come from split_objects of
 * small grids whose parts have known properties (worked out by hand):
 *
 *   1100022   A: 1, a 2x2 block at (0,0): 4 cells, box 4, no holes
 *   1100002   B: 2, an L at (0,5): 3 cells, box 4, 1 hole, asymmetric
 *   0000000   C: 3, a ring at (3,0): 8 cells, box 9, 1 hole, 1 inside
 *   3330400   D: 4, one cell at (3,4)
 *   3030000
 *   3330000
 */
#include "ext_test.h"

#define Z tv_int(0)
#define ABCD "1100022/1100002/0000000/3330400/3030000/3330000"

static tv_val parts_of(tv_ctx *ctx, const char *grid) {
  return EXT2(ctx, "split_objects", gr(ctx, grid), Z);
}

TEST(ext_pick_by_measure) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  tv_val p = parts_of(ctx, ABCD);
  CHECK_PARTS(p, "(0,0)11/11 (0,5)22/.2 (3,0)333/3.3/333 (3,4)4");
  CHECK_GRID(EXT2(ctx, "pick_most_cells", p, Z), "333/303/333");
  CHECK_GRID(EXT2(ctx, "pick_fewest_cells", p, Z), "4");
  CHECK_GRID(EXT2(ctx, "pick_largest", p, Z), "333/303/333");
  CHECK_GRID(EXT2(ctx, "pick_smallest", p, Z), "4");
  /* Ties go to the first part in the list. */
  CHECK_GRID(EXT2(ctx, "pick_most_colors", p, Z), "11/11");
  CHECK_GRID(EXT2(ctx, "pick_fewest_colors", p, Z), "11/11");
  CHECK_GRID(EXT2(ctx, "pick_most_holes", p, Z), "22/02");
  CHECK_GRID(EXT2(ctx, "pick_fewest_holes", p, Z), "11/11");
  CHECK_GRID(EXT2(ctx, "pick_most_inside", p, Z), "333/303/333");
  CHECK_GRID(EXT2(ctx, "pick_fewest_inside", p, Z), "11/11");
  CHECK_GRID(EXT2(ctx, "pick_most_parts", p, Z), "11/11");
  CHECK_GRID(EXT2(ctx, "pick_fewest_parts", p, Z), "11/11");
  CHECK_GRID(EXT2(ctx, "pick_top", p, Z), "11/11");
  CHECK_GRID(EXT2(ctx, "pick_bottom", p, Z), "333/303/333");
  CHECK_GRID(EXT2(ctx, "pick_left", p, Z), "11/11");
  CHECK_GRID(EXT2(ctx, "pick_right", p, Z), "22/02");
  CHECK_GRID(EXT2(ctx, "pick_symmetric", p, Z), "11/11");
  CHECK_GRID(EXT2(ctx, "pick_asymmetric", p, Z), "22/02");
  /* A part split into two objects: the crop has bg between them. */
  tv_val two = EXT2(ctx, "split_colors", gr(ctx, "101/000/020"), Z);
  CHECK_GRID(EXT2(ctx, "pick_most_parts", two, Z), "101");
  CHECK_GRID(EXT2(ctx, "pick_fewest_parts", two, Z), "2");
  fx_close(&f);
}

TEST(ext_select_and_reject) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  tv_val p = parts_of(ctx, ABCD);
  CHECK_PARTS(EXT2(ctx, "select_most_cells", p, Z), "(3,0)333/3.3/333");
  CHECK_PARTS(EXT2(ctx, "reject_most_cells", p, Z), "(0,0)11/11 (0,5)22/.2 (3,4)4");
  CHECK_PARTS(EXT2(ctx, "select_top", p, Z), "(0,0)11/11 (0,5)22/.2");
  CHECK_PARTS(EXT2(ctx, "reject_bottom", p, Z), "(0,0)11/11 (0,5)22/.2");
  CHECK_PARTS(EXT2(ctx, "select_fewest_holes", p, Z), "(0,0)11/11 (3,4)4");
  CHECK_PARTS(EXT2(ctx, "reject_fewest_holes", p, Z), "(0,5)22/.2 (3,0)333/3.3/333");
  CHECK_PARTS(EXT2(ctx, "select_most_colors", p, Z), "(0,0)11/11 (0,5)22/.2 (3,0)333/3.3/333 (3,4)4");
  CHECK_PARTS(EXT2(ctx, "reject_most_colors", p, Z), "");
  CHECK_PARTS(EXT2(ctx, "select_smallest", TV_EMPTY_TUPLE, Z), "");
  fx_close(&f);
}

TEST(ext_pick_odd_unique_common) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  tv_val abcd = parts_of(ctx, ABCD);
  CHECK_ERROR(EXT2(ctx, "pick_odd_cells", abcd, Z), "more than one part is odd");
  CHECK_ERROR(EXT2(ctx, "pick_unique_color", abcd, Z), "more than one part");
  tv_val dots = parts_of(ctx, "1010100/0000000/1010200");
  CHECK_GRID(EXT2(ctx, "pick_unique", dots, Z), "2");
  CHECK_GRID(EXT2(ctx, "pick_common", dots, Z), "1");
  CHECK_GRID(EXT2(ctx, "pick_unique_color", dots, Z), "2");
  CHECK_ERROR(EXT2(ctx, "pick_odd_shape", dots, Z), "no part is odd");
  CHECK_ERROR(EXT2(ctx, "pick_unique_color", parts_of(ctx, "101"), Z), "no part has a colour");
  tv_val shapes = parts_of(ctx, "110220330/110200330");
  CHECK_GRID(EXT2(ctx, "pick_odd_shape", shapes, Z), "22/20");
  CHECK_GRID(EXT2(ctx, "pick_common_shape", shapes, Z), "11/11");
  CHECK_GRID(EXT2(ctx, "pick_odd_cells", shapes, Z), "22/20");
  CHECK_GRID(EXT2(ctx, "pick_odd_holes", shapes, Z), "22/20");
  CHECK_ERROR(EXT2(ctx, "pick_odd_area", shapes, Z), "no part is odd");
  CHECK_ERROR(EXT2(ctx, "pick_unique", shapes, Z), "more than one part is odd");
  fx_close(&f);
}

TEST(ext_pick_from_sets_and_grids) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  tv_val p = parts_of(ctx, ABCD);
  tv_val as_set = tv_set(ctx, tv_len(p), tv_items(p));
  CHECK_GRID(EXT2(ctx, "pick_most_cells", as_set, Z), "333/303/333");
  tv_val grids = tv_tuple(ctx, 2, (tv_val[]){gr(ctx, "12/00"), gr(ctx, "33/33")});
  CHECK_GRID(EXT2(ctx, "pick_most_cells", grids, Z), "33/33");
  CHECK_GRID(EXT2(ctx, "pick_fewest_cells", grids, Z), "12/00");
  CHECK_GRID(EXT2(ctx, "pick_largest", grids, Z), "12/00");
  CHECK_GRID(EXT2(ctx, "pick_most_cells", grids, tv_int(3)), "12/00");
  /* Bad lists and parts. */
  CHECK_ERROR(EXT2(ctx, "pick_most_cells", TV_EMPTY_TUPLE, Z), "no parts to choose from");
  CHECK_ERROR(EXT2(ctx, "pick_most_cells", tv_int(5), Z), "expected a tuple or set of parts");
  tv_val indices = tv_set(ctx, 1, (tv_val[]){tv_pair(ctx, 0, 0)});
  CHECK_ERROR(EXT2(ctx, "pick_top", tv_tuple(ctx, 1, &indices), Z), "must be an object");
  CHECK_ERROR(EXT2(ctx, "pick_top", tv_tuple(ctx, 1, (tv_val[]){TV_EMPTY_SET}), Z), "empty set");
  fx_close(&f);
}

TEST(ext_compose_stack_paint) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  tv_val p = parts_of(ctx, ABCD);
  CHECK_GRID(EXT2(ctx, "compose_parts", p, Z), ABCD);
  /* Larger parts go first, so the smaller one stays on top. */
  tv_val grids = tv_tuple(ctx, 2, (tv_val[]){gr(ctx, "12/00"), gr(ctx, "33/33")});
  CHECK_GRID(EXT2(ctx, "compose_parts", grids, Z), "12/33");
  CHECK_GRID(EXT2(ctx, "stack_h", p, Z), "11333422/11303002/00333000");
  CHECK_GRID(EXT2(ctx, "stack_v", p, Z), "110/110/220/020/333/303/333/400");
  tv_val bd = tv_tuple(ctx, 2, (tv_val[]){tv_items(p)[1], tv_items(p)[3]});
  CHECK_GRID(EXT3(ctx, "paint_parts", EXT2(ctx, "blank", gr(ctx, ABCD), Z), bd, Z),
             "0000022/0000002/0000000/0000400/0000000/0000000");
  CHECK_GRID(EXT3(ctx, "paint_parts", gr(ctx, "55"), TV_EMPTY_TUPLE, Z), "55");
  CHECK_ERROR(EXT2(ctx, "compose_parts", TV_EMPTY_TUPLE, Z), "no parts");
  fx_close(&f);
}

/* Splitting and composing again gives back the foreground's bounding box;
 * split then pick gives a crop of the grid. */
TEST(ext_split_compose_round_trip) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  const char *grids[] = {ABCD, "0110/0102/3000", "00000/01020/00000", "5"};
  const char *splits[] = {"split_colors", "split_objects", "split_blobs"};
  for (size_t k = 0; k < sizeof grids / sizeof grids[0]; k++)
    for (size_t s = 0; s < 3; s++) {
      tv_val g = gr(ctx, grids[k]);
      tv_val parts = EXT2(ctx, splits[s], g, Z);
      CHECK(tv_eq(EXT2(ctx, "compose_parts", parts, Z), EXT2(ctx, "crop_content", g, Z)));
    }
  fx_close(&f);
}
