/*
 * battery.c - compiling a tl_library into a battery: one entry per distinct
 * computation (library programs with the same root node collapse), the
 * sorted list of DAG nodes each needs, canonical text and its hash, and the
 * folding of input-independent nodes shared by every task.
 *
 * The node lists come from a depth-first walk over tl_node_get, so the
 * battery relies only on the public DAG of lang.h. Identical programs share
 * a root because the DAG is hash-consed; two texts that differ only in names
 * or nesting therefore become one battery program with one hash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xxhash.h>

#include "tessera/fault.h"
#include "arc/battery_internal.h"

const char *arc_eval_status_name(arc_eval_status s) {
  switch (s) {
    case ARC_EVAL_SOLVED: return "solved";
    case ARC_EVAL_WRONG: return "wrong";
    case ARC_EVAL_ERROR: return "error";
    case ARC_EVAL_BUDGET: return "budget";
    case ARC_EVAL_TIMEOUT: return "timeout";
  }
  return "unknown";
}

static void hex128(XXH128_hash_t h, char out[33]) {
  snprintf(out, 33, "%016llx%016llx", (unsigned long long)h.high64, (unsigned long long)h.low64);
}

void arc_task_hash(const arc_task *task, char out[33]) {
  XXH3_state_t *state = XXH3_createState();
  if (!state) {
    snprintf(out, 33, "%032d", 0);
    return;
  }
  XXH3_128bits_reset(state);
  for (size_t k = 0; k < task->n_train + task->n_test; k++) {
    bool train = k < task->n_train;
    const arc_pair *p = train ? &task->train[k] : &task->test[k - task->n_train];
    tv_val grids[2] = {p->input, train ? p->output : 0};
    for (int g = 0; g < 2; g++) {
      int h = 0, w = 0;
      const uint8_t *cells = NULL;
      if (grids[g] && !tv_as_grid(grids[g], &h, &w, &cells)) h = w = 0;
      int shape[3] = {train ? 1 : 2, h, w};
      XXH3_128bits_update(state, shape, sizeof shape);
      if (cells) XXH3_128bits_update(state, cells, (size_t)h * (size_t)w);
    }
  }
  hex128(XXH3_128bits_digest(state), out);
  XXH3_freeState(state);
}

/* ---- compilation ------------------------------------------------------------ */

static int compare_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}

/* Collects the nodes reachable from `root` (marking with `stamp`). */
static uint32_t *collect_nodes(const arc_battery *b, uint32_t root, uint32_t *seen, uint32_t stamp,
                               uint32_t *count, uint32_t *calls) {
  size_t cap = 16, n = 0, top = 0;
  uint32_t *list = tc_malloc(cap * sizeof *list), *stack = tc_malloc(b->n_nodes * sizeof *stack + 4);
  if (!list || !stack) goto fail;
  stack[top++] = root;
  seen[root] = stamp;
  *calls = 0;
  while (top) {
    uint32_t id = stack[--top];
    if (n == cap) {
      uint32_t *grown = tc_realloc(list, 2 * cap * sizeof *list);
      if (!grown) goto fail;
      list = grown;
      cap *= 2;
    }
    list[n++] = id;
    const tl_node_info *node = &b->nodes[id];
    if (node->op != TL_OP_INPUT && node->op != TL_OP_CONST) ++*calls;
    for (size_t k = 0; k < node->nargs; k++) {
      uint32_t child = node->args[k];
      if (child < b->n_nodes && seen[child] != stamp) {
        seen[child] = stamp;
        stack[top++] = child;
      }
    }
  }
  free(stack);
  qsort(list, n, sizeof *list, compare_u32);
  *count = (uint32_t)n;
  return list;
fail:
  free(list);
  free(stack);
  return NULL;
}

/* Canonical body of library program i (the text after the def line). */
static char *canonical_body(const tl_library *lib, size_t i) {
  char *text = tl_program_canonical(lib, i);
  if (!text) return NULL;
  char *newline = strchr(text, '\n');
  char *body = tc_strdup(newline ? newline + 1 : "");
  free(text);
  return body;
}

