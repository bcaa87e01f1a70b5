/*
 * objects.c - per-object maps, filters and pickers: candidates built from a
 * small typed template grammar over objects(I, univalued, diagonal,
 * without_bg), the higher-order part the node enumerator lacks.
 *
 * Grammar (expressions over I; O = objects(I, u, d, b) for five modes):
 *   key K      obj -> int: size, height, width, numcolors, the four extremes,
 *              compose(size, delta) (holes), rbind(colorcount, c) for task
 *              colours c
 *   pred P     obj -> bool: matcher(K, ONE) and its negation, the objects
 *              whose K is the max / min of O, bordering the grid or not,
 *              square, hline, vline, solid rectangle, colour c or not
 *   map F      patch -> patch: delta, inbox, outbox, box, backdrop, corners
 *   pick X     argmax(O, K), argmin(O, K)      (one object)
 *   select S   mfilter(O, P)                   (a patch of several)
 * Candidates when every demo output has its input's shape:
 *   fill(I, c, X|S), cover(I, X|S), paint(canvas(bg, shape(I)), X|S),
 *   fill(I, c, mapply(F, O)), underfill(I, c, mapply(F, O)),
 *   fill(I, c, F(X)), fill(I, c, mapply(F, sfilter(O, P)))
 * otherwise:
 *   subgrid(X, I), subgrid(extract(O, P), I)
 * and, learned from the demos (recolour_by_key): when every demo object
 * (one colour, 4- or 8-connected) is recoloured as a whole and its new colour
 * is a function of its size, height or width, the chain
 *   fill(fill(I, c1, mfilter(O, matcher(K, v1))), c2, ...)  over the values seen
 * (only when the test inputs' objects have no other value), and the same
 * after painting every object with the most common new colour (values not
 * seen in the demos get that one);
 *   fill(fill(I, c1, argmax(O, K)), c2, argmin(O, K))  for three modes.
 * c runs over the task colours (appearing ones first). The order is fixed
 * (mode, family, key or predicate, colour), so the candidates and the first
 * demo-exact ones found are the same on every run.
 *
 * With a library, its Callable sub-expressions (ts_library_lambdas) are
 * tried as keys (argmax/argmin), predicates (mfilter, extract) and maps
 * (mapply) under three modes.
 *
 * All candidates are compiled into one lang library and run together
 * (textrun.c): objects(I, ...) of a mode is computed once per example.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search/extras.h"
#include "search/textrun.h"

static const char *const cname[10] = {"ZERO", "ONE", "TWO",   "THREE", "FOUR",
                                      "FIVE", "SIX", "SEVEN", "EIGHT", "NINE"};

static const char *const modes[] = {"T, F, T", "F, F, T", "T, T, T", "F, T, T", "T, F, F"};
#define N_MODES (sizeof modes / sizeof modes[0])

static const char *const maps[] = {"delta", "inbox", "outbox", "box", "backdrop", "corners"};
#define N_MAPS (sizeof maps / sizeof maps[0])

#define MAX_TERMS 48
typedef struct terms {
  char t[MAX_TERMS][160];
  size_t n;
} terms;

static void term(terms *s, const char *fmt, const char *a, const char *b) {
  if (s->n == MAX_TERMS) return;
  snprintf(s->t[s->n++], sizeof s->t[0], fmt, a, b);
}

/* Task colours: appear, disappear, then the rest of the task's colours. */
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

static void keys(terms *k, const int *col, size_t n_col, int bg) {
  static const char *const plain[] = {"size",      "height",   "width",     "numcolors",
                                      "uppermost", "lowermost", "leftmost", "rightmost"};
  for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) term(k, "%s", plain[i], "");
  term(k, "compose(size, delta)", "", "");
  size_t used = 0;
  for (size_t i = 0; i < n_col && used < 3; i++) {
    if (col[i] == bg) continue;
    term(k, "rbind(colorcount, %s)", cname[col[i]], "");
    used++;
  }
}

