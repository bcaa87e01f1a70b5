/*
 * prims_geometry.c - the arc-dsl primitives about patches, indices, shapes
 * and colours of pieces: the tv_prims_geometry table of prims.h.
 *
 * Design. Grids are read as bytes. Patches (sets or tuples of cells, or of
 * indices) are read through a small "patch view" that decodes immediate
 * cells and pairs inline and falls back to heap tuples only for values that
 * do not fit an immediate, so the common paths never allocate per element.
 * Python's toindices rule (the first element decides whether a patch holds
 * cells or indices) is applied once per call, and an element of the other
 * shape is an error, as the Python unpacking would be.
 *
 * Results are produced in canonical (reading) order whenever that comes for
 * free; where that is certain (asindices, ofcolor, asobject, shift of
 * immediate sets, each object) tv_set_sorted takes them without a check,
 * elsewhere tv_set_take only verifies the order instead of sorting.
 * objects() labels connected components with two raster passes of
 * union-find, then buckets the cells by label in one reading-order pass,
 * which yields every object already sorted.
 *
 * Scratch memory comes from the evaluation arena (or the C stack for small
 * grids); everything returned is arena-owned like any other value.
 */
#include <stdlib.h>
#include <string.h>

#include "grid/prims_internal.h"

/* Grids up to this many cells use stack scratch in objects() (30 x 30 fits). */
#define SMALL_GRID_CELLS 1024

/* ---- small helpers ------------------------------------------------------- */

static bool int_fits(int64_t x) { return x >= TV_INT_MIN && x <= TV_INT_MAX; }

static bool is_container(tv_val v) { return tv_is_tuplelike(v) || tv_is_set(v); }

/* The canonical (colour, (i, j)) for any colour value. */
static tv_val make_cell(tv_ctx *ctx, tv_val colour, int64_t i, int64_t j) {
  if (tv_is_number(colour)) return tv_cell(ctx, tv_num(colour), i, j);
  tv_val parts[2] = {colour, tv_pair(ctx, i, j)};
  return tv_tuple(ctx, 2, parts);
}

/* The elements Python iterates over in a container, as an array (direct for
 * tuples and sets, materialised for grids, pairs and cells). */
static tv_val container_items(tv_ctx *ctx, const char *prim, tv_val v, const tv_val **items,
                              size_t *n) {
  if (tv_is_tuple(v) || tv_is_set(v)) {
    *items = tv_items(v);
    *n = tv_obj_of(v)->n;
    return 0;
  }
  if (!tv_is_tuplelike(v)) return tv_error(ctx, "%s: %s is not iterable", prim, tv_kind_name(v));
  *n = tv_len(v);
  tv_val *out = scratch(ctx, *n, sizeof *out);
  CHECK_ALLOC(out);
  for (size_t k = 0; k < *n; k++) {
    out[k] = tv_at(ctx, v, k);
    if (tv_is_error(out[k])) return out[k];
  }
  *items = out;
  return 0;
}

/* next(iter(v))[0]: the first item of the first element (colour of an
 * object's first cell in canonical order). */
static tv_val first_of_first(tv_ctx *ctx, const char *prim, tv_val v, tv_val *out) {
  if (!is_container(v)) return tv_error(ctx, "%s: %s is not iterable", prim, tv_kind_name(v));
  if (tv_len(v) == 0) return tv_error(ctx, "%s: empty container", prim);
  tv_val first = tv_is_set(v) || tv_is_tuple(v) ? tv_items(v)[0] : tv_at(ctx, v, 0);
  if (tv_is_cell(first)) {
    *out = tv_int(tv_cell_color(first));
    return 0;
  }
  if (tv_is_error(first)) return first;
  if (!tv_is_tuplelike(first))
    return tv_error(ctx, "%s: %s is not subscriptable", prim, tv_kind_name(first));
  if (tv_len(first) == 0) return tv_error(ctx, "%s: tuple index out of range", prim);
  *out = tv_at(ctx, first, 0);
  return tv_is_error(*out) ? *out : 0;
}

/* ---- patches ------------------------------------------------------------- */

static tv_val bad_element(tv_ctx *ctx, const char *prim) {
  return tv_error(ctx, "%s: patch mixes cells and indices or has a malformed element", prim);
}

/* Opens a patch and, when it is not empty, computes its extent. */
static tv_val patch_bounds(tv_ctx *ctx, const char *prim, tv_val patch, patch_view *pv,
                           patch_box *b) {
  TRY(tv_patch_open(ctx, prim, patch, pv));
  CHARGE(pv->n);
  if (pv->mode == PATCH_EMPTY) return 0;
  int64_t i, j;
  if (!tv_patch_index(pv, 0, &i, &j)) return bad_element(ctx, prim);
  b->top = b->bottom = i;
  b->left = b->right = j;
  for (size_t k = 1; k < pv->n; k++) {
    if (!tv_patch_index(pv, k, &i, &j)) return bad_element(ctx, prim);
    if (i < b->top) b->top = i;
    if (i > b->bottom) b->bottom = i;
    if (j < b->left) b->left = j;
    if (j > b->right) b->right = j;
  }
  return 0;
}

/* Every (i, j) of toindices(patch) in scratch arrays. */
static tv_val patch_points(tv_ctx *ctx, const char *prim, tv_val patch, patch_view *pv,
                           int64_t **is, int64_t **js) {
  TRY(tv_patch_open(ctx, prim, patch, pv));
  CHARGE(pv->n);
  *is = scratch(ctx, pv->n + 1, sizeof **is);
  *js = scratch(ctx, pv->n + 1, sizeof **js);
  CHECK_ALLOC(*is && *js);
  for (size_t k = 0; k < pv->n; k++)
    if (!tv_patch_index(pv, k, &(*is)[k], &(*js)[k])) return bad_element(ctx, prim);
  return 0;
}

/* The index value an element of a cell patch unpacks to in
 * `for value, index in patch`. */
static bool cell_index_value(tv_val v, tv_val *index) {
  if (tv_is_cell(v)) {
    *index = tv_pair_imm(tv_cell_i(v), tv_cell_j(v));
    return true;
  }
  if (tv_is_pair(v)) {
    *index = tv_int(tv_pair_b(v));
    return true;
  }
  if (tv_is_tuple(v) && tv_obj_of(v)->n == 2) {
    *index = tv_items(v)[1];
    return true;
  }
  return false;
}

/* The elements of toindices(patch) (not deduplicated) as an array. */
static tv_val index_items(tv_ctx *ctx, const char *prim, const patch_view *pv,
                          const tv_val **items) {
  if (pv->mode == PATCH_INDICES || pv->mode == PATCH_EMPTY) {
    *items = pv->items;
    return 0;
  }
  tv_val *out = scratch(ctx, pv->n + 1, sizeof *out);
  CHECK_ALLOC(out);
  for (size_t k = 0; k < pv->n; k++) {
    if (pv->mode == PATCH_BYTE_PAIRS) {
      out[k] = tv_pair_imm(tv_byte_colour(pv->bytes[2 * k]), tv_byte_colour(pv->bytes[2 * k + 1]));
    } else if (!cell_index_value(pv->items[k], &out[k])) {
      return tv_error(ctx, "%s: patch element does not unpack to (value, index)", prim);
    }
  }
  *items = out;
  return 0;
}

/* ---- grids --------------------------------------------------------------- */

/* A TV_GRID or the empty tuple. Other tuples (ragged rows, values outside
 * 0..255) are rejected: see docs/dsl-geometry.md. */
