/*
 * battery_eval.c - evaluating a battery's programs on one task.
 *
 * Demo pairs are taken one at a time. For a pair, the nodes needed by the
 * programs still alive are marked (a generation stamp per node, so nothing
 * is cleared between inputs) and computed once each in increasing id order,
 * which is topological. Each node's own work is measured (ctx->work reset
 * before it) with a cap equal to the budget, and kept next to its value:
 * a program's work on the pair is the sum over the nodes it needs. Because
 * that sum does not depend on which program or thread computed a node, nor
 * on whether the value memo answered it, budget statuses are reproducible.
 *
 * The value memo maps (operation, primitive, argument values) to (result,
 * work) for the current input; a hit is confirmed with tv_eq on every argument
 * so a hash collision can never change a result. Its entries point into the
 * worker arena and are invalidated by bumping a generation number; the arena
 * is reset before every input (start_input), so memory holds one input's
 * values, and the memo lives as long as they do.
 */
#include <stdlib.h>
#include <string.h>

#include "tessera/fault.h"
#include "arc/battery_internal.h"

#define WORKER_ARENA_CHUNK (4u << 20)
#define MAX_INLINE_ARGS 8

typedef struct memo_entry {
  uint64_t hash;
  uint32_t generation; /* valid when equal to the worker's task generation */
  uint8_t op, nargs;
  const tv_prim *prim;
  const tv_val *args;  /* arena copy */
  tv_val result;
  uint64_t work;
} memo_entry;

typedef struct program_state {
  arc_eval_status status;
  bool running;
  uint32_t matches, evaluated;
  uint64_t work;
  double score_sums[ARC_SCORER_COUNT];
} program_state;

struct arc_battery_worker {
  const arc_battery *b;
  ta_arena arena;
  tv_ctx ctx;
  tv_val *memo;        /* node values for the current input */
  uint64_t *node_work; /* node work for the current input */
  uint32_t *stamp;     /* node needed for input generation `input_gen` */
  uint32_t input_gen;
  memo_entry *table;
  size_t table_cap, table_count;
  uint32_t task_gen;
  program_state *state; /* per battery program */
  uint32_t *alive;
  /* per task */
  const arc_eval_options *opts;
  double deadline;
  bool timed_out;
  uint64_t nodes_computed, memo_hits, nodes_reused;
};

arc_battery_worker *arc_battery_worker_new(const arc_battery *b) {
  arc_battery_worker *w = tc_calloc(1, sizeof *w);
  if (!w) return NULL;
  size_t n = b->n_nodes ? b->n_nodes : 1, np = b->n_programs ? b->n_programs : 1;
  w->b = b;
  ta_arena_init(&w->arena, WORKER_ARENA_CHUNK);
  tv_ctx_init(&w->ctx, &w->arena, 0);
  w->memo = tc_malloc(n * sizeof *w->memo);
  w->node_work = tc_malloc(n * sizeof *w->node_work);
  w->stamp = tc_calloc(n, sizeof *w->stamp);
  w->state = tc_calloc(np, sizeof *w->state);
  w->alive = tc_malloc(np * sizeof *w->alive);
  if (!w->memo || !w->node_work || !w->stamp || !w->state || !w->alive) {
    arc_battery_worker_free(w);
    return NULL;
  }
  return w;
}

void arc_battery_worker_free(arc_battery_worker *w) {
  if (!w) return;
  ta_arena_free(&w->arena);
  free(w->memo);
  free(w->node_work);
  free(w->stamp);
  free(w->table);
  free(w->state);
  free(w->alive);
  free(w);
}

/* ---- the value memo ------------------------------------------------------------ */

static uint64_t mix(uint64_t h, uint64_t x) {
  h ^= x + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  h ^= h >> 31;
  return h * 0xbf58476d1ce4e5b9ull;
}

static uint64_t key_hash(const tl_node_info *node, const tv_val *argv) {
  uint64_t h = mix((uint64_t)node->op, (uint64_t)(uintptr_t)node->prim);
  for (size_t k = 0; k < node->nargs; k++) h = mix(h, tv_hash(argv[k]));
  return h;
}

static bool key_matches(const memo_entry *e, uint64_t hash, const tl_node_info *node,
                        const tv_val *argv) {
  if (e->hash != hash || e->op != node->op || e->prim != node->prim || e->nargs != node->nargs)
    return false;
  for (size_t k = 0; k < node->nargs; k++)
    if (!tv_eq(e->args[k], argv[k])) return false;
  return true;
}

