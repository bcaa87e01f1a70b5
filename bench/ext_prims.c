/*
 * ext_prims.c - throughput of every extension primitive (tessera_ext) on
 * the inputs of a task folder, in evaluations per second of one core, with
 * the arc-dsl primitives rot90 and objects as reference points measured in
 * the same run.
 *
 * Method. The inputs of every train and test pair are the grids. Arguments
 * are bound by role as a search binds them: the grid, background 0, the
 * grid's most common non-zero colour, the size of the pair's expected
 * output (the input's own size for test pairs), and the grid's
 * split_objects parts. One sweep calls the primitive once on every input;
 * each primitive gets enough sweeps to run about 50 ms, repeated --repeat
 * times; the table shows the median nanoseconds per call and calls per
 * second. The arena is reset between sweeps (included in the time, as a
 * search resets it too). Times are the thread's CPU time, so a busy machine
 * disturbs them less than wall time would; single-threaded.
 *
 * Usage: build/bench_ext_prims [--tasks DIR] [--repeat N] [--only NAME]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tessera/arc_task.h"
#include "tessera/prims.h"
#include "tessera/prims_ext.h"

typedef struct input {
  tv_val grid, colour, dims, parts;
} input;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static tv_val most_common_colour(tv_val g) {
  int counts[256] = {0}, best = 0;
  for (int i = 0; i < tv_grid_h(g); i++)
    for (int j = 0; j < tv_grid_w(g); j++) counts[tv_grid_cells(g)[i * tv_grid_w(g) + j]]++;
  for (int c = 1; c < 256; c++)
    if (counts[c] > counts[best] || best == 0) best = counts[c] ? c : best;
  return tv_int(best);
}

/* Binds the arguments of p for one input, by role. */
static void bind(const tv_prim *p, const input *in, tv_val *args) {
  const tv_prim_ext *e = tv_prim_ext_info(p);
  for (int k = 0; k < p->arity; k++) {
    int role = e ? e->roles[k] : TV_ROLE_GRID;
    args[k] = role == TV_ROLE_BG     ? tv_int(0)
              : role == TV_ROLE_COLOR ? in->colour
              : role == TV_ROLE_DIMS  ? in->dims
              : role == TV_ROLE_PARTS ? in->parts
                                      : in->grid;
  }
  if (!e && p->arity == 4) { /* objects(grid, T, F, T) */
    args[1] = TV_TRUE;
    args[2] = TV_FALSE;
    args[3] = TV_TRUE;
  }
}

/* Runs `sweeps` sweeps of p over the inputs; returns the CPU seconds and
 * counts the errors of the first sweep in *errors (when not NULL). */
static double run_sweeps(const tv_prim *p, const input *inputs, size_t n, size_t sweeps,
                         ta_arena *arena, size_t *errors) {
  double t0 = now();
  for (size_t s = 0; s < sweeps; s++) {
    tv_ctx ctx;
    tv_ctx_init(&ctx, arena, 0);
    for (size_t k = 0; k < n; k++) {
      tv_val args[4];
      bind(p, &inputs[k], args);
      tv_val v = tv_prim_call(&ctx, p, args);
      if (errors && s == 0 && tv_is_error(v)) ++*errors;
    }
    ta_arena_reset(arena);
  }
  return now() - t0;
}

/* Median nanoseconds per call of p over the inputs. */
static double measure(const tv_prim *p, const input *inputs, size_t n, int repeat, size_t *errors) {
  ta_arena arena;
  ta_arena_init(&arena, 1 << 20);
  double *runs = calloc((size_t)repeat, sizeof *runs);
  size_t sweeps = 1; /* calibrated to about 50 ms per repetition */
  while (run_sweeps(p, inputs, n, sweeps, &arena, NULL) < 0.05 && sweeps <= 1u << 20) sweeps *= 2;
  *errors = 0;
  for (int r = 0; r < repeat; r++)
    runs[r] = run_sweeps(p, inputs, n, sweeps, &arena, r == 0 ? errors : NULL) * 1e9 / (double)(sweeps * n);
  qsort(runs, (size_t)repeat, sizeof *runs, cmp_double);
  double median = runs[repeat / 2];
  free(runs);
  ta_arena_free(&arena);
  return median;
}

