/*
 * prims_basic.c - the arc-dsl primitives on numbers, containers and
 * functions (identity ... prapply), exported as tv_prims_basic.
 *
 * Every primitive follows the Python function of the same name in arc-dsl's
 * dsl.py, including its isinstance dispatch (bools are ints; grids, pairs
 * and cells are tuples) and the exceptions Python would raise, which become
 * TV_ERROR values naming the primitive. Containers are walked through a tiny
 * element view (the item array of a tuple or set, two immediates for a pair
 * or cell, row tuples for a grid), and results are built in arena scratch
 * arrays handed to tv_tuple / tv_set_take, so canonical form (pairs, grids,
 * sorted sets) always comes from the constructors. Where Python's answer
 * depends on frozenset iteration order we use the canonical set order; see
 * docs/dsl-basic.md for the list.
 */
#include <string.h>

#include "grid/prims_internal.h"

/* Largest container a primitive builds from counts it computes itself
 * (repeat, interval, product, sequence repetition): beyond this Python would
 * mostly exhaust memory, so we report an error instead. */
#define MAX_BUILT_ITEMS ((size_t)1 << 24)

/* ---- element views ------------------------------------------------------- */

/* The elements of a container in Python iteration order. `items` points into
 * the container (tuples, sets), into `two` (pairs, cells) or into an arena
 * array of row tuples (grids), so an elems must not be copied once filled. */
typedef struct elems {
  const tv_val *items;
  size_t n;
  tv_val two[2];
} elems;

/* Building the rows touches every cell: that work is charged first. */
static tv_val grid_rows(tv_ctx *ctx, tv_val grid, elems *e) {
  size_t h = (size_t)tv_grid_h(grid);
  if (!tv_charge(ctx, h * (size_t)tv_grid_w(grid))) return tv_budget_error(ctx);
  tv_val *rows = scratch(ctx, h, sizeof(tv_val));
  CHECK_ALLOC(rows);
  for (size_t i = 0; i < h; i++) {
    rows[i] = tv_at(ctx, grid, i);
    RETURN_IF_ERROR(rows[i]);
  }
  e->items = rows;
  e->n = h;
  return 0;
}

static tv_val not_iterable(tv_ctx *ctx, const char *prim, tv_val v) {
  return tv_error(ctx, "%s: %s is not iterable", prim, tv_kind_name(v));
}

/* Fills *e when v is iterable (a tuple-like or a set); else, or when the
 * rows of a grid cannot be built, returns the error naming `prim`. */
static tv_val elems_of(tv_ctx *ctx, const char *prim, tv_val v, elems *e) {
  if (tv_is_tuple(v) || tv_is_set(v)) {
    e->items = tv_items(v);
    e->n = tv_obj_of(v)->n;
  } else if (tv_is_pair(v)) {
    e->two[0] = tv_int(tv_pair_a(v));
    e->two[1] = tv_int(tv_pair_b(v));
    e->items = e->two;
    e->n = 2;
  } else if (tv_is_cell(v)) {
    e->two[0] = tv_int(tv_cell_color(v));
    e->two[1] = tv_pair(ctx, tv_cell_i(v), tv_cell_j(v));
    e->items = e->two;
    e->n = 2;
  } else if (tv_is_grid(v)) {
    return grid_rows(ctx, v, e);
  } else {
    return not_iterable(ctx, prim, v);
  }
  return 0;
}

/* type(like)(items): a frozenset for a set, a tuple for any tuple-like. */
static tv_val same_kind(tv_ctx *ctx, tv_val like, size_t n, tv_val *items) {
  return tv_is_set(like) ? tv_set_take(ctx, n, items) : tv_tuple(ctx, n, items);
}

/* A Python 2-tuple (x, y): a pair when both are ints. */
static tv_val two_tuple(tv_ctx *ctx, tv_val x, tv_val y) {
  if (tv_is_int(x) && tv_is_int(y)) return tv_pair(ctx, tv_num(x), tv_num(y));
  tv_val items[2] = {x, y};
  return tv_tuple(ctx, 2, items);
}

/* v[0] and v[1] as Python subscripts them; an error value otherwise. */
static tv_val first_two(tv_ctx *ctx, const char *prim, tv_val v, tv_val out[2]) {
  if (!tv_is_tuplelike(v))
    return tv_error(ctx, "%s: %s is not subscriptable", prim, tv_kind_name(v));
  elems e;
  if (tv_is_grid(v)) {
    if (tv_grid_h(v) < 2) return tv_error(ctx, "%s: tuple index out of range", prim);
    out[0] = tv_at(ctx, v, 0);
    RETURN_IF_ERROR(out[0]);
    out[1] = tv_at(ctx, v, 1);
    RETURN_IF_ERROR(out[1]);
    return 0;
  }
  TRY(elems_of(ctx, prim, v, &e));
  if (e.n < 2) return tv_error(ctx, "%s: tuple index out of range", prim);
  out[0] = e.items[0];
  out[1] = e.items[1];
  return 0;
}

/* ---- ordering ------------------------------------------------------------ */

static bool proper_subset(tv_val a, tv_val b) {
  size_t na = tv_len(a), nb = tv_len(b);
  if (na >= nb) return false;
  const tv_val *items = tv_items(a);
  for (size_t k = 0; k < na; k++)
    if (!tv_contains(b, items[k])) return false;
  return true;
}

/* Python's a < b; clears *ok when Python would raise TypeError. Sets
 * compare by proper inclusion as in Python. */
static bool py_less(tv_val a, tv_val b, bool *ok) {
  if (tv_is_number(a) && tv_is_number(b)) return tv_num(a) < tv_num(b);
  if (tv_is_set(a) && tv_is_set(b)) return proper_subset(a, b);
  bool fine = true;
  int c = tv_py_cmp(a, b, &fine);
  if (!fine) {
    *ok = false;
    return false;
  }
  return c < 0;
}

static tv_val not_comparable(tv_ctx *ctx, const char *prim, tv_val a, tv_val b) {
  return tv_error(ctx, "%s: cannot compare %s with %s", prim, tv_kind_name(a),
                  tv_kind_name(b));
}

/* Stable sort of an index array by keys[idx]: Python's < when `python`,
 * otherwise the canonical order tv_cmp. Clears *ok on incomparable keys. */
typedef struct key_sort {
  const tv_val *keys;
  bool python;
  bool ok;
} key_sort;

static bool key_less(key_sort *s, uint32_t x, uint32_t y) {
  tv_val a = s->keys[x], b = s->keys[y];
  if (tv_is_int(a) && tv_is_int(b)) return tv_num(a) < tv_num(b);
  if (s->python) return py_less(a, b, &s->ok);
  return tv_cmp(a, b) < 0;
}

static void sort_indices(key_sort *s, uint32_t *idx, uint32_t *tmp, size_t n) {
  if (n <= 12) {
    for (size_t k = 1; k < n; k++) {
      uint32_t cur = idx[k];
      size_t m = k;
      while (m > 0 && key_less(s, cur, idx[m - 1])) {
        idx[m] = idx[m - 1];
        m--;
      }
      idx[m] = cur;
    }
    return;
  }
  size_t half = n / 2;
  sort_indices(s, idx, tmp, half);
  sort_indices(s, idx + half, tmp, n - half);
  size_t l = 0, r = half, out = 0;
  while (l < half && r < n) tmp[out++] = key_less(s, idx[r], idx[l]) ? idx[r++] : idx[l++];
  while (l < half) tmp[out++] = idx[l++];
  while (r < n) tmp[out++] = idx[r++];
  memcpy(idx, tmp, n * sizeof *idx);
}

/* Sets *order to the indices 0..n-1 stably sorted by keys. Returns 0, or
 * the error naming `prim` when the keys are incomparable or memory ran out. */
