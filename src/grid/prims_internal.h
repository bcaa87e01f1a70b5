/*
 * prims_internal.h - what the primitive files of the grid layer share
 * (prims_basic.c, prims_geometry.c, prims_transform.c and patch.c); private
 * to src/grid and its tests, never included from another layer.
 *
 * Conventions every primitive follows:
 *   - it is a static function named p_<arc-dsl name> (tv_prim_fn), listed in
 *     its file's table, and its helpers take the tv_ctx as `ctx`;
 *   - it charges work with CHARGE before it allocates anything whose size it
 *     computed (the result of repeat, canvas, upscale, product ...), so a
 *     budget refuses a huge result before a byte is spent on it;
 *   - every allocation is checked (arena.h): scratch() and the tv_*
 *     constructors return NULL / an error value, CHECK_ALLOC and
 *     RETURN_IF_ERROR pass the failure on, so a memory guard or a failing
 *     malloc ends the primitive with tv_oom_error, never a crash;
 *   - helpers that can fail return 0 for success or an error value, and
 *     callers pass it on with TRY.
 *
 * The patch view. Patches (sets or tuples of cells, or of (i, j) indices, or
 * a grid two columns wide, which Python reads as a tuple of index pairs) are
 * read through one view, filled by one of two readers:
 *   - tv_patch_open applies Python's toindices rule (the first element
 *     decides whether the patch holds cells or indices) and accepts heap
 *     tuples for elements that do not fit an immediate; the geometry
 *     primitives decode elements with tv_patch_index;
 *   - tv_patch_read_immediate also requires every element to be an
 *     immediate cell, or every one an immediate pair, and turns a two-column
 *     grid into pairs, so the transform primitives read items[] directly.
 */
#ifndef TESSERA_GRID_PRIMS_INTERNAL_H
#define TESSERA_GRID_PRIMS_INTERNAL_H

#include <stdint.h>
#include <string.h>

#include "tessera/prims.h"

/* Charges `units` plus the one unit every call costs, or returns the budget
 * error from the calling function. */
#define CHARGE(units)                                                        \
  do {                                                                       \
    if (!tv_charge(ctx, (uint64_t)(units) + 1)) return tv_budget_error(ctx); \
  } while (0)

/* Passes on the error of a helper that returns 0 for success. */
#define TRY(expr)                  \
  do {                             \
    tv_val try_err_ = (expr);      \
    if (try_err_) return try_err_; \
  } while (0)

/* Passes on v when it is an error value. */
#define RETURN_IF_ERROR(v)          \
  do {                              \
    if (tv_is_error(v)) return (v); \
  } while (0)

/* Returns the out-of-memory error when an allocation gave NULL. */
#define CHECK_ALLOC(p)                        \
  do {                                        \
    if (!(p)) return tv_oom_error(ctx);       \
  } while (0)

/* Scratch memory for n elements of `size` bytes in the evaluation arena
 * (room for at least one); NULL when it cannot be had. */
static inline void *scratch(tv_ctx *ctx, size_t n, size_t size) {
  return ta_alloc_array(ctx->arena, n ? n : 1, size ? size : 1);
}

static inline int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }
static inline int64_t max64(int64_t a, int64_t b) { return a > b ? a : b; }

/* Python's seq[start:stop] bounds on a sequence of length len (negative
 * indices count from the end; the result is clamped and never reversed). */
static inline void py_slice(int64_t len, int64_t start, int64_t stop, int64_t *lo, int64_t *hi) {
  if (start < 0) start = max64(start + len, 0);
  if (stop < 0) stop = max64(stop + len, 0);
  *lo = min64(start, len);
  *hi = max64(min64(stop, len), *lo);
}

/* qsort comparators: int64_t, and tv_val in the canonical order. */
static inline int cmp_int64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}
static inline int cmp_value(const void *a, const void *b) {
  return tv_cmp(*(const tv_val *)a, *(const tv_val *)b);
}

/* A pair or cell, immediate when it fits (the usual case, inlined). */
static inline tv_val mk_pair(tv_ctx *ctx, int64_t a, int64_t b) {
  return tv_pair_fits(a, b) ? tv_pair_imm(a, b) : tv_pair(ctx, a, b);
}
static inline tv_val mk_cell(tv_ctx *ctx, int c, int64_t i, int64_t j) {
  return tv_cell_fits(c, i, j) ? tv_cell_imm(c, i, j) : tv_cell(ctx, c, i, j);
}

