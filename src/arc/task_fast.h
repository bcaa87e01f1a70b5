/*
 * task_fast.h - the fast path of ARC task loading (internal to src/arc).
 *
 * A strict hand-written reader for the common ARC layouts (one task per
 * file, Kaggle challenges, Kaggle solutions) that builds TV_GRID values
 * straight from the text, without a JSON tree. It accepts only a subset of
 * what the jansson loader in task.c accepts: on ANY deviation from the plain
 * layout (unknown or duplicate key, escaped or non-ASCII string, number that
 * is not a single digit, ragged or empty grid, syntax error, ...) it returns
 * false ("defer") and the caller runs the jansson loader, which accepts the
 * same inputs as before and words every error message. So the fast path
 * never decides whether an input is valid, it only makes valid ones cheaper.
 *
 * Ownership. Grids, pair arrays and ids are allocated in ctx->arena (the
 * set's arena); on defer, whatever was allocated stays there unused until
 * the set is freed. Task structs are returned in a malloc'd array owned by
 * the caller (arc_fast_tasks_free). Calls with different contexts may run
 * at the same time (no global state).
 */
#ifndef TESSERA_ARC_TASK_FAST_H
#define TESSERA_ARC_TASK_FAST_H

#include <stdbool.h>
#include <stddef.h>

#include "tessera/arc_task.h"

typedef struct arc_fast_tasks {
  arc_task *items; /* malloc'd */
  size_t count, cap;
} arc_fast_tasks;

void arc_fast_tasks_free(arc_fast_tasks *tasks);

/* Reads a whole document of `len` bytes: a single task {"train", "test"}
 * named `single_id`, or (when `collection_ok`) a Kaggle challenges object
 * {"<id>": task, ...}. Tasks not selected by opts->only_ids are checked but
 * not kept. Returns true with the kept tasks appended to `out`, or false
 * (defer) with `out` left as it was. */
bool arc_fast_read_tasks(tv_ctx *ctx, const char *text, size_t len, const char *single_id,
                         bool collection_ok, const arc_load_options *opts, arc_fast_tasks *out);

/* Reads a Kaggle solutions object {"<id>": [grid, ...], ...} and sets the
 * test outputs of the tasks of `set` (sorted by id) that it names. Returns
 * false (defer) without touching any task when the document is not plain or
 * a task's number of outputs differs from its number of tests. On success,
 * `unknown` (may be NULL) is called with each id no task of the set has. */
bool arc_fast_apply_solutions(arc_taskset *set, const char *text, size_t len,
                              void (*unknown)(void *user, const char *id, size_t n), void *user);

#endif