static tv_val open_grid(tv_ctx *ctx, const char *prim, tv_val v, int *h, int *w,
                        const uint8_t **cells) {
  if (tv_as_grid(v, h, w, cells)) return 0;
  return tv_error(ctx, "%s: expected a grid, got %s", prim, tv_kind_name(v));
}

/* ---- colour values of elements ------------------------------------------- */

/* Colour counts of the fast cases (grids and sets of immediate cells), with
 * the distinct colours in order of first appearance. */
typedef struct histogram {
  uint32_t counts[256];
  uint8_t first_seen[256];
  int distinct;
  size_t total;
} histogram;

static inline void histogram_add(histogram *hist, int colour) {
  if (hist->counts[colour]++ == 0) hist->first_seen[hist->distinct++] = (uint8_t)colour;
}

/* Fills `hist` for a grid or a set of immediate cells; false for anything
 * else (the caller takes the generic path). */
static bool colour_histogram(tv_val element, histogram *hist) {
  memset(hist, 0, sizeof *hist);
  int h, w;
  const uint8_t *cells;
  if (tv_as_grid(element, &h, &w, &cells)) {
    hist->total = (size_t)h * (size_t)w;
    for (size_t k = 0; k < hist->total; k++) histogram_add(hist, cells[k]);
    return true;
  }
  if (!tv_is_set(element)) return false;
  const tv_val *items = tv_items(element);
  size_t n = tv_obj_of(element)->n;
  for (size_t k = 0; k < n; k++)
    if (!tv_is_cell(items[k])) return false;
  for (size_t k = 0; k < n; k++) histogram_add(hist, tv_colour_byte(tv_cell_color(items[k])));
  hist->total = n;
  return true;
}

/* The colours present in a grid or a set of immediate cells, as a 256-bit
 * set, and the number of cells; false for anything else. Cheaper than a
 * histogram where counts are not needed (palette, numcolors on small
 * objects called per cell by sfilter). */
static bool colour_presence(tv_val element, uint64_t present[4], size_t *total) {
  present[0] = present[1] = present[2] = present[3] = 0;
  int h, w;
  const uint8_t *cells;
  if (tv_as_grid(element, &h, &w, &cells)) {
    *total = (size_t)h * (size_t)w;
    for (size_t k = 0; k < *total; k++) present[cells[k] >> 6] |= (uint64_t)1 << (cells[k] & 63);
    return true;
  }
  if (!tv_is_set(element)) return false;
  const tv_val *items = tv_items(element);
  size_t n = tv_obj_of(element)->n;
  for (size_t k = 0; k < n; k++) {
    if (!tv_is_cell(items[k])) return false;
    uint8_t c = tv_colour_byte(tv_cell_color(items[k]));
    present[c >> 6] |= (uint64_t)1 << (c & 63);
  }
  *total = n;
  return true;
}

/* How many cells of a grid or a set of immediate cells have colour byte c;
 * false for anything else. */
static bool colour_count(tv_val element, uint8_t c, size_t *count, size_t *total) {
  int h, w;
  const uint8_t *cells;
  size_t found = 0;
  if (tv_as_grid(element, &h, &w, &cells)) {
    *total = (size_t)h * (size_t)w;
    for (size_t k = 0; k < *total; k++) found += cells[k] == c;
    *count = found;
    return true;
  }
  if (!tv_is_set(element)) return false;
  const tv_val *items = tv_items(element);
  size_t n = tv_obj_of(element)->n;
  for (size_t k = 0; k < n; k++) {
    if (!tv_is_cell(items[k])) return false;
    found += tv_colour_byte(tv_cell_color(items[k])) == c;
  }
  *count = found;
  *total = n;
  return true;
}

/*
 * The order in which CPython iterates set(values) for small non-negative
 * ints. An int hashes to itself, so the layout is deterministic given the
 * insertion order: 8 slots to start, growth to the next power of two above
 * used * 4 once the table is 3/5 full (re-inserting in slot order), and
 * probing by up to 9 linear steps (only when they stay inside the table) then
 * i = i * 5 + 1 + (perturb >>= 5), as setobject.c does. Ties in mostcolor
 * and leastcolor are then broken exactly as Python breaks them for grids.
 */
enum { PY_SET_MAX_SLOTS = 512, PY_SET_LINEAR_PROBES = 9 };

static void py_set_place(int16_t *table, size_t mask, int key) {
  size_t i = (size_t)key & mask, perturb = (size_t)key;
  for (;;) {
    size_t probes = i + PY_SET_LINEAR_PROBES <= mask ? PY_SET_LINEAR_PROBES : 0;
    for (size_t e = i; e <= i + probes; e++) {
      if (table[e] < 0) {
        table[e] = (int16_t)key;
        return;
      }
    }
    perturb >>= 5;
    i = (i * 5 + 1 + perturb) & mask;
  }
}

/* Writes the distinct keys (inserted in the order given) in iteration order. */
static void py_small_int_set_order(const uint8_t *keys, int n, uint8_t *out) {
  int16_t table[PY_SET_MAX_SLOTS], grown[PY_SET_MAX_SLOTS];
  size_t mask = 7, fill = 0;
  memset(table, -1, sizeof table);
  for (int k = 0; k < n; k++) {
    py_set_place(table, mask, keys[k]);
    if (++fill * 5 < mask * 3) continue;
    size_t size = 8;
    while (size <= fill * 4) size <<= 1;
    memset(grown, -1, size * sizeof *grown);
    for (size_t slot = 0; slot <= mask; slot++)
      if (table[slot] >= 0) py_set_place(grown, size - 1, table[slot]);
    memcpy(table, grown, size * sizeof *table);
    mask = size - 1;
  }
  int m = 0;
  for (size_t slot = 0; slot <= mask; slot++)
    if (table[slot] >= 0) out[m++] = (uint8_t)table[slot];
}

/* The value list Python builds for an element: `[v for r in element for v
 * in r]` for tuples, `[v for v, _ in element]` for sets. */
static tv_val element_values(tv_ctx *ctx, const char *prim, tv_val element, tv_val **out,
                             size_t *n) {
  tv_buf buf;
  tv_buf_init(&buf, ctx, 16);
  if (tv_is_set(element)) {
    const tv_val *items = tv_items(element);
    for (size_t k = 0; k < tv_obj_of(element)->n; k++) {
      tv_val v = items[k];
      if (tv_is_cell(v)) {
        CHECK_ALLOC(tv_buf_push(&buf, ctx, tv_int(tv_cell_color(v))));
      } else if (is_container(v) && tv_len(v) == 2) {
        CHECK_ALLOC(tv_buf_push(&buf, ctx, tv_at(ctx, v, 0)));
      } else {
        return tv_error(ctx, "%s: set element %s does not unpack to (value, index)", prim,
                        tv_kind_name(v));
      }
    }
  } else if (tv_is_grid(element) || tv_is_tuple(element)) {
    const tv_val *rows;
    size_t nrows;
    TRY(container_items(ctx, prim, element, &rows, &nrows));
    for (size_t r = 0; r < nrows; r++) {
      if (!is_container(rows[r]))
        return tv_error(ctx, "%s: row %s is not iterable", prim, tv_kind_name(rows[r]));
      for (size_t k = 0; k < tv_len(rows[r]); k++)
        CHECK_ALLOC(tv_buf_push(&buf, ctx, tv_at(ctx, rows[r], k)));
    }
  } else {
    return tv_error(ctx, "%s: expected a grid or an object, got %s", prim, tv_kind_name(element));
  }
  for (size_t k = 0; k < buf.n; k++)
    if (tv_is_error(buf.items[k])) return buf.items[k];
  CHARGE(buf.n);
  *out = buf.items;
  *n = buf.n;
  return 0;
}

