/*
 * value.h - the immutable values of the arc-dsl grid language.
 *
 * A tv_val is one 64-bit word. Small values are stored in the word itself
 * (immediates); everything else is a pointer to an immutable heap object
 * allocated in an evaluation arena.
 *
 *   kind      Python value            representation
 *   TV_INT    int                     immediate, 60-bit signed
 *   TV_BOOL   bool (T, F)             immediate; equal to 1 / 0 as in Python
 *   TV_PAIR   (a, b) of two ints      immediate when both fit 28 bits signed
 *   TV_CELL   (c, (i, j))             immediate when -128<=c<=127, |i|,|j| < 2^23
 *   TV_GRID   tuple of equal rows     heap: h x w bytes, row-major
 *   TV_TUPLE  any other tuple         heap: n tv_val
 *   TV_SET    frozenset               heap: n tv_val, sorted, no duplicates
 *   TV_FUNC   a callable              heap: primitive or combinator closure
 *   TV_ERROR  (runtime failure)       heap: message and program line
 *
 * Canonical form. Every Python value has exactly one representation, so
 * equality is structural and hashing is consistent: a 2-tuple of ints is
 * always a TV_PAIR (if it fits), (colour, pair) always a TV_CELL, a non-empty
 * tuple of equal-length tuples of colours (ints -128..127: solvers write -1
 * into grids as a marker) always a TV_GRID (as in
 * Python, where a grid *is* a tuple of tuples). The constructors below
 * canonicalise; code must never build heap objects by hand.
 *
 * Set order. Python iterates frozensets in hash order; we fix one canonical
 * order (tv_cmp): the order of Python's sorted() where Python can sort -
 * numbers ascending (bools as 0/1), pairs by (a, b), cells (c, (i, j)) by
 * colour, then i, then j - and heap objects by kind, then lexicographically
 * by content (so sets of objects order by their first cells). The cell word
 * layout puts the biased colour in the top byte so that raw word order is
 * this order. Primitives that expose iteration order
 * (first, last, totuple, argmax ties, ...) therefore follow this order; see
 * docs/DSL.md.
 *
 * Ownership. Heap values are arena-owned: valid until the arena of the
 * tv_ctx that built them is reset. Values are immutable once returned by a
 * constructor; a tv_grid_new result may be written until tv_grid_seal.
 * Nothing is reference counted and nothing is freed individually.
 *
 * Errors. Operations never abort. A failure (bad type, index out of range,
 * budget exhausted, allocation failure) is returned as a TV_ERROR value;
 * callers that receive one return it unchanged (tv_is_error). The first error
 * of an evaluation is also kept in ctx->error. TV_ERROR is the grid layer's
 * one error type; the lang layer passes these values on and adds where they
 * happened.
 *
 * Memory. Allocation follows arena.h: a constructor whose allocation fails
 * returns tv_oom_error (never NULL, never a partial value), and so does
 * every primitive, so an evaluation stopped by the memory guard
 * (ta_arena_set_limit on ctx->arena) ends with that error inside the
 * primitive that asked for too much, instead of after it.
 *
 * Work budget. Every primitive charges work units roughly proportional to the
 * cells/elements it touches (tv_charge), before it allocates its result
 * (whose size it knows up front), so a budget refuses a huge result without
 * building it. When ctx->work exceeds ctx->budget the charge fails and the
 * primitive returns the budget error, so a runaway program stops after the
 * same amount of work on every machine. A budget of 0 means no work limit;
 * the memory guard still holds.
 */
#ifndef TESSERA_VALUE_H
#define TESSERA_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tessera/arena.h"

typedef uint64_t tv_val;

typedef enum tv_kind {
  TV_NONE = 0, /* the 0 word: "no value" (never a result of a primitive) */
  TV_INT,
  TV_BOOL,
  TV_PAIR,
  TV_CELL,
  TV_GRID,
  TV_TUPLE,
  TV_SET,
  TV_FUNC,
  TV_ERROR,
} tv_kind;

/* Largest grid side we build; larger results are errors (see docs/DSL.md). */
#define TV_GRID_MAX_SIDE 1024
#define TV_INT_MAX ((int64_t)1 << 58)
#define TV_INT_MIN (-TV_INT_MAX)

