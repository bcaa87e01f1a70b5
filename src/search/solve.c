/*
 * solve.c - ts_solve: the search pipeline of search.h.
 *
 * Per task: analysis and size prediction; library programs run on the
 * demos; library neighbours and object maps (extras.h, a tenth of the budget
 * each) when nothing is solved yet; the enumeration on the examples as given, then (budget split 60/40)
 * on the colour-normalised examples; composition of pieces when a run finds
 * nothing exact. Every answer becomes a candidate: its arc-dsl text, its
 * values on every example (in the task's own colours) and its cost. The
 * candidates are ranked, the programs returned are checked by compiling and
 * running their text (a program whose text does not reproduce its values is
 * dropped and counted in ts_debug_unreproduced), and the two attempts per
 * test input are filled from them, then from the predicted size, then from
 * the input.
 *
 * Memory: the search works in its own arena (capped at memory_mb), one per
 * thread, reset (not freed) at the end of each call; only the result's
 * strings, predictions and attempts are copied into the result's arena.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search/enumerate.h"
#include "search/extras.h"
#include "search/search_internal.h"
#include "tessera/lang.h"
#include "tessera/prims_ext.h"
#include "tessera/search.h"

static _Atomic unsigned long unreproduced;
unsigned long ts_debug_unreproduced(void) { return atomic_load(&unreproduced); }

const char *ts_status_name(ts_status s) {
  switch (s) {
    case TS_SOLVED: return "solved";
    case TS_CANDIDATE: return "candidate";
    case TS_SIZE_ONLY: return "size";
    default: return "nothing";
  }
}

enum { ORIGIN_LIBRARY, ORIGIN_ENUM, ORIGIN_NORM, ORIGIN_COMPOSE, ORIGIN_NORM_COMPOSE,
       ORIGIN_NEIGHBOUR, ORIGIN_OBJECTS };
static const char *const origin_names[] = {"library", "enumeration", "normalised enumeration",
                                           "composition", "normalised composition",
                                           "library neighbour", "object map"};

/* The calling thread's search arena, made on its first search and freed
 * when the thread ends (a thread-specific key's destructor): threads that
 * search once and exit (arc_solve's workers, the server's request threads)
 * would otherwise leave their arena behind, up to the memory cap each. */
static pthread_key_t arena_key;
static pthread_once_t arena_once = PTHREAD_ONCE_INIT;
static bool arena_key_ok;

static void free_thread_arena(void *a) {
  ta_arena_free(a);
  free(a);
}

static void make_arena_key(void) { arena_key_ok = pthread_key_create(&arena_key, free_thread_arena) == 0; }

static ta_arena *thread_arena(void) {
  pthread_once(&arena_once, make_arena_key);
  if (!arena_key_ok) return NULL;
  ta_arena *a = pthread_getspecific(arena_key);
  if (a) return a;
  a = malloc(sizeof *a);
  if (!a) return NULL;
  ta_arena_init(a, 1 << 20);
  if (pthread_setspecific(arena_key, a) != 0) {
    free(a);
    return NULL;
  }
  return a;
}

typedef struct cand {
  char *text;      /* malloc'd */
  int origin;
  size_t demos_right;
  size_t cells_right;
  uint64_t cost;
  bool test_error;
  tv_val *vals; /* ex->n values in the task's colours (search arena) */
  size_t seq;   /* insertion order, the last tie-break */
  size_t layers; /* composition: its layers (more layers fit demos by chance more often) */
} cand;

#define MAX_CANDS 64
#define COMPOSE_KEEP 4 /* compositions kept per enumeration run */

typedef struct solver {
  const ts_problem *pb;
  const ts_options *opts;
  ts_examples ex;
  ts_analysis an;
  ts_sizes sizes;
  tv_ctx ctx;
  ta_arena *arena;
  cand cands[MAX_CANDS];
  size_t n_cands;
  uint64_t evaluations, candidates;
  bool hit_budget, hit_memory, hit_deadline;
  ts_text_pieces obj_pieces; /* object-map near misses, pieces of the plain run */
} solver;

static void add_cand(solver *s, char *text, int origin, const tv_val *vals, uint64_t cost) {
  if (!text) return;
  const ts_examples *ex = &s->ex;
  if (s->n_cands == MAX_CANDS) {
    free(text);
    return;
  }
  tv_val *copy = ta_memdup(s->arena, vals, ex->n * sizeof(tv_val));
  if (!copy) {
    free(text);
    return;
  }
  cand *c = &s->cands[s->n_cands];
  memset(c, 0, sizeof *c);
  c->text = text;
  c->origin = origin;
  c->vals = copy;
  c->cost = cost;
  c->seq = s->n_cands++;
  for (size_t k = 0; k < ex->n_demo; k++) {
    tv_val v = vals[k], o = ex->out[k];
    if (!tv_is_grid(v) || tv_grid_h(v) != tv_grid_h(o) || tv_grid_w(v) != tv_grid_w(o)) continue;
    size_t n = (size_t)tv_grid_h(o) * (size_t)tv_grid_w(o), r = 0;
    for (size_t i = 0; i < n; i++) r += tv_grid_cells(v)[i] == tv_grid_cells(o)[i];
    c->cells_right += r;
    if (r == n) c->demos_right++;
  }
  for (size_t k = ex->n_demo; k < ex->n; k++)
    if (!tv_is_grid(vals[k])) c->test_error = true;
}

