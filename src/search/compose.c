/*
 * compose.c - the composer of partial answers (ts_compose): candidates that
 * are each right on part of every demo output, stacked with `overlay` into
 * one answer that is right everywhere (icecuber's greedy composition; most
 * of its solves come from here, /work/shared/arc/SEARCH-NOTES.md).
 *
 * Semantics (search_internal.h): answer = layer[0] on every cell, then each
 * later layer paints its cells that are not `transparent` over what is
 * there. As arc-dsl text that is nested `overlay(base, top, t)` calls,
 * innermost first: overlay(overlay(L0, L1, t), L2, t) ... (docs/SEARCH.md,
 * "Composition").
 *
 * Design. All demo output cells are numbered once, each demo's cells
 * starting on a fresh 64-bit word (the few padding bits belong to no cell and
 * are never set), and every piece gets two bitsets over them:
 *   bad[p]     cells where the piece differs from the target;
 *   paint[p]   cells where the piece is not the transparent colour
 *              (one bitset per transparent colour tried).
 * The greedy builds the stack from the top down, because the top layer is
 * the one whose cells are final: a cell is "open" until some chosen layer
 * paints it. Step by step it takes the piece that paints the most open
 * cells while painting no open cell wrong (paint & bad & open == 0), and
 * closes the cells it paints. Cells a higher layer already closed do not
 * matter to a lower layer, whatever it paints there. The stack ends with
 * a bottom layer, which paints every open cell including its transparent
 * ones: the composition is right when some piece has no bad open cell
 * (bad & open == 0), or when the open set is empty (the last layer chosen
 * is then the bottom). So the answer is layer[0] = the last piece chosen
 * and layer[n-1] = the first.
 *
 * The target colour `transparent` can only come from the bottom layer, so
 * a task whose outputs use the transparent colour needs a bottom piece that
 * is right on those cells. Three transparent colours are tried: bg, then 0
 * when it differs from bg, then the demo outputs' most common other colours
 * (choose_transparent has the measurements).
 *
 * Layer forms. Besides each piece as is, the greedy may use it recoloured:
 * its non-transparent cells painted one output colour (icecuber's
 * colShape; arc-dsl `recolor_fg(piece, c, t)`). A form shares its piece's
 * paint bitset; its bad cells are computed word by word from per-colour
 * target bitsets (vword), so memory stays per piece while the candidates
 * are forms = pieces x (1 + output colours, at most 10): still linear in
 * pieces.
 *
 * Runs. As in icecuber, the greedy counts the cells it gains either over
 * all demos (the global run) or over one demo at a time (focus runs, for
 * the first TS_COMPOSE_FOCUS_DEMOS demos), always forbidding wrong cells on
 * every demo: counting one demo's cells makes other choices than the
 * global count when demos disagree on which piece covers most. Order: the
 * global run for each transparent colour, then the focus runs. The first
 * run right everywhere is returned; otherwise the best partial of the
 * global runs (most demo cells right, then fewer layers; focus runs count
 * only when right everywhere). ts_compose_many keeps more: every run is
 * made, and the distinct compositions right everywhere follow the first
 * (second attempts); then, when none is, runs with one demo left out (its
 * cells closed from the start: icecuber's demo subsets) give compositions
 * right on the other demos, ranked partial candidates.
 *
 * Cost. Building the bitsets reads every demo cell of every piece once
 * (SSE2: 16 cells per compare) and also notes, per piece, its painted cells
 * per demo (the exact gains of the first step) and its first bad and first
 * wrongly painted cells. A greedy step never compares pieces with pieces:
 *   - usability and "can be the bottom" are kept as witnesses (an open cell
 *     the piece paints wrong / gets wrong); cells only close, so a witness
 *     only moves forward and each piece's words are read at most once per
 *     run for it;
 *   - gains only shrink as cells close, so the last gain computed is an
 *     upper bound: the usable pieces are sorted by bound and evaluated
 *     (a scan of the counted open words) until the best gain found is ahead
 *     of every bound left (lazy greedy; the same choice as evaluating all).
 * Worst case per step: forms x open words; typical: a few forms. Work
 * units charged to ctx: one per 16 cells read when building, one per word
 * read per piece in a step, one per piece per step and phase. The budget is
 * checked after each phase of a step; when it is spent, that step is
 * dropped and the composer returns what it has (false unless already right
 * everywhere), so the same budget stops it at the same place everywhere.
 *
 * Memory. The bitsets are scratch (malloc'd, freed before returning):
 * pieces x words x 8 bytes x (1 + number of transparent colours), about
 * 10 MB for 3000 pieces over 10 demo outputs of 30x30.
 */
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "search/search_internal.h"
#include "tessera/prims_ext.h"

#define TS_COMPOSE_MAX_TRANSPARENT 3
#define TS_COMPOSE_FOCUS_DEMOS 5
#define TS_COMPOSE_MAX_COLOURS 10 /* recolour layers: output colours tried */
#define NONE SIZE_MAX /* no witness cell */

