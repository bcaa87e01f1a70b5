/*
 * prims_transform.c - the arc-dsl primitives that build grids and index
 * sets: rotations and mirrors, painting, scaling, splitting, boxes, lines,
 * frontiers and periods (table tv_prims_transform, see prims.h).
 *
 * Design. Grid arguments are read as raw bytes and each result grid is
 * written once into a fresh tv_grid. Most reshaping primitives (rotations,
 * mirrors, crops, halves, splits, scaling, compress) are one operation,
 * out[i][j] = in[row[i]][col[j]] or its transpose, so they share a single
 * remapping routine driven by two small index arrays. Tuples of tuples that
 * are not grids (values outside 0..255) take the same route on tv_val words,
 * so reshaping never needs a second implementation. Patches are read once
 * into a flat view of immediate pairs or cells; mirrors and shifts of
 * patches are affine maps on that view; index sets are built in scratch
 * arrays and handed to tv_set_take. Membership tests on patches use binary
 * search over sorted words (cells and pairs order like their words).
 *
 * Python semantics are followed literally, including its edge cases (empty
 * tuples, slicing with negative starts, bools as ints); where Python's
 * result depends on frozenset iteration order we use the canonical order
 * (docs/dsl-transform.md lists those cases and the few deviations).
 */
#include <stdlib.h>
#include <string.h>

#include "grid/prims_internal.h"

/* Largest index set or line we build; Python would grind for ages anyway. */
#define MAX_SET_BUILD ((int64_t)1 << 22)
/* Largest number of parts hsplit / vsplit produce. */
#define MAX_SPLIT_PARTS 4096
/* Python's frontier length and the bounded loops of gravitate and shoot. */
#define FRONTIER_LEN 30
#define GRAVITATE_STEPS 42
#define SHOOT_REACH 42

/* ---- small helpers ------------------------------------------------------- */

/* Python floor division and modulo (b != 0). */
static inline int64_t floordiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/* A number that can be stored in a grid cell, and the byte storing it. */
static bool as_colour(tv_val v, uint8_t *byte) {
  if (!tv_is_number(v) || !tv_colour_fits(tv_num(v))) return false;
  *byte = tv_colour_byte(tv_num(v));
  return true;
}

/* The value of a grid byte. */
static inline tv_val byte_value(uint8_t b) { return tv_int(tv_byte_colour(b)); }

static tv_val pair_error(tv_ctx *ctx, const char *name, tv_val v) {
  return tv_error(ctx, "%s: expected a pair of integers, got %s", name, tv_kind_name(v));
}

/* ---- grids and matrices -------------------------------------------------- */

/* A grid argument (h == 0 for the empty tuple). */
typedef struct grid_view {
  int h, w;
  const uint8_t *cells;
} grid_view;

/* Reads a grid; when `need_rows` the grid must have a first row, as Python
 * code doing len(grid[0]) requires. Returns 0 or an error value. */
static tv_val read_grid(tv_ctx *ctx, tv_val v, const char *name, bool need_rows, grid_view *g) {
  if (!tv_as_grid(v, &g->h, &g->w, &g->cells))
    return tv_error(ctx, "%s: expected a grid, got %s", name, tv_kind_name(v));
  if (need_rows && g->h == 0) return tv_error(ctx, "%s: empty grid", name);
  return 0;
}

/* A rectangular tuple of tuples: grid bytes, or tv_val words when some
 * value does not fit a cell. Exactly one of bytes / vals is used. */
typedef struct matrix {
  int h, w;
  const uint8_t *bytes;
  const tv_val *vals;
} matrix;

static tv_val load_matrix(tv_ctx *ctx, tv_val v, const char *name, matrix *m) {
  memset(m, 0, sizeof *m);
  CHARGE(0);
  if (tv_as_grid(v, &m->h, &m->w, &m->bytes)) return 0;
  if (!tv_is_tuple(v)) return tv_error(ctx, "%s: expected a grid, got %s", name, tv_kind_name(v));
  const tv_val *rows = tv_items(v);
  size_t h = tv_len(v), w = tv_is_tuplelike(rows[0]) ? tv_len(rows[0]) : 0;
  for (size_t i = 0; i < h; i++)
    if (!tv_is_tuplelike(rows[i]) || tv_len(rows[i]) != w)
      return tv_error(ctx, "%s: expected a grid (rows of equal length), got a tuple", name);
  if (h > TV_GRID_MAX_SIDE || w > TV_GRID_MAX_SIDE)
    return tv_error(ctx, "%s: grid larger than %d x %d", name, TV_GRID_MAX_SIDE, TV_GRID_MAX_SIDE);
  CHARGE(h * w);
  tv_val *vals = scratch(ctx, h * w, sizeof *vals);
  CHECK_ALLOC(vals);
  for (size_t i = 0; i < h; i++)
    for (size_t j = 0; j < w; j++) vals[i * w + j] = tv_at(ctx, rows[i], j);
  m->h = (int)h;
  m->w = (int)w;
  m->vals = vals;
  return 0;
}

static tv_val matrix_at(const matrix *m, int i, int j) {
  size_t k = (size_t)i * (size_t)m->w + (size_t)j;
  return m->bytes ? byte_value(m->bytes[k]) : m->vals[k];
}

/* A tuple of h rows of w values each (canonical: a grid when it can be). */
static tv_val tuple_of_rows(tv_ctx *ctx, int h, int w, const tv_val *vals) {
  if (h == 0) return TV_EMPTY_TUPLE;
  tv_val *rows = scratch(ctx, (size_t)h, sizeof *rows);
  CHECK_ALLOC(rows);
  for (int i = 0; i < h; i++) rows[i] = tv_tuple(ctx, (size_t)w, vals + (size_t)i * (size_t)w);
  return tv_tuple(ctx, (size_t)h, rows);
}

/* out[i][j] = in[rows[i]][cols[j]], or in[rows[j]][cols[i]] if transposed.
 * rows has the length of the source dimension it indexes. */
typedef struct remap {
  int h, w;
  const int *rows, *cols;
  bool transpose;
} remap;

static bool run_is_contiguous(const int *idx, int n) {
  for (int k = 1; k < n; k++)
    if (idx[k] != idx[0] + k) return false;
  return true;
}

static tv_val remap_bytes(tv_ctx *ctx, const matrix *m, const remap *r) {
  tv_val g = tv_grid_new(ctx, r->h, r->w);
  if (!tv_is_grid(g)) return g;
  uint8_t *out = tv_grid_cells(g);
  size_t sw = (size_t)m->w, ow = (size_t)r->w;
  if (r->transpose) {
    for (int i = 0; i < r->h; i++)
      for (int j = 0; j < r->w; j++)
        out[i * ow + j] = m->bytes[(size_t)r->rows[j] * sw + (size_t)r->cols[i]];
  } else if (r->w > 0 && run_is_contiguous(r->cols, r->w)) {
    for (int i = 0; i < r->h; i++)
      memcpy(out + i * ow, m->bytes + (size_t)r->rows[i] * sw + (size_t)r->cols[0], ow);
  } else {
    for (int i = 0; i < r->h; i++) {
      const uint8_t *src = m->bytes + (size_t)r->rows[i] * sw;
      for (int j = 0; j < r->w; j++) out[i * ow + j] = src[r->cols[j]];
    }
  }
  return tv_grid_seal(g);
}

static tv_val apply_remap(tv_ctx *ctx, const matrix *m, const remap *r) {
  CHECK_ALLOC(r->rows && r->cols); /* index_run may have run out */
  CHARGE(r->h > 0 ? (size_t)r->h * (size_t)r->w : 0);
  if (r->h <= 0) return TV_EMPTY_TUPLE;
  if (r->h > TV_GRID_MAX_SIDE || r->w > TV_GRID_MAX_SIDE)
    return tv_error(ctx, "grid of %d x %d exceeds the %d x %d limit", r->h, r->w,
                    TV_GRID_MAX_SIDE, TV_GRID_MAX_SIDE);
  if (m->bytes) return remap_bytes(ctx, m, r);
  tv_val *vals = scratch(ctx, (size_t)r->h * (size_t)r->w, sizeof *vals);
  CHECK_ALLOC(vals);
  for (int i = 0; i < r->h; i++)
    for (int j = 0; j < r->w; j++)
      vals[(size_t)i * (size_t)r->w + (size_t)j] =
          r->transpose ? matrix_at(m, r->rows[j], r->cols[i]) : matrix_at(m, r->rows[i], r->cols[j]);
  return tuple_of_rows(ctx, r->h, r->w, vals);
}

/* n indices start, start+step, ...; NULL when memory runs out. */
static int *index_run(tv_ctx *ctx, int n, int start, int step) {
  int *idx = scratch(ctx, (size_t)(n > 0 ? n : 1), sizeof *idx);
  if (!idx) return NULL;
  for (int k = 0; k < n; k++) idx[k] = start + k * step;
  return idx;
}

/* The rows [r0, r1) and columns [c0, c1) of m. */
static tv_val crop_matrix(tv_ctx *ctx, const matrix *m, int64_t r0, int64_t r1, int64_t c0,
                          int64_t c1) {
  remap r = {(int)(r1 - r0), (int)(c1 - c0), index_run(ctx, (int)(r1 - r0), (int)r0, 1),
             index_run(ctx, (int)(c1 - c0), (int)c0, 1), false};
  return apply_remap(ctx, m, &r);
}

typedef enum reshape {
  RS_ROT90,
  RS_ROT180,
  RS_ROT270,
  RS_HMIRROR,
  RS_VMIRROR,
  RS_DMIRROR,
  RS_CMIRROR,
} reshape;

/* Rotations and mirrors of a matrix. Transposing ones give (): Python's
 * zip(*rows) of empty rows is empty. */
static tv_val reshape_matrix(tv_ctx *ctx, const matrix *m, reshape k) {
  bool transpose = k == RS_ROT90 || k == RS_ROT270 || k == RS_DMIRROR || k == RS_CMIRROR;
  bool flip_rows = k == RS_ROT90 || k == RS_ROT180 || k == RS_HMIRROR || k == RS_CMIRROR;
  bool flip_cols = k == RS_ROT180 || k == RS_ROT270 || k == RS_VMIRROR || k == RS_CMIRROR;
  remap r = {transpose ? m->w : m->h, transpose ? m->h : m->w,
             flip_rows ? index_run(ctx, m->h, m->h - 1, -1) : index_run(ctx, m->h, 0, 1),
             flip_cols ? index_run(ctx, m->w, m->w - 1, -1) : index_run(ctx, m->w, 0, 1),
             transpose};
  return apply_remap(ctx, m, &r);
}