static tv_val sorted_order(tv_ctx *ctx, const char *prim, const tv_val *keys, size_t n,
                           bool python, uint32_t **order) {
  uint32_t *idx = scratch(ctx, n, sizeof *idx);
  uint32_t *tmp = scratch(ctx, n, sizeof *tmp);
  CHECK_ALLOC(idx && tmp);
  for (size_t k = 0; k < n; k++) idx[k] = (uint32_t)k;
  key_sort s = {keys, python, true};
  sort_indices(&s, idx, tmp, n);
  if (!s.ok) return tv_error(ctx, "%s: keys cannot be compared", prim);
  *order = idx;
  return 0;
}

/* ---- arithmetic ---------------------------------------------------------- */

typedef enum arith_op { AR_ADD, AR_SUB, AR_MUL, AR_DIV } arith_op;
static const char *const ARITH_SYMBOL[] = {"+", "-", "*", "//"};

static tv_val int_result(tv_ctx *ctx, const char *prim, int64_t v) {
  if (v > TV_INT_MAX || v < TV_INT_MIN) return tv_error(ctx, "%s: integer overflow", prim);
  return tv_int(v);
}

static int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if (a % b != 0 && ((a < 0) != (b < 0))) q--;
  return q;
}

/* Operands are within TV_INT range (|x| <= 2^58), so + and - cannot
 * overflow int64; * is checked. */
static tv_val arith_num(tv_ctx *ctx, const char *prim, arith_op op, int64_t a, int64_t b) {
  int64_t r = 0;
  switch (op) {
    case AR_ADD: r = a + b; break;
    case AR_SUB: r = a - b; break;
    case AR_MUL:
      if (__builtin_mul_overflow(a, b, &r)) return tv_error(ctx, "%s: integer overflow", prim);
      break;
    case AR_DIV:
      if (b == 0) return tv_error(ctx, "%s: integer division by zero", prim);
      r = floor_div(a, b);
      break;
  }
  return int_result(ctx, prim, r);
}

/* Python's seq + seq for two tuple-likes. */
static tv_val concat(tv_ctx *ctx, const char *prim, tv_val a, tv_val b) {
  elems ea, eb;
  TRY(elems_of(ctx, prim, a, &ea));
  TRY(elems_of(ctx, prim, b, &eb));
  CHARGE(ea.n + eb.n);
  tv_val *items = scratch(ctx, ea.n + eb.n, sizeof(tv_val));
  CHECK_ALLOC(items);
  memcpy(items, ea.items, ea.n * sizeof *items);
  memcpy(items + ea.n, eb.items, eb.n * sizeof *items);
  return tv_tuple(ctx, ea.n + eb.n, items);
}

/* Python's seq * k for a tuple-like. */
static tv_val repeat_seq(tv_ctx *ctx, const char *prim, tv_val seq, int64_t k) {
  if (k <= 0) return TV_EMPTY_TUPLE;
  elems e;
  TRY(elems_of(ctx, prim, seq, &e));
  if (e.n != 0 && (uint64_t)k > MAX_BUILT_ITEMS / e.n)
    return tv_error(ctx, "%s: sequence repetition too large", prim);
  size_t total = e.n * (size_t)k;
  CHARGE(total);
  tv_val *items = scratch(ctx, total, sizeof(tv_val));
  CHECK_ALLOC(items);
  for (size_t r = 0; r < (size_t)k; r++) memcpy(items + r * e.n, e.items, e.n * sizeof *items);
  return tv_tuple(ctx, total, items);
}

/* Python's a op b on arbitrary operands (the components of a Numerical). */
static tv_val arith_any(tv_ctx *ctx, const char *prim, arith_op op, tv_val a, tv_val b) {
  if (tv_is_number(a) && tv_is_number(b)) return arith_num(ctx, prim, op, tv_num(a), tv_num(b));
  if (op == AR_ADD && tv_is_tuplelike(a) && tv_is_tuplelike(b)) return concat(ctx, prim, a, b);
  if (op == AR_MUL && tv_is_tuplelike(a) && tv_is_number(b))
    return repeat_seq(ctx, prim, a, tv_num(b));
  if (op == AR_MUL && tv_is_number(a) && tv_is_tuplelike(b))
    return repeat_seq(ctx, prim, b, tv_num(a));
  return tv_error(ctx, "%s: unsupported operand types for %s: %s and %s", prim,
                  ARITH_SYMBOL[op], tv_kind_name(a), tv_kind_name(b));
}

/* add/subtract/multiply/divide: int op int, or componentwise on the first
 * two components of tuples, broadcasting an int against a tuple. */
static tv_val arith_prim(tv_ctx *ctx, const char *prim, arith_op op, tv_val a, tv_val b) {
  CHARGE(0);
  if (tv_is_number(a) && tv_is_number(b)) return arith_num(ctx, prim, op, tv_num(a), tv_num(b));
  if (tv_is_pair(a) && tv_is_pair(b)) {
    tv_val r0 = arith_num(ctx, prim, op, tv_pair_a(a), tv_pair_a(b));
    RETURN_IF_ERROR(r0);
    tv_val r1 = arith_num(ctx, prim, op, tv_pair_b(a), tv_pair_b(b));
    RETURN_IF_ERROR(r1);
    return tv_pair(ctx, tv_num(r0), tv_num(r1));
  }
  tv_val ca[2], cb[2], err = 0;
  if (tv_is_tuplelike(a) && tv_is_tuplelike(b)) {
    err = first_two(ctx, prim, a, ca);
    if (!err) err = first_two(ctx, prim, b, cb);
  } else if (tv_is_number(a) && tv_is_tuplelike(b)) {
    ca[0] = ca[1] = a;
    err = first_two(ctx, prim, b, cb);
  } else {
    err = first_two(ctx, prim, a, ca);
    cb[0] = cb[1] = b;
  }
  if (err) return err;
  tv_val r0 = arith_any(ctx, prim, op, ca[0], cb[0]);
  RETURN_IF_ERROR(r0);
  tv_val r1 = arith_any(ctx, prim, op, ca[1], cb[1]);
  RETURN_IF_ERROR(r1);
  return two_tuple(ctx, r0, r1);
}

/* double/halve/increment/decrement: x op k for an int, else the tuple of
 * x[0] op k and x[1] op k. */
static tv_val arith_const(tv_ctx *ctx, const char *prim, arith_op op, tv_val x, int64_t k) {
  CHARGE(0);
  if (tv_is_number(x)) return arith_num(ctx, prim, op, tv_num(x), k);
  if (tv_is_pair(x)) {
    tv_val r0 = arith_num(ctx, prim, op, tv_pair_a(x), k);
    RETURN_IF_ERROR(r0);
    tv_val r1 = arith_num(ctx, prim, op, tv_pair_b(x), k);
    RETURN_IF_ERROR(r1);
    return tv_pair(ctx, tv_num(r0), tv_num(r1));
  }
  tv_val c[2];
  tv_val err = first_two(ctx, prim, x, c);
  if (err) return err;
  tv_val r0 = arith_any(ctx, prim, op, c[0], tv_int(k));
  RETURN_IF_ERROR(r0);
  tv_val r1 = arith_any(ctx, prim, op, c[1], tv_int(k));
  RETURN_IF_ERROR(r1);
  return two_tuple(ctx, r0, r1);
}

/* invert/crement/sign: f(x) for an int, else (f(x[0]), f(x[1])) where the
 * components must be numbers (Python raises on -tuple and tuple > 0). */
typedef int64_t (*int_map)(int64_t);

