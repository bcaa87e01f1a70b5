/*
 * textrun.c - a set of candidate program texts run on a task's examples in
 * one lang library (the shared evaluator of objects.c and library.c).
 *
 * Design: every text is added as its own source, so one text the loader
 * refuses costs only itself; all of them land in one hash-consed DAG, and
 * tl_eval_roots evaluates all live programs on one example with one memo, so
 * a sub-expression the texts share (objects(I, T, F, T), a library program's
 * prefix) is computed once per example. The demos are run one after the
 * other and a program wrong on one demo is not run on the next, so most of
 * the work goes to the first demo. The whole run has one work cap (the
 * sub-budget): tl_eval_roots stops every unfinished program when it is
 * spent, which can starve later programs but never overshoots.
 *
 * Values of the programs handed to the sink are computed again with tl_run
 * in the caller's ctx (its arena), each under its own cap, so they are
 * exactly what the text gives.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search/extras.h"
#include "search/textrun.h"

/* Work cap per demo-exact program when its values are computed on every
 * example (same as solve.c's library programs). */
#define FOUND_PROGRAM_BUDGET 2000000ull

void ts_textset_add(ts_textset *s, char *text) {
  if (!text) {
    s->failed = true;
    return;
  }
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 256;
    char **t = realloc(s->text, cap * sizeof *t);
    if (!t) {
      free(text);
      s->failed = true;
      return;
    }
    s->text = t;
    s->cap = cap;
  }
  s->text[s->n++] = text;
}

void ts_textset_addf(ts_textset *s, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char buf[2048];
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= sizeof buf) {
    s->failed = true;
    return;
  }
  char *t = malloc((size_t)n + 1);
  if (t) memcpy(t, buf, (size_t)n + 1);
  ts_textset_add(s, t);
}

void ts_textset_free(ts_textset *s) {
  for (size_t i = 0; i < s->n; i++) free(s->text[i]);
  free(s->text);
  memset(s, 0, sizeof *s);
}

typedef struct found {
  size_t prog;
  size_t nodes;
} found;

static int found_cmp(const void *pa, const void *pb) {
  const found *a = pa, *b = pb;
  if (a->nodes != b->nodes) return a->nodes < b->nodes ? -1 : 1;
  return a->prog < b->prog ? -1 : a->prog > b->prog;
}

void ts_run_texts(tv_ctx *ctx, const ts_examples *ex, const ts_textset *set, uint64_t budget,
                  size_t max_found, ts_cand_sink sink, void *user, ts_extra_stats *st) {
  st->generated += set->n;
  if (!set->n || !ex->n_demo) return;
  uint64_t cap = ctx->work + budget;
  if (ctx->budget && ctx->budget < cap) cap = ctx->budget;
  if (ctx->work >= cap) {
    st->hit_budget = true;
    return;
  }
  tl_library *lib = tl_library_new();
  size_t *alive = malloc(set->n * sizeof *alive);
  size_t *next = malloc(set->n * sizeof *next);
  tv_val *out = malloc(set->n * sizeof *out);
  if (!lib || !alive || !next || !out) goto done;
  size_t n_alive = 0;
  for (size_t i = 0; i < set->n; i++) {
    size_t before = tl_library_count(lib);
    if (tl_library_add_source(lib, "search", set->text[i], strlen(set->text[i]), NULL) == 1)
      alive[n_alive++] = before;
  }
  st->compiled += n_alive;

  ta_arena a;
  ta_arena_init(&a, 1 << 16);
  ta_arena_set_limit(&a, (size_t)256 << 20);
  tv_ctx sc;
  uint64_t start = ctx->work;
  uint64_t work = ctx->work;
  for (size_t k = 0; k < ex->n_demo && n_alive; k++) {
    ta_arena_reset(&a);
    tv_ctx_init(&sc, &a, cap);
    sc.work = work;
    sc.deadline = ctx->deadline;
    if (tl_eval_roots(lib, &sc, ex->in[k], alive, n_alive, out, NULL) != 0) {
      n_alive = 0;
      break;
    }
    work = sc.work;
    size_t m = 0;
    for (size_t i = 0; i < n_alive; i++)
      if (tv_is_grid(out[i]) && tv_eq(out[i], ex->out[k])) next[m++] = alive[i];
    memcpy(alive, next, m * sizeof *alive);
    n_alive = m;
    if (work >= cap) {
      st->hit_budget = true;
      /* the programs cut short are gone; the ones that finished this demo
       * cannot be checked on the next ones */
      if (k + 1 < ex->n_demo) n_alive = 0;
      break;
    }
  }
  ta_arena_free(&a);
  ctx->work = work;

  /* the cheapest few, by DAG nodes then text order */
  found *f = malloc((n_alive ? n_alive : 1) * sizeof *f);
  if (f) {
    for (size_t i = 0; i < n_alive; i++) f[i] = (found){alive[i], tl_program_node_count(lib, alive[i])};
    qsort(f, n_alive, sizeof *f, found_cmp);
    tv_val vals[TS_MAX_EXAMPLES];
    size_t handed = 0;
    for (size_t i = 0; i < n_alive && handed < max_found; i++) {
      bool ok = true;
      for (size_t k = 0; k < ex->n; k++) {
        uint64_t saved = ctx->budget;
        ctx->budget = ctx->work + FOUND_PROGRAM_BUDGET;
        vals[k] = tl_run(lib, f[i].prog, ctx, ex->in[k]);
        ctx->budget = saved;
        if (k < ex->n_demo && !(tv_is_grid(vals[k]) && tv_eq(vals[k], ex->out[k]))) ok = false;
      }
      if (!ok) continue;
      char *text = tl_program_canonical(lib, f[i].prog);
      if (!text) continue;
      sink(user, text, vals, f[i].nodes);
      handed++;
      st->solved++;
    }
    free(f);
  }
  st->work += ctx->work - start;
done:
  tl_library_free(lib);
  free(alive);
  free(next);
  free(out);
}