static bool add_program(arc_battery *b, size_t lib_index, uint32_t root, uint32_t *seen) {
  arc_program *p = &b->programs[b->n_programs];
  *p = (arc_program){.name = tl_program_name(b->lib, lib_index), .root = root};
  char *text = canonical_body(b->lib, lib_index);
  uint32_t *nodes = collect_nodes(b, root, seen, (uint32_t)b->n_programs + 1, &p->n_nodes, &p->n_calls);
  if (!text || !nodes) {
    free(text);
    free(nodes);
    return false;
  }
  p->text = text;
  p->length = strlen(text);
  p->nodes = nodes;
  hex128(XXH3_128bits(text, p->length), p->hash);
  b->n_programs++;
  return true;
}

static bool load_nodes(arc_battery *b) {
  b->n_nodes = tl_library_node_count(b->lib);
  b->nodes = tc_calloc(b->n_nodes ? b->n_nodes : 1, sizeof *b->nodes);
  if (!b->nodes) return false;
  for (size_t id = 0; id < b->n_nodes; id++)
    if (!tl_node_get(b->lib, id, &b->nodes[id])) return false;
  return true;
}

static bool build_programs(arc_battery *b) {
  size_t n_lib = tl_library_count(b->lib);
  long *by_root = tc_malloc((b->n_nodes ? b->n_nodes : 1) * sizeof *by_root);
  uint32_t *seen = tc_calloc(b->n_nodes ? b->n_nodes : 1, sizeof *seen);
  uint8_t *used = tc_calloc(b->n_nodes ? b->n_nodes : 1, 1);
  b->programs = tc_calloc(n_lib ? n_lib : 1, sizeof *b->programs);
  b->program_of_library = tc_calloc(n_lib ? n_lib : 1, sizeof *b->program_of_library);
  bool ok = by_root && seen && used && b->programs && b->program_of_library;
  for (size_t id = 0; ok && id < b->n_nodes; id++) by_root[id] = -1;
  size_t call_uses = 0;
  for (size_t i = 0; ok && i < n_lib; i++) {
    size_t root = tl_program_root(b->lib, i);
    if (root >= b->n_nodes) return false;
    if (by_root[root] < 0) {
      by_root[root] = (long)b->n_programs;
      ok = add_program(b, i, (uint32_t)root, seen);
      if (!ok) break;
      const arc_program *p = &b->programs[b->n_programs - 1];
      call_uses += p->n_calls;
      for (uint32_t k = 0; k < p->n_nodes; k++) used[p->nodes[k]] = 1;
    }
    b->program_of_library[i] = by_root[root];
  }
  size_t distinct = 0;
  for (size_t id = 0; ok && id < b->n_nodes; id++)
    distinct += used[id] && b->nodes[id].op != TL_OP_INPUT && b->nodes[id].op != TL_OP_CONST;
  b->nodes_shared = call_uses - distinct;
  free(by_root);
  free(seen);
  free(used);
  return ok;
}

arc_battery *arc_battery_compile(const tl_library *lib, arc_error *err) {
  if (!lib || tl_library_count(lib) == 0) {
    arc_fail(err, ARC_ERR_INPUT, "no programs to evaluate");
    return NULL;
  }
  arc_battery *b = tc_calloc(1, sizeof *b);
  if (!b) {
    arc_fail(err, ARC_ERR_FAILED, "out of memory");
    return NULL;
  }
  b->lib = lib;
  ta_arena_init(&b->fold_arena, 1u << 20);
  tv_ctx_init(&b->fold_ctx, &b->fold_arena, 0);
  if (!load_nodes(b) || !build_programs(b)) {
    arc_fail(err, ARC_ERR_FAILED, "out of memory while compiling the battery");
    arc_battery_free(b);
    return NULL;
  }
  return b;
}

void arc_battery_free(arc_battery *b) {
  if (!b) return;
  for (size_t i = 0; i < b->n_programs; i++) {
    free((void *)b->programs[i].text);
    free((void *)b->programs[i].nodes);
  }
  free(b->programs);
  free(b->program_of_library);
  free(b->nodes);
  free(b->folded);
  free(b->folded_work);
  ta_arena_free(&b->fold_arena);
  free(b);
}