static tv_val map_numerical(tv_ctx *ctx, const char *prim, tv_val x, int_map f) {
  CHARGE(0);
  if (tv_is_number(x)) return int_result(ctx, prim, f(tv_num(x)));
  tv_val c[2];
  tv_val err = first_two(ctx, prim, x, c);
  if (err) return err;
  if (!tv_is_number(c[0]) || !tv_is_number(c[1]))
    return tv_error(ctx, "%s: components must be integers", prim);
  tv_val r0 = int_result(ctx, prim, f(tv_num(c[0])));
  RETURN_IF_ERROR(r0);
  tv_val r1 = int_result(ctx, prim, f(tv_num(c[1])));
  RETURN_IF_ERROR(r1);
  return tv_pair(ctx, tv_num(r0), tv_num(r1));
}

static int64_t negate_int(int64_t x) { return -x; }
static int64_t crement_int(int64_t x) { return x == 0 ? 0 : (x > 0 ? x + 1 : x - 1); }
static int64_t sign_int(int64_t x) { return x == 0 ? 0 : (x > 0 ? 1 : -1); }

/* ---- numbers and booleans ------------------------------------------------ */

static tv_val p_identity(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  return a[0];
}
static tv_val p_add(tv_ctx *ctx, const tv_val *a) { return arith_prim(ctx, "add", AR_ADD, a[0], a[1]); }
static tv_val p_subtract(tv_ctx *ctx, const tv_val *a) {
  return arith_prim(ctx, "subtract", AR_SUB, a[0], a[1]);
}
static tv_val p_multiply(tv_ctx *ctx, const tv_val *a) {
  return arith_prim(ctx, "multiply", AR_MUL, a[0], a[1]);
}
static tv_val p_divide(tv_ctx *ctx, const tv_val *a) {
  return arith_prim(ctx, "divide", AR_DIV, a[0], a[1]);
}
static tv_val p_invert(tv_ctx *ctx, const tv_val *a) {
  return map_numerical(ctx, "invert", a[0], negate_int);
}

static tv_val p_even(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  if (!tv_is_number(a[0]))
    return tv_error(ctx, "even: unsupported operand type for %%: %s", tv_kind_name(a[0]));
  return tv_bool((tv_num(a[0]) & 1) == 0);
}

static tv_val p_double(tv_ctx *ctx, const tv_val *a) {
  return arith_const(ctx, "double", AR_MUL, a[0], 2);
}
static tv_val p_halve(tv_ctx *ctx, const tv_val *a) {
  return arith_const(ctx, "halve", AR_DIV, a[0], 2);
}
static tv_val p_flip(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  return tv_bool(!tv_truthy(a[0]));
}
static tv_val p_equality(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  return tv_bool(tv_eq(a[0], a[1]));
}

static tv_val p_greater(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  bool ok = true;
  bool r = py_less(a[1], a[0], &ok);
  if (!ok) return not_comparable(ctx, "greater", a[0], a[1]);
  return tv_bool(r);
}

/* `a and b` / `a or b` return an operand, not necessarily a bool. */
static tv_val p_both(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  return tv_truthy(a[0]) ? a[1] : a[0];
}
static tv_val p_either(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  return tv_truthy(a[0]) ? a[0] : a[1];
}

static tv_val p_increment(tv_ctx *ctx, const tv_val *a) {
  return arith_const(ctx, "increment", AR_ADD, a[0], 1);
}
static tv_val p_decrement(tv_ctx *ctx, const tv_val *a) {
  return arith_const(ctx, "decrement", AR_SUB, a[0], 1);
}
static tv_val p_crement(tv_ctx *ctx, const tv_val *a) {
  return map_numerical(ctx, "crement", a[0], crement_int);
}
static tv_val p_sign(tv_ctx *ctx, const tv_val *a) {
  return map_numerical(ctx, "sign", a[0], sign_int);
}

static tv_val p_positive(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  if (!tv_is_number(a[0])) return not_comparable(ctx, "positive", a[0], tv_int(0));
  return tv_bool(tv_num(a[0]) > 0);
}

static tv_val p_toivec(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  return two_tuple(ctx, a[0], tv_int(0));
}
static tv_val p_tojvec(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  return two_tuple(ctx, tv_int(0), a[0]);
}
static tv_val p_astuple(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  return two_tuple(ctx, a[0], a[1]);
}

static tv_val p_branch(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  return tv_truthy(a[0]) ? a[1] : a[2];
}

static tv_val p_interval(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  if (!tv_is_number(a[0]) || !tv_is_number(a[1]) || !tv_is_number(a[2]))
    return tv_error(ctx, "interval: start, stop and step must be integers");
  int64_t start = tv_num(a[0]), stop = tv_num(a[1]), step = tv_num(a[2]);
  if (step == 0) return tv_error(ctx, "interval: step must not be zero");
  int64_t span = step > 0 ? stop - start : start - stop;
  int64_t stride = step > 0 ? step : -step;
  size_t n = span <= 0 ? 0 : (size_t)((span + stride - 1) / stride);
  if (n > MAX_BUILT_ITEMS) return tv_error(ctx, "interval: too many elements");
  CHARGE(n);
  tv_val *items = scratch(ctx, n, sizeof(tv_val));
  CHECK_ALLOC(items);
  for (size_t k = 0; k < n; k++) items[k] = tv_int(start + (int64_t)k * step);
  return tv_tuple(ctx, n, items);
}

/* ---- containers: membership, size, set algebra -------------------------- */

static tv_val p_contained(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  tv_val container = a[1];
  if (!tv_is_tuplelike(container) && !tv_is_set(container))
    return not_iterable(ctx, "contained", container);
  CHARGE(tv_is_set(container) ? 1 : tv_len(container));
  return tv_bool(tv_contains(container, a[0]));
}

static tv_val p_size(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  if (!tv_is_tuplelike(a[0]) && !tv_is_set(a[0]))
    return tv_error(ctx, "size: %s has no len()", tv_kind_name(a[0]));
  return tv_int((int64_t)tv_len(a[0]));
}

static tv_val p_initset(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  return tv_set(ctx, 1, a);
}

/* The immediate tag shared by every element of a set whose elements are all
 * pairs or all cells (0 for an empty set), or -1. For such sets the raw
 * word order is the canonical order; it is not for ints (signed) or for
 * mixed kinds. A sorted set holding only one kind has it at both ends. */
static int uniform_word_tag(tv_val set) {
  size_t n = tv_obj_of(set)->n;
  if (n == 0) return 0;
  if (!(tv_obj_of(set)->flags & TV_F_IMMEDIATE_ITEMS)) return -1;
  const tv_val *items = tv_items(set);
  unsigned tag = tv_tag(items[0]);
  if ((tag != TV_TAG_PAIR && tag != TV_TAG_CELL) || tv_tag(items[n - 1]) != tag) return -1;
  return (int)tag;
}

static bool same_word_order(int tag_a, int tag_b) {
  return tag_a >= 0 && tag_b >= 0 && (tag_a == 0 || tag_b == 0 || tag_a == tag_b);
}

/* Sorted merge of two canonical sets, keeping the elements found in both,
 * only in a, and/or only in b (intersection, difference, union). */
static tv_val set_merge(tv_ctx *ctx, tv_val a, tv_val b, bool keep_common, bool keep_a_only,
                        bool keep_b_only) {
  const tv_val *x = tv_items(a), *y = tv_items(b);
  size_t nx = tv_obj_of(a)->n, ny = tv_obj_of(b)->n;
  CHARGE(nx + ny);
  bool raw = same_word_order(uniform_word_tag(a), uniform_word_tag(b));
  tv_val *out = scratch(ctx, nx + ny, sizeof(tv_val));
  CHECK_ALLOC(out);
  size_t i = 0, j = 0, n = 0;
  while (i < nx && j < ny) {
    int c = raw ? (x[i] < y[j] ? -1 : x[i] > y[j]) : tv_cmp(x[i], y[j]);
    if (c < 0) {
      if (keep_a_only) out[n++] = x[i];
      i++;
    } else if (c > 0) {
      if (keep_b_only) out[n++] = y[j];
      j++;
    } else {
      if (keep_common) out[n++] = x[i];
      i++;
      j++;
    }
  }
  if (keep_a_only)
    while (i < nx) out[n++] = x[i++];
  if (keep_b_only)
    while (j < ny) out[n++] = y[j++];
  /* Merging raw words of one kind keeps them increasing and distinct. */
  return raw ? tv_set_sorted(ctx, n, out) : tv_set_take(ctx, n, out);
}

