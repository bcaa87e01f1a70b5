/* test_perf_occurrences.c - occurrences of solid shapes are found with
 * per-row bit masks (cached per thread for the last grid and colour) or,
 * past 64 columns, prefix counts. The cache must never answer for a grid
 * it was not built from (same shape differing in one cell, another colour,
 * a new grid at a reused arena address), and both methods must be exact
 * at their edges (64 columns, full-width shapes, grids too large to cache).
 * Expected positions come from the definition (a brute-force scan of every
 * offset, as dsl.py's occurrences does). */
#include <stdlib.h>

#include "harness.h"
#include "tessera/prims.h"

static tv_val grid_from_rows(tv_ctx *ctx, int h, int w, const char *rows) {
  tv_val g = tv_grid_new(ctx, h, w);
  for (int k = 0; k < h * w; k++) tv_grid_cells(g)[k] = (uint8_t)(rows[k] - '0');
  return tv_grid_seal(g);
}

static tv_val solid(tv_ctx *ctx, int colour, int oh, int ow) {
  tv_val cells[256]; /* up to 256 cells: the shapes below stay under it */
  int n = 0;
  for (int i = 0; i < oh; i++)
    for (int j = 0; j < ow; j++) cells[n++] = tv_cell_imm(colour, i + 3, j + 5);
  return tv_set(ctx, (size_t)n, cells);
}

/* dsl.py: every (i, j) where the normalised object, shifted by (i, j),
 * matches the grid cell for cell. */
static tv_val scan(tv_ctx *ctx, tv_val g, int colour, int oh, int ow) {
  tv_buf want;
  tv_buf_init(&want, ctx, 16);
  for (int i = 0; i + oh <= tv_grid_h(g); i++)
    for (int j = 0; j + ow <= tv_grid_w(g); j++) {
      bool all = true;
      for (int a = 0; a < oh && all; a++)
        for (int b = 0; b < ow && all; b++) all = tv_grid_at(g, i + a, j + b) == colour;
      if (all) tv_buf_push(&want, ctx, tv_pair_imm(i, j));
    }
  return tv_set(ctx, want.n, want.items);
}

static tv_val occurrences(tv_ctx *ctx, tv_val g, tv_val patch) {
  tv_val args[2] = {g, patch};
  return tv_prim_call(ctx, tv_prim_lookup("occurrences"), args);
}

TEST(perf_occurrences_cache_tells_apart_grids_of_one_shape) {
  ta_arena arena;
  ta_arena_init(&arena, 1 << 16);
  tv_ctx ctx;
  tv_ctx_init(&ctx, &arena, 0);
  tv_val a = grid_from_rows(&ctx, 3, 3, "000000000");
  tv_val b = grid_from_rows(&ctx, 3, 3, "000010000");
  tv_val square = solid(&ctx, 0, 2, 2);
  /* All four 2x2 windows of a are zero; b's centre 1 spoils every one. */
  tv_val pa = occurrences(&ctx, a, square), pb = occurrences(&ctx, b, square);
  CHECK_INT(tv_len(pa), 4);
  CHECK_INT(tv_len(pb), 0);
  CHECK(tv_eq(occurrences(&ctx, a, square), scan(&ctx, a, 0, 2, 2)));
  /* Same grid, another colour: b holds a single 1. */
  tv_val one = solid(&ctx, 1, 1, 1);
  tv_val ones = occurrences(&ctx, b, one);
  CHECK_INT(tv_len(ones), 1);
  CHECK(tv_contains(ones, tv_pair_imm(1, 1)));
  CHECK(tv_eq(occurrences(&ctx, b, square), scan(&ctx, b, 0, 2, 2)));
  ta_arena_free(&arena);
}

TEST(perf_occurrences_cache_survives_address_reuse) {
  ta_arena arena;
  ta_arena_init(&arena, 1 << 16);
  tv_ctx ctx;
  tv_ctx_init(&ctx, &arena, 0);
  unsigned seed = 23;
  for (int round = 0; round < 100; round++) {
    /* After a reset the next grid lands where the previous one was. */
    ta_arena_reset(&arena);
    int h = 2 + rand_r(&seed) % 4, w = 2 + rand_r(&seed) % 4;
    tv_val g = tv_grid_new(&ctx, h, w);
    for (int k = 0; k < h * w; k++) tv_grid_cells(g)[k] = (uint8_t)(rand_r(&seed) % 2);
    tv_grid_seal(g);
    int oh = 1 + rand_r(&seed) % 2, ow = 1 + rand_r(&seed) % 2, colour = rand_r(&seed) % 2;
    CHECK(tv_eq(occurrences(&ctx, g, solid(&ctx, colour, oh, ow)), scan(&ctx, g, colour, oh, ow)));
  }
  ta_arena_free(&arena);
}

TEST(perf_occurrences_at_the_width_limits) {
  ta_arena arena;
  ta_arena_init(&arena, 1 << 20);
  tv_ctx ctx;
  tv_ctx_init(&ctx, &arena, 0);
  unsigned seed = 17;
  const int widths[] = {1, 63, 64, 65, 70};
  for (size_t k = 0; k < sizeof widths / sizeof widths[0]; k++) {
    int h = 6, w = widths[k];
    tv_val g = tv_grid_new(&ctx, h, w);
    /* Mostly colour 1, so wide shapes occur too. */
    for (int c = 0; c < h * w; c++) tv_grid_cells(g)[c] = (uint8_t)(rand_r(&seed) % 9 == 0);
    for (int c = 0; c < w; c++) tv_grid_cells(g)[2 * w + c] = 0; /* one full row of 0s */
    tv_grid_seal(g);
    const int shapes[][2] = {{1, 1}, {1, w}, {2, 3}, {1, w > 1 ? w - 1 : 1}, {3, 2}};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
      int oh = shapes[s][0], ow = shapes[s][1];
      if (ow > w) continue;
      for (int colour = 0; colour < 2; colour++)
        CHECK(tv_eq(occurrences(&ctx, g, solid(&ctx, colour, oh, ow)), scan(&ctx, g, colour, oh, ow)));
    }
  }
  ta_arena_free(&arena);
}

TEST(perf_occurrences_large_grids_bypass_the_cache) {
  ta_arena arena;
  ta_arena_init(&arena, 1 << 16);
  tv_ctx ctx;
  tv_ctx_init(&ctx, &arena, 0);
  unsigned seed = 5;
  for (int round = 0; round < 6; round++) {
    int h = 30 + round * 2, w = 40 - round;
    tv_val g = tv_grid_new(&ctx, h, w);
    for (int k = 0; k < h * w; k++) tv_grid_cells(g)[k] = (uint8_t)(rand_r(&seed) % 5 != 0);
    tv_grid_seal(g);
    CHECK(tv_eq(occurrences(&ctx, g, solid(&ctx, 1, 2, 3)), scan(&ctx, g, 1, 2, 3)));
    CHECK(tv_eq(occurrences(&ctx, g, solid(&ctx, 0, 1, 2)), scan(&ctx, g, 0, 1, 2)));
  }
  ta_arena_free(&arena);
}
