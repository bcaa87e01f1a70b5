/* test_perf_sets.c - the single-pass check of tv_set_take (already sorted,
 * one kind, no duplicates: nothing to do) must give the same sets as
 * Python's frozenset for the inputs it declines: duplicates in order,
 * bools among ints, negative numbers, mixed kinds, errors among items. */
#include "harness.h"
#include "tessera/prims.h"

static void open_ctx(ta_arena *arena, tv_ctx *ctx) {
  ta_arena_init(arena, 1 << 16);
  tv_ctx_init(ctx, arena, 0);
}

TEST(perf_sets_sorted_runs_with_duplicates_are_deduplicated) {
  ta_arena arena;
  tv_ctx ctx;
  open_ctx(&arena, &ctx);
  /* frozenset({(0, 1), (0, 1), (2, 2)}) == frozenset({(0, 1), (2, 2)}) */
  tv_val items[3] = {tv_pair_imm(0, 1), tv_pair_imm(0, 1), tv_pair_imm(2, 2)};
  tv_val s = tv_set_take(&ctx, 3, items);
  CHECK_INT(tv_len(s), 2);
  CHECK(tv_items(s)[0] == tv_pair_imm(0, 1));
  CHECK(tv_items(s)[1] == tv_pair_imm(2, 2));
  ta_arena_free(&arena);
}

TEST(perf_sets_bools_and_negative_ints) {
  ta_arena arena;
  tv_ctx ctx;
  open_ctx(&arena, &ctx);
  /* frozenset({True, 1, 0, False, 2}) == frozenset({0, 1, 2}) */
  tv_val mixed[5] = {TV_TRUE, tv_int(1), tv_int(0), TV_FALSE, tv_int(2)};
  tv_val s = tv_set_take(&ctx, 5, mixed);
  CHECK_INT(tv_len(s), 3);
  for (int k = 0; k < 3; k++) CHECK(tv_items(s)[k] == tv_int(k));
  /* Already ascending negatives stay as they are: {-3, -1, 2}. */
  tv_val neg[3] = {tv_int(-3), tv_int(-1), tv_int(2)};
  tv_val t = tv_set_take(&ctx, 3, neg);
  CHECK_INT(tv_len(t), 3);
  CHECK_INT(tv_num(tv_items(t)[0]), -3);
  CHECK_INT(tv_num(tv_items(t)[2]), 2);
  /* Descending input is sorted: {2, -1, -3}. */
  tv_val desc[3] = {tv_int(2), tv_int(-1), tv_int(-3)};
  tv_val u = tv_set_take(&ctx, 3, desc);
  CHECK(tv_eq(t, u));
  CHECK_INT(tv_num(tv_items(u)[0]), -3);
  /* A lone bool is stored as an int: frozenset({True}) == frozenset({1}). */
  tv_val one_bool[1] = {TV_TRUE};
  CHECK(tv_items(tv_set_take(&ctx, 1, one_bool))[0] == tv_int(1));
  ta_arena_free(&arena);
}

TEST(perf_sets_mixed_kinds_and_errors) {
  ta_arena arena;
  tv_ctx ctx;
  open_ctx(&arena, &ctx);
  /* Canonical order: numbers, then pairs, then cells, then heap values. */
  tv_val inner[2] = {tv_int(4), tv_int(5)};
  tv_val heap = tv_set(&ctx, 2, inner);
  tv_val items[4] = {heap, tv_cell_imm(3, 0, 0), tv_pair_imm(1, 1), tv_int(9)};
  tv_val s = tv_set_take(&ctx, 4, items);
  CHECK_INT(tv_len(s), 4);
  CHECK(tv_items(s)[0] == tv_int(9));
  CHECK(tv_items(s)[1] == tv_pair_imm(1, 1));
  CHECK(tv_items(s)[2] == tv_cell_imm(3, 0, 0));
  CHECK(tv_eq(tv_items(s)[3], heap));
  CHECK(!(tv_obj_of(s)->flags & TV_F_IMMEDIATE_ITEMS));
  /* An error among the items is the result, whatever its position. */
  tv_val err = tv_error(&ctx, "boom");
  tv_val with_error[3] = {tv_int(1), err, tv_int(2)};
  CHECK(tv_set_take(&ctx, 3, with_error) == err);
  ta_arena_free(&arena);
}
