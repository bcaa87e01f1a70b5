/*
 * value.c - canonical construction, equality, order, hashing and printing of
 * tv_val (see value.h for the representation).
 *
 * Canonical form is what makes the rest cheap: because every Python value
 * has one representation, equality of immediates is word equality, sets can
 * be deduplicated by sorting, and hashes agree with equality. The only place
 * that decides the representation is this file (tuple_canonical,
 * set_canonical); bools inside containers are stored as ints because Python
 * treats them as equal (frozenset({True}) == frozenset({1})).
 *
 * Hashes: immediates are mixed with a 64-bit finaliser; heap objects hash
 * their content with XXH3 the first time tv_hash asks and keep it in the
 * header (0 = not computed yet). Most values of an evaluation are never
 * hashed, so this saves the work; the value is the same whenever it is
 * computed. Values shared between threads (task grids, folded constants)
 * may be hashed by two threads at once, so the field is read and written
 * with relaxed atomics: both write the same number.
 */
#include "tessera/value.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "tessera/fault.h"
#include "tessera/prims.h"

const tv_val TV_TRUE = ((uint64_t)1 << 3) | TV_TAG_BOOL;
const tv_val TV_FALSE = TV_TAG_BOOL;

static _Alignas(16) tv_seq empty_tuple_obj = {.hdr = {.kind = TV_TUPLE, .flags = TV_F_IMMEDIATE_ITEMS}};
static _Alignas(16) tv_seq empty_set_obj = {.hdr = {.kind = TV_SET, .flags = TV_F_IMMEDIATE_ITEMS}};
const tv_val TV_EMPTY_TUPLE = (tv_val)(uintptr_t)&empty_tuple_obj;
const tv_val TV_EMPTY_SET = (tv_val)(uintptr_t)&empty_set_obj;

static _Alignas(16) tv_error_obj oom_error = {
    .hdr = {.kind = TV_ERROR}, .message = "out of memory"};
static _Alignas(16) tv_error_obj memory_limit_error = {
    .hdr = {.kind = TV_ERROR}, .message = "memory limit exceeded"};
static _Alignas(16) tv_error_obj deadline_error = {
    .hdr = {.kind = TV_ERROR}, .message = "time limit exceeded"};
static _Alignas(16) tv_error_obj budget_error = {
    .hdr = {.kind = TV_ERROR}, .message = "work budget exhausted"};

static uint64_t mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

__attribute__((constructor)) static void init_static_hashes(void) {
  empty_tuple_obj.hdr.hash = XXH3_64bits_withSeed(NULL, 0, TV_TUPLE);
  empty_set_obj.hdr.hash = XXH3_64bits_withSeed(NULL, 0, TV_SET);
  oom_error.hdr.hash = mix64(TV_ERROR);
  budget_error.hdr.hash = mix64(TV_ERROR + 1);
  memory_limit_error.hdr.hash = mix64(TV_ERROR + 2);
  deadline_error.hdr.hash = mix64(TV_ERROR + 3);
}

void tv_ctx_init(tv_ctx *ctx, ta_arena *arena, uint64_t budget) {
  memset(ctx, 0, sizeof *ctx);
  ctx->arena = arena;
  ctx->budget = budget;
}

tv_kind tv_kind_of(tv_val v) {
  switch (tv_tag(v)) {
    case TV_TAG_INT: return TV_INT;
    case TV_TAG_BOOL: return TV_BOOL;
    case TV_TAG_PAIR: return TV_PAIR;
    case TV_TAG_CELL: return TV_CELL;
    default: return v ? (tv_kind)tv_obj_of(v)->kind : TV_NONE;
  }
}

bool tv_is_tuplelike(tv_val v) {
  tv_kind k = tv_kind_of(v);
  return k == TV_TUPLE || k == TV_GRID || k == TV_PAIR || k == TV_CELL;
}

bool tv_truthy(tv_val v) {
  switch (tv_kind_of(v)) {
    case TV_INT:
    case TV_BOOL: return tv_num(v) != 0;
    case TV_PAIR:
    case TV_CELL:
    case TV_FUNC: return true;
    case TV_GRID:
    case TV_TUPLE:
    case TV_SET: return tv_len(v) != 0;
    default: return false;
  }
}

/* ---- errors -------------------------------------------------------------- */

tv_val tv_error(tv_ctx *ctx, const char *fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  tv_error_obj *e = ta_alloc(ctx->arena, sizeof *e);
  char *message = e ? ta_strdup(ctx->arena, buf) : NULL;
  if (!message) return tv_oom_error(ctx);
  memset(e, 0, sizeof *e);
  e->hdr.kind = TV_ERROR;
  e->line = ctx->line;
  e->message = message;
  e->hdr.hash = XXH3_64bits_withSeed(buf, strlen(buf), TV_ERROR);
  tv_val v = tv_from_obj(e);
  if (!ctx->error) ctx->error = v;
  return v;
}

