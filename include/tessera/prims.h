/*
 * prims.h - the 160 arc-dsl primitives, their constants, and function values.
 *
 * Each primitive is a C function taking its arguments as an array and
 * returning a new value (or a TV_ERROR). Primitives never modify their
 * arguments; results are allocated in ctx->arena. A primitive that receives
 * a TV_ERROR argument need not handle it: callers (tv_call, the interpreter)
 * never pass errors in. Primitives that call a function argument (apply,
 * sfilter, argmax, ...) go through tv_call and must return any error it
 * yields.
 *
 * Primitives live in three tables, one per source file, grouped by subject:
 *   tv_prims_basic      numbers, containers, and higher-order functions
 *   tv_prims_geometry   patches, indices, shapes, colours of pieces
 *   tv_prims_transform  grids: objects, painting, mirroring, resizing
 * Each table ends with an entry whose name is NULL. tv_prim_lookup searches
 * all three. The extension primitives (tessera_ext) live in their own
 * tables and registry, see prims_ext.h. Parameter and result types are
 * masks of TT_* bits; the program loader uses them to reject programs that
 * can never type-check.
 *
 * Function values (TV_FUNC) are primitives or closures built by the
 * higher-order primitives (rbind, lbind, compose, chain, matcher, fork,
 * power). They are immutable and arena-owned like other heap values, except
 * the values for bare primitives, which are static.
 */
#ifndef TESSERA_PRIMS_H
#define TESSERA_PRIMS_H

#include "tessera/value.h"

typedef uint16_t tv_type;
#define TT_INT ((tv_type)(1u << TV_INT))
#define TT_BOOL ((tv_type)(1u << TV_BOOL))
#define TT_PAIR ((tv_type)(1u << TV_PAIR))
#define TT_CELL ((tv_type)(1u << TV_CELL))
#define TT_GRID ((tv_type)(1u << TV_GRID))
#define TT_TUPLE ((tv_type)(1u << TV_TUPLE))
#define TT_SET ((tv_type)(1u << TV_SET))
#define TT_FUNC ((tv_type)(1u << TV_FUNC))
#define TT_NUM (TT_INT | TT_BOOL)
#define TT_TUPLEISH (TT_TUPLE | TT_GRID | TT_PAIR | TT_CELL)
#define TT_CONTAINER (TT_TUPLEISH | TT_SET)
/* Numerical in arc-dsl: an Integer or an IntegerTuple. */
#define TT_NUMERICAL (TT_NUM | TT_PAIR | TT_TUPLE)
/* Piece: a grid or a patch (a patch is a set; an empty tuple is a grid). */
#define TT_PIECE (TT_GRID | TT_SET | TT_TUPLE)
#define TT_ANY ((tv_type)(TT_NUM | TT_CONTAINER | TT_FUNC))

typedef tv_val (*tv_prim_fn)(tv_ctx *ctx, const tv_val *args);

typedef struct tv_prim {
  const char *name;   /* arc-dsl name; NULL ends a table */
  uint8_t arity;      /* 0..4 */
  tv_prim_fn fn;
  tv_type params[4];  /* accepted kinds per parameter */
  tv_type result;     /* kinds it may return (besides errors) */
} tv_prim;

extern const tv_prim tv_prims_basic[];
extern const tv_prim tv_prims_geometry[];
extern const tv_prim tv_prims_transform[];

/* The primitive named `name`, or NULL. */
const tv_prim *tv_prim_lookup(const char *name);
/* Number of primitives and the i-th in a stable order (tables in order). */
size_t tv_prim_count(void);
const tv_prim *tv_prim_at(size_t i);
/* Index of p in that order (for per-primitive statistics). Extension
 * primitives (prims_ext.h) follow at tv_prim_count() + k; a pointer that is
 * no primitive gives tv_prim_count() + tv_prim_ext_count(). */
size_t tv_prim_index(const tv_prim *p);

/* Named constants of constants.py (T, F, ZERO..TEN, NEG_ONE, ORIGIN, ...).
 * Returns false when `name` is not a constant. */
bool tv_constant_lookup(const char *name, tv_val *out);
size_t tv_constant_count(void);
const char *tv_constant_name(size_t i);

/* ---- function values ----------------------------------------------------- */

typedef enum tv_func_op {
  TF_PRIM,    /* prim */
  TF_RBIND,   /* cap[0](args..., cap[1]) */
  TF_LBIND,   /* cap[0](cap[1], args...) */
  TF_COMPOSE, /* cap[0](cap[1](x)): compose(outer, inner), captures in argument order */
  TF_CHAIN,   /* cap[0](cap[1](cap[2](x))): chain(h, g, f) */
  TF_MATCHER, /* cap[0](x) == cap[1] */
  TF_FORK,    /* cap[0](cap[1](x), cap[2](x)) */
  TF_POWER,   /* cap[0] applied cap[1] times (power(f, 1) is f itself) */
} tv_func_op;

typedef struct tv_func {
  tv_obj hdr;
  uint8_t op;      /* tv_func_op */
  uint8_t arity;   /* number of arguments it takes */
  uint8_t ncap;
  const tv_prim *prim; /* TF_PRIM only */
  tv_val cap[3];
} tv_func;

/* The static function value of a primitive (never NULL for a table entry). */
tv_val tv_func_of_prim(const tv_prim *p);
/* A closure. Arity is derived from op and captures as Python derives
 * co_argcount: rbind/lbind take arity(cap[0]) - 1, the others take 1.
 * Returns an error when a capture is not callable where one must be. */
tv_val tv_func_new(tv_ctx *ctx, tv_func_op op, size_t ncap, const tv_val *cap);
int tv_func_arity(tv_val f);
/* Calls f with argc arguments. Errors (not callable, wrong argument count,
 * errors raised inside) are returned as TV_ERROR values. */
tv_val tv_call(tv_ctx *ctx, tv_val f, size_t argc, const tv_val *argv);
static inline tv_val tv_call1(tv_ctx *ctx, tv_val f, tv_val a) { return tv_call(ctx, f, 1, &a); }
static inline tv_val tv_call2(tv_ctx *ctx, tv_val f, tv_val a, tv_val b) {
  tv_val args[2] = {a, b};
  return tv_call(ctx, f, 2, args);
}

/* Per-primitive call statistics, enabled by tv_prim_stats_enable(true);
 * the counters are process-wide and used by the benchmarks only. */
void tv_prim_stats_enable(bool on);
extern bool tv_prim_stats_flag; /* read through tv_prim_stats_enabled */
static inline bool tv_prim_stats_enabled(void) { return tv_prim_stats_flag; }
typedef struct tv_prim_stat {
  uint64_t calls;
  uint64_t nanos;
} tv_prim_stat;
/* One entry per tv_prim_index: arc-dsl primitives, then the extensions. */
tv_prim_stat *tv_prim_stats(void);

/* Calls primitive p directly (with statistics when enabled). Arguments are
 * checked against the arity; error arguments are returned as they are. */
tv_val tv_prim_call(tv_ctx *ctx, const tv_prim *p, const tv_val *args);

#endif