typedef struct tv_ctx {
  ta_arena *arena;    /* where results are allocated */
  uint64_t work;      /* work units charged so far */
  uint64_t budget;    /* limit for work; 0 means unlimited */
  tv_val error;       /* first error raised, or 0 */
  int line;           /* program line being evaluated (for messages), or 0 */
  int depth;          /* nesting of closure calls (tv_call), bounded */
  double deadline;    /* CLOCK_MONOTONIC seconds after which power() loops
                         stop with tv_deadline_error; 0 = none. A safety
                         limit for callers with a wall clock (arc eval
                         --task-seconds), never part of a result */
  void *user;         /* for the interpreter */
} tv_ctx;

void tv_ctx_init(tv_ctx *ctx, ta_arena *arena, uint64_t budget);

/* ---- immediates ---------------------------------------------------------- */

enum { TV_TAG_HEAP = 0, TV_TAG_INT = 1, TV_TAG_BOOL = 2, TV_TAG_PAIR = 3, TV_TAG_CELL = 4 };
#define TV_TAG_MASK 7u

static inline unsigned tv_tag(tv_val v) { return (unsigned)(v & TV_TAG_MASK); }
static inline tv_val tv_int(int64_t i) { return ((uint64_t)i << 3) | TV_TAG_INT; }
static inline tv_val tv_bool(bool b) { return ((uint64_t)b << 3) | TV_TAG_BOOL; }
extern const tv_val TV_TRUE, TV_FALSE;

static inline bool tv_is_int(tv_val v) { return tv_tag(v) == TV_TAG_INT; }
static inline bool tv_is_bool(tv_val v) { return tv_tag(v) == TV_TAG_BOOL; }
/* Integer or boolean: Python treats bools as ints everywhere. */
static inline bool tv_is_number(tv_val v) { return tv_is_int(v) || tv_is_bool(v); }
/* Numeric value of an int or bool (0 for anything else). */
static inline int64_t tv_num(tv_val v) {
  return tv_is_number(v) ? ((int64_t)v >> 3) : 0;
}
/* Truth value as Python's bool(): numbers non-zero, containers non-empty. */
bool tv_truthy(tv_val v);

#define TV_PAIR_BIAS ((int64_t)1 << 27)
#define TV_CELL_BIAS ((int64_t)1 << 23)
static inline bool tv_pair_fits(int64_t a, int64_t b) {
  return a >= -TV_PAIR_BIAS && a < TV_PAIR_BIAS && b >= -TV_PAIR_BIAS && b < TV_PAIR_BIAS;
}
static inline tv_val tv_pair_imm(int64_t a, int64_t b) { /* requires tv_pair_fits */
  return ((uint64_t)(a + TV_PAIR_BIAS) << 36) | ((uint64_t)(b + TV_PAIR_BIAS) << 8) | TV_TAG_PAIR;
}
static inline bool tv_is_pair(tv_val v) { return tv_tag(v) == TV_TAG_PAIR; }
static inline int64_t tv_pair_a(tv_val v) { return (int64_t)(v >> 36) - TV_PAIR_BIAS; }
static inline int64_t tv_pair_b(tv_val v) {
  return (int64_t)((v >> 8) & 0xFFFFFFFu) - TV_PAIR_BIAS;
}
/* Grid cells and cell colours hold one signed byte: TV_COLOUR_MIN..MAX. */
#define TV_COLOUR_MIN (-128)
#define TV_COLOUR_MAX 127
static inline bool tv_colour_fits(int64_t c) { return c >= TV_COLOUR_MIN && c <= TV_COLOUR_MAX; }
/* The byte stored in a grid for colour c (requires tv_colour_fits). */
static inline uint8_t tv_colour_byte(int64_t c) { return (uint8_t)(int8_t)c; }
/* The colour a grid byte stands for. */
static inline int tv_byte_colour(uint8_t b) { return (int8_t)b; }
static inline bool tv_cell_fits(int64_t c, int64_t i, int64_t j) {
  return tv_colour_fits(c) && i >= -TV_CELL_BIAS && i < TV_CELL_BIAS && j >= -TV_CELL_BIAS &&
         j < TV_CELL_BIAS;
}
static inline tv_val tv_cell_imm(int64_t c, int64_t i, int64_t j) { /* requires tv_cell_fits */
  return ((uint64_t)(tv_colour_byte(c) ^ 0x80u) << 56) | ((uint64_t)(i + TV_CELL_BIAS) << 32) |
         ((uint64_t)(j + TV_CELL_BIAS) << 8) | TV_TAG_CELL;
}
static inline bool tv_is_cell(tv_val v) { return tv_tag(v) == TV_TAG_CELL; }
static inline int tv_cell_color(tv_val v) { return tv_byte_colour((uint8_t)((v >> 56) ^ 0x80u)); }
static inline int64_t tv_cell_i(tv_val v) {
  return (int64_t)((v >> 32) & 0xFFFFFFu) - TV_CELL_BIAS;
}
static inline int64_t tv_cell_j(tv_val v) {
  return (int64_t)((v >> 8) & 0xFFFFFFu) - TV_CELL_BIAS;
}
/* Pair/cell with canonical fallback to a heap tuple when it does not fit. */
tv_val tv_pair(tv_ctx *ctx, int64_t a, int64_t b);
tv_val tv_cell(tv_ctx *ctx, int64_t c, int64_t i, int64_t j);

