/*
 * size.c - output-size prediction (ts_predict_sizes, search_internal.h),
 * after icecuber's brute_size: measure many "seed" quantities of every
 * input, then look for simple arithmetic rules of those quantities that give
 * the output height and width on the demos.
 *
 * Seeds. Each seed is an arc-dsl expression over I: the shape of a grid
 * derived from I (I itself, the foreground's bounding box, each colour's
 * bounding box, compress, the largest/smallest object of each objects mode,
 * panels ...) or a count (colours, objects, cells of a colour, panels). All
 * seeds are compiled into one lang library per task and evaluated with the
 * lang interpreter on every example (demo and test inputs), so the value a
 * rule predicts is by construction what its arc-dsl text computes: the
 * engine may paste that text into a program as a size argument.
 *
 * Features and axis rules. A feature is one integer per example: the height
 * or width of a shape seed, or a count seed. An axis rule computes one
 * integer per example from features: a constant 1..30, a*f+b (1 <= a <= 5,
 * |b| <= 3), f/a (floor, 2 <= a <= 5), or f1+f2. Each rule is checked on
 * both output axes of every demo; a guess is a pair (rule for the height,
 * rule for the width), so mixes of seeds per axis come for free.
 *
 * Ranking. Most demos right first (both axes), then the lowest cost: seeds
 * have a cost by how specific they are (the input's shape cheapest), each
 * arithmetic step adds to it, and a guess whose two axes are the same rule
 * on the two sides of one shape (e.g. shape(I) * 3) is cheaper than two
 * unrelated rules, and a constant size every demo output has is cheaper
 * still (a strong hint when it holds). Rules must give 1..30 on every example (ARC's sizes), so
 * no guess predicts an impossible test size. Guesses are deduplicated by
 * their values on all examples: the alternatives differ somewhere.
 *
 * Memory: the rule tables live in ctx->arena (scratch for the caller); the
 * lang library is malloc'd and freed before returning.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search/search_internal.h"
#include "tessera/lang.h"

#define SIDE_MAX 30 /* ARC grids are at most 30 x 30 */
#define EXPR_CAP 400 /* one axis rule's text: two features and a call */

typedef enum { SEED_SHAPE, SEED_PAIR, SEED_COUNT } seed_kind;

typedef struct seed {
  seed_kind kind;
  int cost;
  char part[2][80]; /* SEED_PAIR: the expressions of its two integers */
  char expr[160]; /* SEED_SHAPE: a grid expression G (the seed is shape(G));
                     SEED_PAIR: astuple(part[0], part[1]);
                     SEED_COUNT: an integer expression */
} seed;

typedef struct feature {
  int seed;      /* index in the seed table */
  int axis;      /* 0 height, 1 width, -1 a count */
  int cost;
  int v[TS_MAX_EXAMPLES];
} feature;

typedef enum { R_CONST, R_AFFINE, R_DIV, R_SUM } rule_kind;

typedef struct rule {
  rule_kind kind;
  int f1, f2;  /* features */
  int a, b;    /* R_CONST: a is the constant */
  int cost;
  uint32_t mask[2]; /* demos where it gives the output's height / width */
  int v[TS_MAX_EXAMPLES];
} rule;

static const char *const NUM_NAMES[] = {"ZERO", "ONE", "TWO",   "THREE", "FOUR", "FIVE",
                                        "SIX",  "SEVEN", "EIGHT", "NINE",  "TEN"};

/* snprintf through a function, so that the compiler does not flag the
 * nested expression buffers; the caps are sized for the longest seed
 * expression, and a truncated text is caught by the caller (text_ok). */
static void text(char *buf, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void text(char *buf, size_t cap, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, cap, fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= cap) buf[0] = '\0';
}

static void num_text(char *buf, size_t cap, int k) {
  if (k >= 0 && k <= 10)
    text(buf, cap, "%s", NUM_NAMES[k]);
  else
    text(buf, cap, "%d", k);
}

/* ---- seeds --------------------------------------------------------------- */

typedef struct seed_table {
  seed s[128];
  size_t n;
} seed_table;

