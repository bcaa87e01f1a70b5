/* test_perf_colours.c - palette and numcolors read a 256-bit presence set
 * and colorcount counts directly, without a histogram. Expected values are
 * dsl.py's on the same inputs (negative colours, bools as colours, values
 * that are not colours):
 *   o = frozenset({(-1, (0, 0)), (3, (0, 1)), (3, (1, 1)), (1, (2, 2))})
 *   palette(o) == {-1, 1, 3}; numcolors(o) == 3; colorcount(o, 3) == 2;
 *   colorcount(o, -1) == 1; colorcount(o, True) == 1; colorcount(o, 300) == 0
 *   g = ((0, -1, 5), (5, 5, 0))
 *   palette(g) == {-1, 0, 5}; numcolors(g) == 3; colorcount(g, 5) == 3 */
#include "harness.h"
#include "tessera/prims.h"

static tv_val call1(tv_ctx *ctx, const char *name, tv_val a) {
  return tv_prim_call(ctx, tv_prim_lookup(name), &a);
}

static tv_val call2(tv_ctx *ctx, const char *name, tv_val a, tv_val b) {
  tv_val args[2] = {a, b};
  return tv_prim_call(ctx, tv_prim_lookup(name), args);
}

static tv_val ints(tv_ctx *ctx, const int *v, size_t n) {
  tv_val items[8];
  for (size_t k = 0; k < n; k++) items[k] = tv_int(v[k]);
  return tv_set(ctx, n, items);
}

TEST(perf_colours_of_an_object) {
  ta_arena arena;
  ta_arena_init(&arena, 1 << 16);
  tv_ctx ctx;
  tv_ctx_init(&ctx, &arena, 0);
  tv_val cells[4] = {tv_cell_imm(-1, 0, 0), tv_cell_imm(3, 0, 1), tv_cell_imm(3, 1, 1),
                     tv_cell_imm(1, 2, 2)};
  tv_val o = tv_set(&ctx, 4, cells);
  const int palette[] = {-1, 1, 3};
  CHECK(tv_eq(call1(&ctx, "palette", o), ints(&ctx, palette, 3)));
  CHECK_INT(tv_num(call1(&ctx, "numcolors", o)), 3);
  CHECK_INT(tv_num(call2(&ctx, "colorcount", o, tv_int(3))), 2);
  CHECK_INT(tv_num(call2(&ctx, "colorcount", o, tv_int(-1))), 1);
  CHECK_INT(tv_num(call2(&ctx, "colorcount", o, TV_TRUE)), 1);
  CHECK_INT(tv_num(call2(&ctx, "colorcount", o, tv_int(300))), 0);
  CHECK_INT(tv_num(call2(&ctx, "colorcount", o, tv_int(255))), 0);
  ta_arena_free(&arena);
}

TEST(perf_colours_of_a_grid) {
  ta_arena arena;
  ta_arena_init(&arena, 1 << 16);
  tv_ctx ctx;
  tv_ctx_init(&ctx, &arena, 0);
  const int values[] = {0, -1, 5, 5, 5, 0};
  tv_val g = tv_grid_new(&ctx, 2, 3);
  for (int k = 0; k < 6; k++) tv_grid_cells(g)[k] = tv_colour_byte(values[k]);
  tv_grid_seal(g);
  const int palette[] = {-1, 0, 5};
  CHECK(tv_eq(call1(&ctx, "palette", g), ints(&ctx, palette, 3)));
  CHECK_INT(tv_num(call1(&ctx, "numcolors", g)), 3);
  CHECK_INT(tv_num(call2(&ctx, "colorcount", g, tv_int(5))), 3);
  CHECK_INT(tv_num(call2(&ctx, "colorcount", g, tv_int(-1))), 1);
  ta_arena_free(&arena);
}