/* Sorted distinct values with their counts, for the generic path. */
static size_t count_runs(tv_val *values, size_t n, size_t *counts) {
  qsort(values, n, sizeof *values, cmp_value);
  size_t runs = 0;
  for (size_t k = 0; k < n; k++) {
    if (runs && tv_eq(values[runs - 1], values[k])) {
      counts[runs - 1]++;
    } else {
      values[runs] = values[k];
      counts[runs++] = 1;
    }
  }
  return runs;
}

/* mostcolor (want_most) or leastcolor: first extreme in canonical order. */
static tv_val extreme_colour(tv_ctx *ctx, const char *prim, tv_val element, bool want_most) {
  histogram hist;
  if (colour_histogram(element, &hist)) {
    CHARGE(hist.total);
    if (hist.total == 0) return tv_error(ctx, "%s: empty container", prim);
    uint8_t order[256];
    py_small_int_set_order(hist.first_seen, hist.distinct, order);
    int best = order[0];
    for (int k = 1; k < hist.distinct; k++) {
      uint32_t count = hist.counts[order[k]];
      if (want_most ? count > hist.counts[best] : count < hist.counts[best]) best = order[k];
    }
    return tv_int(tv_byte_colour((uint8_t)best));
  }
  tv_val *values;
  size_t n;
  TRY(element_values(ctx, prim, element, &values, &n));
  if (n == 0) return tv_error(ctx, "%s: empty container", prim);
  size_t *counts = scratch(ctx, n, sizeof *counts);
  CHECK_ALLOC(counts);
  size_t runs = count_runs(values, n, counts), best = 0;
  for (size_t r = 1; r < runs; r++)
    if (want_most ? counts[r] > counts[best] : counts[r] < counts[best]) best = r;
  return values[best];
}

static tv_val p_mostcolor(tv_ctx *ctx, const tv_val *args) {
  return extreme_colour(ctx, "mostcolor", args[0], true);
}

static tv_val p_leastcolor(tv_ctx *ctx, const tv_val *args) {
  return extreme_colour(ctx, "leastcolor", args[0], false);
}

static tv_val p_colorcount(tv_ctx *ctx, const tv_val *args) {
  tv_val value = args[1];
  size_t count = 0, total;
  bool a_colour = tv_is_number(value) && tv_colour_fits(tv_num(value));
  uint8_t c = a_colour ? tv_colour_byte(tv_num(value)) : 0;
  if (colour_count(args[0], c, &count, &total)) {
    CHARGE(total);
    return tv_int(a_colour ? (int64_t)count : 0);
  }
  tv_val *values;
  size_t n;
  TRY(element_values(ctx, "colorcount", args[0], &values, &n));
  for (size_t k = 0; k < n; k++) count += tv_eq(values[k], value);
  return tv_int((int64_t)count);
}

static tv_val p_palette(tv_ctx *ctx, const tv_val *args) {
  uint64_t present[4];
  size_t total;
  if (colour_presence(args[0], present, &total)) {
    CHARGE(total);
    tv_val colours[256];
    size_t n = 0;
    for (int word = 0; word < 4; word++)
      for (uint64_t bits = present[word]; bits; bits &= bits - 1)
        colours[n++] = tv_int(tv_byte_colour((uint8_t)(word * 64 + __builtin_ctzll(bits))));
    return tv_set_take(ctx, n, colours);
  }
  tv_val *values;
  size_t n;
  TRY(element_values(ctx, "palette", args[0], &values, &n));
  return tv_set_take(ctx, n, values);
}

static tv_val p_numcolors(tv_ctx *ctx, const tv_val *args) {
  uint64_t present[4];
  size_t total;
  if (colour_presence(args[0], present, &total)) {
    CHARGE(total);
    int distinct = 0;
    for (int word = 0; word < 4; word++) distinct += __builtin_popcountll(present[word]);
    return tv_int(distinct);
  }
  tv_val *values;
  size_t n;
  TRY(element_values(ctx, "numcolors", args[0], &values, &n));
  size_t *counts = scratch(ctx, n + 1, sizeof *counts);
  CHECK_ALLOC(counts);
  return tv_int((int64_t)count_runs(values, n, counts));
}

static tv_val p_color(tv_ctx *ctx, const tv_val *args) {
  CHARGE(0);
  tv_val colour;
  TRY(first_of_first(ctx, "color", args[0], &colour));
  return colour;
}

/* ---- sizes and shapes ---------------------------------------------------- */

/* height(piece): rows of a tuple, vertical extent of a patch. */
static tv_val piece_height(tv_ctx *ctx, const char *prim, tv_val piece, int64_t *h) {
  if (!is_container(piece)) return tv_error(ctx, "%s: %s has no length", prim, tv_kind_name(piece));
  if (tv_len(piece) == 0 || tv_is_tuplelike(piece)) {
    *h = (int64_t)tv_len(piece);
    return 0;
  }
  patch_view pv;
  patch_box b;
  TRY(patch_bounds(ctx, prim, piece, &pv, &b));
  *h = b.bottom - b.top + 1;
  return 0;
}

/* width(piece): length of the first row of a tuple, horizontal extent of a
 * patch. */
static tv_val piece_width(tv_ctx *ctx, const char *prim, tv_val piece, int64_t *w) {
  if (!is_container(piece)) return tv_error(ctx, "%s: %s has no length", prim, tv_kind_name(piece));
  if (tv_len(piece) == 0) {
    *w = 0;
    return 0;
  }
  if (tv_is_grid(piece)) {
    *w = tv_grid_w(piece);
    return 0;
  }
  if (tv_is_tuplelike(piece)) {
    tv_val row = tv_at(ctx, piece, 0);
    if (!is_container(row)) return tv_error(ctx, "%s: %s has no length", prim, tv_kind_name(row));
    *w = (int64_t)tv_len(row);
    return 0;
  }
  patch_view pv;
  patch_box b;
  TRY(patch_bounds(ctx, prim, piece, &pv, &b));
  *w = b.right - b.left + 1;
  return 0;
}

static tv_val p_height(tv_ctx *ctx, const tv_val *args) {
  CHARGE(0);
  int64_t h;
  TRY(piece_height(ctx, "height", args[0], &h));
  return tv_int(h);
}

static tv_val p_width(tv_ctx *ctx, const tv_val *args) {
  CHARGE(0);
  int64_t w;
  TRY(piece_width(ctx, "width", args[0], &w));
  return tv_int(w);
}

static tv_val p_shape(tv_ctx *ctx, const tv_val *args) {
  CHARGE(0);
  int64_t h, w;
  TRY(piece_height(ctx, "shape", args[0], &h));
  TRY(piece_width(ctx, "shape", args[0], &w));
  return tv_pair(ctx, h, w);
}

static tv_val p_portrait(tv_ctx *ctx, const tv_val *args) {
  CHARGE(0);
  int64_t h, w;
  TRY(piece_height(ctx, "portrait", args[0], &h));
  TRY(piece_width(ctx, "portrait", args[0], &w));
  return tv_bool(h > w);
}

static tv_val p_square(tv_ctx *ctx, const tv_val *args) {
  CHARGE(0);
  tv_val piece = args[0];
  if (tv_is_tuplelike(piece)) {
    /* len(piece) == len(piece[0]), with no special case for () */
    if (tv_len(piece) == 0) return tv_error(ctx, "square: tuple index out of range");
    int64_t w;
    TRY(piece_width(ctx, "square", piece, &w));
    return tv_bool((int64_t)tv_len(piece) == w);
  }
  int64_t h, w;
  TRY(piece_height(ctx, "square", piece, &h));
  TRY(piece_width(ctx, "square", piece, &w));
  return tv_bool(h * w == (int64_t)tv_len(piece) && h == w);
}

