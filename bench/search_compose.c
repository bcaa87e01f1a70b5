/*
 * search_compose.c - what the composer (ts_compose) adds on real tasks,
 * with a small stand-in for the enumerator: for each task of a folder, the
 * pieces are every one-primitive image of the input (arc-dsl and extension
 * primitives whose arguments are the grid and task colours, by role), the
 * one-argument images of those (depth 2), and one-colour grids of the
 * input's shape, all kept when their demo values have the demo outputs'
 * shapes (deduplicated by their values on every example). Then ts_compose.
 *
 * Prints per folder: tasks, tasks with pieces, tasks where one piece is
 * already right on every demo, tasks the composer makes right on every demo
 * with two or more layers, and of those the ones whose composed test output
 * equals the expected one (test outputs are only read for that count,
 * never by the search). Plus the composer's time (thread CPU) and work:
 * mean, max, and the piece count of the slowest task.
 *
 * Usage: build/bench_search_compose [--tasks DIR] [--max-pieces N] [--list]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "search/search_internal.h"
#include "tessera/arc_task.h"
#include "tessera/prims.h"
#include "tessera/prims_ext.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* One candidate: its value on every example. */
typedef struct cand {
  tv_val v[TS_MAX_EXAMPLES];
  uint64_t hash;
} cand;

typedef struct pool {
  cand *c;
  size_t n, cap;
  size_t n_ex;
  uint64_t *table; /* open addressing on hash, 0 = empty; stores index + 1 */
  size_t table_cap;
} pool;

static uint64_t hash_of(const tv_val *v, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t k = 0; k < n; k++) h = (h ^ tv_hash(v[k])) * 1099511628211ull;
  return h ? h : 1;
}

/* Adds a candidate unless an equal one is there; false when full. */
static bool pool_add(pool *p, const tv_val *v) {
  uint64_t h = hash_of(v, p->n_ex);
  size_t mask = p->table_cap - 1;
  for (size_t s = h & mask;; s = (s + 1) & mask) {
    uint64_t e = p->table[s];
    if (!e) {
      if (p->n == p->cap) return false;
      p->table[s] = p->n + 1;
      memcpy(p->c[p->n].v, v, p->n_ex * sizeof(tv_val));
      p->c[p->n].hash = h;
      p->n++;
      return true;
    }
    cand *o = &p->c[e - 1];
    if (o->hash != h) continue;
    bool same = true;
    for (size_t k = 0; k < p->n_ex && same; k++) same = tv_eq(o->v[k], v[k]);
    if (same) return true;
  }
}

/* Calls p with the grid on every example and the other arguments from
 * `fixed` (NULL for "the grid"); the value tuple, or false on any error /
 * non-grid. */
static bool apply_all(tv_ctx *ctx, const tv_prim *p, const tv_val *grids, size_t n_ex,
                      const tv_val *fixed, tv_val *out) {
  for (size_t k = 0; k < n_ex; k++) {
    tv_val args[4];
    for (int a = 0; a < p->arity; a++) args[a] = fixed[a] ? fixed[a] : grids[k];
    ctx->work = 0;
    out[k] = tv_prim_call(ctx, p, args);
    if (!tv_is_grid(out[k])) return false;
  }
  return true;
}

/* Argument choices of parameter a of p: the grid (0), or colours. Returns
 * the number of choices written to vals (0: parameter cannot be bound). */
static size_t choices(const tv_prim *p, int a, const int *colours, size_t n_colours, int bg,
                      tv_val *vals) {
  const tv_prim_ext *e = tv_prim_ext_info(p);
  int role = e ? e->roles[a] : (p->params[a] & TT_GRID ? TV_ROLE_GRID : TV_ROLE_COLOR);
  if (role == TV_ROLE_GRID && (p->params[a] & TT_GRID)) {
    vals[0] = 0;
    return 1;
  }
  if (role == TV_ROLE_BG) {
    vals[0] = tv_int(bg);
    return 1;
  }
  if (role == TV_ROLE_COLOR && (p->params[a] & TT_NUM)) {
    for (size_t c = 0; c < n_colours; c++) vals[c] = tv_int(colours[c]);
    return n_colours;
  }
  return 0;
}

