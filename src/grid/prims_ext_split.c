/*
 * prims_ext_split.c - extension primitives that cut a grid into parts
 * (table tv_prims_ext_split): by colour, into connected objects, into the
 * regions a separator colour leaves, into the panels between full separator
 * lines, into rows and columns, and into the insides of rectangular frames.
 *
 * Design. Every part is an arc-dsl object (a frozenset of cells), so it
 * keeps its position in the grid and works with every patch primitive;
 * parts hold all their cells, background-coloured ones included where the
 * part is a region (regions, panels, rows, columns, frame insides), so a
 * picker can crop a part back to its full extent. A list is a tuple of
 * parts ordered by the top-left corner of their bounding boxes in reading
 * order (ties: order of discovery), which makes `first`/`last` the top and
 * bottom part. Objects are built from cell indices collected in reading
 * order (tv_set_of_scanned_cells), so no part needs a sort of its own.
 */
#include <stdlib.h>
#include <string.h>

#include "grid/prims_ext_internal.h"

typedef struct part {
  int top, left, seq;
  tv_val obj;
} part;

static int by_corner(const void *a, const void *b) {
  const part *x = a, *y = b;
  if (x->top != y->top) return x->top < y->top ? -1 : 1;
  if (x->left != y->left) return x->left < y->left ? -1 : 1;
  return (x->seq > y->seq) - (x->seq < y->seq);
}

/* The tuple of the n parts in corner order (errors among them returned). */
static tv_val parts_tuple(tv_ctx *ctx, part *parts, size_t n) {
  if (n == 0) return TV_EMPTY_TUPLE;
  qsort(parts, n, sizeof *parts, by_corner);
  tv_val *items = scratch(ctx, n, sizeof *items);
  if (!items) return tv_oom_error(ctx);
  for (size_t k = 0; k < n; k++) {
    if (tv_is_error(parts[k].obj)) return parts[k].obj;
    items[k] = parts[k].obj;
  }
  return tv_tuple(ctx, n, items);
}

static inline tv_val cell_at(const ext_grid *g, int i, int j) {
  return tv_cell_imm(tv_byte_colour(ext_at(g, i, j)), i, j);
}

/* The object of every cell of the rectangle (charged one unit per cell). */
static tv_val rect_object(tv_ctx *ctx, const ext_grid *g, int top, int left, int h, int w) {
  size_t n = (size_t)h * (size_t)w;
  CHARGE(n);
  tv_val *items = scratch(ctx, n, sizeof *items);
  if (!items) return tv_oom_error(ctx);
  for (int i = 0; i < h; i++)
    for (int j = 0; j < w; j++) items[(size_t)i * (size_t)w + (size_t)j] = cell_at(g, top + i, left + j);
  return ext_object_of_scan(ctx, n, items);
}

/* ---- by colour and by connectivity ---------------------------------------- */

static tv_val x_split_colors(tv_ctx *ctx, const tv_val *args) {
  ext_grid g;
  uint8_t bg;
  tv_val err = ext_read_grid_colours(ctx, args, "split_colors", &g, &bg, NULL);
  if (err) return err;
  size_t n = ext_area(&g);
  CHARGE(2 * n);
  uint32_t counts[256], start[257];
  ext_histogram(&g, counts);
  start[0] = 0;
  for (int b = 0; b < 256; b++) start[b + 1] = start[b] + counts[b];
  size_t colours = 0;
  for (int b = 0; b < 256; b++) colours += b != bg && counts[b];
  tv_val *cells = scratch(ctx, n, sizeof *cells);
  part *parts = scratch(ctx, colours, sizeof *parts);
  if (!cells || !parts) return tv_oom_error(ctx);
  uint32_t fill[256];
  memcpy(fill, start, sizeof fill);
  int top[256], left[256];
  for (int b = 0; b < 256; b++) top[b] = left[b] = TV_GRID_MAX_SIDE;
  for (int i = 0; i < g.h; i++)
    for (int j = 0; j < g.w; j++) {
      uint8_t b = ext_at(&g, i, j);
      cells[fill[b]++] = cell_at(&g, i, j);
      if (top[b] > i) top[b] = i;
      if (left[b] > j) left[b] = j;
    }
  size_t np = 0;
  for (int c = TV_COLOUR_MIN; c <= TV_COLOUR_MAX; c++) {
    uint8_t b = tv_colour_byte(c);
    if (b == bg || !counts[b]) continue;
    tv_val obj = ext_object_of_scan(ctx, counts[b], cells + start[b]);
    parts[np] = (part){top[b], left[b], (int)np, obj};
    np++;
  }
  return parts_tuple(ctx, parts, np);
}

/* One part per component of g under `how`. */
static tv_val split_components(tv_ctx *ctx, const ext_grid *g, ext_connectivity how) {
  ext_components c;
  tv_val err = ext_label(ctx, g, how, &c);
  if (err) return err;
  part *parts = scratch(ctx, (size_t)c.n, sizeof *parts);
  if (!parts) return tv_oom_error(ctx);
  for (int k = 0; k < c.n; k++) {
    ext_box b = ext_component_box(g, &c, k);
    parts[k] = (part){b.top, b.left, k, ext_component_object(ctx, g, &c, k)};
  }
  return parts_tuple(ctx, parts, (size_t)c.n);
}