static tv_val p_vline(tv_ctx *ctx, const tv_val *args) {
  CHARGE(0);
  int64_t h, w;
  TRY(piece_height(ctx, "vline", args[0], &h));
  if (h != (int64_t)tv_len(args[0])) return TV_FALSE;
  TRY(piece_width(ctx, "vline", args[0], &w));
  return tv_bool(w == 1);
}

static tv_val p_hline(tv_ctx *ctx, const tv_val *args) {
  CHARGE(0);
  int64_t h, w;
  TRY(piece_width(ctx, "hline", args[0], &w));
  if (w != (int64_t)tv_len(args[0])) return TV_FALSE;
  TRY(piece_height(ctx, "hline", args[0], &h));
  return tv_bool(h == 1);
}

/* ---- extremes and corners ------------------------------------------------ */

typedef enum edge { EDGE_TOP, EDGE_BOTTOM, EDGE_LEFT, EDGE_RIGHT } edge;

static tv_val patch_edge(tv_ctx *ctx, const char *prim, tv_val patch, edge which) {
  patch_view pv;
  patch_box b;
  TRY(patch_bounds(ctx, prim, patch, &pv, &b));
  if (pv.mode == PATCH_EMPTY) return tv_error(ctx, "%s: empty patch", prim);
  switch (which) {
    case EDGE_TOP: return tv_int(b.top);
    case EDGE_BOTTOM: return tv_int(b.bottom);
    case EDGE_LEFT: return tv_int(b.left);
    default: return tv_int(b.right);
  }
}

static tv_val p_uppermost(tv_ctx *ctx, const tv_val *args) {
  return patch_edge(ctx, "uppermost", args[0], EDGE_TOP);
}
static tv_val p_lowermost(tv_ctx *ctx, const tv_val *args) {
  return patch_edge(ctx, "lowermost", args[0], EDGE_BOTTOM);
}
static tv_val p_leftmost(tv_ctx *ctx, const tv_val *args) {
  return patch_edge(ctx, "leftmost", args[0], EDGE_LEFT);
}
static tv_val p_rightmost(tv_ctx *ctx, const tv_val *args) {
  return patch_edge(ctx, "rightmost", args[0], EDGE_RIGHT);
}

/* The corner (bottom?, right?) of a patch; () for an empty patch, as
 * tuple(map(min, zip())) gives in Python. */
static tv_val patch_corner(tv_ctx *ctx, const char *prim, tv_val patch, bool bottom, bool right) {
  patch_view pv;
  patch_box b;
  TRY(patch_bounds(ctx, prim, patch, &pv, &b));
  if (pv.mode == PATCH_EMPTY) return TV_EMPTY_TUPLE;
  return tv_pair(ctx, bottom ? b.bottom : b.top, right ? b.right : b.left);
}

static tv_val p_ulcorner(tv_ctx *ctx, const tv_val *args) {
  return patch_corner(ctx, "ulcorner", args[0], false, false);
}
static tv_val p_urcorner(tv_ctx *ctx, const tv_val *args) {
  return patch_corner(ctx, "urcorner", args[0], false, true);
}
static tv_val p_llcorner(tv_ctx *ctx, const tv_val *args) {
  return patch_corner(ctx, "llcorner", args[0], true, false);
}
static tv_val p_lrcorner(tv_ctx *ctx, const tv_val *args) {
  return patch_corner(ctx, "lrcorner", args[0], true, true);
}

static tv_val p_bordering(tv_ctx *ctx, const tv_val *args) {
  patch_view pv;
  patch_box b;
  tv_val grid = args[1];
  TRY(patch_bounds(ctx, "bordering", args[0], &pv, &b));
  if (pv.mode == PATCH_EMPTY) return tv_error(ctx, "bordering: empty patch");
  if (b.top == 0 || b.left == 0) return TV_TRUE;
  if (!is_container(grid)) return tv_error(ctx, "bordering: %s has no length", tv_kind_name(grid));
  if (b.bottom == (int64_t)tv_len(grid) - 1) return TV_TRUE;
  int64_t w;
  if (tv_len(grid) == 0 || !tv_is_tuplelike(grid))
    return tv_error(ctx, "bordering: grid[0] is not available");
  TRY(piece_width(ctx, "bordering", grid, &w));
  return tv_bool(b.right == w - 1);
}

/* ---- indices and cells --------------------------------------------------- */

static tv_val p_toindices(tv_ctx *ctx, const tv_val *args) {
  tv_val patch = args[0];
  CHARGE(tv_len(patch));
  if (is_container(patch) && tv_len(patch) == 0) return TV_EMPTY_SET;
  if (tv_is_grid(patch)) {
    /* next(iter(grid))[1] is a number, so Python returns the grid itself */
    if (tv_grid_w(patch) >= 2) return patch;
    return tv_error(ctx, "toindices: tuple index out of range");
  }
  patch_view pv;
  TRY(tv_patch_open(ctx, "toindices", patch, &pv));
  if (pv.mode == PATCH_INDICES) return patch;
  const tv_val *items;
  TRY(index_items(ctx, "toindices", &pv, &items));
  return tv_set_take(ctx, pv.n, (tv_val *)items);
}

static tv_val p_recolor(tv_ctx *ctx, const tv_val *args) {
  tv_val value = args[0];
  patch_view pv;
  TRY(tv_patch_open(ctx, "recolor", args[1], &pv));
  CHARGE(pv.n);
  if (pv.mode == PATCH_EMPTY) return TV_EMPTY_SET;
  const tv_val *indices;
  TRY(index_items(ctx, "recolor", &pv, &indices));
  tv_val *out = scratch(ctx, pv.n, sizeof *out);
  CHECK_ALLOC(out);
  bool small_colour = tv_is_number(value) && tv_colour_fits(tv_num(value));
  for (size_t k = 0; k < pv.n; k++) {
    tv_val index = indices[k];
    if (small_colour && tv_is_pair(index) &&
        tv_cell_fits(tv_num(value), tv_pair_a(index), tv_pair_b(index))) {
      out[k] = tv_cell_imm(tv_num(value), tv_pair_a(index), tv_pair_b(index));
    } else {
      tv_val parts[2] = {value, index};
      out[k] = tv_tuple(ctx, 2, parts);
    }
  }
  return tv_set_take(ctx, pv.n, out);
}

/* shift by (di, dj); a shared core of shift and normalize. */
static tv_val shift_patch(tv_ctx *ctx, const char *prim, const patch_view *pv, int64_t di,
                          int64_t dj) {
  if (pv->mode == PATCH_EMPTY) return tv_error(ctx, "%s: empty patch", prim);
  tv_val *out = scratch(ctx, pv->n, sizeof *out);
  CHECK_ALLOC(out);
  for (size_t k = 0; k < pv->n; k++) {
    int64_t i, j;
    tv_val colour = 0;
    bool ok = pv->mode == PATCH_CELLS ? tv_patch_decode_cell(pv->items[k], &colour, &i, &j)
                                      : tv_patch_index(pv, k, &i, &j);
    if (!ok) return bad_element(ctx, prim);
    i += di;
    j += dj;
    if (!int_fits(i) || !int_fits(j)) return tv_error(ctx, "%s: integer overflow", prim);
    out[k] = pv->mode == PATCH_CELLS ? make_cell(ctx, colour, i, j) : tv_pair(ctx, i, j);
  }
  return tv_set_take(ctx, pv->n, out);
}

