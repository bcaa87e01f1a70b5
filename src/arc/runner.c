/*
 * runner.c - runs solve_<id> programs over ARC tasks (see arc_runner.h).
 *
 * Work is split by task: workers take the next task index from an atomic
 * counter and write only to that task's result slot, so no locking is
 * needed except around the progress callback. Results are indexed by the
 * task's position in the (sorted) set, which makes the output order
 * independent of scheduling. Outputs are copied out of the worker's arena
 * before it is reset, so the result owns plain malloc'd memory.
 */
#include "tessera/fault.h"
#include "tessera/arc_runner.h"
#include "tessera/clock.h"
#include "tessera/threads.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each worker's arena keeps one chunk across tasks; at 4 MiB nearly every
 * task fits in it, which saved a quarter of the page faults of the 400
 * public solvers compared with 1 MiB (docs/PERFORMANCE.md). */
#define ARC_ARENA_CHUNK (1u << 22)

typedef struct run_shared {
  const tl_library *lib;
  const arc_run_options *opts;
  arc_task_result *results;
  size_t *programs; /* program index per result */
  size_t count;
  atomic_size_t next;
  pthread_mutex_t progress_lock;
  size_t done;
} run_shared;

arc_run_options arc_run_options_default(void) {
  arc_run_options opts = {.budget = ARC_DEFAULT_BUDGET, .task_seconds = ARC_DEFAULT_TASK_SECONDS,
                          .jobs = 1, .memory_limit = ARC_DEFAULT_MEMORY_GUARD};
  return opts;
}

/* ---- judging one pair ------------------------------------------------------ */

static char *copy_message(const char *prefix, const char *message) {
  size_t n = strlen(prefix) + strlen(message) + 1;
  char *s = tc_malloc(n);
  if (s) snprintf(s, n, "%s%s", prefix, message);
  return s;
}

static void keep_output(arc_pair_result *r, int h, int w, const uint8_t *cells) {
  size_t n = (size_t)h * (size_t)w;
  r->has_output = true;
  r->out_h = h;
  r->out_w = w;
  r->out_cells = n ? tc_malloc(n) : NULL;
  if (r->out_cells) memcpy(r->out_cells, cells, n);
  else if (n) r->has_output = false; /* out of memory: keep the verdict only */
}

/* The guard's error says which limit it was, so a user can tell a raised
 * --memory-mb from a machine that ran out. */
static char *error_message(tv_val out, const ta_arena *arena, size_t limit) {
  const char *message = tv_error_message(out);
  if (!limit || !ta_arena_over_limit(arena) || !strstr(message, "memory limit exceeded"))
    return copy_message("", message);
  char suffix[64];
  snprintf(suffix, sizeof suffix, " (limit %zu MB)", limit >> 20);
  size_t n = strlen(message) + strlen(suffix) + 1;
  char *s = tc_malloc(n);
  if (s) snprintf(s, n, "%s%s", message, suffix);
  return s;
}

static void judge(arc_pair_result *r, tv_val out, tv_val expected, const ta_arena *arena, size_t limit) {
  int h = 0, w = 0;
  const uint8_t *cells = NULL;
  if (tv_is_error(out)) {
    r->status = ARC_PAIR_ERROR;
    r->error = error_message(out, arena, limit);
    return;
  }
  if (!tv_as_grid(out, &h, &w, &cells)) {
    r->status = ARC_PAIR_ERROR;
    r->error = copy_message("result is not a grid: got ", tv_kind_name(out));
    return;
  }
  keep_output(r, h, w, cells);
  if (!expected) {
    r->status = ARC_PAIR_UNKNOWN;
    return;
  }
  bool same = h == tv_grid_h(expected) && w == tv_grid_w(expected) &&
              memcmp(cells, tv_grid_cells(expected), (size_t)h * (size_t)w) == 0;
  r->status = same ? ARC_PAIR_OK : ARC_PAIR_WRONG;
}

/* ---- running one task ------------------------------------------------------- */

static const arc_pair *pair_at(const arc_task *task, size_t k, bool *is_test, size_t *index) {
  *is_test = k >= task->n_train;
  *index = *is_test ? k - task->n_train : k;
  return *is_test ? &task->test[*index] : &task->train[*index];
}

static void run_task(const run_shared *S, size_t k, ta_arena *arena) {
  arc_task_result *r = &S->results[k];
  uint64_t work = 0;
  double start = tc_now_seconds();
  r->solved = true;
  for (size_t p = 0; p < r->n_pairs; p++) {
    arc_pair_result *pr = &r->pairs[p];
    const arc_pair *pair = pair_at(r->task, p, &pr->is_test, &pr->index);
    /* judge() copied the previous pair's output out of the arena, so its
     * memory can be reused: this bounds a task's footprint by its largest
     * pair, which keeps heavy tasks within the worker's first chunk. */
    ta_arena_reset(arena);
    tv_ctx ctx;
    tv_ctx_init(&ctx, arena, S->opts->budget);
    ctx.work = work; /* the budget covers the whole task */
    if (S->opts->task_seconds > 0) ctx.deadline = start + S->opts->task_seconds;
    judge(pr, tl_run(S->lib, S->programs[k], &ctx, pair->input), pair->output, arena,
          S->opts->memory_limit);
    work = ctx.work;
    if (pr->status == ARC_PAIR_WRONG || pr->status == ARC_PAIR_ERROR) r->solved = false;
  }
  r->work = work;
  r->seconds = tc_now_seconds() - start;
}