static memo_entry *memo_slot(arc_battery_worker *w, uint64_t hash, const tl_node_info *node,
                             const tv_val *argv, bool *found) {
  size_t mask = w->table_cap - 1;
  for (size_t at = hash & mask;; at = (at + 1) & mask) {
    memo_entry *e = &w->table[at];
    if (e->generation != w->task_gen) {
      *found = false;
      return e;
    }
    if (key_matches(e, hash, node, argv)) {
      *found = true;
      return e;
    }
  }
}

/* Doubles the table, keeping this task's entries. */
static bool memo_grow(arc_battery_worker *w) {
  size_t cap = w->table_cap ? 2 * w->table_cap : 1024;
  memo_entry *old = w->table, *table = tc_calloc(cap, sizeof *table);
  if (!table) return false;
  size_t old_cap = w->table_cap;
  w->table = table;
  w->table_cap = cap;
  for (size_t k = 0; k < old_cap; k++) {
    if (old[k].generation != w->task_gen) continue;
    size_t at = old[k].hash & (cap - 1);
    while (table[at].generation == w->task_gen) at = (at + 1) & (cap - 1);
    table[at] = old[k];
  }
  free(old);
  return true;
}

static void memo_insert(arc_battery_worker *w, memo_entry *slot, uint64_t hash, const tl_node_info *node,
                        const tv_val *argv, tv_val result, uint64_t work) {
  const tv_val *args = ta_memdup(&w->arena, argv, node->nargs * sizeof *argv);
  if (!args) return; /* out of memory: the node is simply not remembered */
  *slot = (memo_entry){.hash = hash, .generation = w->task_gen, .op = (uint8_t)node->op,
                       .nargs = (uint8_t)node->nargs, .prim = node->prim,
                       .args = args, .result = result, .work = work};
  if (++w->table_count * 2 > w->table_cap) memo_grow(w);
}

/* ---- nodes ----------------------------------------------------------------------- */

static tv_val compute_fresh(arc_battery_worker *w, const tl_node_info *node, const tv_val *argv,
                            uint64_t *work) {
  tv_ctx *ctx = &w->ctx;
  ctx->work = 0;
  ctx->budget = w->opts->budget;
  tv_val v;
  if (!tv_charge(ctx, 1)) v = tv_budget_error(ctx);
  else if (node->op == TL_OP_CALL) v = tv_prim_call(ctx, node->prim, argv);
  else if (node->op == TL_OP_APPLY) v = tv_call(ctx, argv[0], node->nargs - 1, argv + 1);
  else v = tv_tuple(ctx, node->nargs, argv);
  *work = ctx->work;
  w->nodes_computed++;
  return v ? v : tv_error(ctx, "internal: no value");
}

/* Value and work of a call-like node whose arguments are ready. */
static tv_val compute_node(arc_battery_worker *w, const tl_node_info *node, const tv_val *argv,
                           uint64_t *work) {
  bool use_memo = w->opts->memo && node->op != TL_OP_TUPLE && node->nargs <= 255;
  if (use_memo && (w->table_cap || memo_grow(w))) {
    uint64_t hash = key_hash(node, argv);
    bool found;
    memo_entry *slot = memo_slot(w, hash, node, argv, &found);
    if (found) {
      w->memo_hits++;
      *work = slot->work;
      return slot->result;
    }
    tv_val v = compute_fresh(w, node, argv, work);
    memo_insert(w, slot, hash, node, argv, v, *work);
    return v;
  }
  return compute_fresh(w, node, argv, work);
}

static void eval_node(arc_battery_worker *w, uint32_t id, tv_val input) {
  const arc_battery *b = w->b;
  const tl_node_info *node = &b->nodes[id];
  w->node_work[id] = 0;
  if (node->op == TL_OP_INPUT || node->op == TL_OP_CONST) {
    w->memo[id] = node->op == TL_OP_INPUT ? input : node->value;
    return;
  }
  if (b->folded && b->folded[id]) {
    w->memo[id] = b->folded[id];
    w->node_work[id] = b->folded_work[id];
    return;
  }
  tv_val stack_args[MAX_INLINE_ARGS];
  tv_val *argv = node->nargs <= MAX_INLINE_ARGS
                     ? stack_args
                     : ta_alloc(&w->arena, node->nargs * sizeof *argv);
  if (!argv) {
    w->memo[id] = tv_oom_error(&w->ctx);
    return;
  }
  for (size_t k = 0; k < node->nargs; k++) {
    argv[k] = w->memo[node->args[k]];
    if (tv_is_error(argv[k])) {
      w->memo[id] = argv[k];
      return;
    }
  }
  w->memo[id] = compute_node(w, node, argv, &w->node_work[id]);
}

