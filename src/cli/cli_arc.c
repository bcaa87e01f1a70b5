/*
 * cli_arc.c - loading, progress and profiles shared by the `arc` commands
 * (see cli_arc.h).
 */
#include "cli_arc.h"

#include <stdlib.h>
#include <string.h>

#include "tessera/fault.h"
#include "tessera/prims.h"

tl_library *cli_load_library(const char *cmd, const cli_strlist *files, int *status) {
  tl_library *lib = tl_library_new();
  if (!lib) {
    *status = cli_fail(CLI_EXIT_FAILURE, cmd, "out of memory");
    return NULL;
  }
  for (size_t i = 0; i < files->count; i++) {
    tl_diag diag = {{0}};
    if (tl_library_add_file(lib, files->items[i], &diag) < 0) {
      fprintf(stderr, "%s\n", diag.message);
      tl_library_free(lib);
      *status = CLI_EXIT_USAGE;
      return NULL;
    }
  }
  return lib;
}

arc_taskset *cli_load_tasks(const char *cmd, const char *path, const char *solutions,
                            const cli_strlist *ids, int *status) {
  arc_load_options load = {.solutions_path = solutions, .warn = cli_arc_warning, .warn_user = (void *)cmd};
  if (ids && ids->count) {
    load.only_ids = (const char *const *)ids->items;
    load.n_only_ids = ids->count;
  }
  arc_error err;
  arc_taskset *set = arc_taskset_load(path, &load, &err);
  if (!set) *status = cli_arc_error(cmd, &err);
  return set;
}

void cli_note_threads(const char *cmd, int asked, int started) {
  if (started < asked)
    fprintf(stderr, "tessera %s: note: %d of %d worker threads could not start (memory limit?);"
                    " ran on %d, results are the same\n", cmd, asked - started, asked, started);
}

void cli_progress(const char *unit, size_t done, size_t total) {
  fprintf(stderr, "\r[%zu/%zu] %s", done, total, unit);
  if (done == total) fputs("\r\x1b[K", stderr);
  fflush(stderr);
}

/* ---- profiles ----------------------------------------------------------------- */

void cli_profile_start(void) { tv_prim_stats_enable(true); }

static int by_nanos_desc(const void *a, const void *b) {
  uint64_t x = tv_prim_stats()[*(const size_t *)a].nanos, y = tv_prim_stats()[*(const size_t *)b].nanos;
  return (x < y) - (x > y);
}

static void profile_primitives(FILE *out) {
  size_t n = tv_prim_count(), used = 0;
  size_t *order = tc_malloc((n ? n : 1) * sizeof *order);
  if (!order) return;
  for (size_t i = 0; i < n; i++)
    if (tv_prim_stats()[i].calls) order[used++] = i;
  qsort(order, used, sizeof *order, by_nanos_desc);
  fprintf(out, "profile: prim NAME CALLS MS NS/CALL (inclusive times)\n");
  for (size_t k = 0; k < used; k++) {
    const tv_prim_stat *st = &tv_prim_stats()[order[k]];
    fprintf(out, "profile: prim %-16s %9llu %9.3f %9.0f\n", tv_prim_at(order[k])->name,
            (unsigned long long)st->calls, (double)st->nanos * 1e-6, (double)st->nanos / (double)st->calls);
  }
  free(order);
}

static int by_seconds_desc(const void *a, const void *b) {
  double x = ((const cli_task_time *)a)->seconds, y = ((const cli_task_time *)b)->seconds;
  return (x < y) - (x > y);
}

void cli_profile_report(FILE *out, const void *results, size_t n,
                        cli_task_time (*at)(const void *results, size_t k), const char *figure_name) {
  profile_primitives(out);
  cli_task_time *tasks = tc_malloc((n ? n : 1) * sizeof *tasks);
  if (!tasks) return;
  for (size_t k = 0; k < n; k++) tasks[k] = at(results, k);
  qsort(tasks, n, sizeof *tasks, by_seconds_desc);
  fprintf(out, "profile: task ID MS %s (the slowest)\n", figure_name);
  for (size_t k = 0; k < n && k < 10; k++)
    fprintf(out, "profile: task %s %.3f %llu\n", tasks[k].id, tasks[k].seconds * 1e3,
            (unsigned long long)tasks[k].figure);
  free(tasks);
}
