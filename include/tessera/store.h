/*
 * store.h - the solver store (SQLite) and the predictions made from it.
 *
 * The store is one SQLite database in WAL mode (default ./tessera.db) with
 * five tables (schema in docs/BATTERY.md):
 *   programs  by the hash of their canonical text (battery.h), so programs
 *             written differently but computing the same thing share a row;
 *   tasks     by id, with the content hash of their train pairs and test
 *             inputs (results of a task whose content changed are dropped);
 *   results   (program, task): status, demo matches, scorer means, work,
 *             test predictions as JSON; only the best K per task are kept
 *             (ranking of battery.h);
 *   runs      one row per `arc eval` or `arc solve`: time, arguments, totals;
 *             a run that was killed keeps finished = NULL;
 *   search_programs  (task, program hash): every program `arc solve` found,
 *             with its text, cost and rank (schema version 2; added to an
 *             older store the first time it is opened for writing).
 * Each arc_store_write_tasks call is one transaction, so a process killed at
 * any moment leaves a store that opens and holds every earlier batch.
 *
 * Predictions (predict.c). For every task of a task set and every test input
 * in order, attempt_1 is the prediction of the best-ranked stored result
 * that has one for that input and attempt_2 the next distinct one; the
 * fallback when fewer exist is documented at arc_predict.
 *
 * Ownership. An arc_store is owned by the caller (arc_store_close). Strings
 * and grids returned through out-parameters are malloc'd and owned by the
 * caller as documented per call. One arc_store must be used by one thread at
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

#define ARC_STORE_DEFAULT_PATH "tessera.db"

typedef struct arc_store arc_store;

typedef enum arc_store_mode {
  ARC_STORE_READ,  /* must exist; opened read-only and never modified, so a
                      read-only mount or a 0444 file works (list, show,
                      export, predict) */
  ARC_STORE_WRITE, /* created when missing, in one transaction (eval) */
} arc_store_mode;

/* Opens the store at `path`. NULL + err on failure: ARC_ERR_INPUT when the
 * file is missing (READ), not a store, incomplete or damaged;
 * ARC_ERR_FAILED when it could not be opened (locked, I/O, memory). */
arc_store *arc_store_open(const char *path, arc_store_mode mode, arc_error *err);
void arc_store_close(arc_store *s);

/* Records the start of a run (its own transaction); returns its id or -1. */
int64_t arc_store_begin_run(arc_store *s, const char *arguments, arc_error *err);

/* Writes the results of `n` finished tasks in one transaction: task rows,
 * the programs of their kept results, the results, then prunes each task to
 * its best `keep` results. False + err when the transaction failed (nothing
 * of this batch is then stored). */
bool arc_store_write_tasks(arc_store *s, int64_t run, const arc_battery *b,
                           const arc_eval_task *const *tasks, size_t n, size_t keep, arc_error *err);

typedef struct arc_store_totals {
  size_t programs, tasks, solved;
  uint64_t pairs;
  double seconds;
} arc_store_totals;

/* Marks the run finished with its totals. */
bool arc_store_end_run(arc_store *s, int64_t run, const arc_store_totals *totals, arc_error *err);

/* ---- browsing ---------------------------------------------------------------- */

/* Prints the runs, the store totals and the best program of each task (only
 * task `task_id` when not NULL) as text, or as JSON. False + err on failure;
 * a `task_id` the store has never seen is ARC_ERR_INPUT. */
bool arc_store_print_list(arc_store *s, const char *task_id, bool json, FILE *out, arc_error *err);
/* Prints the program whose hash starts with `hash_prefix` (at least 4 hex
 * digits, unambiguous) and its stored results; an unknown or ambiguous
 * prefix is ARC_ERR_INPUT. */
bool arc_store_print_show(arc_store *s, const char *hash_prefix, bool json, FILE *out, arc_error *err);
/* Writes the best program of each task (or of `task_id`, which the store
 * must know: else ARC_ERR_INPUT) as a solver file in arc-dsl syntax, each
 * as `def solve_<id>(I):`. *count gets how many. Nothing at all is written
 * when `task_id` has no stored program (*count 0), so the caller's message
 * is the only output. */