/* Empties the task's value memo (its entries point into the arena). */
static void forget_memo(arc_battery_worker *w) {
  if (++w->task_gen == 0) { /* wrapped: entries of generation 0 would look valid */
    if (w->table) memset(w->table, 0, w->table_cap * sizeof *w->table);
    w->task_gen = 1;
  }
  w->table_count = 0;
}

/* Frees everything the previous input computed. Once an input's programs
 * are judged (or its predictions copied out) none of its values is needed
 * again, so a task holds one input's values at a time rather than all of
 * them: a battery of explosive programs used to keep every pair's garbage
 * until the task ended. The memo goes too; it only ever saves time. */
static void start_input(arc_battery_worker *w) {
  ta_arena_reset(&w->arena);
  ta_arena_set_limit(&w->arena, w->opts->memory_guard); /* refused inside the primitive */
  tv_ctx_init(&w->ctx, &w->arena, w->opts->budget);
  w->ctx.deadline = w->opts->task_seconds > 0 ? w->deadline : 0; /* stops power() loops */
  forget_memo(w);
}

/* Computes every node the listed programs need on `input`. Returns false
 * when the task hit a safety limit, wall clock or memory (values are then
 * incomplete). */
static bool eval_input(arc_battery_worker *w, tv_val input, const uint32_t *programs, size_t n) {
  const arc_battery *b = w->b;
  start_input(w);
  if (++w->input_gen == 0) { /* wrapped: zeroed stamps would look current */
    memset(w->stamp, 0, b->n_nodes * sizeof *w->stamp);
    w->input_gen = 1;
  }
  uint32_t gen = w->input_gen;
  uint32_t lo = UINT32_MAX, hi = 0;
  for (size_t k = 0; k < n; k++) {
    const arc_program *p = &b->programs[programs[k]];
    for (uint32_t j = 0; j < p->n_nodes; j++) {
      uint32_t id = p->nodes[j];
      if (w->stamp[id] == gen) {
        w->nodes_reused += b->nodes[id].op != TL_OP_INPUT && b->nodes[id].op != TL_OP_CONST;
        continue;
      }
      w->stamp[id] = gen;
      if (id < lo) lo = id;
      if (id > hi) hi = id;
    }
  }
  for (uint32_t id = lo; n && id <= hi; id++) {
    if (w->stamp[id] != gen) continue;
    eval_node(w, id, input);
    if ((w->opts->task_seconds > 0 && tc_now_seconds() > w->deadline) ||
        ta_arena_over_limit(&w->arena)) {
      w->timed_out = true;
      return false;
    }
  }
  return true;
}

static uint64_t program_input_work(const arc_battery_worker *w, const arc_program *p) {
  uint64_t sum = 0;
  for (uint32_t j = 0; j < p->n_nodes; j++) sum += w->node_work[p->nodes[j]];
  return sum;
}

/* ---- judging demo pairs ------------------------------------------------------------ */

static void score_output(tv_val out, tv_val expected, double scores[ARC_SCORER_COUNT]) {
  int h = 0, w = 0, eh = 0, ew = 0;
  const uint8_t *cells = NULL, *exp_cells = NULL;
  if (!expected || !tv_as_grid(expected, &eh, &ew, &exp_cells)) exp_cells = NULL;
  if (tv_is_error(out) || !tv_as_grid(out, &h, &w, &cells)) h = w = 0, cells = NULL;
  if (cells && exp_cells && tv_eq(out, expected)) {
    for (int s = 0; s < ARC_SCORER_COUNT; s++) scores[s] = 1.0;
    return;
  }
  arc_score_pair(h, w, cells, eh, ew, exp_cells, scores);
}

/* Judges the programs of w->alive on demo pair `pair`; compacts w->alive to
 * the programs that continue. Returns the new alive count. */
