/*
 * test_fault_sweep.c - every conformance case run again with allocation k
 * failing, for each k the case allocates (sampled when it allocates many
 * times), the way SQLite runs its tests under simulated out-of-memory.
 *
 * Each call must then end cleanly: either with the result it gives without
 * faults (the failed allocation had a fallback) or with the out-of-memory
 * error, never with a crash, a different value or another error - and,
 * under ASan, without a leak or a bad access. Both failure modes of fault.h
 * are swept: persistent (memory is gone from allocation k on) and one-shot
 * (only allocation k fails, the next ones succeed, so code that ignores a
 * NULL and carries on is caught too). A memory guard (arena limit) set just
 * below what a call needs must stop it the same way. And no call allocates
 * more than BYTES_PER_UNIT bytes per work unit it is charged, so the work
 * budget bounds memory too.
 *
 * Arguments are decoded before the hook is armed, so only the primitive's
 * own allocations are swept.
 */
#include <stdio.h>
#include <string.h>

#include "conformance.h"
#include "harness.h"
#include "tessera/fault.h"
#include "tessera/prims.h"

#define CASE_BUDGET 50000000u
/* Calls allocating more often than this are swept at this many points:
 * the first ones, then evenly spread, and the last. */
#define FULL_SWEEP 256
/* What a call may allocate for the work it is charged (the widest today is
 * product: a heap tuple per element of sets of big values), so a work
 * budget also bounds memory. The slack covers an error message. */
#define BYTES_PER_UNIT 64u
#define BYTES_SLACK 4096u

typedef struct sweep {
  ta_arena args, reference, trial;
  int calls, runs, failures_shown, bad;
  int unbounded; /* calls that allocated more than their work allows */
} sweep;

static void ctx_on(tv_ctx *ctx, ta_arena *arena) {
  ta_arena_reset(arena);
  tv_ctx_init(ctx, arena, CASE_BUDGET);
}

static bool is_oom(tv_val v) {
  return tv_is_error(v) && (strcmp(tv_error_message(v), "out of memory") == 0 ||
                            strcmp(tv_error_message(v), "memory limit exceeded") == 0);
}

static void report(sweep *S, const tv_prim *p, const char *how, uint64_t k, tv_val got) {
  S->bad++;
  if (S->failures_shown++ >= 8) return;
  printf("  %s with allocation %llu failing (%s): %s\n", p->name, (unsigned long long)k, how,
         tv_is_error(got) ? tv_error_message(got) : "a different value");
}

/* Runs p once with allocation k failing; the outcome must be `want` or OOM. */
static void trial(sweep *S, const tv_prim *p, const tv_val *argv, tv_val want, uint64_t k,
                  bool persistent) {
  tv_ctx ctx;
  ctx_on(&ctx, &S->trial);
  tc_fault_arm(k, persistent);
  tv_val got = tv_prim_call(&ctx, p, argv);
  tc_fault_disarm();
  S->runs++;
  if (!tv_eq(got, want) && !is_oom(got)) report(S, p, persistent ? "persistent" : "one-shot", k, got);
}

/* The same with the memory guard set just below what the call used. */
static void limited(sweep *S, const tv_prim *p, const tv_val *argv, tv_val want, size_t used) {
  if (used < 32) return;
  tv_ctx ctx;
  ctx_on(&ctx, &S->trial);
  ta_arena_set_limit(&S->trial, used - 16);
  tv_val got = tv_prim_call(&ctx, p, argv);
  ta_arena_set_limit(&S->trial, 0);
  S->runs++;
  if (!tv_eq(got, want) && !is_oom(got)) report(S, p, "memory guard", 0, got);
}

static void sweep_case(sweep *S, const json_t *c) {
  ta_arena_reset(&S->args);
  tv_ctx dctx;
  tv_ctx_init(&dctx, &S->args, CASE_BUDGET);
  const tv_prim *p;
  tv_val argv[4] = {0, 0, 0, 0};
  if (!conformance_decode_call(&dctx, c, &p, argv)) return;
  tv_ctx rctx;
  ctx_on(&rctx, &S->reference);
  tc_fault_arm(0, false);
  tv_val want = tv_prim_call(&rctx, p, argv);
  uint64_t n = tc_fault_disarm();
  if (S->reference.total > BYTES_PER_UNIT * rctx.work + BYTES_SLACK && S->unbounded++ < 8)
    printf("  %s allocated %zu bytes for %llu work units\n", p->name, S->reference.total,
           (unsigned long long)rctx.work);
  S->calls++;
  for (uint64_t k = 1; k <= n; k++) {
    bool sampled = n <= FULL_SWEEP || k <= FULL_SWEEP / 2 || k == n ||
                   k % (n / (FULL_SWEEP / 2) + 1) == 0;
    if (!sampled) continue;
    trial(S, p, argv, want, k, true);
    trial(S, p, argv, want, k, false);
  }
  limited(S, p, argv, want, S->reference.total);
}

TEST(fault_sweep_conformance_cases_fail_cleanly_and_charge_for_memory) {
  json_t *cases = conformance_cases();
  CHECK(cases != NULL);
  if (!cases) return;
  sweep S = {.calls = 0};
  ta_arena_init(&S.args, 1 << 16);
  ta_arena_init(&S.reference, 1 << 16);
  ta_arena_init(&S.trial, 1 << 16);
  size_t i;
  json_t *c;
  json_array_foreach(cases, i, c) sweep_case(&S, c);
  ta_arena_free(&S.args);
  ta_arena_free(&S.reference);
  ta_arena_free(&S.trial);
  printf("fault sweep: %d calls, %d runs with an allocation failing, %d not clean\n", S.calls,
         S.runs, S.bad);
  CHECK(S.calls > 10000);
  CHECK(S.runs > S.calls);
  CHECK_INT(S.bad, 0);
  CHECK_INT(S.unbounded, 0);
}