/* ---- patches ------------------------------------------------------------- */

/* Reads a patch that must not be empty (Python's min() of nothing). */
static tv_val read_nonempty_patch(tv_ctx *ctx, tv_val v, const char *name, patch_view *p) {
  tv_val err = tv_patch_read_immediate(ctx, v, name, p);
  if (err) return err;
  return p->n ? 0 : tv_error(ctx, "%s: empty patch", name);
}

static patch_box patch_bbox(const patch_view *p) {
  patch_box b = {INT64_MAX, INT64_MAX, INT64_MIN, INT64_MIN};
  for (size_t k = 0; k < p->n; k++) {
    int64_t i = loc_i(p->items[k]), j = loc_j(p->items[k]);
    b.top = min64(b.top, i);
    b.bottom = max64(b.bottom, i);
    b.left = min64(b.left, j);
    b.right = max64(b.right, j);
  }
  return b;
}

/* Python's height/width of a patch: the bounding box of a set, but
 * len(piece) and len(piece[0]) (always 2) of a tuple. */
static void patch_shape(const patch_view *p, const patch_box *b, int64_t *h, int64_t *w) {
  if (p->is_set) {
    *h = b->bottom - b->top + 1;
    *w = b->right - b->left + 1;
  } else {
    *h = (int64_t)p->n;
    *w = 2;
  }
}

/* ni = ii*i + ij*j + i0, nj = ji*i + jj*j + j0 */
typedef struct affine {
  int64_t ii, ij, i0, ji, jj, j0;
} affine;

static tv_val map_patch(tv_ctx *ctx, const patch_view *p, affine f) {
  CHARGE(p->n);
  tv_val *out = scratch(ctx, p->n, sizeof *out);
  CHECK_ALLOC(out);
  for (size_t k = 0; k < p->n; k++) {
    tv_val v = p->items[k];
    int64_t i = loc_i(v), j = loc_j(v);
    int64_t ni = f.ii * i + f.ij * j + f.i0, nj = f.ji * i + f.jj * j + f.j0;
    out[k] = p->mode == PATCH_CELLS ? mk_cell(ctx, tv_cell_color(v), ni, nj) : mk_pair(ctx, ni, nj);
  }
  return tv_set_take(ctx, p->n, out);
}

static int cmp_words(const void *a, const void *b) {
  tv_val x = *(const tv_val *)a, y = *(const tv_val *)b;
  return (x > y) - (x < y);
}

/* The positions of a patch as sorted pair words (duplicates kept); NULL
 * when memory runs out. */
static tv_val *sorted_positions(tv_ctx *ctx, const patch_view *p) {
  tv_val *pos = scratch(ctx, p->n, sizeof *pos);
  if (!pos) return NULL;
  bool sorted = true;
  for (size_t k = 0; k < p->n; k++) {
    pos[k] = p->mode == PATCH_CELLS ? tv_pair_imm(tv_cell_i(p->items[k]), tv_cell_j(p->items[k])) : p->items[k];
    if (k && pos[k] < pos[k - 1]) sorted = false;
  }
  if (!sorted) qsort(pos, p->n, sizeof *pos, cmp_words);
  return pos;
}

/* Whether the sorted words contain w. */
static bool has_word(const tv_val *sorted, size_t n, tv_val w) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (sorted[mid] < w)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < n && sorted[lo] == w;
}

static bool has_position(const tv_val *sorted, size_t n, int64_t i, int64_t j) {
  return tv_pair_fits(i, j) && has_word(sorted, n, tv_pair_imm(i, j));
}

/* ---- rotations and mirrors ----------------------------------------------- */

static tv_val reshape_arg(tv_ctx *ctx, tv_val v, const char *name, reshape k) {
  matrix m;
  tv_val err = load_matrix(ctx, v, name, &m);
  return err ? err : reshape_matrix(ctx, &m, k);
}

static tv_val p_rot90(tv_ctx *ctx, const tv_val *a) {
  return reshape_arg(ctx, a[0], "rot90", RS_ROT90);
}
static tv_val p_rot180(tv_ctx *ctx, const tv_val *a) {
  return reshape_arg(ctx, a[0], "rot180", RS_ROT180);
}
static tv_val p_rot270(tv_ctx *ctx, const tv_val *a) {
  return reshape_arg(ctx, a[0], "rot270", RS_ROT270);
}

/* Mirror of a patch within its own bounding box. cmirror is Python's
 * vmirror(dmirror(vmirror(p))) folded into one map. */
static tv_val mirror_patch(tv_ctx *ctx, tv_val v, const char *name, reshape k) {
  patch_view p;
  tv_val err = read_nonempty_patch(ctx, v, name, &p);
  if (err) return err;
  patch_box b = patch_bbox(&p);
  affine f;
  switch (k) {
    case RS_HMIRROR: f = (affine){-1, 0, b.top + b.bottom, 0, 1, 0}; break;
    case RS_VMIRROR: f = (affine){1, 0, 0, 0, -1, b.left + b.right}; break;
    case RS_DMIRROR: f = (affine){0, 1, b.top - b.left, 1, 0, b.left - b.top}; break;
    default: f = (affine){0, -1, b.top + b.right, -1, 0, b.left + b.bottom}; break;
  }
  return map_patch(ctx, &p, f);
}

/* Python mirrors any tuple as a grid first, a frozenset as a patch. */
static tv_val mirror_piece(tv_ctx *ctx, tv_val v, const char *name, reshape k) {
  if (tv_is_set(v)) return mirror_patch(ctx, v, name, k);
  return reshape_arg(ctx, v, name, k);
}

/* piece[::-1] of a tuple that is not a grid (pairs, cells, tuples). */
static tv_val reversed_tuple(tv_ctx *ctx, tv_val v) {
  size_t n = tv_len(v);
  CHARGE(n);
  tv_val *items = scratch(ctx, n, sizeof *items);
  CHECK_ALLOC(items);
  for (size_t k = 0; k < n; k++) items[k] = tv_at(ctx, v, n - 1 - k);
  return tv_tuple(ctx, n, items);
}

static tv_val p_hmirror(tv_ctx *ctx, const tv_val *a) {
  int h, w;
  const uint8_t *cells;
  if (!tv_is_set(a[0]) && !tv_as_grid(a[0], &h, &w, &cells) && tv_is_tuplelike(a[0]))
    return reversed_tuple(ctx, a[0]);
  return mirror_piece(ctx, a[0], "hmirror", RS_HMIRROR);
}
static tv_val p_vmirror(tv_ctx *ctx, const tv_val *a) {
  return mirror_piece(ctx, a[0], "vmirror", RS_VMIRROR);
}
static tv_val p_dmirror(tv_ctx *ctx, const tv_val *a) {
  return mirror_piece(ctx, a[0], "dmirror", RS_DMIRROR);
}
static tv_val p_cmirror(tv_ctx *ctx, const tv_val *a) {
  return mirror_piece(ctx, a[0], "cmirror", RS_CMIRROR);
}

/* ---- painting ------------------------------------------------------------ */

/* Reads the grid argument of a painting primitive. Python paints any tuple
 * of tuples, including one holding non-colours from an earlier step (e.g.
 * underfill(grid, -1, ...)); such grids take the slower word path. */
static tv_val read_canvas(tv_ctx *ctx, tv_val v, const char *name, bool need_rows, matrix *m) {
  tv_val err = load_matrix(ctx, v, name, m);
  if (!err && need_rows && m->h == 0) err = tv_error(ctx, "%s: empty grid", name);
  return err;
}

static bool same_value(tv_val a, tv_val b) { return a == b || tv_eq(a, b); }

/* Most common value, ties to the smallest: only a fallback for when the
 * mostcolor primitive is not registered (see background). */
static tv_val matrix_mostcolor(tv_ctx *ctx, const matrix *m) {
  size_t n = (size_t)m->h * (size_t)m->w;
  if (m->bytes) {
    size_t counts[256] = {0};
    for (size_t k = 0; k < n; k++) counts[m->bytes[k]]++;
    int best = TV_COLOUR_MIN;
    for (int c = TV_COLOUR_MIN + 1; c <= TV_COLOUR_MAX; c++)
      if (counts[tv_colour_byte(c)] > counts[tv_colour_byte(best)]) best = c;
    return tv_int(best);
  }
  tv_val *sorted = scratch(ctx, n, sizeof *sorted);
  CHECK_ALLOC(sorted);
  memcpy(sorted, m->vals, n * sizeof *sorted);
  qsort(sorted, n, sizeof *sorted, cmp_value);
  tv_val best = sorted[0];
  size_t best_run = 0;
  for (size_t k = 0; k < n;) {
    size_t end = k + 1;
    while (end < n && same_value(sorted[end], sorted[k])) end++;
    if (end - k > best_run) {
      best_run = end - k;
      best = sorted[k];
    }
    k = end;
  }
  return best;
}

/* Python's mostcolor(grid), through the primitive itself so that ties break
 * the same way everywhere (it reproduces CPython's set iteration order). */
static tv_val background(tv_ctx *ctx, tv_val grid, const matrix *m) {
  const tv_prim *mostcolor = tv_prim_lookup("mostcolor");
  return mostcolor ? mostcolor->fn(ctx, &grid) : matrix_mostcolor(ctx, m);
}

/* A copy of a grid being painted: bytes while every value is a colour,
 * words when the input holds words or a written value is no colour. */
typedef struct canvas {
  int h, w;
  tv_val grid;
  uint8_t *bytes;
  tv_val *words;
} canvas;