static size_t judge_pair(arc_battery_worker *w, const arc_pair *pair, size_t n_alive, double *score_seconds) {
  const arc_battery *b = w->b;
  size_t kept = 0;
  for (size_t k = 0; k < n_alive; k++) {
    uint32_t i = w->alive[k];
    program_state *st = &w->state[i];
    const arc_program *p = &b->programs[i];
    st->work += program_input_work(w, p);
    st->evaluated++;
    if (w->opts->budget && st->work > w->opts->budget) {
      st->status = ARC_EVAL_BUDGET;
      st->running = false;
      continue;
    }
    tv_val out = w->memo[p->root];
    double scores[ARC_SCORER_COUNT];
    double t0 = tc_now_seconds();
    score_output(out, pair->output, scores);
    *score_seconds += tc_now_seconds() - t0;
    for (int s = 0; s < ARC_SCORER_COUNT; s++) st->score_sums[s] += scores[s];
    bool exact = scores[ARC_SCORE_EXACT] >= 1.0;
    if (exact) st->matches++;
    else if (st->status == ARC_EVAL_SOLVED) st->status = tv_is_error(out) ? ARC_EVAL_ERROR : ARC_EVAL_WRONG;
    if (exact || w->opts->partial) w->alive[kept++] = i;
    else st->running = false;
  }
  return kept;
}

/* ---- ranking and results ------------------------------------------------------------ */

static void finish_scores(const program_state *st, const arc_task *task, arc_program_result *r,
                          uint32_t program) {
  *r = (arc_program_result){.program = program, .status = st->status, .matches = st->matches,
                   .evaluated = st->evaluated, .train_pairs = (uint32_t)task->n_train,
                   .work = st->work};
  for (int s = 0; s < ARC_SCORER_COUNT; s++)
    r->scores[s] = task->n_train ? st->score_sums[s] / (double)task->n_train : 0.0;
  r->score = arc_combined_score(r->scores);
}

static int compare_u32_asc(const void *pa, const void *pb) {
  uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
  return (a > b) - (a < b);
}

/* Ranking of battery.h: matches, score, less work, shorter text, hash. */
static int compare_results(const void *pa, const void *pb, void *battery) {
  const arc_program_result *a = pa, *b = pb;
  const arc_battery *ranking_battery = battery;
  if (a->matches != b->matches) return a->matches > b->matches ? -1 : 1;
  if (a->score != b->score) return a->score > b->score ? -1 : 1;
  if (a->work != b->work) return a->work < b->work ? -1 : 1;
  const arc_program *x = &ranking_battery->programs[a->program];
  const arc_program *y = &ranking_battery->programs[b->program];
  if (x->length != y->length) return x->length < y->length ? -1 : 1;
  return strcmp(x->hash, y->hash);
}

static bool wants_predictions(const arc_battery_worker *w, const arc_program_result *r) {
  if (r->status == ARC_EVAL_SOLVED) return true;
  return w->opts->partial && r->status != ARC_EVAL_BUDGET && r->status != ARC_EVAL_TIMEOUT;
}

static bool copy_grid(tv_val v, arc_grid *out) {
  int h, w;
  const uint8_t *cells;
  *out = (arc_grid){0};
  if (tv_is_error(v) || !tv_as_grid(v, &h, &w, &cells) || h <= 0 || w <= 0) return true;
  out->cells = tc_malloc((size_t)h * (size_t)w);
  if (!out->cells) return false;
  memcpy(out->cells, cells, (size_t)h * (size_t)w);
  out->h = h;
  out->w = w;
  return true;
}

/* Evaluates test inputs for the kept results that get predictions. */
static bool predict_tests(arc_battery_worker *w, const arc_task *task, arc_program_result *kept, size_t n_kept) {
  size_t n = 0;
  for (size_t k = 0; k < n_kept; k++) {
    if (!wants_predictions(w, &kept[k])) continue;
    w->alive[n++] = kept[k].program;
    kept[k].predictions = tc_calloc(task->n_test ? task->n_test : 1, sizeof *kept[k].predictions);
    if (!kept[k].predictions) return false;
    kept[k].n_predictions = task->n_test;
  }
  for (size_t t = 0; n && t < task->n_test; t++) {
    if (!eval_input(w, task->test[t].input, w->alive, n)) return true;
    for (size_t k = 0; k < n_kept; k++) {
      if (!kept[k].predictions) continue;
      tv_val out = w->memo[w->b->programs[kept[k].program].root];
      if (!copy_grid(out, &kept[k].predictions[t])) return false;
    }
  }
  return true;
}