/* Python's & and - on ints (bitwise and, subtraction), used when the
 * "set" primitives receive numbers. */
static tv_val p_intersection(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  if (tv_is_set(a[0]) && tv_is_set(a[1])) return set_merge(ctx, a[0], a[1], true, false, false);
  if (tv_is_number(a[0]) && tv_is_number(a[1])) {
    int64_t r = tv_num(a[0]) & tv_num(a[1]);
    return tv_is_bool(a[0]) && tv_is_bool(a[1]) ? tv_bool(r != 0) : tv_int(r);
  }
  return tv_error(ctx, "intersection: unsupported operand types for &: %s and %s",
                  tv_kind_name(a[0]), tv_kind_name(a[1]));
}

/* dsl.py: type(a)(e for e in a if e not in b), so tuples keep their order
 * and numbers are an error (int() of a generator). */
static tv_val p_difference(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  if (tv_is_set(a[0]) && tv_is_set(a[1])) return set_merge(ctx, a[0], a[1], false, true, false);
  bool a_set = tv_is_set(a[0]);
  if (!a_set && !tv_is_tuplelike(a[0]))
    return tv_error(ctx, "difference: %s is not a container", tv_kind_name(a[0]));
  size_t n = tv_len(a[0]);
  if (n > 0 && !tv_is_set(a[1]) && !tv_is_tuplelike(a[1]))
    return tv_error(ctx, "difference: argument of type %s is not iterable", tv_kind_name(a[1]));
  CHARGE(n * (tv_len(a[1]) + 1));
  tv_val *out = scratch(ctx, n, sizeof *out);
  CHECK_ALLOC(out);
  size_t kept = 0;
  for (size_t k = 0; k < n; k++) {
    tv_val e = tv_at(ctx, a[0], k);
    RETURN_IF_ERROR(e);
    if (!tv_contains(a[1], e)) out[kept++] = e;
  }
  return a_set ? tv_set_take(ctx, kept, out) : tv_tuple(ctx, kept, out);
}

/* Two grids of equal width stacked: the grid Python's tuple concatenation
 * of their rows would canonicalise to. */
static tv_val stack_grids(tv_ctx *ctx, tv_val top, tv_val bottom) {
  int w = tv_grid_w(top), h1 = tv_grid_h(top), h2 = tv_grid_h(bottom);
  size_t top_bytes = (size_t)h1 * (size_t)w, bottom_bytes = (size_t)h2 * (size_t)w;
  CHARGE((top_bytes + bottom_bytes) / 8);
  tv_val g = tv_grid_new(ctx, h1 + h2, w);
  RETURN_IF_ERROR(g);
  memcpy(tv_grid_cells(g), tv_grid_cells(top), top_bytes);
  memcpy(tv_grid_cells(g) + top_bytes, tv_grid_cells(bottom), bottom_bytes);
  return tv_grid_seal(g);
}

static tv_val p_combine(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  tv_val x = a[0], y = a[1];
  if (tv_is_set(x) && tv_is_set(y)) return set_merge(ctx, x, y, true, true, true);
  if (tv_is_grid(x) && tv_is_grid(y) && tv_grid_w(x) == tv_grid_w(y) &&
      tv_grid_h(x) + tv_grid_h(y) <= TV_GRID_MAX_SIDE)
    return stack_grids(ctx, x, y);
  elems ex, ey;
  TRY(elems_of(ctx, "combine", x, &ex));
  TRY(elems_of(ctx, "combine", y, &ey));
  CHARGE(ex.n + ey.n);
  tv_val *items = scratch(ctx, ex.n + ey.n, sizeof(tv_val));
  CHECK_ALLOC(items);
  memcpy(items, ex.items, ex.n * sizeof *items);
  memcpy(items + ex.n, ey.items, ey.n * sizeof *items);
  return same_kind(ctx, x, ex.n + ey.n, items);
}

static tv_val p_insert(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  tv_val value = a[0], container = a[1];
  if (!tv_is_set(container))
    return tv_error(ctx, "insert: %s has no attribute 'union'", tv_kind_name(container));
  if (tv_contains(container, value)) return container;
  size_t n = tv_obj_of(container)->n;
  CHARGE(n);
  const tv_val *items = tv_items(container);
  tv_val *out = scratch(ctx, n + 1, sizeof(tv_val));
  CHECK_ALLOC(out);
  size_t k = 0;
  while (k < n && tv_cmp(items[k], value) < 0) {
    out[k] = items[k];
    k++;
  }
  out[k] = value;
  memcpy(out + k + 1, items + k, (n - k) * sizeof *out);
  return tv_set_take(ctx, n + 1, out);
}

/* Elements of the container different from value, or an error. */
static tv_val without(tv_ctx *ctx, const char *prim, tv_val value, tv_val container) {
  elems e;
  TRY(elems_of(ctx, prim, container, &e));
  CHARGE(e.n);
  tv_val *out = scratch(ctx, e.n, sizeof(tv_val));
  CHECK_ALLOC(out);
  size_t n = 0;
  for (size_t k = 0; k < e.n; k++)
    if (!tv_eq(e.items[k], value)) out[n++] = e.items[k];
  return same_kind(ctx, container, n, out);
}

static tv_val p_remove(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  return without(ctx, "remove", a[0], a[1]);
}

static tv_val p_other(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  elems e;
  TRY(elems_of(ctx, "other", a[0], &e));
  CHARGE(e.n);
  for (size_t k = 0; k < e.n; k++)
    if (!tv_eq(e.items[k], a[1])) return e.items[k];
  return tv_error(ctx, "other: no element other than the given value");
}

/* ---- containers: sequences ---------------------------------------------- */

static tv_val p_dedupe(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  if (!tv_is_tuplelike(a[0]))
    return tv_error(ctx, "dedupe: %s has no attribute 'index'", tv_kind_name(a[0]));
  elems e;
  TRY(elems_of(ctx, "dedupe", a[0], &e));
  CHARGE(e.n * 2);
  uint32_t *idx;
  TRY(sorted_order(ctx, "dedupe", e.items, e.n, false, &idx));
  bool *keep = scratch(ctx, e.n, sizeof *keep);
  tv_val *out = scratch(ctx, e.n, sizeof(tv_val));
  CHECK_ALLOC(keep && out);
  for (size_t k = 0; k < e.n; k++)
    keep[idx[k]] = k == 0 || !tv_eq(e.items[idx[k]], e.items[idx[k - 1]]);
  size_t n = 0;
  for (size_t k = 0; k < e.n; k++)
    if (keep[k]) out[n++] = e.items[k];
  return tv_tuple(ctx, n, out);
}

static tv_val p_order(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  elems e;
  TRY(elems_of(ctx, "order", a[0], &e));
  CHARGE(e.n * 2);
  tv_val *keys = scratch(ctx, e.n, sizeof(tv_val));
  CHECK_ALLOC(keys);
  for (size_t k = 0; k < e.n; k++) {
    keys[k] = tv_call1(ctx, a[1], e.items[k]);
    RETURN_IF_ERROR(keys[k]);
  }
  uint32_t *idx;
  TRY(sorted_order(ctx, "order", keys, e.n, true, &idx));
  tv_val *out = scratch(ctx, e.n, sizeof(tv_val));
  CHECK_ALLOC(out);
  for (size_t k = 0; k < e.n; k++) out[k] = e.items[idx[k]];
  return tv_tuple(ctx, e.n, out);
}

