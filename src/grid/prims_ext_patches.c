/*
 * prims_ext_patches.c - pattern completion (table tv_prims_ext_patches):
 * fill_patches paints the background cells of a grid from the 3x3 patterns
 * the rest of the grid shows, for symmetric or periodic pictures with a
 * hole (the fill step of a composer of partial answers; icecuber's
 * greedyFillBlack).
 *
 * Design. The patterns are every 3x3 window of the grid that has no
 * background cell, in all eight rigid orientations, counted; they are
 * sorted by decreasing count (ties: byte order), so "the most frequent
 * pattern that fits" is the first in the list that agrees with a window's
 * known cells. The windows are then completed greedily, the one with the
 * most known cells first (ties: reading order); a per-window count of
 * known cells is kept up to date as cells become known, so choosing costs
 * one scan of the windows. Cells known from the start never change.
 */
#include <stdlib.h>
#include <string.h>

#include "grid/prims_ext_internal.h"

#define SIDE 3
#define CELLS (SIDE * SIDE)

typedef struct pattern {
  uint8_t cell[CELLS];
  uint32_t count;
} pattern;

/* Source cell of (r, c) in each of the eight rigid images of a 3x3 block. */
static int rigid_source(int t, int r, int c) {
  int m = SIDE - 1;
  switch (t) {
    case 0: return r * SIDE + c;
    case 1: return (m - c) * SIDE + r;
    case 2: return (m - r) * SIDE + (m - c);
    case 3: return c * SIDE + (m - r);
    case 4: return (m - r) * SIDE + c;
    case 5: return r * SIDE + (m - c);
    case 6: return c * SIDE + r;
    default: return (m - c) * SIDE + (m - r);
  }
}

static int by_bytes(const void *a, const void *b) {
  return memcmp(((const pattern *)a)->cell, ((const pattern *)b)->cell, CELLS);
}

static int by_count_then_bytes(const void *a, const void *b) {
  const pattern *x = a, *y = b;
  if (x->count != y->count) return x->count > y->count ? -1 : 1;
  return memcmp(x->cell, y->cell, CELLS);
}

/* The distinct patterns of g with their counts, most frequent first. */
static tv_val collect(tv_ctx *ctx, const ext_grid *g, uint8_t bg, pattern **out, size_t *n) {
  size_t windows = (size_t)(g->h - 2) * (size_t)(g->w - 2);
  CHARGE(8 * CELLS * windows);
  pattern *all = scratch(ctx, 8 * windows, sizeof *all);
  CHECK_ALLOC(all);
  size_t m = 0;
  for (int i = 0; i + SIDE <= g->h; i++)
    for (int j = 0; j + SIDE <= g->w; j++) {
      uint8_t block[CELLS];
      bool full = true;
      for (int k = 0; k < CELLS && full; k++) {
        block[k] = ext_at(g, i + k / SIDE, j + k % SIDE);
        full = block[k] != bg;
      }
      if (!full) continue;
      for (int t = 0; t < 8; t++, m++) {
        for (int k = 0; k < CELLS; k++) all[m].cell[k] = block[rigid_source(t, k / SIDE, k % SIDE)];
        all[m].count = 1;
      }
    }
  CHARGE(m * 16);
  qsort(all, m, sizeof *all, by_bytes);
  size_t u = 0;
  for (size_t k = 0; k < m; k++) {
    if (u && memcmp(all[u - 1].cell, all[k].cell, CELLS) == 0) all[u - 1].count++;
    else all[u++] = all[k];
  }
  qsort(all, u, sizeof *all, by_count_then_bytes);
  *out = all;
  *n = u;
  return 0;
}

/* Completes the window at (i, j) from the first pattern agreeing with its
 * known cells; false when none agrees. */
static bool complete(const ext_grid *g, uint8_t *cells, uint8_t *known, uint16_t *known_in,
                     const pattern *p, size_t np, int i, int j) {
  size_t w = (size_t)g->w;
  for (size_t q = 0; q < np; q++) {
    bool fits = true;
    for (int k = 0; k < CELLS && fits; k++) {
      size_t at = (size_t)(i + k / SIDE) * w + (size_t)(j + k % SIDE);
      fits = !known[at] || cells[at] == p[q].cell[k];
    }
    if (!fits) continue;
    for (int k = 0; k < CELLS; k++) {
      int ci = i + k / SIDE, cj = j + k % SIDE;
      size_t at = (size_t)ci * w + (size_t)cj;
      if (known[at]) continue;
      cells[at] = p[q].cell[k];
      known[at] = 1;
      for (int a = ci - SIDE + 1; a <= ci; a++) /* every window holding the cell */
        for (int b = cj - SIDE + 1; b <= cj; b++)
          if (a >= 0 && b >= 0 && a + SIDE <= g->h && b + SIDE <= g->w)
            known_in[(size_t)a * (size_t)(g->w - 2) + (size_t)b]++;
    }
    return true;
  }
  return false;
}

static tv_val x_fill_patches(tv_ctx *ctx, const tv_val *args) {
  ext_grid g;
  uint8_t bg;
  tv_val err = ext_read_grid_colours(ctx, args, "fill_patches", &g, NULL, &bg);
  if (err) return err;
  if (g.h < SIDE || g.w < SIDE) return tv_error(ctx, "fill_patches: the grid is smaller than 3 x 3");
  pattern *patterns = NULL;
  size_t np = 0;
  if ((err = collect(ctx, &g, bg, &patterns, &np))) return err;
  tv_val out = ext_copy_grid(ctx, &g);
  if (!tv_is_grid(out)) return out;
  uint8_t *cells = tv_grid_cells(out);
  size_t n = ext_area(&g), nw = (size_t)(g.w - 2), windows = (size_t)(g.h - 2) * nw;
  uint8_t *known = scratch(ctx, n, 1);
  uint16_t *known_in = scratch(ctx, windows, sizeof *known_in);
  CHECK_ALLOC(known);
  CHECK_ALLOC(known_in);
  for (size_t k = 0; k < n; k++) known[k] = g.cells[k] != bg;
  for (size_t p = 0; p < windows; p++) {
    int i = (int)(p / nw), j = (int)(p % nw);
    known_in[p] = 0;
    for (int k = 0; k < CELLS; k++) known_in[p] += known[(size_t)(i + k / SIDE) * (size_t)g.w + (size_t)(j + k % SIDE)];
  }
  for (;;) {
    CHARGE(windows);
    size_t best = windows;
    for (size_t p = 0; p < windows; p++)
      if (known_in[p] < CELLS && (best == windows || known_in[p] > known_in[best])) best = p;
    if (best == windows) break;
    int i = (int)(best / nw), j = (int)(best % nw);
    CHARGE(np * CELLS);
    if (!np || !complete(&g, cells, known, known_in, patterns, np, i, j))
      return tv_error(ctx, "fill_patches: no 3 x 3 pattern of the grid fits at (%d, %d)", i, j);
  }
  return out;
}

const tv_prim_ext tv_prims_ext_patches[] = {
    {{"fill_patches", 2, x_fill_patches, {T_GRID, TT_NUM}, T_GRID}, {EXT_G, EXT_BG}, "fill"},
    {{NULL, 0, NULL, {0}, 0}, {0}, NULL},
};
