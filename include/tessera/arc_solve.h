/*
 * arc_solve.h - program search over a task set: the driver behind
 * `tessera arc solve`, shared with the Python module, MPI and the server.
 *
 * For every task of a task set, arc_solve_tasks calls the search layer's
 * ts_solve (search.h) with the caller's library programs and the programs a
 * store already holds for that task (tried first), and keeps a copy of what
 * it found: ranked programs (canonical arc-dsl text, cost, demos right,
 * predictions), the two attempts per test input, the work, memory and caps.
 * Tasks are spread over worker threads; results come back in task order and
 * never depend on the number of threads (budgets are work units).
 *
 * Around it: the Kaggle submission of the attempts (arc_solve_write_
 * submission), one JSON object per task (arc_solve_task_json), the top-2
 * score where test outputs are known, and --explain (arc_solve_explain:
 * every intermediate value of a program on every demo pair).
 *
 * The store side (store.h, "search programs"): arc_store_search_programs
 * reads a task's stored programs, arc_store_put_search writes a run's.
 *
 * Ownership. An arc_solve_result owns plain malloc'd copies of every text
 * and grid (no arena of the search survives the task), freed by
 * arc_solve_result_free; task pointers refer to the task set, which must
 * outlive the result.
 */
#ifndef TESSERA_ARC_SOLVE_H
#define TESSERA_ARC_SOLVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tessera/arc_task.h"
#include "tessera/battery.h"
#include "tessera/search.h"
#include "tessera/store.h"
#include "tessera/text.h"

/* A solver file's text, compiled by the driver (so that a task with stored
 * programs gets one library of both). `name` is used in messages. */
typedef struct arc_solve_source {
  const char *name;
  const char *text;
  size_t len;
} arc_solve_source;

/* One program found for a task (copied from ts_program). */
typedef struct arc_solve_program {
  char *text;             /* canonical arc-dsl source, "def solve(I):" ... */
  size_t demos_right;
  double demo_score;
  uint64_t cost;
  const char *origin;     /* static string of the search */
  arc_grid *predictions;  /* n_test grids, cells NULL where it gave none */
} arc_solve_program;

typedef struct arc_solve_task {
  const arc_task *task;
  char task_hash[33];
  bool failed;               /* ts_solve refused the task: see error */
  char error[256];
  ts_status status;
  size_t n_programs;
  arc_solve_program *programs;
  arc_grid (*attempts)[2];   /* n_test pairs of grids, always both present */
  uint64_t work, candidates, evaluations;
  size_t peak_bytes;
  bool hit_budget, hit_memory, hit_deadline;
  size_t stored;             /* programs the store gave as library programs */
  size_t tests_known;        /* test inputs with a known output */
  size_t tests_right;        /* of those, right by attempt_1 or attempt_2 */
  double seconds;            /* wall clock (never in deterministic output) */
} arc_solve_task;

typedef struct arc_solve_result {
  arc_solve_task *tasks;     /* in task id order */
  size_t count;
  size_t solved;             /* status TS_SOLVED */
  size_t scored_tasks;       /* tasks whose every test output is known */
  double score;              /* sum over those of tests_right / n_test */
  size_t tests_known, tests_right;
  uint64_t work;
  double seconds;
  int jobs_asked, threads;
} arc_solve_result;

/* Called after each finished task (serialised, from any worker thread). */
typedef void (*arc_solve_progress_fn)(void *user, const arc_solve_task *task, size_t done,
                                      size_t total);

typedef struct arc_solve_options {
  uint64_t budget;           /* work units per task; 0: TS_DEFAULT_BUDGET */
  size_t memory_mb;          /* 0: TS_DEFAULT_MEMORY_MB */
  unsigned disable;          /* TS_PART_* */
  double task_seconds;       /* wall-clock last resort per task; 0 none */
  int jobs;                  /* worker threads (<= 0: one) */
  const arc_solve_source *sources; /* library solver files (may be none) */
  size_t n_sources;
  arc_store *store;          /* read for each task's stored programs before
                                the search (may be NULL; never written here) */
  arc_solve_progress_fn progress;
  void *progress_user;
} arc_solve_options;

/* Searches every task of `set`. Returns 0, or -1 with err set: a library
 * source that does not load (ARC_ERR_INPUT, "file:line:col: ..."), a store
 * read error, memory or threads; `out` is then empty. A task the search
 * refuses is not an error: its entry says failed. */
int arc_solve_tasks(const arc_taskset *set, const arc_solve_options *opts, arc_solve_result *out,
                    arc_error *err);
void arc_solve_result_free(arc_solve_result *r);

/* Writes the Kaggle submission {"<id>": [{"attempt_1": g, "attempt_2": g},
 * ...], ...} of every task, in task order. False + err on a write error. */
bool arc_solve_write_submission(const arc_solve_result *r, FILE *out, arc_error *err);

/* Appends one task's JSON object (one line, no newline): id, status,
 * programs (text, demos_right, demo_score, cost, origin, predictions: a grid
 * or null per test input), work, candidates,
 * evaluations, peak_bytes, caps hit, stored, tests known/right. Only
 * deterministic fields (no seconds). */
void arc_solve_task_json(tc_text *out, const arc_solve_task *t);

/* --explain: prints each program of `t` (at most `max_programs`) and, on
 * every demo pair, the value of each statement in order (grids drawn as
 * rows of digits, other values as their repr, long ones cut), then whether
 * the output is right. Each statement gets `budget` work units. False + err
 * when a program does not load (it came from the search, so that is a bug
 * worth reporting) or the output could not be written. */
bool arc_solve_explain(const arc_solve_task *t, size_t max_programs, uint64_t budget, FILE *out,
                       arc_error *err);

/* Stores every program of every task of `r` in the store's search_programs
 * table (store.h), in one transaction, with `run` (arc_store_begin_run, or
 * 0). A task's rows for an older content hash are dropped first. False +
 * err when the transaction failed (nothing of it is then stored). */
bool arc_store_put_search(arc_store *s, int64_t run, const arc_solve_result *r, arc_error *err);

/* The names of the search's parts (TS_PART_* of search.h) as `arc solve
 * --disable`, the Python module and the API spell them: "size", "normalise",
 * "compose", "ext", "depth3", "library", "dedup", "objects", "neighbours",
 * "libseeds", "lambdas". Parses a comma-separated list of them into *bits
 * (an empty list gives 0); false + err (ARC_ERR_INPUT, naming the unknown
 * part and listing the known ones) otherwise. */
bool arc_solve_parse_parts(const char *list, unsigned *bits, arc_error *err);

#endif