static tv_val p_repeat(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  if (!tv_is_number(a[1])) return tv_error(ctx, "repeat: count must be an integer");
  int64_t num = tv_num(a[1]);
  size_t n = num > 0 ? (size_t)num : 0;
  if (n > MAX_BUILT_ITEMS) return tv_error(ctx, "repeat: too many elements");
  CHARGE(n);
  tv_val *items = scratch(ctx, n, sizeof(tv_val));
  CHECK_ALLOC(items);
  for (size_t k = 0; k < n; k++) items[k] = a[0];
  return tv_tuple(ctx, n, items);
}

static tv_val p_totuple(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  if (tv_is_tuplelike(a[0])) return a[0];
  if (!tv_is_set(a[0])) return not_iterable(ctx, "totuple", a[0]);
  size_t n = tv_obj_of(a[0])->n;
  CHARGE(n);
  return tv_tuple(ctx, n, tv_items(a[0]));
}

static tv_val p_first(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  tv_val c = a[0];
  if (tv_is_pair(c)) return tv_int(tv_pair_a(c));
  if (tv_is_cell(c)) return tv_int(tv_cell_color(c));
  if (tv_is_grid(c)) return tv_at(ctx, c, 0);
  if (!tv_is_tuple(c) && !tv_is_set(c)) return not_iterable(ctx, "first", c);
  if (tv_obj_of(c)->n == 0) return tv_error(ctx, "first: empty container");
  return tv_items(c)[0];
}

static tv_val p_last(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  tv_val c = a[0];
  if (tv_is_pair(c)) return tv_int(tv_pair_b(c));
  if (tv_is_cell(c)) return tv_pair(ctx, tv_cell_i(c), tv_cell_j(c));
  if (tv_is_grid(c)) return tv_at(ctx, c, (size_t)tv_grid_h(c) - 1);
  if (!tv_is_tuple(c) && !tv_is_set(c)) return not_iterable(ctx, "last", c);
  size_t n = tv_obj_of(c)->n;
  if (n == 0) return tv_error(ctx, "last: empty container");
  return tv_items(c)[n - 1];
}

static tv_val p_product(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  elems ea, eb;
  /* Python iterates b in the outer loop and reads a only inside it, so an
   * empty b gives frozenset() whatever a is. */
  TRY(elems_of(ctx, "product", a[1], &eb));
  if (eb.n == 0) return TV_EMPTY_SET;
  TRY(elems_of(ctx, "product", a[0], &ea));
  if (ea.n != 0 && eb.n > MAX_BUILT_ITEMS / ea.n)
    return tv_error(ctx, "product: too many elements");
  size_t n = ea.n * eb.n;
  CHARGE(n);
  tv_val *out = scratch(ctx, n, sizeof(tv_val));
  CHECK_ALLOC(out);
  size_t k = 0;
  for (size_t i = 0; i < ea.n; i++)
    for (size_t j = 0; j < eb.n; j++) {
      out[k] = two_tuple(ctx, ea.items[i], eb.items[j]);
      RETURN_IF_ERROR(out[k]);
      k++;
    }
  return tv_set_take(ctx, n, out);
}

static tv_val p_pair(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  elems ea, eb;
  TRY(elems_of(ctx, "pair", a[0], &ea));
  TRY(elems_of(ctx, "pair", a[1], &eb));
  size_t n = ea.n < eb.n ? ea.n : eb.n;
  CHARGE(n);
  tv_val *out = scratch(ctx, n, sizeof(tv_val));
  CHECK_ALLOC(out);
  for (size_t k = 0; k < n; k++) {
    out[k] = two_tuple(ctx, ea.items[k], eb.items[k]);
    RETURN_IF_ERROR(out[k]);
  }
  return tv_tuple(ctx, n, out);
}

/* ---- merge --------------------------------------------------------------- */

/* All grids of the same width: their rows stacked form one grid. */
static bool all_grids_of_width(const tv_val *parts, size_t n, int *w, size_t *rows) {
  if (n == 0 || !tv_is_grid(parts[0])) return false;
  *w = tv_grid_w(parts[0]);
  *rows = 0;
  for (size_t k = 0; k < n; k++) {
    if (!tv_is_grid(parts[k]) || tv_grid_w(parts[k]) != *w) return false;
    *rows += (size_t)tv_grid_h(parts[k]);
  }
  return *rows <= TV_GRID_MAX_SIDE;
}

static tv_val stack_all_grids(tv_ctx *ctx, const tv_val *parts, size_t n, int w, size_t rows) {
  CHARGE(rows * (size_t)w / 8);
  tv_val g = tv_grid_new(ctx, (int)rows, w);
  RETURN_IF_ERROR(g);
  uint8_t *dst = tv_grid_cells(g);
  for (size_t k = 0; k < n; k++) {
    size_t bytes = (size_t)tv_grid_h(parts[k]) * (size_t)w;
    memcpy(dst, tv_grid_cells(parts[k]), bytes);
    dst += bytes;
  }
  return tv_grid_seal(g);
}

/* Parts that are all sets of pairs, or all sets of cells: their union can
 * be merged run by run in raw word order instead of sorted from scratch. */
static bool all_uniform_sets(const tv_val *parts, size_t n) {
  int tag = 0;
  for (size_t k = 0; k < n; k++) {
    if (!tv_is_set(parts[k])) return false;
    int t = uniform_word_tag(parts[k]);
    if (!same_word_order(t, tag)) return false;
    if (t) tag = t;
  }
  return true;
}

/* Merges two sorted, duplicate-free word runs into out; returns its length. */
static size_t union_words(const tv_val *x, size_t nx, const tv_val *y, size_t ny, tv_val *out) {
  size_t i = 0, j = 0, n = 0;
  while (i < nx && j < ny) {
    tv_val a = x[i], b = y[j];
    out[n++] = a < b ? a : b;
    i += a <= b;
    j += b <= a;
  }
  while (i < nx) out[n++] = x[i++];
  while (j < ny) out[n++] = y[j++];
  return n;
}

/* Unions of many overlapping parts (a shape shifted to every offset) are
 * marked on their bounding box instead, when the box is small next to the
 * parts: one bit per colour and position, read back in reading order. */
#define MARK_MIN_TOTAL 256
#define MARK_MAX_AREA ((int64_t)1 << 18)
#define MARK_COLOURS 16

typedef struct box {
  int64_t top, left, bottom, right;
} box;

static int64_t word_row(tv_val v) { return tv_is_cell(v) ? tv_cell_i(v) : tv_pair_a(v); }
static int64_t word_col(tv_val v) { return tv_is_cell(v) ? tv_cell_j(v) : tv_pair_b(v); }

/* The box around every element, or false when some cell's colour byte is
 * not below MARK_COLOURS (its bit would not fit). */
static bool parts_box(const tv_val *parts, size_t n, box *b) {
  *b = (box){INT64_MAX, INT64_MAX, INT64_MIN, INT64_MIN};
  for (size_t k = 0; k < n; k++) {
    const tv_val *items = tv_items(parts[k]);
    size_t len = tv_obj_of(parts[k])->n;
    if (len == 0) continue;
    for (size_t e = 0; e < len; e++) {
      tv_val v = items[e];
      if (tv_is_cell(v) && tv_colour_byte(tv_cell_color(v)) >= MARK_COLOURS) return false;
      int64_t i = word_row(v), j = word_col(v);
      if (i < b->top) b->top = i;
      if (i > b->bottom) b->bottom = i;
      if (j < b->left) b->left = j;
      if (j > b->right) b->right = j;
    }
  }
  return b->top <= b->bottom;
}

