/*
 * battery.h - the battery evaluator: many programs run over many ARC tasks,
 * scored per (program, task), with the best programs kept per task.
 *
 * Compilation. arc_battery_compile takes a loaded tl_library (every program
 * already shares one hash-consed DAG, see lang.h) and collapses programs
 * that compute the same thing (same root node) into one battery program,
 * identified by the hash of its canonical text (lang.h's canonical form,
 * without the `def` line). Each battery program lists the DAG nodes it needs.
 *
 * Evaluation (arc_eval). Tasks are spread over a fixed pool of threads. For a
 * task, demo (train) pairs are evaluated one at a time; on each pair only the
 * nodes needed by programs still alive are computed, each once, and a
 * per-task memo keyed by (primitive, argument values) lets different nodes
 * that compute the same value share the work (switchable: arc_eval_options.memo).
 * A program stops at its first demo pair that is not an exact match unless
 * arc_eval_options.partial is set.
 *
 * Budgets. A program's work on a task is the sum, over the demo pairs it was
 * evaluated on, of the work units (value.h) of every DAG node it needs, each
 * node's work measured on its own the first time it is computed for that
 * input, whoever computes it (memo hits and folded constants are charged
 * what a fresh computation costs). A node is computed with a work cap equal
 * to the budget. A program whose work exceeds the budget ends with status
 * ARC_EVAL_BUDGET. These rules make every status, score and work figure identical
 * whatever the thread count, memo switch or machine speed. A wall-clock
 * limit per task (arc_eval_options.task_seconds) is a last resort only: programs
 * still running when it hits end with ARC_EVAL_TIMEOUT and the task is flagged.
 *
 * Scoring (scorers.c, docs/BATTERY.md). Every evaluated demo pair is scored by
 * the named scorers of arc_scorer; a program's scorer figure is the mean over
 * ALL demo pairs of the task (pairs not evaluated count 0). Ranking: more
 * exact demo matches, then higher `score`, then less work, then shorter
 * canonical text, then program hash.
 *
 * Ownership. An arc_battery owns its programs' names, texts and node lists
 * (valid until arc_battery_free) and needs its tl_library to stay alive while
 * it is used. An arc_eval_result owns plain malloc'd copies of everything it
 * holds (predicted grids included); task pointers refer to the task set,
 * which must outlive it. Free it with arc_eval_result_free.
 */
#ifndef TESSERA_BATTERY_H
#define TESSERA_BATTERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tessera/arc_limits.h"
#include "tessera/arc_task.h"
#include "tessera/lang.h"

/* Best programs kept per task. */
#define ARC_DEFAULT_KEEP 32
/* The memory guard per worker and input, ARC_DEFAULT_MEMORY_GUARD, is in
 * arc_limits.h (arc run has it too). */

/* ---- scorers ---------------------------------------------------------------- */

typedef enum arc_scorer {
  ARC_SCORE_EXACT,   /* 1 when the output equals the expected grid */
  ARC_SCORE_CELLS,   /* fraction of equal cells when shapes agree, else 0 */
  ARC_SCORE_SHAPE,   /* 1 when the output has the expected height and width */
  ARC_SCORE_PALETTE, /* |colours in both| / |colours in either| (Jaccard) */
  ARC_SCORE_COUNTS,  /* sum over colours of min(count) / max(cell totals) */
  ARC_SCORER_COUNT
} arc_scorer;

/* Scorer name as used in JSON and the store ("exact", "cells", ...). */
const char *arc_scorer_name(arc_scorer s);

/* Scores one output against the expected grid into scores[ARC_SCORER_COUNT].
 * A missing output (out_cells NULL with out_h == 0) scores 0 everywhere. */
void arc_score_pair(int out_h, int out_w, const uint8_t *out_cells, int exp_h, int exp_w,
                   const uint8_t *exp_cells, double scores[ARC_SCORER_COUNT]);

/* The single ranking figure of a program on a task: 0.9 * exact fraction +
 * 0.1 * mean of the partial scorers (cells, shape, palette, counts); 1.0
 * exactly when every demo pair matches. `scores` are per-task means. */
double arc_combined_score(const double scores[ARC_SCORER_COUNT]);

/* ---- compilation ------------------------------------------------------------ */

typedef struct arc_program {
  const char *name;     /* first program name with this computation */
  const char *text;     /* canonical body: statements after the def line */
  size_t length;        /* strlen(text) */
  char hash[33];        /* 128-bit hex hash of text */
  uint32_t root;        /* DAG root node */
  uint32_t n_nodes;     /* nodes needed (sorted ascending, inputs/constants too) */
  const uint32_t *nodes;
  uint32_t n_calls;     /* of those, nodes that compute something */
} arc_program;

typedef struct arc_battery arc_battery;

/* Compiles every program of `lib`. NULL (with a message in err) only when
 * memory runs out or the library is empty. */
arc_battery *arc_battery_compile(const tl_library *lib, arc_error *err);
void arc_battery_free(arc_battery *b);
size_t arc_battery_count(const arc_battery *b);
const arc_program *arc_battery_program(const arc_battery *b, size_t i);
/* Battery program of the (first) library program named `name`, or -1. */
long arc_battery_find_name(const arc_battery *b, const char *name);
/* The distinct battery programs of every library program named `name`
 * (several files may each define solve_<id>), in library order, written to
 * out (room for arc_battery_count entries). Returns how many. */
