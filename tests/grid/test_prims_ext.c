/*
 * test_prims_ext.c - the extension registry (prims_ext.h) and properties
 * every extension primitive must have: unique names apart from arc-dsl,
 * roles for every parameter, no crash and bounded canonical results on
 * arguments of every kind, budget errors instead of work past the budget,
 * memory bounded by the work charged, and the same result twice.
 */
#include <stdio.h>
#include <string.h>

#include "ext_test.h"
#include "tessera/prims.h"

TEST(ext_registry_keeps_arc_dsl_apart) {
  CHECK_INT(tv_prim_count(), 160);
  CHECK(tv_prim_ext_count() > 0);
  CHECK(tv_prim_lookup("keep_color") == NULL);
  CHECK(tv_prim_ext_lookup("rot90") == NULL);
  CHECK(tv_prim_ext_lookup(NULL) == NULL);
  CHECK(!tv_prim_is_ext(tv_prim_lookup("rot90")));
  const tv_prim *keep = tv_prim_ext_lookup("keep_color");
  CHECK(keep && tv_prim_is_ext(keep) && keep->arity == 3);
  CHECK(tv_prim_ext_at(tv_prim_ext_count()) == NULL);
  CHECK(tv_prim_ext_info(tv_prim_lookup("rot90")) == NULL);
}

TEST(ext_entries_are_complete_and_unique) {
  size_t n = tv_prim_ext_count();
  for (size_t i = 0; i < n; i++) {
    const tv_prim *p = tv_prim_ext_at(i);
    const tv_prim_ext *e = tv_prim_ext_info(p);
    CHECK(p && e && p->name && e->family);
    if (!p || !e) continue;
    CHECK(tv_prim_ext_lookup(p->name) == p);
    CHECK(tv_prim_lookup(p->name) == NULL);
    CHECK(tv_prim_index(p) == tv_prim_count() + i);
    tv_val f = tv_func_of_prim(p);
    CHECK(tv_is_func(f) && tv_func_arity(f) == p->arity);
    for (int k = 0; k < 4; k++) {
      /* Normalisation helpers take option integers a search does not enumerate. */
      bool options = strcmp(e->family, "normalise") == 0;
      if (k < p->arity) CHECK((options || e->roles[k] != TV_ROLE_NONE) && p->params[k] != 0);
      else CHECK(e->roles[k] == TV_ROLE_NONE);
    }
    for (size_t j = 0; j < i; j++) CHECK(strcmp(tv_prim_ext_at(j)->name, p->name) != 0);
  }
}

/* Arguments of every kind, including awkward ones, for the sweeps below. */
static size_t awkward_args(tv_ctx *ctx, tv_val *out) {
  size_t n = 0;
  out[n++] = TV_EMPTY_TUPLE;
  out[n++] = gr(ctx, "5");
  out[n++] = gr(ctx, "0120/0340/0000");
  out[n++] = gr(ctx, "1-1/-1-");
  out[n++] = tv_grid_seal(tv_grid_new(ctx, 3, 0)); /* rows of nothing */
  out[n++] = tv_int(0);
  out[n++] = tv_int(1);
  out[n++] = tv_int(-1);
  out[n++] = tv_int(1000);
  out[n++] = tv_int(TV_INT_MAX - 1);
  out[n++] = TV_TRUE;
  out[n++] = tv_pair(ctx, 2, 3);
  out[n++] = tv_pair(ctx, TV_GRID_MAX_SIDE, TV_GRID_MAX_SIDE);
  out[n++] = tv_pair(ctx, 0, 5);
  out[n++] = tv_pair(ctx, -2, 4);
  out[n++] = tv_pair(ctx, 1 << 20, 1);
  out[n++] = tv_cell(ctx, 3, 1, 1);
  tv_val cells[3] = {tv_cell(ctx, 1, 0, 0), tv_cell(ctx, 2, 0, 1), tv_cell(ctx, 1, 2, 2)};
  tv_val obj = tv_set(ctx, 3, cells);
  out[n++] = obj;
  tv_val objs[2] = {obj, tv_set(ctx, 1, (tv_val[]){tv_cell(ctx, 4, 5, 5)})};
  out[n++] = tv_set(ctx, 2, objs);
  out[n++] = tv_tuple(ctx, 2, objs);
  out[n++] = tv_tuple(ctx, 2, (tv_val[]){gr(ctx, "12"), gr(ctx, "3/4")});
  out[n++] = tv_tuple(ctx, 3, (tv_val[]){tv_int(2), tv_int(0), tv_int(1)});
  out[n++] = tv_set(ctx, 2, (tv_val[]){tv_pair(ctx, 0, 0), tv_pair(ctx, 1, 1)});
  out[n++] = TV_EMPTY_SET;
  out[n++] = tv_func_of_prim(tv_prim_lookup("rot90"));
  return n;
}

static bool bounded_canonical(tv_val v) {
  if (tv_is_error(v)) return true;
  if (tv_is_grid(v)) return tv_grid_h(v) <= TV_GRID_MAX_SIDE && tv_grid_w(v) <= TV_GRID_MAX_SIDE;
  return tv_kind_of(v) != TV_NONE;
}

static size_t cells_of(tv_val v) {
  return tv_is_grid(v) ? (size_t)tv_grid_h(v) * (size_t)tv_grid_w(v) : 0;
}

/* One call: the result is bounded and canonical, a grid result was paid for
 * cell by cell, and a call that went past the budget returned an error. */