typedef struct composer {
  tv_ctx *ctx;
  const ts_examples *ex;
  const ts_piece *pieces;
  size_t n_valid;    /* pieces whose demo values have the target shapes */
  uint32_t *valid;   /* their indices into pieces[] */
  /* Layer forms: form v = k * n_valid + i is valid piece i as is (k == 0)
   * or recoloured to col[rc[k - 1]] (recolor_fg(piece, col, t)); its paint
   * cells are the piece's, its bad cells are computed from eq (vword). */
  size_t nv;         /* n_valid x (1 + n_rc) */
  int n_col;         /* output colours (col, eq) */
  int col[TS_COMPOSE_MAX_COLOURS];
  int n_rc;          /* recolour colours: col[rc[k]] */
  int rc[TS_COMPOSE_MAX_COLOURS];
  uint64_t *eq;      /* n_col x words: target cells of colour col[k] */
  uint64_t *zero;    /* words: no cells */
  const uint64_t *eqt[TS_COMPOSE_MAX_TRANSPARENT]; /* target cells of colour t */
  size_t n_demo;
  size_t words;      /* 64-bit words over all demo cells (with padding) */
  size_t word_off[TS_MAX_EXAMPLES], word_n[TS_MAX_EXAMPLES];
  uint64_t *cells;   /* per word: bits that are demo cells (no padding) */
  size_t total;      /* demo cells */
  uint64_t *bad;     /* n_valid x words */
  size_t *first_bad[TS_COMPOSE_MAX_TRANSPARENT]; /* nv: first bad cell, or NONE */
  int n_transparent;
  int transparent[TS_COMPOSE_MAX_TRANSPARENT];
  /* per transparent colour */
  uint64_t *paint[TS_COMPOSE_MAX_TRANSPARENT];     /* n_valid x words */
  size_t *first_wrong[TS_COMPOSE_MAX_TRANSPARENT]; /* nv: first painted bad cell, or NONE */
  uint32_t *gain0[TS_COMPOSE_MAX_TRANSPARENT];     /* n_valid x n_demo: painted cells */
  bool exhausted;    /* the work budget ran out */
  /* scratch of one run */
  uint64_t *open;       /* words: open cells */
  uint32_t *open_words; /* indices of words with open cells */
  size_t *bad_w, *wrong_w; /* per piece: witnesses (see greedy_run) */
  size_t *bound;        /* per piece: upper bound of its gain */
  uint64_t *order;      /* usable pieces of a step as sort keys (key_of) */
  uint32_t *rank;       /* per piece: its place in (cost, index) order */
  uint32_t *by_rank;    /* rank -> piece */
} composer;

/* Bits set in x: the instruction where the build allows it, else a few
 * shifts and masks (gcc's fallback is a call, measured 3x slower here). */
static inline int popcount64(uint64_t x) {
#ifdef __POPCNT__
  return __builtin_popcountll(x);
#else
  x -= (x >> 1) & 0x5555555555555555ull;
  x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
  return (int)((x * 0x0101010101010101ull) >> 56);
#endif
}

static int cmp_u64(const void *x, const void *y) {
  uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
  return (a > b) - (a < b);
}

/* Charges work; remembers when the budget refused it. */
static bool charge(composer *c, uint64_t units) {
  if (c->exhausted) return false;
  if (!tv_charge(c->ctx, units)) c->exhausted = true;
  return !c->exhausted;
}

/* A piece's demo values all have their target's shape. */
static bool piece_fits(const ts_examples *ex, const ts_piece *p) {
  if (!p->vals) return false;
  for (size_t d = 0; d < ex->n_demo; d++) {
    tv_val v = p->vals[d], t = ex->out[d];
    if (!tv_is_grid(v) || !tv_is_grid(t)) return false;
    if (tv_grid_h(v) != tv_grid_h(t) || tv_grid_w(v) != tv_grid_w(t)) return false;
  }
  return true;
}

static void composer_free(composer *c) {
  free(c->valid);
  free(c->cells);
  free(c->bad);
  free(c->eq);
  free(c->zero);
  for (int t = 0; t < TS_COMPOSE_MAX_TRANSPARENT; t++) {
    free(c->first_bad[t]);
    free(c->paint[t]);
    free(c->first_wrong[t]);
    free(c->gain0[t]);
  }
  free(c->open);
  free(c->open_words);
  free(c->bad_w);
  free(c->wrong_w);
  free(c->bound);
  free(c->order);
  free(c->rank);
  free(c->by_rank);
}

/* Word w of form v's bad cells (mode 0) or wrongly painted cells (mode 1)
 * with transparent colour number ti. A recoloured form paints the piece's
 * cells colour col[rc[k - 1]] and leaves t elsewhere (recolor_fg). */
static inline uint64_t vword(const composer *c, int ti, size_t v, int mode, size_t w) {
  size_t np = c->n_valid, i = v % np, k = v / np;
  uint64_t p = c->paint[ti][i * c->words + w], b;
  if (k == 0) b = c->bad[i * c->words + w];
  else
    b = (p & ~c->eq[(size_t)c->rc[k - 1] * c->words + w]) | (~p & c->cells[w] & ~c->eqt[ti][w]);
  return mode ? b & p : b;
}

/* Lays out the demo cells and builds every piece's bitsets, its painted
 * cells per demo and its first bad and first wrongly painted cells. False
 * when memory or the budget runs out (nothing usable then). */