size_t arc_battery_find_all(const arc_battery *b, const char *name, uint32_t *out);
/* Nodes of the shared DAG, and how many node computations per input the
 * sharing saves (sum of programs' call nodes minus distinct call nodes). */
size_t arc_battery_node_count(const arc_battery *b);
size_t arc_battery_nodes_shared(const arc_battery *b);
const tl_library *arc_battery_library(const arc_battery *b);

/* Hex content hash of a task: train pairs and test inputs (not test outputs,
 * so a Kaggle challenge hashes the same with or without its solutions). */
void arc_task_hash(const arc_task *task, char out[33]);

/* ---- evaluation ------------------------------------------------------------- */

typedef enum arc_eval_status {
  ARC_EVAL_SOLVED,  /* every demo pair matched */
  ARC_EVAL_WRONG,   /* some demo pair gave a different grid (or no grid) */
  ARC_EVAL_ERROR,   /* the program failed on some demo pair */
  ARC_EVAL_BUDGET,  /* work exceeded the budget */
  ARC_EVAL_TIMEOUT, /* the per-task wall-clock safety limit hit */
} arc_eval_status;

const char *arc_eval_status_name(arc_eval_status s);

typedef struct arc_grid {
  int h, w;
  uint8_t *cells; /* h*w colours, row-major (malloc'd) */
} arc_grid;

typedef struct arc_program_result {
  uint32_t program;      /* battery program index */
  arc_eval_status status;
  uint32_t matches;      /* demo pairs exactly matched */
  uint32_t evaluated;    /* demo pairs evaluated */
  uint32_t train_pairs;  /* demo pairs of the task */
  double scores[ARC_SCORER_COUNT];
  double score;          /* arc_combined_score */
  uint64_t work;         /* demo-pair work units */
  /* Test predictions, one per test input in order (cells NULL when the
   * program gave no grid there); only for kept results that are solved, or
   * not stopped by budget/timeout when partial scores were asked for. */
  size_t n_predictions;
  arc_grid *predictions;
} arc_program_result;

typedef struct arc_eval_task {
  const arc_task *task;
  char task_hash[33];
  size_t n_kept;         /* best results, ranked (at most arc_eval_options.keep) */
  arc_program_result *kept;
  size_t n_solved_by;    /* battery programs that solve the task, ascending */
  uint32_t *solved_by;
  size_t programs_run;   /* programs evaluated on this task */
  uint64_t demo_evaluations; /* (program, demo pair) evaluations */
  uint64_t nodes_computed;   /* node computations (memo misses) */
  uint64_t memo_hits;        /* computations answered by the value memo */
  uint64_t nodes_reused;     /* node uses answered by DAG sharing */
  double seconds;            /* wall-clock time of the task (profiles only) */
  bool timed_out;
} arc_eval_task;

/* Called on the calling thread of arc_eval for each finished task, in task
 * order, as soon as it and all tasks before it are done. */
typedef void (*arc_eval_task_fn)(void *user, const arc_eval_task *task, size_t index, size_t total);

typedef struct arc_eval_options {
  uint64_t budget;       /* work units per program per task; 0 = unlimited */
  int jobs;              /* worker threads (<= 0: one) */
  bool cross;            /* every program on every task (else solve_<id>) */
  bool partial;          /* evaluate every demo pair, no early stop */
  bool memo;             /* value-hash memo across nodes */
  size_t keep;           /* results kept per task (0: ARC_DEFAULT_KEEP) */
  double task_seconds;   /* wall-clock safety limit per task; 0 = none */
  size_t memory_guard;   /* bytes a worker may hold for one input; 0 = none */
  arc_eval_task_fn on_task;    /* may be NULL */
  void *user;
} arc_eval_options;

arc_eval_options arc_eval_options_default(void);

typedef struct arc_eval_result {
  arc_eval_task *tasks; /* in task id order */
  size_t count;
  size_t solved;         /* tasks with at least one solving program */
  uint64_t program_task_pairs;
  uint64_t demo_evaluations;
  uint64_t nodes_computed, memo_hits, nodes_reused;
  size_t constants_folded;
  size_t timeouts;
  double fold_seconds;     /* constant folding before the run */
  double evaluate_seconds; /* wall clock of the parallel phase */
  double score_seconds;    /* time in scorers, summed over workers */
  int jobs_asked;          /* worker threads asked for (jobs, capped by the task count) */
  int threads;             /* threads that evaluated: fewer when some could not start
                              (results are the same either way) */
} arc_eval_result;

/* Runs the battery over every task of `set`. Returns 0, or -1 with err set
 * (ARC_ERR_FAILED) when the run could not be carried out (memory). When
 * worker threads cannot start, the calling thread does the work (see
 * out->threads). The battery's
 * constants are folded first, so two arc_eval calls must not run concurrently
 * on one battery (runs one after the other are fine). */
int arc_eval(const arc_battery *b, const arc_taskset *set, const arc_eval_options *opts,
             arc_eval_result *out, arc_error *err);
void arc_eval_result_free(arc_eval_result *r);

#endif