static void add_seed(seed_table *t, seed_kind kind, int cost, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void add_seed(seed_table *t, seed_kind kind, int cost, const char *fmt, ...) {
  if (t->n >= sizeof t->s / sizeof t->s[0]) return;
  seed *s = &t->s[t->n];
  s->kind = kind;
  s->cost = cost;
  s->part[0][0] = s->part[1][0] = '\0';
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(s->expr, sizeof s->expr, fmt, ap);
  va_end(ap);
  if (n > 0 && (size_t)n < sizeof s->expr) t->n++; /* else dropped: too long */
}

static void add_pair_seed(seed_table *t, int cost, const char *h, const char *w) {
  size_t n = t->n;
  add_seed(t, SEED_PAIR, cost, "astuple(%s, %s)", h, w);
  if (t->n == n) return; /* the table is full */
  seed *s = &t->s[n];
  text(s->part[0], sizeof s->part[0], "%s", h);
  text(s->part[1], sizeof s->part[1], "%s", w);
}

static void build_seeds(const ts_analysis *an, seed_table *t) {
  char bg[8];
  num_text(bg, sizeof bg, an->bg);
  t->n = 0;
  add_seed(t, SEED_SHAPE, 0, "I");
  add_seed(t, SEED_SHAPE, 2, "crop_content(I, %s)", bg);
  add_seed(t, SEED_SHAPE, 3, "compress(I)");
  add_seed(t, SEED_SHAPE, 3, "drop_bg_lines(I, %s)", bg);
  add_seed(t, SEED_SHAPE, 3, "merge_equal_lines(I)");
  add_seed(t, SEED_SHAPE, 4, "merge_equal_lines(crop_content(I, %s))", bg);
  add_seed(t, SEED_SHAPE, 4, "merge_equal_lines(compress(I))");
  static const char *const modes[] = {"T, F, T", "T, T, T", "F, F, T", "F, T, T"};
  static const char *const picks[] = {"pick_most_cells", "pick_fewest_cells", "pick_largest",
                                      "pick_smallest"};
  /* Panels first: where separator lines exist they are what a task is
   * about, and among equal costs the earlier seed wins. */
  for (size_t p = 0; p < 4; p++)
    add_seed(t, SEED_SHAPE, 4, "%s(split_panels(I), %s)", picks[p], bg);
  /* The layout of the panels: how many rows and columns of them. */
  add_pair_seed(t, 4, "size(dedupe(apply(uppermost, split_panels(I))))",
                "size(dedupe(apply(leftmost, split_panels(I))))");
  for (size_t m = 0; m < 4; m++)
    for (size_t p = 0; p < 4; p++)
      add_seed(t, SEED_SHAPE, 5, "%s(objects(I, %s), %s)", picks[p], modes[m], bg);
  for (size_t p = 0; p < 4; p++)
    add_seed(t, SEED_SHAPE, 4, "%s(split_colors(I, %s), %s)", picks[p], bg, bg);
  /* The odd one out (icecuber's pickUnique and the like); a picker that
   * finds no such part fails on that example and the seed is dropped. */
  static const char *const odd[] = {"pick_unique_color", "pick_unique", "pick_odd_shape",
                                    "pick_most_colors"};
  for (size_t p = 0; p < 4; p++)
    add_seed(t, SEED_SHAPE, 5, "%s(objects(I, F, T, T), %s)", odd[p], bg);
  add_seed(t, SEED_SHAPE, 5, "pick_unique_color(objects(I, T, F, T), %s)", bg);
  add_seed(t, SEED_SHAPE, 5, "pick_unique_color(objects(I, T, T, T), %s)", bg);
  add_seed(t, SEED_SHAPE, 5, "pick_symmetric(objects(I, F, T, T), %s)", bg);
  add_seed(t, SEED_SHAPE, 5, "pick_asymmetric(objects(I, F, T, T), %s)", bg);
  /* Counts laid out as 1 x n grids: the width is the count. */
  add_seed(t, SEED_SHAPE, 4, "count_cells_row(I, %s)", bg);
  add_seed(t, SEED_SHAPE, 4, "count_colors_row(I, %s)", bg);
  add_seed(t, SEED_SHAPE, 4, "count_objects_row(I, %s)", bg);
  /* ... and as n x n grids, so that "n by n" is one rule on one shape. */
  add_seed(t, SEED_SHAPE, 4, "count_colors_square(I, %s)", bg);
  add_seed(t, SEED_SHAPE, 4, "count_objects_square(I, %s)", bg);
  for (int c = 0; c < 10; c++)
    if ((an->in_colours >> c & 1) && c != an->bg) {
      char cn[8];
      num_text(cn, sizeof cn, c);
      add_seed(t, SEED_SHAPE, 4, "crop_color(I, %s)", cn);
    }
  add_seed(t, SEED_COUNT, 4, "numcolors(I)");
  for (size_t m = 0; m < 4; m++) add_seed(t, SEED_COUNT, 4, "size(objects(I, %s))", modes[m]);
  add_seed(t, SEED_COUNT, 4, "size(split_panels(I))");
  add_seed(t, SEED_COUNT, 5, "colorcount(I, mostcolor(I))");
  add_seed(t, SEED_COUNT, 5, "colorcount(I, leastcolor(I))");
  for (int c = 0; c < 10; c++)
    if (an->in_colours >> c & 1) {
      char cn[8];
      num_text(cn, sizeof cn, c);
      add_seed(t, SEED_COUNT, 5, "colorcount(I, %s)", cn);
    }
}

/* The seeds as one solver file: seed k is program s<k>. */
static char *seeds_source(const seed_table *t) {
  /* Each def takes at most 40 bytes besides its expression. */
  size_t cap = 64 + t->n * (sizeof t->s[0].expr + 48), len = 0;
  char *src = malloc(cap);
  if (!src) return NULL;
  int n = snprintf(src, cap, "from tessera_ext import *\n");
  for (size_t k = 0; n >= 0 && (size_t)n < cap - len && k < t->n; k++) {
    len += (size_t)n;
    bool shape = t->s[k].kind == SEED_SHAPE;
    n = snprintf(src + len, cap - len, "def s%zu(I):\n    return %s%s%s\n", k,
                 shape ? "shape(" : "", t->s[k].expr, shape ? ")" : "");
  }
  if (n < 0 || (size_t)n >= cap - len) {
    free(src);
    return NULL;
  }
  return src;
}

/* ---- expressions ---------------------------------------------------------- */

static void feature_text(const seed_table *st, const feature *f, char *buf, size_t cap) {
  const seed *s = &st->s[f->seed];
  if (f->axis < 0)
    text(buf, cap, "%s", s->expr);
  else if (s->kind == SEED_PAIR)
    text(buf, cap, "%s", s->part[f->axis]);
  else
    text(buf, cap, "%s(%s)", f->axis == 0 ? "height" : "width", s->expr);
}

/* e (an integer or pair expression) times a plus b, as arc-dsl text. */
static void affine_text(const char *e, int a, int b, char *buf, size_t cap) {
  char tmp[EXPR_CAP], num[16];
  if (a != 1) {
    num_text(num, sizeof num, a);
    text(tmp, sizeof tmp, "multiply(%s, %s)", e, num);
  } else {
    text(tmp, sizeof tmp, "%s", e);
  }
  if (b == 0) {
    text(buf, cap, "%s", tmp);
  } else {
    num_text(num, sizeof num, b < 0 ? -b : b);
    text(buf, cap, "%s(%s, %s)", b < 0 ? "subtract" : "add", tmp, num);
  }
}

static void rule_text(const seed_table *st, const feature *fs, const rule *r, char *buf,
                      size_t cap) {
  char f1[EXPR_CAP], f2[EXPR_CAP], num[16];
  switch (r->kind) {
    case R_CONST:
      num_text(buf, cap, r->a);
      break;
    case R_AFFINE:
      feature_text(st, &fs[r->f1], f1, sizeof f1);
      affine_text(f1, r->a, r->b, buf, cap);
      break;
    case R_DIV:
      feature_text(st, &fs[r->f1], f1, sizeof f1);
      num_text(num, sizeof num, r->a);
      text(buf, cap, "divide(%s, %s)", f1, num);
      break;
    case R_SUM:
      feature_text(st, &fs[r->f1], f1, sizeof f1);
      feature_text(st, &fs[r->f2], f2, sizeof f2);
      text(buf, cap, "add(%s, %s)", f1, f2);
      break;
  }
}

/* Whether rules rh, rw are one rule applied to the two sides of one shape. */
static bool same_on_shape(const feature *fs, const rule *rh, const rule *rw) {
  if (rh->kind != rw->kind || (rh->kind != R_AFFINE && rh->kind != R_DIV)) return false;
  const feature *a = &fs[rh->f1], *b = &fs[rw->f1];
  return a->seed == b->seed && a->axis == 0 && b->axis == 1 && rh->a == rw->a && rh->b == rw->b;
}

/* The rule's name for --explain: the expression, shortened with "..." to
 * fit (only the expression itself must be whole). */
static void name_copy(char *name, size_t ncap, const char *expr) {
  size_t n = strlen(expr);
  if (ncap == 0) return;
  if (n < ncap) {
    memcpy(name, expr, n + 1);
  } else if (ncap > 4) {
    memcpy(name, expr, ncap - 4);
    memcpy(name + ncap - 4, "...", 4);
  } else {
    name[0] = '\0';
  }
}

/* Cost of rule r used for output axis ax (0 height, 1 width): a height
 * computed from a width (or the reverse) costs more. */
static int axis_cost(const feature *fs, const rule *r, int ax) {
  if (r->kind == R_CONST || fs[r->f1].axis < 0 || fs[r->f1].axis == ax) return r->cost;
  return r->cost + 2;
}

/* Cost of predicting (h, w) with rules rh, rw: the two rules' costs, with a
 * shape counted once when both axes are one rule on its two sides, and a
 * penalty for a height computed from a width (or the reverse), so that
 * "shape(I)" beats "astuple(height(I), height(I))" on square demos. */
static int joint_cost(const feature *fs, const rule *rh, const rule *rw) {
  if (same_on_shape(fs, rh, rw)) return rh->cost;
  /* A constant size: the demo outputs all have it, a strong hint that
   * beats shapes of derived grids that happen to have it too. */
  if (rh->kind == R_CONST && rw->kind == R_CONST) return rh->a == rw->a ? 2 : 3;
  return axis_cost(fs, rh, 0) + axis_cost(fs, rw, 1) + 1;
}

/* A last check that no part of the text was lost to a full buffer (text()
 * empties a buffer that would overflow): parentheses balance and no call or
 * argument is empty. The buffers are sized so that this never fails. */
static bool well_formed(const char *e) {
  int depth = 0;
  if (!*e) return false;
  for (const char *p = e; *p; p++) {
    if (*p == '(') depth++;
    if (*p == ')' && --depth < 0) return false;
    if ((*p == '(' || *p == ',') && (p[1] == ')' || p[1] == ',')) return false;
    if (*p == ',' && p[1] == ' ' && (p[2] == ')' || p[2] == ',')) return false;
    if (*p == '(' && p > e && p[-1] == ' ') return false;
  }
  return depth == 0 && e[0] != '(';
}

static void guess_text(const seed_table *st, const feature *fs, const rule *rh, const rule *rw,
                       char *expr, size_t cap, char *name, size_t ncap) {
  char eh[EXPR_CAP], ew[EXPR_CAP];
  if (same_on_shape(fs, rh, rw)) {
    char shp[EXPR_CAP], num[16];
    const seed *sd = &st->s[fs[rh->f1].seed];
    if (sd->kind == SEED_PAIR)
      text(shp, sizeof shp, "%s", sd->expr);
    else
      text(shp, sizeof shp, "shape(%s)", sd->expr);
    if (rh->kind == R_DIV) {
      num_text(num, sizeof num, rh->a);
      text(expr, cap, "divide(%s, %s)", shp, num);
    } else {
      affine_text(shp, rh->a, rh->b, expr, cap);
    }
  } else {
    rule_text(st, fs, rh, eh, sizeof eh);
    rule_text(st, fs, rw, ew, sizeof ew);
    text(expr, cap, "astuple(%s, %s)", eh, ew);
  }
  if (!well_formed(expr)) expr[0] = '\0';
  /* Short names for the common rules, for --explain. */
  if (rh->kind == R_CONST && rw->kind == R_CONST)
    text(name, ncap, "(%d, %d)", rh->a, rw->a);
  else if (!strcmp(expr, "shape(I)"))
    text(name, ncap, "input");
  else
    name_copy(name, ncap, expr);
}

/* ---- search ---------------------------------------------------------------- */

typedef struct rule_set {
  rule *r;
  size_t n, cap;
} rule_set;

static bool push_rule(tv_ctx *ctx, rule_set *rs, const rule *r) {
  if (rs->n == rs->cap) {
    size_t cap = rs->cap ? rs->cap * 2 : 1024;
    rule *nr = ta_alloc_array(ctx->arena, cap, sizeof *nr);
    if (!nr) return false;
    if (rs->n) memcpy(nr, rs->r, rs->n * sizeof *nr);
    rs->r = nr;
    rs->cap = cap;
  }
  rs->r[rs->n++] = *r;
  return true;
}

/* Fills r->mask from r->v; false when the rule leaves 1..SIDE_MAX somewhere
 * or is useless (below). */
static bool finish_rule(const ts_examples *ex, rule *r) {
  r->mask[0] = r->mask[1] = 0;
  for (size_t k = 0; k < ex->n; k++)
    if (r->v[k] < 1 || r->v[k] > SIDE_MAX) return false;
  for (size_t k = 0; k < ex->n_demo; k++) {
    if (!tv_is_grid(ex->out[k])) continue;
    if (r->v[k] == tv_grid_h(ex->out[k])) r->mask[0] |= 1u << k;
    if (r->v[k] == tv_grid_w(ex->out[k])) r->mask[1] |= 1u << k;
  }
  /* A rule right on no demo axis can only be a guess when nothing fits at
   * all, and then the constants (always kept) are as good: dropping the
   * rest keeps the tables small. */
  return r->kind == R_CONST || r->mask[0] || r->mask[1];
}

typedef struct cand {
  size_t rh, rw;
  int right;
  int cost;
} cand;

static bool same_values(const ts_examples *ex, const rule *a, const rule *b) {
  return memcmp(a->v, b->v, ex->n * sizeof a->v[0]) == 0;
}

static bool cand_better(const cand *x, const cand *y) {
  return x->right > y->right || (x->right == y->right && x->cost < y->cost);
}

/* Offers candidate c to best[0..*nb) (sorted, best first, at most
 * TS_MAX_SIZE_GUESSES, distinct in their values on all examples): a
 * candidate with the values of a kept one replaces it when better. */
static void offer(const ts_examples *ex, const rule_set *rs, cand *best, size_t *nb, cand c) {
  const rule *rh = &rs->r[c.rh], *rw = &rs->r[c.rw];
  size_t n = *nb, same = n;
  for (size_t q = 0; q < n && same == n; q++)
    if (same_values(ex, &rs->r[best[q].rh], rh) && same_values(ex, &rs->r[best[q].rw], rw))
      same = q;
  size_t at;
  if (same < n) {
    if (!cand_better(&c, &best[same])) return;
    at = same;
  } else if (n < TS_MAX_SIZE_GUESSES) {
    at = (*nb)++;
  } else if (cand_better(&c, &best[n - 1])) {
    at = n - 1;
  } else {
    return;
  }
  best[at] = c;
  /* Bubble it up to keep the order. */
  for (size_t q = at; q > 0 && cand_better(&best[q], &best[q - 1]); q--) {
    cand t = best[q];
    best[q] = best[q - 1];
    best[q - 1] = t;
  }
}

void ts_predict_sizes(tv_ctx *ctx, const ts_examples *ex, const ts_analysis *an,
                      ts_sizes *out) {
  memset(out, 0, sizeof *out);
  if (ex->n == 0 || ex->n > TS_MAX_EXAMPLES || ex->n_demo == 0) return;
  seed_table *st = ta_alloc_zero(ctx->arena, sizeof *st);
  if (!st) return;
  build_seeds(an, st);

  /* Evaluate every seed on every example. */
  feature *fs = ta_alloc_array(ctx->arena, st->n * 2, sizeof *fs);
  size_t *roots = ta_alloc_array(ctx->arena, st->n, sizeof *roots);
  tv_val *vals = ta_alloc_array(ctx->arena, st->n, sizeof *vals);
  bool *ok = ta_alloc_array(ctx->arena, st->n, sizeof *ok);
  int (*sv)[TS_MAX_EXAMPLES][2] = ta_alloc_array(ctx->arena, st->n, sizeof *sv);
  if (!fs || !roots || !vals || !ok || !sv) return;
  char *src = seeds_source(st);
  tl_library *lib = src ? tl_library_new() : NULL;
  tl_diag diag;
  if (!lib || tl_library_add_source(lib, "size-seeds", src, strlen(src), &diag) != (int)st->n) {
    tl_library_free(lib);
    free(src);
    return;
  }
  free(src);
  for (size_t k = 0; k < st->n; k++) {
    roots[k] = k;
    ok[k] = true;
  }
  for (size_t e = 0; e < ex->n; e++) {
    if (!tv_is_grid(ex->in[e]) ||
        tl_eval_roots(lib, ctx, ex->in[e], roots, st->n, vals, NULL) != 0) {
      for (size_t k = 0; k < st->n; k++) ok[k] = false;
      break;
    }
    for (size_t k = 0; k < st->n; k++) {
      tv_val v = vals[k];
      if (st->s[k].kind != SEED_COUNT && tv_is_pair(v)) {
        sv[k][e][0] = (int)tv_pair_a(v);
        sv[k][e][1] = (int)tv_pair_b(v);
      } else if (st->s[k].kind == SEED_COUNT && tv_is_number(v) && tv_num(v) >= 0 &&
                 tv_num(v) <= 1024) {
        sv[k][e][0] = sv[k][e][1] = (int)tv_num(v);
      } else {
        ok[k] = false;
      }
    }
  }
  tl_library_free(lib);
  /* A seed with the values of a cheaper (or as cheap and earlier) seed on
   * every example adds nothing but ties: drop it. */
  for (size_t k = 0; k < st->n; k++) {
    if (!ok[k]) continue;
    for (size_t j = 0; j < st->n && ok[k]; j++) {
      if (j == k || !ok[j] || st->s[j].kind != st->s[k].kind) continue;
      if (st->s[j].cost > st->s[k].cost || (st->s[j].cost == st->s[k].cost && j > k)) continue;
      if (!memcmp(sv[j], sv[k], ex->n * sizeof sv[k][0])) ok[k] = false;
    }
  }
  size_t nf = 0;
  for (size_t k = 0; k < st->n; k++) {
    if (!ok[k]) continue;
    int axes = st->s[k].kind != SEED_COUNT ? 2 : 1;
    for (int a = 0; a < axes; a++) {
      feature *f = &fs[nf++];
      f->seed = (int)k;
      f->axis = axes == 2 ? a : -1;
      f->cost = st->s[k].cost;
      for (size_t e = 0; e < ex->n; e++) f->v[e] = sv[k][e][a];
    }
  }

  /* Axis rules. */
  rule_set rs = {0};
  rule r;
  memset(&r, 0, sizeof r);
  for (int c = 1; c <= SIDE_MAX; c++) {
    r.kind = R_CONST;
    r.a = c;
    r.cost = 3;
    for (size_t e = 0; e < ex->n; e++) r.v[e] = c;
    if (finish_rule(ex, &r)) push_rule(ctx, &rs, &r);
  }
  /* slot[i * N_SLOTS + s]: the rule of feature i with affine/div slot s,
   * or -1, so that one rule on both sides of a shape is found again. */
  enum { N_SLOTS = 5 * 7 + 4 };
  long *slot = ta_alloc_array(ctx->arena, nf ? nf * N_SLOTS : 1, sizeof *slot);
  if (!slot) return;
  for (size_t i = 0; i < nf * N_SLOTS; i++) slot[i] = -1;
  for (size_t i = 0; i < nf; i++) {
    for (int a = 1; a <= 5; a++)
      for (int b = -3; b <= 3; b++) {
        r.kind = R_AFFINE;
        r.f1 = (int)i;
        r.a = a;
        r.b = b;
        r.cost = fs[i].cost + (a != 1) * 2 + (b != 0) * (b < -1 || b > 1 ? 3 : 2);
        for (size_t e = 0; e < ex->n; e++) r.v[e] = fs[i].v[e] * a + b;
        if (finish_rule(ex, &r) && push_rule(ctx, &rs, &r))
          slot[i * N_SLOTS + (size_t)((a - 1) * 7 + b + 3)] = (long)rs.n - 1;
      }
    for (int a = 2; a <= 5; a++) {
      r.kind = R_DIV;
      r.f1 = (int)i;
      r.a = a;
      r.b = 0;
      r.cost = fs[i].cost + 3;
      for (size_t e = 0; e < ex->n; e++) r.v[e] = fs[i].v[e] / a;
      if (finish_rule(ex, &r) && push_rule(ctx, &rs, &r))
        slot[i * N_SLOTS + 35 + (size_t)(a - 2)] = (long)rs.n - 1;
    }
    for (size_t j = i; j < nf; j++) {
      r.kind = R_SUM;
      r.f1 = (int)i;
      r.f2 = (int)j;
      r.a = r.b = 0;
      r.cost = fs[i].cost + fs[j].cost + 4;
      for (size_t e = 0; e < ex->n; e++) r.v[e] = fs[i].v[e] + fs[j].v[e];
      if (finish_rule(ex, &r)) push_rule(ctx, &rs, &r);
    }
  }
  if (rs.n == 0) return;

  /* Per axis and per demo mask, the cheapest rules with distinct values. */
  enum { PER_MASK = 24 };
  typedef struct group {
    uint32_t mask;
    size_t n;
    size_t r[PER_MASK];
  } group;
  group *groups[2];
  size_t ng[2] = {0, 0};
  for (int ax = 0; ax < 2; ax++) {
    groups[ax] = ta_alloc_array(ctx->arena, rs.n, sizeof(group));
    if (!groups[ax]) return;
    for (size_t i = 0; i < rs.n; i++) {
      uint32_t m = rs.r[i].mask[ax];
      size_t g = 0;
      while (g < ng[ax] && groups[ax][g].mask != m) g++;
      if (g == ng[ax]) {
        groups[ax][g].mask = m;
        groups[ax][g].n = 0;
        ng[ax]++;
      }
      group *gr = &groups[ax][g];
      bool dup = false;
      for (size_t q = 0; q < gr->n && !dup; q++)
        if (same_values(ex, &rs.r[gr->r[q]], &rs.r[i])) {
          dup = true;
          if (axis_cost(fs, &rs.r[i], ax) < axis_cost(fs, &rs.r[gr->r[q]], ax)) gr->r[q] = i;
        }
      if (dup) continue;
      if (gr->n < PER_MASK) {
        gr->r[gr->n++] = i;
      } else {
        size_t worst = 0;
        for (size_t q = 1; q < gr->n; q++)
          if (axis_cost(fs, &rs.r[gr->r[q]], ax) > axis_cost(fs, &rs.r[gr->r[worst]], ax))
            worst = q;
        if (axis_cost(fs, &rs.r[i], ax) < axis_cost(fs, &rs.r[gr->r[worst]], ax))
          gr->r[worst] = i;
      }
    }
  }

  /* Joint candidates: keep the best TS_MAX_SIZE_GUESSES with distinct values:
   * first one rule on both sides of a shape, then every pair of per-axis
   * rules. */
  cand best[TS_MAX_SIZE_GUESSES];
  size_t nb = 0;
  for (size_t i = 0; i + 1 < nf; i++) {
    if (fs[i].axis != 0 || fs[i + 1].axis != 1 || fs[i].seed != fs[i + 1].seed) continue;
    for (size_t k = 0; k < N_SLOTS; k++) {
      long h = slot[i * N_SLOTS + k], w = slot[(i + 1) * N_SLOTS + k];
      if (h < 0 || w < 0) continue;
      const rule *rh = &rs.r[h], *rw = &rs.r[w];
      cand c = {(size_t)h, (size_t)w, __builtin_popcount(rh->mask[0] & rw->mask[1]),
                joint_cost(fs, rh, rw)};
      offer(ex, &rs, best, &nb, c);
    }
  }
  for (size_t gh = 0; gh < ng[0]; gh++)
    for (size_t gw = 0; gw < ng[1]; gw++) {
      int right = __builtin_popcount(groups[0][gh].mask & groups[1][gw].mask);
      for (size_t qh = 0; qh < groups[0][gh].n; qh++)
        for (size_t qw = 0; qw < groups[1][gw].n; qw++) {
          cand c = {groups[0][gh].r[qh], groups[1][gw].r[qw], right, 0};
          c.cost = joint_cost(fs, &rs.r[c.rh], &rs.r[c.rw]);
          offer(ex, &rs, best, &nb, c);
        }
    }

  for (size_t q = 0; q < nb; q++) {
    ts_size_guess *g = &out->guess[out->n++];
    const rule *rh = &rs.r[best[q].rh], *rw = &rs.r[best[q].rw];
    for (size_t e = 0; e < ex->n; e++) {
      g->h[e] = rh->v[e];
      g->w[e] = rw->v[e];
    }
    g->demos_right = (size_t)best[q].right;
    guess_text(st, fs, rh, rw, g->expr, sizeof g->expr, g->rule, sizeof g->rule);
  }
}

size_t ts_size_expr(const ts_size_guess *g, char *buf, size_t cap) {
  size_t n = strlen(g->expr);
  if (cap == 0) return n;
  text(buf, cap, "%s", g->expr);
  return n;
}