/* Predicates; `objs` is the objects(...) expression (for max/min ones). */
static void preds(terms *p, const char *objs, const int *col, size_t n_col, int bg) {
  static const char *const k1[] = {"size", "height", "width", "numcolors"};
  for (size_t i = 0; i < 4; i++) {
    term(p, "matcher(%s, ONE)", k1[i], "");
    term(p, "compose(flip, matcher(%s, ONE))", k1[i], "");
  }
  static const char *const k2[] = {"size", "height", "width"};
  for (size_t i = 0; i < 3; i++) {
    for (int a = 0; a < 2 && p->n < MAX_TERMS; a++)
      snprintf(p->t[p->n++], sizeof p->t[0], "matcher(%s, %s(%s, %s))", k2[i],
               a ? "valmin" : "valmax", objs, k2[i]);
  }
  term(p, "rbind(bordering, I)", "", "");
  term(p, "compose(flip, rbind(bordering, I))", "", "");
  term(p, "square", "", "");
  term(p, "hline", "", "");
  term(p, "vline", "", "");
  term(p, "fork(equality, toindices, backdrop)", "", "");
  term(p, "compose(flip, fork(equality, toindices, backdrop))", "", "");
  size_t used = 0;
  for (size_t i = 0; i < n_col && used < 3; i++) {
    if (col[i] == bg) continue;
    term(p, "matcher(color, %s)", cname[col[i]], "");
    used++;
  }
}

static void same_shape_family(ts_textset *s, const char *objs, const terms *k, const terms *p,
                              const int *col, size_t n_col, int bg) {
#define EMIT(...) ts_textset_addf(s, "def solve(I):\n    O = " __VA_ARGS__)
  static const char *const pick[2] = {"argmax", "argmin"};
  /* one object picked by a key */
  for (size_t i = 0; i < k->n; i++)
    for (int a = 0; a < 2; a++) {
      char x[400];
      snprintf(x, sizeof x, "%s(%s, %s)", pick[a], objs, k->t[i]);
      for (size_t c = 0; c < n_col; c++) EMIT("fill(I, %s, %s)\n    return O\n", cname[col[c]], x);
      EMIT("cover(I, %s)\n    return O\n", x);
      EMIT("paint(canvas(%s, shape(I)), %s)\n    return O\n", cname[bg], x);
    }
  /* several objects selected by a predicate */
  for (size_t i = 0; i < p->n; i++) {
    char x[400];
    snprintf(x, sizeof x, "mfilter(%s, %s)", objs, p->t[i]);
    for (size_t c = 0; c < n_col; c++) EMIT("fill(I, %s, %s)\n    return O\n", cname[col[c]], x);
    EMIT("cover(I, %s)\n    return O\n", x);
    EMIT("paint(canvas(%s, shape(I)), %s)\n    return O\n", cname[bg], x);
  }
  /* a patch map over every object, over the selected ones, over the picked one */
  for (size_t m = 0; m < N_MAPS; m++)
    for (size_t c = 0; c < n_col; c++) {
      if (col[c] == bg) continue;
      EMIT("fill(I, %s, mapply(%s, %s))\n    return O\n", cname[col[c]], maps[m], objs);
      EMIT("underfill(I, %s, mapply(%s, %s))\n    return O\n", cname[col[c]], maps[m], objs);
    }
  for (size_t m = 0; m < N_MAPS; m++)
    for (size_t i = 0; i < p->n; i++)
      for (size_t c = 0; c < n_col && c < 2; c++) {
        if (col[c] == bg) continue;
        EMIT("fill(I, %s, mapply(%s, sfilter(%s, %s)))\n    return O\n", cname[col[c]], maps[m],
             objs, p->t[i]);
      }
  for (size_t m = 0; m < N_MAPS; m++)
    for (size_t i = 0; i < k->n; i++)
      for (int a = 0; a < 2; a++)
        for (size_t c = 0; c < n_col && c < 2; c++) {
          if (col[c] == bg) continue;
          EMIT("fill(I, %s, %s(%s(%s, %s)))\n    return O\n", cname[col[c]], maps[m], pick[a], objs,
               k->t[i]);
        }
#undef EMIT
}