/* v[0], v[1] of a pair or a tuple of numbers; with exactly_two only a
 * 2-tuple, as Python's `a, b = v` unpacking requires. */
static inline bool two_numbers(tv_val v, bool exactly_two, int64_t *a, int64_t *b) {
  if (tv_is_pair(v)) {
    *a = tv_pair_a(v);
    *b = tv_pair_b(v);
    return true;
  }
  if (!tv_is_tuple(v)) return false;
  size_t n = tv_obj_of(v)->n;
  if (n < 2 || (exactly_two && n != 2)) return false;
  const tv_val *it = tv_items(v);
  if (!tv_is_number(it[0]) || !tv_is_number(it[1])) return false;
  *a = tv_num(it[0]);
  *b = tv_num(it[1]);
  return true;
}

/* ---- patches ------------------------------------------------------------- */

/* The rectangle a patch spans (inclusive). */
typedef struct patch_box {
  int64_t top, left, bottom, right;
} patch_box;

typedef enum patch_mode {
  PATCH_EMPTY,
  PATCH_CELLS,      /* elements unpack as (value, (i, j)) */
  PATCH_INDICES,    /* elements unpack as (i, j) */
  PATCH_BYTE_PAIRS, /* a width-2 grid: rows are small (i, j) pairs */
} patch_mode;

typedef struct patch_view {
  patch_mode mode;
  size_t n;             /* len(patch) */
  const tv_val *items;  /* PATCH_CELLS, PATCH_INDICES */
  const uint8_t *bytes; /* PATCH_BYTE_PAIRS */
  bool is_set;          /* a frozenset, not a tuple (matters to height/width) */
} patch_view;

/* Classifies a patch by its first element, as toindices does. Returns 0 or
 * an error value naming `prim`. */
tv_val tv_patch_open(tv_ctx *ctx, const char *prim, tv_val patch, patch_view *pv);
/* Opens a patch whose elements are all immediate cells or all immediate
 * pairs (a two-column grid is turned into pairs, so mode is never
 * PATCH_BYTE_PAIRS) and charges one unit per element. */
tv_val tv_patch_read_immediate(tv_ctx *ctx, tv_val patch, const char *prim, patch_view *pv);

/* (i, j) of an index: an immediate pair, or a heap 2-tuple of numbers. */
static inline bool tv_patch_decode_index(tv_val v, int64_t *i, int64_t *j) {
  return two_numbers(v, true, i, j);
}

/* Colour and (i, j) of a cell: an immediate, or a heap (value, index). */
static inline bool tv_patch_decode_cell(tv_val v, tv_val *colour, int64_t *i, int64_t *j) {
  if (tv_is_cell(v)) {
    *colour = tv_int(tv_cell_color(v));
    *i = tv_cell_i(v);
    *j = tv_cell_j(v);
    return true;
  }
  if (tv_is_tuple(v) && tv_obj_of(v)->n == 2 && tv_patch_decode_index(tv_items(v)[1], i, j)) {
    *colour = tv_items(v)[0];
    return true;
  }
  return false;
}

/* Index k of an opened patch as toindices yields it; false when the element
 * does not have the shape the first element announced (Python would raise).
 * Inline: the geometry primitives call it once per element. */
static inline bool tv_patch_index(const patch_view *pv, size_t k, int64_t *i, int64_t *j) {
  if (pv->mode == PATCH_BYTE_PAIRS) {
    *i = tv_byte_colour(pv->bytes[2 * k]);
    *j = tv_byte_colour(pv->bytes[2 * k + 1]);
    return true;
  }
  tv_val v = pv->items[k];
  if (pv->mode == PATCH_CELLS) {
    if (tv_is_cell(v)) {
      *i = tv_cell_i(v);
      *j = tv_cell_j(v);
      return true;
    }
    tv_val colour;
    return tv_patch_decode_cell(v, &colour, i, j);
  }
  return tv_patch_decode_index(v, i, j);
}

/* The index set of every (i, j) with 0 <= i < h, 0 <= j < w (at most
 * (TV_GRID_MAX_SIDE + 1)^2 positions, so each is an immediate pair). */
tv_val tv_patch_all_positions(tv_ctx *ctx, int64_t h, int64_t w);

/* Position of an element of an immediate view. */
static inline int64_t loc_i(tv_val v) { return tv_is_cell(v) ? tv_cell_i(v) : tv_pair_a(v); }
static inline int64_t loc_j(tv_val v) { return tv_is_cell(v) ? tv_cell_j(v) : tv_pair_b(v); }

#endif