/* dsl.py returns an empty patch unchanged (shift and normalize). */
static bool is_empty_patch(tv_val patch) {
  return (tv_is_set(patch) || tv_is_tuplelike(patch)) && tv_len(patch) == 0;
}

/* shift of a set of immediate cells, or of immediate pairs, whose shifted
 * positions stay immediate: a shift keeps the reading order, so the result
 * is built already canonical. Returns 0 when the set is not of that kind
 * (the general path then handles it, errors included). */
static tv_val shift_uniform_set(tv_ctx *ctx, tv_val patch, int64_t di, int64_t dj) {
  if (!tv_is_set(patch) || !(tv_obj_of(patch)->flags & TV_F_IMMEDIATE_ITEMS)) return 0;
  const tv_val *items = tv_items(patch);
  size_t n = tv_obj_of(patch)->n;
  bool cells = tv_is_cell(items[0]);
  if (!cells && !tv_is_pair(items[0])) return 0;
  tv_val stack_out[256];
  tv_val *out = n <= 256 ? stack_out : scratch(ctx, n, sizeof *out);
  if (!out) return 0;
  for (size_t k = 0; k < n; k++) {
    tv_val v = items[k];
    if (cells) {
      int64_t i = tv_cell_i(v) + di, j = tv_cell_j(v) + dj;
      if (!tv_is_cell(v) || !tv_cell_fits(0, i, j)) return 0;
      out[k] = tv_cell_imm(tv_cell_color(v), i, j);
    } else {
      int64_t i = tv_pair_a(v) + di, j = tv_pair_b(v) + dj;
      if (!tv_is_pair(v) || !tv_pair_fits(i, j)) return 0;
      out[k] = tv_pair_imm(i, j);
    }
  }
  CHARGE(n);
  return tv_set_sorted(ctx, n, out);
}

static tv_val p_shift(tv_ctx *ctx, const tv_val *args) {
  if (is_empty_patch(args[0])) return args[0];
  int64_t di, dj;
  if (!two_numbers(args[1], true, &di, &dj))
    return tv_error(ctx, "shift: directions must be a pair of integers");
  tv_val fast = shift_uniform_set(ctx, args[0], di, dj);
  if (fast) return fast;
  patch_view pv;
  TRY(tv_patch_open(ctx, "shift", args[0], &pv));
  CHARGE(pv.n);
  return shift_patch(ctx, "shift", &pv, di, dj);
}

static tv_val p_normalize(tv_ctx *ctx, const tv_val *args) {
  if (is_empty_patch(args[0])) return args[0];
  patch_view pv;
  patch_box b;
  TRY(patch_bounds(ctx, "normalize", args[0], &pv, &b));
  if (pv.mode == PATCH_EMPTY) return tv_error(ctx, "normalize: empty patch");
  return shift_patch(ctx, "normalize", &pv, -b.top, -b.left);
}

/* The set of loc + each offset (Python: loc[0] + di, loc[1] + dj). */
static tv_val offsets_around(tv_ctx *ctx, const char *prim, tv_val loc, const int (*offsets)[2],
                             size_t n) {
  CHARGE(n);
  int64_t i, j;
  if (!two_numbers(loc, false, &i, &j))
    return tv_error(ctx, "%s: expected an (i, j) index, got %s", prim, tv_kind_name(loc));
  if (!int_fits(i - 1) || !int_fits(i + 1) || !int_fits(j - 1) || !int_fits(j + 1))
    return tv_error(ctx, "%s: integer overflow", prim);
  tv_val out[8];
  for (size_t k = 0; k < n; k++) out[k] = tv_pair(ctx, i + offsets[k][0], j + offsets[k][1]);
  return tv_set_take(ctx, n, out);
}

static const int direct_offsets[4][2] = {{-1, 0}, {0, -1}, {0, 1}, {1, 0}};
static const int diagonal_offsets[4][2] = {{-1, -1}, {-1, 1}, {1, -1}, {1, 1}};
static const int all_offsets[8][2] = {{-1, -1}, {-1, 0}, {-1, 1}, {0, -1},
                                      {0, 1},   {1, -1}, {1, 0},  {1, 1}};

static tv_val p_dneighbors(tv_ctx *ctx, const tv_val *args) {
  return offsets_around(ctx, "dneighbors", args[0], direct_offsets, 4);
}
static tv_val p_ineighbors(tv_ctx *ctx, const tv_val *args) {
  return offsets_around(ctx, "ineighbors", args[0], diagonal_offsets, 4);
}
static tv_val p_neighbors(tv_ctx *ctx, const tv_val *args) {
  return offsets_around(ctx, "neighbors", args[0], all_offsets, 8);
}

static tv_val p_asindices(tv_ctx *ctx, const tv_val *args) {
  tv_val grid = args[0];
  if (tv_is_set(grid) && tv_len(grid) == 0) return TV_EMPTY_SET; /* range(0) never indexes */
  if (!tv_is_tuplelike(grid))
    return tv_error(ctx, "asindices: expected a grid, got %s", tv_kind_name(grid));
  int64_t h = (int64_t)tv_len(grid), w;
  if (h == 0) return TV_EMPTY_SET;
  TRY(piece_width(ctx, "asindices", grid, &w));
  if (h > TV_GRID_MAX_SIDE || w > TV_GRID_MAX_SIDE)
    return tv_error(ctx, "asindices: %lld x %lld is too large", (long long)h, (long long)w);
  return tv_patch_all_positions(ctx, h, w);
}

static tv_val p_ofcolor(tv_ctx *ctx, const tv_val *args) {
  int h, w;
  const uint8_t *cells;
  TRY(open_grid(ctx, "ofcolor", args[0], &h, &w, &cells));
  size_t n = (size_t)h * (size_t)w;
  CHARGE(n);
  tv_val value = args[1];
  if (!tv_is_number(value) || !tv_colour_fits(tv_num(value))) return TV_EMPTY_SET;
  uint8_t c = tv_colour_byte(tv_num(value));
  tv_val *out = scratch(ctx, n + 1, sizeof *out);
  CHECK_ALLOC(out);
  size_t count = 0;
  for (int i = 0; i < h; i++)
    for (int j = 0; j < w; j++)
      if (cells[(size_t)i * (size_t)w + (size_t)j] == c) out[count++] = tv_pair_imm(i, j);
  return tv_set_sorted(ctx, count, out); /* reading order */
}

static tv_val p_asobject(tv_ctx *ctx, const tv_val *args) {
  int h, w;
  const uint8_t *cells;
  TRY(open_grid(ctx, "asobject", args[0], &h, &w, &cells));
  size_t n = (size_t)h * (size_t)w;
  CHARGE(n);
  tv_val *out = scratch(ctx, n + 1, sizeof *out);
  CHECK_ALLOC(out);
  size_t k = 0;
  for (int i = 0; i < h; i++)
    for (int j = 0; j < w; j++, k++) out[k] = tv_cell_imm(cells[k], i, j);
  return tv_set_of_scanned_cells(ctx, n, out);
}

