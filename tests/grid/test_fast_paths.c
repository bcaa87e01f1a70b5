/* test_fast_paths.c - fast paths must agree with the plain definitions:
 * occurrences of solid patches (prefix counts) against a brute-force scan,
 * and set construction of unsorted words against sorted input. */
#include <stdlib.h>

#include "harness.h"
#include "tessera/prims.h"

static tv_val random_grid(tv_ctx *ctx, unsigned *seed, int h, int w, int colours) {
  tv_val g = tv_grid_new(ctx, h, w);
  for (int k = 0; k < h * w; k++) tv_grid_cells(g)[k] = (uint8_t)(rand_r(seed) % colours);
  return tv_grid_seal(g);
}

static tv_val solid_patch(tv_ctx *ctx, int colour, int oh, int ow) {
  tv_val cells[64];
  int n = 0;
  for (int i = 0; i < oh; i++)
    for (int j = 0; j < ow; j++) cells[n++] = tv_cell_imm(colour, i + 1, j + 2);
  return tv_set(ctx, (size_t)n, cells);
}

static bool occurs_at(tv_val g, int colour, int oh, int ow, int i, int j) {
  for (int a = 0; a < oh; a++)
    for (int b = 0; b < ow; b++)
      if (tv_grid_at(g, i + a, j + b) != colour) return false;
  return true;
}

TEST(fast_occurrences_of_solid_patches_match_a_scan) {
  ta_arena arena;
  ta_arena_init(&arena, 1 << 16);
  tv_ctx ctx;
  tv_ctx_init(&ctx, &arena, 0);
  const tv_prim *occ = tv_prim_lookup("occurrences");
  unsigned seed = 7;
  for (int round = 0; round < 200; round++) {
    int h = 1 + rand_r(&seed) % 12, w = 1 + rand_r(&seed) % 12;
    int oh = 1 + rand_r(&seed) % 3, ow = 1 + rand_r(&seed) % 3;
    tv_val g = random_grid(&ctx, &seed, h, w, 2);
    tv_val args[2] = {g, solid_patch(&ctx, 1, oh, ow)};
    tv_val got = tv_prim_call(&ctx, occ, args);
    tv_buf want;
    tv_buf_init(&want, &ctx, 16);
    for (int i = 0; i + oh <= h; i++)
      for (int j = 0; j + ow <= w; j++)
        if (occurs_at(g, 1, oh, ow, i, j)) tv_buf_push(&want, &ctx, tv_pair_imm(i, j));
    CHECK(tv_eq(got, tv_set(&ctx, want.n, want.items)));
    ta_arena_reset(&arena);
  }
  ta_arena_free(&arena);
}

TEST(fast_set_sort_matches_canonical_order) {
  ta_arena arena;
  ta_arena_init(&arena, 1 << 16);
  tv_ctx ctx;
  tv_ctx_init(&ctx, &arena, 0);
  unsigned seed = 11;
  for (int round = 0; round < 100; round++) {
    tv_val items[300];
    size_t n = 1 + (size_t)(rand_r(&seed) % 300);
    int kind = round % 3;
    for (size_t k = 0; k < n; k++) {
      int a = rand_r(&seed) % 40 - 20, b = rand_r(&seed) % 40 - 20;
      items[k] = kind == 0 ? tv_int(a * 1000 + b) : kind == 1 ? tv_pair_imm(a, b)
                                                              : tv_cell_imm(b & 7, a, b);
    }
    tv_val s = tv_set(&ctx, n, items);
    const tv_val *out = tv_items(s);
    bool ordered = true;
    for (size_t k = 1; k < tv_len(s); k++) ordered = ordered && tv_cmp(out[k - 1], out[k]) < 0;
    CHECK(ordered);
    for (size_t k = 0; k < n; k++) CHECK(tv_contains(s, items[k]));
    ta_arena_reset(&arena);
  }
  ta_arena_free(&arena);
}

TEST(fast_scanned_cells_match_a_plain_set) {
  ta_arena arena;
  ta_arena_init(&arena, 1 << 16);
  tv_ctx ctx;
  tv_ctx_init(&ctx, &arena, 0);
  unsigned seed = 5;
  for (int round = 0; round < 100; round++) {
    tv_val scanned[400], plain[400];
    size_t n = 0;
    int h = 1 + rand_r(&seed) % 20, w = 1 + rand_r(&seed) % 20;
    for (int i = 0; i < h; i++)
      for (int j = 0; j < w; j++)
        if (rand_r(&seed) % 3) {
          int colour = rand_r(&seed) % 12 - 1; /* -1 marks as solvers paint them */
          scanned[n] = plain[n] = tv_cell_imm(colour, i, j);
          n++;
        }
    tv_val fast = tv_set_of_scanned_cells(&ctx, n, scanned);
    tv_val reference = tv_set(&ctx, n, plain);
    CHECK(tv_eq(fast, reference));
    const tv_val *items = tv_items(fast);
    bool colour_major = true;
    for (size_t k = 1; k < tv_len(fast); k++)
      colour_major = colour_major && tv_cell_color(items[k - 1]) <= tv_cell_color(items[k]);
    CHECK(colour_major);
    ta_arena_reset(&arena);
  }
  ta_arena_free(&arena);
}