static void report_progress(run_shared *S) {
  if (!S->opts->progress) return;
  pthread_mutex_lock(&S->progress_lock);
  S->done++;
  S->opts->progress(S->opts->progress_user, S->done, S->count);
  pthread_mutex_unlock(&S->progress_lock);
}

static void *worker(void *arg) {
  run_shared *S = arg;
  ta_arena arena;
  ta_arena_init(&arena, ARC_ARENA_CHUNK);
  ta_arena_set_limit(&arena, S->opts->memory_limit); /* kept across resets */
  for (;;) {
    size_t k = atomic_fetch_add(&S->next, 1);
    if (k >= S->count) break;
    run_task(S, k, &arena);
    report_progress(S);
  }
  ta_arena_free(&arena);
  return NULL;
}

/* ---- setting up ------------------------------------------------------------- */

/* Fills one result slot per task that has a solver. */
static bool select_tasks(run_shared *S, const arc_taskset *set) {
  S->results = tc_calloc(set->count ? set->count : 1, sizeof *S->results);
  S->programs = tc_calloc(set->count ? set->count : 1, sizeof *S->programs);
  if (!S->results || !S->programs) return false;
  for (size_t t = 0; t < set->count; t++) {
    const arc_task *task = &set->tasks[t];
    char name[320];
    snprintf(name, sizeof name, "solve_%s", task->id);
    long program = tl_library_find(S->lib, S->opts->program ? S->opts->program : name);
    if (program < 0) continue;
    arc_task_result *r = &S->results[S->count];
    r->task = task;
    r->n_pairs = task->n_train + task->n_test;
    r->pairs = tc_calloc(r->n_pairs, sizeof *r->pairs);
    if (!r->pairs) return false;
    S->programs[S->count++] = (size_t)program;
  }
  return true;
}

/* The calling thread is one of the workers, so the run goes on (with
 * fewer threads) even when none can be started. Returns the threads used. */
static int run_pool(run_shared *S, int jobs) {
  pthread_t threads[ARC_MAX_JOBS];
  int started = jobs > 1 ? tc_threads_start(threads, jobs - 1, worker, S) : 0;
  worker(S);
  tc_threads_join(threads, started);
  return started + 1;
}

static void tally(arc_run_result *out) {
  for (size_t t = 0; t < out->count; t++) {
    const arc_task_result *r = &out->tasks[t];
    if (r->solved) out->solved++;
    for (size_t p = 0; p < r->n_pairs; p++)
      if (r->pairs[p].is_test && !r->task->test[r->pairs[p].index].output) out->unknown_pairs++;
  }
}

int arc_run(const tl_library *lib, const arc_taskset *set, const arc_run_options *opts,
            arc_run_result *out, arc_error *err) {
  arc_run_options defaults = arc_run_options_default();
  run_shared S = {.lib = lib, .opts = opts ? opts : &defaults};
  memset(out, 0, sizeof *out);
  atomic_init(&S.next, 0);
  double start = tc_now_seconds();
  if (!select_tasks(&S, set)) {
    out->tasks = S.results;
    out->count = S.count;
    arc_run_result_free(out);
    free(S.programs);
    snprintf(err->message, sizeof err->message, "out of memory");
    return -1;
  }
  pthread_mutex_init(&S.progress_lock, NULL);
  int jobs = S.opts->jobs < 1 ? 1 : S.opts->jobs > ARC_MAX_JOBS ? ARC_MAX_JOBS : S.opts->jobs;
  if ((size_t)jobs > S.count) jobs = S.count ? (int)S.count : 1;
  out->jobs_asked = jobs;
  out->threads = run_pool(&S, jobs);
  pthread_mutex_destroy(&S.progress_lock);
  free(S.programs);
  out->tasks = S.results;
  out->count = S.count;
  tally(out);
  out->seconds = tc_now_seconds() - start;
  return 0;
}

void arc_run_result_free(arc_run_result *result) {
  for (size_t t = 0; t < result->count; t++) {
    arc_task_result *r = &result->tasks[t];
    for (size_t p = 0; p < r->n_pairs; p++) {
      free(r->pairs[p].out_cells);
      free(r->pairs[p].error);
    }
    free(r->pairs);
  }
  free(result->tasks);
  memset(result, 0, sizeof *result);
}

/* ---- explanations ------------------------------------------------------------ */

static size_t count_differences(const arc_pair_result *pair, tv_val expected) {
  size_t n = (size_t)pair->out_h * (size_t)pair->out_w, diff = 0;
  const uint8_t *want = tv_grid_cells(expected);
  for (size_t i = 0; i < n && pair->out_cells; i++) diff += pair->out_cells[i] != want[i];
  return diff;
}

const char *arc_pair_explain(const arc_task *task, const arc_pair_result *pair, char *buf,
                             size_t size) {
  if (pair->status == ARC_PAIR_ERROR) {
    snprintf(buf, size, "error: %s", pair->error ? pair->error : "(message lost: out of memory)");
    return buf;
  }
  if (pair->status != ARC_PAIR_WRONG) return NULL;
  tv_val expected = pair->is_test ? task->test[pair->index].output : task->train[pair->index].output;
  int h = tv_grid_h(expected), w = tv_grid_w(expected);
  if (h == pair->out_h && w == pair->out_w)
    snprintf(buf, size, "wrong output: expected %dx%d, got %dx%d (%zu of %d cells differ)", h, w,
             pair->out_h, pair->out_w, count_differences(pair, expected), h * w);
  else
    snprintf(buf, size, "wrong output: expected %dx%d, got %dx%d", h, w, pair->out_h, pair->out_w);
  return buf;
}
