/*
 * eval.c - the interpreter: evaluates program roots over the shared DAG.
 *
 * One evaluation owns a memo array (indexed by node id, allocated in the
 * ctx arena) and walks the needed nodes in increasing id order, which is a
 * topological order, so every child is ready before its parent and each
 * node is computed exactly once however many requested programs share it.
 * Nodes nobody requested are never touched: a program's dead statements do
 * not run.
 *
 * Errors are values. A node whose child is an error takes that error and
 * remembers where it came from (origin[id]), so when a root ends in an error
 * the message can be rewritten per program as "file:line: program: message"
 * with the line of the statement that failed in *that* program (a shared
 * node can sit on different lines in different programs). The budget error
 * is returned as the shared tv_budget_error value so callers can detect it.
 */
#include <stdlib.h>
#include <string.h>

#include "tessera/fault.h"
#include "lang/lang_internal.h"

typedef struct evaluation {
  const tl_library *lib;
  const tl_program *only; /* single-program run: memo indexed like only->needed */
  tv_ctx *ctx;
  tv_val input;
  tv_val *memo;
  uint32_t *origin; /* node whose own computation produced memo[id]'s error */
  tl_eval_stats stats;
} evaluation;


/* Memo slot of a node: its id, or for a single program its position in the
 * program's needed list (so a run allocates only what the program needs). */
static size_t slot(const evaluation *ev, uint32_t node) {
  return ev->only ? tl_program_needed_position(ev->only, node) : node;
}

static tv_val folded_value(const tl_library *lib, uint32_t id) {
  return lib->folded && id < lib->n_folded ? lib->folded[id] : 0;
}

/* Computes a call-like node whose arguments are in the memo. */
static tv_val compute(evaluation *ev, const tl_node *n, const tv_val *argv) {
  tv_ctx *ctx = ev->ctx;
  if (!tv_charge(ctx, 1)) return tv_budget_error(ctx);
  switch ((tl_op)n->op) {
    case TL_OP_CALL: return tv_prim_call(ctx, n->prim, argv);
    case TL_OP_APPLY: return tv_call(ctx, argv[0], n->nargs - 1, argv + 1);
    case TL_OP_TUPLE: return tv_tuple(ctx, n->nargs, argv);
    default: return tv_error(ctx, "internal: node kind %d cannot be computed", n->op);
  }
}

/* Evaluates node id into memo slot `at`. Its children's slots are
 * child_slots[k] when given (single-program runs), else their ids. */
static void eval_node_into(evaluation *ev, uint32_t id, size_t at, const uint32_t *child_slots) {
  const tl_library *lib = ev->lib;
  const tl_node *n = &lib->nodes[id];
  ev->origin[at] = id;
  tv_val folded = folded_value(lib, id);
  if (folded) {
    ev->memo[at] = folded;
    ev->stats.nodes_folded++;
    return;
  }
  if (n->op == TL_OP_INPUT || n->op == TL_OP_CONST) {
    ev->memo[at] = n->op == TL_OP_INPUT ? ev->input : n->value;
    return;
  }
  const uint32_t *args = tl_node_args(lib, n);
  tv_val stack_args[8];
  tv_val *argv = n->nargs <= 8 ? stack_args : ta_alloc_array(ev->ctx->arena, n->nargs, sizeof *argv);
  if (!argv) {
    ev->memo[at] = tv_oom_error(ev->ctx);
    return;
  }
  for (uint32_t k = 0; k < n->nargs; k++) {
    size_t child = child_slots ? child_slots[k] : args[k];
    argv[k] = ev->memo[child];
    if (tv_is_error(argv[k])) {
      ev->memo[at] = argv[k];
      ev->origin[at] = ev->origin[child];
      return;
    }
  }
  ev->stats.nodes_evaluated++;
  tv_val v = compute(ev, n, argv);
  ev->memo[at] = v ? v : tv_error(ev->ctx, "internal: no value");
}

/* A node of a whole-library evaluation (memo indexed by node id). */
static void eval_node(evaluation *ev, uint32_t id) { eval_node_into(ev, id, id, NULL); }