static void crop_family(ts_textset *s, const char *objs, const terms *k, const terms *p) {
  static const char *const pick[2] = {"argmax", "argmin"};
  for (size_t i = 0; i < k->n; i++)
    for (int a = 0; a < 2; a++)
      ts_textset_addf(s, "def solve(I):\n    O = subgrid(%s(%s, %s), I)\n    return O\n", pick[a],
                      objs, k->t[i]);
  for (size_t i = 0; i < p->n; i++)
    ts_textset_addf(s, "def solve(I):\n    O = subgrid(extract(%s, %s), I)\n    return O\n", objs,
                    p->t[i]);
}

/* ---- recolour by a key, learned from the demos ----------------------------- */

/* Connected single-colour components of a grid's non-bg cells (4- or
 * 8-connected), with size, height and width; comp[] gets each cell's
 * component index. Returns the number of components (at most 900). */
typedef struct comp_info {
  int colour, size, h, w;
} comp_info;

static int components(tv_val g, int bg, bool diag, int *comp, comp_info *info) {
  int h = tv_grid_h(g), w = tv_grid_w(g), n = 0;
  const uint8_t *c = tv_grid_cells(g);
  static const int d4[8][2] = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {1, 1}, {1, -1}, {-1, 1}, {-1, -1}};
  int stack[900];
  if (h * w > 900) return 0;
  for (int i = 0; i < h * w; i++) comp[i] = -1;
  for (int s = 0; s < h * w; s++) {
    if (comp[s] >= 0 || tv_byte_colour(c[s]) == bg) continue;
    int col = c[s], top = 0, r0 = 99, r1 = -1, c0 = 99, c1 = -1, size = 0;
    stack[top++] = s;
    comp[s] = n;
    while (top) {
      int p = stack[--top], pi = p / w, pj = p % w;
      size++;
      if (pi < r0) r0 = pi;
      if (pi > r1) r1 = pi;
      if (pj < c0) c0 = pj;
      if (pj > c1) c1 = pj;
      for (int d = 0; d < (diag ? 8 : 4); d++) {
        int qi = pi + d4[d][0], qj = pj + d4[d][1];
        if (qi < 0 || qj < 0 || qi >= h || qj >= w) continue;
        int q = qi * w + qj;
        if (comp[q] >= 0 || c[q] != col) continue;
        comp[q] = n;
        stack[top++] = q;
      }
    }
    info[n++] = (comp_info){tv_byte_colour((uint8_t)col), size, r1 - r0 + 1, c1 - c0 + 1};
  }
  return n;
}

/* For key 0 size, 1 height, 2 width: value -> output colour over every demo
 * object, when each object is recoloured as a whole and the table is
 * consistent. Emits the chain of fills. */