static tv_val canvas_open(tv_ctx *ctx, canvas *c, const matrix *m, bool words) {
  size_t n = (size_t)m->h * (size_t)m->w;
  memset(c, 0, sizeof *c);
  c->h = m->h;
  c->w = m->w;
  if (m->bytes && !words) {
    c->grid = tv_grid_new(ctx, m->h, m->w);
    if (!tv_is_grid(c->grid)) return c->grid;
    c->bytes = tv_grid_cells(c->grid);
    memcpy(c->bytes, m->bytes, n);
    return 0;
  }
  c->words = scratch(ctx, n, sizeof *c->words);
  CHECK_ALLOC(c->words);
  for (size_t k = 0; k < n; k++) c->words[k] = m->bytes ? byte_value(m->bytes[k]) : m->vals[k];
  return 0;
}

static inline tv_val canvas_get(const canvas *c, size_t k) {
  return c->bytes ? byte_value(c->bytes[k]) : c->words[k];
}

/* Stores v (held as `byte` when the canvas holds bytes). */
static inline void canvas_put(canvas *c, size_t k, tv_val v, uint8_t byte) {
  if (c->bytes)
    c->bytes[k] = byte;
  else
    c->words[k] = v;
}

/* Index of (i, j) in the canvas, or -1 when outside. */
static inline int64_t canvas_index(const canvas *c, int64_t i, int64_t j) {
  return (i < 0 || i >= c->h || j < 0 || j >= c->w) ? -1 : i * c->w + j;
}

static tv_val canvas_close(tv_ctx *ctx, canvas *c) {
  return c->bytes ? tv_grid_seal(c->grid) : tuple_of_rows(ctx, c->h, c->w, c->words);
}

/* Writes `value` at the in-grid positions of p; when `only` is set, only
 * over cells holding it in the original grid (each position is written
 * once, so testing the original is the same as testing as we go). */
static tv_val fill_positions(tv_ctx *ctx, const matrix *m, tv_val value, const patch_view *p,
                             tv_val only) {
  CHARGE((size_t)m->h * (size_t)m->w + p->n);
  uint8_t colour = 0;
  bool byte = as_colour(value, &colour);
  canvas c;
  tv_val err = canvas_open(ctx, &c, m, !byte);
  if (err) return err;
  for (size_t k = 0; k < p->n; k++) {
    int64_t at = canvas_index(&c, loc_i(p->items[k]), loc_j(p->items[k]));
    if (at < 0) continue;
    if (only && !same_value(matrix_at(m, (int)(at / m->w), (int)(at % m->w)), only)) continue;
    canvas_put(&c, (size_t)at, value, colour);
  }
  return canvas_close(ctx, &c);
}

/* Reads the (grid, patch) arguments shared by the painting primitives. */
static tv_val read_grid_patch(tv_ctx *ctx, tv_val grid, tv_val patch, const char *name, matrix *m,
                              patch_view *p) {
  tv_val err = read_canvas(ctx, grid, name, true, m);
  return err ? err : tv_patch_read_immediate(ctx, patch, name, p);
}

static tv_val p_fill(tv_ctx *ctx, const tv_val *a) {
  matrix m;
  patch_view p;
  tv_val err = read_grid_patch(ctx, a[0], a[2], "fill", &m, &p);
  return err ? err : fill_positions(ctx, &m, a[1], &p, 0);
}

static tv_val p_underfill(tv_ctx *ctx, const tv_val *a) {
  matrix m;
  patch_view p;
  tv_val err = read_grid_patch(ctx, a[0], a[2], "underfill", &m, &p);
  tv_val bg = err ? err : background(ctx, a[0], &m);
  return tv_is_error(bg) ? bg : fill_positions(ctx, &m, a[1], &p, bg);
}

static tv_val p_cover(tv_ctx *ctx, const tv_val *a) {
  matrix m;
  patch_view p;
  tv_val err = read_grid_patch(ctx, a[0], a[1], "cover", &m, &p);
  tv_val bg = err ? err : background(ctx, a[0], &m);
  return tv_is_error(bg) ? bg : fill_positions(ctx, &m, bg, &p, 0);
}

/* Paints cells in order (shifted by di, dj); when `under` is set only where
 * the current value is `under`, as Python checks as it goes. */
static void paint_onto(canvas *c, const patch_view *p, int64_t di, int64_t dj, tv_val under) {
  for (size_t k = 0; k < p->n; k++) {
    tv_val v = p->items[k];
    int64_t at = canvas_index(c, tv_cell_i(v) + di, tv_cell_j(v) + dj);
    if (at < 0 || (under && !same_value(canvas_get(c, (size_t)at), under))) continue;
    canvas_put(c, (size_t)at, tv_int(tv_cell_color(v)), tv_colour_byte(tv_cell_color(v)));
  }
}

static tv_val need_cells(tv_ctx *ctx, const patch_view *p, const char *name) {
  if (p->n == 0 || p->mode == PATCH_CELLS) return 0;
  return tv_error(ctx, "%s: expected an object (cells with colours), got indices", name);
}

static tv_val paint_object(tv_ctx *ctx, const tv_val *a, const char *name, bool under) {
  matrix m;
  patch_view p;
  canvas c;
  tv_val err = read_grid_patch(ctx, a[0], a[1], name, &m, &p);
  if (!err) err = need_cells(ctx, &p, name);
  if (err) return err;
  CHARGE((size_t)m.h * (size_t)m.w + p.n);
  tv_val bg = under ? background(ctx, a[0], &m) : 0;
  if (tv_is_error(bg)) return bg;
  if ((err = canvas_open(ctx, &c, &m, false))) return err;
  paint_onto(&c, &p, 0, 0, bg);
  return canvas_close(ctx, &c);
}

static tv_val p_paint(tv_ctx *ctx, const tv_val *a) { return paint_object(ctx, a, "paint", false); }
static tv_val p_underpaint(tv_ctx *ctx, const tv_val *a) {
  return paint_object(ctx, a, "underpaint", true);
}

/* paint(cover(grid, obj), shift(obj, offset)) in one copy. */
static tv_val p_move(tv_ctx *ctx, const tv_val *a) {
  matrix m;
  patch_view p;
  canvas c;
  int64_t di = 0, dj = 0;
  tv_val err = read_canvas(ctx, a[0], "move", true, &m);
  if (!err) err = tv_patch_read_immediate(ctx, a[1], "move", &p); /* empty: grid unchanged */
  /* shift() returns an empty patch before it unpacks the offset */
  if (!err && p.n > 0 && !two_numbers(a[2], true, &di, &dj)) err = pair_error(ctx, "move", a[2]);
  if (!err) err = need_cells(ctx, &p, "move");
  if (err) return err;
  CHARGE((size_t)m.h * (size_t)m.w + 2 * p.n);
  tv_val bg = background(ctx, a[0], &m);
  uint8_t bg_colour = 0;
  if (tv_is_error(bg)) return bg;
  if ((err = canvas_open(ctx, &c, &m, !as_colour(bg, &bg_colour)))) return err;
  for (size_t k = 0; k < p.n; k++) {
    int64_t at = canvas_index(&c, tv_cell_i(p.items[k]), tv_cell_j(p.items[k]));
    if (at >= 0) canvas_put(&c, (size_t)at, bg, bg_colour);
  }
  paint_onto(&c, &p, di, dj, 0);
  return canvas_close(ctx, &c);
}

/* ---- colours ------------------------------------------------------------- */

/* Maps every cell of a byte grid through table[byte]; returns the grid
 * itself when nothing changes, and a tuple of tuples when a new value is
 * no colour. */
static tv_val recolour_bytes(tv_ctx *ctx, tv_val grid, const matrix *m, const tv_val *table) {
  size_t n = (size_t)m->h * (size_t)m->w;
  bool present[256] = {false};
  for (size_t k = 0; k < n; k++) present[m->bytes[k]] = true;
  bool changes = false, bytes_only = true;
  uint8_t map[256];
  for (int c = 0; c < 256; c++) {
    map[c] = (uint8_t)c;
    if (!present[c] || table[c] == byte_value((uint8_t)c)) continue;
    changes = true;
    if (!as_colour(table[c], &map[c])) bytes_only = false;
  }
  if (!changes) return grid;
  if (!bytes_only) {
    tv_val *vals = scratch(ctx, n, sizeof *vals);
    CHECK_ALLOC(vals);
    for (size_t k = 0; k < n; k++) vals[k] = table[m->bytes[k]];
    return tuple_of_rows(ctx, m->h, m->w, vals);
  }
  tv_val out = tv_grid_new(ctx, m->h, m->w);
  if (!tv_is_grid(out)) return out;
  uint8_t *cells = tv_grid_cells(out);
  for (size_t k = 0; k < n; k++) cells[k] = map[m->bytes[k]];
  return tv_grid_seal(out);
}

static bool is_number_equal(tv_val v, int c) { return tv_is_number(v) && tv_num(v) == c; }

/* replace (swap == false): a -> b; switch (swap == true): a <-> b. */
static tv_val substitute(tv_ctx *ctx, const tv_val *args, const char *name, bool swap) {
  matrix m;
  tv_val err = read_canvas(ctx, args[0], name, false, &m), a = args[1], b = args[2];
  if (err) return err;
  size_t n = (size_t)m.h * (size_t)m.w;
  CHARGE(n);
  if (m.bytes) {
    tv_val table[256];
    for (int c = 0; c < 256; c++) {
      int colour = tv_byte_colour((uint8_t)c);
      table[c] = is_number_equal(a, colour)                 ? b
                 : (swap && is_number_equal(b, colour)) ? a
                                                          : tv_int(colour);
    }
    return recolour_bytes(ctx, args[0], &m, table);
  }
  tv_val *vals = scratch(ctx, n, sizeof *vals);
  CHECK_ALLOC(vals);
  for (size_t k = 0; k < n; k++) {
    tv_val v = m.vals[k];
    vals[k] = same_value(v, a) ? b : (swap && same_value(v, b)) ? a : v;
  }
  return tuple_of_rows(ctx, m.h, m.w, vals);
}

static tv_val p_replace(tv_ctx *ctx, const tv_val *a) { return substitute(ctx, a, "replace", false); }
static tv_val p_switch(tv_ctx *ctx, const tv_val *a) { return substitute(ctx, a, "switch", true); }

