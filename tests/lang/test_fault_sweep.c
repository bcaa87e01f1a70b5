/*
 * test_fault_sweep.c - the whole life of a solver library (create, load,
 * fold constants, run each program, evaluate all at once, canonical text,
 * free) with allocation k failing, for each k it makes (sampled), in the
 * persistent and the one-shot mode of fault.h.
 *
 * Each step must fail cleanly: a library that cannot be created is NULL, a
 * file that cannot be loaded gets "out of memory" at a file:line:col, a
 * program's result is what it is without faults or an out-of-memory error
 * naming the program, canonical text is the same or NULL. Under ASan the
 * sweep also proves that nothing leaks on any of these paths.
 */
#include <stdlib.h>

#include "lang_test.h"
#include "tessera/fault.h"

#define SWEEP_POINTS 400
#define MAX_PROGRAMS 8

static const char *const SOURCE =
    "def solve_mirror(I):\n"
    "    O = vmirror(I)\n"
    "    return O\n"
    "\n"
    "def solve_forms(I):\n"
    "    x1 = add(2, -1)\n"
    "    x2 = astuple(x1, TWO)\n"
    "    x4 = branch(True, x2, (1, 2))\n"
    "    x5 = rbind(hconcat, I)\n"
    "    x6 = x5(vmirror(I))\n"
    "    x8 = branch(portrait(x6), tophalf, lefthalf)\n"
    "    O = hconcat(x8(x6), repeat(x4, 3))\n"
    "    return O\n"
    "\n"
    "def solve_objects(I):\n"
    "    x1 = objects(I, T, F, T)\n"
    "    x2 = apply(rbind(upscale, TWO), x1)\n"
    "    x3 = merge(x2)\n"
    "    x4 = canvas(ZERO, (6, 6))\n"
    "    O = paint(x4, x3)\n"
    "    return O\n";

/* What one life of the library produced; values are kept as hashes so that
 * they outlive the arenas. */
typedef struct outcome {
  bool created, loaded;
  char diag[512];
  size_t n;
  uint64_t run[MAX_PROGRAMS], roots[MAX_PROGRAMS];
  bool run_oom[MAX_PROGRAMS], roots_oom[MAX_PROGRAMS];
  char *canonical[MAX_PROGRAMS];
  bool run_unclear, roots_unclear; /* an error that does not say out of memory */
} outcome;

static tv_val input;

static bool says_oom(tv_val v) {
  return tv_is_error(v) && (strstr(tv_error_message(v), "out of memory") ||
                            strstr(tv_error_message(v), "memory limit"));
}

static uint64_t digest(tv_val v) { return tv_is_error(v) ? 1 : tv_hash(v) | 2; }

static void run_programs(tl_library *lib, outcome *o) {
  ta_arena arena;
  ta_arena_init(&arena, 1 << 12);
  size_t programs[MAX_PROGRAMS];
  tv_val roots[MAX_PROGRAMS];
  for (size_t i = 0; i < o->n; i++) {
    programs[i] = i;
    ta_arena_reset(&arena);
    tv_ctx ctx;
    tv_ctx_init(&ctx, &arena, 1000000);
    tv_val v = tl_run(lib, i, &ctx, input);
    o->run[i] = digest(v);
    o->run_oom[i] = says_oom(v);
    if (tv_is_error(v) && !o->run_oom[i]) o->run_unclear = true;
  }
  ta_arena_reset(&arena);
  tv_ctx ctx;
  tv_ctx_init(&ctx, &arena, 1000000);
  tl_eval_roots(lib, &ctx, input, programs, o->n, roots, NULL);
  for (size_t i = 0; i < o->n; i++) {
    o->roots[i] = digest(roots[i]);
    o->roots_oom[i] = says_oom(roots[i]);
    if (tv_is_error(roots[i]) && !o->roots_oom[i]) o->roots_unclear = true;
  }
  ta_arena_free(&arena);
}

static void life(outcome *o) {
  memset(o, 0, sizeof *o);
  tl_library *lib = tl_library_new();
  o->created = lib != NULL;
  if (!lib) return;
  tl_diag diag;
  o->loaded = tl_library_add_source(lib, "sweep.py", SOURCE, strlen(SOURCE), &diag) >= 0;
  if (!o->loaded) snprintf(o->diag, sizeof o->diag, "%s", diag.message);
  if (o->loaded) {
    tl_library_fold_constants(lib, 100000);
    o->n = tl_library_count(lib);
    if (o->n > MAX_PROGRAMS) o->n = MAX_PROGRAMS;
    run_programs(lib, o);
    for (size_t i = 0; i < o->n; i++) o->canonical[i] = tl_program_canonical(lib, i);
  }
  tl_library_free(lib);
}

static void forget(outcome *o) {
  for (size_t i = 0; i < o->n; i++) free(o->canonical[i]);
}

/* Why the faulted life `got` is not a clean failure of `want`, or NULL. */
static const char *unclean(const outcome *want, const outcome *got) {
  if (!got->created) return NULL;
  if (!got->loaded) {
    int line, col;
    if (sscanf(got->diag, "sweep.py:%d:%d: ", &line, &col) != 2) return "diagnostic without place";
    return strstr(got->diag, "out of memory") ? NULL : "load failed for another reason";
  }
  if (got->n != want->n) return "another number of programs";
  if (got->run_unclear || got->roots_unclear) return "an error that is not out of memory";
  for (size_t i = 0; i < got->n; i++) {
    if (!got->run_oom[i] && got->run[i] != want->run[i]) return "tl_run gave another value";
    if (!got->roots_oom[i] && got->roots[i] != want->roots[i]) return "tl_eval_roots gave another value";
    if (got->canonical[i] && strcmp(got->canonical[i], want->canonical[i]) != 0)
      return "other canonical text";
  }
  return NULL;
}

TEST(fault_sweep_library_life_fails_cleanly) {
  ta_arena arena;
  ta_arena_init(&arena, 1 << 12);
  tv_ctx ctx;
  tv_ctx_init(&ctx, &arena, 0);
  input = tv_grid_new(&ctx, 3, 3);
  const uint8_t cells[9] = {0, 1, 0, 2, 2, 0, 0, 0, 3};
  memcpy(tv_grid_cells(input), cells, sizeof cells);
  tv_grid_seal(input);

  outcome want, got;
  tc_fault_arm(0, false);
  life(&want);
  uint64_t n = tc_fault_disarm();
  CHECK(want.loaded);
  CHECK_INT(want.n, 3);
  CHECK(!want.run_unclear && !want.roots_unclear);
  CHECK(n > 100);
  int runs = 0, bad = 0;
  for (uint64_t k = 1; k <= n; k++) {
    if (n > SWEEP_POINTS && k > SWEEP_POINTS / 2 && k != n && k % (n / (SWEEP_POINTS / 2) + 1))
      continue;
    for (int persistent = 0; persistent < 2; persistent++) {
      tc_fault_arm(k, persistent);
      life(&got);
      tc_fault_disarm();
      runs++;
      const char *why = unclean(&want, &got);
      if (why && bad++ < 8)
        printf("  allocation %llu failing (%s): %s\n", (unsigned long long)k,
               persistent ? "persistent" : "one-shot", why);
      forget(&got);
    }
  }
  forget(&want);
  ta_arena_free(&arena);
  printf("lang fault sweep: %llu allocations, %d runs, %d not clean\n", (unsigned long long)n,
         runs, bad);
  CHECK(runs > 100);
  CHECK_INT(bad, 0);
}