static tv_val p_toobject(tv_ctx *ctx, const tv_val *args) {
  int h, w;
  const uint8_t *cells;
  TRY(open_grid(ctx, "toobject", args[1], &h, &w, &cells));
  if (h == 0) return tv_error(ctx, "toobject: tuple index out of range");
  patch_view pv;
  TRY(tv_patch_open(ctx, "toobject", args[0], &pv));
  CHARGE(pv.n);
  tv_val *out = scratch(ctx, pv.n + 1, sizeof *out);
  CHECK_ALLOC(out);
  size_t count = 0;
  for (size_t k = 0; k < pv.n; k++) {
    int64_t i, j;
    if (!tv_patch_index(&pv, k, &i, &j)) return bad_element(ctx, "toobject");
    if (i >= 0 && i < h && j >= 0 && j < w)
      out[count++] = tv_cell_imm(cells[i * w + j], i, j);
  }
  /* A set of index pairs lists distinct positions in reading order, and so
   * do the cells made from them; other patches may repeat or reorder. */
  const tv_val *items = tv_items(args[0]);
  bool index_set = tv_is_set(args[0]) && pv.n > 0 &&
                   (tv_obj_of(args[0])->flags & TV_F_IMMEDIATE_ITEMS) &&
                   tv_is_pair(items[0]) && tv_is_pair(items[pv.n - 1]);
  return index_set ? tv_set_of_scanned_cells(ctx, count, out) : tv_set_take(ctx, count, out);
}

/* crop on a tuple that is not a grid: slice rows, then slice each row. */
static tv_val crop_generic(tv_ctx *ctx, tv_val grid, int64_t r0, int64_t r1, int64_t c0,
                           int64_t c1) {
  const tv_val *rows;
  size_t nrows;
  TRY(container_items(ctx, "crop", grid, &rows, &nrows));
  int64_t lo, hi;
  py_slice((int64_t)nrows, r0, r1, &lo, &hi);
  tv_val *out = scratch(ctx, (size_t)(hi - lo + 1), sizeof *out);
  CHECK_ALLOC(out);
  for (int64_t r = lo; r < hi; r++) {
    tv_val row = rows[r];
    if (!tv_is_tuplelike(row))
      return tv_error(ctx, "crop: %s is not subscriptable", tv_kind_name(row));
    int64_t clo, chi;
    py_slice((int64_t)tv_len(row), c0, c1, &clo, &chi);
    CHARGE(chi - clo);
    tv_val *cells = scratch(ctx, (size_t)(chi - clo + 1), sizeof *cells);
    CHECK_ALLOC(cells);
    for (int64_t c = clo; c < chi; c++) cells[c - clo] = tv_at(ctx, row, (size_t)c);
    out[r - lo] = tv_tuple(ctx, (size_t)(chi - clo), cells);
  }
  return tv_tuple(ctx, (size_t)(hi - lo), out);
}

static tv_val p_crop(tv_ctx *ctx, const tv_val *args) {
  int64_t si, sj, dh, dw;
  if (!two_numbers(args[1], false, &si, &sj) || !two_numbers(args[2], false, &dh, &dw))
    return tv_error(ctx, "crop: start and dims must be pairs of integers");
  int h, w;
  const uint8_t *cells;
  if (!tv_as_grid(args[0], &h, &w, &cells)) {
    if (!tv_is_tuplelike(args[0]))
      return tv_error(ctx, "crop: expected a grid, got %s", tv_kind_name(args[0]));
    return crop_generic(ctx, args[0], si, si + dh, sj, sj + dw);
  }
  int64_t r0, r1, c0, c1;
  py_slice(h, si, si + dh, &r0, &r1);
  py_slice(w, sj, sj + dw, &c0, &c1);
  CHARGE((r1 - r0) * (c1 - c0));
  if (r1 == r0) return TV_EMPTY_TUPLE;
  tv_val out = tv_grid_new(ctx, (int)(r1 - r0), (int)(c1 - c0));
  if (!tv_is_grid(out)) return out;
  uint8_t *dst = tv_grid_cells(out);
  for (int64_t r = r0; r < r1; r++)
    memcpy(dst + (size_t)(r - r0) * (size_t)(c1 - c0), cells + (size_t)r * (size_t)w + (size_t)c0,
           (size_t)(c1 - c0));
  return tv_grid_seal(out);
}

/* ---- objects and partitions ---------------------------------------------- */

/* Builds the set of objects from a per-cell label (0 = no object, labels
 * 1..nlabels): one counting pass, one reading-order fill, so each object's
 * cells come out already in canonical order. */
static tv_val group_cells(tv_ctx *ctx, int h, int w, const uint8_t *cells,
                          const uint32_t *labels, size_t nlabels) {
  size_t n = (size_t)h * (size_t)w;
  size_t *start = scratch(ctx, (nlabels + 2), sizeof *start);
  tv_val *members = scratch(ctx, n + 1, sizeof *members);
  tv_val *objs = scratch(ctx, nlabels + 1, sizeof *objs);
  CHECK_ALLOC(start && members && objs);
  memset(start, 0, (nlabels + 2) * sizeof *start);
  for (size_t k = 0; k < n; k++)
    if (labels[k]) start[labels[k] + 1]++;
  for (size_t l = 1; l <= nlabels; l++) start[l + 1] += start[l];
  size_t k = 0;
  for (int i = 0; i < h; i++)
    for (int j = 0; j < w; j++, k++)
      if (labels[k]) members[start[labels[k]]++] = tv_cell_imm(cells[k], i, j);
  /* start[l] now ends label l, which is where label l + 1 begins */
  size_t begin = 0;
  for (size_t l = 1; l <= nlabels; l++) {
    objs[l - 1] = tv_set_of_scanned_cells(ctx, start[l] - begin, members + begin);
    if (tv_is_error(objs[l - 1])) return objs[l - 1];
    begin = start[l];
  }
  return tv_set_take(ctx, nlabels, objs);
}

/* Root of k's component, halving the path on the way. */
static inline uint32_t component_root(uint32_t *parent, uint32_t k) {
  while (parent[k] != k) {
    parent[k] = parent[parent[k]];
    k = parent[k];
  }
  return k;
}

/* Joins two components; the root is always the smallest cell index. */
static inline void join_components(uint32_t *parent, uint32_t a, uint32_t b) {
  uint32_t ra = component_root(parent, a), rb = component_root(parent, b);
  if (ra < rb) parent[rb] = ra;
  else if (rb < ra) parent[ra] = rb;
}

/* Labels connected components in two raster passes (union-find). A cell is
 * linked to the neighbours already visited (left, above, and the two upper
 * diagonals when `diagonal`) when both belong to objects: same colour
 * (univalued) or neither is background; bg < 0 means there is no
 * background. Labels are numbered by each component's first cell in reading
 * order, the order in which a flood fill from every unlabelled cell would
 * find them. `parent` is scratch of h * w entries. */
static size_t label_components(const uint8_t *cells, int h, int w, bool univalued, bool diagonal,
                               int bg, uint32_t *labels, uint32_t *parent) {
  size_t nlabels = 0;
  for (int i = 0; i < h; i++) {
    const uint8_t *row = cells + (size_t)i * (size_t)w, *above = row - w;
    uint32_t base = (uint32_t)i * (uint32_t)w;
    for (int j = 0; j < w; j++) {
      uint32_t k = base + (uint32_t)j;
      int c = row[j];
      parent[k] = k;
      if (c == bg) continue;
#define LINK(cond, colour, other)                                                    \
  do {                                                                               \
    if ((cond) && (univalued ? (colour) == c : (colour) != bg)) join_components(parent, k, other); \
  } while (0)
      LINK(j > 0, row[j - 1], k - 1);
      if (i > 0) {
        LINK(true, above[j], k - (uint32_t)w);
        if (diagonal) {
          LINK(j > 0, above[j - 1], k - (uint32_t)w - 1);
          LINK(j + 1 < w, above[j + 1], k - (uint32_t)w + 1);
        }
      }
#undef LINK
    }
  }
  size_t n = (size_t)h * (size_t)w;
  for (uint32_t k = 0; k < n; k++) {
    if (cells[k] == bg) {
      labels[k] = 0;
      continue;
    }
    uint32_t root = component_root(parent, k);
    labels[k] = root == k ? (uint32_t)++nlabels : labels[root];
  }
  return nlabels;
}

