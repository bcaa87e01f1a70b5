/*
 * library.c - library use beyond running the programs as they are:
 * neighbours of library programs (task constants swapped in) and their
 * grid-valued sub-expressions as seeds of the enumerator.
 *
 * Both work on the canonical text of a program (tl_program_canonical: one
 * statement per DAG node, constants by their constants.py names), cut into
 * tokens. A neighbour is the same token list with a few tokens replaced:
 *   1. every occurrence of one colour-like constant (ZERO..NINE) by a task
 *      colour (appearing, disappearing, then the other task colours);
 *   2. one rigid-map primitive by another of the 8 D8 maps (identity only
 *      where it is called);
 *   3. one objects() flag (univalued, diagonal, without_bg) toggled;
 *   4. one integer constant (NEG_TWO..TEN) nudged by +1 / -1;
 *   5. a single occurrence of a repeated colour constant by a task colour;
 *   6. two distinct colour constants, each by a task colour.
 * Variants come in that order, at most MAX_VARIANTS per program. Programs are
 * visited closest first: each is run on the demos once (tl_eval_each, one
 * memo) and ranked by demos whose output shape it gets, then demo cells
 * right, then library order. Variants are run in batches (textrun.c) until
 * one is right on every demo or the sub-budget is spent.
 *
 * A seed is the text of a statement with every variable before it inlined
 * (a nested expression over I), kept when its value is a grid on every
 * example; the enumerator gets it as an expression node. Every seed is a
 * level-0 node the whole vocabulary is applied to, so seeds are few: those
 * with the demo outputs' shapes first, then the others, up to max_seeds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search/extras.h"
#include "search/textrun.h"

#define MAX_VARIANTS 96
#define BATCH_TEXTS 400
#define MAX_TOKENS 2048

static const char *const cname[13] = {"NEG_TWO", "NEG_ONE", "ZERO", "ONE",   "TWO",
                                      "THREE",   "FOUR",    "FIVE", "SIX",   "SEVEN",
                                      "EIGHT",   "NINE",    "TEN"};
/* value of a constant name (-2..10), or 99 */
static int const_value(const char *s, size_t n) {
  for (int i = 0; i < 13; i++)
    if (strlen(cname[i]) == n && !memcmp(cname[i], s, n)) return i - 2;
  return 99;
}
static const char *name_of(int v) { return v >= -2 && v <= 10 ? cname[v + 2] : NULL; }

static const char *const d8[8] = {"identity", "rot90",   "rot180",  "rot270",
                                  "hmirror",  "vmirror", "dmirror", "cmirror"};
static int d8_index(const char *s, size_t n) {
  for (int i = 0; i < 8; i++)
    if (strlen(d8[i]) == n && !memcmp(d8[i], s, n)) return i;
  return -1;
}

typedef struct tok {
  const char *s;
  size_t n;
} tok;

typedef struct tokens {
  const char *text;
  tok t[MAX_TOKENS];
  size_t n;
} tokens;

