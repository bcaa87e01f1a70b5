/*
 * arc_task.h - loading ARC tasks (train/test grid pairs) from JSON.
 *
 * Three layouts are accepted for PATH:
 *   - a folder of "<id>.json" task files, each {"train": [...], "test": [...]}
 *     where a pair is {"input": grid, "output": grid} (test outputs optional);
 *   - a single task file of that shape (id = file name without ".json");
 *   - a Kaggle challenges file {"<id>": {"train": [...], "test": [...]}, ...},
 *     optionally completed by a solutions file {"<id>": [grid, ...]} that gives
 *     the test outputs in order.
 * A grid is a non-empty list of equal-length non-empty lists of integers
 * 0..9, at most TV_GRID_MAX_SIDE rows and columns.
 *
 * Errors. Loading never aborts: bad input yields NULL and an ARC_ERR_INPUT
 * error (ARC_ERR_FAILED only when memory runs out) whose message names the
 * file and the JSON path of the offending value, e.g.
 *   "tasks/abc.json: train[1].input[2]: row has 3 cells, expected 4"
 * or, for JSON syntax errors, "tasks/abc.json:3:14: invalid JSON: ...".
 *
 * Speed. Plain files are read by a strict fast reader (src/arc/task_fast.c)
 * that builds grids straight from the text; anything it does not expect,
 * including every malformed file, goes to the jansson loader instead, so the
 * accepted inputs, the results and the messages are the same either way.
 *
 * Ownership. A task set owns everything it returns: ids, pair arrays and the
 * TV_GRID values live in the set's own arena and stay valid (and immutable,
 * so safe to read from several threads) until arc_taskset_free. Tasks are
 * sorted by id (strcmp order).
 */
#ifndef TESSERA_ARC_TASK_H
#define TESSERA_ARC_TASK_H

#include <stdbool.h>
#include <stddef.h>

#include "tessera/arc_error.h"
#include "tessera/arena.h"
#include "tessera/value.h"

typedef struct arc_pair {
  tv_val input;  /* TV_GRID */
  tv_val output; /* TV_GRID, or 0 when the expected output is unknown */
} arc_pair;

typedef struct arc_task {
  const char *id;
  arc_pair *train;
  size_t n_train;
  arc_pair *test;
  size_t n_test;
} arc_task;

typedef struct arc_taskset {
  ta_arena arena; /* owns ids, pairs and grids */
  tv_ctx ctx;     /* builds the grids; unlimited budget */
  arc_task *tasks;
  size_t count;
} arc_taskset;

typedef struct arc_load_options {
  const char *solutions_path;   /* Kaggle solutions file, or NULL */
  const char *const *only_ids;  /* load only these task ids (NULL: all) */
  size_t n_only_ids;            /* an id that is not found is an error... */
  bool missing_ids_ok;          /* ...unless this is set (ids from solver names) */
  bool check_unselected;        /* only_ids decide what is kept, yet every task
                                   is still checked, so a bad file is reported
                                   as without only_ids (tessera arc run) */
  bool json_only;               /* skip the fast reader: always parse with
                                   jansson (tests and benchmarks compare) */
  arc_warn_fn warn;             /* told about solutions for ids that no task
                                   has (only without only_ids); may be NULL */
  void *warn_user;
} arc_load_options;

/* Loads PATH (folder, task file or Kaggle file; see above). `opts` may be
 * NULL. Returns NULL and fills `err` on any error. */
arc_taskset *arc_taskset_load(const char *path, const arc_load_options *opts, arc_error *err);

/* Same from JSON text already in memory: `label` names the source in error
 * messages and, for a single task, gives its id (label minus any folders and
 * ".json"). `solutions_text` may be NULL. */
arc_taskset *arc_taskset_from_text(const char *label, const char *text,
                                   const char *solutions_label, const char *solutions_text,
                                   arc_error *err);

/* A task set from a Kaggle solutions file alone (an answer key, for
 * scoring): one task per id, with its test outputs; inputs and the one
 * train pair are 1x1 placeholders, so only ids and test outputs mean
 * anything. Errors as for arc_taskset_load, naming the solutions file. */
arc_taskset *arc_taskset_load_answers(const char *path, arc_error *err);

void arc_taskset_free(arc_taskset *set);

/* The task with this id, or NULL. */
const arc_task *arc_taskset_find(const arc_taskset *set, const char *id);

#endif