/* Every binding of p (grid arguments = the grid, at least one of them). */
static void expand(tv_ctx *ctx, pool *pl, const tv_prim *p, const tv_val *grids, size_t n_ex,
                   const int *colours, size_t n_colours, int bg, bool unary_only) {
  if (!(p->result & TT_GRID) || p->arity == 0 || p->arity > 3) return;
  tv_val opts[3][10];
  size_t n_opts[3], grid_args = 0;
  for (int a = 0; a < p->arity; a++) {
    n_opts[a] = choices(p, a, colours, n_colours, bg, opts[a]);
    if (!n_opts[a]) return;
    if (n_opts[a] == 1 && opts[a][0] == 0) grid_args++;
    else if (unary_only && n_opts[a] > 1) return;
  }
  if (!grid_args) return;
  size_t idx[3] = {0, 0, 0};
  for (;;) {
    tv_val fixed[4] = {0, 0, 0, 0}, out[TS_MAX_EXAMPLES];
    for (int a = 0; a < p->arity; a++) fixed[a] = opts[a][idx[a]];
    if (apply_all(ctx, p, grids, n_ex, fixed, out) && !pool_add(pl, out)) return;
    int a = 0;
    while (a < p->arity && ++idx[a] == n_opts[a]) idx[a++] = 0;
    if (a == p->arity) break;
  }
}

static size_t all_prims(const tv_prim **list) {
  size_t n = 0;
  for (size_t i = 0; i < tv_prim_count(); i++) list[n++] = tv_prim_at(i);
  for (size_t i = 0; i < tv_prim_ext_count(); i++) list[n++] = tv_prim_ext_at(i);
  return n;
}