static bool collect_results(arc_battery_worker *w, const arc_task *task, const arc_battery_plan *plan,
                            arc_eval_task *out) {
  size_t n = plan->n_programs, keep = w->opts->keep ? w->opts->keep : ARC_DEFAULT_KEEP;
  arc_program_result *all = tc_calloc(n ? n : 1, sizeof *all);
  out->solved_by = tc_calloc(n ? n : 1, sizeof *out->solved_by);
  if (!all || !out->solved_by) {
    free(all);
    return false;
  }
  size_t candidates = 0;
  for (size_t k = 0; k < n; k++) {
    const program_state *st = &w->state[plan->programs[k]];
    if (st->status == ARC_EVAL_SOLVED) out->solved_by[out->n_solved_by++] = plan->programs[k];
    finish_scores(st, task, &all[candidates], plan->programs[k]);
    if (all[candidates].score > 0 || all[candidates].matches > 0) candidates++;
  }
  qsort_r(all, candidates, sizeof *all, compare_results, (void *)w->b);
  out->n_kept = candidates < keep ? candidates : keep;
  arc_program_result *shrunk = out->n_kept ? tc_realloc(all, out->n_kept * sizeof *all) : NULL;
  if (shrunk) all = shrunk;
  out->kept = all;
  qsort(out->solved_by, out->n_solved_by, sizeof *out->solved_by, compare_u32_asc);
  return predict_tests(w, task, all, out->n_kept);
}

/* ---- one task ---------------------------------------------------------------------- */

static void begin_task(arc_battery_worker *w, const arc_eval_options *opts, const arc_battery_plan *plan) {
  w->opts = opts;
  w->timed_out = false;
  w->nodes_computed = w->memo_hits = w->nodes_reused = 0;
  w->deadline = tc_now_seconds() + opts->task_seconds;
  for (size_t k = 0; k < plan->n_programs; k++) {
    w->state[plan->programs[k]] = (program_state){.status = ARC_EVAL_SOLVED, .running = true};
    w->alive[k] = plan->programs[k];
  }
}

/* Runs the demo pairs; returns the number of (program, pair) evaluations. */
static uint64_t run_demo_pairs(arc_battery_worker *w, const arc_task *task, const arc_battery_plan *plan,
                               double *score_seconds) {
  size_t n_alive = plan->n_programs;
  uint64_t evaluations = 0;
  for (size_t j = 0; j < task->n_train && n_alive; j++) {
    if (!eval_input(w, task->train[j].input, w->alive, n_alive)) {
      for (size_t k = 0; k < n_alive; k++) w->state[w->alive[k]].status = ARC_EVAL_TIMEOUT;
      return evaluations;
    }
    evaluations += n_alive;
    n_alive = judge_pair(w, &task->train[j], n_alive, score_seconds);
  }
  if (task->n_train == 0)
    for (size_t k = 0; k < plan->n_programs; k++) w->state[plan->programs[k]].status = ARC_EVAL_WRONG;
  return evaluations;
}

bool arc_battery_worker_run(arc_battery_worker *w, const arc_eval_options *opts, const arc_task *task,
                        const arc_battery_plan *plan, arc_eval_task *out, double *score_seconds) {
  double start = tc_now_seconds();
  *out = (arc_eval_task){.task = task, .programs_run = plan->n_programs};
  arc_task_hash(task, out->task_hash);
  begin_task(w, opts, plan);
  out->demo_evaluations = run_demo_pairs(w, task, plan, score_seconds);
  bool ok = collect_results(w, task, plan, out);
  out->timed_out = w->timed_out;
  out->nodes_computed = w->nodes_computed;
  out->memo_hits = w->memo_hits;
  out->nodes_reused = w->nodes_reused;
  out->seconds = tc_now_seconds() - start;
  if (!ok || (ta_arena_failed(&w->arena) && !ta_arena_over_limit(&w->arena))) {
    arc_eval_task_clear(out);
    return false;
  }
  return true;
}

void arc_eval_task_clear(arc_eval_task *t) {
  if (!t) return;
  for (size_t k = 0; t->kept && k < t->n_kept; k++) {
    for (size_t j = 0; j < t->kept[k].n_predictions; j++) free(t->kept[k].predictions[j].cells);
    free(t->kept[k].predictions);
  }
  free(t->kept);
  free(t->solved_by);
  const arc_task *task = t->task;
  *t = (arc_eval_task){.task = task};
}
