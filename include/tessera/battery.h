/*
 * battery.h - the battery evaluator: many programs run over many ARC tasks,
 * scored per (program, task), with the best programs kept per task.
 *
 * Compilation. tb_battery_compile takes a loaded tl_library (every program
 * already shares one hash-consed DAG, see lang.h) and collapses programs
 * that compute the same thing (same root node) into one battery program,
 * identified by the hash of its canonical text (lang.h's canonical form,
 * without the `def` line). Each battery program lists the DAG nodes it needs.
 *
 * Evaluation (tb_run). Tasks are spread over a fixed pool of threads. For a
 * task, demo (train) pairs are evaluated one at a time; on each pair only the
 * nodes needed by programs still alive are computed, each once, and a
 * per-task memo keyed by (primitive, argument values) lets different nodes
 * that compute the same value share the work (switchable: tb_options.memo).
 * A program stops at its first demo pair that is not an exact match unless
 * tb_options.partial is set.
 *
 * Budgets. A program's work on a task is the sum, over the demo pairs it was
 * evaluated on, of the work units (value.h) of every DAG node it needs, each
 * node's work measured on its own the first time it is computed for that
 * input, whoever computes it (memo hits and folded constants are charged
 * what a fresh computation costs). A node is computed with a work cap equal
 * to the budget. A program whose work exceeds the budget ends with status
 * TB_BUDGET. These rules make every status, score and work figure identical
 * whatever the thread count, memo switch or machine speed. A wall-clock
 * limit per task (tb_options.task_seconds) is a last resort only: programs
 * still running when it hits end with TB_TIMEOUT and the task is flagged.
 *
 * Scoring (scorers.c, docs/BATTERY.md). Every evaluated demo pair is scored by
 * the named scorers of tb_scorer; a program's scorer figure is the mean over
 * ALL demo pairs of the task (pairs not evaluated count 0). Ranking: more
 * exact demo matches, then higher `score`, then less work, then shorter
 * canonical text, then program hash.
 *
 * Ownership. A tb_battery owns its programs' names, texts and node lists
 * (valid until tb_battery_free) and needs its tl_library to stay alive while
 * it is used. A tb_run_result owns plain malloc'd copies of everything it
 * holds (predicted grids included); task pointers refer to the task set,
 * which must outlive it. Free it with tb_run_result_free.
 */
#ifndef TESSERA_BATTERY_H
#define TESSERA_BATTERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tessera/arc_task.h"
#include "tessera/lang.h"

/* Work units per program per task when none is given (see docs/BATTERY.md). */
#define TB_DEFAULT_BUDGET ((uint64_t)20000000)
/* Best programs kept per task. */
#define TB_DEFAULT_KEEP 32
/* Wall-clock safety limit per task, seconds. */
#define TB_DEFAULT_TASK_SECONDS 60.0
/* Memory guard per worker and input: dozens of programs exhausting their
 * budgets on one pair could otherwise hold gigabytes (see docs/BATTERY.md). */
#define TB_DEFAULT_MEMORY_GUARD ((size_t)3 << 30)

/* ---- scorers ---------------------------------------------------------------- */

typedef enum tb_scorer {
  TB_SCORE_EXACT,   /* 1 when the output equals the expected grid */
  TB_SCORE_CELLS,   /* fraction of equal cells when shapes agree, else 0 */
  TB_SCORE_SHAPE,   /* 1 when the output has the expected height and width */
  TB_SCORE_PALETTE, /* |colours in both| / |colours in either| (Jaccard) */
  TB_SCORE_COUNTS,  /* sum over colours of min(count) / max(cell totals) */
  TB_SCORER_COUNT
} tb_scorer;

/* Scorer name as used in JSON and the store ("exact", "cells", ...). */
const char *tb_scorer_name(tb_scorer s);

/* Scores one output against the expected grid into scores[TB_SCORER_COUNT].
 * A missing output (out_cells NULL with out_h == 0) scores 0 everywhere. */
void tb_score_pair(int out_h, int out_w, const uint8_t *out_cells, int exp_h, int exp_w,
                   const uint8_t *exp_cells, double scores[TB_SCORER_COUNT]);

/* The single ranking figure of a program on a task: 0.9 * exact fraction +
 * 0.1 * mean of the partial scorers (cells, shape, palette, counts); 1.0
 * exactly when every demo pair matches. `scores` are per-task means. */
double tb_combined_score(const double scores[TB_SCORER_COUNT]);

/* ---- compilation ------------------------------------------------------------ */

typedef struct tb_program {
  const char *name;     /* first program name with this computation */
  const char *text;     /* canonical body: statements after the def line */
  size_t length;        /* strlen(text) */
  char hash[33];        /* 128-bit hex hash of text */
  uint32_t root;        /* DAG root node */
  uint32_t n_nodes;     /* nodes needed (sorted ascending, inputs/constants too) */
  const uint32_t *nodes;
  uint32_t n_calls;     /* of those, nodes that compute something */
} tb_program;

