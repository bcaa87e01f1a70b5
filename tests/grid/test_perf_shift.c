/* test_perf_shift.c - shift builds sets of immediate cells or pairs
 * directly in canonical order (a shift keeps reading order). Results must
 * equal dsl.py's frozenset((v, (i + di, j + dj)) for v, (i, j) in patch),
 * built here element by element with tv_set; sets the fast path declines
 * (mixed kinds, positions past the immediate range, tuples) must still be
 * right. Also: tv_set_sorted refuses non-canonical input in debug builds. */
#include <stdlib.h>

#include "harness.h"
#include "tessera/prims.h"

static tv_val shift(tv_ctx *ctx, tv_val patch, int64_t di, int64_t dj) {
  tv_val args[2] = {patch, tv_pair(ctx, di, dj)};
  return tv_prim_call(ctx, tv_prim_lookup("shift"), args);
}

/* The definition, one element at a time. */
static tv_val shifted_by_definition(tv_ctx *ctx, tv_val patch, int64_t di, int64_t dj) {
  tv_buf out;
  tv_buf_init(&out, ctx, 16);
  for (size_t k = 0; k < tv_len(patch); k++) {
    tv_val v = tv_items(patch)[k];
    if (tv_is_cell(v))
      tv_buf_push(&out, ctx, tv_cell(ctx, tv_cell_color(v), tv_cell_i(v) + di, tv_cell_j(v) + dj));
    else
      tv_buf_push(&out, ctx, tv_pair(ctx, tv_pair_a(v) + di, tv_pair_b(v) + dj));
  }
  return tv_set(ctx, out.n, out.items);
}

TEST(perf_shift_cells_and_indices_in_every_direction) {
  ta_arena arena;
  ta_arena_init(&arena, 1 << 20);
  tv_ctx ctx;
  tv_ctx_init(&ctx, &arena, 0);
  unsigned seed = 3;
  for (int round = 0; round < 200; round++) {
    tv_val items[300];
    size_t n = 1 + (size_t)(rand_r(&seed) % 300);
    bool cells = round % 2;
    for (size_t k = 0; k < n; k++) {
      int i = rand_r(&seed) % 40 - 10, j = rand_r(&seed) % 40 - 10;
      items[k] = cells ? tv_cell_imm(rand_r(&seed) % 10, i, j) : tv_pair_imm(i, j);
    }
    tv_val patch = tv_set(&ctx, n, items);
    int64_t di = rand_r(&seed) % 61 - 30, dj = rand_r(&seed) % 61 - 30;
    CHECK(tv_eq(shift(&ctx, patch, di, dj), shifted_by_definition(&ctx, patch, di, dj)));
    ta_arena_reset(&arena);
  }
  ta_arena_free(&arena);
}

TEST(perf_shift_declined_sets_still_right) {
  ta_arena arena;
  ta_arena_init(&arena, 1 << 16);
  tv_ctx ctx;
  tv_ctx_init(&ctx, &arena, 0);
  /* Past the immediate range of cells (|i| < 2^23): heap tuples result. */
  tv_val cells[2] = {tv_cell_imm(1, 0, 0), tv_cell_imm(2, 5, 5)};
  tv_val patch = tv_set(&ctx, 2, cells);
  int64_t far = (int64_t)1 << 23;
  tv_val moved = shift(&ctx, patch, far, 0);
  CHECK(tv_is_set(moved));
  CHECK(tv_eq(moved, shifted_by_definition(&ctx, patch, far, 0)));
  /* And back again: the original set. */
  CHECK(tv_eq(shift(&ctx, shift(&ctx, patch, 7, -3), -7, 3), patch));
  /* Pairs near the pair range limit (2^27). */
  tv_val pairs[2] = {tv_pair_imm(1, 1), tv_pair_imm(2, 3)};
  tv_val ppatch = tv_set(&ctx, 2, pairs);
  int64_t edge = ((int64_t)1 << 27) - 2;
  CHECK(tv_eq(shift(&ctx, ppatch, edge, 0), shifted_by_definition(&ctx, ppatch, edge, 0)));
  ta_arena_free(&arena);
}

TEST(perf_set_sorted_checks_its_promise_in_debug_builds) {
  ta_arena arena;
  ta_arena_init(&arena, 1 << 16);
  tv_ctx ctx;
  tv_ctx_init(&ctx, &arena, 0);
  tv_val good[3] = {tv_pair_imm(0, 1), tv_pair_imm(0, 2), tv_pair_imm(3, 0)};
  tv_val s = tv_set_sorted(&ctx, 3, good);
  CHECK(tv_eq(s, tv_set(&ctx, 3, good)));
  CHECK(tv_set_sorted(&ctx, 0, good) == TV_EMPTY_SET);
#ifndef NDEBUG
  tv_val unsorted[2] = {tv_pair_imm(3, 0), tv_pair_imm(0, 1)};
  CHECK(tv_is_error(tv_set_sorted(&ctx, 2, unsorted)));
  tv_val mixed[2] = {tv_pair_imm(0, 1), tv_cell_imm(1, 0, 0)};
  CHECK(tv_is_error(tv_set_sorted(&ctx, 2, mixed)));
#endif
  ta_arena_free(&arena);
}
