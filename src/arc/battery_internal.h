/*
 * battery_internal.h - state shared by the battery's source files
 * (battery.c compiles, battery_eval.c evaluates one task, battery_run.c
 * runs the thread pool). Not a public header.
 *
 * The battery owns: the node table (a copy of tl_node_info per DAG node;
 * argument arrays stay library-owned), the programs and their node lists,
 * and the folded constants (values in `fold_arena`, read-only while a run
 * is in progress, so workers share them without locks).
 */
#ifndef TESSERA_BATTERY_INTERNAL_H
#define TESSERA_BATTERY_INTERNAL_H

#include "tessera/battery.h"
#include "tessera/clock.h"

struct arc_battery {
  const tl_library *lib;
  tl_node_info *nodes;
  size_t n_nodes;
  arc_program *programs;
  size_t n_programs;
  long *program_of_library; /* battery index per library program */
  size_t nodes_shared;
  /* Folded input-independent nodes: value (0 = not folded) and its work. */
  ta_arena fold_arena;
  tv_ctx fold_ctx;
  tv_val *folded;
  uint64_t *folded_work;
  uint64_t folded_budget; /* the cap the folding used */
  size_t n_folded;
};

/* Folds input-independent call nodes with a per-node cap of `budget` (done
 * again when the budget changes). Single-threaded. Returns the count. */
size_t arc_battery_fold(arc_battery *b, uint64_t budget);

/* One worker's reusable evaluation state; opaque outside battery_eval.c. */
typedef struct arc_battery_worker arc_battery_worker;
arc_battery_worker *arc_battery_worker_new(const arc_battery *b);
void arc_battery_worker_free(arc_battery_worker *w);

typedef struct arc_battery_plan {
  const uint32_t *programs; /* battery programs to run */
  size_t n_programs;
} arc_battery_plan;

/* Evaluates `plan` on `task` and fills `out` (malloc'd members). Adds the
 * time spent in scorers to *score_seconds. Returns false when memory ran out
 * (out is then cleared). */
bool arc_battery_worker_run(arc_battery_worker *w, const arc_eval_options *opts, const arc_task *task,
                        const arc_battery_plan *plan, arc_eval_task *out, double *score_seconds);

void arc_eval_task_clear(arc_eval_task *t);

#endif
