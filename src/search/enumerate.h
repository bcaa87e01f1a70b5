/*
 * enumerate.h - the bottom-up enumerator of the search layer: its node pool,
 * the transform vocabulary (vocab.c) and the arc-dsl text of a node (emit.c).
 *
 * A node is one expression and its value on every example of the task (demo
 * inputs first, then test inputs). Nodes live in one growable array owned by
 * the enumerator; their values live in the tv_ctx arena the caller passes.
 * Node ids are topological: a node's arguments always have smaller ids, so
 * emitting nodes in id order gives a valid straight-line program.
 *
 * Observational equivalence: a hash table maps the hash of a node's value
 * tuple to its id; a new expression whose tuple equals an existing one
 * (tv_eq on every example) is dropped, so the first, cheapest expression for
 * each tuple is kept. Iteration never goes through the table (it only answers
 * "seen?"), so the node order depends on nothing but the vocabulary order.
 *
 * Ownership: ts_enum owns nodes[] and the table (malloc'd, freed by
 * ts_enum_free); values belong to the ctx arena. Not thread-safe (one per
 * ts_solve call).
 */
#ifndef TESSERA_SEARCH_ENUMERATE_H
#define TESSERA_SEARCH_ENUMERATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "search/search_internal.h"
#include "tessera/prims.h"

/* What a node's values are (on every demo). */
enum { TS_T_GRID = 1, TS_T_PARTS = 2, TS_T_DIMS = 3 };

typedef struct ts_node {
  const tv_prim *prim; /* NULL: the input I, or an expression node (expr) */
  const char *expr;    /* prim NULL: arc-dsl expression over I giving vals
                          (a size rule of size.c), or NULL for the input */
  uint8_t nargs;
  uint8_t node_args;   /* bit i: arg[i] is a node id, else a constant value */
  uint8_t type;        /* TS_T_* */
  uint8_t depth;       /* enumeration level (0: seeds) */
  uint32_t cost;       /* expression size: primitive calls, shared ones once per path */
  bool test_error;     /* an error (or not a grid) on some test input */
  uint64_t hash;       /* hash of the value tuple */
  uint64_t dhash;      /* hash of its demo values */
  tv_val arg[4];
  tv_val *vals;        /* ex->n values, in the ctx arena */
} ts_node;

/* A transform instance: a primitive with every argument but one bound. The
 * free slot takes a node of type in_type; bound arguments are constants, or
 * node ids (bit set in node_args) for per-example constants such as sizes. */
typedef struct ts_inst {
  const tv_prim *prim;
  uint8_t nargs, slot, in_type, out_type, node_args;
  tv_val arg[4];
} ts_inst;

typedef struct ts_vocab {
  ts_inst *inst;
  size_t n, cap;
} ts_vocab;

/* Task constants the vocabulary binds. dims[] are node ids of size nodes
 * (per-example pairs) with their literal or expression already in the pool. */
typedef struct ts_vocab_consts {
  int bg;
  int bgs[2];        /* values for BG parameters: bg, then 0 when bg is not 0 */
  size_t n_bgs;
  int colours[10];
  size_t n_colours;  /* task colours, appear/disappear first */
  uint16_t in_colours, out_colours;
  tv_val dims[4];       /* node id (dims_is_node) or a constant pair */
  bool dims_is_node[4];
  size_t n_dims;
  bool ext;          /* extension primitives allowed */
} ts_vocab_consts;

/* Builds the unary vocabulary (deterministic order). false: out of memory. */
bool ts_vocab_build(ts_vocab *v, const ts_vocab_consts *c);
void ts_vocab_free(ts_vocab *v);

#define TS_MAX_SOLUTIONS 16
#define TS_MAX_PIECES 12000
#define TS_MAX_PARTIALS 4

typedef struct ts_slot {
  uint64_t hash; /* kept here so probing does not touch the nodes */
  uint32_t id;   /* node id + 1, 0 empty */
} ts_slot;