/* ---- heap objects -------------------------------------------------------- */

typedef struct tv_obj {
  uint8_t kind;      /* TV_GRID, TV_TUPLE, TV_SET, TV_FUNC, TV_ERROR */
  uint8_t flags;     /* TV_F_* */
  uint16_t h, w;     /* grid shape */
  uint32_t n;        /* tuple/set length; grid h*w */
  uint64_t hash;     /* content hash, computed by the first tv_hash (0: not
                        yet); read it through tv_hash, never directly */
} tv_obj;

/* Every element is an immediate (no heap pointers inside). Raw word order
 * equals the set order only when all elements are pairs, or all are cells. */
#define TV_F_IMMEDIATE_ITEMS 1u

typedef struct tv_seq { /* TV_TUPLE and TV_SET */
  tv_obj hdr;
  tv_val items[];
} tv_seq;

typedef struct tv_grid {
  tv_obj hdr;
  uint8_t cells[]; /* h rows of w bytes: tv_colour_byte of each colour */
} tv_grid;

typedef struct tv_error_obj {
  tv_obj hdr;
  int line;
  const char *message; /* arena-owned */
} tv_error_obj;

static inline bool tv_is_heap(tv_val v) { return v != 0 && tv_tag(v) == TV_TAG_HEAP; }
static inline tv_obj *tv_obj_of(tv_val v) { return (tv_obj *)(uintptr_t)v; }
static inline tv_val tv_from_obj(const void *o) { return (tv_val)(uintptr_t)o; }

tv_kind tv_kind_of(tv_val v);
static inline bool tv_is_grid(tv_val v) { return tv_is_heap(v) && tv_obj_of(v)->kind == TV_GRID; }
static inline bool tv_is_tuple(tv_val v) { return tv_is_heap(v) && tv_obj_of(v)->kind == TV_TUPLE; }
static inline bool tv_is_set(tv_val v) { return tv_is_heap(v) && tv_obj_of(v)->kind == TV_SET; }
static inline bool tv_is_func(tv_val v) { return tv_is_heap(v) && tv_obj_of(v)->kind == TV_FUNC; }
static inline bool tv_is_error(tv_val v) { return tv_is_heap(v) && tv_obj_of(v)->kind == TV_ERROR; }
/* Anything Python would call a tuple: TV_TUPLE, TV_GRID, TV_PAIR, TV_CELL. */
bool tv_is_tuplelike(tv_val v);

/* Grids. */
static inline int tv_grid_h(tv_val g) { return tv_obj_of(g)->h; }
static inline int tv_grid_w(tv_val g) { return tv_obj_of(g)->w; }
static inline uint8_t *tv_grid_cells(tv_val g) { return ((tv_grid *)tv_obj_of(g))->cells; }
static inline int tv_grid_at(tv_val g, int i, int j) {
  return tv_byte_colour(tv_grid_cells(g)[(size_t)i * (size_t)tv_grid_w(g) + (size_t)j]);
}
/* A new h x w grid (h >= 1, w >= 0), cells zeroed, writable until sealed.
 * Returns an error value when the shape exceeds TV_GRID_MAX_SIDE. */
tv_val tv_grid_new(tv_ctx *ctx, int h, int w);
/* Ends writing (the hash is computed later, on demand); returns g. Call
 * once after filling the cells. */
tv_val tv_grid_seal(tv_val g);
/* Grid from a value Python would accept as a grid (TV_GRID, or an empty
 * tuple meaning the 0x0 grid): returns true and sets *h,*w,*cells. */
bool tv_as_grid(tv_val v, int *h, int *w, const uint8_t **cells);

/* Tuples and sets. `items` is copied; the result is canonical (a 2-tuple of
 * ints becomes a pair, a tuple of rows a grid, a set is sorted and deduped).
 * Any TV_ERROR among the items is returned instead. */