bool arc_store_export(arc_store *s, const char *task_id, FILE *out, size_t *count, arc_error *err);

/* ---- predictions --------------------------------------------------------------- */

/* Stored predictions of one task, best-ranked result first. */
typedef struct arc_prediction_set {
  char program[33];
  bool solved;      /* the result solved every demo pair */
  size_t n;         /* test inputs covered */
  arc_grid *grids;   /* n grids, cells NULL where the program gave none */
} arc_prediction_set;

/* Loads the ranked prediction sets of task `task_id` whose stored content
 * hash equals `task_hash` (none when it differs or the task is unknown).
 * *sets is malloc'd (free with arc_prediction_sets_free). A read error is
 * ARC_ERR_FAILED (ARC_ERR_INPUT for a damaged file), and so is a stored
 * row that is not a list of `n_test` grids or nulls: never skipped. */
bool arc_store_predictions(arc_store *s, const char *task_id, const char *task_hash, size_t n_test,
                           arc_prediction_set **sets, size_t *n, arc_error *err);
void arc_prediction_sets_free(arc_prediction_set *sets, size_t n);

typedef struct arc_predict_stats {
  size_t tasks;           /* tasks written */
  size_t test_inputs;     /* entries written */
  size_t predicted;       /* entries whose attempt_1 came from a program */
  size_t second_distinct; /* entries with two distinct program predictions */
  size_t unanswered;      /* entries whose best solving program gave no grid */
} arc_predict_stats;

/* Writes the Kaggle submission for every task of `set` to `out`:
 * {"<id>": [{"attempt_1": grid, "attempt_2": grid}, ...], ...}, tasks in id
 * order, one entry per test input in order. attempt_1 is the best stored
 * prediction for that input, attempt_2 the best one that differs from it.
 * Fallback: with no stored prediction attempt_1 is the test input itself;
 * with no second distinct prediction attempt_2 repeats attempt_1. */
/* A program that solves every demo pair of a task but gives no grid for a
 * test input (it failed there) is reported through `warn` (may be NULL),
 * one message per such input, and counted in stats->unanswered. */
bool arc_predict(arc_store *s, const arc_taskset *set, FILE *out, arc_predict_stats *stats,
                 arc_warn_fn warn, void *user, arc_error *err);

/* ---- search programs (arc solve, arc_solve.h) ------------------------------------ */

/* The texts of the programs `arc solve` stored for task `task_id` whose
 * stored task content hash is `task_hash`, best first (all demos right,
 * then cost, then text hash), at most `max`. *texts is a malloc'd array of
 * malloc'd strings (free with arc_store_texts_free). A store made before
 * the search_programs table existed has none. False + err on a read error. */
bool arc_store_search_programs(arc_store *s, const char *task_id, const char *task_hash, size_t max,
                               char ***texts, size_t *n, arc_error *err);
void arc_store_texts_free(char **texts, size_t n);

/* ---- competition score --------------------------------------------------------- */

typedef struct arc_submission_score {
  double score;          /* sum over tasks of (correct test inputs / test inputs) */
  size_t tasks;          /* tasks with known test outputs */
  size_t tasks_correct;  /* tasks whose every test input is correct */
  size_t test_inputs, test_correct;
  size_t missing_tasks;  /* tasks absent from the submission (scored 0) */
  size_t unknown_ids;    /* submission entries for ids not in the task set */
} arc_submission_score;

/* Scores a submission file against the test outputs of `set` by the ARC
 * Prize rule: a test input is correct when attempt_1 or attempt_2 equals its
 * output; a task scores the fraction of its test inputs that are correct;
 * the total is the sum over tasks (divide by `tasks` for the percentage).
 * A malformed or unreadable submission is ARC_ERR_INPUT, naming what is
 * wrong. Entries for ids that are not in `set` are not scored; each is
 * reported through `warn` (may be NULL) and counted in out->unknown_ids. */
bool arc_score_submission(const char *path, const arc_taskset *set, arc_submission_score *out,
                          arc_warn_fn warn, void *user, arc_error *err);

#endif