static tv_val union_by_marking(tv_ctx *ctx, const tv_val *parts, size_t n, const box *b,
                               bool cells) {
  int64_t w = b->right - b->left + 1, area = (b->bottom - b->top + 1) * w;
  uint16_t *marks = scratch(ctx, (size_t)area, sizeof *marks);
  CHECK_ALLOC(marks);
  memset(marks, 0, (size_t)area * sizeof *marks);
  size_t count = 0;
  for (size_t k = 0; k < n; k++) {
    const tv_val *items = tv_items(parts[k]);
    for (size_t e = 0; e < tv_obj_of(parts[k])->n; e++) {
      tv_val v = items[e];
      uint16_t bit = (uint16_t)(1u << (cells ? tv_colour_byte(tv_cell_color(v)) : 0));
      uint16_t *at = &marks[(word_row(v) - b->top) * w + (word_col(v) - b->left)];
      count += !(*at & bit);
      *at |= bit;
    }
  }
  tv_val *out = scratch(ctx, count, sizeof(tv_val));
  CHECK_ALLOC(out);
  size_t m = 0;
  const uint16_t *at = marks;
  for (int64_t i = b->top; i <= b->bottom; i++)
    for (int64_t j = b->left; j <= b->right; j++, at++)
      for (unsigned bits = *at; bits; bits &= bits - 1)
        out[m++] = cells ? tv_cell_imm(tv_byte_colour((uint8_t)__builtin_ctz(bits)), i, j)
                         : tv_pair_imm(i, j);
  return cells ? tv_set_of_scanned_cells(ctx, m, out) : tv_set_sorted(ctx, m, out);
}

/* Union of sets whose elements share one raw word order: adjacent runs are
 * merged pairwise (O(n log k)), then handed over already sorted. */
static tv_val union_uniform_sets(tv_ctx *ctx, const tv_val *parts, size_t n) {
  size_t total = 0;
  for (size_t k = 0; k < n; k++) total += tv_obj_of(parts[k])->n;
  CHARGE(total + n);
  box b;
  if (total >= MARK_MIN_TOTAL && n > 2 && parts_box(parts, n, &b) &&
      (b.bottom - b.top + 1) * (b.right - b.left + 1) <= MARK_MAX_AREA &&
      (b.bottom - b.top + 1) * (b.right - b.left + 1) <= 4 * (int64_t)total) {
    bool cells = false;
    for (size_t k = 0; k < n && !cells; k++)
      cells = tv_obj_of(parts[k])->n && tv_is_cell(tv_items(parts[k])[0]);
    return union_by_marking(ctx, parts, n, &b, cells);
  }
  tv_val *buf = scratch(ctx, total, sizeof(tv_val)), *tmp = scratch(ctx, total, sizeof(tv_val));
  CHECK_ALLOC(buf);
  size_t *bounds = scratch(ctx, n + 1, sizeof *bounds);
  CHECK_ALLOC(buf && tmp && bounds);
  size_t runs = 0, m = 0;
  for (size_t k = 0; k < n; k++) {
    size_t len = tv_obj_of(parts[k])->n;
    if (!len) continue;
    bounds[runs++] = m;
    memcpy(buf + m, tv_items(parts[k]), len * sizeof *buf);
    m += len;
  }
  bounds[runs] = m;
  while (runs > 1) {
    size_t merged = 0, out = 0;
    for (size_t r = 0; r < runs; r += 2) {
      size_t lo = bounds[r], mid = bounds[r + 1], hi = r + 2 <= runs ? bounds[r + 2] : mid;
      bounds[merged++] = out;
      out += union_words(buf + lo, mid - lo, buf + mid, hi - mid, tmp + out);
    }
    bounds[merged] = out;
    runs = merged;
    tv_val *swap = buf;
    buf = tmp;
    tmp = swap;
    m = out;
  }
  return tv_set_sorted(ctx, m, buf); /* merged runs stay increasing and distinct */
}

/* type(like)(e for c in parts for e in c): the flattening used by merge,
 * mfilter, mapply and mpapply. */
static tv_val merge_parts(tv_ctx *ctx, const char *prim, tv_val like, const tv_val *parts,
                          size_t n) {
  int w;
  size_t rows;
  if (!tv_is_set(like) && all_grids_of_width(parts, n, &w, &rows))
    return stack_all_grids(ctx, parts, n, w, rows);
  if (tv_is_set(like) && all_uniform_sets(parts, n)) return union_uniform_sets(ctx, parts, n);
  size_t total = 0;
  for (size_t k = 0; k < n; k++) {
    tv_val part = parts[k];
    if (!tv_is_tuplelike(part) && !tv_is_set(part)) return not_iterable(ctx, prim, part);
    total += tv_len(part);
  }
  CHARGE(total + n);
  tv_val *out = scratch(ctx, total, sizeof(tv_val));
  CHECK_ALLOC(out);
  size_t m = 0;
  for (size_t k = 0; k < n; k++) {
    elems e;
    TRY(elems_of(ctx, prim, parts[k], &e));
    memcpy(out + m, e.items, e.n * sizeof *out);
    m += e.n;
  }
  return same_kind(ctx, like, m, out);
}

static tv_val p_merge(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  elems e;
  TRY(elems_of(ctx, "merge", a[0], &e));
  return merge_parts(ctx, "merge", a[0], e.items, e.n);
}

/* ---- extremes ------------------------------------------------------------ */

static tv_val extreme(tv_ctx *ctx, const char *prim, tv_val container, bool want_max) {
  CHARGE(0);
  elems e;
  TRY(elems_of(ctx, prim, container, &e));
  CHARGE(e.n);
  if (e.n == 0) return tv_int(0);
  /* Canonical order puts numbers first (ascending), then pairs in Python's
   * tuple order, so a set of only numbers or only pairs is already sorted. */
  tv_val lo = e.items[0], hi = e.items[e.n - 1];
  if (tv_is_set(container) && ((tv_is_number(lo) && tv_is_number(hi)) ||
                               (tv_is_pair(lo) && tv_is_pair(hi))))
    return want_max ? hi : lo;
  tv_val best = e.items[0];
  for (size_t k = 1; k < e.n; k++) {
    bool ok = true;
    tv_val x = e.items[k];
    bool better = want_max ? py_less(best, x, &ok) : py_less(x, best, &ok);
    if (!ok) return not_comparable(ctx, prim, x, best);
    if (better) best = x;
  }
  return best;
}

static tv_val p_maximum(tv_ctx *ctx, const tv_val *a) { return extreme(ctx, "maximum", a[0], true); }
static tv_val p_minimum(tv_ctx *ctx, const tv_val *a) { return extreme(ctx, "minimum", a[0], false); }

/* The first element with the largest (smallest) key, as max/min with key=
 * keep the first of equal keys. Sets *key_out to its key. Returns 0 for an
 * empty container, an error value on failure, else the element. */
static tv_val best_by_key(tv_ctx *ctx, const char *prim, tv_val container, tv_val f,
                          bool want_max, tv_val *key_out) {
  elems e;
  TRY(elems_of(ctx, prim, container, &e));
  CHARGE(e.n);
  if (e.n == 0) return 0;
  tv_val best = e.items[0];
  tv_val best_key = tv_call1(ctx, f, best);
  RETURN_IF_ERROR(best_key);
  for (size_t k = 1; k < e.n; k++) {
    tv_val key = tv_call1(ctx, f, e.items[k]);
    RETURN_IF_ERROR(key);
    bool ok = true;
    bool better = want_max ? py_less(best_key, key, &ok) : py_less(key, best_key, &ok);
    if (!ok) return not_comparable(ctx, prim, key, best_key);
    if (better) {
      best = e.items[k];
      best_key = key;
    }
  }
  *key_out = best_key;
  return best;
}

/* compfunc(max(container, key=compfunc, default=0)): the best key, or
 * compfunc(0) for an empty container. */
static tv_val best_key(tv_ctx *ctx, const char *prim, tv_val container, tv_val f, bool want_max) {
  CHARGE(0);
  tv_val key = 0;
  tv_val best = best_by_key(ctx, prim, container, f, want_max, &key);
  if (best == 0) return tv_call1(ctx, f, tv_int(0));
  RETURN_IF_ERROR(best);
  return key;
}

