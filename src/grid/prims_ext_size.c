/*
 * prims_ext_size.c - extension primitives that make a grid of a given size
 * from another (table tv_prims_ext_size): embed at the top-left corner,
 * tile (with or without one-cell gaps), tile with mirrored copies, scale,
 * and reflow the cells into rows or columns of the new width or height.
 * The size is the second argument, (height, width) as `shape` gives it, so
 * a search can pass the predicted output size.
 *
 * Design. The result size is the argument, known before any work: the
 * primitives charge for it, allocate once and compute every output cell
 * from its source cell by index arithmetic (a period per axis and a flip
 * for mirrored blocks). Scaling takes, for every output cell, the most
 * common colour of the source cells its area covers, which is exact block
 * upscaling and exact block downscaling for integer factors and a sensible
 * resampling in between; its work is charged per source cell visited.
 */
#include <string.h>

#include "grid/prims_ext_internal.h"

/* Reads (g, dims) and, when bg is not NULL, a third bg argument. */
static tv_val read_args(tv_ctx *ctx, const tv_val *args, const char *name, ext_grid *g, int *h,
                        int *w, uint8_t *bg) {
  tv_val err = ext_read_grid(ctx, args[0], name, g);
  if (!err) err = ext_read_dims(ctx, args[1], name, h, w);
  if (!err && bg) err = ext_read_colour(ctx, args[2], name, bg);
  return err;
}

static tv_val x_embed(tv_ctx *ctx, const tv_val *args) {
  ext_grid g;
  int h, w;
  uint8_t bg;
  tv_val err = read_args(ctx, args, "embed", &g, &h, &w, &bg);
  if (err) return err;
  tv_val out = ext_new_grid(ctx, h, w, bg);
  if (!tv_is_grid(out)) return out;
  int rows = g.h < h ? g.h : h, cols = g.w < w ? g.w : w;
  for (int i = 0; i < rows; i++)
    memcpy(tv_grid_cells(out) + (size_t)i * (size_t)w, g.cells + (size_t)i * (size_t)g.w, (size_t)cols);
  return tv_grid_seal(out);
}

/* Source index along one axis of a periodic pattern of `len` cells, `gap`
 * empty cells between copies, every other copy reversed when `mirror`;
 * -1 for a gap cell. */
static int periodic(int k, int len, int gap, bool mirror) {
  int period = len + gap, copy = k / period, at = k % period;
  if (at >= len) return -1;
  return mirror && (copy & 1) ? len - 1 - at : at;
}

static tv_val tile(tv_ctx *ctx, const tv_val *args, const char *name, bool gap, bool mirror) {
  ext_grid g;
  int h, w;
  uint8_t bg = 0;
  tv_val err = read_args(ctx, args, name, &g, &h, &w, gap ? &bg : NULL);
  if (err) return err;
  if (g.h == 0) return tv_error(ctx, "%s: nothing to tile (empty grid)", name);
  tv_val out = ext_new_grid(ctx, h, w, bg);
  if (!tv_is_grid(out)) return out;
  uint8_t *dst = tv_grid_cells(out);
  int *cols = scratch(ctx, (size_t)w, sizeof *cols);
  if (!cols) return tv_oom_error(ctx);
  for (int j = 0; j < w; j++) cols[j] = periodic(j, g.w, gap, mirror);
  for (int i = 0; i < h; i++) {
    int si = periodic(i, g.h, gap, mirror);
    if (si < 0) continue;
    const uint8_t *src = g.cells + (size_t)si * (size_t)g.w;
    for (int j = 0; j < w; j++)
      if (cols[j] >= 0) dst[(size_t)i * (size_t)w + (size_t)j] = src[cols[j]];
  }
  return tv_grid_seal(out);
}

static tv_val x_tile_to(tv_ctx *ctx, const tv_val *a) { return tile(ctx, a, "tile_to", false, false); }
static tv_val x_tile_gap_to(tv_ctx *ctx, const tv_val *a) { return tile(ctx, a, "tile_gap_to", true, false); }
static tv_val x_mirror_to(tv_ctx *ctx, const tv_val *a) { return tile(ctx, a, "mirror_to", false, true); }
static tv_val x_mirror_gap_to(tv_ctx *ctx, const tv_val *a) {
  return tile(ctx, a, "mirror_gap_to", true, true);
}