static tv_val p_cellwise(tv_ctx *ctx, const tv_val *a) {
  matrix ma, mb;
  canvas c;
  tv_val err = read_canvas(ctx, a[0], "cellwise", true, &ma);
  if (!err) err = read_canvas(ctx, a[1], "cellwise", false, &mb);
  if (err) return err;
  if (ma.w > 0 && (mb.h < ma.h || mb.w < ma.w))
    return tv_error(ctx, "cellwise: second grid (%d x %d) is smaller than the first (%d x %d)",
                    mb.h, mb.w, ma.h, ma.w);
  CHARGE((size_t)ma.h * (size_t)ma.w);
  uint8_t colour = 0;
  bool byte = as_colour(a[2], &colour);
  if ((err = canvas_open(ctx, &c, &ma, !byte || !mb.bytes))) return err;
  for (int i = 0; i < ma.h; i++)
    for (int j = 0; j < ma.w; j++) {
      size_t k = (size_t)i * (size_t)ma.w + (size_t)j;
      bool same = c.bytes ? ma.bytes[k] == mb.bytes[(size_t)i * (size_t)mb.w + (size_t)j]
                          : same_value(matrix_at(&ma, i, j), matrix_at(&mb, i, j));
      if (!same) canvas_put(&c, k, a[2], colour);
    }
  return canvas_close(ctx, &c);
}

static tv_val p_index(tv_ctx *ctx, const tv_val *a) {
  matrix m;
  int64_t i, j;
  /* A cell unpacks as i = colour, j = (i, j): Python returns None when that
   * row is outside the grid and fails comparing j otherwise. */
  bool cell = tv_is_cell(a[1]);
  if (cell) i = tv_cell_color(a[1]), j = 0;
  else if (!two_numbers(a[1], true, &i, &j)) return pair_error(ctx, "index", a[1]);
  tv_val err = read_canvas(ctx, a[0], "index", true, &m);
  if (err) return err;
  CHARGE(1);
  if (cell && i >= 0 && i < m.h)
    return tv_error(ctx, "index: cannot compare a location pair with an integer");
  /* Python returns None; () stands in for it: falsy, equal to no number
   * and not orderable against one (solver 9edfc990 compares it). */
  if (i < 0 || i >= m.h || j < 0 || j >= m.w) return TV_EMPTY_TUPLE;
  return matrix_at(&m, (int)i, (int)j);
}

static tv_val p_canvas(tv_ctx *ctx, const tv_val *a) {
  int64_t h, w;
  if (!two_numbers(a[1], false, &h, &w)) {
    /* range(dimensions[0]) comes first: no rows means dimensions[1] is never read */
    bool no_rows = tv_is_cell(a[1]) ? tv_cell_color(a[1]) <= 0
                                    : tv_is_tuple(a[1]) && tv_len(a[1]) > 0 &&
                                          tv_is_number(tv_items(a[1])[0]) &&
                                          tv_num(tv_items(a[1])[0]) <= 0;
    return no_rows ? TV_EMPTY_TUPLE : pair_error(ctx, "canvas", a[1]);
  }
  CHARGE(0);
  if (h <= 0) return TV_EMPTY_TUPLE;
  w = max64(w, 0);
  if (h > TV_GRID_MAX_SIDE || w > TV_GRID_MAX_SIDE)
    return tv_error(ctx, "canvas: %lld x %lld exceeds the %d x %d limit", (long long)h,
                    (long long)w, TV_GRID_MAX_SIDE, TV_GRID_MAX_SIDE);
  CHARGE(h * w);
  uint8_t colour;
  if (as_colour(a[0], &colour)) {
    tv_val out = tv_grid_new(ctx, (int)h, (int)w);
    if (!tv_is_grid(out)) return out;
    memset(tv_grid_cells(out), colour, (size_t)(h * w));
    return tv_grid_seal(out);
  }
  tv_val *vals = scratch(ctx, (size_t)(h * w), sizeof *vals);
  CHECK_ALLOC(vals);
  for (int64_t k = 0; k < h * w; k++) vals[k] = a[0];
  return tuple_of_rows(ctx, (int)h, (int)w, vals);
}

/* ---- scaling ------------------------------------------------------------- */

static tv_val read_number(tv_ctx *ctx, tv_val v, const char *name, int64_t *out) {
  *out = 0;
  if (!tv_is_number(v)) return tv_error(ctx, "%s: expected an integer, got %s", name, tv_kind_name(v));
  *out = tv_num(v);
  return 0;
}

/* Repeats every row fv times and every column fh times (factors <= 0 give
 * no rows / no columns, as range(factor) is empty). */
static tv_val scale_matrix(tv_ctx *ctx, const matrix *m, int64_t fv, int64_t fh,
                           const char *name) {
  fv = max64(fv, 0);
  fh = max64(fh, 0);
  if ((m->h > 0 && fv > TV_GRID_MAX_SIDE) || (m->w > 0 && fh > TV_GRID_MAX_SIDE) ||
      m->h * fv > TV_GRID_MAX_SIDE || m->w * fh > TV_GRID_MAX_SIDE)
    return tv_error(ctx, "%s: result exceeds the %d x %d grid limit", name, TV_GRID_MAX_SIDE,
                    TV_GRID_MAX_SIDE);
  int h = (int)(m->h * fv), w = (int)(m->w * fh);
  int *rows = scratch(ctx, (size_t)h + 1, sizeof *rows), *cols = scratch(ctx, (size_t)w + 1, sizeof *cols);
  CHECK_ALLOC(rows && cols);
  CHECK_ALLOC(rows);
  for (int i = 0; i < h; i++) rows[i] = (int)(i / fv);
  for (int j = 0; j < w; j++) cols[j] = (int)(j / fh);
  remap r = {h, w, rows, cols, false};
  return apply_remap(ctx, m, &r);
}

static tv_val scale_arg(tv_ctx *ctx, const tv_val *a, const char *name, bool rows, bool cols) {
  matrix m;
  int64_t f = 0;
  /* Python loops over the rows first: no rows, no use of the factor */
  if (tv_is_tuple(a[0]) && tv_len(a[0]) == 0) return TV_EMPTY_TUPLE;
  tv_val err = read_number(ctx, a[1], name, &f);
  if (!err) err = load_matrix(ctx, a[0], name, &m);
  return err ? err : scale_matrix(ctx, &m, rows ? f : 1, cols ? f : 1, name);
}

static tv_val p_hupscale(tv_ctx *ctx, const tv_val *a) {
  return scale_arg(ctx, a, "hupscale", false, true);
}
static tv_val p_vupscale(tv_ctx *ctx, const tv_val *a) {
  return scale_arg(ctx, a, "vupscale", true, false);
}

/* An object scaled about its upper-left corner. */
static tv_val upscale_object(tv_ctx *ctx, tv_val v, int64_t f) {
  patch_view p;
  tv_val err = tv_patch_read_immediate(ctx, v, "upscale", &p);
  if (err) return err;
  if (p.n == 0) return TV_EMPTY_SET;
  /* Python unpacks every cell before its empty range(factor) loops, so
   * indices still raise while an object scaled by f <= 0 is frozenset(). */
  if ((err = need_cells(ctx, &p, "upscale"))) return err;
  if (f <= 0) return TV_EMPTY_SET;
  if (f > MAX_SET_BUILD || (int64_t)p.n * f * f > MAX_SET_BUILD)
    return tv_error(ctx, "upscale: object of %zu cells scaled by %lld is too large", p.n,
                    (long long)f);
  size_t n = p.n * (size_t)(f * f);
  CHARGE(n);
  patch_box b = patch_bbox(&p);
  tv_val *out = scratch(ctx, n, sizeof *out);
  CHECK_ALLOC(out);
  size_t k = 0;
  for (size_t e = 0; e < p.n; e++) {
    tv_val c = p.items[e];
    int64_t i0 = (tv_cell_i(c) - b.top) * f + b.top, j0 = (tv_cell_j(c) - b.left) * f + b.left;
    for (int64_t io = 0; io < f; io++)
      for (int64_t jo = 0; jo < f; jo++) out[k++] = mk_cell(ctx, tv_cell_color(c), i0 + io, j0 + jo);
  }
  return tv_set_take(ctx, n, out);
}

static tv_val p_upscale(tv_ctx *ctx, const tv_val *a) {
  int64_t f = 0;
  /* Python returns before it uses the factor: no rows, or an empty object */
  if (tv_is_tuple(a[0]) && tv_len(a[0]) == 0) return TV_EMPTY_TUPLE;
  if (tv_is_set(a[0]) && tv_len(a[0]) == 0) return TV_EMPTY_SET;
  tv_val err = read_number(ctx, a[1], "upscale", &f);
  if (err) return err;
  if (tv_is_set(a[0])) return upscale_object(ctx, a[0], f);
  matrix m;
  err = load_matrix(ctx, a[0], "upscale", &m);
  return err ? err : scale_matrix(ctx, &m, f, f, "upscale");
}

/* Keeps rows and columns whose index is a multiple of the factor. */
static tv_val p_downscale(tv_ctx *ctx, const tv_val *a) {
  matrix m;
  int64_t f = 0;
  tv_val err = read_number(ctx, a[1], "downscale", &f);
  if (!err) err = load_matrix(ctx, a[0], "downscale", &m);
  if (err) return err;
  if (m.h == 0) return tv_error(ctx, "downscale: empty grid");
  if (f == 0) return tv_error(ctx, "downscale: integer modulo by zero");
  int64_t step = f < 0 ? -f : f;
  int h = (int)((m.h + step - 1) / step), w = (int)((m.w + step - 1) / step);
  remap r = {h, w, index_run(ctx, h, 0, (int)min64(step, TV_GRID_MAX_SIDE)),
             index_run(ctx, w, 0, (int)min64(step, TV_GRID_MAX_SIDE)), false};
  return apply_remap(ctx, &m, &r);
}

/* ---- concatenation and cropping ----------------------------------------- */