static bool composer_build(composer *c) {
  const ts_examples *ex = c->ex;
  size_t w = 0;
  c->total = 0;
  c->n_demo = ex->n_demo;
  for (size_t d = 0; d < ex->n_demo; d++) {
    size_t n = (size_t)tv_grid_h(ex->out[d]) * (size_t)tv_grid_w(ex->out[d]);
    c->word_off[d] = w;
    c->word_n[d] = (n + 63) / 64;
    w += c->word_n[d];
    c->total += n;
  }
  c->words = w;
  size_t words = w ? w : 1, np = c->n_valid;
  /* the output colours (most common first) for recoloured layers, and
   * their target bitsets */
  size_t count[256] = {0}, demos_with[256] = {0};
  for (size_t d = 0; d < ex->n_demo; d++) {
    size_t n = (size_t)tv_grid_h(ex->out[d]) * (size_t)tv_grid_w(ex->out[d]);
    const uint8_t *tc = tv_grid_cells(ex->out[d]);
    bool seen[256] = {false};
    for (size_t k = 0; k < n; k++) {
      count[tc[k]]++;
      if (!seen[tc[k]]) demos_with[tc[k]]++;
      seen[tc[k]] = true;
    }
  }
  c->n_col = 0;
  while (c->n_col < TS_COMPOSE_MAX_COLOURS) {
    int pick = -1;
    for (int b = 0; b < 255; b++) { /* colours 0..254 fit recolour's byte */
      bool listed = false;
      for (int k = 0; k < c->n_col; k++) listed |= c->col[k] == b;
      if (count[b] && !listed && (pick < 0 || count[b] > count[pick])) pick = b;
    }
    if (pick < 0) break;
    c->col[c->n_col++] = pick;
  }
  /* recolour to every output colour, also one that some outputs lack (a
   * layer that paints nothing there: a85d4709 paints each row colour only
   * where it occurs). Measured on training, recolouring only to colours of
   * every demo output: 205 instead of 212 tasks fit their demos but 166.0
   * instead of 167.0 top-2 on test (first 200: 87.0 instead of 86.0), so
   * all colours stay; demos_with is kept for that rule. */
  c->n_rc = 0;
  for (int q = 0; q < c->n_col; q++)
    if (demos_with[c->col[q]] > 0) c->rc[c->n_rc++] = q;
  c->nv = np * (size_t)(1 + c->n_rc);
  size_t nv = c->nv;
  c->cells = calloc(words, sizeof(uint64_t));
  c->zero = calloc(words, sizeof(uint64_t));
  c->eq = calloc(words * (size_t)(c->n_col ? c->n_col : 1), sizeof(uint64_t));
  c->open = calloc(words, sizeof(uint64_t));
  c->open_words = calloc(words, sizeof(uint32_t));
  c->bad = malloc(np * words * sizeof(uint64_t));
  c->bad_w = malloc(nv * sizeof(size_t));
  c->wrong_w = malloc(nv * sizeof(size_t));
  c->bound = malloc(nv * sizeof(size_t));
  c->order = malloc(nv * sizeof(uint64_t));
  c->rank = malloc(nv * sizeof(uint32_t));
  c->by_rank = malloc(nv * sizeof(uint32_t));
  if (!c->cells || !c->zero || !c->eq || !c->open || !c->open_words || !c->bad ||
      !c->bad_w || !c->wrong_w || !c->bound || !c->order || !c->rank || !c->by_rank)
    return false;
  /* ranks: cheaper first, then earlier (the greedy's tie-break); a
   * recoloured layer costs one more than its piece */
  for (size_t v = 0; v < nv; v++)
    c->order[v] = ((uint64_t)c->pieces[c->valid[v % np]].cost + (v >= np)) << 32 | (uint64_t)v;
  qsort(c->order, nv, sizeof *c->order, cmp_u64);
  for (size_t r = 0; r < nv; r++) {
    uint32_t i = (uint32_t)(c->order[r] & 0xFFFFFFFFu);
    c->rank[i] = (uint32_t)r;
    c->by_rank[r] = i;
  }
  for (int t = 0; t < c->n_transparent; t++) {
    c->paint[t] = malloc(np * words * sizeof(uint64_t));
    c->first_bad[t] = malloc(nv * sizeof(size_t));
    c->first_wrong[t] = malloc(nv * sizeof(size_t));
    c->gain0[t] = malloc(np * c->n_demo * sizeof(uint32_t));
    if (!c->paint[t] || !c->first_bad[t] || !c->first_wrong[t] || !c->gain0[t]) return false;
  }
  for (size_t d = 0; d < ex->n_demo; d++) {
    size_t n = (size_t)tv_grid_h(ex->out[d]) * (size_t)tv_grid_w(ex->out[d]);
    const uint8_t *tc = tv_grid_cells(ex->out[d]);
    for (size_t k = 0; k < c->word_n[d]; k++) {
      size_t m = n - 64 * k < 64 ? n - 64 * k : 64;
      c->cells[c->word_off[d] + k] = m == 64 ? ~0ull : ((1ull << m) - 1);
      for (int q = 0; q < c->n_col; q++) {
        uint64_t e = 0;
        for (size_t j = 0; j < m; j++) e |= (uint64_t)(tc[64 * k + j] == c->col[q]) << j;
        c->eq[(size_t)q * words + c->word_off[d] + k] = e;
      }
    }
  }
  for (int t = 0; t < c->n_transparent; t++) {
    c->eqt[t] = c->zero;
    for (int q = 0; q < c->n_col; q++)
      if (tv_colour_byte(c->transparent[t]) == c->col[q]) c->eqt[t] = c->eq + (size_t)q * words;
  }
  int nt = c->n_transparent;
  uint8_t tb[TS_COMPOSE_MAX_TRANSPARENT];
  for (int t = 0; t < nt; t++) tb[t] = tv_colour_byte(c->transparent[t]);
  for (size_t i = 0; i < np; i++) {
    if (!charge(c, c->total / 16 + c->total / 32 * (size_t)(nt - 1) + 1)) return false;
    const ts_piece *p = &c->pieces[c->valid[i]];
    uint64_t *bad = c->bad + i * c->words;
    size_t fb = NONE, fw[TS_COMPOSE_MAX_TRANSPARENT];
    for (int t = 0; t < nt; t++) fw[t] = NONE;
    for (size_t d = 0; d < ex->n_demo; d++) {
      const uint8_t *pc = tv_grid_cells(p->vals[d]);
      const uint8_t *tc = tv_grid_cells(ex->out[d]);
      size_t n = (size_t)tv_grid_h(ex->out[d]) * (size_t)tv_grid_w(ex->out[d]);
      size_t off = c->word_off[d];
      uint32_t g[TS_COMPOSE_MAX_TRANSPARENT] = {0};
      for (size_t k = 0; k < c->word_n[d]; k++) {
        size_t base = 64 * k, m = n - base < 64 ? n - base : 64;
        uint64_t b = 0, a[TS_COMPOSE_MAX_TRANSPARENT] = {0};
        size_t j = 0;
#ifdef __SSE2__
        /* 16 cells at a time: byte compares, then one bit per byte */
        for (; j + 16 <= m; j += 16) {
          __m128i v = _mm_loadu_si128((const __m128i *)(pc + base + j));
          __m128i x = _mm_loadu_si128((const __m128i *)(tc + base + j));
          b |= (uint64_t)(uint16_t)~_mm_movemask_epi8(_mm_cmpeq_epi8(v, x)) << j;
          for (int t = 0; t < nt; t++)
            a[t] |= (uint64_t)(uint16_t)~_mm_movemask_epi8(
                        _mm_cmpeq_epi8(v, _mm_set1_epi8((char)tb[t])))
                    << j;
        }
#endif
        for (; j < m; j++) {
          uint8_t v = pc[base + j];
          b |= (uint64_t)(v != tc[base + j]) << j;
          for (int t = 0; t < nt; t++) a[t] |= (uint64_t)(v != tb[t]) << j;
        }
        size_t at = 64 * (off + k);
        if (b && fb == NONE) fb = at + (size_t)__builtin_ctzll(b);
        bad[off + k] = b;
        for (int t = 0; t < nt; t++) {
          if ((b & a[t]) && fw[t] == NONE) fw[t] = at + (size_t)__builtin_ctzll(b & a[t]);
          g[t] += (uint32_t)popcount64(a[t]);
          c->paint[t][i * c->words + off + k] = a[t];
        }
      }
      for (int t = 0; t < nt; t++) c->gain0[t][i * c->n_demo + d] = g[t];
    }
    for (int t = 0; t < nt; t++) {
      c->first_bad[t][i] = fb;
      c->first_wrong[t][i] = fw[t];
    }
  }
  /* the recoloured forms' first bad and wrongly painted cells */
  if (!charge(c, (uint64_t)(nv - np) * (uint64_t)nt * (c->words / 4 + 1))) return false;
  for (int t = 0; t < nt; t++)
    for (size_t v = np; v < nv; v++) {
      size_t fb = NONE, fw = NONE;
      for (size_t k = 0; k < c->words && fw == NONE; k++) {
        uint64_t b = vword(c, t, v, 0, k);
        if (b && fb == NONE) fb = 64 * k + (size_t)__builtin_ctzll(b);
        uint64_t x = b & c->paint[t][(v % np) * c->words + k];
        if (x) fw = 64 * k + (size_t)__builtin_ctzll(x);
      }
      c->first_bad[t][v] = fb;
      c->first_wrong[t][v] = fw;
    }
  return true;
}