static void recolour_by_key(ts_textset *s, const ts_examples *ex, int bg, bool diag) {
  static const char *const kname[3] = {"size", "height", "width"};
  static const char *const mode[2] = {"T, F, T", "T, T, T"};
  int table[3][31];
  bool changes[3][31];
  bool ok[3] = {true, true, true};
  for (int k = 0; k < 3; k++)
    for (int v = 0; v < 31; v++) table[k][v] = -1, changes[k][v] = false;
  int comp[900];
  comp_info info[900];
  int outc[900];
  for (size_t d = 0; d < ex->n_demo; d++) {
    tv_val in = ex->in[d], out = ex->out[d];
    if (tv_grid_h(in) != tv_grid_h(out) || tv_grid_w(in) != tv_grid_w(out)) return;
    int n = components(in, bg, diag, comp, info);
    const uint8_t *oc = tv_grid_cells(out), *ic = tv_grid_cells(in);
    int cells = tv_grid_h(in) * tv_grid_w(in);
    for (int i = 0; i < n; i++) outc[i] = -1;
    for (int p = 0; p < cells; p++) {
      if (comp[p] < 0) {
        if (oc[p] != ic[p]) return; /* something else changes */
        continue;
      }
      int o = tv_byte_colour(oc[p]);
      if (outc[comp[p]] == -1) outc[comp[p]] = o;
      else if (outc[comp[p]] != o) return; /* not a whole-object recolour */
    }
    for (int i = 0; i < n; i++) {
      int kv[3] = {info[i].size, info[i].h, info[i].w};
      for (int k = 0; k < 3; k++) {
        int v = kv[k] > 30 ? 30 : kv[k];
        if (table[k][v] == -1) table[k][v] = outc[i];
        else if (table[k][v] != outc[i]) ok[k] = false;
        if (outc[i] != info[i].colour) changes[k][v] = true;
      }
    }
  }
  /* key values of the test inputs' objects: the exact table is only offered
   * when it knows them all (test inputs only, never test outputs) */
  bool seen_test[3][31];
  memset(seen_test, 0, sizeof seen_test);
  for (size_t t = ex->n_demo; t < ex->n; t++) {
    int n = components(ex->in[t], bg, diag, comp, info);
    for (int i = 0; i < n; i++) {
      int kv[3] = {info[i].size, info[i].h, info[i].w};
      for (int k = 0; k < 3; k++) seen_test[k][kv[k] > 30 ? 30 : kv[k]] = true;
    }
  }
  for (int k = 0; k < 3; k++) {
    if (!ok[k]) continue;
    bool known = true;
    for (int v = 0; v < 31; v++)
      if (seen_test[k][v] && table[k][v] == -1) known = false;
    /* the most common new colour over the key values: the default version
     * paints every object with it first, then the exceptions */
    int count[10] = {0}, dflt = -1;
    for (int v = 0; v < 31; v++)
      if (table[k][v] >= 0 && table[k][v] < 10) count[table[k][v]]++;
    for (int c = 0; c < 10; c++)
      if (count[c] >= 2 && (dflt < 0 || count[c] > count[dflt])) dflt = c;
    for (int version = 0; version < 2; version++) {
      if (version == 0 && !known) continue;
      if (version == 1 && dflt < 0) continue;
      if (version == 1) {
        /* a default with many exceptions is a table in disguise */
        int exc = 0;
        for (int v = 1; v < 30; v++) exc += table[k][v] >= 0 && table[k][v] != dflt;
        if (exc > 2) continue;
      }
      char expr[2048];
      int len = version == 0 ? snprintf(expr, sizeof expr, "I")
                             : snprintf(expr, sizeof expr, "fill(I, %s, merge(objects(I, %s)))",
                                        cname[dflt], mode[diag]);
      size_t fills = 0;
      for (int v = 1; v < 30; v++) {
        if (version == 0 ? !changes[k][v] : (table[k][v] < 0 || table[k][v] == dflt)) continue;
        char num[16];
        const char *vn = v < 10 ? cname[v] : v == 10 ? "TEN" : num;
        snprintf(num, sizeof num, "%d", v);
        char next[2048];
        len = snprintf(next, sizeof next, "fill(%s, %s, mfilter(objects(I, %s), matcher(%s, %s)))",
                       expr, cname[table[k][v]], mode[diag], kname[k], vn);
        if (len < 0 || (size_t)len >= 1900) return;
        memcpy(expr, next, (size_t)len + 1);
        fills++;
      }
      if (fills || version == 1)
        ts_textset_addf(s, "def solve(I):\n    O = %s\n    return O\n", expr);
    }
  }
}

/* Two objects picked by one key, each filled with its colour: the largest
 * one c1 and the smallest c2 (and so on for every key). */
static void two_picks(ts_textset *s, const char *objs, const terms *k, const int *col,
                      size_t n_col, int bg) {
  for (size_t i = 0; i < k->n; i++)
    for (size_t a = 0; a < n_col; a++)
      for (size_t b = 0; b < n_col; b++) {
        if (a == b || col[a] == bg || col[b] == bg) continue;
        ts_textset_addf(s,
                        "def solve(I):\n    O = fill(fill(I, %s, argmax(%s, %s)), %s, "
                        "argmin(%s, %s))\n    return O\n",
                        cname[col[a]], objs, k->t[i], cname[col[b]], objs, k->t[i]);
      }
}