size_t arc_battery_count(const arc_battery *b) { return b ? b->n_programs : 0; }

const arc_program *arc_battery_program(const arc_battery *b, size_t i) {
  return b && i < b->n_programs ? &b->programs[i] : NULL;
}

long arc_battery_find_name(const arc_battery *b, const char *name) {
  long i = b ? tl_library_find(b->lib, name) : -1;
  return i < 0 ? -1 : b->program_of_library[i];
}

size_t arc_battery_find_all(const arc_battery *b, const char *name, uint32_t *out) {
  size_t n = 0;
  if (!b || tl_library_find(b->lib, name) < 0) return 0; /* the common miss, by hash */
  for (size_t i = 0; i < tl_library_count(b->lib); i++) {
    if (strcmp(tl_program_name(b->lib, i), name) != 0) continue;
    uint32_t program = (uint32_t)b->program_of_library[i];
    bool seen = false;
    for (size_t k = 0; k < n && !seen; k++) seen = out[k] == program;
    if (!seen) out[n++] = program;
  }
  return n;
}

size_t arc_battery_node_count(const arc_battery *b) { return b ? b->n_nodes : 0; }
size_t arc_battery_nodes_shared(const arc_battery *b) { return b ? b->nodes_shared : 0; }
const tl_library *arc_battery_library(const arc_battery *b) { return b ? b->lib : NULL; }

/* ---- folding ---------------------------------------------------------------- */

/* Value of an input-independent node from its folded children, or 0 when a
 * child could not be folded. */
static tv_val fold_node(arc_battery *b, const tl_node_info *node, uint64_t *work) {
  tv_val argv[8];
  if (node->nargs > 8) return 0;
  for (size_t k = 0; k < node->nargs; k++) {
    const tl_node_info *child = &b->nodes[node->args[k]];
    argv[k] = child->op == TL_OP_CONST ? child->value : b->folded[node->args[k]];
    if (!argv[k] || tv_is_error(argv[k])) return 0;
  }
  tv_ctx *ctx = &b->fold_ctx;
  ctx->work = 0;
  tv_val v = 0;
  if (!tv_charge(ctx, 1)) v = tv_budget_error(ctx);
  else if (node->op == TL_OP_CALL) v = tv_prim_call(ctx, node->prim, argv);
  else if (node->op == TL_OP_APPLY) v = tv_call(ctx, argv[0], node->nargs - 1, argv + 1);
  else if (node->op == TL_OP_TUPLE) v = tv_tuple(ctx, node->nargs, argv);
  *work = ctx->work;
  return v;
}

size_t arc_battery_fold(arc_battery *b, uint64_t budget) {
  if (b->folded && b->folded_budget == budget) return b->n_folded;
  free(b->folded);
  free(b->folded_work);
  ta_arena_reset(&b->fold_arena);
  b->n_folded = 0;
  b->folded_budget = budget;
  b->folded = tc_calloc(b->n_nodes ? b->n_nodes : 1, sizeof *b->folded);
  b->folded_work = tc_calloc(b->n_nodes ? b->n_nodes : 1, sizeof *b->folded_work);
  if (!b->folded || !b->folded_work) {
    free(b->folded);
    free(b->folded_work);
    b->folded = NULL;
    b->folded_work = NULL;
    return 0;
  }
  tv_ctx_init(&b->fold_ctx, &b->fold_arena, budget);
  for (size_t id = 0; id < b->n_nodes; id++) {
    const tl_node_info *node = &b->nodes[id];
    if (node->input_dependent || node->op == TL_OP_INPUT || node->op == TL_OP_CONST) continue;
    uint64_t work = 0;
    tv_val v = fold_node(b, node, &work);
    if (!v || ta_arena_failed(&b->fold_arena)) continue;
    b->folded[id] = v;
    b->folded_work[id] = work;
    b->n_folded++;
  }
  return b->n_folded;
}