/* Demo cells right for the stack chosen[] (form indices, top first) on
 * top of `bottom`, with transparent colour number ti: exact (each cell is
 * the topmost painting layer's, else the bottom's). Uses c->open. */
static size_t stack_right(composer *c, int ti, const long *chosen, size_t n_chosen, long bottom) {
  size_t right = 0, nw = c->words;
  memcpy(c->open, c->cells, nw * sizeof(uint64_t));
  for (size_t l = 0; l < n_chosen; l++) {
    size_t v = (size_t)chosen[l], i = v % c->n_valid;
    const uint64_t *p = c->paint[ti] + i * nw;
    for (size_t w = 0; w < nw; w++) {
      right += (size_t)popcount64(c->open[w] & p[w] & ~vword(c, ti, v, 0, w));
      c->open[w] &= ~p[w];
    }
  }
  if (bottom >= 0)
    for (size_t w = 0; w < nw; w++)
      right += (size_t)popcount64(c->open[w] & ~vword(c, ti, (size_t)bottom, 0, w));
  return right;
}

/* The first cell at or after `from` that is open and bad (mode 0) or
 * painted wrong (mode 1) for form v, or NONE; adds the words it read to
 * *scanned. */
static size_t next_cell(const composer *c, int ti, size_t v, int mode, size_t from,
                        uint64_t *scanned) {
  size_t w = from / 64;
  uint64_t first = ~0ull << (from % 64);
  for (; w < c->words; w++, first = ~0ull) {
    uint64_t x = c->open[w] & first;
    if (x) x &= vword(c, ti, v, mode, w);
    if (x) {
      *scanned += w - from / 64 + 1;
      return 64 * w + (size_t)__builtin_ctzll(x);
    }
  }
  *scanned += c->words - from / 64;
  return NONE;
}