tv_val tv_oom_error(tv_ctx *ctx) {
  tv_val v = tv_from_obj(ta_arena_over_limit(ctx->arena) ? &memory_limit_error : &oom_error);
  if (!ctx->error) ctx->error = v;
  return v;
}

const char *tv_error_message(tv_val err) {
  return tv_is_error(err) ? ((const tv_error_obj *)tv_obj_of(err))->message : "";
}

int tv_error_line(tv_val err) {
  return tv_is_error(err) ? ((const tv_error_obj *)tv_obj_of(err))->line : 0;
}

tv_val tv_budget_error(tv_ctx *ctx) {
  tv_val v = tv_from_obj(&budget_error);
  if (!ctx->error) ctx->error = v;
  return v;
}

tv_val tv_deadline_error(tv_ctx *ctx) {
  tv_val v = tv_from_obj(&deadline_error);
  if (!ctx->error) ctx->error = v;
  return v;
}

bool tv_ctx_exhausted(const tv_ctx *ctx) {
  return (ctx->budget && ctx->work > ctx->budget) || ta_arena_failed(ctx->arena);
}

/* ---- hashing ------------------------------------------------------------- */

static uint64_t hash_items(tv_kind kind, size_t n, const tv_val *items, bool immediate) {
  if (immediate) return XXH3_64bits_withSeed(items, n * sizeof *items, kind);
  uint64_t h = mix64(kind * 0x9e3779b97f4a7c15ULL + n);
  for (size_t i = 0; i < n; i++) h = mix64(h ^ tv_hash(items[i])) + i;
  return h;
}

static uint64_t hash_grid(int h, int w, const uint8_t *cells) {
  uint64_t seed = ((uint64_t)TV_GRID << 40) | ((uint64_t)h << 20) | (uint64_t)w;
  return XXH3_64bits_withSeed(cells, (size_t)h * (size_t)w, seed);
}

static uint64_t hash_func(const tv_func *f) {
  uint64_t h[5] = {f->op, f->prim ? XXH3_64bits(f->prim->name, strlen(f->prim->name)) : 0, 0, 0, 0};
  for (int i = 0; i < f->ncap && i < 3; i++) h[2 + i] = tv_hash(f->cap[i]);
  return XXH3_64bits_withSeed(h, sizeof h, TV_FUNC);
}

static uint64_t hash_content(const tv_obj *o) {
  switch (o->kind) {
    case TV_GRID: return hash_grid(o->h, o->w, ((const tv_grid *)o)->cells);
    case TV_TUPLE:
    case TV_SET:
      return hash_items((tv_kind)o->kind, o->n, ((const tv_seq *)o)->items,
                        o->flags & TV_F_IMMEDIATE_ITEMS);
    case TV_FUNC: return hash_func((const tv_func *)o);
    case TV_ERROR: {
      const char *m = ((const tv_error_obj *)o)->message;
      return XXH3_64bits_withSeed(m, strlen(m), TV_ERROR);
    }
    default: return 0;
  }
}

/* The stored hash of a heap object, 0 while nobody has asked for it. */
static inline uint64_t stored_hash(const tv_obj *o) {
  return __atomic_load_n(&o->hash, __ATOMIC_RELAXED);
}

uint64_t tv_hash(tv_val v) {
  switch (tv_tag(v)) {
    case TV_TAG_INT:
    case TV_TAG_BOOL: return mix64(((uint64_t)tv_num(v) << 3) | TV_TAG_INT);
    case TV_TAG_PAIR:
    case TV_TAG_CELL: return mix64(v);
    default: break;
  }
  if (!v) return 0;
  tv_obj *o = tv_obj_of(v);
  uint64_t h = stored_hash(o);
  if (h) return h;
  h = hash_content(o);
  if (h == 0) h = 1; /* 0 means "not computed" */
  __atomic_store_n(&o->hash, h, __ATOMIC_RELAXED);
  return h;
}

/* ---- equality and order -------------------------------------------------- */

static bool seq_eq(const tv_seq *a, const tv_seq *b) {
  if (a->hdr.n != b->hdr.n) return false;
  for (uint32_t i = 0; i < a->hdr.n; i++)
    if (!tv_eq(a->items[i], b->items[i])) return false;
  return true;
}

static bool func_eq(const tv_obj *a, const tv_obj *b);

