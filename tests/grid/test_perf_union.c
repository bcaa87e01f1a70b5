/* test_perf_union.c - merge and mapply build large unions of overlapping
 * sets of cells or indices by marking them on their bounding box. The
 * result must be Python's union (frozenset of every element of every part)
 * whichever way it is built: here the expected set comes from tv_set over
 * the concatenated elements, i.e. frozenset(e for part in parts for e in part). */
#include <stdlib.h>

#include "harness.h"
#include "tessera/prims.h"

static tv_val call_prim(tv_ctx *ctx, const char *name, tv_val a, tv_val b) {
  tv_val args[2] = {a, b};
  return tv_prim_call(ctx, tv_prim_lookup(name), args);
}

/* A random shape of `cells` cells (or indices) in a 6 x 6 box. */
static tv_val random_shape(tv_ctx *ctx, unsigned *seed, bool cells, int colours, int min_colour) {
  tv_val items[36];
  size_t n = 0;
  for (int i = 0; i < 6; i++)
    for (int j = 0; j < 6; j++)
      if (rand_r(seed) % 3)
        items[n++] = cells ? tv_cell_imm(min_colour + rand_r(seed) % colours, i, j)
                           : tv_pair_imm(i, j);
  return tv_set(ctx, n, items);
}

/* Every part is the shape shifted by one offset of a 5 x 5 window. */
static void check_union_of_shifts(bool cells, int colours, int min_colour, unsigned seed) {
  ta_arena arena;
  ta_arena_init(&arena, 1 << 20);
  tv_ctx ctx;
  tv_ctx_init(&ctx, &arena, 0);
  tv_val shape = random_shape(&ctx, &seed, cells, colours, min_colour);
  tv_val parts[25];
  tv_buf all;
  tv_buf_init(&all, &ctx, 1024);
  for (int k = 0; k < 25; k++) {
    parts[k] = call_prim(&ctx, "shift", shape, tv_pair_imm(k / 5 - 2, k % 5 - 1));
    for (size_t e = 0; e < tv_len(parts[k]); e++) tv_buf_push(&all, &ctx, tv_items(parts[k])[e]);
  }
  tv_val want = tv_set(&ctx, all.n, all.items);
  tv_val merged = call_prim(&ctx, "merge", tv_set(&ctx, 25, parts), 0);
  CHECK(tv_eq(merged, want));
  const tv_val *items = tv_items(merged);
  bool ordered = true;
  for (size_t k = 1; k < tv_len(merged); k++) ordered = ordered && tv_cmp(items[k - 1], items[k]) < 0;
  CHECK(ordered);
  /* mapply(lbind(shift, shape), offsets) is the same union. */
  tv_val offsets[25];
  for (int k = 0; k < 25; k++) offsets[k] = tv_pair_imm(k / 5 - 2, k % 5 - 1);
  tv_val cap[2] = {tv_func_of_prim(tv_prim_lookup("shift")), shape};
  tv_val shifter = tv_func_new(&ctx, TF_LBIND, 2, cap);
  CHECK(tv_eq(call_prim(&ctx, "mapply", shifter, tv_set(&ctx, 25, offsets)), want));
  ta_arena_free(&arena);
}

TEST(perf_union_of_shifted_cells) {
  for (unsigned seed = 1; seed <= 8; seed++) check_union_of_shifts(true, 3, 0, seed);
}

TEST(perf_union_of_shifted_cells_many_colours) {
  /* Colours up to 15 fit the marks; -1 and 16+ take the merging path. */
  for (unsigned seed = 1; seed <= 4; seed++) check_union_of_shifts(true, 16, 0, seed);
  for (unsigned seed = 1; seed <= 4; seed++) check_union_of_shifts(true, 4, -1, seed);
  for (unsigned seed = 1; seed <= 4; seed++) check_union_of_shifts(true, 4, 14, seed);
}

TEST(perf_union_of_shifted_indices) {
  for (unsigned seed = 1; seed <= 8; seed++) check_union_of_shifts(false, 1, 0, seed);
}