static tv_val checked_call(tv_ctx *ctx, const tv_prim *p, const tv_val *a, uint64_t budget) {
  ctx->work = 0;
  ctx->budget = budget;
  size_t before = ctx->arena->total;
  tv_val r = tv_prim_call(ctx, p, a);
  /* Memory is bounded by the work charged (the rule of test_fault_sweep.c). */
  size_t allocated = ctx->arena->total - before;
  test_checks++;
  if (allocated > 64 * ctx->work + 4096)
    test_fail(__FILE__, __LINE__, "%s: %zu bytes for %llu work units", p->name, allocated,
              (unsigned long long)ctx->work);
  bool shared = false; /* an argument returned as it is costs no new cells */
  for (int k = 0; k < p->arity; k++) shared = shared || r == a[k];
  bool ok = bounded_canonical(r) && (tv_is_error(r) || shared || ctx->work >= cells_of(r)) &&
            (tv_is_error(r) || !budget || ctx->work <= budget);
  test_checks++;
  if (!ok)
    test_fail(__FILE__, __LINE__, "%s: result %s after %llu work units (budget %llu)", p->name,
              grid_text(r), (unsigned long long)ctx->work, (unsigned long long)budget);
  return r;
}

/* Calls p on every combination of awkward arguments (up to a cap); with
 * `twice`, checks that a second call gives an equal result. */
static void sweep(const tv_prim *p, uint64_t budget, bool twice) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  tv_val args[32];
  size_t n = awkward_args(ctx, args);
  size_t combos = 1;
  for (int k = 0; k < p->arity; k++) combos *= n;
  size_t step = combos > 20000 ? combos / 20000 + 1 : 1; /* arity 4: a sample */
  for (size_t c = 0; c < combos; c += step) {
    tv_val a[4];
    size_t rest = c;
    for (int k = 0; k < p->arity; k++) {
      a[k] = args[rest % n];
      rest /= n;
    }
    tv_val r = checked_call(ctx, p, a, budget);
    if (twice) {
      tv_val again = checked_call(ctx, p, a, budget);
      test_checks++;
      if (tv_is_error(r) != tv_is_error(again) || (!tv_is_error(r) && !tv_eq(r, again)))
        test_fail(__FILE__, __LINE__, "%s: combination %zu gives two results", p->name, c);
    }
  }
  fx_close(&f);
}

/* The largest grid as the first argument, with ordinary other arguments and
 * with the largest size: results stay within the limit. */
static void sweep_largest(const tv_prim *p, uint64_t budget) {
  ext_fixture f;
  tv_ctx *ctx = fx_open(&f);
  tv_val big = tv_grid_new(ctx, TV_GRID_MAX_SIDE, TV_GRID_MAX_SIDE);
  tv_grid_cells(big)[5] = 3;
  tv_grid_cells(big)[TV_GRID_MAX_SIDE * 7 + 9] = 2;
  tv_grid_seal(big);
  tv_val others[3] = {tv_int(0), tv_pair(ctx, TV_GRID_MAX_SIDE, TV_GRID_MAX_SIDE),
                      tv_tuple(ctx, 2, (tv_val[]){gr(ctx, "12"), gr(ctx, "34")})};
  for (int o = 0; o < 3; o++) {
    tv_val a[4] = {big, others[o], others[o], others[o]};
    checked_call(ctx, p, a, budget);
    for (int k = 1; k < p->arity; k++) {
      tv_val b[4] = {others[o], others[o], others[o], others[o]};
      b[k] = big;
      checked_call(ctx, p, b, budget);
    }
  }
  fx_close(&f);
}

TEST(ext_every_primitive_survives_awkward_arguments) {
  for (size_t i = 0; i < tv_prim_ext_count(); i++) sweep(tv_prim_ext_at(i), 0, true);
}

TEST(ext_every_primitive_stops_at_a_small_budget) {
  for (size_t i = 0; i < tv_prim_ext_count(); i++) sweep(tv_prim_ext_at(i), 50, false);
}

TEST(ext_every_primitive_handles_the_largest_grid) {
  for (size_t i = 0; i < tv_prim_ext_count(); i++) {
    sweep_largest(tv_prim_ext_at(i), 0);
    sweep_largest(tv_prim_ext_at(i), 1000);
  }
}

/* The solver fuzz target's seeds call every extension (so the fuzzer starts
 * from each of them): tests/fuzz/corpus/solver/ext-{a,b,c}.py. */
TEST(ext_every_primitive_is_in_the_fuzz_seeds) {
  static char text[1 << 17];
  size_t len = 0;
  const char *seeds[] = {"tests/fuzz/corpus/solver/ext-a.py", "tests/fuzz/corpus/solver/ext-b.py",
                         "tests/fuzz/corpus/solver/ext-c.py"};
  for (int s = 0; s < 3; s++) {
    FILE *f = fopen(test_path(seeds[s]), "rb");
    CHECK(f != NULL);
    if (!f) continue;
    len += fread(text + len, 1, sizeof text - 1 - len, f);
    fclose(f);
  }
  text[len] = '\0';
  for (size_t i = 0; i < tv_prim_ext_count(); i++) {
    char call[128];
    snprintf(call, sizeof call, " = %s(", tv_prim_ext_at(i)->name);
    test_checks++;
    if (!strstr(text, call)) test_fail(__FILE__, __LINE__, "no fuzz seed calls %s", tv_prim_ext_at(i)->name);
  }
}