bool tv_eq(tv_val a, tv_val b) {
  if (a == b) return true;
  if (tv_is_number(a) && tv_is_number(b)) return tv_num(a) == tv_num(b);
  if (!tv_is_heap(a) || !tv_is_heap(b)) return false;
  const tv_obj *x = tv_obj_of(a), *y = tv_obj_of(b);
  if (x->kind != y->kind || x->n != y->n) return false;
  uint64_t hx = stored_hash(x), hy = stored_hash(y);
  if (hx && hy && hx != hy) return false;
  switch (x->kind) {
    case TV_GRID:
      return x->h == y->h && x->w == y->w &&
             memcmp(((const tv_grid *)x)->cells, ((const tv_grid *)y)->cells, x->n) == 0;
    case TV_TUPLE:
    case TV_SET: return seq_eq((const tv_seq *)x, (const tv_seq *)y);
    case TV_FUNC: return func_eq(x, y);
    case TV_ERROR:
      return strcmp(((const tv_error_obj *)x)->message, ((const tv_error_obj *)y)->message) == 0;
    default: return false;
  }
}

/* Rank of a value's class in the canonical order. */
static int order_rank(tv_val v) {
  switch (tv_tag(v)) {
    case TV_TAG_INT:
    case TV_TAG_BOOL: return 0;
    case TV_TAG_PAIR: return 1;
    case TV_TAG_CELL: return 2;
    default: return v ? 3 + tv_obj_of(v)->kind : -1;
  }
}

static int cmp_u64(uint64_t a, uint64_t b) { return (a > b) - (a < b); }
static int cmp_i64(int64_t a, int64_t b) { return (a > b) - (a < b); }

static int seq_cmp(const tv_seq *a, const tv_seq *b) {
  uint32_t n = a->hdr.n < b->hdr.n ? a->hdr.n : b->hdr.n;
  for (uint32_t i = 0; i < n; i++) {
    int c = tv_cmp(a->items[i], b->items[i]);
    if (c) return c;
  }
  return cmp_u64(a->hdr.n, b->hdr.n);
}

static int func_cmp(const tv_obj *a, const tv_obj *b);

int tv_cmp(tv_val a, tv_val b) {
  if (a == b) return 0;
  int ra = order_rank(a), rb = order_rank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  if (ra == 0) return cmp_i64(tv_num(a), tv_num(b));
  if (ra < 3) return cmp_u64(a, b);
  const tv_obj *x = tv_obj_of(a), *y = tv_obj_of(b);
  switch (x->kind) {
    case TV_GRID: {
      if (x->h != y->h) return x->h < y->h ? -1 : 1;
      if (x->w != y->w) return x->w < y->w ? -1 : 1;
      int c = memcmp(((const tv_grid *)x)->cells, ((const tv_grid *)y)->cells, x->n);
      return (c > 0) - (c < 0);
    }
    case TV_TUPLE:
    case TV_SET: return seq_cmp((const tv_seq *)x, (const tv_seq *)y);
    case TV_FUNC: return func_cmp(x, y);
    case TV_ERROR: {
      int c = strcmp(((const tv_error_obj *)x)->message, ((const tv_error_obj *)y)->message);
      return (c > 0) - (c < 0);
    }
    default: return 0;
  }
}

/* Element i of a tuple-like value without allocating, where possible. */
static bool py_elem_number(tv_val v, size_t i, int64_t *out) {
  if (tv_is_pair(v)) {
    *out = i == 0 ? tv_pair_a(v) : tv_pair_b(v);
    return true;
  }
  if (tv_is_tuple(v) && tv_is_number(tv_items(v)[i])) {
    *out = tv_num(tv_items(v)[i]);
    return true;
  }
  return false;
}

/* Room for one grid row as a tuple, for comparisons that keep nothing. */
typedef struct row_space {
  _Alignas(16) unsigned char bytes[sizeof(tv_seq) + TV_GRID_MAX_SIDE * sizeof(tv_val)];
} row_space;

/* Element i of a tuple-like value without allocating: grid rows are built in
 * `space` (canonical like tv_at's: a row of two colours is a pair). */
static tv_val elem_in_place(tv_val v, size_t i, row_space *space) {
  if (!tv_is_grid(v)) {
    if (tv_is_pair(v)) return tv_int(i == 0 ? tv_pair_a(v) : tv_pair_b(v));
    if (tv_is_cell(v)) return i == 0 ? tv_int(tv_cell_color(v)) : tv_pair_imm(tv_cell_i(v), tv_cell_j(v));
    return tv_items(v)[i];
  }
  int w = tv_grid_w(v);
  const uint8_t *cells = tv_grid_cells(v) + i * (size_t)w;
  if (w == 0) return TV_EMPTY_TUPLE;
  if (w == 2) return tv_pair_imm(tv_byte_colour(cells[0]), tv_byte_colour(cells[1]));
  tv_seq *row = (tv_seq *)space->bytes;
  memset(&row->hdr, 0, sizeof row->hdr);
  row->hdr.kind = TV_TUPLE;
  row->hdr.flags = TV_F_IMMEDIATE_ITEMS;
  row->hdr.n = (uint32_t)w;
  for (int j = 0; j < w; j++) row->items[j] = tv_int(tv_byte_colour(cells[j]));
  return tv_from_obj(row);
}