/* ---- program text ----------------------------------------------------------- */

typedef struct emit_ctx {
  ts_text t;
  uint32_t *names;
  unsigned next_var;
  bool uses_ext;
  const char *input;
  const ts_normalisation *norm;
} emit_ctx;

static bool emit_begin(emit_ctx *m, const ts_enum *e, const ts_normalisation *norm) {
  memset(m, 0, sizeof *m);
  m->names = calloc(e->n ? e->n : 1, sizeof *m->names);
  if (!m->names) return false;
  m->norm = norm;
  m->next_var = 1;
  m->input = "I";
  if (norm) {
    ts_text_addf(&m->t, "    x1 = role_map(I, ");
    ts_emit_const(&m->t, tv_int(norm->keep));
    ts_text_addf(&m->t, ", ");
    ts_emit_const(&m->t, tv_int(norm->order));
    ts_text_addf(&m->t, ")\n    x2 = permute_colors(I, x1)\n");
    m->next_var = 3;
    m->input = "x2";
    m->uses_ext = true;
  }
  return true;
}

/* Ends the program whose answer is the variable named `answer` (wrapped in
 * the inverse colour map when normalised) and puts the header in front.
 * Returns the whole text (malloc'd) or NULL. */
static char *emit_end(emit_ctx *m, const char *answer) {
  if (m->norm) {
    unsigned inv = m->next_var++;
    ts_text_addf(&m->t, "    x%u = invert_map(x1)\n    O = permute_colors(%s, x%u)\n", inv,
                 answer, inv);
  } else {
    ts_text_addf(&m->t, "    O = %s\n", answer);
  }
  ts_text_addf(&m->t, "    return O\n");
  ts_text head = {0};
  if (m->uses_ext) ts_text_addf(&head, "from tessera_ext import *\n");
  ts_text_addf(&head, "def solve(I):\n");
  if (!m->t.failed && m->t.s) ts_text_addf(&head, "%s", m->t.s);
  free(m->t.s);
  free(m->names);
  if (head.failed || m->t.failed) {
    free(head.s);
    return NULL;
  }
  return head.s;
}

/* The last statement "    xK = expr\n" becomes "    O = expr\n" when the
 * answer is that variable and no wrapping follows (solver-file style). */
static char *emit_node_program(const ts_enum *e, uint32_t root, const ts_normalisation *norm) {
  emit_ctx m;
  if (!emit_begin(&m, e, norm)) return NULL;
  ts_emit_nodes(e, &root, 1, m.input, m.names, &m.next_var, &m.t, &m.uses_ext);
  char answer[32];
  if (m.names[root] == 0) snprintf(answer, sizeof answer, "%s", m.input);
  else snprintf(answer, sizeof answer, "x%u", m.names[root]);
  if (!norm && m.names[root] != 0 && m.t.s && !m.t.failed) {
    /* rename the root's own statement to O */
    char pat[40];
    int pl = snprintf(pat, sizeof pat, "    x%u = ", m.names[root]);
    char *last = m.t.s + m.t.n;
    char *p = last - 1;
    while (p > m.t.s && p[-1] != '\n') p--;
    if (strncmp(p, pat, (size_t)pl) == 0) {
      ts_text rest = {0};
      ts_text_addf(&rest, "%.*s    O = %s", (int)(p - m.t.s), m.t.s, p + pl);
      ts_text_addf(&rest, "    return O\n");
      ts_text head = {0};
      if (m.uses_ext) ts_text_addf(&head, "from tessera_ext import *\n");
      ts_text_addf(&head, "def solve(I):\n%s", rest.s ? rest.s : "");
      free(rest.s);
      bool bad = rest.failed || head.failed;
      free(m.t.s);
      free(m.names);
      if (bad) {
        free(head.s);
        return NULL;
      }
      return head.s;
    }
  }
  return emit_end(&m, answer);
}