int main(int argc, char **argv) {
  const char *tasks = "data/arc-agi-1/training";
  size_t max_pieces = 4000;
  bool list = false;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--tasks") && i + 1 < argc) tasks = argv[++i];
    else if (!strcmp(argv[i], "--max-pieces") && i + 1 < argc) max_pieces = (size_t)atol(argv[++i]);
    else if (!strcmp(argv[i], "--list")) list = true;
    else {
      fprintf(stderr, "usage: %s [--tasks DIR] [--max-pieces N] [--list]\n", argv[0]);
      return 2;
    }
  }
  arc_error err;
  arc_taskset *set = arc_taskset_load(tasks, NULL, &err);
  if (!set) {
    fprintf(stderr, "%s\n", err.message);
    return 2;
  }
  static const tv_prim *prims[1024];
  size_t n_prims = all_prims(prims);
  size_t with_pieces = 0, single = 0, composed = 0, composed_test = 0, partial_cells = 0;
  double t_sum = 0, t_max = 0;
  size_t slow_pieces = 0, pieces_sum = 0;
  uint64_t work_sum = 0, work_max = 0;
  for (size_t t = 0; t < set->count; t++) {
    const arc_task *task = &set->tasks[t];
    ts_examples ex;
    memset(&ex, 0, sizeof ex);
    ex.n_demo = task->n_train;
    ex.n = task->n_train + task->n_test;
    if (ex.n > TS_MAX_EXAMPLES || ex.n_demo == 0) continue;
    for (size_t k = 0; k < ex.n; k++) {
      ex.in[k] = k < ex.n_demo ? task->train[k].input : task->test[k - ex.n_demo].input;
      if (k < ex.n_demo) ex.out[k] = task->train[k].output;
    }
    /* palette of the demos and the background (most common input colour) */
    size_t count[10] = {0};
    unsigned palette = 0;
    for (size_t k = 0; k < ex.n; k++) {
      for (int pass = 0; pass < 2; pass++) {
        tv_val g = pass ? ex.out[k] : ex.in[k];
        if (!g) continue;
        size_t n = (size_t)tv_grid_h(g) * (size_t)tv_grid_w(g);
        for (size_t c = 0; c < n; c++) {
          int col = tv_grid_cells(g)[c];
          if (col >= 0 && col < 10) {
            palette |= 1u << col;
            if (!pass) count[col]++;
          }
        }
      }
    }
    int colours[10], bg = 0;
    size_t n_colours = 0;
    for (int c = 0; c < 10; c++) {
      if (palette >> c & 1) colours[n_colours++] = c;
      if (count[c] > count[bg]) bg = c;
    }

    ta_arena arena;
    ta_arena_init(&arena, 1 << 20);
    tv_ctx ctx;
    tv_ctx_init(&ctx, &arena, 2000000);
    pool pl = {0};
    pl.n_ex = ex.n;
    pl.cap = 20000;
    pl.c = malloc(pl.cap * sizeof(cand));
    pl.table_cap = 1 << 16;
    pl.table = calloc(pl.table_cap, sizeof(uint64_t));
    /* depth 1 from the input, then depth 2 with one-grid-argument calls */
    for (size_t i = 0; i < n_prims; i++)
      expand(&ctx, &pl, prims[i], ex.in, ex.n, colours, n_colours, bg, false);
    size_t depth1 = pl.n;
    for (size_t j = 0; j < depth1 && pl.n < pl.cap; j++) {
      tv_val grids[TS_MAX_EXAMPLES];
      memcpy(grids, pl.c[j].v, ex.n * sizeof(tv_val));
      for (size_t i = 0; i < n_prims && pl.n < pl.cap; i++)
        expand(&ctx, &pl, prims[i], grids, ex.n, colours, n_colours, bg, true);
    }
    /* one-colour grids of the input's shape */
    for (size_t c = 0; c < n_colours; c++) {
      tv_val v[TS_MAX_EXAMPLES];
      for (size_t k = 0; k < ex.n; k++) {
        v[k] = tv_grid_new(&ctx, tv_grid_h(ex.in[k]), tv_grid_w(ex.in[k]));
        memset(tv_grid_cells(v[k]), colours[c], (size_t)tv_grid_h(v[k]) * (size_t)tv_grid_w(v[k]));
        tv_grid_seal(v[k]);
      }
      pool_add(&pl, v);
    }
    /* pieces: the candidates of the outputs' shapes on every demo */
    ts_piece *pieces = malloc(pl.n * sizeof(ts_piece));
    size_t n_pieces = 0;
    bool one_right = false;
    for (size_t j = 0; j < pl.n && n_pieces < max_pieces; j++) {
      bool fits = true, right = true;
      for (size_t d = 0; d < ex.n_demo && fits; d++) {
        tv_val v = pl.c[j].v[d], o = ex.out[d];
        fits = tv_grid_h(v) == tv_grid_h(o) && tv_grid_w(v) == tv_grid_w(o);
        right = right && fits && tv_eq(v, o);
      }
      if (!fits) continue;
      one_right = one_right || right;
      pieces[n_pieces] = (ts_piece){pl.c[j].v, (uint32_t)j, (uint32_t)(j < depth1 ? 1 : 2)};
      n_pieces++;
    }
    if (n_pieces) with_pieces++;
    single += one_right;
    if (n_pieces && !one_right) {
      ctx.work = 0;
      ctx.budget = 0;
      ts_composition c;
      double t0 = now();
      bool ok = ts_compose(&ctx, &ex, pieces, n_pieces, bg, &c);
      double dt = now() - t0;
      t_sum += dt;
      pieces_sum += n_pieces;
      work_sum += ctx.work;
      if (ctx.work > work_max) work_max = ctx.work;
      if (dt > t_max) {
        t_max = dt;
        slow_pieces = n_pieces;
      }
      if (ok && c.n_layers >= 2) {
        composed++;
        tv_val got[TS_MAX_EXAMPLES];
        ts_compose_apply(&ctx, &ex, pieces, n_pieces, &c, got);
        bool test_ok = true;
        for (size_t k = ex.n_demo; k < ex.n; k++) {
          tv_val want = task->test[k - ex.n_demo].output;
          test_ok = test_ok && want && tv_eq(got[k], want);
        }
        composed_test += test_ok;
        if (list)
          printf("%s: %zu layers (transparent %d), test %s\n", task->id, c.n_layers,
                 c.transparent, test_ok ? "right" : "wrong");
      } else if (c.cells_total) {
        partial_cells += c.cells_right * 100 / c.cells_total;
      }
    }
    free(pieces);
    free(pl.c);
    free(pl.table);
    ta_arena_free(&arena);
  }
  size_t timed = with_pieces - single;
  printf("%zu tasks, %zu with pieces, %zu with one right piece; composer on %zu: %zu composed "
         "(2+ layers, every demo right), %zu of them right on test\n",
         set->count, with_pieces, single, timed, composed, composed_test);
  if (timed)
    printf("composer: mean %.2f ms, max %.2f ms (%zu pieces), mean %.0f pieces; work mean %llu, "
           "max %llu\n",
           1e3 * t_sum / (double)timed, 1e3 * t_max, slow_pieces,
           (double)pieces_sum / (double)timed, (unsigned long long)(work_sum / timed),
           (unsigned long long)work_max);
  arc_taskset_free(set);
  return 0;
}