static tv_val p_hconcat(tv_ctx *ctx, const tv_val *a) {
  matrix ma, mb;
  tv_val err = load_matrix(ctx, a[0], "hconcat", &ma);
  if (!err) err = load_matrix(ctx, a[1], "hconcat", &mb);
  if (err) return err;
  int h = ma.h < mb.h ? ma.h : mb.h, w = ma.w + mb.w;
  if (h == 0) return TV_EMPTY_TUPLE;
  CHARGE((size_t)h * (size_t)w);
  if (ma.bytes && mb.bytes) {
    tv_val out = tv_grid_new(ctx, h, w);
    if (!tv_is_grid(out)) return out;
    uint8_t *cells = tv_grid_cells(out);
    for (int i = 0; i < h; i++) {
      memcpy(cells + (size_t)i * w, ma.bytes + (size_t)i * ma.w, (size_t)ma.w);
      memcpy(cells + (size_t)i * w + ma.w, mb.bytes + (size_t)i * mb.w, (size_t)mb.w);
    }
    return tv_grid_seal(out);
  }
  tv_val *vals = scratch(ctx, (size_t)h * (size_t)w, sizeof *vals);
  CHECK_ALLOC(vals);
  for (int i = 0; i < h; i++)
    for (int j = 0; j < w; j++)
      vals[(size_t)i * w + j] = j < ma.w ? matrix_at(&ma, i, j) : matrix_at(&mb, i, j - ma.w);
  return tuple_of_rows(ctx, h, w, vals);
}

/* a + b: stacked grids, or any two tuples concatenated. */
static tv_val p_vconcat(tv_ctx *ctx, const tv_val *a) {
  grid_view ga, gb;
  CHARGE(0);
  if (tv_as_grid(a[0], &ga.h, &ga.w, &ga.cells) && tv_as_grid(a[1], &gb.h, &gb.w, &gb.cells)) {
    if (ga.h == 0) return a[1];
    if (gb.h == 0) return a[0];
    if (ga.w == gb.w && ga.h + gb.h <= TV_GRID_MAX_SIDE) {
      CHARGE((size_t)(ga.h + gb.h) * (size_t)ga.w);
      tv_val out = tv_grid_new(ctx, ga.h + gb.h, ga.w);
      if (!tv_is_grid(out)) return out;
      size_t na = (size_t)ga.h * (size_t)ga.w;
      memcpy(tv_grid_cells(out), ga.cells, na);
      memcpy(tv_grid_cells(out) + na, gb.cells, (size_t)gb.h * (size_t)gb.w);
      return tv_grid_seal(out);
    }
  }
  if (!tv_is_tuplelike(a[0]) || !tv_is_tuplelike(a[1]))
    return tv_error(ctx, "vconcat: can only concatenate tuples, got %s and %s",
                    tv_kind_name(a[0]), tv_kind_name(a[1]));
  size_t na = tv_len(a[0]), nb = tv_len(a[1]);
  CHARGE(na + nb);
  tv_val *items = scratch(ctx, na + nb, sizeof *items);
  CHECK_ALLOC(items);
  for (size_t k = 0; k < na; k++) items[k] = tv_at(ctx, a[0], k);
  for (size_t k = 0; k < nb; k++) items[na + k] = tv_at(ctx, a[1], k);
  return tv_tuple(ctx, na + nb, items);
}

/* crop(grid, start, dims) with Python's slicing (negative starts wrap). */
static tv_val crop_slices(tv_ctx *ctx, const matrix *m, int64_t i0, int64_t j0, int64_t h,
                          int64_t w) {
  int64_t r0, r1, c0, c1;
  py_slice(m->h, i0, i0 + h, &r0, &r1);
  py_slice(m->w, j0, j0 + w, &c0, &c1);
  return crop_matrix(ctx, m, r0, r1, c0, c1);
}

static tv_val p_subgrid(tv_ctx *ctx, const tv_val *a) {
  patch_view p;
  matrix m;
  tv_val err = read_nonempty_patch(ctx, a[0], "subgrid", &p);
  if (!err) err = load_matrix(ctx, a[1], "subgrid", &m);
  if (err) return err;
  patch_box b = patch_bbox(&p);
  int64_t h, w;
  patch_shape(&p, &b, &h, &w);
  return crop_slices(ctx, &m, b.top, b.left, h, w);
}

/* hsplit / vsplit: n equal parts, skipping one separator column / row
 * between parts when the size is not a multiple of n. */
static tv_val split(tv_ctx *ctx, const tv_val *a, const char *name, bool across_columns) {
  matrix m;
  int64_t n = 0;
  tv_val err = read_number(ctx, a[1], name, &n);
  if (!err) err = load_matrix(ctx, a[0], name, &m);
  if (err) return err;
  if (m.h == 0) return tv_error(ctx, "%s: empty grid", name);
  if (n == 0) return tv_error(ctx, "%s: integer division by zero", name);
  if (n < 0) return TV_EMPTY_TUPLE;
  if (n > MAX_SPLIT_PARTS) return tv_error(ctx, "%s: %lld parts is too many", name, (long long)n);
  int64_t total = across_columns ? m.w : m.h, part = total / n, gap = total % n != 0;
  tv_val *parts = scratch(ctx, (size_t)n, sizeof *parts);
  CHECK_ALLOC(parts);
  for (int64_t k = 0; k < n; k++) {
    int64_t start = part * k + k * gap;
    parts[k] = across_columns ? crop_slices(ctx, &m, 0, start, m.h, part)
                              : crop_slices(ctx, &m, start, 0, part, m.w);
  }
  return tv_tuple(ctx, (size_t)n, parts);
}

static tv_val p_hsplit(tv_ctx *ctx, const tv_val *a) { return split(ctx, a, "hsplit", true); }
static tv_val p_vsplit(tv_ctx *ctx, const tv_val *a) { return split(ctx, a, "vsplit", false); }

static tv_val p_trim(tv_ctx *ctx, const tv_val *a) {
  matrix m;
  tv_val err = load_matrix(ctx, a[0], "trim", &m);
  if (err) return err;
  return crop_matrix(ctx, &m, min64(1, m.h), max64(m.h - 1, min64(1, m.h)), min64(1, m.w),
                     max64(m.w - 1, min64(1, m.w)));
}

/* grid[lo:hi] of any tuple (rows of a grid). */
static tv_val half_rows(tv_ctx *ctx, tv_val v, const char *name, bool bottom) {
  matrix m;
  if (tv_as_grid(v, &m.h, &m.w, &m.bytes)) {
    m.vals = NULL;
    int lo = bottom ? m.h / 2 + m.h % 2 : 0, hi = bottom ? m.h : m.h / 2;
    return crop_matrix(ctx, &m, lo, hi, 0, m.w);
  }
  if (!tv_is_tuplelike(v)) return tv_error(ctx, "%s: expected a grid, got %s", name, tv_kind_name(v));
  size_t n = tv_len(v), lo = bottom ? n / 2 + n % 2 : 0, hi = bottom ? n : n / 2;
  CHARGE(hi - lo);
  tv_val *items = scratch(ctx, hi - lo, sizeof *items);
  CHECK_ALLOC(items);
  for (size_t k = lo; k < hi; k++) items[k - lo] = tv_at(ctx, v, k);
  return tv_tuple(ctx, hi - lo, items);
}

static tv_val p_tophalf(tv_ctx *ctx, const tv_val *a) { return half_rows(ctx, a[0], "tophalf", false); }
static tv_val p_bottomhalf(tv_ctx *ctx, const tv_val *a) {
  return half_rows(ctx, a[0], "bottomhalf", true);
}

/* rot270(tophalf(rot90(g))) and rot270(bottomhalf(rot90(g))) are column
 * slices; no columns to keep means Python's rot90 chain yields (). */
static tv_val half_columns(tv_ctx *ctx, tv_val v, const char *name, bool right) {
  matrix m;
  tv_val err = load_matrix(ctx, v, name, &m);
  if (err) return err;
  if (m.w / 2 == 0) return TV_EMPTY_TUPLE;
  int lo = right ? m.w / 2 + m.w % 2 : 0, hi = right ? m.w : m.w / 2;
  return crop_matrix(ctx, &m, 0, m.h, lo, hi);
}

static tv_val p_lefthalf(tv_ctx *ctx, const tv_val *a) {
  return half_columns(ctx, a[0], "lefthalf", false);
}
static tv_val p_righthalf(tv_ctx *ctx, const tv_val *a) {
  return half_columns(ctx, a[0], "righthalf", true);
}

/* ---- positions and index sets -------------------------------------------- */

/* Python's center(): uppermost + height // 2, leftmost + width // 2. */
static void patch_center(const patch_view *p, int64_t *ci, int64_t *cj) {
  patch_box b = patch_bbox(p);
  int64_t h, w;
  patch_shape(p, &b, &h, &w);
  *ci = b.top + floordiv(h, 2);
  *cj = b.left + floordiv(w, 2);
}

static tv_val p_center(tv_ctx *ctx, const tv_val *a) {
  patch_view p;
  int64_t i, j;
  tv_val err = read_nonempty_patch(ctx, a[0], "center", &p);
  if (err) return err;
  patch_center(&p, &i, &j);
  return mk_pair(ctx, i, j);
}

static int sign_towards(int64_t from, int64_t to) { return from < to ? 1 : -1; }

static tv_val p_position(tv_ctx *ctx, const tv_val *a) {
  patch_view pa, pb;
  tv_val err = read_nonempty_patch(ctx, a[0], "position", &pa);
  if (!err) err = read_nonempty_patch(ctx, a[1], "position", &pb);
  if (err) return err;
  /* toindices() turns a tuple of cells into a frozenset. */
  pa.is_set = pa.is_set || pa.mode == PATCH_CELLS;
  pb.is_set = pb.is_set || pb.mode == PATCH_CELLS;
  int64_t ia, ja, ib, jb;
  patch_center(&pa, &ia, &ja);
  patch_center(&pb, &ib, &jb);
  if (ia == ib) return tv_pair_imm(0, sign_towards(ja, jb));
  if (ja == jb) return tv_pair_imm(sign_towards(ia, ib), 0);
  return tv_pair_imm(sign_towards(ia, ib), sign_towards(ja, jb));
}

