/*
 * func.c - function values: closures of the higher-order primitives and the
 * single entry point for calling any callable (tv_call).
 *
 * Closures mirror the Python lambdas of arc-dsl one for one, including how
 * they derive their arity: rbind/lbind look at the bound function's arity
 * (Python's co_argcount) and every other combinator takes one argument.
 * Calling checks the argument count like Python would (TypeError -> error
 * value) and never passes an error value on to a primitive.
 */
#include <string.h>
#include <time.h>

#include "tessera/prims.h"

/* Deep recursion (power of power, nested closures) ends as an error. */
#define MAX_CALL_DEPTH 256

int tv_func_arity(tv_val f) {
  return tv_is_func(f) ? ((const tv_func *)tv_obj_of(f))->arity : -1;
}

/* Python: n == 2 -> 1 argument, n == 3 -> 2, anything else -> 3. */
static int bound_arity(int n) { return n == 2 ? 1 : n == 3 ? 2 : 3; }

tv_val tv_func_new(tv_ctx *ctx, tv_func_op op, size_t ncap, const tv_val *cap) {
  for (size_t i = 0; i < ncap; i++)
    if (tv_is_error(cap[i])) return cap[i];
  if (op == TF_POWER) {
    if (!tv_is_number(cap[1])) return tv_error(ctx, "power: exponent is not an integer");
    if (tv_num(cap[1]) < 1) return tv_error(ctx, "power: exponent %lld never terminates",
                                             (long long)tv_num(cap[1]));
    if (tv_num(cap[1]) == 1) return cap[0];
  }
  if (ncap > 3 || ncap == 0) return tv_error(ctx, "internal: closure with %zu captures", ncap);
  tv_func *f = ta_alloc_zero(ctx->arena, sizeof *f);
  if (!f) return tv_oom_error(ctx);
  f->hdr.kind = TV_FUNC;
  f->op = (uint8_t)op;
  f->ncap = (uint8_t)ncap;
  memcpy(f->cap, cap, ncap * sizeof *cap);
  if (op == TF_RBIND || op == TF_LBIND) {
    int n = tv_func_arity(cap[0]);
    if (n < 0) return tv_error(ctx, "%s: %s is not callable", op == TF_RBIND ? "rbind" : "lbind",
                               tv_kind_name(cap[0]));
    f->arity = (uint8_t)bound_arity(n);
  } else {
    f->arity = 1;
  }
  return tv_from_obj(f); /* hashed on demand by tv_hash */
}

static __attribute__((cold, noinline)) tv_val call_refused(tv_ctx *ctx, tv_val fv, size_t argc);
static __attribute__((noinline)) tv_val call_nested(tv_ctx *ctx, const tv_func *f, size_t argc,
                                                    const tv_val *argv);

/* The body of tv_call, inlined into the closure dispatch below so that a
 * closure calling a primitive (the usual case: compose(f, g) of two
 * primitives) jumps straight to it instead of through tv_call. */
static inline __attribute__((always_inline)) tv_val call_any(tv_ctx *ctx, tv_val fv, size_t argc,
                                                             const tv_val *argv) {
  for (size_t i = 0; i < argc; i++)
    if (tv_is_error(argv[i])) return argv[i];
  if (!tv_is_func(fv) || argc != ((const tv_func *)tv_obj_of(fv))->arity)
    return call_refused(ctx, fv, argc);
  const tv_func *f = (const tv_func *)tv_obj_of(fv);
  if (!tv_charge(ctx, 1)) return tv_budget_error(ctx);
  /* The hot case: a bare primitive, arguments already checked above. */
  if (f->op == TF_PRIM && !tv_prim_stats_enabled()) return f->prim->fn(ctx, argv);
  return call_nested(ctx, f, argc, argv);
}

static inline tv_val call_any1(tv_ctx *ctx, tv_val fv, tv_val a) { return call_any(ctx, fv, 1, &a); }