/* Elements i of a and b compared, the first difference decides. */
static int py_cmp_elements(tv_val a, tv_val b, size_t i, bool *ok) {
  row_space sa, sb;
  tv_val ea = elem_in_place(a, i, &sa), eb = elem_in_place(b, i, &sb);
  return tv_eq(ea, eb) ? 0 : tv_py_cmp(ea, eb, ok);
}

int tv_py_cmp(tv_val a, tv_val b, bool *ok) {
  *ok = true;
  if (tv_is_number(a) && tv_is_number(b)) return cmp_i64(tv_num(a), tv_num(b));
  if (!tv_is_tuplelike(a) || !tv_is_tuplelike(b)) {
    *ok = false;
    return 0;
  }
  size_t na = tv_len(a), nb = tv_len(b), n = na < nb ? na : nb;
  for (size_t i = 0; i < n; i++) {
    int64_t x, y;
    if (py_elem_number(a, i, &x) && py_elem_number(b, i, &y)) {
      if (x != y) return cmp_i64(x, y);
      continue;
    }
    int r = py_cmp_elements(a, b, i, ok);
    if (!*ok || r) return r;
  }
  return cmp_u64(na, nb);
}

/* ---- construction -------------------------------------------------------- */

static tv_val alloc_seq(tv_ctx *ctx, tv_kind kind, size_t n, const tv_val *items, bool immediate) {
  if (n > UINT32_MAX) return tv_error(ctx, "container too large");
  tv_seq *s = ta_alloc(ctx->arena, sizeof(tv_seq) + n * sizeof(tv_val));
  if (!s) return tv_oom_error(ctx);
  memset(&s->hdr, 0, sizeof s->hdr);
  s->hdr.kind = (uint8_t)kind;
  s->hdr.n = (uint32_t)n;
  s->hdr.flags = immediate ? TV_F_IMMEDIATE_ITEMS : 0;
  if (n) memcpy(s->items, items, n * sizeof *items);
  return tv_from_obj(s);
}

tv_val tv_pair(tv_ctx *ctx, int64_t a, int64_t b) {
  if (tv_pair_fits(a, b)) return tv_pair_imm(a, b);
  tv_val items[2] = {tv_int(a), tv_int(b)};
  return alloc_seq(ctx, TV_TUPLE, 2, items, true);
}

tv_val tv_cell(tv_ctx *ctx, int64_t c, int64_t i, int64_t j) {
  if (tv_cell_fits(c, i, j)) return tv_cell_imm(c, i, j);
  tv_val items[2] = {tv_int(c), tv_pair(ctx, i, j)};
  return alloc_seq(ctx, TV_TUPLE, 2, items, !tv_is_heap(items[1]));
}

tv_val tv_grid_new(tv_ctx *ctx, int h, int w) {
  if (h < 0 || w < 0 || h > TV_GRID_MAX_SIDE || w > TV_GRID_MAX_SIDE)
    return tv_error(ctx, "grid of %d x %d exceeds the %d x %d limit", h, w, TV_GRID_MAX_SIDE,
                    TV_GRID_MAX_SIDE);
  if (h == 0) return TV_EMPTY_TUPLE;
  size_t n = (size_t)h * (size_t)w;
  tv_grid *g = ta_alloc(ctx->arena, sizeof(tv_grid) + n);
  if (!g) return tv_oom_error(ctx);
  memset(g, 0, sizeof(tv_grid) + n);
  g->hdr.kind = TV_GRID;
  g->hdr.h = (uint16_t)h;
  g->hdr.w = (uint16_t)w;
  g->hdr.n = (uint32_t)n;
  return tv_from_obj(g);
}

tv_val tv_grid_seal(tv_val g) {
  if (tv_is_grid(g)) __atomic_store_n(&tv_obj_of(g)->hash, 0, __ATOMIC_RELAXED);
  return g;
}

bool tv_as_grid(tv_val v, int *h, int *w, const uint8_t **cells) {
  if (tv_is_grid(v)) {
    *h = tv_grid_h(v);
    *w = tv_grid_w(v);
    *cells = tv_grid_cells(v);
    return true;
  }
  if (tv_is_tuple(v) && tv_len(v) == 0) {
    *h = *w = 0;
    *cells = NULL;
    return true;
  }
  return false;
}