static char *emit_composition(const ts_enum *e, const ts_composition *c,
                              const ts_normalisation *norm) {
  emit_ctx m;
  if (!emit_begin(&m, e, norm)) return NULL;
  ts_emit_nodes(e, c->layer, c->n_layers, m.input, m.names, &m.next_var, &m.t, &m.uses_ext);
  const tv_prim *ov = tv_prim_ext_lookup("overlay");
  if (!ov) {
    free(m.t.s);
    free(m.names);
    return NULL;
  }
  m.uses_ext = true;
  /* each layer's name: the node's, or recolor_fg of it (a recoloured
   * layer, search_internal.h) */
  char name[TS_MAX_LAYERS][32];
  for (size_t i = 0; i < c->n_layers; i++) {
    if (m.names[c->layer[i]] == 0) snprintf(name[i], sizeof name[i], "%s", m.input);
    else snprintf(name[i], sizeof name[i], "x%u", m.names[c->layer[i]]);
    if (c->recolour[i]) {
      unsigned v = m.next_var++;
      ts_text_addf(&m.t, "    x%u = recolor_fg(%s, ", v, name[i]);
      ts_emit_const(&m.t, tv_int(c->recolour[i] - 1));
      ts_text_addf(&m.t, ", ");
      ts_emit_const(&m.t, tv_int(c->transparent));
      ts_text_addf(&m.t, ")\n");
      snprintf(name[i], sizeof name[i], "x%u", v);
    }
  }
  char acc[32];
  snprintf(acc, sizeof acc, "%s", name[0]);
  for (size_t i = 1; i < c->n_layers; i++) {
    unsigned v = m.next_var++;
    ts_text_addf(&m.t, "    x%u = overlay(%s, %s, ", v, acc, name[i]);
    ts_emit_const(&m.t, tv_int(c->transparent));
    ts_text_addf(&m.t, ")\n");
    snprintf(acc, sizeof acc, "x%u", v);
  }
  return emit_end(&m, acc);
}

/* ---- one enumeration run ------------------------------------------------------ */

static bool same_all(const ts_examples *ex, const int *h, const int *w) {
  for (size_t k = 1; k < ex->n; k++)
    if (h[k] != h[0] || w[k] != w[0]) return false;
  return true;
}

/* A size node or constant for guess g: returns false when it cannot be
 * written in arc-dsl from I with these simple forms. */
static bool size_arg(ts_enum *e, long shape_id, const ts_size_guess *g, tv_val *out, bool *is_node) {
  const ts_examples *ex = e->ex;
  if (same_all(ex, g->h, g->w)) {
    if (g->h[0] <= 0 || g->w[0] <= 0 || g->h[0] > 30 || g->w[0] > 30) return false;
    *out = tv_pair_imm(g->h[0], g->w[0]);
    *is_node = false;
    return true;
  }
  if (shape_id < 0) return false;
  /* multiply(shape(I), (a, b)) or divide(shape(I), (a, b)) */
  int a = 0, b = 0, da = 0, db = 0;
  bool mul = true, dv = true;
  for (size_t k = 0; k < ex->n; k++) {
    int hi = tv_grid_h(ex->in[k]), wi = tv_grid_w(ex->in[k]);
    if (g->h[k] % hi || g->w[k] % wi) mul = false;
    else {
      int ak = g->h[k] / hi, bk = g->w[k] / wi;
      if (k == 0) a = ak, b = bk;
      else if (ak != a || bk != b) mul = false;
    }
    if (g->h[k] <= 0 || g->w[k] <= 0 || hi % g->h[k] || wi % g->w[k]) dv = false;
    else {
      int ak = hi / g->h[k], bk = wi / g->w[k];
      if (k == 0) da = ak, db = bk;
      else if (ak != da || bk != db) dv = false;
    }
  }
  if (mul && a == 1 && b == 1) {
    *out = (tv_val)shape_id;
    *is_node = true;
    return true;
  }
  const tv_prim *p = NULL;
  tv_val arg[2] = {(tv_val)shape_id, 0};
  if (mul && a > 0 && b > 0) {
    p = tv_prim_lookup("multiply");
    arg[1] = tv_pair_imm(a, b);
  } else if (dv && da > 0 && db > 0) {
    p = tv_prim_lookup("divide");
    arg[1] = tv_pair_imm(da, db);
  }
  long id = -1;
  if (p) {
    id = ts_enum_add(e, p, 2, arg, 1u, TS_T_DIMS, 0);
    if (id < 0) id = e->last_dup;
  } else if (g->expr[0]) {
    tv_val vals[TS_MAX_EXAMPLES];
    for (size_t k = 0; k < ex->n; k++) {
      if (g->h[k] <= 0 || g->w[k] <= 0 || g->h[k] > 30 || g->w[k] > 30) return false;
      vals[k] = tv_pair_imm(g->h[k], g->w[k]);
    }
    id = ts_enum_add_expr(e, g->expr, vals, TS_T_DIMS);
  }
  if (id < 0) id = e->last_dup;
  if (id < 0) return false;
  *out = (tv_val)id;
  *is_node = true;
  return true;
}

