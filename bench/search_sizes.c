/*
 * search_sizes.c - how often the search's output-size prediction
 * (ts_predict_sizes) is right on the test outputs of a task folder.
 *
 * For every task: the demo pairs and test inputs become ts_examples, the
 * analysis and the size prediction run on them (the test outputs are never
 * shown to the prediction), and the top guess is compared with the shape of
 * every test output. Also counted: right within the guesses kept (top-k), and
 * whether the top guess's arc-dsl expression, compiled with the lang layer
 * and run on every example, gives the sizes the guess predicts (it must).
 * Also: in how many tasks colour normalisation (ts_normalise) renames
 * anything, in how many tasks whose demo outputs use different colours it
 * makes them use the same ones (a sign that roles were unified), and that
 * ts_denormalise restores every example exactly.
 *
 * Usage: build/bench_search_sizes [--tasks DIR] [--list]
 *   --list  prints one line per test output the top guess gets wrong
 *           (task id, expected, predicted, rule), for reading, not tuning.
 * Prints "sizes right: X / N" (top 1), then top-k, expression checks, work.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "search/search_internal.h"
#include "tessera/arc_task.h"
#include "tessera/lang.h"

/* Whether every demo output uses the same set of colours. */
static bool same_output_palettes(const ts_examples *ex) {
  int first = -1;
  for (size_t k = 0; k < ex->n_demo; k++) {
    int p = 0;
    tv_val g = ex->out[k];
    for (int i = 0; i < tv_grid_h(g); i++)
      for (int j = 0; j < tv_grid_w(g); j++) p |= 1 << (tv_grid_at(g, i, j) & 15);
    if (first >= 0 && p != first) return false;
    first = p;
  }
  return true;
}

static bool expr_ok(tv_ctx *ctx, const ts_examples *ex, const ts_size_guess *g) {
  char expr[TS_SIZE_EXPR_CAP], src[TS_SIZE_EXPR_CAP + 128];
  if (ts_size_expr(g, expr, sizeof expr) == 0) return false;
  snprintf(src, sizeof src, "from tessera_ext import *\ndef size(I):\n    return %s\n", expr);
  tl_library *lib = tl_library_new();
  tl_diag diag;
  bool ok = lib && tl_library_add_source(lib, "size", src, strlen(src), &diag) == 1;
  for (size_t k = 0; ok && k < ex->n; k++) {
    tv_val v = tl_run(lib, 0, ctx, ex->in[k]);
    ok = tv_is_pair(v) && tv_pair_a(v) == g->h[k] && tv_pair_b(v) == g->w[k];
  }
  tl_library_free(lib);
  return ok;
}