/* Length of v if it is a tuple of ints that all fit a grid cell, else -1. */
static long grid_row_length(tv_val v) {
  if (tv_is_pair(v)) {
    int64_t a = tv_pair_a(v), b = tv_pair_b(v);
    return (tv_colour_fits(a) && tv_colour_fits(b)) ? 2 : -1;
  }
  if (!tv_is_tuple(v)) return -1;
  const tv_seq *s = (const tv_seq *)tv_obj_of(v);
  for (uint32_t i = 0; i < s->hdr.n; i++) {
    tv_val x = s->items[i];
    if (!tv_is_int(x) || !tv_colour_fits(tv_num(x))) return -1;
  }
  return (long)s->hdr.n;
}

static void write_row(uint8_t *dst, tv_val row, long w) {
  if (tv_is_pair(row)) {
    dst[0] = tv_colour_byte(tv_pair_a(row));
    dst[1] = tv_colour_byte(tv_pair_b(row));
    return;
  }
  const tv_val *items = tv_items(row);
  for (long j = 0; j < w; j++) dst[j] = tv_colour_byte(tv_num(items[j]));
}

/* A tuple of equal-length rows of colour-sized ints is a grid. */
static bool try_grid(tv_ctx *ctx, size_t n, const tv_val *items, tv_val *out) {
  long w = grid_row_length(items[0]);
  if (w < 0 || n > TV_GRID_MAX_SIDE || w > TV_GRID_MAX_SIDE) return false;
  for (size_t i = 1; i < n; i++)
    if (grid_row_length(items[i]) != w) return false;
  tv_val g = tv_grid_new(ctx, (int)n, (int)w);
  if (!tv_is_grid(g)) {
    *out = g;
    return true;
  }
  uint8_t *cells = tv_grid_cells(g);
  for (size_t i = 0; i < n; i++) write_row(cells + i * (size_t)w, items[i], w);
  *out = tv_grid_seal(g);
  return true;
}

static tv_val normalise_bool(tv_val v) { return tv_is_bool(v) ? tv_int(tv_num(v)) : v; }

tv_val tv_tuple(tv_ctx *ctx, size_t n, const tv_val *items) {
  if (n == 0) return TV_EMPTY_TUPLE;
  bool immediate = true, has_bool = false;
  for (size_t i = 0; i < n; i++) {
    if (tv_is_error(items[i])) return items[i];
    if (tv_is_heap(items[i])) immediate = false;
    if (tv_is_bool(items[i])) has_bool = true;
  }
  tv_val a = normalise_bool(items[0]);
  if (n == 2) {
    tv_val b = normalise_bool(items[1]);
    if (tv_is_int(a) && tv_is_int(b)) return tv_pair(ctx, tv_num(a), tv_num(b));
    if (tv_is_int(a) && tv_is_pair(b) && tv_cell_fits(tv_num(a), tv_pair_a(b), tv_pair_b(b)))
      return tv_cell_imm(tv_num(a), tv_pair_a(b), tv_pair_b(b));
  }
  if (!immediate || tv_is_pair(a)) {
    tv_val g;
    if (try_grid(ctx, n, items, &g)) return g;
  }
  if (!has_bool) return alloc_seq(ctx, TV_TUPLE, n, items, immediate);
  tv_val copy = alloc_seq(ctx, TV_TUPLE, n, items, immediate);
  if (tv_is_error(copy)) return copy;
  tv_seq *tmp = (tv_seq *)tv_obj_of(copy);
  for (size_t i = 0; i < n; i++) tmp->items[i] = normalise_bool(tmp->items[i]);
  return tv_from_obj(tmp);
}

static int cmp_val_qsort(const void *a, const void *b) {
  return tv_cmp(*(const tv_val *)a, *(const tv_val *)b);
}

/* In-place sort of unsigned words: insertion sort for short runs, else a
 * quicksort with median-of-three pivots, recursing on the smaller side. */
static void sort_words(uint64_t *a, size_t n) {
  while (n > 24) {
    uint64_t x = a[0], y = a[n / 2], z = a[n - 1];
    uint64_t pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
    size_t i = 0, j = n - 1;
    for (;;) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i >= j) break;
      uint64_t t = a[i];
      a[i++] = a[j];
      a[j--] = t;
    }
    size_t left = j + 1;
    if (left < n - left) {
      sort_words(a, left);
      a += left;
      n -= left;
    } else {
      sort_words(a + left, n - left);
      n = left;
    }
  }
  for (size_t i = 1; i < n; i++) {
    uint64_t v = a[i];
    size_t j = i;
    while (j > 0 && a[j - 1] > v) {
      a[j] = a[j - 1];
      j--;
    }
    a[j] = v;
  }
}