tv_val tv_tuple(tv_ctx *ctx, size_t n, const tv_val *items);
tv_val tv_set(tv_ctx *ctx, size_t n, const tv_val *items);
/* Like tv_set, but may sort `items` in place (saves a copy). */
tv_val tv_set_take(tv_ctx *ctx, size_t n, tv_val *items);
/* A set from items the caller knows to be canonical already: immediates of
 * one kind (pairs or cells), strictly increasing as words, no bools. Skips
 * tv_set_take's checking pass; builds without NDEBUG verify the promise and
 * return an error value when it is broken. */
tv_val tv_set_sorted(tv_ctx *ctx, size_t n, const tv_val *items);
/* The set of n distinct immediate cells listed in reading order (positions
 * ascending), as grid scans produce them: a stable counting sort by colour
 * gives set order in O(n). May reorder `cells`. */
tv_val tv_set_of_scanned_cells(tv_ctx *ctx, size_t n, tv_val *cells);
extern const tv_val TV_EMPTY_TUPLE, TV_EMPTY_SET;

/* Length as Python's len(): tuple/set count, grid height, 2 for pair/cell.
 * 0 for non-containers. */
size_t tv_len(tv_val v);
/* Element i of a tuple-like or set in canonical order (grid rows are built
 * as tuples, so this may allocate). Requires i < tv_len(v). */
tv_val tv_at(tv_ctx *ctx, tv_val v, size_t i);
/* Direct element array of a TV_TUPLE or TV_SET (NULL for other kinds). */
static inline const tv_val *tv_items(tv_val v) {
  return tv_is_tuple(v) || tv_is_set(v) ? ((const tv_seq *)tv_obj_of(v))->items : NULL;
}
/* Python `x in container` (tuple-like or set; false for others). */
bool tv_contains(tv_val container, tv_val x);

/* ---- comparison and hashing ---------------------------------------------- */

/* Structural equality (== in Python, so T == 1). */
bool tv_eq(tv_val a, tv_val b);
/* Canonical total order used for sets (see top comment); 0 iff tv_eq. */
int tv_cmp(tv_val a, tv_val b);
/* Python's < for the values Python can order (numbers, tuples of numbers
 * lexicographically): sets *ok=false when Python would raise TypeError. */
int tv_py_cmp(tv_val a, tv_val b, bool *ok);
/* Content hash, consistent with tv_eq. Heap objects compute it on first
 * use and keep it (safe on values shared between threads). */
uint64_t tv_hash(tv_val v);

/* ---- errors and budget --------------------------------------------------- */

/* A new error value with a printf-style message; records it in ctx->error if
 * it is the first. Never fails (falls back to a static error). */
tv_val tv_error(tv_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The error for a failed allocation: "out of memory", or "memory limit
 * exceeded" when the arena's limit refused it. Never allocates; recorded in
 * ctx->error if it is the first. */
tv_val tv_oom_error(tv_ctx *ctx);
const char *tv_error_message(tv_val err);
int tv_error_line(tv_val err);
/* Charges `units` of work. Returns false when the budget is exhausted (the
 * caller then returns tv_budget_error(ctx)). */
static inline bool tv_charge(tv_ctx *ctx, uint64_t units) {
  ctx->work += units;
  return ctx->budget == 0 || ctx->work <= ctx->budget;
}
tv_val tv_budget_error(tv_ctx *ctx);
/* "time limit exceeded": ctx->deadline passed inside a loop (static). */
tv_val tv_deadline_error(tv_ctx *ctx);
/* True when the arena ran out of memory or the budget is spent. */
bool tv_ctx_exhausted(const tv_ctx *ctx);

/* ---- scratch buffers ----------------------------------------------------- */

/* A growable array of values in the ctx arena, for building results. */
typedef struct tv_buf {
  tv_val *items;
  size_t n, cap;
} tv_buf;
void tv_buf_init(tv_buf *b, tv_ctx *ctx, size_t cap);
/* Appends v; false (and b unchanged) when the arena cannot grow the buffer. */
bool tv_buf_push(tv_buf *b, tv_ctx *ctx, tv_val v);

/* ---- printing and conversion --------------------------------------------- */

/* Python-like repr: 3, True, (1, 2), ((0, 1), (2, 3)), frozenset({1, 2}).
 * Sets print in canonical order. Returns an arena string, or NULL when
 * memory runs out. */
char *tv_repr(tv_ctx *ctx, tv_val v);
/* Human-readable kind name for error messages: "integer", "grid", ... */
const char *tv_kind_name(tv_val v);

#endif