int main(int argc, char **argv) {
  const char *dir = "data/arc-agi-1/training";
  bool list = false;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--tasks") && i + 1 < argc)
      dir = argv[++i];
    else if (!strcmp(argv[i], "--list"))
      list = true;
    else {
      fprintf(stderr, "usage: %s [--tasks DIR] [--list]\n", argv[0]);
      return 2;
    }
  }
  arc_error err;
  arc_taskset *set = arc_taskset_load(dir, NULL, &err);
  if (!set) {
    fprintf(stderr, "bench_search_sizes: %s\n", err.message);
    return 2;
  }
  size_t total = 0, right1 = 0, rightk = 0, no_guess = 0, expr_bad = 0, skipped = 0;
  uint64_t work = 0;
  size_t normalised[3] = {0, 0, 0}, unified[3] = {0, 0, 0}, round_trip_bad = 0, peak_bytes = 0;
  size_t palettes_differ = 0;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  ta_arena arena;
  ta_arena_init(&arena, 1 << 20);
  for (size_t t = 0; t < set->count; t++) {
    const arc_task *task = &set->tasks[t];
    if (task->n_train + task->n_test > TS_MAX_EXAMPLES || task->n_train == 0) {
      skipped++;
      continue;
    }
    ta_arena_reset(&arena);
    tv_ctx ctx;
    tv_ctx_init(&ctx, &arena, TS_DEFAULT_BUDGET);
    ts_examples ex;
    memset(&ex, 0, sizeof ex);
    ex.n_demo = task->n_train;
    ex.n = task->n_train + task->n_test;
    for (size_t k = 0; k < task->n_train; k++) {
      ex.in[k] = task->train[k].input;
      ex.out[k] = task->train[k].output;
    }
    for (size_t k = 0; k < task->n_test; k++) ex.in[task->n_train + k] = task->test[k].input;
    ts_analysis an;
    ts_analyse(&ex, &an);
    /* Colour normalisation on real tasks: how often it renames anything,
     * and that it is undone exactly. */
    palettes_differ += !same_output_palettes(&ex);
    for (int order = 0; order < 3; order++) {
      ts_normalisation norm;
      ts_examples nx;
      if (!ts_normalise(&ctx, &ex, &an, order, &norm, &nx)) continue;
      normalised[order]++;
      if (!same_output_palettes(&ex) && same_output_palettes(&nx)) unified[order]++;
      for (size_t k = 0; k < ex.n; k++) {
        bool back = tv_eq(ts_denormalise(&ctx, &norm, k, nx.in[k]), ex.in[k]);
        if (k < ex.n_demo) back = back && tv_eq(ts_denormalise(&ctx, &norm, k, nx.out[k]), ex.out[k]);
        if (!back) round_trip_bad++;
      }
    }
    ts_sizes sz;
    uint64_t before = ctx.work;
    size_t bytes_before = arena.total;
    ts_predict_sizes(&ctx, &ex, &an, &sz);
    work += ctx.work - before;
    if (arena.total - bytes_before > peak_bytes) peak_bytes = arena.total - bytes_before;
    if (sz.n == 0) no_guess++;
    else {
      tv_ctx vctx;
      tv_ctx_init(&vctx, &arena, 0);
      if (!expr_ok(&vctx, &ex, &sz.guess[0])) {
        expr_bad++;
        if (list) printf("%s: expression %s does not give the sizes\n", task->id, sz.guess[0].expr);
      }
    }
    for (size_t k = 0; k < task->n_test; k++) {
      tv_val o = task->test[k].output;
      if (!o) continue;
      total++;
      size_t e = task->n_train + k;
      int h = tv_grid_h(o), w = tv_grid_w(o);
      bool hit1 = sz.n > 0 && sz.guess[0].h[e] == h && sz.guess[0].w[e] == w;
      bool hitk = false;
      for (size_t q = 0; q < sz.n; q++) hitk = hitk || (sz.guess[q].h[e] == h && sz.guess[q].w[e] == w);
      right1 += hit1;
      rightk += hitk;
      if (list && !hit1)
        printf("%s test %zu: expected %dx%d, predicted %dx%d by %s (%zu/%zu demos)%s\n", task->id,
               k, h, w, sz.n ? sz.guess[0].h[e] : 0, sz.n ? sz.guess[0].w[e] : 0,
               sz.n ? sz.guess[0].expr : "-", sz.n ? sz.guess[0].demos_right : 0, task->n_train,
               hitk ? " (in top-k)" : "");
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  printf("sizes right: %zu / %zu\n", right1, total);
  printf("sizes right in top %d: %zu / %zu\n", TS_MAX_SIZE_GUESSES, rightk, total);
  printf("tasks without a guess: %zu, skipped: %zu, top expressions not giving the sizes: %zu\n",
         no_guess, skipped, expr_bad);
  printf("colour normalisation renames colours in %zu / %zu / %zu tasks (order 0 / 1 / 2); "
         "examples not restored by denormalise: %zu\n",
         normalised[0], normalised[1], normalised[2], round_trip_bad);
  printf("demo outputs with different palettes: %zu tasks; the same after normalisation: "
         "%zu / %zu / %zu\n", palettes_differ, unified[0], unified[1], unified[2]);
  printf("size prediction work: %llu units (%llu per task); %.2f s wall for %zu tasks, all parts\n",
         (unsigned long long)work, (unsigned long long)(set->count ? work / set->count : 0),
         (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9, set->count);
  printf("size prediction arena use: at most %.1f MB for one task\n", (double)peak_bytes / 1e6);
  ta_arena_free(&arena);
  arc_taskset_free(set);
  return 0;
}