static tv_val p_corners(tv_ctx *ctx, const tv_val *a) {
  patch_view p;
  tv_val err = tv_patch_read_immediate(ctx, a[0], "corners", &p);
  if (err) return err;
  /* ulcorner() of nothing is (), so Python returns frozenset({()}). */
  if (p.n == 0) return tv_set(ctx, 1, &TV_EMPTY_TUPLE);
  patch_box b = patch_bbox(&p);
  tv_val items[4] = {mk_pair(ctx, b.top, b.left), mk_pair(ctx, b.top, b.right),
                     mk_pair(ctx, b.bottom, b.left), mk_pair(ctx, b.bottom, b.right)};
  return tv_set_take(ctx, 4, items);
}

/* Python's connect(): a horizontal, vertical or diagonal segment, else {}. */
static tv_val segment(tv_ctx *ctx, const char *name, int64_t ai, int64_t aj, int64_t bi,
                      int64_t bj) {
  int64_t si = min64(ai, bi), ei = max64(ai, bi) + 1, sj = min64(aj, bj), ej = max64(aj, bj) + 1;
  int64_t n, di = 1, dj = 1, i0 = si, j0 = sj;
  if (ai == bi) {
    n = ej - sj;
    di = 0;
    i0 = ai;
  } else if (aj == bj) {
    n = ei - si;
    dj = 0;
    j0 = aj;
  } else if (bi - ai == bj - aj) {
    n = ei - si;
  } else if (bi - ai == aj - bj) {
    n = ei - si;
    dj = -1;
    j0 = ej - 1;
  } else {
    CHARGE(1);
    return TV_EMPTY_SET;
  }
  if (n > MAX_SET_BUILD) return tv_error(ctx, "%s: line of %lld cells is too long", name, (long long)n);
  CHARGE(n);
  tv_val *out = scratch(ctx, (size_t)n, sizeof *out);
  CHECK_ALLOC(out);
  for (int64_t k = 0; k < n; k++) out[k] = mk_pair(ctx, i0 + k * di, j0 + k * dj);
  return tv_set_take(ctx, (size_t)n, out);
}

static tv_val p_connect(tv_ctx *ctx, const tv_val *a) {
  int64_t ai, aj, bi, bj;
  if (!two_numbers(a[0], true, &ai, &aj)) return pair_error(ctx, "connect", a[0]);
  if (!two_numbers(a[1], true, &bi, &bj)) return pair_error(ctx, "connect", a[1]);
  return segment(ctx, "connect", ai, aj, bi, bj);
}

static tv_val p_shoot(tv_ctx *ctx, const tv_val *a) {
  int64_t i, j, di, dj;
  if (!two_numbers(a[0], true, &i, &j)) return pair_error(ctx, "shoot", a[0]);
  if (!two_numbers(a[1], false, &di, &dj)) return pair_error(ctx, "shoot", a[1]);
  return segment(ctx, "shoot", i, j, i + SHOOT_REACH * di, j + SHOOT_REACH * dj);
}

/* vfrontier: {(i, loc[1]) for i < 30}; hfrontier: {(loc[0], j) for j < 30}. */
static tv_val frontier_line(tv_ctx *ctx, tv_val loc, const char *name, bool vertical) {
  CHARGE(FRONTIER_LEN);
  size_t fixed_at = vertical ? 1 : 0;
  if (!tv_is_tuplelike(loc) || tv_len(loc) <= fixed_at)
    return tv_error(ctx, "%s: expected a location pair, got %s", name, tv_kind_name(loc));
  tv_val out[FRONTIER_LEN];
  if (tv_is_pair(loc)) {
    int64_t fixed = vertical ? tv_pair_b(loc) : tv_pair_a(loc);
    for (int k = 0; k < FRONTIER_LEN; k++)
      out[k] = vertical ? mk_pair(ctx, k, fixed) : mk_pair(ctx, fixed, k);
  } else {
    tv_val fixed = tv_at(ctx, loc, fixed_at);
    for (int k = 0; k < FRONTIER_LEN; k++) {
      tv_val items[2] = {vertical ? tv_int(k) : fixed, vertical ? fixed : tv_int(k)};
      out[k] = tv_tuple(ctx, 2, items);
    }
  }
  return tv_set_take(ctx, FRONTIER_LEN, out);
}

static tv_val p_vfrontier(tv_ctx *ctx, const tv_val *a) {
  return frontier_line(ctx, a[0], "vfrontier", true);
}
static tv_val p_hfrontier(tv_ctx *ctx, const tv_val *a) {
  return frontier_line(ctx, a[0], "hfrontier", false);
}

/* Every position of the box [si..ei] x [sj..ej], in reading order, except
 * those in `skip` (sorted pair words) when given. */
static tv_val box_positions(tv_ctx *ctx, const char *name, const patch_box *b, const tv_val *skip,
                            size_t nskip) {
  int64_t h = b->bottom - b->top + 1, w = b->right - b->left + 1;
  if (h > MAX_SET_BUILD || w > MAX_SET_BUILD || h * w > MAX_SET_BUILD)
    return tv_error(ctx, "%s: box of %lld x %lld positions is too large", name, (long long)h,
                    (long long)w);
  CHARGE(h * w);
  tv_val *out = scratch(ctx, (size_t)(h * w), sizeof *out);
  CHECK_ALLOC(out);
  size_t n = 0;
  for (int64_t i = b->top; i <= b->bottom; i++)
    for (int64_t j = b->left; j <= b->right; j++)
      if (!skip || !has_position(skip, nskip, i, j)) out[n++] = mk_pair(ctx, i, j);
  return tv_set_take(ctx, n, out);
}

/* dsl.py: backdrop and delta of an empty patch are frozenset(), box of an
 * empty patch is the patch itself. */
static bool empty_patch(tv_val v) {
  return (tv_is_set(v) || tv_is_tuplelike(v)) && tv_len(v) == 0;
}

static tv_val p_backdrop(tv_ctx *ctx, const tv_val *a) {
  if (empty_patch(a[0])) return TV_EMPTY_SET;
  patch_view p;
  tv_val err = read_nonempty_patch(ctx, a[0], "backdrop", &p);
  if (err) return err;
  patch_box b = patch_bbox(&p);
  return box_positions(ctx, "backdrop", &b, NULL, 0);
}

static tv_val p_delta(tv_ctx *ctx, const tv_val *a) {
  if (empty_patch(a[0])) return TV_EMPTY_SET;
  patch_view p;
  tv_val err = read_nonempty_patch(ctx, a[0], "delta", &p);
  if (err) return err;
  /* toindices() hands back a tuple of indices as it is, and Python's
   * frozenset - tuple raises */
  if (!p.is_set && p.mode != PATCH_CELLS)
    return tv_error(ctx, "delta: unsupported operand types for -: frozenset and tuple");
  patch_box b = patch_bbox(&p);
  const tv_val *inside = sorted_positions(ctx, &p);
  CHECK_ALLOC(inside);
  return box_positions(ctx, "delta", &b, inside, p.n);
}

/* The outline of the rectangle spanned by two corners, as box() builds it
 * (corners in either order). */
static tv_val outline(tv_ctx *ctx, const char *name, int64_t ai, int64_t aj, int64_t bi,
                      int64_t bj) {
  int64_t si = min64(ai, bi), sj = min64(aj, bj), ei = max64(ai, bi), ej = max64(aj, bj);
  int64_t h = ei - si + 1, w = ej - sj + 1;
  if (h > MAX_SET_BUILD || w > MAX_SET_BUILD)
    return tv_error(ctx, "%s: outline of %lld x %lld is too large", name, (long long)h,
                    (long long)w);
  CHARGE(2 * (h + w));
  tv_val *out = scratch(ctx, (size_t)(2 * (h + w)), sizeof *out);
  CHECK_ALLOC(out);
  size_t n = 0;
  for (int64_t i = si; i <= ei; i++) {
    if (i == si || i == ei) {
      for (int64_t j = sj; j <= ej; j++) out[n++] = mk_pair(ctx, i, j);
    } else {
      out[n++] = mk_pair(ctx, i, sj);
      if (ej != sj) out[n++] = mk_pair(ctx, i, ej);
    }
  }
  return tv_set_take(ctx, n, out);
}

/* box (margin 0), inbox (1) and outbox (-1) of a patch. */
static tv_val patch_outline(tv_ctx *ctx, tv_val v, const char *name, int64_t margin) {
  patch_view p;
  tv_val err = read_nonempty_patch(ctx, v, name, &p);
  if (err) return err;
  patch_box b = patch_bbox(&p);
  return outline(ctx, name, b.top + margin, b.left + margin, b.bottom - margin, b.right - margin);
}

static tv_val p_inbox(tv_ctx *ctx, const tv_val *a) { return patch_outline(ctx, a[0], "inbox", 1); }
static tv_val p_outbox(tv_ctx *ctx, const tv_val *a) {
  return patch_outline(ctx, a[0], "outbox", -1);
}
static tv_val p_box(tv_ctx *ctx, const tv_val *a) {
  if (empty_patch(a[0])) return a[0];
  return patch_outline(ctx, a[0], "box", 0);
}

/* ---- gravitate ----------------------------------------------------------- */

/* Whether src shifted by (di, dj) is at manhattan distance exactly 1 from
 * the sorted positions dst: no shared position and some 4-neighbour. */
static bool shifted_adjacent(const patch_view *src, int64_t di, int64_t dj, const tv_val *dst,
                             size_t nd) {
  bool touches = false;
  for (size_t k = 0; k < src->n; k++) {
    int64_t i = loc_i(src->items[k]) + di, j = loc_j(src->items[k]) + dj;
    if (has_position(dst, nd, i, j)) return false;
    if (!touches)
      touches = has_position(dst, nd, i - 1, j) || has_position(dst, nd, i + 1, j) ||
                has_position(dst, nd, i, j - 1) || has_position(dst, nd, i, j + 1);
  }
  return touches;
}

/* vmatching(): sets *overlap when some column holds cells of both patches.
 * Returns 0, or the error when memory runs out. */
static tv_val columns_overlap(tv_ctx *ctx, const patch_view *a, const patch_view *b,
                              bool *overlap) {
  int64_t *cols = scratch(ctx, b->n, sizeof *cols);
  CHECK_ALLOC(cols);
  for (size_t k = 0; k < b->n; k++) cols[k] = loc_j(b->items[k]);
  qsort(cols, b->n, sizeof *cols, cmp_int64);
  *overlap = false;
  for (size_t k = 0; k < a->n && !*overlap; k++) {
    int64_t j = loc_j(a->items[k]);
    *overlap = bsearch(&j, cols, b->n, sizeof *cols, cmp_int64) != NULL;
  }
  return 0;
}

