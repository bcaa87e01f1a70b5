/*
 * arc_runner.h - running solver programs on ARC tasks and checking them.
 *
 * For every task of a task set that has a program named "solve_<id>" in the
 * library, the runner evaluates that program on each train and test input
 * and compares the result with the expected output. Tasks are spread over a
 * fixed pool of threads; each thread evaluates in its own arena, reset
 * before every task, so results never depend on the number of threads.
 *
 * Budget. A task's pairs share one work budget (ctx->budget, in the work
 * units of value.h): ARC_DEFAULT_BUDGET unless the caller sets one; 0 means
 * unlimited. A task that runs out reports the budget error on the pair where
 * it happened and on the pairs after it.
 *
 * Memory. Each pair's values live in the worker's arena, limited to
 * memory_limit bytes (ARC_DEFAULT_MEMORY_GUARD by default): the allocation
 * that would pass it fails inside the primitive, and the pair reports
 * "memory limit exceeded (limit N MB)". This is what stops a runaway under
 * budget 0, which the work budget no longer bounds.
 *
 * A pair is OK when the output equals the expected grid, WRONG when it is a
 * different grid, ERROR when the program failed or returned something that is
 * not a grid, and UNKNOWN when the program returned a grid but the expected
 * output is not known (Kaggle test inputs without solutions). A task is
 * solved when none of its pairs is WRONG or ERROR.
 *
 * Ownership. arc_run fills an arc_run_result that owns copies of every
 * output grid and error message (plain malloc'd memory, independent of any
 * arena); free it with arc_run_result_free. Task pointers in it refer to the
 * task set, which must outlive the result.
 */
#ifndef TESSERA_ARC_RUNNER_H
#define TESSERA_ARC_RUNNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tessera/arc_limits.h"
#include "tessera/arc_task.h"
#include "tessera/lang.h"

typedef enum arc_pair_status {
  ARC_PAIR_OK,
  ARC_PAIR_WRONG,
  ARC_PAIR_ERROR,
  ARC_PAIR_UNKNOWN,
} arc_pair_status;

typedef struct arc_pair_result {
  bool is_test;        /* test pair (else train) */
  size_t index;        /* index among the task's train or test pairs */
  arc_pair_status status;
  bool has_output;     /* the program returned a grid (copied below) */
  int out_h, out_w;    /* its shape */
  uint8_t *out_cells;  /* out_h * out_w colours, row-major (malloc'd) */
  char *error;         /* ERROR: why (malloc'd), else NULL */
} arc_pair_result;

typedef struct arc_task_result {
  const arc_task *task;
  bool solved;
  size_t n_pairs;         /* train pairs first, then test pairs */
  arc_pair_result *pairs;
  uint64_t work;          /* work units the task used */
  double seconds;         /* wall-clock time of its pairs (for profiles) */
} arc_task_result;

typedef struct arc_run_result {
  arc_task_result *tasks; /* in task id order */
  size_t count;
  size_t solved;
  size_t unknown_pairs;   /* pairs whose expected output was unknown */
  double seconds;         /* wall-clock time of the run */
  int jobs_asked;         /* threads asked for (jobs, capped by the task count) */
  int threads;            /* threads used: fewer when some could not start
                             (results are the same either way) */
} arc_run_result;

/* Called after each finished task with the number done so far; calls are
 * serialised (never concurrent) but may come from any worker thread. */
typedef void (*arc_progress_fn)(void *user, size_t done, size_t total);

typedef struct arc_run_options {
  uint64_t budget;              /* work units per task; 0 = unlimited */
  double task_seconds;          /* wall-clock safety limit per task (stops
                                   power() loops with "time limit
                                   exceeded"); 0 = none */
  int jobs;                     /* worker threads (<= 0: one) */
  arc_progress_fn progress;     /* may be NULL */
  void *progress_user;
  const char *program;          /* run this program on every task instead of
                                   solve_<id> (NULL: solve_<id>) */
  size_t memory_limit;          /* arena bytes per pair; 0 = none */
} arc_run_options;

/* Options with the default budget, time and memory limits and one job. */
arc_run_options arc_run_options_default(void);

/* Runs every task of `set` that has a solver in `lib`. Returns 0, or -1 with
 * `err` set when the run could not be carried out (out of memory, thread
 * creation failure); `out` is then empty. */
int arc_run(const tl_library *lib, const arc_taskset *set, const arc_run_options *opts,
            arc_run_result *out, arc_error *err);
void arc_run_result_free(arc_run_result *result);

/* "wrong output: expected 3x3, got 3x4", "error: ..." or NULL when the pair
 * passed (or is unknown). Writes into buf and returns it. */
const char *arc_pair_explain(const arc_task *task, const arc_pair_result *pair, char *buf,
                             size_t size);

#endif