static bool is_open(const composer *c, size_t cell) {
  return (c->open[cell / 64] >> (cell % 64)) & 1;
}

/* Keeps a witness valid: `*w` is an open cell of the kind (next_cell), or
 * NONE. Cells only close, so a witness moves forward only, and over a
 * whole run it reads each word of a form at most once. */
static void advance(const composer *c, int ti, size_t v, int mode, size_t *w,
                    uint64_t *scanned) {
  if (*w != NONE && !is_open(c, *w)) *w = next_cell(c, ti, v, mode, *w + 1, scanned);
}

/* The greedy's order on pieces: larger gain, then lower cost, then earlier. */
static bool ahead(const composer *c, size_t gain_a, size_t a, size_t gain_b, size_t b) {
  if (gain_a != gain_b) return gain_a > gain_b;
  return c->rank[a] < c->rank[b];
}

/* The same order as one sortable word: ascending keys are `ahead` first
 * (gains fit 32 bits: at most TS_MAX_EXAMPLES x 1024 x 1024 cells). */
static uint64_t key_of(const composer *c, size_t i) {
  return (uint64_t)(UINT32_MAX - (uint32_t)c->bound[i]) << 32 | c->rank[i];
}

/* Cells of a & open over the words words[lo..hi): the greedy's inner loop
 * (gains, bottoms). Twice: with the popcnt instruction when the processor
 * has it (chosen once at start-up), else with popcount64. */
#define MASKED_COUNT_BODY(count)                  \
  size_t n = 0;                                   \
  for (size_t k = lo; k < hi; k++) {              \
    size_t w = words[k];                          \
    n += (size_t)count(a[w] & open[w]);           \
  }                                               \
  return n;

static size_t masked_count_plain(const uint64_t *a, const uint64_t *open, const uint32_t *words,
                                 size_t lo, size_t hi) {
  MASKED_COUNT_BODY(popcount64)
}

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__POPCNT__)
__attribute__((target("popcnt"))) static size_t masked_count_popcnt(const uint64_t *a,
                                                                    const uint64_t *open,
                                                                    const uint32_t *words,
                                                                    size_t lo, size_t hi) {
  MASKED_COUNT_BODY(__builtin_popcountll)
}
static bool have_popcnt;
__attribute__((constructor)) static void detect_popcnt(void) {
  __builtin_cpu_init();
  have_popcnt = __builtin_cpu_supports("popcnt");
}
#define HAVE_POPCNT_DISPATCH 1
#endif

static size_t masked_count(const uint64_t *a, const uint64_t *open, const uint32_t *words,
                           size_t lo, size_t hi) {
#ifdef HAVE_POPCNT_DISPATCH
  if (have_popcnt) return masked_count_popcnt(a, open, words, lo, hi);
#endif
  return masked_count_plain(a, open, words, lo, hi);
}

/* One greedy run with transparent colour number ti, counting gain over
 * demo `focus` only (or over all demos when focus == n_demo), with demo
 * `exclude` left out (its cells start closed: a composition for the other
 * demos; exclude == n_demo for none). Fills *res (layers bottom first);
 * true when it is right on every demo cell it was asked about. With
 * `partial`, a run that is not right everywhere still picks the best bottom
 * (a scan of every form), so *res is the best partial composition of the
 * run; without, *res then has no layers. res->cells_right is exact over all
 * demo cells (stack_right).
 *
 * The candidates are forms (a piece as is or recoloured, vword). Per form
 * the run keeps two witnesses: bad_w, an open cell it gets wrong (NONE: it
 * is right on every open cell, so it can be the bottom), and wrong_w, an
 * open cell it paints wrong (NONE: usable as a layer). And an upper bound
 * of its gain: gains only shrink as cells close, so a lazy greedy evaluates
 * the usable forms in order of their bounds and stops as soon as the best
 * gain found is ahead of every bound left - the same choice as evaluating
 * them all. */