static void colour_list(const ts_analysis *an, ts_vocab_consts *c) {
  uint16_t all = an->in_colours | an->out_colours;
  uint16_t seen = 0;
  uint16_t order[3] = {an->appear, an->disappear, all};
  for (int o = 0; o < 3; o++)
    for (int col = 0; col < 10; col++)
      if ((order[o] & (1u << col)) && !(seen & (1u << col))) {
        seen |= (uint16_t)(1u << col);
        c->colours[c->n_colours++] = col;
      }
}

static tv_val denorm(solver *s, const ts_normalisation *norm, size_t k, tv_val v) {
  if (!norm || tv_is_error(v)) return v;
  return ts_denormalise(&s->ctx, norm, k, v);
}

static void run_enum(solver *s, const ts_examples *ex, const ts_analysis *an,
                     const ts_sizes *sz, uint64_t budget, const ts_normalisation *norm) {
  tv_ctx *ctx = &s->ctx;
  if (ctx->budget && ctx->work >= ctx->budget) return;
  uint64_t saved_budget = ctx->budget;
  if (budget) ctx->budget = ctx->work + budget < saved_budget || !saved_budget
                                ? ctx->work + budget
                                : saved_budget;
  /* the enumeration may fill 85% of the memory cap: the rest is for the
   * texts, denormalisation and composition after it */
  size_t mem_limit = s->arena->limit;
  ta_arena_set_limit(s->arena, mem_limit / 100 * 85);
  ts_enum e;
  if (!ts_enum_init(&e, ctx, ex, !(s->opts->disable & TS_PART_DEDUP))) {
    ta_arena_set_limit(s->arena, mem_limit);
    s->hit_memory = true;
    ctx->budget = saved_budget;
    return;
  }
  e.deadline = s->opts->deadline;
  ts_enum_add_input(&e);
  const tv_prim *shape = tv_prim_lookup("shape");
  tv_val a0[1] = {0};
  long shape_id = ts_enum_add(&e, shape, 1, a0, 1u, TS_T_DIMS, 0);
  if (shape_id < 0) shape_id = e.last_dup;

  ts_vocab_consts vc;
  memset(&vc, 0, sizeof vc);
  vc.bg = an->bg;
  /* icecuber's transforms treat 0 as the background always; where the
   * most common colour is another one, both are offered (0 only when the
   * task has it) */
  vc.bgs[vc.n_bgs++] = an->bg;
  if (an->bg != 0 && ((an->in_colours | an->out_colours) & 1u)) vc.bgs[vc.n_bgs++] = 0;
  vc.in_colours = an->in_colours;
  vc.out_colours = an->out_colours;
  vc.ext = !(s->opts->disable & TS_PART_EXT);
  colour_list(an, &vc);
  if (shape_id >= 0) {
    vc.dims[vc.n_dims] = (tv_val)shape_id;
    vc.dims_is_node[vc.n_dims++] = true;
  }
  const ts_size_guess *best = sz->n ? &sz->guess[0] : NULL;
  if (best) {
    for (size_t k = 0; k < ex->n; k++) {
      e.piece_h[k] = best->h[k];
      e.piece_w[k] = best->w[k];
    }
    for (size_t g = 0; g < sz->n && vc.n_dims < 3; g++) {
      if (sz->guess[g].demos_right < ex->n_demo) continue;
      tv_val d;
      bool is_node;
      if (!size_arg(&e, shape_id, &sz->guess[g], &d, &is_node)) continue;
      bool dup = false;
      for (size_t i = 0; i < vc.n_dims; i++)
        if (vc.dims[i] == d && vc.dims_is_node[i] == is_node) dup = true;
      if (dup) continue;
      vc.dims[vc.n_dims] = d;
      vc.dims_is_node[vc.n_dims++] = is_node;
    }
  }
  /* seed: a blank grid of the predicted size */
  if (vc.n_dims > 1) {
    tv_val arg[2] = {tv_int(an->bg), vc.dims[1]};
    ts_enum_add(&e, tv_prim_lookup("canvas"), 2, arg, vc.dims_is_node[1] ? 2u : 0u, TS_T_GRID, 0);
  }
  ts_vocab v;
  if (!ts_vocab_build(&v, &vc)) {
    s->hit_memory = true;
  } else {
    int depth = (s->opts->disable & TS_PART_DEPTH3) ? 2 : 3;
    ts_enum_run(&e, &v, an->bg, depth, true);
    ts_vocab_free(&v);
  }
  s->evaluations += e.evaluations;
  s->candidates += e.n;
  /* the budget of this run is over; the rest (texts, composition) is cheap
   * and must not fail for it */
  bool run_hit_budget = e.hit_budget;
  /* library sub-expressions (library.c) as answers and composer pieces, on
   * the task's own colours; added after the levels, since every seed before
   * them multiplies level 1 (docs/SEARCH.md, "Library use") */
  if (!norm && s->opts->library && !(s->opts->disable & (TS_PART_LIBRARY | TS_PART_LIBSEEDS))) {
    ctx->budget = saved_budget;
    ts_library_seeds(&e, s->opts->library, s->opts->library_skip, budget / 10, 64);
  }
  /* object-map near misses (objects.c) as composer pieces, same reason */
  for (size_t i = 0; !norm && i < s->obj_pieces.n; i++)
    ts_enum_add_expr(&e, s->obj_pieces.expr[i], s->obj_pieces.vals[i], TS_T_GRID);
  ctx->budget = 0;
  ta_arena_set_limit(s->arena, mem_limit);
  tv_val *vals = ta_alloc_array(s->arena, ex->n, sizeof(tv_val));
  int origin = norm ? ORIGIN_NORM : ORIGIN_ENUM;
  if (vals) {
    for (size_t i = 0; i < e.n_solutions; i++) {
      uint32_t id = e.solutions[i];
      for (size_t k = 0; k < ex->n; k++) vals[k] = denorm(s, norm, k, e.nodes[id].vals[k]);
      add_cand(s, emit_node_program(&e, id, norm), origin, vals, e.nodes[id].cost);
    }
    if (!e.n_solutions && !(s->opts->disable & TS_PART_COMPOSE) && e.n_pieces) {
      /* several compositions: the first as ts_compose gives it, other
       * distinct ones right on the demos (second attempts), ones right on
       * all demos but one (ranked partial candidates) */
      ts_composition comps[COMPOSE_KEEP];
      memset(comps, 0, sizeof comps);
      bool full = false;
      /* the composer gets a quarter of this run's share on top of it, so a
       * task's work stays within the budget and a quarter (the composer
       * stops on its budget with what it has) */
      if (budget) ctx->budget = ctx->work + budget / 4;
      size_t n_comp = ts_compose_many(ctx, ex, e.pieces, e.n_pieces, an->bg, comps,
                                      COMPOSE_KEEP, &full);
      if (ctx->budget && ctx->work >= ctx->budget) s->hit_budget = true;
      ctx->budget = 0;
      for (size_t q = 0; q < n_comp; q++) {
        const ts_composition comp = comps[q];
        if (q == 0 && !full && comp.cells_right <= (e.n_partial ? e.partial_right[0] : 0)) continue;
        tv_val *cv = ta_alloc_array(s->arena, ex->n, sizeof(tv_val));
        if (cv) {
          ts_compose_apply(ctx, ex, e.pieces, e.n_pieces, &comp, cv);
          uint64_t cost = 0;
          for (size_t l = 0; l < comp.n_layers; l++)
            cost += e.nodes[comp.layer[l]].cost + 1 + (comp.recolour[l] != 0);
          for (size_t k = 0; k < ex->n; k++) vals[k] = denorm(s, norm, k, cv[k]);
          size_t before = s->n_cands;
          add_cand(s, emit_composition(&e, &comp, norm),
                   norm ? ORIGIN_NORM_COMPOSE : ORIGIN_COMPOSE, vals, cost);
          if (s->n_cands > before) s->cands[before].layers = comp.n_layers;
        }
      }
    }
    if (!e.n_solutions) { /* also beside a composition: second attempts */
      for (size_t i = 0; i < e.n_partial; i++) {
        uint32_t id = e.partial[i];
        for (size_t k = 0; k < ex->n; k++) vals[k] = denorm(s, norm, k, e.nodes[id].vals[k]);
        add_cand(s, emit_node_program(&e, id, norm), origin, vals, e.nodes[id].cost);
      }
    }
  }
  s->hit_budget |= run_hit_budget;
  s->hit_memory |= e.hit_memory;
  s->hit_deadline |= e.hit_deadline;
  ts_enum_free(&e);
  ctx->budget = saved_budget;
}