/* Sorts and dedups items of one immediate tag: pairs and cells order as
 * their words; ints as signed words (flipping the sign bit makes that an
 * unsigned order). */
static size_t sort_unique_words(tv_val *items, size_t n, bool signed_words) {
  const uint64_t flip = signed_words ? (uint64_t)1 << 63 : 0;
  bool sorted = true;
  for (size_t i = 1; i < n && sorted; i++) sorted = (items[i - 1] ^ flip) <= (items[i] ^ flip);
  if (!sorted) {
    for (size_t i = 0; i < n; i++) items[i] ^= flip;
    sort_words(items, n);
    for (size_t i = 0; i < n; i++) items[i] ^= flip;
  }
  size_t out = 1;
  for (size_t i = 1; i < n; i++)
    if (items[i] != items[out - 1]) items[out++] = items[i];
  return out;
}

/* Sorts and dedups items in place; returns the new length. */
static size_t sort_unique(tv_val *items, size_t n, bool immediate) {
  if (n < 2) return n;
  unsigned tag = tv_tag(items[0]);
  bool same_tag = immediate;
  for (size_t i = 1; i < n && same_tag; i++) same_tag = tv_tag(items[i]) == tag;
  if (same_tag) return sort_unique_words(items, n, tag == TV_TAG_INT);
  bool sorted = true;
  for (size_t i = 1; i < n && sorted; i++) sorted = tv_cmp(items[i - 1], items[i]) <= 0;
  if (!sorted) qsort(items, n, sizeof *items, cmp_val_qsort);
  size_t out = 1;
  for (size_t i = 1; i < n; i++)
    if (!tv_eq(items[i], items[out - 1])) items[out++] = items[i];
  return out;
}

/* Most sets are built from words of one immediate kind that are already in
 * order (positions scanned row by row, merges of sorted sets), so one pass
 * checks errors, turns bools into ints and finds out whether anything is
 * left to sort or deduplicate. */
tv_val tv_set_take(tv_ctx *ctx, size_t n, tv_val *items) {
  if (n == 0) return TV_EMPTY_SET;
  unsigned tag = tv_tag(items[0]) == TV_TAG_BOOL ? TV_TAG_INT : tv_tag(items[0]);
  const uint64_t flip = tag == TV_TAG_INT ? (uint64_t)1 << 63 : 0;
  bool immediate = true, same_tag = true, increasing = true;
  uint64_t prev = 0;
  for (size_t i = 0; i < n; i++) {
    tv_val v = items[i];
    unsigned t = tv_tag(v);
    if (t == TV_TAG_HEAP) {
      if (tv_is_error(v)) return v;
      immediate = false;
      continue;
    }
    if (t == TV_TAG_BOOL) {
      v = items[i] = normalise_bool(v);
      t = TV_TAG_INT;
    }
    if (t != tag) same_tag = false;
    else if (i && prev >= (v ^ flip)) increasing = false;
    prev = v ^ flip;
  }
  if (!(immediate && same_tag && increasing)) n = sort_unique(items, n, immediate);
  return alloc_seq(ctx, TV_SET, n, items, immediate);
}

#ifndef NDEBUG
static bool canonical_words(size_t n, const tv_val *items) {
  unsigned tag = tv_tag(items[0]);
  if (tag != TV_TAG_PAIR && tag != TV_TAG_CELL) return false;
  for (size_t i = 0; i < n; i++)
    if (tv_tag(items[i]) != tag || (i && items[i - 1] >= items[i])) return false;
  return true;
}
#endif

tv_val tv_set_sorted(tv_ctx *ctx, size_t n, const tv_val *items) {
  if (n == 0) return TV_EMPTY_SET;
#ifndef NDEBUG
  if (!canonical_words(n, items)) return tv_error(ctx, "internal: set items not canonical");
#endif
  return alloc_seq(ctx, TV_SET, n, items, true);
}

tv_val tv_set_of_scanned_cells(tv_ctx *ctx, size_t n, tv_val *cells) {
  if (n < 32) return tv_set_take(ctx, n, cells); /* the pass over 256 counts would dominate */
  uint32_t start[257] = {0};
  for (size_t k = 0; k < n; k++) start[(cells[k] >> 56) + 1]++;
  for (int c = 0; c < 256; c++) start[c + 1] += start[c];
  tv_val *out = ta_alloc(ctx->arena, n * sizeof *out);
  if (!out) return tv_oom_error(ctx);
  for (size_t k = 0; k < n; k++) out[start[cells[k] >> 56]++] = cells[k];
  return tv_set_sorted(ctx, n, out);
}