static tv_val p_objects(tv_ctx *ctx, const tv_val *args) {
  int h, w;
  const uint8_t *cells;
  TRY(open_grid(ctx, "objects", args[0], &h, &w, &cells));
  bool univalued = tv_truthy(args[1]), diagonal = tv_truthy(args[2]);
  bool without_bg = tv_truthy(args[3]);
  if (h == 0)
    return tv_error(ctx, "objects: %s",
                    without_bg ? "empty container" : "tuple index out of range");
  size_t n = (size_t)h * (size_t)w;
  CHARGE(2 * n);
  if (n == 0) return without_bg ? tv_error(ctx, "objects: empty container") : TV_EMPTY_SET;
  int bg = -1;
  if (without_bg) {
    tv_val most = extreme_colour(ctx, "objects", args[0], true);
    if (tv_is_error(most)) return most;
    bg = tv_colour_byte(tv_num(most));
  }
  uint32_t small_labels[SMALL_GRID_CELLS], small_parent[SMALL_GRID_CELLS];
  uint32_t *labels = small_labels, *parent = small_parent;
  if (n > SMALL_GRID_CELLS) {
    labels = scratch(ctx, n, sizeof *labels);
    parent = scratch(ctx, n, sizeof *parent);
    CHECK_ALLOC(labels && parent);
  }
  size_t nlabels = label_components(cells, h, w, univalued, diagonal, bg, labels, parent);
  return group_cells(ctx, h, w, cells, labels, nlabels);
}

/* partition / fgpartition: one object per colour, except `skip` (or -1). */
static tv_val colour_groups(tv_ctx *ctx, int h, int w, const uint8_t *cells,
                            int skip) {
  size_t n = (size_t)h * (size_t)w;
  CHARGE(2 * n);
  bool present[256] = {false};
  for (size_t k = 0; k < n; k++) present[cells[k]] = true;
  uint32_t rank[256] = {0};
  size_t ncolours = 0;
  for (int c = 0; c < 256; c++)
    if (present[c] && c != skip) rank[c] = (uint32_t)++ncolours;
  uint32_t *labels = scratch(ctx, n + 1, sizeof *labels);
  CHECK_ALLOC(labels);
  for (size_t k = 0; k < n; k++) labels[k] = rank[cells[k]];
  return group_cells(ctx, h, w, cells, labels, ncolours);
}

static tv_val p_partition(tv_ctx *ctx, const tv_val *args) {
  int h, w;
  const uint8_t *cells;
  TRY(open_grid(ctx, "partition", args[0], &h, &w, &cells));
  return colour_groups(ctx, h, w, cells, -1);
}

static tv_val p_fgpartition(tv_ctx *ctx, const tv_val *args) {
  int h, w;
  const uint8_t *cells;
  TRY(open_grid(ctx, "fgpartition", args[0], &h, &w, &cells));
  size_t n = (size_t)h * (size_t)w;
  if (n == 0) return tv_error(ctx, "fgpartition: empty container");
  tv_val most = extreme_colour(ctx, "fgpartition", args[0], true);
  if (tv_is_error(most)) return most;
  return colour_groups(ctx, h, w, cells, tv_colour_byte(tv_num(most)));
}

static tv_val p_colorfilter(tv_ctx *ctx, const tv_val *args) {
  const tv_val *objs;
  size_t n;
  TRY(container_items(ctx, "colorfilter", args[0], &objs, &n));
  CHARGE(n);
  tv_val *out = scratch(ctx, n + 1, sizeof *out);
  CHECK_ALLOC(out);
  size_t count = 0;
  for (size_t k = 0; k < n; k++) {
    tv_val colour;
    TRY(first_of_first(ctx, "colorfilter", objs[k], &colour));
    if (tv_eq(colour, args[1])) out[count++] = objs[k];
  }
  return tv_set_take(ctx, count, out);
}

static tv_val p_sizefilter(tv_ctx *ctx, const tv_val *args) {
  const tv_val *items;
  size_t n;
  TRY(container_items(ctx, "sizefilter", args[0], &items, &n));
  CHARGE(n);
  tv_val *out = scratch(ctx, n + 1, sizeof *out);
  CHECK_ALLOC(out);
  bool numeric = tv_is_number(args[1]);
  int64_t want = tv_num(args[1]);
  size_t count = 0;
  for (size_t k = 0; k < n; k++) {
    if (!is_container(items[k]))
      return tv_error(ctx, "sizefilter: %s has no length", tv_kind_name(items[k]));
    if (numeric && (int64_t)tv_len(items[k]) == want) out[count++] = items[k];
  }
  return tv_set_take(ctx, count, out);
}

/* ---- relations between patches ------------------------------------------- */

/* Whether two coordinate lists share a value: a bitmap over the first list's
 * range when it is small, else sort and merge. */
static bool share_value(int64_t *a, size_t na, int64_t *b, size_t nb) {
  if (!na || !nb) return false;
  int64_t lo = a[0], hi = a[0];
  for (size_t k = 1; k < na; k++) {
    if (a[k] < lo) lo = a[k];
    if (a[k] > hi) hi = a[k];
  }
  enum { BITMAP_BITS = 4096 };
  if (hi - lo < BITMAP_BITS) {
    uint64_t bits[BITMAP_BITS / 64] = {0};
    for (size_t k = 0; k < na; k++) bits[(a[k] - lo) >> 6] |= 1ull << ((a[k] - lo) & 63);
    for (size_t k = 0; k < nb; k++)
      if (b[k] >= lo && b[k] <= hi && (bits[(b[k] - lo) >> 6] >> ((b[k] - lo) & 63) & 1))
        return true;
    return false;
  }
  qsort(a, na, sizeof *a, cmp_int64);
  qsort(b, nb, sizeof *b, cmp_int64);
  for (size_t x = 0, y = 0; x < na && y < nb;) {
    if (a[x] == b[y]) return true;
    if (a[x] < b[y]) x++;
    else y++;
  }
  return false;
}

static tv_val matching(tv_ctx *ctx, const char *prim, const tv_val *args, bool rows) {
  patch_view pa, pb;
  int64_t *ai, *aj, *bi, *bj;
  TRY(patch_points(ctx, prim, args[0], &pa, &ai, &aj));
  TRY(patch_points(ctx, prim, args[1], &pb, &bi, &bj));
  return tv_bool(rows ? share_value(ai, pa.n, bi, pb.n) : share_value(aj, pa.n, bj, pb.n));
}

static tv_val p_hmatching(tv_ctx *ctx, const tv_val *args) {
  return matching(ctx, "hmatching", args, true);
}
static tv_val p_vmatching(tv_ctx *ctx, const tv_val *args) {
  return matching(ctx, "vmatching", args, false);
}