static bool greedy_run(composer *c, int ti, size_t focus, size_t exclude, bool partial,
                       ts_composition *res) {
  const uint64_t *paint = c->paint[ti];
  size_t nw = c->words, np = c->n_valid, nv = c->nv, nd = c->n_demo;
  uint8_t tb = tv_colour_byte(c->transparent[ti]);
  memcpy(c->open, c->cells, nw * sizeof(uint64_t));
  if (exclude < nd)
    memset(c->open + c->word_off[exclude], 0, c->word_n[exclude] * sizeof(uint64_t));
  size_t n_open = 0;
  for (size_t w = 0; w < nw; w++)
    if (c->open[w]) c->open_words[n_open++] = (uint32_t)w;
  for (size_t v = 0; v < nv; v++) {
    size_t i = v % np;
    c->bad_w[v] = c->first_bad[ti][v];
    c->wrong_w[v] = c->first_wrong[ti][v];
    size_t g = 0;
    /* a recoloured form in colour t paints nothing: never a layer */
    if (v < np || c->col[c->rc[v / np - 1]] != tb)
      for (size_t d = 0; d < nd; d++)
        if ((focus == nd || d == focus) && d != exclude) g += c->gain0[ti][i * nd + d];
    c->bound[v] = g; /* exact before the first step */
  }
  uint64_t scanned0 = 0;
  for (size_t v = 0; v < nv && exclude < nd; v++) { /* witnesses in the left-out demo */
    advance(c, ti, v, 0, &c->bad_w[v], &scanned0);
    advance(c, ti, v, 1, &c->wrong_w[v], &scanned0);
  }
  if (!charge(c, nv * (nd + 1) + nw + scanned0)) return memset(res, 0, sizeof *res), false;

  long chosen[TS_MAX_LAYERS]; /* form indices, top first */
  size_t n_chosen = 0;
  long bottom = -1;
  bool done = n_open == 0, stopped = false;
  while (!done) {
    /* a bottom: right on every open cell */
    uint64_t scanned = 0;
    long full = -1;
    for (size_t v = 0; v < nv; v++) {
      advance(c, ti, v, 0, &c->bad_w[v], &scanned);
      if (c->bad_w[v] == NONE && (full < 0 || ahead(c, 0, v, 0, (size_t)full))) full = (long)v;
    }
    if (!charge(c, nv + scanned)) { stopped = true; break; }
    if (full >= 0) {
      bottom = full;
      done = true;
      break;
    }
    if (n_chosen + 1 >= TS_MAX_LAYERS) break; /* room for the bottom only */
    /* the usable forms, best bound first */
    size_t n_usable = 0;
    scanned = 0;
    for (size_t v = 0; v < nv; v++) {
      if (c->bound[v] == 0) continue; /* gains only shrink: never usable again */
      advance(c, ti, v, 1, &c->wrong_w[v], &scanned);
      if (c->wrong_w[v] == NONE) c->order[n_usable++] = key_of(c, v);
    }
    qsort(c->order, n_usable, sizeof *c->order, cmp_u64);
    if (!charge(c, nv + scanned + n_usable)) { stopped = true; break; }
    long best = -1;
    size_t best_gain = 0;
    scanned = 0;
    /* the open words of the counted cells */
    size_t care_lo = 0, care_hi = n_open;
    if (focus < nd) {
      size_t lo_w = c->word_off[focus], hi_w = lo_w + c->word_n[focus];
      while (care_lo < n_open && c->open_words[care_lo] < lo_w) care_lo++;
      care_hi = care_lo;
      while (care_hi < n_open && c->open_words[care_hi] < hi_w) care_hi++;
    }
    for (size_t k = 0; k < n_usable; k++) {
      size_t v = c->by_rank[c->order[k] & 0xFFFFFFFFu];
      if (best >= 0 && !ahead(c, c->bound[v], v, best_gain, (size_t)best)) break;
      size_t g = n_chosen == 0 ? c->bound[v]
                               : masked_count(paint + (v % np) * nw, c->open, c->open_words,
                                              care_lo, care_hi);
      if (n_chosen) scanned += care_hi - care_lo;
      c->bound[v] = g;
      if (g > 0 && (best < 0 || ahead(c, g, v, best_gain, (size_t)best))) {
        best = (long)v;
        best_gain = g;
      }
    }
    if (!charge(c, scanned + 1)) { stopped = true; break; }
    if (best < 0) break; /* nothing paints an open counted cell */
    chosen[n_chosen++] = best;
    const uint64_t *pt = paint + ((size_t)best % np) * nw;
    size_t kept = 0;
    for (size_t k = 0; k < n_open; k++) {
      size_t w = c->open_words[k];
      c->open[w] &= ~pt[w];
      if (c->open[w]) c->open_words[kept++] = (uint32_t)w;
    }
    n_open = kept;
    if (n_open == 0) done = true; /* the last chosen paints the bottom */
  }

  if (!done && !stopped && partial && charge(c, (uint64_t)nv * n_open + 1)) {
    /* the best partial bottom: the form right on the most open cells */
    size_t best_bad = NONE;
    for (size_t v = 0; v < nv; v++) {
      size_t nb = 0;
      for (size_t k = 0; k < n_open; k++) {
        size_t w = c->open_words[k];
        nb += (size_t)popcount64(c->open[w] & vword(c, ti, v, 0, w));
      }
      if (nb < best_bad || (nb == best_bad && ahead(c, 0, v, 0, (size_t)bottom))) {
        best_bad = nb;
        bottom = (long)v;
      }
    }
  }
  if (n_open == 0 && n_chosen == 0 && bottom < 0 && nv > 0) bottom = 0; /* no cells at all */

  memset(res, 0, sizeof *res);
  res->transparent = c->transparent[ti];
  res->cells_total = c->total;
  if (!done && !partial) return false;
  if (bottom < 0 && n_chosen > 0) {
    /* the last chosen layer becomes the bottom (the open set empty, or the
     * budget spent): it also paints the open cells, where it is
     * transparent; stack_right counts those it gets right. */
    bottom = chosen[--n_chosen];
  }
  if (bottom < 0) return false; /* nothing at all */
  if (!charge(c, (uint64_t)(n_chosen + 1) * nw)) return memset(res, 0, sizeof *res), false;
  res->cells_right = stack_right(c, ti, chosen, n_chosen, bottom);
  res->n_layers = n_chosen + 1;
  long layers[TS_MAX_LAYERS];
  layers[0] = bottom;
  for (size_t k = 0; k < n_chosen; k++) layers[1 + k] = chosen[n_chosen - 1 - k];
  for (size_t l = 0; l < res->n_layers; l++) {
    size_t v = (size_t)layers[l];
    res->layer[l] = c->pieces[c->valid[v % np]].id;
    res->recolour[l] = v < np ? 0 : (uint8_t)(c->col[c->rc[v / np - 1]] + 1);
  }
  return done;
}