static bool is_id(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Identifiers and numbers are tokens; everything else stays in the gaps. */
static bool tokenize(const char *text, tokens *tk) {
  tk->text = text;
  tk->n = 0;
  for (const char *p = text; *p;) {
    if (!is_id(*p)) {
      p++;
      continue;
    }
    const char *q = p;
    while (is_id(*q)) q++;
    if (tk->n == MAX_TOKENS) return false;
    tk->t[tk->n++] = (tok){p, (size_t)(q - p)};
    p = q;
  }
  return true;
}

static bool tok_is(const tok *t, const char *s) { return strlen(s) == t->n && !memcmp(t->s, s, t->n); }
/* the character right after token i */
static char after(const tokens *tk, size_t i) { return tk->t[i].s[tk->t[i].n]; }

/* Rebuilds the text with rep[i] (when not NULL) in place of token i; a def's
 * name becomes "solve" (a variant is not its source's task solver). */
static char *rebuild(const tokens *tk, const char *const *rep) {
  size_t len = strlen(tk->text), extra = 0;
  extra += 8; /* "solve" over a shorter def name */
  for (size_t i = 0; i < tk->n; i++)
    if (rep[i]) extra += strlen(rep[i]);
  char *out = malloc(len + extra + 1);
  if (!out) return NULL;
  char *o = out;
  const char *p = tk->text;
  for (size_t i = 0; i < tk->n; i++) {
    size_t gap = (size_t)(tk->t[i].s - p);
    memcpy(o, p, gap);
    o += gap;
    const char *r_i = rep[i];
    if (!r_i && i > 0 && tok_is(&tk->t[i - 1], "def")) r_i = "solve";
    if (r_i) {
      size_t r = strlen(r_i);
      memcpy(o, r_i, r);
      o += r;
    } else {
      memcpy(o, tk->t[i].s, tk->t[i].n);
      o += tk->t[i].n;
    }
    p = tk->t[i].s + tk->t[i].n;
  }
  size_t rest = strlen(p);
  memcpy(o, p, rest + 1);
  return out;
}

typedef struct variants {
  const tokens *tk;
  const char **rep;
  ts_textset *set;
  size_t n;
} variants;

static void emit_variant(variants *v) {
  if (v->n >= MAX_VARIANTS) return;
  v->n++;
  ts_textset_add(v->set, rebuild(v->tk, v->rep));
}

static size_t task_colours(const ts_analysis *an, int *out) {
  uint16_t all = an->in_colours | an->out_colours, seen = 0;
  uint16_t order[3] = {an->appear, an->disappear, all};
  size_t n = 0;
  for (int o = 0; o < 3; o++)
    for (int c = 0; c < 10; c++)
      if ((order[o] & (1u << c)) && !(seen & (1u << c))) {
        seen |= (uint16_t)(1u << c);
        out[n++] = c;
      }
  return n;
}

/* Is token i a statement's target or the def name (never replaced)? */
static bool is_code(const tokens *tk, size_t i) {
  if (i > 0 && tok_is(&tk->t[i - 1], "def")) return false;
  const char *p = tk->t[i].s + tk->t[i].n;
  while (*p == ' ') p++;
  return !(*p == '=' && p[1] != '=');
}

static void program_variants(const tokens *tk, const int *col, size_t n_col, ts_textset *set) {
  const char *rep[MAX_TOKENS] = {0};
  variants v = {tk, rep, set, 0};
  /* colour-like constants present (0..9) */
  int cnt[10] = {0};
  for (size_t i = 0; i < tk->n; i++) {
    int c = const_value(tk->t[i].s, tk->t[i].n);
    if (c >= 0 && c <= 9 && is_code(tk, i)) cnt[c]++;
  }
  /* 1. every occurrence of one value */
  for (int val = 0; val < 10; val++) {
    if (!cnt[val]) continue;
    for (size_t c = 0; c < n_col; c++) {
      if (col[c] == val) continue;
      for (size_t i = 0; i < tk->n; i++)
        if (const_value(tk->t[i].s, tk->t[i].n) == val && is_code(tk, i)) rep[i] = cname[col[c] + 2];
      emit_variant(&v);
      memset(rep, 0, tk->n * sizeof *rep);
    }
  }
  /* 2. rigid maps */
  for (size_t i = 0; i < tk->n; i++) {
    int d = d8_index(tk->t[i].s, tk->t[i].n);
    if (d < 0 || !is_code(tk, i) || (d == 0 && after(tk, i) != '(')) continue;
    for (int e = 0; e < 8; e++) {
      if (e == d) continue;
      rep[i] = d8[e];
      emit_variant(&v);
    }
    rep[i] = NULL;
  }
  /* 3. objects() flags: objects(x, u, d, b) */
  for (size_t i = 0; i + 4 < tk->n; i++) {
    if (!tok_is(&tk->t[i], "objects") || after(tk, i) != '(') continue;
    for (size_t f = i + 2; f <= i + 4; f++) {
      bool t = tok_is(&tk->t[f], "T");
      if (!t && !tok_is(&tk->t[f], "F")) continue;
      rep[f] = t ? "F" : "T";
      emit_variant(&v);
      rep[f] = NULL;
    }
  }
  /* 4. integer nudges */
  for (size_t i = 0; i < tk->n; i++) {
    int val = const_value(tk->t[i].s, tk->t[i].n);
    if (val == 99 || !is_code(tk, i)) continue;
    for (int d = 1; d >= -1; d -= 2) {
      const char *nm = name_of(val + d);
      if (!nm) continue;
      rep[i] = nm;
      emit_variant(&v);
    }
    rep[i] = NULL;
  }
  /* 5. one occurrence of a repeated colour constant */
  for (size_t i = 0; i < tk->n; i++) {
    int val = const_value(tk->t[i].s, tk->t[i].n);
    if (val < 0 || val > 9 || cnt[val] < 2 || !is_code(tk, i)) continue;
    for (size_t c = 0; c < n_col; c++) {
      if (col[c] == val) continue;
      rep[i] = cname[col[c] + 2];
      emit_variant(&v);
    }
    rep[i] = NULL;
  }
  /* 6. two values at once */
  for (int a = 0; a < 10; a++)
    for (int b = a + 1; b < 10; b++) {
      if (!cnt[a] || !cnt[b]) continue;
      for (size_t ca = 0; ca < n_col; ca++)
        for (size_t cb = 0; cb < n_col; cb++) {
          if (ca == cb || col[ca] == a || col[cb] == b) continue;
          for (size_t i = 0; i < tk->n; i++) {
            if (!is_code(tk, i)) continue;
            int val = const_value(tk->t[i].s, tk->t[i].n);
            if (val == a) rep[i] = cname[col[ca] + 2];
            else if (val == b) rep[i] = cname[col[cb] + 2];
          }
          emit_variant(&v);
          memset(rep, 0, tk->n * sizeof *rep);
        }
    }
}

typedef struct ranked {
  size_t prog;
  size_t shapes, cells;
} ranked;

static int ranked_cmp(const void *pa, const void *pb) {
  const ranked *a = pa, *b = pb;
  if (a->shapes != b->shapes) return a->shapes > b->shapes ? -1 : 1;
  if (a->cells != b->cells) return a->cells > b->cells ? -1 : 1;
  return a->prog < b->prog ? -1 : a->prog > b->prog;
}

/* Per-program cap when ranking the library on the demos. */
#define RANK_PROGRAM_BUDGET 200000ull

typedef struct counting_sink {
  ts_cand_sink sink;
  void *user;
  size_t n;
} counting_sink;

static void count_sink(void *user, char *text, const tv_val *vals, uint64_t cost) {
  counting_sink *c = user;
  c->n++;
  c->sink(c->user, text, vals, cost);
}

void ts_library_neighbours(tv_ctx *ctx, const ts_examples *ex, const ts_analysis *an,
                           const tl_library *lib, const char *skip, uint64_t budget,
                           ts_cand_sink sink, void *user, ts_extra_stats *stats) {
  memset(stats, 0, sizeof *stats);
  size_t np = tl_library_count(lib);
  if (!np || !ex->n_demo) return;
  uint64_t start = ctx->work;
  uint64_t cap = ctx->work + budget;
  if (ctx->budget && ctx->budget < cap) cap = ctx->budget;
  ranked *r = calloc(np, sizeof *r);
  size_t *progs = malloc(np * sizeof *progs);
  tv_val *out = malloc(np * sizeof *out);
  if (!r || !progs || !out) goto done;
  size_t n = 0;
  for (size_t i = 0; i < np; i++) {
    const char *name = tl_program_name(lib, i);
    if (skip && name && !strcmp(name, skip)) continue;
    r[n] = (ranked){i, 0, 0};
    progs[n++] = i;
  }
  /* rank: one pass over the demos, in a scratch arena */
  ta_arena a;
  ta_arena_init(&a, 1 << 16);
  ta_arena_set_limit(&a, (size_t)256 << 20);
  for (size_t k = 0; k < ex->n_demo; k++) {
    ta_arena_reset(&a);
    tv_ctx sc;
    tv_ctx_init(&sc, &a, 0);
    sc.work = ctx->work;
    sc.deadline = ctx->deadline;
    /* the rank pass may cost at most a third of the sub-budget */
    uint64_t per = RANK_PROGRAM_BUDGET;
    uint64_t room = (cap - start) / 3 / ex->n_demo;
    if (per * n > room) per = room / (n ? n : 1);
    if (per == 0) per = 1;
    tl_eval_each(lib, &sc, ex->in[k], progs, n, per, out, NULL);
    ctx->work = sc.work;
    tv_val o = ex->out[k];
    for (size_t i = 0; i < n; i++) {
      tv_val v = out[i];
      if (!tv_is_grid(v) || tv_grid_h(v) != tv_grid_h(o) || tv_grid_w(v) != tv_grid_w(o)) continue;
      r[i].shapes++;
      size_t cells = (size_t)tv_grid_h(o) * (size_t)tv_grid_w(o);
      for (size_t j = 0; j < cells; j++) r[i].cells += tv_grid_cells(v)[j] == tv_grid_cells(o)[j];
    }
  }
  ta_arena_free(&a);
  qsort(r, n, sizeof *r, ranked_cmp);

  int col[10];
  size_t n_col = task_colours(an, col);
  counting_sink cs = {sink, user, 0};
  tokens *tk = malloc(sizeof *tk);
  ts_textset set = {0};
  for (size_t i = 0; tk && i < n && !cs.n; i++) {
    char *text = tl_program_canonical(lib, r[i].prog);
    if (text && tokenize(text, tk)) program_variants(tk, col, n_col, &set);
    free(text);
    bool last = i + 1 == n;
    if (set.n >= BATCH_TEXTS || (last && set.n)) {
      if (ctx->work >= cap) {
        stats->hit_budget = true;
        break;
      }
      ts_run_texts(ctx, ex, &set, cap - ctx->work, TS_EXTRA_MAX_FOUND, count_sink, &cs, stats);
      ts_textset_free(&set);
      if (stats->hit_budget) break;
    }
  }
  ts_textset_free(&set);
  free(tk);
done:
  stats->work = ctx->work - start;
  free(r);
  free(progs);
  free(out);
}

/* ---- seeds ------------------------------------------------------------------ */

/* Statement lines of a canonical text: target names and right-hand sides. */
#define MAX_STMTS 256
typedef struct stmts {
  char *name[MAX_STMTS];
  char *rhs[MAX_STMTS]; /* inlined: no variable left but I */
  size_t n;
} stmts;

static void stmts_free(stmts *s) {
  for (size_t i = 0; i < s->n; i++) {
    free(s->name[i]);
    free(s->rhs[i]);
  }
  s->n = 0;
}

/* Inlines the earlier statements' expressions into rhs (malloc'd). */
static char *inline_rhs(const stmts *s, const char *rhs, size_t len) {
  ts_text t = {0};
  for (size_t i = 0; i < len;) {
    if (is_id(rhs[i]) && (i == 0 || !is_id(rhs[i - 1]))) {
      size_t j = i;
      while (j < len && is_id(rhs[j])) j++;
      const char *sub = NULL;
      for (size_t k = 0; k < s->n; k++)
        if (strlen(s->name[k]) == j - i && !memcmp(s->name[k], rhs + i, j - i)) sub = s->rhs[k];
      if (sub) ts_text_addf(&t, "%s", sub);
      else ts_text_addf(&t, "%.*s", (int)(j - i), rhs + i);
      i = j;
    } else {
      ts_text_addf(&t, "%c", rhs[i]);
      i++;
    }
  }
  if (t.failed || t.n > 1500) {
    free(t.s);
    return NULL;
  }
  return t.s;
}

static void parse_stmts(const char *text, stmts *s) {
  s->n = 0;
  for (const char *line = text; *line && s->n < MAX_STMTS;) {
    const char *end = strchr(line, '\n');
    if (!end) end = line + strlen(line);
    const char *p = line;
    while (*p == ' ') p++;
    const char *eq = strstr(p, " = ");
    if (eq && eq < end && p > line) {
      char *name = malloc((size_t)(eq - p) + 1);
      char *rhs = inline_rhs(s, eq + 3, (size_t)(end - eq - 3));
      if (name && rhs) {
        memcpy(name, p, (size_t)(eq - p));
        name[eq - p] = 0;
        s->name[s->n] = name;
        s->rhs[s->n++] = rhs;
      } else {
        free(name);
        free(rhs);
      }
    }
    line = *end ? end + 1 : end;
  }
}

size_t ts_library_seeds(ts_enum *e, const tl_library *lib, const char *skip, uint64_t budget,
                        size_t max_seeds) {
  const ts_examples *ex = e->ex;
  tv_ctx *ctx = e->ctx;
  size_t np = tl_library_count(lib);
  if (!np || !max_seeds) return 0;
  /* every statement of every program, as its own program over I */
  ts_textset set = {0};
  stmts *st = calloc(1, sizeof *st);
  char **exprs = NULL;
  size_t n_exprs = 0, cap_exprs = 0;
  for (size_t i = 0; st && i < np; i++) {
    const char *name = tl_program_name(lib, i);
    if (skip && name && !strcmp(name, skip)) continue;
    char *text = tl_program_canonical(lib, i);
    if (!text) continue;
    bool ext = strstr(text, "tessera_ext") != NULL;
    parse_stmts(text, st);
    for (size_t k = 0; k < st->n; k++) {
      if (!strcmp(st->rhs[k], "I")) continue;
      if (n_exprs == cap_exprs) {
        size_t c = cap_exprs ? cap_exprs * 2 : 256;
        char **x = realloc(exprs, c * sizeof *x);
        if (!x) break;
        exprs = x;
        cap_exprs = c;
      }
      exprs[n_exprs] = st->rhs[k];
      st->rhs[k] = NULL;
      ts_textset_addf(&set, "%sdef solve(I):\n    O = %s\n    return O\n",
                      ext ? "from tessera_ext import *\n" : "", exprs[n_exprs]);
      n_exprs++;
    }
    stmts_free(st);
    free(text);
  }
  free(st);
  size_t added = 0;
  if (set.n != n_exprs) goto done; /* a lost text would shift the indices */
  tl_library *sl = tl_library_new();
  size_t *progs = malloc((n_exprs ? n_exprs : 1) * sizeof *progs);
  size_t *which = malloc((n_exprs ? n_exprs : 1) * sizeof *which);
  tv_val *out = malloc((n_exprs ? n_exprs : 1) * sizeof *out);
  tv_val **vals = calloc(n_exprs ? n_exprs : 1, sizeof *vals);
  size_t n = 0;
  if (sl && progs && which && out && vals) {
    for (size_t i = 0; i < set.n; i++) {
      size_t before = tl_library_count(sl);
      if (tl_library_add_source(sl, "seeds", set.text[i], strlen(set.text[i]), NULL) == 1) {
        progs[n] = before;
        which[n++] = i;
      }
    }
    uint64_t cap = ctx->work + budget;
    if (ctx->budget && ctx->budget < cap) cap = ctx->budget;
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
      vals[i] = ta_alloc_array(ctx->arena, ex->n, sizeof(tv_val));
      if (!vals[i]) ok = false;
    }
    /* values in the enumerator's arena: they become node values */
    for (size_t k = 0; k < ex->n && ok; k++) {
      uint64_t saved = ctx->budget;
      ctx->budget = cap;
      int rc = tl_eval_roots(sl, ctx, ex->in[k], progs, n, out, NULL);
      ctx->budget = saved;
      if (rc != 0 || ctx->work >= cap) ok = false;
      for (size_t i = 0; i < n; i++) vals[i][k] = out[i];
    }
    /* grids of the demo outputs' shapes first (answers and composer pieces),
     * then the other grids; each pass in library order */
    for (int pass = 0; pass < 2; pass++)
      for (size_t i = 0; i < n && ok && added < max_seeds && !e->stop; i++) {
        bool grids = true, shapes = true;
        for (size_t k = 0; k < ex->n && grids; k++) grids = tv_is_grid(vals[i][k]);
        if (!grids) continue;
        for (size_t k = 0; k < ex->n_demo; k++)
          shapes &= tv_grid_h(vals[i][k]) == tv_grid_h(ex->out[k]) &&
                    tv_grid_w(vals[i][k]) == tv_grid_w(ex->out[k]);
        if (shapes != (pass == 0)) continue;
        if (ts_enum_add_expr(e, exprs[which[i]], vals[i], TS_T_GRID) >= 0) added++;
      }
  }
  tl_library_free(sl);
  free(progs);
  free(which);
  free(out);
  free(vals);
done:
  for (size_t i = 0; i < n_exprs; i++) free(exprs[i]);
  free(exprs);
  ts_textset_free(&set);
  return added;
}