static tv_val call_bound(tv_ctx *ctx, const tv_func *f, size_t argc, const tv_val *argv) {
  tv_val args[4];
  if (argc > 3) return tv_error(ctx, "too many arguments");
  if (f->op == TF_RBIND) {
    memcpy(args, argv, argc * sizeof *argv);
    args[argc] = f->cap[1];
  } else {
    args[0] = f->cap[1];
    memcpy(args + 1, argv, argc * sizeof *argv);
  }
  return call_any(ctx, f->cap[0], argc + 1, args);
}

static bool past(double deadline) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9 > deadline;
}

/* The one loop whose length a program chooses freely (up to 2^58 steps),
 * so it alone also watches the wall clock, every POWER_CLOCK_STEPS steps:
 * with no work budget, only the deadline can stop power(identity, huge). */
#define POWER_CLOCK_STEPS 4096
static tv_val call_power(tv_ctx *ctx, const tv_func *f, tv_val x) {
  int64_t n = tv_num(f->cap[1]);
  for (int64_t i = 0; i < n && !tv_is_error(x); i++) {
    if (!tv_charge(ctx, 1)) return tv_budget_error(ctx);
    if (ctx->deadline && i % POWER_CLOCK_STEPS == POWER_CLOCK_STEPS - 1 && past(ctx->deadline))
      return tv_deadline_error(ctx);
    x = tv_call1(ctx, f->cap[0], x);
  }
  return x;
}

static tv_val call_closure(tv_ctx *ctx, const tv_func *f, size_t argc, const tv_val *argv) {
  tv_val x = argv[0], a, b;
  switch ((tv_func_op)f->op) {
    case TF_PRIM: return tv_prim_call(ctx, f->prim, argv);
    case TF_RBIND:
    case TF_LBIND: return call_bound(ctx, f, argc, argv);
    case TF_COMPOSE: return call_any1(ctx, f->cap[0], call_any1(ctx, f->cap[1], x));
    case TF_CHAIN:
      return call_any1(ctx, f->cap[0], call_any1(ctx, f->cap[1], call_any1(ctx, f->cap[2], x)));
    case TF_MATCHER:
      a = call_any1(ctx, f->cap[0], x);
      return tv_is_error(a) ? a : tv_bool(tv_eq(a, f->cap[1]));
    case TF_FORK:
      a = call_any1(ctx, f->cap[1], x);
      if (tv_is_error(a)) return a;
      b = call_any1(ctx, f->cap[2], x);
      return call_any(ctx, f->cap[0], 2, (tv_val[2]){a, b});
    case TF_POWER: return call_power(ctx, f, x);
  }
  return tv_error(ctx, "internal: unknown closure");
}

/* Why fv cannot be called with argc arguments (kept out of tv_call so the
 * hot path stays small enough to tail-call the primitive). */
static __attribute__((cold, noinline)) tv_val call_refused(tv_ctx *ctx, tv_val fv, size_t argc) {
  if (!tv_is_func(fv)) return tv_error(ctx, "'%s' object is not callable", tv_kind_name(fv));
  const tv_func *f = (const tv_func *)tv_obj_of(fv);
  return tv_error(ctx, "%s takes %d argument%s but %zu were given",
                  f->op == TF_PRIM ? f->prim->name : "function", f->arity,
                  f->arity == 1 ? "" : "s", argc);
}

static __attribute__((noinline)) tv_val call_nested(tv_ctx *ctx, const tv_func *f, size_t argc,
                                                    const tv_val *argv) {
  if (ctx->depth >= MAX_CALL_DEPTH) return tv_error(ctx, "maximum call depth exceeded");
  ctx->depth++;
  tv_val r = call_closure(ctx, f, argc, argv);
  ctx->depth--;
  return r;
}

tv_val tv_call(tv_ctx *ctx, tv_val fv, size_t argc, const tv_val *argv) {
  return call_any(ctx, fv, argc, argv);
}