static tv_val split_by(tv_ctx *ctx, const tv_val *args, const char *name, bool diagonal,
                       bool univalued) {
  ext_grid g;
  uint8_t skipped;
  tv_val err = ext_read_grid_colours(ctx, args, name, &g, &skipped, NULL);
  if (err) return err;
  return split_components(ctx, &g, (ext_connectivity){diagonal, univalued, true, skipped});
}

static tv_val x_split_objects(tv_ctx *ctx, const tv_val *a) {
  return split_by(ctx, a, "split_objects", false, true);
}
static tv_val x_split_blobs(tv_ctx *ctx, const tv_val *a) {
  return split_by(ctx, a, "split_blobs", true, false);
}
static tv_val x_split_regions(tv_ctx *ctx, const tv_val *a) {
  return split_by(ctx, a, "split_regions", true, false);
}

/* ---- panels, rows and columns --------------------------------------------- */

/* Whether row i (column j when `column`) is all colour c. */
static bool uniform_line(const ext_grid *g, int k, bool column, uint8_t c) {
  int len = column ? g->h : g->w;
  for (int m = 0; m < len; m++)
    if ((column ? ext_at(g, m, k) : ext_at(g, k, m)) != c) return false;
  return true;
}

/* The colour with the most full one-colour rows and columns (ties: the
 * smaller colour), with those lines marked; false when there is no line or
 * when lines cover the whole grid. */
static bool separator_lines(const ext_grid *g, uint8_t *row_sep, uint8_t *col_sep) {
  int lines[256] = {0};
  for (int i = 0; i < g->h; i++)
    if (uniform_line(g, i, false, ext_at(g, i, 0))) lines[ext_at(g, i, 0)]++;
  for (int j = 0; j < g->w; j++)
    if (uniform_line(g, j, true, ext_at(g, 0, j))) lines[ext_at(g, 0, j)]++;
  int most = 0;
  uint8_t sep = 0;
  for (int c = TV_COLOUR_MIN; c <= TV_COLOUR_MAX; c++)
    if (lines[tv_colour_byte(c)] > most) {
      most = lines[tv_colour_byte(c)];
      sep = tv_colour_byte(c);
    }
  if (most == 0) return false;
  bool all_rows = true, all_cols = true;
  for (int i = 0; i < g->h; i++) all_rows &= (row_sep[i] = uniform_line(g, i, false, sep));
  for (int j = 0; j < g->w; j++) all_cols &= (col_sep[j] = uniform_line(g, j, true, sep));
  return !all_rows && !all_cols;
}

/* Maximal runs of unmarked indices: run k is [lo[k], hi[k]). */
static int runs(const uint8_t *marked, int n, int *lo, int *hi) {
  int count = 0;
  for (int k = 0; k < n;) {
    if (marked[k]) {
      k++;
      continue;
    }
    lo[count] = k;
    while (k < n && !marked[k]) k++;
    hi[count++] = k;
  }
  return count;
}

static tv_val x_split_panels(tv_ctx *ctx, const tv_val *args) {
  ext_grid g;
  tv_val err = ext_read_grid(ctx, args[0], "split_panels", &g);
  if (err) return err;
  CHARGE(4 * ext_area(&g));
  uint8_t row_sep[TV_GRID_MAX_SIDE], col_sep[TV_GRID_MAX_SIDE];
  if (g.h == 0 || !separator_lines(&g, row_sep, col_sep)) return TV_EMPTY_TUPLE;
  int rlo[TV_GRID_MAX_SIDE], rhi[TV_GRID_MAX_SIDE], clo[TV_GRID_MAX_SIDE], chi[TV_GRID_MAX_SIDE];
  int nr = runs(row_sep, g.h, rlo, rhi), nc = runs(col_sep, g.w, clo, chi);
  part *parts = scratch(ctx, (size_t)nr * (size_t)nc, sizeof *parts);
  if (!parts) return tv_oom_error(ctx);
  for (int r = 0; r < nr; r++)
    for (int c = 0; c < nc; c++)
      parts[r * nc + c] = (part){rlo[r], clo[c], r * nc + c,
                                 rect_object(ctx, &g, rlo[r], clo[c], rhi[r] - rlo[r], chi[c] - clo[c])};
  return parts_tuple(ctx, parts, (size_t)nr * (size_t)nc);
}

static tv_val lines_of(tv_ctx *ctx, const tv_val *args, const char *name, bool columns) {
  ext_grid g;
  tv_val err = ext_read_grid(ctx, args[0], name, &g);
  if (err) return err;
  int n = columns ? g.w : g.h;
  part *parts = scratch(ctx, (size_t)n, sizeof *parts);
  if (!parts) return tv_oom_error(ctx);
  for (int k = 0; k < n; k++)
    parts[k] = (part){columns ? 0 : k, columns ? k : 0, k,
                      columns ? rect_object(ctx, &g, 0, k, g.h, 1) : rect_object(ctx, &g, k, 0, 1, g.w)};
  return parts_tuple(ctx, parts, (size_t)n);
}