typedef struct tb_battery tb_battery;

/* Compiles every program of `lib`. NULL (with a message in err) only when
 * memory runs out or the library is empty. */
tb_battery *tb_battery_compile(const tl_library *lib, char *err, size_t errlen);
void tb_battery_free(tb_battery *b);
size_t tb_battery_count(const tb_battery *b);
const tb_program *tb_battery_program(const tb_battery *b, size_t i);
/* Battery program of the (first) library program named `name`, or -1. */
long tb_battery_find_name(const tb_battery *b, const char *name);
/* The distinct battery programs of every library program named `name`
 * (several files may each define solve_<id>), in library order, written to
 * out (room for tb_battery_count entries). Returns how many. */
size_t tb_battery_find_all(const tb_battery *b, const char *name, uint32_t *out);
/* Nodes of the shared DAG, and how many node computations per input the
 * sharing saves (sum of programs' call nodes minus distinct call nodes). */
size_t tb_battery_node_count(const tb_battery *b);
size_t tb_battery_nodes_shared(const tb_battery *b);
const tl_library *tb_battery_library(const tb_battery *b);

/* Hex content hash of a task: train pairs and test inputs (not test outputs,
 * so a Kaggle challenge hashes the same with or without its solutions). */
void tb_task_hash(const arc_task *task, char out[33]);

/* ---- evaluation ------------------------------------------------------------- */

typedef enum tb_status {
  TB_SOLVED,  /* every demo pair matched */
  TB_WRONG,   /* some demo pair gave a different grid (or no grid) */
  TB_ERROR,   /* the program failed on some demo pair */
  TB_BUDGET,  /* work exceeded the budget */
  TB_TIMEOUT, /* the per-task wall-clock safety limit hit */
} tb_status;

const char *tb_status_name(tb_status s);

typedef struct tb_grid {
  int h, w;
  uint8_t *cells; /* h*w colours, row-major (malloc'd) */
} tb_grid;

typedef struct tb_result {
  uint32_t program;      /* battery program index */
  tb_status status;
  uint32_t matches;      /* demo pairs exactly matched */
  uint32_t evaluated;    /* demo pairs evaluated */
  uint32_t train_pairs;  /* demo pairs of the task */
  double scores[TB_SCORER_COUNT];
  double score;          /* tb_combined_score */
  uint64_t work;         /* demo-pair work units */
  /* Test predictions, one per test input in order (cells NULL when the
   * program gave no grid there); only for kept results that are solved, or
   * not stopped by budget/timeout when partial scores were asked for. */
  size_t n_predictions;
  tb_grid *predictions;
} tb_result;

typedef struct tb_task_result {
  const arc_task *task;
  char task_hash[33];
  size_t n_kept;         /* best results, ranked (at most tb_options.keep) */
  tb_result *kept;
  size_t n_solved_by;    /* battery programs that solve the task, ascending */
  uint32_t *solved_by;
  size_t programs_run;   /* programs evaluated on this task */
  uint64_t demo_evaluations; /* (program, demo pair) evaluations */
  uint64_t nodes_computed;   /* node computations (memo misses) */
  uint64_t memo_hits;        /* computations answered by the value memo */
  uint64_t nodes_reused;     /* node uses answered by DAG sharing */
  bool timed_out;
} tb_task_result;

/* Called on the calling thread of tb_run for each finished task, in task
 * order, as soon as it and all tasks before it are done. */
typedef void (*tb_task_fn)(void *user, const tb_task_result *task, size_t index, size_t total);

typedef struct tb_options {
  uint64_t budget;       /* work units per program per task; 0 = unlimited */
  int jobs;              /* worker threads (<= 0: one) */
  bool cross;            /* every program on every task (else solve_<id>) */
  bool partial;          /* evaluate every demo pair, no early stop */
  bool memo;             /* value-hash memo across nodes */
  size_t keep;           /* results kept per task (0: TB_DEFAULT_KEEP) */
  double task_seconds;   /* wall-clock safety limit per task; 0 = none */
  size_t memory_guard;   /* bytes a worker may hold for one input; 0 = none */
  tb_task_fn on_task;    /* may be NULL */
  void *user;
} tb_options;

tb_options tb_options_default(void);

typedef struct tb_run_result {
  tb_task_result *tasks; /* in task id order */
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
} tb_run_result;

/* Runs the battery over every task of `set`. Returns 0, or -1 with err set
 * when the run could not be carried out (memory, threads). The battery's
 * constants are folded first, so two tb_run calls must not run concurrently
 * on one battery (runs one after the other are fine). */
int tb_run(const tb_battery *b, const arc_taskset *set, const tb_options *opts,
           tb_run_result *out, char *err, size_t errlen);
void tb_run_result_free(tb_run_result *r);

#endif
