/*
 * lang.h - the program language: arc-dsl solver files, compiled into one
 * shared DAG, and the interpreter that evaluates it.
 *
 * A solver file is a restricted Python file, exactly as in arc-dsl's
 * solvers.py (see docs/LANGUAGE.md for the grammar):
 *
 *     from dsl import *
 *     def solve_007bbfb7(I):
 *         x1 = hupscale(I, THREE)
 *         O = cellwise(x1, I, ZERO)
 *         return O
 *
 * Loading checks syntax, names, definition order, primitive arity and
 * argument kinds (the tv_prim.params masks) and reports the first problem as
 * "file:line:col: message" (1-based). A file is added all-or-nothing.
 *
 * The DAG. Every program of a library is compiled into one hash-consed DAG:
 * a node is (op, primitive or constant, child node ids), and identical
 * expressions anywhere - within a program, across programs and across files -
 * are one node. Node ids are topological (children have smaller ids). Each
 * program records its name, file, root node, the nodes it needs (sorted) and,
 * for each of those, the source line of the statement that introduced it, so
 * a runtime error names the file, program and line that failed.
 *
 * Evaluation computes each needed node once per input (a memo array indexed
 * by node id), skips nodes no requested root needs (dead statements are never
 * run), and can reuse input-independent nodes folded once per library
 * (tl_library_fold_constants).
 *
 * Ownership and threads. A tl_library owns all of its memory (names, nodes,
 * folded values); pointers it returns are valid until tl_library_free. While
 * files are being added the library is single-threaded; after loading it is
 * read-only, and the evaluation calls may run concurrently, each with its own
 * tv_ctx and arena. Evaluation results are allocated in ctx->arena, except
 * values of folded nodes, which live in the library (valid until it is freed).
 */
#ifndef TESSERA_LANG_H
#define TESSERA_LANG_H

#include <stddef.h>
#include <stdint.h>

#include "tessera/prims.h"
#include "tessera/value.h"

/* A load error: "file:line:col: message", NUL-terminated, truncated to fit. */
typedef struct tl_diag {
  char message[512];
} tl_diag;

/* Programs compiled into one shared DAG; owns its memory. */
typedef struct tl_library tl_library;

/* A new, empty library (NULL only if malloc fails). */
tl_library *tl_library_new(void);
/* Frees the library and everything it returned (NULL is allowed). */
void tl_library_free(tl_library *lib);

/* Parses a solver file and adds every def in it. Returns the number of
 * programs added, or -1 with *diag set (and nothing added). diag may be NULL.
 * The path as given is used as the file name in messages. */
int tl_library_add_file(tl_library *lib, const char *path, tl_diag *diag);
/* Same for source text in memory (`text` need not be NUL-terminated; `len`
 * bytes are read). `filename` is copied and used in messages. */
int tl_library_add_source(tl_library *lib, const char *filename, const char *text, size_t len,
                          tl_diag *diag);

/* Number of programs, in the order they were added. */
size_t tl_library_count(const tl_library *lib);
/* Name of program i as written after `def` (library-owned string), or NULL
 * when i is out of range. */
const char *tl_program_name(const tl_library *lib, size_t i);
/* Index of the program named `name`, or -1. */
long tl_library_find(const tl_library *lib, const char *name);
/* File name program i was loaded from (library-owned), NULL if out of range. */
const char *tl_program_file(const tl_library *lib, size_t i);
/* Line of program i's `def` (1-based), 0 if out of range. */
int tl_program_line(const tl_library *lib, size_t i);

/* Runs program i on `input` (normally a grid, bound to the parameter I).
 * Returns the program's value, or a TV_ERROR whose message reads
 * "file:line: program: message" for the statement that failed. When the work
 * budget (ctx->budget) runs out the result is tv_budget_error(ctx) itself.
 * An out-of-range i gives an error value. Thread-safe after loading. */
tv_val tl_run(const tl_library *lib, size_t i, tv_ctx *ctx, tv_val input);