/* ---- lambdas ------------------------------------------------------------------ */

static bool starts_with(const char *s, const char *p) { return !strncmp(s, p, strlen(p)); }

size_t ts_library_lambdas(const tl_library *lib, const char *skip, const int *colours,
                          size_t n_colours, char (*out)[TS_LAMBDA_CAP], size_t max) {
  static const char *const heads[] = {"rbind(", "lbind(", "compose(", "fork(", "matcher(",
                                      "chain("};
  size_t n = 0, np = tl_library_count(lib);
  stmts *st = calloc(1, sizeof *st);
  tokens *tk = malloc(sizeof *tk);
  if (!st || !tk) goto done;
  for (size_t i = 0; i < np && n < max; i++) {
    const char *name = tl_program_name(lib, i);
    if (skip && name && !strcmp(name, skip)) continue;
    char *text = tl_program_canonical(lib, i);
    if (!text) continue;
    if (strstr(text, "tessera_ext")) { /* the templates do not import extensions */
      free(text);
      continue;
    }
    parse_stmts(text, st);
    for (size_t k = 0; k < st->n && n < max; k++) {
      const char *r = st->rhs[k];
      bool head = false;
      for (size_t h = 0; h < sizeof heads / sizeof heads[0]; h++) head |= starts_with(r, heads[h]);
      if (!head || strlen(r) >= TS_LAMBDA_CAP) continue;
      /* as written, then with each colour-like constant by the first task colours */
      if (!tokenize(r, tk)) continue;
      const char *rep[MAX_TOKENS] = {0};
      for (int v = -1; v < 10 && n < max; v++) {
        for (size_t c = 0; c < (v < 0 ? 1 : n_colours) && c < 2 && n < max; c++) {
          bool any = v < 0;
          for (size_t t = 0; t < tk->n; t++) {
            rep[t] = NULL;
            if (v >= 0 && const_value(tk->t[t].s, tk->t[t].n) == v && colours[c] != v) {
              rep[t] = cname[colours[c] + 2];
              any = true;
            }
          }
          if (!any) continue;
          char *x = rebuild(tk, rep);
          if (!x) continue;
          bool dup = strlen(x) >= TS_LAMBDA_CAP;
          for (size_t j = 0; j < n && !dup; j++) dup = !strcmp(out[j], x);
          if (!dup) snprintf(out[n++], TS_LAMBDA_CAP, "%s", x);
          free(x);
        }
      }
    }
    stmts_free(st);
    free(text);
  }
done:
  free(st);
  free(tk);
  return n;
}
