/*
 * store.h - the solver store (SQLite) and the predictions made from it.
 *
 * The store is one SQLite database in WAL mode (default ./tessera.db) with
 * four tables (schema in docs/BATTERY.md):
 *   programs  by the hash of their canonical text (battery.h), so programs
 *             written differently but computing the same thing share a row;
 *   tasks     by id, with the content hash of their train pairs and test
 *             inputs (results of a task whose content changed are dropped);
 *   results   (program, task): status, demo matches, scorer means, work,
 *             test predictions as JSON; only the best K per task are kept
 *             (ranking of battery.h);
 *   runs      one row per `arc eval`: time, arguments, totals; a run that
 *             was killed keeps finished = NULL.
 * Each ts_store_write_tasks call is one transaction, so a process killed at
 * any moment leaves a store that opens and holds every earlier batch.
 *
 * Predictions (predict.c). For every task of a task set and every test input
 * in order, attempt_1 is the prediction of the best-ranked stored result
 * that has one for that input and attempt_2 the next distinct one; the
 * fallback when fewer exist is documented at ts_predict.
 *
 * Ownership. A ts_store is owned by the caller (ts_store_close). Strings
 * and grids returned through out-parameters are malloc'd and owned by the
 * caller as documented per call. One ts_store must be used by one thread at
 * a time.
 */
#ifndef TESSERA_STORE_H
#define TESSERA_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tessera/arc_task.h"
#include "tessera/battery.h"

#define TS_DEFAULT_PATH "tessera.db"

typedef struct ts_store ts_store;

/* Opens (creating tables when needed) the store at `path`. With must_exist,
 * a missing file is an error instead of a new store. NULL + err on failure. */
ts_store *ts_store_open(const char *path, bool must_exist, char *err, size_t errlen);
void ts_store_close(ts_store *s);

/* Records the start of a run (its own transaction); returns its id or -1. */
int64_t ts_store_begin_run(ts_store *s, const char *arguments, char *err, size_t errlen);

/* Writes the results of `n` finished tasks in one transaction: task rows,
 * the programs of their kept results, the results, then prunes each task to
 * its best `keep` results. False + err when the transaction failed (nothing
 * of this batch is then stored). */
bool ts_store_write_tasks(ts_store *s, int64_t run, const tb_battery *b,
                          const tb_task_result *const *tasks, size_t n, size_t keep, char *err,
                          size_t errlen);

typedef struct ts_run_totals {
  size_t programs, tasks, solved;
  uint64_t pairs;
  double seconds;
} ts_run_totals;

/* Marks the run finished with its totals. */
bool ts_store_end_run(ts_store *s, int64_t run, const ts_run_totals *totals, char *err,
                      size_t errlen);

/* ---- browsing ---------------------------------------------------------------- */

/* Prints the runs, the store totals and the best program of each task (only
 * task `task_id` when not NULL) as text, or as JSON. False + err on failure. */
bool ts_store_print_list(ts_store *s, const char *task_id, bool json, FILE *out, char *err,
                         size_t errlen);
/* Prints the program whose hash starts with `hash_prefix` (at least 4 hex
 * digits, unambiguous) and its stored results. */
bool ts_store_print_show(ts_store *s, const char *hash_prefix, bool json, FILE *out, char *err,
                         size_t errlen);
/* Writes the best program of each task (or of `task_id`) as a solver file
 * in arc-dsl syntax, each as `def solve_<id>(I):`. *count gets how many. */
bool ts_store_export(ts_store *s, const char *task_id, FILE *out, size_t *count, char *err,
                     size_t errlen);

/* ---- predictions --------------------------------------------------------------- */

/* Stored predictions of one task, best-ranked result first. */
typedef struct ts_prediction_set {
  char program[33];
  size_t n;         /* test inputs covered */
  tb_grid *grids;   /* n grids, cells NULL where the program gave none */
} ts_prediction_set;

/* Loads the ranked prediction sets of task `task_id` whose stored content
 * hash equals `task_hash` (none when it differs or the task is unknown).
 * *sets is malloc'd (free with ts_prediction_sets_free). */
bool ts_store_predictions(ts_store *s, const char *task_id, const char *task_hash,
                          ts_prediction_set **sets, size_t *n, char *err, size_t errlen);
void ts_prediction_sets_free(ts_prediction_set *sets, size_t n);

typedef struct ts_predict_stats {
  size_t tasks;           /* tasks written */
  size_t test_inputs;     /* entries written */
  size_t predicted;       /* entries whose attempt_1 came from a program */
  size_t second_distinct; /* entries with two distinct program predictions */
} ts_predict_stats;

/* Writes the Kaggle submission for every task of `set` to `out`:
 * {"<id>": [{"attempt_1": grid, "attempt_2": grid}, ...], ...}, tasks in id
 * order, one entry per test input in order. attempt_1 is the best stored
 * prediction for that input, attempt_2 the best one that differs from it.
 * Fallback: with no stored prediction attempt_1 is the test input itself;
 * with no second distinct prediction attempt_2 repeats attempt_1. */
bool ts_predict(ts_store *s, const arc_taskset *set, FILE *out, ts_predict_stats *stats,
                char *err, size_t errlen);

/* ---- competition score --------------------------------------------------------- */

typedef struct ts_score {
  double score;          /* sum over tasks of (correct test inputs / test inputs) */
  size_t tasks;          /* tasks with known test outputs */
  size_t tasks_correct;  /* tasks whose every test input is correct */
  size_t test_inputs, test_correct;
  size_t missing_tasks;  /* tasks absent from the submission (scored 0) */
} ts_score;

/* Scores a submission file against the test outputs of `set` by the ARC
 * Prize rule: a test input is correct when attempt_1 or attempt_2 equals its
 * output; a task scores the fraction of its test inputs that are correct;
 * the total is the sum over tasks (divide by `tasks` for the percentage).
 * A malformed submission is an error (false + err naming what is wrong). */
bool ts_score_submission(const char *path, const arc_taskset *set, ts_score *out, char *err,
                         size_t errlen);

#endif