/* Steps source towards destination (vertically when they share a column)
 * until adjacent, at most 42 steps, as Python's bounded loop does. */
static tv_val p_gravitate(tv_ctx *ctx, const tv_val *a) {
  patch_view src, dst;
  tv_val err = read_nonempty_patch(ctx, a[0], "gravitate", &src);
  if (!err) err = read_nonempty_patch(ctx, a[1], "gravitate", &dst);
  if (err) return err;
  CHARGE(src.n + dst.n);
  int64_t si, sj, di, dj, i = 0, j = 0;
  patch_center(&src, &si, &sj);
  patch_center(&dst, &di, &dj);
  bool vertical = false;
  TRY(columns_overlap(ctx, &src, &dst, &vertical));
  if (vertical)
    i = sign_towards(si, di);
  else
    j = sign_towards(sj, dj);
  const tv_val *targets = sorted_positions(ctx, &dst);
  CHECK_ALLOC(targets);
  int64_t steps = 0;
  for (; steps < GRAVITATE_STEPS; steps++) {
    CHARGE(src.n);
    if (shifted_adjacent(&src, steps * i, steps * j, targets, dst.n)) break;
  }
  return mk_pair(ctx, steps * i, steps * j);
}

/* ---- grid analysis ------------------------------------------------------- */

/* Result positions are gathered on the stack up to this many, else in the
 * arena (tv_set_take copies them into the result either way). */
#define STACK_POSITIONS 1024

/* Grids up to 64 wide hold one colour's cells as a bit mask per row: bit j
 * of rows[i] is set when cell (i, j) has that colour. */
#define MASK_MAX_WIDTH 64

static void colour_row_masks(const grid_view *g, uint8_t colour, uint64_t *rows) {
  for (int i = 0; i < g->h; i++) {
    const uint8_t *row = g->cells + (size_t)i * (size_t)g->w;
    uint64_t m = 0;
    for (int j = 0; j < g->w; j++) m |= (uint64_t)(row[j] == colour) << j;
    rows[i] = m;
  }
}

/* Solvers search one grid for many solid shapes in a row (argmax over
 * candidate sizes), so each thread keeps the row masks of the last
 * ARC-sized grid and colour. The key is the grid's content, not its
 * address: arenas reuse addresses. Work charged does not depend on whether
 * the cache hits. */
#define MASK_CACHE_SIDE 32
typedef struct mask_cache {
  int h, w;
  uint8_t colour;
  uint8_t cells[MASK_CACHE_SIDE * MASK_CACHE_SIDE];
  uint64_t rows[MASK_CACHE_SIDE];
} mask_cache;
static _Thread_local mask_cache last_masks;

/* The row masks of g for colour (g->w <= MASK_MAX_WIDTH), from the cache or
 * computed into `rows` (room for g->h entries). */
static const uint64_t *row_masks(const grid_view *g, uint8_t colour, uint64_t *rows) {
  if (g->h > MASK_CACHE_SIDE || g->w > MASK_CACHE_SIDE) {
    colour_row_masks(g, colour, rows);
    return rows;
  }
  mask_cache *c = &last_masks;
  size_t n = (size_t)g->h * (size_t)g->w;
  if (c->h != g->h || c->w != g->w || c->colour != colour || memcmp(c->cells, g->cells, n) != 0) {
    c->h = g->h;
    c->w = g->w;
    c->colour = colour;
    memcpy(c->cells, g->cells, n);
    colour_row_masks(g, colour, c->rows);
  }
  return c->rows;
}

/* AND of `len` consecutive values, in place and by doubling: afterwards
 * v[i] = v[i] & v[i + 1] & ... & v[i + len - 1] for every i < n - len + 1. */
static void and_runs(uint64_t *v, int64_t n, int64_t len) {
  for (int64_t have = 1; have < len;) {
    int64_t step = have < len - have ? have : len - have;
    for (int64_t i = 0; i + have + step <= n; i++) v[i] &= v[i + step];
    have += step;
  }
}

/* The same along the bits of one word: bit j stays set when bits
 * j..j+len-1 of m are all set. */
static uint64_t and_bit_runs(uint64_t m, int64_t len) {
  for (int64_t have = 1; have < len;) {
    int64_t step = have < len - have ? have : len - have;
    m &= m >> step;
    have += step;
  }
  return m;
}

/* Top-left corners of the oh x ow blocks of the colour, in reading order:
 * bit j of a row survives the column run when cells j..j+ow-1 all have the
 * colour, and a row survives the row run when the oh rows from it do. */
static size_t solid_positions_by_masks(const grid_view *g, uint8_t colour, int64_t oh, int64_t ow,
                                       tv_val *out) {
  uint64_t computed[TV_GRID_MAX_SIDE], runs[TV_GRID_MAX_SIDE];
  const uint64_t *rows = row_masks(g, colour, computed);
  for (int i = 0; i < g->h; i++) runs[i] = and_bit_runs(rows[i], ow);
  and_runs(runs, g->h, oh);
  size_t n = 0;
  for (int64_t i = 0; i + oh <= g->h; i++)
    for (uint64_t bits = runs[i]; bits; bits &= bits - 1) out[n++] = tv_pair_imm(i, __builtin_ctzll(bits));
  return n;
}

/* The same for wider grids: a 2-D prefix count of the colour (in `count`,
 * (h + 1) x (w + 1) entries) answers each position in O(1). */
static size_t solid_positions_by_counts(const grid_view *g, uint8_t colour, int64_t oh,
                                        int64_t ow, uint32_t *count, tv_val *out) {
  int64_t h2 = g->h - oh + 1, w2 = g->w - ow + 1, stride = g->w + 1;
  for (int64_t j = 0; j < stride; j++) count[j] = 0;
  for (int64_t i = 0; i < g->h; i++) {
    uint32_t row = 0;
    count[(i + 1) * stride] = 0;
    for (int64_t j = 0; j < g->w; j++) {
      row += g->cells[i * g->w + j] == colour;
      count[(i + 1) * stride + j + 1] = count[i * stride + j + 1] + row;
    }
  }
  uint32_t area = (uint32_t)(oh * ow);
  size_t n = 0;
  for (int64_t i = 0; i < h2; i++)
    for (int64_t j = 0; j < w2; j++) {
      uint32_t inside = count[(i + oh) * stride + j + ow] - count[i * stride + j + ow] -
                        count[(i + oh) * stride + j] + count[i * stride + j];
      if (inside == area) out[n++] = tv_pair_imm(i, j);
    }
  return n;
}

/* Occurrences of a single-coloured patch that fills its bounding box. */
static tv_val solid_occurrences(tv_ctx *ctx, const grid_view *g, uint8_t colour, int64_t oh,
                                int64_t ow) {
  int64_t h2 = g->h - oh + 1, w2 = g->w - ow + 1;
  CHARGE(2 * (int64_t)g->h * g->w + h2 * w2);
  tv_val stack_out[STACK_POSITIONS];
  tv_val *out = h2 * w2 <= STACK_POSITIONS ? stack_out : scratch(ctx, (size_t)(h2 * w2), sizeof *out);
  CHECK_ALLOC(out);
  if (g->w <= MASK_MAX_WIDTH)
    return tv_set_sorted(ctx, solid_positions_by_masks(g, colour, oh, ow, out), out);
  uint32_t *count = scratch(ctx, (size_t)(g->h + 1) * (size_t)(g->w + 1), sizeof *count);
  CHECK_ALLOC(count);
  size_t n = solid_positions_by_counts(g, colour, oh, ow, count, out);
  return tv_set_sorted(ctx, n, out); /* both list positions in reading order */
}

static bool single_colour(const patch_view *p) {
  for (size_t k = 1; k < p->n; k++)
    if (tv_cell_color(p->items[k]) != tv_cell_color(p->items[0])) return false;
  return true;
}

static tv_val p_occurrences(tv_ctx *ctx, const tv_val *a) {
  grid_view g;
  patch_view p;
  tv_val err = read_grid(ctx, a[0], "occurrences", true, &g);
  if (!err) err = tv_patch_read_immediate(ctx, a[1], "occurrences", &p);
  if (err) return err;
  /* an empty object (shape (0, 0)) occurs at every offset of Python's
   * range(h - 0 + 1) x range(w - 0 + 1) */
  if (p.n == 0) return tv_patch_all_positions(ctx, g.h + 1, g.w + 1);
  patch_box b = patch_bbox(&p);
  int64_t oh, ow;
  patch_shape(&p, &b, &oh, &ow);
  int64_t h2 = g.h - oh + 1, w2 = g.w - ow + 1;
  if (h2 <= 0 || w2 <= 0) return TV_EMPTY_SET;
  if ((err = need_cells(ctx, &p, "occurrences"))) return err;
  if (single_colour(&p) && (int64_t)p.n == oh * ow)
    return solid_occurrences(ctx, &g, tv_colour_byte(tv_cell_color(p.items[0])), oh, ow);
  CHARGE(h2 * w2 + (int64_t)p.n);
  int64_t *offset = scratch(ctx, p.n, sizeof *offset);
  CHECK_ALLOC(offset);
  uint8_t *colour = scratch(ctx, p.n, 1);
  CHECK_ALLOC(colour);
  CHECK_ALLOC(colour);
  for (size_t k = 0; k < p.n; k++) {
    /* Every shifted position lies inside the grid: i + di < h2 + oh - 1. */
    offset[k] = (tv_cell_i(p.items[k]) - b.top) * g.w + (tv_cell_j(p.items[k]) - b.left);
    colour[k] = tv_colour_byte(tv_cell_color(p.items[k]));
  }
  tv_val stack_out[STACK_POSITIONS];
  tv_val *out = h2 * w2 <= STACK_POSITIONS ? stack_out : scratch(ctx, (size_t)(h2 * w2), sizeof *out);
  CHECK_ALLOC(out);
  size_t n = 0;
  uint64_t compared = 0;
  for (int64_t i = 0; i < h2; i++)
    for (int64_t j = 0; j < w2; j++) {
      const uint8_t *at = g.cells + i * g.w + j;
      size_t k = 0;
      while (k < p.n && at[offset[k]] == colour[k]) k++;
      compared += k + 1;
      if (k == p.n) out[n++] = tv_pair_imm(i, j);
    }
  CHARGE(compared);
  return tv_set_take(ctx, n, out);
}