/* ---- library programs ----------------------------------------------------------- */

#define LIBRARY_PROGRAM_BUDGET 2000000ull

static void run_library(solver *s) {
  const tl_library *lib = s->opts->library;
  const ts_examples *ex = &s->ex;
  size_t np = tl_library_count(lib);
  tv_val *vals = ta_alloc_array(s->arena, ex->n, sizeof(tv_val));
  if (!vals) return;
  tv_ctx *ctx = &s->ctx;
  for (size_t i = 0; i < np; i++) {
    if (ctx->budget && ctx->work >= ctx->budget) {
      s->hit_budget = true;
      return;
    }
    const char *name = tl_program_name(lib, i);
    if (s->opts->library_skip && name && !strcmp(name, s->opts->library_skip)) continue;
    bool ok = true;
    for (size_t k = 0; k < ex->n && ok; k++) {
      uint64_t saved = ctx->budget;
      uint64_t cap = ctx->work + LIBRARY_PROGRAM_BUDGET;
      ctx->budget = saved && saved < cap ? saved : cap;
      vals[k] = tl_run(lib, i, ctx, ex->in[k]);
      ctx->budget = saved;
      if (k < ex->n_demo && (!tv_is_grid(vals[k]) || !tv_eq(vals[k], ex->out[k]))) ok = false;
    }
    if (!ok) continue;
    add_cand(s, tl_program_canonical(lib, i), ORIGIN_LIBRARY, vals, tl_program_node_count(lib, i));
  }
}

