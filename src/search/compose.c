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
 * is right on those cells. Two transparent colours are tried: bg, then 0
 * when it differs from bg, else the demo outputs' most common other colour
 * (choose_transparent has the measurements).
 *
 * Runs. As in icecuber, the greedy counts the cells it gains either over
 * all demos (the global run) or over one demo at a time (focus runs, for
 * the first TS_COMPOSE_FOCUS_DEMOS demos), always forbidding wrong cells on
 * every demo: counting one demo's cells makes other choices than the
 * global count when demos disagree on which piece covers most. Order: the
 * global run for each transparent colour, then the focus runs. The first
 * run right everywhere is returned; otherwise the best partial of the
 * global runs (most demo cells right, then fewer layers; focus runs count
 * only when right everywhere).
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
 * Worst case per step: pieces x open words; typical: a few pieces. Work
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

#define TS_COMPOSE_MAX_TRANSPARENT 2
#define TS_COMPOSE_FOCUS_DEMOS 5
#define NONE SIZE_MAX /* no witness cell */

typedef struct composer {
  tv_ctx *ctx;
  const ts_examples *ex;
  const ts_piece *pieces;
  size_t n_valid;    /* pieces whose demo values have the target shapes */
  uint32_t *valid;   /* their indices into pieces[] */
  size_t n_demo;
  size_t words;      /* 64-bit words over all demo cells (with padding) */
  size_t word_off[TS_MAX_EXAMPLES], word_n[TS_MAX_EXAMPLES];
  uint64_t *cells;   /* per word: bits that are demo cells (no padding) */
  size_t total;      /* demo cells */
  uint64_t *bad;     /* n_valid x words */
  size_t *first_bad; /* n_valid: first bad cell, or NONE */
  int n_transparent;
  int transparent[TS_COMPOSE_MAX_TRANSPARENT];
  /* per transparent colour */
  uint64_t *paint[TS_COMPOSE_MAX_TRANSPARENT];     /* n_valid x words */
  size_t *first_wrong[TS_COMPOSE_MAX_TRANSPARENT]; /* first painted bad cell, or NONE */
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
  free(c->first_bad);
  for (int t = 0; t < TS_COMPOSE_MAX_TRANSPARENT; t++) {
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
  c->cells = calloc(words, sizeof(uint64_t));
  c->open = calloc(words, sizeof(uint64_t));
  c->open_words = calloc(words, sizeof(uint32_t));
  c->bad = malloc(np * words * sizeof(uint64_t));
  c->first_bad = malloc(np * sizeof(size_t));
  c->bad_w = malloc(np * sizeof(size_t));
  c->wrong_w = malloc(np * sizeof(size_t));
  c->bound = malloc(np * sizeof(size_t));
  c->order = malloc(np * sizeof(uint64_t));
  c->rank = malloc(np * sizeof(uint32_t));
  c->by_rank = malloc(np * sizeof(uint32_t));
  if (!c->cells || !c->open || !c->open_words || !c->bad || !c->first_bad ||
      !c->bad_w || !c->wrong_w || !c->bound || !c->order || !c->rank || !c->by_rank)
    return false;
  /* ranks: cheaper first, then earlier (the greedy's tie-break) */
  for (size_t i = 0; i < np; i++)
    c->order[i] = (uint64_t)c->pieces[c->valid[i]].cost << 32 | (uint64_t)i;
  qsort(c->order, np, sizeof *c->order, cmp_u64);
  for (size_t r = 0; r < np; r++) {
    uint32_t i = (uint32_t)(c->order[r] & 0xFFFFFFFFu);
    c->rank[i] = (uint32_t)r;
    c->by_rank[r] = i;
  }
  for (int t = 0; t < c->n_transparent; t++) {
    c->paint[t] = malloc(np * words * sizeof(uint64_t));
    c->first_wrong[t] = malloc(np * sizeof(size_t));
    c->gain0[t] = malloc(np * c->n_demo * sizeof(uint32_t));
    if (!c->paint[t] || !c->first_wrong[t] || !c->gain0[t]) return false;
  }
  for (size_t d = 0; d < ex->n_demo; d++) {
    size_t n = (size_t)tv_grid_h(ex->out[d]) * (size_t)tv_grid_w(ex->out[d]);
    for (size_t k = 0; k < c->word_n[d]; k++) {
      size_t m = n - 64 * k < 64 ? n - 64 * k : 64;
      c->cells[c->word_off[d] + k] = m == 64 ? ~0ull : ((1ull << m) - 1);
    }
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
    c->first_bad[i] = fb;
    for (int t = 0; t < nt; t++) c->first_wrong[t][i] = fw[t];
  }
  return true;
}

/* Cells right on the demos when the open set is `open` and `bottom` (a
 * valid-piece index, or -1 for none) paints every open cell: the closed
 * cells are right by construction. */
static size_t right_cells(const composer *c, long bottom) {
  size_t right = 0;
  for (size_t w = 0; w < c->words; w++) {
    uint64_t open = c->open[w];
    right += (size_t)popcount64(c->cells[w] & ~open);
    if (bottom >= 0) right += (size_t)popcount64(open & ~c->bad[(size_t)bottom * c->words + w]);
  }
  return right;
}

/* The first cell at or after `from` in a & b & open (b may be NULL), or
 * NONE; adds the words it read to *scanned. */
static size_t next_cell(const composer *c, const uint64_t *a, const uint64_t *b, size_t from,
                        uint64_t *scanned) {
  size_t w = from / 64;
  uint64_t first = ~0ull << (from % 64);
  for (; w < c->words; w++, first = ~0ull) {
    uint64_t x = a[w] & c->open[w] & first;
    if (b) x &= b[w];
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

/* Keeps a witness valid: `*w` is a cell of a & b that is open, or NONE.
 * Cells only close, so a witness moves forward only, and over a whole run
 * it reads each word of a piece at most once. */
static void advance(const composer *c, size_t *w, const uint64_t *a, const uint64_t *b,
                    uint64_t *scanned) {
  if (*w != NONE && !is_open(c, *w)) *w = next_cell(c, a, b, *w + 1, scanned);
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
 * demo `focus` only (or over all demos when focus == n_demo). Fills *res
 * (layers bottom first); true when it is right on every demo cell. With
 * `partial`, a run that is not right everywhere still picks the best bottom
 * (a scan of every piece), so *res is the best partial composition of the
 * run; without, *res then has no layers.
 *
 * Per piece the run keeps two witnesses: bad_w, an open cell it gets wrong
 * (NONE: it is right on every open cell, so it can be the bottom), and
 * wrong_w, an open cell it paints wrong (NONE: usable as a layer). And an
 * upper bound of its gain: gains only shrink as cells close, so a lazy
 * greedy evaluates the usable pieces in order of their bounds and stops as
 * soon as the best gain found is ahead of every bound left - the same
 * choice as evaluating them all. */
static bool greedy_run(composer *c, int ti, size_t focus, bool partial, ts_composition *res) {
  const uint64_t *paint = c->paint[ti];
  size_t nw = c->words, np = c->n_valid, nd = c->n_demo;
  memcpy(c->open, c->cells, nw * sizeof(uint64_t));
  size_t n_open = 0;
  for (size_t w = 0; w < nw; w++)
    if (c->open[w]) c->open_words[n_open++] = (uint32_t)w;
  for (size_t i = 0; i < np; i++) {
    c->bad_w[i] = c->first_bad[i];
    c->wrong_w[i] = c->first_wrong[ti][i];
    size_t g = 0;
    for (size_t d = 0; d < nd; d++)
      if (focus == nd || d == focus) g += c->gain0[ti][i * nd + d];
    c->bound[i] = g; /* exact before the first step */
  }
  if (!charge(c, np * (nd + 1) + nw)) return memset(res, 0, sizeof *res), false;

  long chosen[TS_MAX_LAYERS]; /* valid-piece indices, top first */
  size_t n_chosen = 0;
  long bottom = -1;
  bool done = n_open == 0, stopped = false;
  while (!done) {
    /* a bottom: right on every open cell */
    uint64_t scanned = 0;
    long full = -1;
    for (size_t i = 0; i < np; i++) {
      advance(c, &c->bad_w[i], c->bad + i * nw, NULL, &scanned);
      if (c->bad_w[i] == NONE && (full < 0 || ahead(c, 0, i, 0, (size_t)full))) full = (long)i;
    }
    if (!charge(c, np + scanned)) { stopped = true; break; }
    if (full >= 0) {
      bottom = full;
      done = true;
      break;
    }
    if (n_chosen + 1 >= TS_MAX_LAYERS) break; /* room for the bottom only */
    /* the usable pieces, best bound first */
    size_t n_usable = 0;
    scanned = 0;
    for (size_t i = 0; i < np; i++) {
      advance(c, &c->wrong_w[i], c->bad + i * nw, paint + i * nw, &scanned);
      if (c->wrong_w[i] == NONE && c->bound[i] > 0) c->order[n_usable++] = key_of(c, i);
    }
    qsort(c->order, n_usable, sizeof *c->order, cmp_u64);
    if (!charge(c, np + scanned + n_usable)) { stopped = true; break; }
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
      size_t i = c->by_rank[c->order[k] & 0xFFFFFFFFu];
      if (best >= 0 && !ahead(c, c->bound[i], i, best_gain, (size_t)best)) break;
      size_t g = n_chosen == 0 ? c->bound[i] : masked_count(paint + i * nw, c->open, c->open_words, care_lo, care_hi);
      if (n_chosen) scanned += care_hi - care_lo;
      c->bound[i] = g;
      if (g > 0 && (best < 0 || ahead(c, g, i, best_gain, (size_t)best))) {
        best = (long)i;
        best_gain = g;
      }
    }
    if (!charge(c, scanned + 1)) { stopped = true; break; }
    if (best < 0) break; /* nothing paints an open counted cell */
    chosen[n_chosen++] = best;
    const uint64_t *pt = paint + (size_t)best * nw;
    size_t kept = 0;
    for (size_t k = 0; k < n_open; k++) {
      size_t w = c->open_words[k];
      c->open[w] &= ~pt[w];
      if (c->open[w]) c->open_words[kept++] = (uint32_t)w;
    }
    n_open = kept;
    if (n_open == 0) done = true; /* the last chosen paints the bottom */
  }

  if (!done && !stopped && partial && charge(c, (uint64_t)np * n_open + 1)) {
    /* the best partial bottom: the piece right on the most open cells */
    size_t best_bad = NONE;
    for (size_t i = 0; i < np; i++) {
      size_t nb = masked_count(c->bad + i * nw, c->open, c->open_words, 0, n_open);
      if (nb < best_bad || (nb == best_bad && ahead(c, 0, i, 0, (size_t)bottom))) {
        best_bad = nb;
        bottom = (long)i;
      }
    }
  }
  if (n_open == 0 && n_chosen == 0 && bottom < 0 && np > 0) bottom = 0; /* no cells at all */

  memset(res, 0, sizeof *res);
  res->transparent = c->transparent[ti];
  res->cells_total = c->total;
  if (!done && !partial) return false;
  if (bottom < 0 && n_chosen > 0) {
    /* the last chosen layer becomes the bottom (the open set empty, or the
     * budget spent): it also paints the open cells, where it is
     * transparent; right_cells counts those it gets right. */
    bottom = chosen[--n_chosen];
  }
  if (bottom < 0) return false; /* nothing at all */
  res->cells_right = right_cells(c, bottom);
  res->n_layers = n_chosen + 1;
  res->layer[0] = c->pieces[c->valid[(size_t)bottom]].id;
  for (size_t k = 0; k < n_chosen; k++)
    res->layer[1 + k] = c->pieces[c->valid[(size_t)chosen[n_chosen - 1 - k]]].id;
  return res->cells_right == res->cells_total;
}

/* The transparent colours to try, TS_COMPOSE_MAX_TRANSPARENT of them:
 * bg, then 0, then the demo outputs' most common other colours. Measured on
 * training (bench/search_compose.c, docs/SEARCH.md): bg alone composes 30
 * tasks, bg and 0 32, bg, 0 or else the most common output colour 47 (36
 * right on test); a third colour adds 2 tasks, both wrong on test. */
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

bool ts_compose(tv_ctx *ctx, const ts_examples *ex, const ts_piece *pieces, size_t n_pieces,
                int bg, ts_composition *out) {
  composer c;
  memset(&c, 0, sizeof c);
  memset(out, 0, sizeof *out);
  c.ctx = ctx;
  c.ex = ex;
  c.pieces = pieces;
  out->transparent = tv_colour_fits(bg) ? bg : 0;
  for (size_t d = 0; d < ex->n_demo; d++)
    if (tv_is_grid(ex->out[d]))
      out->cells_total += (size_t)tv_grid_h(ex->out[d]) * (size_t)tv_grid_w(ex->out[d]);
  if (ex->n_demo == 0 || n_pieces == 0) return false;
  for (size_t d = 0; d < ex->n_demo; d++)
    if (!tv_is_grid(ex->out[d])) return false;
  choose_transparent(&c, ex, bg);

  bool solved = false;
  c.valid = malloc(n_pieces * sizeof(uint32_t));
  if (!c.valid) goto done;
  if (!charge(&c, n_pieces)) goto done;
  for (size_t i = 0; i < n_pieces; i++)
    if (piece_fits(ex, &pieces[i])) c.valid[c.n_valid++] = (uint32_t)i;
  if (c.n_valid == 0 || !composer_build(&c)) goto done;

  size_t focus = ex->n_demo < TS_COMPOSE_FOCUS_DEMOS ? ex->n_demo : TS_COMPOSE_FOCUS_DEMOS;
  if (ex->n_demo == 1) focus = 0; /* the one demo is the whole */
  bool have = false;
  for (size_t run = 0; run <= focus && !solved && !c.exhausted; run++) {
    for (int ti = 0; ti < c.n_transparent && !solved && !c.exhausted; ti++) {
      ts_composition res;
      bool ok = greedy_run(&c, ti, run == 0 ? ex->n_demo : run - 1, run == 0, &res);
      if (res.n_layers > 0 && (!have || ok || better(&res, out))) {
        *out = res;
        have = true;
      }
      solved = ok;
    }
  }
done:
  composer_free(&c);
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
  /* Exactly the nested overlay calls the engine writes: the primitive
   * itself, so shapes, errors and work are the program's. */
  const tv_prim *overlay = tv_prim_ext_lookup("overlay");
  for (size_t k = 0; k < ex->n; k++) {
    if (!found || !overlay) {
      out[k] = tv_error(ctx, "compose: %s", !found ? "a layer is not among the pieces"
                                                    : "the overlay primitive is missing");
      continue;
    }
    tv_val v = layer[0]->vals[k];
    for (size_t l = 1; l < n && !tv_is_error(v); l++) {
      tv_val top = layer[l]->vals[k];
      if (tv_is_error(top)) { /* the program fails where that layer does */
        v = top;
        break;
      }
      tv_val args[3] = {v, top, tv_int(c->transparent)};
      v = tv_prim_call(ctx, overlay, args);
    }
    out[k] = v;
  }
}
