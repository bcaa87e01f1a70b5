/*
 * search.h - program search: find arc-dsl programs that turn every demo
 * input of a task into its output, and predict the test outputs with them.
 *
 * The search works on values of the grid layer (value.h) and writes its
 * answers as arc-dsl source text that the lang layer (lang.h) loads and runs:
 * every program it returns, run by `tessera arc run` on the task, gives the
 * predictions it reports. It knows nothing of files, stores or task sets;
 * the arc layer (arc solve) reads tasks, calls ts_solve once per task and
 * writes submissions and stores.
 *
 * How it searches (docs/SEARCH.md has the measured value of each part):
 *   1. task analysis: background, palettes, colours that appear/disappear,
 *      the D8 map when one exists (search_internal.h, ts_analyse);
 *   2. output-size prediction (ts_predict_sizes);
 *   3. bottom-up enumeration of grid-to-grid expressions over all examples
 *      at once (demo inputs, then test inputs): a candidate's value is the
 *      tuple of its values on every example, and candidates with equal tuples
 *      are one (the cheaper kept) - observational equivalence;
 *   4. composition of partial answers (ts_compose): candidates right on part
 *      of every demo output overlaid into one answer;
 *   5. colour normalisation: the same search on colour-normalised examples,
 *      its programs wrapped in role_map / permute_colors;
 *   6. library programs given by the caller, run first and used as seeds.
 *
 * Determinism. All limits are counted in work units (value.h), never in
 * seconds: the same problem and options give the same result on any machine
 * and with any number of threads. ts_solve is thread-safe for distinct
 * problems (each call uses only its own arena and the read-only library).
 *
 * Ownership. The problem's grids belong to the caller and must stay valid
 * during the call. A ts_result owns its strings and prediction grids (in its
 * own arena); free it with ts_result_free.
 *
 * Errors. The search layer's error type is ts_error (a message naming what
 * failed). A budget or memory cap is not an error: the result says which
 * cap was hit and holds what was found before it.
 */
#ifndef TESSERA_SEARCH_H
#define TESSERA_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tessera/arena.h"
#include "tessera/lang.h"
#include "tessera/value.h"

/* Work units per task when ts_options.budget is 0. Chosen so that the 400
 * training tasks take about icecuber depth 2's time on 2 cores: about 96
 * CPU-seconds in all with 2 threads, i.e. about 50 s wall on an idle 2-core
 * machine (docs/SEARCH.md, "Engine"). */
#define TS_DEFAULT_BUDGET 120000000ull
/* Memory cap per task when ts_options.memory_mb is 0. */
#define TS_DEFAULT_MEMORY_MB 512
/* Programs kept per task in a result. */
#define TS_MAX_PROGRAMS 8
/* Examples per task (demos + tests) the search accepts. */
#define TS_MAX_EXAMPLES 32

/* The search layer's one error type. */
typedef struct ts_error {
  char message[256];
} ts_error;

/* One task as the search sees it: demo pairs and test inputs (grids). */
typedef struct ts_problem {
  size_t n_demo;
  const tv_val *demo_in;  /* n_demo TV_GRID */
  const tv_val *demo_out; /* n_demo TV_GRID */
  size_t n_test;
  const tv_val *test_in;  /* n_test TV_GRID */
} ts_problem;

/* Parts of the search that can be switched off, for ablations
 * (docs/SEARCH.md): a bit set in ts_options.disable turns that part off. */
enum {
  TS_PART_SIZE = 1u << 0,      /* output-size prediction */
  TS_PART_NORMALISE = 1u << 1, /* colour normalisation */
  TS_PART_COMPOSE = 1u << 2,   /* composition of partial answers */
  TS_PART_EXT = 1u << 3,       /* extension primitives in the vocabulary */
  TS_PART_DEPTH3 = 1u << 4,    /* the third enumeration level */
  TS_PART_LIBRARY = 1u << 5,   /* library programs and their sub-expressions */
  TS_PART_DEDUP = 1u << 6,     /* observational equivalence (for measuring it) */
  TS_PART_OBJECTS = 1u << 7,   /* per-object map templates (objects.c) */
  TS_PART_NEIGHBOURS = 1u << 8, /* library programs with task constants swapped in */
  TS_PART_LIBSEEDS = 1u << 9,  /* library sub-expressions as enumeration seeds */
  TS_PART_LAMBDAS = 1u << 10,  /* library Callables as object-map keys/predicates/maps */
};

typedef struct ts_options {
  uint64_t budget;           /* work units for the task; 0: TS_DEFAULT_BUDGET */
  size_t memory_mb;          /* arena cap for the task; 0: TS_DEFAULT_MEMORY_MB */
  unsigned disable;          /* TS_PART_* bits */
  const tl_library *library; /* programs to try first and to seed from; may be NULL */
  double deadline;           /* CLOCK_MONOTONIC seconds: last-resort wall cap; 0 none */
  const char *library_skip;  /* name of a library program not to use (leave-one-out
                                measurements); NULL: none */
} ts_options;

typedef enum ts_status {
  TS_NOTHING = 0,   /* no candidate at all */
  TS_SIZE_ONLY,     /* only the predicted size (answers are blank grids of it) */
  TS_CANDIDATE,     /* partial candidates, none right on every demo */
  TS_SOLVED,        /* at least one program right on every demo pair */
} ts_status;

const char *ts_status_name(ts_status s); /* "solved", "candidate", "size", "nothing" */

/* One program found for the task, in rank order. */
typedef struct ts_program {
  char *text;             /* arc-dsl source: optional "from tessera_ext import *",
                             then "def solve(I):" with one statement per line
                             (malloc'd, owned by the result) */
  size_t demos_right;     /* demo pairs it gets exactly right */
  double demo_score;      /* fraction of demo output cells right (1.0 when all) */
  uint64_t cost;          /* the search's cost of the expression (smaller first) */
  const char *origin;     /* "enumeration", "composition", "library", "library neighbour",
                             "object map", ... (static) */
  tv_val *predictions;    /* n_test values (grids, or TV_ERROR), in the result's arena */
} ts_program;

typedef struct ts_result {
  ts_status status;
  size_t n_programs;
  ts_program programs[TS_MAX_PROGRAMS]; /* ranked: all demos right first, then cost */
  /* the two attempts per test input: attempts[t][0..1], distinct where two
   * distinct answers exist; always grids (a 1x1 zero grid as last resort) */
  size_t n_test;
  tv_val (*attempts)[2];
  /* predicted output size per test input (0, 0 when none) */
  int (*sizes)[2];
  /* what it cost */
  uint64_t work;            /* work units used */
  uint64_t candidates;      /* distinct candidates kept */
  uint64_t evaluations;     /* candidate-example evaluations done */
  size_t peak_bytes;        /* largest arena size reached */
  bool hit_budget, hit_memory, hit_deadline;
  ta_arena arena;           /* owns attempts, predictions, sizes */
  tv_ctx ctx;               /* builds grids in arena */
} ts_result;

/* Searches one problem. Returns 0 and fills *out (which the caller frees with
 * ts_result_free even when the status is TS_NOTHING), or -1 with *err set
 * for a problem it cannot take (no demos, too many examples, a non-grid
 * value, out of memory before starting); *out is then empty but still safe
 * to free. */
int ts_solve(const ts_problem *problem, const ts_options *opts, ts_result *out, ts_error *err);
void ts_result_free(ts_result *r);

#endif