static tv_val best_element(tv_ctx *ctx, const char *prim, tv_val container, tv_val f,
                           bool want_max) {
  CHARGE(0);
  tv_val key = 0;
  tv_val best = best_by_key(ctx, prim, container, f, want_max, &key);
  if (best == 0) return tv_error(ctx, "%s: empty container", prim);
  return best;
}

static tv_val p_valmax(tv_ctx *ctx, const tv_val *a) { return best_key(ctx, "valmax", a[0], a[1], true); }
static tv_val p_valmin(tv_ctx *ctx, const tv_val *a) { return best_key(ctx, "valmin", a[0], a[1], false); }
static tv_val p_argmax(tv_ctx *ctx, const tv_val *a) {
  return best_element(ctx, "argmax", a[0], a[1], true);
}
static tv_val p_argmin(tv_ctx *ctx, const tv_val *a) {
  return best_element(ctx, "argmin", a[0], a[1], false);
}

/* max/min(set(container), key=container.count): distinct elements are
 * visited in canonical order and the first with the best count wins; the
 * element returned is its first occurrence (what set() keeps). */
static tv_val most_or_least(tv_ctx *ctx, const char *prim, tv_val container, bool want_most) {
  CHARGE(0);
  if (!tv_is_tuplelike(container))
    return tv_error(ctx, "%s: %s has no attribute 'count'", prim, tv_kind_name(container));
  elems e;
  TRY(elems_of(ctx, prim, container, &e));
  if (e.n == 0) return tv_error(ctx, "%s: empty container", prim);
  CHARGE(e.n * 2);
  uint32_t *idx;
  TRY(sorted_order(ctx, prim, e.items, e.n, false, &idx));
  size_t best_start = 0, best_count = 0;
  for (size_t start = 0; start < e.n;) {
    size_t end = start + 1;
    while (end < e.n && tv_eq(e.items[idx[end]], e.items[idx[start]])) end++;
    size_t count = end - start;
    if (best_count == 0 || (want_most ? count > best_count : count < best_count)) {
      best_start = start;
      best_count = count;
    }
    start = end;
  }
  return e.items[idx[best_start]];
}

static tv_val p_mostcommon(tv_ctx *ctx, const tv_val *a) {
  return most_or_least(ctx, "mostcommon", a[0], true);
}
static tv_val p_leastcommon(tv_ctx *ctx, const tv_val *a) {
  return most_or_least(ctx, "leastcommon", a[0], false);
}

/* ---- calling function arguments ------------------------------------------ */

static tv_val p_sfilter(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  elems e;
  TRY(elems_of(ctx, "sfilter", a[0], &e));
  CHARGE(e.n);
  tv_val *out = scratch(ctx, e.n, sizeof(tv_val));
  CHECK_ALLOC(out);
  size_t n = 0;
  for (size_t k = 0; k < e.n; k++) {
    tv_val keep = tv_call1(ctx, a[1], e.items[k]);
    RETURN_IF_ERROR(keep);
    if (tv_truthy(keep)) out[n++] = e.items[k];
  }
  return same_kind(ctx, a[0], n, out);
}

/* merge(sfilter(container, function)), flattening the selected elements
 * directly: building the filtered container first cannot change the result
 * (a set's deduplication does not change a union; a tuple that
 * canonicalises to a pair or grid iterates to the same elements). */
static tv_val p_mfilter(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  elems e;
  TRY(elems_of(ctx, "mfilter", a[0], &e));
  CHARGE(e.n);
  tv_val *parts = scratch(ctx, e.n, sizeof(tv_val));
  CHECK_ALLOC(parts);
  size_t n = 0;
  for (size_t k = 0; k < e.n; k++) {
    tv_val keep = tv_call1(ctx, a[1], e.items[k]);
    RETURN_IF_ERROR(keep);
    if (tv_truthy(keep)) parts[n++] = e.items[k];
  }
  return merge_parts(ctx, "mfilter", a[0], parts, n);
}

static tv_val p_extract(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  elems e;
  TRY(elems_of(ctx, "extract", a[0], &e));
  for (size_t k = 0; k < e.n; k++) {
    CHARGE(0);
    tv_val hit = tv_call1(ctx, a[1], e.items[k]);
    RETURN_IF_ERROR(hit);
    if (tv_truthy(hit)) return e.items[k];
  }
  return tv_error(ctx, "extract: no element satisfies the condition");
}

/* Sets *out to f(e) for every element in iteration order; returns 0, or
 * the error value raised. */
static tv_val map_elements(tv_ctx *ctx, const char *prim, tv_val f, tv_val container,
                           tv_val **out, size_t *n) {
  elems e;
  TRY(elems_of(ctx, prim, container, &e));
  CHARGE(e.n);
  tv_val *results = scratch(ctx, e.n, sizeof(tv_val));
  CHECK_ALLOC(results);
  for (size_t k = 0; k < e.n; k++) {
    results[k] = tv_call1(ctx, f, e.items[k]);
    RETURN_IF_ERROR(results[k]);
  }
  *out = results;
  *n = e.n;
  return 0;
}

static tv_val p_apply(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  tv_val *results;
  size_t n;
  tv_val err = map_elements(ctx, "apply", a[0], a[1], &results, &n);
  if (err) return err;
  return same_kind(ctx, a[1], n, results);
}

static tv_val p_rapply(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  elems e;
  TRY(elems_of(ctx, "rapply", a[0], &e));
  CHARGE(e.n);
  tv_val *results = scratch(ctx, e.n, sizeof(tv_val));
  CHECK_ALLOC(results);
  for (size_t k = 0; k < e.n; k++) {
    results[k] = tv_call1(ctx, e.items[k], a[1]);
    RETURN_IF_ERROR(results[k]);
  }
  return same_kind(ctx, a[0], e.n, results);
}

/* merge(apply(function, container)): for a set, apply's deduplication
 * cannot change the union, so the results are flattened directly. */
static tv_val p_mapply(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  tv_val *results;
  size_t n;
  tv_val err = map_elements(ctx, "mapply", a[0], a[1], &results, &n);
  if (err) return err;
  return merge_parts(ctx, "mapply", a[1], results, n);
}

/* f(a[k], b[k]) for k below the shorter length (zip). */
static tv_val zip_call(tv_ctx *ctx, const char *prim, const tv_val *a, tv_val **out, size_t *n) {
  elems ea, eb;
  TRY(elems_of(ctx, prim, a[1], &ea));
  TRY(elems_of(ctx, prim, a[2], &eb));
  size_t m = ea.n < eb.n ? ea.n : eb.n;
  CHARGE(m);
  tv_val *results = scratch(ctx, m, sizeof(tv_val));
  CHECK_ALLOC(results);
  for (size_t k = 0; k < m; k++) {
    results[k] = tv_call2(ctx, a[0], ea.items[k], eb.items[k]);
    RETURN_IF_ERROR(results[k]);
  }
  *out = results;
  *n = m;
  return 0;
}

static tv_val p_papply(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  tv_val *results;
  size_t n;
  tv_val err = zip_call(ctx, "papply", a, &results, &n);
  if (err) return err;
  return tv_tuple(ctx, n, results);
}

static tv_val p_mpapply(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  tv_val *results;
  size_t n;
  tv_val err = zip_call(ctx, "mpapply", a, &results, &n);
  if (err) return err;
  return merge_parts(ctx, "mpapply", TV_EMPTY_TUPLE, results, n);
}