tv_val tv_set(tv_ctx *ctx, size_t n, const tv_val *items) {
  if (n == 0) return TV_EMPTY_SET;
  tv_val *copy = ta_memdup(ctx->arena, items, n * sizeof *items);
  if (!copy) return tv_oom_error(ctx);
  return tv_set_take(ctx, n, copy);
}

/* ---- access -------------------------------------------------------------- */

size_t tv_len(tv_val v) {
  switch (tv_kind_of(v)) {
    case TV_PAIR:
    case TV_CELL: return 2;
    case TV_GRID: return tv_grid_h(v);
    case TV_TUPLE:
    case TV_SET: return tv_obj_of(v)->n;
    default: return 0;
  }
}

static tv_val grid_row(tv_ctx *ctx, tv_val g, size_t i) {
  int w = tv_grid_w(g);
  tv_val row[TV_GRID_MAX_SIDE];
  const uint8_t *cells = tv_grid_cells(g) + i * (size_t)w;
  for (int j = 0; j < w; j++) row[j] = tv_int(tv_byte_colour(cells[j]));
  return tv_tuple(ctx, (size_t)w, row);
}

tv_val tv_at(tv_ctx *ctx, tv_val v, size_t i) {
  switch (tv_kind_of(v)) {
    case TV_PAIR: return tv_int(i == 0 ? tv_pair_a(v) : tv_pair_b(v));
    case TV_CELL: return i == 0 ? tv_int(tv_cell_color(v)) : tv_pair_imm(tv_cell_i(v), tv_cell_j(v));
    case TV_GRID: return grid_row(ctx, v, i);
    case TV_TUPLE:
    case TV_SET: return tv_items(v)[i];
    default: return tv_error(ctx, "%s is not a container", tv_kind_name(v));
  }
}

static bool set_contains(tv_val set, tv_val x) {
  const tv_val *items = tv_items(set);
  size_t lo = 0, hi = tv_len(set);
  x = normalise_bool(x);
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = tv_cmp(items[mid], x);
    if (c == 0) return true;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return false;
}

static bool grid_contains_row(tv_val g, tv_val row) {
  long w = grid_row_length(row);
  if (w != tv_grid_w(g)) return false;
  uint8_t buf[TV_GRID_MAX_SIDE];
  write_row(buf, row, w);
  for (int i = 0; i < tv_grid_h(g); i++)
    if (memcmp(tv_grid_cells(g) + (size_t)i * (size_t)w, buf, (size_t)w) == 0) return true;
  return false;
}

bool tv_contains(tv_val c, tv_val x) {
  switch (tv_kind_of(c)) {
    case TV_SET: return set_contains(c, x);
    case TV_TUPLE:
      for (size_t i = 0; i < tv_len(c); i++)
        if (tv_eq(tv_items(c)[i], x)) return true;
      return false;
    case TV_GRID: return grid_contains_row(c, x);
    case TV_PAIR:
      return tv_is_number(x) && (tv_num(x) == tv_pair_a(c) || tv_num(x) == tv_pair_b(c));
    case TV_CELL:
      return (tv_is_number(x) && tv_num(x) == tv_cell_color(c)) ||
             (tv_is_pair(x) && tv_pair_a(x) == tv_cell_i(c) && tv_pair_b(x) == tv_cell_j(c));
    default: return false;
  }
}

/* ---- function values: equality and order ---------------------------------- */

static bool func_eq(const tv_obj *a, const tv_obj *b) {
  const tv_func *x = (const tv_func *)a, *y = (const tv_func *)b;
  if (x->op != y->op || x->ncap != y->ncap || x->prim != y->prim) return false;
  for (int i = 0; i < x->ncap; i++)
    if (!tv_eq(x->cap[i], y->cap[i])) return false;
  return true;
}

static int func_cmp(const tv_obj *a, const tv_obj *b) {
  const tv_func *x = (const tv_func *)a, *y = (const tv_func *)b;
  if (x->op != y->op) return x->op < y->op ? -1 : 1;
  if (x->prim != y->prim) return tv_hash(tv_from_obj(a)) < tv_hash(tv_from_obj(b)) ? -1 : 1;
  if (x->ncap != y->ncap) return x->ncap < y->ncap ? -1 : 1;
  for (int i = 0; i < x->ncap; i++) {
    int c = tv_cmp(x->cap[i], y->cap[i]);
    if (c) return c;
  }
  return 0;
}

/* ---- scratch buffers ----------------------------------------------------- */