/* Smallest manhattan distance between the patches' indices. */
static tv_val min_distance(tv_ctx *ctx, const char *prim, const tv_val *args, int64_t *out) {
  patch_view pa, pb;
  int64_t *ai, *aj, *bi, *bj;
  TRY(patch_points(ctx, prim, args[0], &pa, &ai, &aj));
  TRY(patch_points(ctx, prim, args[1], &pb, &bi, &bj));
  if (pa.n == 0 || pb.n == 0) return tv_error(ctx, "%s: empty patch", prim);
  CHARGE(pa.n * pb.n / 4);
  uint64_t best = UINT64_MAX;
  for (size_t x = 0; x < pa.n && best; x++) {
    for (size_t y = 0; y < pb.n; y++) {
      uint64_t di = (uint64_t)(ai[x] > bi[y] ? ai[x] - bi[y] : bi[y] - ai[x]);
      uint64_t dj = (uint64_t)(aj[x] > bj[y] ? aj[x] - bj[y] : bj[y] - aj[x]);
      if (di + dj < best) best = di + dj;
    }
  }
  if (best > (uint64_t)TV_INT_MAX) return tv_error(ctx, "%s: integer overflow", prim);
  *out = (int64_t)best;
  return 0;
}

static tv_val p_manhattan(tv_ctx *ctx, const tv_val *args) {
  int64_t d;
  TRY(min_distance(ctx, "manhattan", args, &d));
  return tv_int(d);
}

static tv_val p_adjacent(tv_ctx *ctx, const tv_val *args) {
  int64_t d;
  TRY(min_distance(ctx, "adjacent", args, &d));
  return tv_bool(d == 1);
}

static int cmp_point(const void *a, const void *b) {
  const int64_t *x = a, *y = b;
  if (x[0] != y[0]) return (x[0] > y[0]) - (x[0] < y[0]);
  return (x[1] > y[1]) - (x[1] < y[1]);
}

/* Python's floor division by a positive divisor. */
static int64_t floor_div(__int128 sum, int64_t n) {
  __int128 q = sum / n;
  if (sum % n != 0 && sum < 0) q--;
  return (int64_t)q;
}

static tv_val p_centerofmass(tv_ctx *ctx, const tv_val *args) {
  patch_view pv;
  TRY(tv_patch_open(ctx, "centerofmass", args[0], &pv));
  CHARGE(pv.n);
  if (pv.mode == PATCH_EMPTY) return TV_EMPTY_TUPLE;
  int64_t *points = scratch(ctx, 2 * pv.n, sizeof *points);
  CHECK_ALLOC(points);
  bool sorted = true;
  for (size_t k = 0; k < pv.n; k++) {
    if (!tv_patch_index(&pv, k, &points[2 * k], &points[2 * k + 1]))
      return bad_element(ctx, "centerofmass");
    if (k && cmp_point(&points[2 * k - 2], &points[2 * k]) > 0) sorted = false;
  }
  /* toindices of cells is a set: positions held by several cells count once,
   * but the divisor stays len(patch) as in Python */
  bool dedup = pv.mode == PATCH_CELLS;
  if (dedup && !sorted) qsort(points, pv.n, 2 * sizeof *points, cmp_point);
  __int128 si = 0, sj = 0;
  for (size_t k = 0; k < pv.n; k++) {
    if (dedup && k && points[2 * k] == points[2 * k - 2] && points[2 * k + 1] == points[2 * k - 1])
      continue;
    si += points[2 * k];
    sj += points[2 * k + 1];
  }
  return tv_pair(ctx, floor_div(si, (int64_t)pv.n), floor_div(sj, (int64_t)pv.n));
}

/* ---- the table ----------------------------------------------------------- */

#define PATCH TT_PIECE
#define GRID_ARG (TT_GRID | TT_TUPLE)
#define LOC (TT_PAIR | TT_TUPLE)
#define INDEX_RESULT (TT_PAIR | TT_TUPLE)

const tv_prim tv_prims_geometry[] = {
    {"mostcolor", 1, p_mostcolor, {TT_PIECE}, TT_ANY},
    {"leastcolor", 1, p_leastcolor, {TT_PIECE}, TT_ANY},
    {"height", 1, p_height, {TT_PIECE | TT_PAIR | TT_CELL}, TT_INT},
    {"width", 1, p_width, {TT_PIECE}, TT_INT},
    {"shape", 1, p_shape, {TT_PIECE}, INDEX_RESULT},
    {"portrait", 1, p_portrait, {TT_PIECE}, TT_BOOL},
    {"colorcount", 2, p_colorcount, {TT_PIECE, TT_ANY}, TT_INT},
    {"colorfilter", 2, p_colorfilter, {TT_CONTAINER, TT_ANY}, TT_SET},
    {"sizefilter", 2, p_sizefilter, {TT_CONTAINER, TT_ANY}, TT_SET},
    {"asindices", 1, p_asindices, {TT_PIECE}, TT_SET},
    {"ofcolor", 2, p_ofcolor, {GRID_ARG, TT_ANY}, TT_SET},
    {"ulcorner", 1, p_ulcorner, {PATCH}, INDEX_RESULT},
    {"urcorner", 1, p_urcorner, {PATCH}, INDEX_RESULT},
    {"llcorner", 1, p_llcorner, {PATCH}, INDEX_RESULT},
    {"lrcorner", 1, p_lrcorner, {PATCH}, INDEX_RESULT},
    {"crop", 3, p_crop, {GRID_ARG | TT_PAIR | TT_CELL, LOC, LOC}, TT_GRID | TT_TUPLE},
    {"toindices", 1, p_toindices, {PATCH}, TT_SET | TT_TUPLE | TT_GRID},
    {"recolor", 2, p_recolor, {TT_ANY, PATCH}, TT_SET},
    {"shift", 2, p_shift, {PATCH, LOC}, TT_SET},
    {"normalize", 1, p_normalize, {PATCH}, TT_SET},
    {"dneighbors", 1, p_dneighbors, {LOC}, TT_SET},
    {"ineighbors", 1, p_ineighbors, {LOC}, TT_SET},
    {"neighbors", 1, p_neighbors, {LOC}, TT_SET},
    {"objects", 4, p_objects, {GRID_ARG, TT_ANY, TT_ANY, TT_ANY}, TT_SET},
    {"partition", 1, p_partition, {GRID_ARG}, TT_SET},
    {"fgpartition", 1, p_fgpartition, {GRID_ARG}, TT_SET},
    {"uppermost", 1, p_uppermost, {PATCH}, TT_INT},
    {"lowermost", 1, p_lowermost, {PATCH}, TT_INT},
    {"leftmost", 1, p_leftmost, {PATCH}, TT_INT},
    {"rightmost", 1, p_rightmost, {PATCH}, TT_INT},
    {"square", 1, p_square, {TT_PIECE}, TT_BOOL},
    {"vline", 1, p_vline, {TT_PIECE}, TT_BOOL},
    {"hline", 1, p_hline, {TT_PIECE}, TT_BOOL},
    {"hmatching", 2, p_hmatching, {PATCH, PATCH}, TT_BOOL},
    {"vmatching", 2, p_vmatching, {PATCH, PATCH}, TT_BOOL},
    {"manhattan", 2, p_manhattan, {PATCH, PATCH}, TT_INT},
    {"adjacent", 2, p_adjacent, {PATCH, PATCH}, TT_BOOL},
    {"bordering", 2, p_bordering, {PATCH, GRID_ARG}, TT_BOOL},
    {"centerofmass", 1, p_centerofmass, {PATCH}, INDEX_RESULT},
    {"palette", 1, p_palette, {TT_PIECE}, TT_SET},
    {"numcolors", 1, p_numcolors, {TT_PIECE}, TT_INT},
    {"color", 1, p_color, {TT_CONTAINER}, TT_ANY},
    {"toobject", 2, p_toobject, {PATCH, GRID_ARG}, TT_SET},
    {"asobject", 1, p_asobject, {GRID_ARG}, TT_SET},
    {NULL, 0, NULL, {0}, 0},
};