static tv_val p_prapply(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  elems ea, eb;
  TRY(elems_of(ctx, "prapply", a[1], &ea));
  TRY(elems_of(ctx, "prapply", a[2], &eb));
  if (ea.n != 0 && eb.n > MAX_BUILT_ITEMS / ea.n)
    return tv_error(ctx, "prapply: too many elements");
  size_t n = ea.n * eb.n;
  CHARGE(n);
  tv_val *out = scratch(ctx, n, sizeof(tv_val));
  CHECK_ALLOC(out);
  size_t k = 0;
  for (size_t j = 0; j < eb.n; j++)
    for (size_t i = 0; i < ea.n; i++) {
      out[k] = tv_call2(ctx, a[0], ea.items[i], eb.items[j]);
      RETURN_IF_ERROR(out[k]);
      k++;
    }
  return tv_set_take(ctx, n, out);
}

/* ---- building functions -------------------------------------------------- */

/* compose(outer, inner) is outer(inner(x)); func.c calls a TF_COMPOSE as
 * cap[0](cap[1](x)), so the captures are the arguments in Python order. */
static tv_val p_compose(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  return tv_func_new(ctx, TF_COMPOSE, 2, a);
}
static tv_val p_chain(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  return tv_func_new(ctx, TF_CHAIN, 3, a);
}
static tv_val p_matcher(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  return tv_func_new(ctx, TF_MATCHER, 2, a);
}
static tv_val p_rbind(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  return tv_func_new(ctx, TF_RBIND, 2, a);
}
static tv_val p_lbind(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  return tv_func_new(ctx, TF_LBIND, 2, a);
}

/* power(f, 1) is f itself; Python recurses forever (RecursionError) for
 * n < 1 and fails on n - 1 for a non-integer n. */
static tv_val p_power(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  if (!tv_is_number(a[1])) return tv_error(ctx, "power: exponent must be an integer");
  int64_t n = tv_num(a[1]);
  if (n == 1) return a[0];
  if (n < 1) return tv_error(ctx, "power: exponent must be at least 1 (got %lld)", (long long)n);
  tv_val cap[2] = {a[0], tv_int(n)};
  return tv_func_new(ctx, TF_POWER, 2, cap);
}

static tv_val p_fork(tv_ctx *ctx, const tv_val *a) {
  CHARGE(0);
  return tv_func_new(ctx, TF_FORK, 3, a);
}

/* ---- table --------------------------------------------------------------- */

#define ANY TT_ANY
#define NUM TT_NUM
#define FUNC TT_FUNC
#define SET TT_SET
#define BOOL TT_BOOL
#define CONT TT_CONTAINER
#define TUPLEISH TT_TUPLEISH
/* What Python's arithmetic dispatch can accept without raising. */
#define ARITH (TT_NUM | TT_TUPLEISH)

const tv_prim tv_prims_basic[] = {
    {"identity", 1, p_identity, {ANY}, ANY},
    {"add", 2, p_add, {ARITH, ARITH}, ARITH},
    {"subtract", 2, p_subtract, {ARITH, ARITH}, ARITH},
    {"multiply", 2, p_multiply, {ARITH, ARITH}, ARITH},
    {"divide", 2, p_divide, {ARITH, ARITH}, ARITH},
    {"invert", 1, p_invert, {TT_NUMERICAL}, TT_NUMERICAL},
    {"even", 1, p_even, {NUM}, BOOL},
    {"double", 1, p_double, {ARITH}, ARITH},
    {"halve", 1, p_halve, {ARITH}, ARITH},
    {"flip", 1, p_flip, {ANY}, BOOL},
    {"equality", 2, p_equality, {ANY, ANY}, BOOL},
    {"contained", 2, p_contained, {ANY, CONT}, BOOL},
    {"combine", 2, p_combine, {CONT, CONT}, CONT},
    {"intersection", 2, p_intersection, {SET | NUM, SET | NUM}, SET | NUM},
    {"difference", 2, p_difference, {SET | NUM, SET | NUM}, SET | TT_INT},
    {"dedupe", 1, p_dedupe, {TUPLEISH}, TUPLEISH},
    {"order", 2, p_order, {CONT, FUNC}, TUPLEISH},
    {"repeat", 2, p_repeat, {ANY, NUM}, TUPLEISH},
    {"greater", 2, p_greater, {NUM | CONT, NUM | CONT}, BOOL},
    {"size", 1, p_size, {CONT}, TT_INT},
    {"merge", 1, p_merge, {CONT}, CONT},
    {"maximum", 1, p_maximum, {CONT}, ANY},
    {"minimum", 1, p_minimum, {CONT}, ANY},
    {"valmax", 2, p_valmax, {CONT, FUNC}, ANY},
    {"valmin", 2, p_valmin, {CONT, FUNC}, ANY},
    {"argmax", 2, p_argmax, {CONT, FUNC}, ANY},
    {"argmin", 2, p_argmin, {CONT, FUNC}, ANY},
    {"mostcommon", 1, p_mostcommon, {TUPLEISH}, ANY},
    {"leastcommon", 1, p_leastcommon, {TUPLEISH}, ANY},
    {"initset", 1, p_initset, {ANY}, SET},
    {"both", 2, p_both, {ANY, ANY}, ANY},
    {"either", 2, p_either, {ANY, ANY}, ANY},
    {"increment", 1, p_increment, {ARITH}, ARITH},
    {"decrement", 1, p_decrement, {ARITH}, ARITH},
    {"crement", 1, p_crement, {TT_NUMERICAL}, TT_NUMERICAL},
    {"sign", 1, p_sign, {TT_NUMERICAL}, TT_NUMERICAL},
    {"positive", 1, p_positive, {NUM}, BOOL},
    {"toivec", 1, p_toivec, {ANY}, TUPLEISH},
    {"tojvec", 1, p_tojvec, {ANY}, TUPLEISH},
    {"sfilter", 2, p_sfilter, {CONT, FUNC}, CONT},
    {"mfilter", 2, p_mfilter, {CONT, FUNC}, CONT},
    {"extract", 2, p_extract, {CONT, FUNC}, ANY},
    {"totuple", 1, p_totuple, {CONT}, TUPLEISH},
    {"first", 1, p_first, {CONT}, ANY},
    {"last", 1, p_last, {CONT}, ANY},
    {"insert", 2, p_insert, {ANY, SET}, SET},
    {"remove", 2, p_remove, {ANY, CONT}, CONT},
    {"other", 2, p_other, {CONT, ANY}, ANY},
    {"interval", 3, p_interval, {NUM, NUM, NUM}, TT_TUPLE | TT_PAIR},
    {"astuple", 2, p_astuple, {ANY, ANY}, TUPLEISH},
    {"product", 2, p_product, {CONT, CONT}, SET},
    {"pair", 2, p_pair, {CONT, CONT}, TUPLEISH},
    {"branch", 3, p_branch, {ANY, ANY, ANY}, ANY},
    {"compose", 2, p_compose, {FUNC, FUNC}, FUNC},
    {"chain", 3, p_chain, {FUNC, FUNC, FUNC}, FUNC},
    {"matcher", 2, p_matcher, {FUNC, ANY}, FUNC},
    {"rbind", 2, p_rbind, {FUNC, ANY}, FUNC},
    {"lbind", 2, p_lbind, {FUNC, ANY}, FUNC},
    {"power", 2, p_power, {FUNC, NUM}, FUNC},
    {"fork", 3, p_fork, {FUNC, FUNC, FUNC}, FUNC},
    {"apply", 2, p_apply, {FUNC, CONT}, CONT},
    {"rapply", 2, p_rapply, {CONT, ANY}, CONT},
    {"mapply", 2, p_mapply, {FUNC, CONT}, CONT},
    {"papply", 3, p_papply, {FUNC, CONT, CONT}, TUPLEISH},
    {"mpapply", 3, p_mpapply, {FUNC, CONT, CONT}, TUPLEISH},
    {"prapply", 3, p_prapply, {FUNC, CONT, CONT}, SET},
    {NULL, 0, NULL, {0}, 0},
};