/* Source cells [*lo, *hi) that output cell k of n covers on an axis of len. */
static void covered(int k, int n, int len, int *lo, int *hi) {
  *lo = (int)((int64_t)k * len / n);
  *hi = (int)(((int64_t)(k + 1) * len + n - 1) / n);
  if (*hi <= *lo) *hi = *lo + 1;
}

/* The most common colour in a block (ties: the smaller colour). */
static uint8_t block_colour(const ext_grid *g, int r0, int r1, int c0, int c1, uint32_t counts[256]) {
  uint8_t best = ext_at(g, r0, c0);
  for (int i = r0; i < r1; i++)
    for (int j = c0; j < c1; j++) counts[ext_at(g, i, j)]++;
  for (int i = r0; i < r1; i++)
    for (int j = c0; j < c1; j++) {
      uint8_t c = ext_at(g, i, j);
      if (counts[c] > counts[best] || (counts[c] == counts[best] && tv_byte_colour(c) < tv_byte_colour(best)))
        best = c;
    }
  for (int i = r0; i < r1; i++)
    for (int j = c0; j < c1; j++) counts[ext_at(g, i, j)] = 0;
  return best;
}

static tv_val x_scale_to(tv_ctx *ctx, const tv_val *args) {
  ext_grid g;
  int h, w;
  tv_val err = read_args(ctx, args, "scale_to", &g, &h, &w, NULL);
  if (err) return err;
  if (g.h == 0) return tv_error(ctx, "scale_to: nothing to scale (empty grid)");
  /* Each output row covers at most ceil(g.h / h) + 1 source rows. */
  uint64_t rows = (uint64_t)(g.h / (h ? h : 1) + 2), cols = (uint64_t)(g.w / (w ? w : 1) + 2);
  CHARGE(3 * rows * cols * (uint64_t)h * (uint64_t)w);
  tv_val out = ext_new_grid(ctx, h, w, 0);
  if (!tv_is_grid(out)) return out;
  uint8_t *dst = tv_grid_cells(out);
  uint32_t counts[256] = {0};
  for (int i = 0; i < h; i++) {
    int r0, r1;
    covered(i, h, g.h, &r0, &r1);
    for (int j = 0; j < w; j++) {
      int c0, c1;
      covered(j, w, g.w, &c0, &c1);
      dst[(size_t)i * (size_t)w + (size_t)j] = block_colour(&g, r0, r1, c0, c1, counts);
    }
  }
  return tv_grid_seal(out);
}

/* The cells of g read in reading order (or column by column when
 * `columns`), written in the same order into an h x w grid; bg fills what
 * is left, cells beyond h x w are dropped. */
static tv_val wrap(tv_ctx *ctx, const tv_val *args, const char *name, bool columns) {
  ext_grid g;
  int h, w;
  uint8_t bg;
  tv_val err = read_args(ctx, args, name, &g, &h, &w, &bg);
  if (err) return err;
  tv_val out = ext_new_grid(ctx, h, w, bg);
  if (!tv_is_grid(out)) return out;
  uint8_t *dst = tv_grid_cells(out);
  size_t n = ext_area(&g), room = (size_t)h * (size_t)w;
  for (size_t k = 0; k < n && k < room; k++) {
    uint8_t c = columns ? ext_at(&g, (int)(k % (size_t)g.h), (int)(k / (size_t)g.h)) : g.cells[k];
    size_t at = columns ? (k % (size_t)h) * (size_t)w + k / (size_t)h : k;
    dst[at] = c;
  }
  return tv_grid_seal(out);
}

static tv_val x_wrap_rows(tv_ctx *ctx, const tv_val *a) { return wrap(ctx, a, "wrap_rows", false); }
static tv_val x_wrap_cols(tv_ctx *ctx, const tv_val *a) { return wrap(ctx, a, "wrap_cols", true); }

#define SIZE_BG(fname) \
  {{#fname, 3, x_##fname, {T_GRID, T_DIMS, TT_NUM}, T_GRID}, {EXT_G, EXT_DIMS, EXT_BG}, "size"}
#define SIZE(fname) {{#fname, 2, x_##fname, {T_GRID, T_DIMS}, T_GRID}, {EXT_G, EXT_DIMS}, "size"}

const tv_prim_ext tv_prims_ext_size[] = {
    SIZE_BG(embed),       SIZE(tile_to),        SIZE_BG(tile_gap_to), SIZE(mirror_to),
    SIZE_BG(mirror_gap_to), SIZE(scale_to),     SIZE_BG(wrap_rows),   SIZE_BG(wrap_cols),
    {{NULL, 0, NULL, {0}, 0}, {0}, NULL},
};