static bool evaluation_begin(evaluation *ev, const tl_library *lib, const tl_program *only,
                             tv_ctx *ctx, tv_val input) {
  *ev = (evaluation){.lib = lib, .only = only, .ctx = ctx, .input = input};
  size_t n = only ? only->n_needed : lib->n_nodes;
  if (n == 0) n = 1;
  ev->memo = ta_alloc_array(ctx->arena, n, sizeof *ev->memo);
  ev->origin = ta_alloc_array(ctx->arena, n, sizeof *ev->origin);
  return ev->memo && ev->origin;
}

/* ---- results ------------------------------------------------------------ */

static int line_in_program(const tl_program *p, uint32_t node) {
  size_t at = tl_program_needed_position(p, node);
  return at < p->n_needed && p->needed[at] == node ? p->needed_line[at] : p->line;
}

static bool starts_with_word(const char *s, const char *word) {
  size_t n = strlen(word);
  return strncmp(s, word, n) == 0 && s[n] == ':';
}

/* Whether v is the shared budget error (probing on a copy of ctx, so that
 * asking does not record an error in ctx itself). */
static bool is_budget_error(const tv_ctx *ctx, tv_val v) {
  tv_ctx probe = *ctx;
  return v == tv_budget_error(&probe);
}

/* The program-level error for an error value that reached its root. */
static tv_val located_error(const evaluation *ev, const tl_program *p, tv_val err) {
  tv_ctx *ctx = ev->ctx;
  if (is_budget_error(ctx, err)) return err;
  uint32_t where = ev->origin[slot(ev, p->root)];
  const tl_node *n = &ev->lib->nodes[where];
  const char *msg = tv_error_message(err);
  if (!msg) msg = "error";
  int saved = ctx->line;
  ctx->line = line_in_program(p, where);
  tv_val located;
  if (n->op == TL_OP_CALL && !starts_with_word(msg, n->prim->name))
    located = tv_error(ctx, "%s:%d: %s: %s: %s", p->file, ctx->line, p->name, n->prim->name, msg);
  else
    located = tv_error(ctx, "%s:%d: %s: %s", p->file, ctx->line, p->name, msg);
  ctx->line = saved;
  return located;
}

static tv_val program_result(evaluation *ev, const tl_program *p) {
  tv_val v = ev->memo[slot(ev, p->root)];
  if (!tv_is_error(v)) return v;
  ev->stats.errors++;
  return located_error(ev, p, v);
}

/* ---- public entry points ------------------------------------------------ */

tv_val tl_run(const tl_library *lib, size_t i, tv_ctx *ctx, tv_val input) {
  if (!lib || i >= lib->n_programs)
    return tv_error(ctx, "no program with index %zu", i);
  if (tv_is_error(input) || input == 0) return input ? input : tv_error(ctx, "no input value");
  const tl_program *p = &lib->programs[i];
  evaluation ev;
  if (!evaluation_begin(&ev, lib, p, ctx, input)) return tv_oom_error(ctx);
  int saved = ctx->line;
  const uint32_t *arg_slots = p->arg_slots;
  for (uint32_t k = 0; k < p->n_needed; k++) {
    ctx->line = p->needed_line[k];
    eval_node_into(&ev, p->needed[k], k, arg_slots);
    arg_slots += lib->nodes[p->needed[k]].nargs;
  }
  ctx->line = saved;
  return program_result(&ev, p);
}

/* Marks every node the requested programs need; returns the highest id + 1. */
static size_t mark_needed(const tl_library *lib, const size_t *programs, size_t n, uint8_t *need) {
  size_t end = 0;
  for (size_t k = 0; k < n; k++) {
    if (programs[k] >= lib->n_programs) continue;
    const tl_program *p = &lib->programs[programs[k]];
    for (uint32_t j = 0; j < p->n_needed; j++) need[p->needed[j]] = 1;
    if (p->n_needed && p->needed[p->n_needed - 1] + (size_t)1 > end)
      end = p->needed[p->n_needed - 1] + (size_t)1;
  }
  return end;
}