typedef struct ts_enum {
  tv_ctx *ctx;
  const ts_examples *ex;
  ts_node *nodes;
  size_t n, cap;
  struct ts_slot *table; /* open addressing on the tuple hash */
  struct ts_slot *dtable; /* the same nodes on the demo values' hash */
  bool demo_dedup;        /* in ts_enum_run: drop candidates equal to a node on the demos */
  size_t table_cap;
  bool dedup;
  double deadline;
  uint64_t out_hash[TS_MAX_EXAMPLES];
  /* predicted size per example for pieces (h[k] < 0: unknown) */
  int piece_h[TS_MAX_EXAMPLES], piece_w[TS_MAX_EXAMPLES];
  bool have_piece_size;
  /* found */
  uint32_t solutions[TS_MAX_SOLUTIONS];
  size_t n_solutions;
  ts_piece *pieces;
  size_t n_pieces;
  uint32_t partial[TS_MAX_PARTIALS]; /* best by demo cells right, then id */
  size_t partial_right[TS_MAX_PARTIALS];
  size_t n_partial;
  size_t demo_cells; /* cells of all demo outputs */
  /* accounting */
  uint64_t evaluations;
  bool hit_budget, hit_memory, hit_deadline;
  bool stop; /* budget, memory or deadline */
  tv_val *scratch; /* ex->n values for the candidate being evaluated */
  ta_arena scratch_arena; /* candidates are evaluated here, reset after each:
                             only kept values are copied into ctx->arena */
  tv_val err_token; /* the value kept for any failure on a test input */
  long last_dup;    /* after ts_enum_add returned -1: the equal node, or -1 */
} ts_enum;

bool ts_enum_init(ts_enum *e, tv_ctx *ctx, const ts_examples *ex, bool dedup);
void ts_enum_free(ts_enum *e);

/* Evaluates prim(args) on every example and keeps it as a node when it is
 * new, of the given type and error-free on the demos. Returns the node id,
 * or -1 when dropped. Sets e->stop when the budget, memory or deadline ran
 * out. */
long ts_enum_add(ts_enum *e, const tv_prim *prim, size_t nargs, const tv_val *arg,
                 unsigned node_args, int type, int depth);
/* The input node (id 0). */
long ts_enum_add_input(ts_enum *e);
/* A node whose values are given (vals[k] for every example) with the arc-dsl
 * expression over I that computes them (copied into the arena). */
long ts_enum_add_expr(ts_enum *e, const char *expr, const tv_val *vals, int type);
/* Runs the levels: seeds given (ids < e->n at call time are level 0), then
 * levels 1..max_depth over the vocabulary, with the binary operations after
 * level 1. Stops early once a solution is found and its level is done
 * (stop_on_solution). */
void ts_enum_run(ts_enum *e, const ts_vocab *v, int bg, int max_depth, bool stop_on_solution);

/* Cells of demo outputs node id gets right (0 when a shape differs). */
size_t ts_enum_cells_right(const ts_enum *e, uint32_t id, size_t *demos_right);

/* ---- emit.c ---------------------------------------------------------------- */

/* A growable text buffer (malloc'd). */
typedef struct ts_text {
  char *s;
  size_t n, cap;
  bool failed;
} ts_text;
void ts_text_addf(ts_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Arc-dsl text of a value used as a constant argument: ZERO..TEN, NEG_ONE,
 * pairs by their constants.py name or "(a, b)". */
void ts_emit_const(ts_text *t, tv_val v);

/* Emits the statements computing roots[0..n_roots) (and what they need) as
 * "    xK = prim(args)" lines into t; the input node is `input_name`.
 * names[id] receives each emitted node's variable number (0 for the input);
 * *next_var is the next free variable number. uses_ext is set when an
 * extension primitive is called. */
void ts_emit_nodes(const ts_enum *e, const uint32_t *roots, size_t n_roots, const char *input_name,
                   uint32_t *names, unsigned *next_var, ts_text *t, bool *uses_ext);

/* ---- solve.c ------------------------------------------------------------- */

/* Programs dropped because their text did not reproduce the engine's values
 * (process-wide, for tests: must stay 0). */
unsigned long ts_debug_unreproduced(void);
/* Work charged per primitive (tv_prim_index) by the enumerator, when the
 * caller points it at an array (single-threaded benchmarks only). */
extern uint64_t *ts_debug_work;

#endif