static bool row_uniform(const grid_view *g, int i) {
  const uint8_t *row = g->cells + (size_t)i * (size_t)g->w;
  if (g->w == 0) return false;
  for (int j = 1; j < g->w; j++)
    if (row[j] != row[0]) return false;
  return true;
}

static bool column_uniform(const grid_view *g, int j) {
  if (g->h == 0) return false;
  for (int i = 1; i < g->h; i++)
    if (g->cells[(size_t)i * g->w + j] != g->cells[j]) return false;
  return true;
}

/* Single-coloured rows and columns, each as an object. */
static tv_val p_frontiers(tv_ctx *ctx, const tv_val *a) {
  grid_view g;
  tv_val err = read_grid(ctx, a[0], "frontiers", true, &g);
  if (err) return err;
  CHARGE(2 * (size_t)g.h * (size_t)g.w);
  tv_val *fronts = scratch(ctx, (size_t)(g.h + g.w), sizeof *fronts);
  CHECK_ALLOC(fronts);
  size_t n = 0;
  for (int i = 0; i < g.h; i++) {
    if (!row_uniform(&g, i)) continue;
    tv_val *cells = scratch(ctx, (size_t)g.w, sizeof *cells);
    CHECK_ALLOC(cells);
    for (int j = 0; j < g.w; j++) cells[j] = tv_cell_imm(tv_grid_at(a[0], i, j), i, j);
    fronts[n++] = tv_set_take(ctx, (size_t)g.w, cells);
  }
  for (int j = 0; j < g.w; j++) {
    if (!column_uniform(&g, j)) continue;
    tv_val *cells = scratch(ctx, (size_t)g.h, sizeof *cells);
    CHECK_ALLOC(cells);
    for (int i = 0; i < g.h; i++) cells[i] = tv_cell_imm(tv_grid_at(a[0], i, j), i, j);
    fronts[n++] = tv_set_take(ctx, (size_t)g.h, cells);
  }
  return tv_set_take(ctx, n, fronts);
}

/* Drops every single-coloured row and column. */
static tv_val p_compress(tv_ctx *ctx, const tv_val *a) {
  grid_view g;
  tv_val err = read_grid(ctx, a[0], "compress", false, &g);
  if (err) return err;
  CHARGE(2 * (size_t)g.h * (size_t)g.w);
  int *rows = scratch(ctx, (size_t)g.h + 1, sizeof *rows);
  CHECK_ALLOC(rows);
  int *cols = scratch(ctx, (size_t)g.w + 1, sizeof *cols);
  CHECK_ALLOC(cols);
  int nr = 0, nc = 0;
  for (int i = 0; i < g.h; i++)
    if (!row_uniform(&g, i)) rows[nr++] = i;
  for (int j = 0; j < g.w; j++)
    if (!column_uniform(&g, j)) cols[nc++] = j;
  matrix m = {g.h, g.w, g.cells, NULL};
  remap r = {nr, nc, rows, cols, false};
  return apply_remap(ctx, &m, &r);
}

/* Smallest shift p such that the object shifted back by p (the part still
 * at non-negative coordinates) lies inside the object; else its extent. */
static tv_val period(tv_ctx *ctx, tv_val v, const char *name, bool horizontal) {
  patch_view p;
  tv_val err = tv_patch_read_immediate(ctx, v, name, &p);
  if (err) return err;
  if (p.n == 0) return tv_int(0); /* width(normalize(frozenset())) is 0 */
  patch_box b = patch_bbox(&p);
  int64_t extent = horizontal ? b.right - b.left + 1 : b.bottom - b.top + 1;
  if (extent > 1 && (err = need_cells(ctx, &p, name))) return err;
  const tv_val *sorted = p.items;
  if (!p.is_set) {
    tv_val *copy = scratch(ctx, p.n, sizeof *copy);
    CHECK_ALLOC(copy);
    memcpy(copy, p.items, p.n * sizeof *copy);
    qsort(copy, p.n, sizeof *copy, cmp_words);
    sorted = copy;
  }
  for (int64_t per = 1; per < extent; per++) {
    CHARGE(p.n);
    bool inside = true;
    for (size_t k = 0; k < p.n && inside; k++) {
      tv_val c = p.items[k];
      int64_t i = tv_cell_i(c), j = tv_cell_j(c);
      if ((horizontal ? j - b.left : i - b.top) < per) continue;
      tv_val back = horizontal ? tv_cell_imm(tv_cell_color(c), i, j - per)
                               : tv_cell_imm(tv_cell_color(c), i - per, j);
      inside = has_word(sorted, p.n, back);
    }
    if (inside) return tv_int(per);
  }
  return tv_int(extent);
}

static tv_val p_hperiod(tv_ctx *ctx, const tv_val *a) { return period(ctx, a[0], "hperiod", true); }
static tv_val p_vperiod(tv_ctx *ctx, const tv_val *a) { return period(ctx, a[0], "vperiod", false); }

/* ---- table --------------------------------------------------------------- */

#define T_GRID (TT_GRID | TT_TUPLE)
#define T_PATCH (TT_SET | TT_TUPLE | TT_GRID)
#define T_LOC (TT_PAIR | TT_TUPLE)

const tv_prim tv_prims_transform[] = {
    {"rot90", 1, p_rot90, {T_GRID}, T_GRID},
    {"rot180", 1, p_rot180, {T_GRID}, T_GRID},
    {"rot270", 1, p_rot270, {T_GRID}, T_GRID},
    {"hmirror", 1, p_hmirror, {TT_CONTAINER}, TT_CONTAINER},
    {"vmirror", 1, p_vmirror, {TT_PIECE}, TT_PIECE},
    {"dmirror", 1, p_dmirror, {TT_PIECE}, TT_PIECE},
    {"cmirror", 1, p_cmirror, {TT_PIECE}, TT_PIECE},
    {"fill", 3, p_fill, {T_GRID, TT_ANY, T_PATCH}, T_GRID},
    {"paint", 2, p_paint, {T_GRID, T_PATCH}, T_GRID},
    {"underfill", 3, p_underfill, {T_GRID, TT_ANY, T_PATCH}, T_GRID},
    {"underpaint", 2, p_underpaint, {T_GRID, T_PATCH}, T_GRID},
    {"hupscale", 2, p_hupscale, {T_GRID, TT_NUM}, T_GRID},
    {"vupscale", 2, p_vupscale, {T_GRID, TT_NUM}, T_GRID},
    {"upscale", 2, p_upscale, {TT_PIECE, TT_NUM}, TT_PIECE},
    {"downscale", 2, p_downscale, {T_GRID, TT_NUM}, T_GRID},
    {"hconcat", 2, p_hconcat, {T_GRID, T_GRID}, T_GRID},
    {"vconcat", 2, p_vconcat, {TT_TUPLEISH, TT_TUPLEISH}, TT_TUPLEISH},
    {"subgrid", 2, p_subgrid, {T_PATCH, T_GRID}, T_GRID},
    {"hsplit", 2, p_hsplit, {T_GRID, TT_NUM}, T_GRID},
    {"vsplit", 2, p_vsplit, {T_GRID, TT_NUM}, T_GRID},
    {"cellwise", 3, p_cellwise, {T_GRID, T_GRID, TT_ANY}, T_GRID},
    {"replace", 3, p_replace, {T_GRID, TT_ANY, TT_ANY}, T_GRID},
    {"switch", 3, p_switch, {T_GRID, TT_ANY, TT_ANY}, T_GRID},
    {"center", 1, p_center, {T_PATCH}, TT_PAIR},
    {"position", 2, p_position, {T_PATCH, T_PATCH}, TT_PAIR},
    {"index", 2, p_index, {T_GRID, T_LOC}, TT_INT},
    {"canvas", 2, p_canvas, {TT_ANY, T_LOC}, T_GRID},
    {"corners", 1, p_corners, {T_PATCH}, TT_SET},
    {"connect", 2, p_connect, {T_LOC, T_LOC}, TT_SET},
    {"cover", 2, p_cover, {T_GRID, T_PATCH}, T_GRID},
    {"trim", 1, p_trim, {T_GRID}, T_GRID},
    {"move", 3, p_move, {T_GRID, T_PATCH, T_LOC}, T_GRID},
    {"tophalf", 1, p_tophalf, {TT_TUPLEISH}, TT_TUPLEISH},
    {"bottomhalf", 1, p_bottomhalf, {TT_TUPLEISH}, TT_TUPLEISH},
    {"lefthalf", 1, p_lefthalf, {T_GRID}, T_GRID},
    {"righthalf", 1, p_righthalf, {T_GRID}, T_GRID},
    {"vfrontier", 1, p_vfrontier, {TT_TUPLEISH}, TT_SET},
    {"hfrontier", 1, p_hfrontier, {TT_TUPLEISH}, TT_SET},
    {"backdrop", 1, p_backdrop, {T_PATCH}, TT_SET},
    {"delta", 1, p_delta, {T_PATCH}, TT_SET},
    {"gravitate", 2, p_gravitate, {T_PATCH, T_PATCH}, TT_PAIR},
    {"inbox", 1, p_inbox, {T_PATCH}, TT_SET},
    {"outbox", 1, p_outbox, {T_PATCH}, TT_SET},
    {"box", 1, p_box, {T_PATCH}, TT_SET},
    {"shoot", 2, p_shoot, {T_LOC, T_LOC}, TT_SET},
    {"occurrences", 2, p_occurrences, {T_GRID, T_PATCH}, TT_SET},
    {"frontiers", 1, p_frontiers, {T_GRID}, TT_SET},
    {"compress", 1, p_compress, {T_GRID}, T_GRID},
    {"hperiod", 1, p_hperiod, {T_PATCH}, TT_INT},
    {"vperiod", 1, p_vperiod, {T_PATCH}, TT_INT},
    {NULL, 0, NULL, {0}, 0},
};