/* ---- text-built candidates (extras.h) --------------------------------------------- */

typedef struct sink_ctx {
  solver *s;
  int origin;
} sink_ctx;

static void extra_sink(void *user, char *text, const tv_val *vals, uint64_t cost) {
  sink_ctx *k = user;
  add_cand(k->s, text, k->origin, vals, cost);
}

/* Object maps and library neighbours, each on a tenth of the task budget
 * (docs/SEARCH.md, "Object maps", "Library use"). */
static void run_extras(solver *s, uint64_t budget) {
  const ts_options *o = s->opts;
  ts_extra_stats st;
  if (o->library && !(o->disable & (TS_PART_LIBRARY | TS_PART_NEIGHBOURS))) {
    sink_ctx k = {s, ORIGIN_NEIGHBOUR};
    ts_library_neighbours(&s->ctx, &s->ex, &s->an, o->library, o->library_skip, budget / 10,
                          extra_sink, &k, &st);
    s->hit_budget |= st.hit_budget && s->ctx.budget && s->ctx.work >= s->ctx.budget;
  }
  if (!(o->disable & TS_PART_OBJECTS)) {
    sink_ctx k = {s, ORIGIN_OBJECTS};
    const tl_library *lib = o->disable & (TS_PART_LIBRARY | TS_PART_LAMBDAS) ? NULL : o->library;
    s->obj_pieces.max = o->disable & TS_PART_COMPOSE ? 0 : 64;
    ts_object_maps(&s->ctx, &s->ex, &s->an, lib, o->library_skip, budget / 10, extra_sink, &k,
                   &st, &s->obj_pieces);
    s->hit_budget |= st.hit_budget && s->ctx.budget && s->ctx.work >= s->ctx.budget;
  }
}

/* ---- ranking, checking, result ---------------------------------------------------- */