int main(int argc, char **argv) {
  const char *tasks = "data/arc-agi-1/training", *only = NULL;
  int repeat = 5;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--tasks") && i + 1 < argc) tasks = argv[++i];
    else if (!strcmp(argv[i], "--repeat") && i + 1 < argc) repeat = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--only") && i + 1 < argc) only = argv[++i];
    else {
      fprintf(stderr, "usage: %s [--tasks DIR] [--repeat N] [--only NAME]\n", argv[0]);
      return 2;
    }
  }
  if (repeat < 1) repeat = 1;
  arc_error err;
  arc_taskset *set = arc_taskset_load(tasks, NULL, &err);
  if (!set) {
    fprintf(stderr, "%s\n", err.message);
    return 2;
  }
  size_t n = 0, cap = 0;
  for (size_t t = 0; t < set->count; t++) cap += set->tasks[t].n_train + set->tasks[t].n_test;
  input *inputs = calloc(cap, sizeof *inputs);
  for (size_t t = 0; t < set->count; t++) {
    const arc_task *task = &set->tasks[t];
    for (size_t k = 0; k < task->n_train + task->n_test; k++) {
      const arc_pair *pair = k < task->n_train ? &task->train[k] : &task->test[k - task->n_train];
      tv_val shape = pair->output ? pair->output : pair->input;
      input *in = &inputs[n++];
      in->grid = pair->input;
      in->colour = most_common_colour(pair->input);
      in->dims = tv_pair(&set->ctx, tv_grid_h(shape), tv_grid_w(shape));
      tv_val args[2] = {pair->input, tv_int(0)};
      in->parts = tv_prim_call(&set->ctx, tv_prim_ext_lookup("split_objects"), args);
    }
  }
  size_t cells = 0;
  for (size_t k = 0; k < n; k++) cells += (size_t)tv_grid_h(inputs[k].grid) * (size_t)tv_grid_w(inputs[k].grid);
  printf("%zu inputs from %s (%.0f cells on average), median of %d runs, CPU time of one thread\n", n,
         tasks, (double)cells / (double)n, repeat);
  printf("%-22s %10s %12s %8s %7s\n", "primitive", "ns/call", "calls/s", "x rot90", "errors");
  size_t size_errors;
  double ref = measure(tv_prim_lookup("rot90"), inputs, n, repeat, &size_errors);
  const tv_prim *refs[2] = {tv_prim_lookup("rot90"), tv_prim_lookup("objects")};
  for (int r = 0; r < 2; r++) {
    size_t errors;
    double ns = r == 0 ? ref : measure(refs[r], inputs, n, repeat, &errors);
    printf("%-22s %10.0f %12.0f %8.2f %7s  (arc-dsl reference)\n", refs[r]->name, ns, 1e9 / ns,
           ns / ref, "-");
  }
  size_t total = tv_prim_ext_count(), over = 0, measured = 0;
  double *all = calloc(total, sizeof *all);
  for (size_t i = 0; i < total; i++) {
    const tv_prim *p = tv_prim_ext_at(i);
    if (only && strcmp(only, p->name)) continue;
    size_t errors;
    double ns = measure(p, inputs, n, repeat, &errors);
    all[measured++] = ns;
    over += ns > 500;
    printf("%-22s %10.0f %12.0f %8.2f %7zu\n", p->name, ns, 1e9 / ns, ns / ref, errors);
  }
  if (measured) {
    qsort(all, measured, sizeof *all, cmp_double);
    printf("extensions: %zu, median %.0f ns/call (%.2f M calls/s), %zu above 500 ns (2 M/s)\n",
           measured, all[measured / 2], 1e3 / all[measured / 2], over);
  }
  free(all);
  free(inputs);
  arc_taskset_free(set);
  return 0;
}