/* Harvested lambdas in every role; wrong kinds fail at run time and drop. */
#define MAX_LAMBDAS 64
static void lambda_family(ts_textset *s, const ts_analysis *an, const char (*lam)[TS_LAMBDA_CAP],
                          size_t n_lam, const int *col, size_t n_col, int bg) {
  static const char *const lmodes[] = {"T, F, T", "F, F, T", "T, T, T"};
  for (size_t m = 0; m < 3; m++)
    for (size_t i = 0; i < n_lam; i++) {
      char objs[40];
      snprintf(objs, sizeof objs, "objects(I, %s)", lmodes[m]);
      const char *L = lam[i];
#define EMIT(...) ts_textset_addf(s, "def solve(I):\n    O = " __VA_ARGS__)
      if (!an->same_shape) {
        EMIT("subgrid(argmax(%s, %s), I)\n    return O\n", objs, L);
        EMIT("subgrid(argmin(%s, %s), I)\n    return O\n", objs, L);
        EMIT("subgrid(extract(%s, %s), I)\n    return O\n", objs, L);
        continue;
      }
      EMIT("paint(I, mapply(%s, %s))\n    return O\n", L, objs);
      EMIT("cover(I, mfilter(%s, %s))\n    return O\n", objs, L);
      for (size_t c = 0, used = 0; c < n_col && used < 2; c++) {
        if (col[c] == bg) continue;
        used++;
        EMIT("fill(I, %s, mfilter(%s, %s))\n    return O\n", cname[col[c]], objs, L);
        EMIT("fill(I, %s, argmax(%s, %s))\n    return O\n", cname[col[c]], objs, L);
        EMIT("fill(I, %s, argmin(%s, %s))\n    return O\n", cname[col[c]], objs, L);
        EMIT("fill(I, %s, mapply(%s, %s))\n    return O\n", cname[col[c]], L, objs);
      }
#undef EMIT
    }
}

void ts_object_maps(tv_ctx *ctx, const ts_examples *ex, const ts_analysis *an,
                    const tl_library *lib, const char *skip, uint64_t budget, ts_cand_sink sink,
                    void *user, ts_extra_stats *stats, ts_text_pieces *pieces) {
  memset(stats, 0, sizeof *stats);
  int col[10];
  size_t n_col = task_colours(an, col);
  int bg = an->bg >= 0 && an->bg < 10 ? an->bg : 0;
  ts_textset set = {0};
  for (size_t m = 0; m < N_MODES; m++) {
    char objs[64];
    snprintf(objs, sizeof objs, "objects(I, %s)", modes[m]);
    terms k = {0}, p = {0};
    keys(&k, col, n_col, bg);
    preds(&p, objs, col, n_col, bg);
    if (an->same_shape) same_shape_family(&set, objs, &k, &p, col, n_col, bg);
    if (an->same_shape && m < 3) two_picks(&set, objs, &k, col, n_col < 4 ? n_col : 4, bg);
    else crop_family(&set, objs, &k, &p);
  }
  if (an->same_shape) {
    recolour_by_key(&set, ex, bg, false);
    recolour_by_key(&set, ex, bg, true);
  }
  if (lib) {
    char(*lam)[TS_LAMBDA_CAP] = malloc(MAX_LAMBDAS * sizeof *lam);
    int nb[10];
    size_t n_nb = 0;
    for (size_t i = 0; i < n_col; i++)
      if (col[i] != bg) nb[n_nb++] = col[i];
    if (lam) {
      size_t n_lam = ts_library_lambdas(lib, skip, nb, n_nb, lam, MAX_LAMBDAS);
      lambda_family(&set, an, (const char(*)[TS_LAMBDA_CAP])lam, n_lam, col, n_col, bg);
      free(lam);
    }
  }
  ts_run_texts(ctx, ex, &set, budget, TS_EXTRA_MAX_FOUND, sink, user, stats, pieces);
  ts_textset_free(&set);
}