static tv_val x_split_rows(tv_ctx *ctx, const tv_val *a) { return lines_of(ctx, a, "split_rows", false); }
static tv_val x_split_cols(tv_ctx *ctx, const tv_val *a) { return lines_of(ctx, a, "split_cols", true); }

/* ---- insides of frames ------------------------------------------------------ */

/* right[k] / down[k]: length of the run of the colour of cell k starting
 * there and going right / down. */
static void run_lengths(const ext_grid *g, uint16_t *right, uint16_t *down) {
  for (int i = g->h - 1; i >= 0; i--)
    for (int j = g->w - 1; j >= 0; j--) {
      size_t k = (size_t)i * (size_t)g->w + (size_t)j;
      uint8_t c = g->cells[k];
      right[k] = (uint16_t)(1 + (j + 1 < g->w && ext_at(g, i, j + 1) == c ? right[k + 1] : 0));
      down[k] = (uint16_t)(1 + (i + 1 < g->h && ext_at(g, i + 1, j) == c ? down[k + (size_t)g->w] : 0));
    }
}

/* The rectangle (i, j) .. (i + h - 1, j + w - 1) is a frame: its border is
 * colour c (given the top row and left column already are) and the cells
 * diagonally inside its four corners are not. */
static bool is_frame(const ext_grid *g, const uint16_t *right, const uint16_t *down, int i, int j,
                     int h, int w, uint8_t c) {
  size_t gw = (size_t)g->w;
  if (down[(size_t)i * gw + (size_t)(j + w - 1)] < h) return false;
  if (right[(size_t)(i + h - 1) * gw + (size_t)j] < w) return false;
  if (ext_at(g, i + h - 2, j + 1) == c || ext_at(g, i + 1, j + w - 2) == c) return false;
  return ext_at(g, i + h - 2, j + w - 2) != c;
}

static tv_val x_framed_parts(tv_ctx *ctx, const tv_val *args) {
  ext_grid g;
  uint8_t bg;
  tv_val err = ext_read_grid_colours(ctx, args, "framed_parts", &g, &bg, NULL);
  if (err) return err;
  size_t n = ext_area(&g);
  CHARGE(2 * n);
  uint16_t *right = scratch(ctx, n, sizeof *right), *down = scratch(ctx, n, sizeof *down);
  if (!right || !down) return tv_oom_error(ctx);
  run_lengths(&g, right, down);
  size_t np = 0, cap = 0;
  part *parts = NULL;
  for (int i = 0; i + 2 < g.h; i++)
    for (int j = 0; j + 2 < g.w; j++) {
      uint8_t c = ext_at(&g, i, j);
      size_t k = (size_t)i * (size_t)g.w + (size_t)j;
      if (c == bg || ext_at(&g, i + 1, j + 1) == c || right[k] < 3 || down[k] < 3) continue;
      for (int w = 3; w <= right[k]; w++) {
        CHARGE(down[k]);
        for (int h = 3; h <= down[k]; h++) {
          if (!is_frame(&g, right, down, i, j, h, w, c)) continue;
          if (np == cap) {
            part *bigger = ta_grow(ctx->arena, parts, np, &cap, sizeof *parts, 8);
            if (!bigger) return tv_oom_error(ctx);
            parts = bigger;
          }
          parts[np] = (part){i + 1, j + 1, (int)np, rect_object(ctx, &g, i + 1, j + 1, h - 2, w - 2)};
          np++;
        }
      }
    }
  return parts_tuple(ctx, parts, np);
}

const tv_prim_ext tv_prims_ext_split[] = {
    {{"split_colors", 2, x_split_colors, {T_GRID, TT_NUM}, TT_TUPLE}, {EXT_G, EXT_BG}, "split"},
    {{"split_objects", 2, x_split_objects, {T_GRID, TT_NUM}, TT_TUPLE}, {EXT_G, EXT_BG}, "split"},
    {{"split_blobs", 2, x_split_blobs, {T_GRID, TT_NUM}, TT_TUPLE}, {EXT_G, EXT_BG}, "split"},
    {{"split_regions", 2, x_split_regions, {T_GRID, TT_NUM}, TT_TUPLE}, {EXT_G, EXT_C}, "split"},
    {{"split_panels", 1, x_split_panels, {T_GRID}, TT_TUPLE}, {EXT_G}, "split"},
    {{"split_rows", 1, x_split_rows, {T_GRID}, TT_TUPLE}, {EXT_G}, "split"},
    {{"split_cols", 1, x_split_cols, {T_GRID}, TT_TUPLE}, {EXT_G}, "split"},
    {{"framed_parts", 2, x_framed_parts, {T_GRID, TT_NUM}, TT_TUPLE}, {EXT_G, EXT_BG}, "split"},
    {{NULL, 0, NULL, {0}, 0}, {0}, NULL},
};