/* Canonical text of program i in arc-dsl syntax (malloc'd; the caller frees
 * it; NULL if i is out of range or malloc fails). Statements are one per DAG
 * node in a depth-first post-order from the root (arguments left to right);
 * intermediate values are named x1..xn, the root O; constants are written by
 * their constants.py name when they have one. Two programs with the same
 * computation print identically, whatever their variable names or nesting. */
char *tl_program_canonical(const tl_library *lib, size_t i);

/* ---- the DAG, for the battery evaluator and tools -------------------------- */

typedef enum tl_op {
  TL_OP_INPUT, /* the program parameter (the input grid) */
  TL_OP_CONST, /* a constant value: literal, constants.py name, or primitive */
  TL_OP_CALL,  /* prim(args...) with a primitive known at load time */
  TL_OP_APPLY, /* args[0](args[1..]): call of a function value (tv_call) */
  TL_OP_TUPLE, /* (args...): a tuple literal with non-constant elements */
} tl_op;

typedef struct tl_node_info {
  tl_op op;
  const tv_prim *prim;   /* TL_OP_CALL: the primitive; else NULL */
  tv_val value;          /* TL_OP_CONST: the value (immediate or static) */
  tv_type type;          /* kinds the node may produce (static analysis) */
  bool input_dependent;  /* false when the value is the same for every input */
  size_t nargs;
  const uint32_t *args;  /* child node ids (library-owned), all < the node id */
} tl_node_info;

/* Number of nodes in the shared DAG. */
size_t tl_library_node_count(const tl_library *lib);
/* Describes node `id`; false if id is out of range. */
bool tl_node_get(const tl_library *lib, size_t id, tl_node_info *out);
/* Root node id of program i (its return value); (size_t)-1 if out of range. */
size_t tl_program_root(const tl_library *lib, size_t i);
/* Number of nodes program i needs to compute its root (0 if out of range). */
size_t tl_program_node_count(const tl_library *lib, size_t i);

/* Evaluates every input-independent call node once (each with its own work
 * budget `budget_per_node`, 0 = unlimited) and keeps the successful results
 * in the library, so later evaluations reuse them instead of recomputing.
 * Nodes whose evaluation fails are left for run time, where the error is
 * reported normally. Returns the number of folded nodes. Must not run
 * concurrently with anything else on the library. */
size_t tl_library_fold_constants(tl_library *lib, uint64_t budget_per_node);

/* Memo statistics of one multi-root evaluation. */
typedef struct tl_eval_stats {
  size_t nodes_needed;     /* distinct nodes the requested roots need */
  size_t nodes_evaluated;  /* nodes computed during this call */
  size_t nodes_folded;     /* nodes taken from the folded constants */
  size_t errors;           /* requested programs whose result is an error */
} tl_eval_stats;

/* Evaluates programs[0..n) on one input, computing every needed node exactly
 * once (shared sub-expressions are shared between the programs), and stores
 * program programs[k]'s result in out[k] (same conventions as tl_run: errors
 * name file, program and line). The work budget of ctx covers the whole call;
 * once it is exhausted every unfinished result is the budget error.
 * Out-of-range program indices give error results. stats may be NULL.
 * Returns 0, or -1 if the arena could not hold the memo (out[] then holds
 * errors). Thread-safe after loading, like tl_run. */
int tl_eval_roots(const tl_library *lib, tv_ctx *ctx, tv_val input, const size_t *programs,
                  size_t n, tv_val *out, tl_eval_stats *stats);

/* Like tl_eval_roots, but each program gets its own work budget of
 * `budget_per_program` units (0 = unlimited; ctx->budget is ignored and
 * restored afterwards). Programs run in the given order; a node computed for
 * an earlier program is reused (and charged only to the program that first
 * computed it), except a node that ran out of budget, which is computed again
 * under the next program's budget. So one runaway program cannot starve the
 * others, and each result is what tl_run would give with that budget, except
 * that work already done by earlier programs is free. Returns 0, or -1 if the
 * memo did not fit in the arena. */
int tl_eval_each(const tl_library *lib, tv_ctx *ctx, tv_val input, const size_t *programs,
                 size_t n, uint64_t budget_per_program, tv_val *out, tl_eval_stats *stats);

#endif