/* The transparent colours to try, TS_COMPOSE_MAX_TRANSPARENT of them:
 * bg, then 0, then the demo outputs' most common other colours. Measured on
 * training (bench/search_compose.c, docs/SEARCH.md): bg alone composes 30
 * tasks, bg and 0 32, bg, 0 or else the most common output colour 47 (36
 * right on test); a third colour then added 2 tasks, both wrong on test.
 * With recoloured layers and several compositions per call (s-compose2) a
 * third colour pays: first 200 training tasks 86.0 -> 91.0 top-2 in the
 * engine (docs/SEARCH.md), so three are tried. */
static void choose_transparent(composer *c, const ts_examples *ex, int bg) {
  c->n_transparent = 0;
  c->transparent[c->n_transparent++] = tv_colour_fits(bg) ? bg : 0;
  if (c->transparent[0] != 0) c->transparent[c->n_transparent++] = 0;
  size_t count[256] = {0}, cells_read = 0;
  for (size_t d = 0; d < ex->n_demo; d++) {
    size_t n = (size_t)tv_grid_h(ex->out[d]) * (size_t)tv_grid_w(ex->out[d]);
    const uint8_t *cells = tv_grid_cells(ex->out[d]);
    for (size_t k = 0; k < n; k++) count[cells[k]]++;
    cells_read += n;
  }
  charge(c, cells_read / 16 + 1);
  while (c->n_transparent < TS_COMPOSE_MAX_TRANSPARENT) {
    int pick = -1; /* most common, then lowest colour */
    for (int col = TV_COLOUR_MIN; col <= TV_COLOUR_MAX; col++) {
      size_t n = count[tv_colour_byte(col)];
      bool listed = false;
      for (int t = 0; t < c->n_transparent; t++) listed |= c->transparent[t] == col;
      if (!n || listed) continue;
      if (pick < 0 || n > count[tv_colour_byte(pick)]) pick = col;
    }
    if (pick < 0) break;
    c->transparent[c->n_transparent++] = pick;
  }
}

/* Better partial: more cells right, then fewer layers. */
static bool better(const ts_composition *a, const ts_composition *b) {
  if (a->cells_right != b->cells_right) return a->cells_right > b->cells_right;
  return a->n_layers < b->n_layers;
}

static bool same_composition(const ts_composition *a, const ts_composition *b) {
  if (a->n_layers != b->n_layers || a->transparent != b->transparent) return false;
  for (size_t l = 0; l < a->n_layers; l++)
    if (a->layer[l] != b->layer[l] || a->recolour[l] != b->recolour[l]) return false;
  return true;
}

/* Adds r to list[0..*n) unless it is there; false when full. */
static void keep(ts_composition *list, size_t *n, size_t cap, const ts_composition *r) {
  for (size_t k = 0; k < *n; k++)
    if (same_composition(&list[k], r)) return;
  if (*n < cap) list[(*n)++] = *r;
}