static int cand_cmp(const void *pa, const void *pb) {
  const cand *a = pa, *b = pb;
  if (a->demos_right != b->demos_right) return a->demos_right > b->demos_right ? -1 : 1;
  if (a->layers != b->layers) return a->layers < b->layers ? -1 : 1;
  if (a->cells_right != b->cells_right) return a->cells_right > b->cells_right ? -1 : 1;
  if (a->test_error != b->test_error) return a->test_error ? 1 : -1;
  if (a->cost != b->cost) return a->cost < b->cost ? -1 : 1;
  if (a->origin != b->origin) return a->origin < b->origin ? -1 : 1;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static bool vals_match(tv_val got, tv_val want) {
  if (tv_is_error(want) || !tv_is_grid(want)) return tv_is_error(got) || !tv_is_grid(got);
  return tv_is_grid(got) && tv_eq(got, want);
}

static tv_val copy_grid(tv_ctx *ctx, tv_val g);

/* Loads the text and runs it on every example: true when it gives the
 * candidate's values. Where the search had no value (a test input on which
 * it failed or grew past 30x30) any result is accepted; the program's own
 * results on the tests become the predictions (preds[t], in out_ctx). */
static bool reproduces(solver *s, const cand *c, tv_ctx *out_ctx, tv_val *preds) {
  tl_library *lib = tl_library_new();
  if (!lib) return false;
  bool ok = tl_library_add_source(lib, "search", c->text, strlen(c->text), NULL) == 1;
  ta_arena a;
  ta_arena_init(&a, 1 << 16);
  ta_arena_set_limit(&a, (size_t)256 << 20);
  tv_ctx ctx;
  tv_ctx_init(&ctx, &a, 0);
  for (size_t k = 0; k < s->ex.n && ok; k++) {
    ta_arena_reset(&a);
    tv_ctx_init(&ctx, &a, 100000000ull);
    tv_val v = tl_run(lib, 0, &ctx, s->ex.in[k]);
    bool known = tv_is_grid(c->vals[k]);
    ok = k < s->ex.n_demo || known ? vals_match(v, c->vals[k]) : true;
    if (ok && k >= s->ex.n_demo) {
      tv_val g = copy_grid(out_ctx, v);
      preds[k - s->ex.n_demo] = g ? g : tv_error(out_ctx, "no prediction");
    }
  }
  ta_arena_free(&a);
  tl_library_free(lib);
  return ok;
}

static tv_val copy_grid(tv_ctx *ctx, tv_val g) {
  if (!tv_is_grid(g)) return 0;
  tv_val r = tv_grid_new(ctx, tv_grid_h(g), tv_grid_w(g));
  if (tv_is_error(r)) return 0;
  memcpy(tv_grid_cells(r), tv_grid_cells(g), (size_t)tv_grid_h(g) * (size_t)tv_grid_w(g));
  return tv_grid_seal(r);
}

static tv_val blank_grid(tv_ctx *ctx, int h, int w) {
  if (h <= 0 || w <= 0 || h > 30 || w > 30) h = w = 1;
  tv_val r = tv_grid_new(ctx, h, w);
  return tv_is_error(r) ? 0 : tv_grid_seal(r);
}

static bool validate(const ts_problem *pb, ts_error *err) {
  if (!pb || pb->n_demo == 0) {
    snprintf(err->message, sizeof err->message, "search: the task has no demo pairs");
    return false;
  }
  if (pb->n_demo + pb->n_test > TS_MAX_EXAMPLES) {
    snprintf(err->message, sizeof err->message,
             "search: the task has %zu examples, at most %d are accepted",
             pb->n_demo + pb->n_test, TS_MAX_EXAMPLES);
    return false;
  }
  for (size_t k = 0; k < pb->n_demo; k++)
    if (!tv_is_grid(pb->demo_in[k]) || !tv_is_grid(pb->demo_out[k])) {
      snprintf(err->message, sizeof err->message, "search: demo pair %zu is not two grids", k);
      return false;
    }
  for (size_t k = 0; k < pb->n_test; k++)
    if (!tv_is_grid(pb->test_in[k])) {
      snprintf(err->message, sizeof err->message, "search: test input %zu is not a grid", k);
      return false;
    }
  return true;
}

int ts_solve(const ts_problem *pb, const ts_options *opts_in, ts_result *out, ts_error *err) {
  memset(out, 0, sizeof *out);
  ta_arena_init(&out->arena, 1 << 16);
  tv_ctx_init(&out->ctx, &out->arena, 0);
  ts_error dummy;
  if (!err) err = &dummy;
  err->message[0] = 0;
  if (!validate(pb, err)) return -1;
  ts_options opts = {0};
  if (opts_in) opts = *opts_in;
  uint64_t budget = opts.budget ? opts.budget : TS_DEFAULT_BUDGET;
  size_t mem = opts.memory_mb ? opts.memory_mb : TS_DEFAULT_MEMORY_MB;

  solver *s = calloc(1, sizeof *s);
  if (!s) {
    snprintf(err->message, sizeof err->message, "search: out of memory");
    return -1;
  }
  s->pb = pb;
  s->opts = &opts;
  /* the search arena is kept per thread between calls (reset, not freed):
   * fresh pages cost a page fault each, a few per cent of a short task */
  s->arena = thread_arena();
  if (!s->arena) {
    free(s);
    snprintf(err->message, sizeof err->message, "search: out of memory");
    return -1;
  }
  ta_arena_reset(s->arena);
  ta_arena_set_limit(s->arena, mem << 20);
  tv_ctx_init(&s->ctx, s->arena, budget);
  s->ctx.deadline = opts.deadline;
  ts_examples *ex = &s->ex;
  ex->n_demo = pb->n_demo;
  ex->n = pb->n_demo + pb->n_test;
  for (size_t k = 0; k < pb->n_demo; k++) {
    ex->in[k] = pb->demo_in[k];
    ex->out[k] = pb->demo_out[k];
  }
  for (size_t k = 0; k < pb->n_test; k++) ex->in[pb->n_demo + k] = pb->test_in[k];

  ts_analyse(ex, &s->an);
  memset(&s->sizes, 0, sizeof s->sizes);
  if (!(opts.disable & TS_PART_SIZE)) ts_predict_sizes(&s->ctx, ex, &s->an, &s->sizes);

  if (opts.library && !(opts.disable & TS_PART_LIBRARY)) run_library(s);
  bool solved = false;
  for (size_t i = 0; i < s->n_cands; i++)
    if (s->cands[i].demos_right == ex->n_demo) solved = true;
  if (!solved) run_extras(s, budget);

  /* colour normalisation is decided first, so that a task it does not
   * change gives the whole budget to the plain run */
  ts_normalisation norm;
  ts_examples nex;
  memset(&norm, 0, sizeof norm);
  bool normalise = !solved && !(opts.disable & TS_PART_NORMALISE) &&
                   ts_normalise(&s->ctx, ex, &s->an, 0, &norm, &nex);
  if (!solved) {
    uint64_t left = s->ctx.work < budget ? budget - s->ctx.work : 0;
    uint64_t first = normalise ? left / 10 * 6 : left;
    run_enum(s, ex, &s->an, &s->sizes, first, NULL);
    /* a composition right on the demos still lets the normalised run look
     * for a single expression, which generalises better */
    for (size_t i = 0; i < s->n_cands; i++)
      if (s->cands[i].demos_right == ex->n_demo && s->cands[i].layers == 0) solved = true;
  }
  if (!solved && normalise && !(s->ctx.budget && s->ctx.work >= s->ctx.budget)) {
    ts_analysis nan;
    ts_analyse(&nex, &nan);
    ts_sizes nsz = s->sizes; /* normalising colours changes no size */
    uint64_t left = s->ctx.work < budget ? budget - s->ctx.work : 0;
    run_enum(s, &nex, &nan, &nsz, left, &norm);
  }

  /* rank and check */
  qsort(s->cands, s->n_cands, sizeof s->cands[0], cand_cmp);
  size_t n_test = pb->n_test;
  out->n_test = n_test;
  out->attempts = ta_alloc_zero(&out->arena, (n_test ? n_test : 1) * sizeof *out->attempts);
  out->sizes = ta_alloc_zero(&out->arena, (n_test ? n_test : 1) * sizeof *out->sizes);
  bool ok_mem = out->attempts && out->sizes;
  for (size_t i = 0; i < s->n_cands && ok_mem; i++) {
    cand *c = &s->cands[i];
    if (out->n_programs == TS_MAX_PROGRAMS) break;
    ts_program *p = &out->programs[out->n_programs];
    p->predictions = ta_alloc_zero(&out->arena, (n_test ? n_test : 1) * sizeof(tv_val));
    if (!p->predictions) break;
    if (!reproduces(s, c, &out->ctx, p->predictions)) {
      atomic_fetch_add(&unreproduced, 1);
      continue;
    }
    p->text = c->text;
    c->text = NULL;
    p->demos_right = c->demos_right;
    size_t cells = 0;
    for (size_t k = 0; k < ex->n_demo; k++)
      cells += (size_t)tv_grid_h(ex->out[k]) * (size_t)tv_grid_w(ex->out[k]);
    p->demo_score = cells ? (double)c->cells_right / (double)cells : 0;
    p->cost = c->cost;
    p->origin = origin_names[c->origin];
    out->n_programs++;
  }
  for (size_t t = 0; t < n_test && ok_mem; t++) {
    int h = 0, w = 0;
    if (s->sizes.n) {
      h = s->sizes.guess[0].h[ex->n_demo + t];
      w = s->sizes.guess[0].w[ex->n_demo + t];
    }
    out->sizes[t][0] = h;
    out->sizes[t][1] = w;
    size_t na = 0;
    for (size_t i = 0; i < out->n_programs && na < 2; i++) {
      tv_val v = out->programs[i].predictions[t];
      if (!tv_is_grid(v)) continue;
      if (na == 1 && tv_eq(out->attempts[t][0], v)) continue;
      out->attempts[t][na++] = v;
    }
    if (na < 2 && h > 0 && w > 0) {
      tv_val b = blank_grid(&out->ctx, h, w);
      if (b && !(na == 1 && tv_eq(out->attempts[t][0], b))) out->attempts[t][na++] = b;
    }
    if (na < 2) {
      tv_val g = copy_grid(&out->ctx, pb->test_in[t]);
      if (g && !(na == 1 && tv_eq(out->attempts[t][0], g))) out->attempts[t][na++] = g;
    }
    while (na < 2) {
      tv_val b = blank_grid(&out->ctx, 1, 1);
      out->attempts[t][na++] = b;
    }
  }
  out->status = TS_NOTHING;
  if (s->sizes.n) out->status = TS_SIZE_ONLY;
  if (out->n_programs) out->status = TS_CANDIDATE;
  if (out->n_programs && out->programs[0].demos_right == ex->n_demo) out->status = TS_SOLVED;
  out->work = s->ctx.work;
  out->candidates = s->candidates;
  out->evaluations = s->evaluations;
  out->peak_bytes = s->arena->total;
  out->hit_budget = s->hit_budget || s->ctx.work >= budget;
  out->hit_memory = s->hit_memory;
  out->hit_deadline = s->hit_deadline;
  for (size_t i = 0; i < s->n_cands; i++) free(s->cands[i].text);
  ts_text_pieces_free(&s->obj_pieces);
  ta_arena_reset(s->arena);
  free(s);
  if (!ok_mem) {
    snprintf(err->message, sizeof err->message, "search: out of memory for the result");
    return -1;
  }
  return 0;
}

void ts_result_free(ts_result *r) {
  if (!r) return;
  for (size_t i = 0; i < r->n_programs; i++) free(r->programs[i].text);
  ta_arena_free(&r->arena);
  memset(r, 0, sizeof *r);
}