int tl_eval_roots(const tl_library *lib, tv_ctx *ctx, tv_val input, const size_t *programs,
                  size_t n, tv_val *out, tl_eval_stats *stats) {
  evaluation ev;
  uint8_t *need = NULL;
  if (input == 0) input = tv_error(ctx, "no input value");
  if (lib && evaluation_begin(&ev, lib, NULL, ctx, input))
    need = ta_alloc_zero(ctx->arena, lib->n_nodes ? lib->n_nodes : 1);
  if (!need) {
    for (size_t k = 0; k < n; k++) out[k] = tv_oom_error(ctx);
    if (stats) *stats = (tl_eval_stats){0, 0, 0, n};
    return -1;
  }
  size_t end = mark_needed(lib, programs, n, need);
  for (size_t id = 0; id < end; id++) {
    if (!need[id]) continue;
    ev.stats.nodes_needed++;
    eval_node(&ev, (uint32_t)id);
  }
  for (size_t k = 0; k < n; k++) {
    if (programs[k] < lib->n_programs) {
      out[k] = program_result(&ev, &lib->programs[programs[k]]);
    } else {
      out[k] = tv_error(ctx, "no program with index %zu", programs[k]);
      ev.stats.errors++;
    }
  }
  if (stats) *stats = ev.stats;
  return 0;
}

/* One program of tl_eval_each: reuses what earlier programs computed, except
 * budget errors, which are recomputed under this program's own budget. */
static void eval_program_nodes(evaluation *ev, const tl_program *p, tv_val budget_error) {
  for (uint32_t j = 0; j < p->n_needed; j++) {
    uint32_t id = p->needed[j];
    tv_val known = ev->memo[id];
    if (known && known != budget_error) continue;
    if (!known) ev->stats.nodes_needed++;
    eval_node(ev, id);
  }
}

int tl_eval_each(const tl_library *lib, tv_ctx *ctx, tv_val input, const size_t *programs,
                 size_t n, uint64_t budget_per_program, tv_val *out, tl_eval_stats *stats) {
  evaluation ev;
  if (input == 0) input = tv_error(ctx, "no input value");
  bool ready = lib && evaluation_begin(&ev, lib, NULL, ctx, input);
  if (ready) memset(ev.memo, 0, lib->n_nodes * sizeof *ev.memo);
  if (!ready) {
    for (size_t k = 0; k < n; k++) out[k] = tv_oom_error(ctx);
    if (stats) *stats = (tl_eval_stats){0, 0, 0, n};
    return -1;
  }
  tv_ctx probe = *ctx;
  tv_val budget_error = tv_budget_error(&probe);
  uint64_t saved_budget = ctx->budget;
  for (size_t k = 0; k < n; k++) {
    if (programs[k] >= lib->n_programs) {
      out[k] = tv_error(ctx, "no program with index %zu", programs[k]);
      ev.stats.errors++;
      continue;
    }
    const tl_program *p = &lib->programs[programs[k]];
    ctx->budget = budget_per_program ? ctx->work + budget_per_program : 0;
    eval_program_nodes(&ev, p, budget_error);
    out[k] = program_result(&ev, p);
  }
  ctx->budget = saved_budget;
  if (stats) *stats = ev.stats;
  return 0;
}

/* ---- constant folding --------------------------------------------------- */

size_t tl_library_fold_constants(tl_library *lib, uint64_t budget_per_node) {
  if (!lib || !lib->n_nodes) return 0;
  tv_val *folded = tc_realloc(lib->folded, lib->n_nodes * sizeof *folded);
  if (!folded) return 0;
  memset(folded + lib->n_folded, 0, (lib->n_nodes - lib->n_folded) * sizeof *folded);
  lib->folded = folded;
  lib->n_folded = lib->n_nodes;
  tv_ctx ctx;
  tv_ctx_init(&ctx, &lib->fold_arena, budget_per_node);
  evaluation ev = {.lib = lib, .ctx = &ctx, .input = 0};
  ev.memo = tc_calloc(lib->n_nodes, sizeof *ev.memo);
  ev.origin = tc_calloc(lib->n_nodes, sizeof *ev.origin);
  size_t count = 0;
  for (uint32_t id = 0; id < lib->n_nodes && ev.memo && ev.origin; id++) {
    const tl_node *n = &lib->nodes[id];
    if (n->input_dep) continue;
    ctx.work = 0;
    eval_node(&ev, id);
    tv_val v = ev.memo[id];
    if (n->op == TL_OP_CONST || tv_is_error(v) || lib->folded[id]) continue;
    lib->folded[id] = v;
    count++;
  }
  free(ev.memo);
  free(ev.origin);
  return count;
}