void tv_buf_init(tv_buf *b, tv_ctx *ctx, size_t cap) {
  if (cap < 8) cap = 8;
  b->items = ta_alloc_array(ctx->arena, cap, sizeof(tv_val));
  b->n = 0;
  b->cap = b->items ? cap : 0;
}

bool tv_buf_push(tv_buf *b, tv_ctx *ctx, tv_val v) {
  tv_val *items = ta_grow(ctx->arena, b->items, b->n, &b->cap, sizeof *items, 8);
  if (!items) return false;
  b->items = items;
  b->items[b->n++] = v;
  return true;
}

/* ---- printing ------------------------------------------------------------ */

typedef struct strbuf {
  char *s;
  size_t n, cap;
  bool failed; /* a realloc failed: the text is incomplete */
} strbuf;

static void sb_put(strbuf *b, const char *s, size_t n) {
  if (b->failed) return;
  if (b->n + n + 1 > b->cap) {
    size_t cap = (b->cap ? b->cap : 64);
    while (cap < b->n + n + 1) cap *= 2;
    char *p = tc_realloc(b->s, cap);
    if (!p) {
      b->failed = true;
      return;
    }
    b->s = p;
    b->cap = cap;
  }
  memcpy(b->s + b->n, s, n);
  b->n += n;
  b->s[b->n] = 0;
}
static void sb_str(strbuf *b, const char *s) { sb_put(b, s, strlen(s)); }
static void sb_int(strbuf *b, int64_t v) {
  char t[32];
  int n = snprintf(t, sizeof t, "%lld", (long long)v);
  sb_put(b, t, (size_t)n);
}

static void repr_into(strbuf *b, tv_val v);

static void repr_seq(strbuf *b, const tv_val *items, size_t n, bool is_set) {
  if (is_set && n == 0) {
    sb_str(b, "frozenset()");
    return;
  }
  sb_str(b, is_set ? "frozenset({" : "(");
  for (size_t i = 0; i < n; i++) {
    if (i) sb_str(b, ", ");
    repr_into(b, items[i]);
  }
  if (!is_set && n == 1) sb_str(b, ",");
  sb_str(b, is_set ? "})" : ")");
}

static void repr_grid(strbuf *b, tv_val g) {
  int h = tv_grid_h(g), w = tv_grid_w(g);
  sb_str(b, "(");
  for (int i = 0; i < h; i++) {
    if (i) sb_str(b, ", ");
    sb_str(b, "(");
    for (int j = 0; j < w; j++) {
      if (j) sb_str(b, ", ");
      sb_int(b, tv_grid_at(g, i, j));
    }
    sb_str(b, w == 1 ? ",)" : ")");
  }
  sb_str(b, h == 1 ? ",)" : ")");
}

static void repr_into(strbuf *b, tv_val v) {
  switch (tv_kind_of(v)) {
    case TV_INT: sb_int(b, tv_num(v)); break;
    case TV_BOOL: sb_str(b, tv_num(v) ? "True" : "False"); break;
    case TV_PAIR:
      sb_str(b, "(");
      sb_int(b, tv_pair_a(v));
      sb_str(b, ", ");
      sb_int(b, tv_pair_b(v));
      sb_str(b, ")");
      break;
    case TV_CELL:
      sb_str(b, "(");
      sb_int(b, tv_cell_color(v));
      sb_str(b, ", (");
      sb_int(b, tv_cell_i(v));
      sb_str(b, ", ");
      sb_int(b, tv_cell_j(v));
      sb_str(b, "))");
      break;
    case TV_GRID: repr_grid(b, v); break;
    case TV_TUPLE: repr_seq(b, tv_items(v), tv_len(v), false); break;
    case TV_SET: repr_seq(b, tv_items(v), tv_len(v), true); break;
    case TV_FUNC: sb_str(b, "<function>"); break;
    case TV_ERROR:
      sb_str(b, "<error: ");
      sb_str(b, tv_error_message(v));
      sb_str(b, ">");
      break;
    default: sb_str(b, "<none>"); break;
  }
}

char *tv_repr(tv_ctx *ctx, tv_val v) {
  strbuf b = {0};
  repr_into(&b, v);
  char *out = b.failed ? NULL : ta_strdup(ctx->arena, b.s ? b.s : "");
  free(b.s);
  return out;
}

const char *tv_kind_name(tv_val v) {
  switch (tv_kind_of(v)) {
    case TV_INT: return "integer";
    case TV_BOOL: return "boolean";
    case TV_PAIR: return "pair";
    case TV_CELL: return "cell";
    case TV_GRID: return "grid";
    case TV_TUPLE: return "tuple";
    case TV_SET: return "frozenset";
    case TV_FUNC: return "function";
    case TV_ERROR: return "error";
    default: return "nothing";
  }
}