size_t ts_compose_many(tv_ctx *ctx, const ts_examples *ex, const ts_piece *pieces,
                       size_t n_pieces, int bg, ts_composition *out, size_t cap, bool *solved_out) {
  composer c;
  memset(&c, 0, sizeof c);
  bool solved = false;
  if (solved_out) *solved_out = false;
  if (cap == 0) return 0;
  memset(out, 0, sizeof *out);
  c.ctx = ctx;
  c.ex = ex;
  c.pieces = pieces;
  out->transparent = tv_colour_fits(bg) ? bg : 0;
  for (size_t d = 0; d < ex->n_demo; d++)
    if (tv_is_grid(ex->out[d]))
      out->cells_total += (size_t)tv_grid_h(ex->out[d]) * (size_t)tv_grid_w(ex->out[d]);
  if (ex->n_demo == 0 || n_pieces == 0) return 0;
  for (size_t d = 0; d < ex->n_demo; d++)
    if (!tv_is_grid(ex->out[d])) return 0;
  choose_transparent(&c, ex, bg);

  size_t n_out = 0;
  ts_composition full[TS_COMPOSE_MAX_TRANSPARENT * (TS_COMPOSE_FOCUS_DEMOS + 1)];
  size_t n_full = 0;
  c.valid = malloc(n_pieces * sizeof(uint32_t));
  if (!c.valid) goto done;
  if (!charge(&c, n_pieces)) goto done;
  for (size_t i = 0; i < n_pieces; i++)
    if (piece_fits(ex, &pieces[i])) c.valid[c.n_valid++] = (uint32_t)i;
  if (c.n_valid == 0 || !composer_build(&c)) goto done;

  size_t nd = ex->n_demo;
  size_t focus = nd < TS_COMPOSE_FOCUS_DEMOS ? nd : TS_COMPOSE_FOCUS_DEMOS;
  if (nd == 1) focus = 0; /* the one demo is the whole */
  bool have = false;
  ts_composition best;
  memset(&best, 0, sizeof best);
  /* the global runs, then the focus runs; with cap 1 the first composition
   * right everywhere ends it (ts_compose), else every run is made and the
   * distinct ones right everywhere are kept */
  for (size_t run = 0; run <= focus && (cap > 1 || !solved) && !c.exhausted; run++) {
    for (int ti = 0; ti < c.n_transparent && (cap > 1 || !solved) && !c.exhausted; ti++) {
      ts_composition res;
      greedy_run(&c, ti, run == 0 ? nd : run - 1, nd, run == 0, &res);
      bool ok = res.n_layers > 0 && res.cells_right == res.cells_total;
      if (ok) keep(full, &n_full, sizeof full / sizeof full[0], &res);
      if (!solved && res.n_layers > 0 && (!have || ok || better(&res, &best))) {
        best = res;
        have = true;
      }
      solved |= ok;
    }
  }
  if (have) keep(out, &n_out, cap, &best);
  for (size_t k = 0; k < n_full; k++) keep(out, &n_out, cap, &full[k]);
  /* compositions for all demos but one, best first: ranked partial
   * candidates (the engine orders them by demos right) */
  if (cap > 1 && !solved && nd > 1) {
    ts_composition sub[TS_MAX_EXAMPLES * TS_COMPOSE_MAX_TRANSPARENT];
    size_t n_sub = 0;
    for (size_t x = 0; x < nd && !c.exhausted; x++)
      for (int ti = 0; ti < c.n_transparent && !c.exhausted; ti++) {
        ts_composition res;
        if (greedy_run(&c, ti, nd, x, false, &res) && res.n_layers > 0)
          keep(sub, &n_sub, sizeof sub / sizeof sub[0], &res);
      }
    for (size_t a = 1; a < n_sub; a++) /* insertion sort: most cells right first */
      for (size_t b = a; b > 0 && better(&sub[b], &sub[b - 1]); b--) {
        ts_composition t = sub[b];
        sub[b] = sub[b - 1];
        sub[b - 1] = t;
      }
    for (size_t k = 0; k < n_sub; k++) keep(out, &n_out, cap, &sub[k]);
  }
done:
  composer_free(&c);
  if (n_out == 0) { /* keep the zeroed out[0] with its cells_total */
    if (solved_out) *solved_out = false;
    return 0;
  }
  if (solved_out) *solved_out = out[0].cells_right == out[0].cells_total;
  return n_out;
}

bool ts_compose(tv_ctx *ctx, const ts_examples *ex, const ts_piece *pieces, size_t n_pieces,
                int bg, ts_composition *out) {
  bool solved = false;
  ts_compose_many(ctx, ex, pieces, n_pieces, bg, out, 1, &solved);
  return solved;
}

void ts_compose_apply(tv_ctx *ctx, const ts_examples *ex, const ts_piece *pieces,
                      size_t n_pieces, const ts_composition *c, tv_val *out) {
  /* The layers by id; the engine's ids are unique per piece. */
  const ts_piece *layer[TS_MAX_LAYERS];
  size_t n = c->n_layers < TS_MAX_LAYERS ? c->n_layers : TS_MAX_LAYERS;
  bool found = n > 0;
  for (size_t l = 0; l < n; l++) {
    layer[l] = NULL;
    for (size_t i = 0; i < n_pieces && !layer[l]; i++)
      if (pieces[i].id == c->layer[l]) layer[l] = &pieces[i];
    if (!layer[l]) found = false;
  }
  /* Exactly the statements the engine writes: recolor_fg for a recoloured
   * layer, then the nested overlay calls; the primitives themselves, so
   * shapes, errors and work are the program's. */
  const tv_prim *overlay = tv_prim_ext_lookup("overlay");
  const tv_prim *recolor = tv_prim_ext_lookup("recolor_fg");
  for (size_t k = 0; k < ex->n; k++) {
    if (!found || !overlay || !recolor) {
      out[k] = tv_error(ctx, "compose: %s", !found ? "a layer is not among the pieces"
                                                    : "the overlay primitive is missing");
      continue;
    }
    tv_val v = 0;
    for (size_t l = 0; l < n; l++) {
      tv_val top = layer[l]->vals[k];
      if (c->recolour[l] && !tv_is_error(top)) {
        tv_val args[3] = {top, tv_int(c->recolour[l] - 1), tv_int(c->transparent)};
        top = tv_prim_call(ctx, recolor, args);
      }
      if (l == 0) {
        v = top;
      } else if (tv_is_error(top)) { /* the program fails where that layer does */
        v = top;
      } else {
        tv_val args[3] = {v, top, tv_int(c->transparent)};
        v = tv_prim_call(ctx, overlay, args);
      }
      if (tv_is_error(v)) break;
    }
    out[k] = v;
  }
}
