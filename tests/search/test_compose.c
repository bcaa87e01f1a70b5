/*
 * test_compose.c - the composer of partial answers (src/search/compose.c):
 * layers that each get part of the demo outputs right are stacked into one
 * answer; a layer never paints a wrong cell that stays visible; the result
 * is checked against the demo outputs here (not against the composer's own
 * counts), against the arc-dsl text of nested `overlay` calls run by the
 * lang layer, and for its work on 3000 pieces.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "harness.h"
#include "search/search_internal.h"
#include "tessera/lang.h"
#include "tessera/prims.h"

typedef struct fixture {
  ta_arena arena;
  tv_ctx ctx;
} fixture;

static void start(fixture *f, uint64_t budget) {
  ta_arena_init(&f->arena, 1 << 16);
  tv_ctx_init(&f->ctx, &f->arena, budget);
}

static void stop(fixture *f) { ta_arena_free(&f->arena); }

/* A grid from h rows of w digits ("12 34" is a 2x2 grid: rows split by
 * spaces). */
static tv_val grid_of(tv_ctx *ctx, const char *text) {
  int h = 1, w = 0;
  for (const char *p = text; *p && *p != ' '; p++) w++;
  for (const char *p = text; *p; p++) h += *p == ' ';
  tv_val g = tv_grid_new(ctx, h, w);
  int k = 0;
  for (const char *p = text; *p; p++)
    if (*p != ' ') tv_grid_cells(g)[k++] = (uint8_t)(*p - '0');
  return tv_grid_seal(g);
}

static tv_val random_grid(tv_ctx *ctx, unsigned *seed, int h, int w, int colours) {
  tv_val g = tv_grid_new(ctx, h, w);
  for (int k = 0; k < h * w; k++) tv_grid_cells(g)[k] = (uint8_t)(rand_r(seed) % colours);
  return tv_grid_seal(g);
}

/* Demo cells where got[] equals the outputs (grids of equal shape only). */
static size_t cells_equal(const ts_examples *ex, const tv_val *got) {
  size_t right = 0;
  for (size_t d = 0; d < ex->n_demo; d++) {
    tv_val t = ex->out[d], g = got[d];
    if (!tv_is_grid(g) || tv_grid_h(g) != tv_grid_h(t) || tv_grid_w(g) != tv_grid_w(t)) continue;
    size_t n = (size_t)tv_grid_h(t) * (size_t)tv_grid_w(t);
    for (size_t k = 0; k < n; k++) right += tv_grid_cells(g)[k] == tv_grid_cells(t)[k];
  }
  return right;
}

static size_t demo_cells(const ts_examples *ex) {
  size_t n = 0;
  for (size_t d = 0; d < ex->n_demo; d++)
    n += (size_t)tv_grid_h(ex->out[d]) * (size_t)tv_grid_w(ex->out[d]);
  return n;
}

static bool has_layer(const ts_composition *c, uint32_t id, size_t from) {
  for (size_t l = from; l < c->n_layers; l++)
    if (c->layer[l] == id) return true;
  return false;
}

/* Two demos (and one test) of 2x4 outputs: left half from one piece, right
 * half from another, each transparent (0) on the other half. */
typedef struct halves {
  ts_examples ex;
  tv_val vals[4][3];
  ts_piece pieces[4];
} halves;

static void make_halves(tv_ctx *ctx, halves *h) {
  memset(h, 0, sizeof *h);
  h->ex.n_demo = 2;
  h->ex.n = 3;
  const char *out[2] = {"1122 1122", "3344 3344"};
  const char *left[3] = {"1100 1100", "3300 3300", "5500 5500"};
  const char *right[3] = {"0022 0022", "0044 0044", "0066 0066"};
  const char *noise[3] = {"1111 2222", "3333 4444", "5555 6666"};  /* many cells, some wrong */
  const char *blank[3] = {"0000 0000", "0000 0000", "0000 0000"};
  for (int k = 0; k < 3; k++) {
    h->ex.in[k] = grid_of(ctx, blank[k]);
    if (k < 2) h->ex.out[k] = grid_of(ctx, out[k]);
    h->vals[0][k] = grid_of(ctx, noise[k]);
    h->vals[1][k] = grid_of(ctx, left[k]);
    h->vals[2][k] = grid_of(ctx, right[k]);
    h->vals[3][k] = grid_of(ctx, blank[k]);
  }
  for (int p = 0; p < 4; p++) h->pieces[p] = (ts_piece){h->vals[p], (uint32_t)(100 + p), 1};
}

TEST(compose_two_halves) {
  fixture f;
  start(&f, 0);
  halves h;
  make_halves(&f.ctx, &h);
  ts_composition c;
  CHECK(ts_compose(&f.ctx, &h.ex, h.pieces, 4, 0, &c));
  CHECK_INT(c.n_layers, 2);
  CHECK_INT(c.transparent, 0);
  CHECK(has_layer(&c, 101, 0) && has_layer(&c, 102, 0));
  CHECK(!has_layer(&c, 100, 0));
  CHECK_INT(c.cells_total, demo_cells(&h.ex));
  CHECK_INT(c.cells_right, 16);
  tv_val got[3];
  ts_compose_apply(&f.ctx, &h.ex, h.pieces, 4, &c, got);
  CHECK_INT(cells_equal(&h.ex, got), 16);
  CHECK(tv_eq(got[2], grid_of(&f.ctx, "5566 5566")));
  stop(&f);
}

/* The target holds the transparent colour: only the bottom can give it. */
TEST(compose_transparent_target_cells_come_from_the_bottom) {
  fixture f;
  start(&f, 0);
  ts_examples ex = {0};
  ex.n_demo = ex.n = 1;
  ex.in[0] = grid_of(&f.ctx, "000 000");
  ex.out[0] = grid_of(&f.ctx, "120 300");
  tv_val a[1] = {grid_of(&f.ctx, "100 300")}; /* left column */
  tv_val b[1] = {grid_of(&f.ctx, "020 000")}; /* the 2 */
  tv_val z[1] = {grid_of(&f.ctx, "000 000")}; /* the zeros: a bottom */
  tv_val w[1] = {grid_of(&f.ctx, "777 777")}; /* wrong everywhere */
  ts_piece pieces[4] = {{w, 1, 1}, {a, 2, 1}, {b, 3, 1}, {z, 4, 1}};
  ts_composition c;
  CHECK(ts_compose(&f.ctx, &ex, pieces, 4, 0, &c));
  tv_val got[1];
  ts_compose_apply(&f.ctx, &ex, pieces, 4, &c, got);
  CHECK(tv_eq(got[0], ex.out[0]));
  CHECK(!has_layer(&c, 1, 0));
  stop(&f);
}

/* A piece with a wrong painted cell can only be the bottom, where a layer
 * above hides that cell; never a layer above the bottom. */
TEST(compose_wrong_cell_never_on_top) {
  fixture f;
  start(&f, 0);
  ts_examples ex = {0};
  ex.n_demo = ex.n = 2;
  ex.in[0] = ex.in[1] = grid_of(&f.ctx, "0000 0000");
  ex.out[0] = grid_of(&f.ctx, "1111 1111");
  ex.out[1] = grid_of(&f.ctx, "2222 2222");
  /* w: right on all but one cell of each demo (most cells: the greedy's
   * first choice if it ignored wrong cells) */
  tv_val w[2] = {grid_of(&f.ctx, "1111 1115"), grid_of(&f.ctx, "2222 2225")};
  tv_val x[2] = {grid_of(&f.ctx, "0000 0001"), grid_of(&f.ctx, "0000 0002")};
  ts_piece pieces[2] = {{w, 7, 1}, {x, 8, 1}};
  ts_composition c;
  CHECK(ts_compose(&f.ctx, &ex, pieces, 2, 0, &c));
  CHECK_INT(c.n_layers, 2);
  CHECK_INT(c.layer[0], 7);
  CHECK_INT(c.layer[1], 8);
  tv_val got[2];
  ts_compose_apply(&f.ctx, &ex, pieces, 2, &c, got);
  CHECK_INT(cells_equal(&ex, got), 16);

  /* without x, w's wrong cells stay visible: no composition is right, and
   * w is at most the bottom */
  CHECK(!ts_compose(&f.ctx, &ex, pieces, 1, 0, &c));
  CHECK(!has_layer(&c, 7, 1));
  stop(&f);
}

TEST(compose_no_cover_gives_best_partial) {
  fixture f;
  start(&f, 0);
  ts_examples ex = {0};
  ex.n_demo = ex.n = 2;
  ex.in[0] = ex.in[1] = grid_of(&f.ctx, "000 000 000");
  ex.out[0] = grid_of(&f.ctx, "123 456 789");
  ex.out[1] = grid_of(&f.ctx, "987 654 321");
  /* p: the first row right; q: the second row right; nobody has row 3 */
  tv_val p[2] = {grid_of(&f.ctx, "123 000 000"), grid_of(&f.ctx, "987 000 000")};
  tv_val q[2] = {grid_of(&f.ctx, "000 456 000"), grid_of(&f.ctx, "000 654 000")};
  tv_val r[2] = {grid_of(&f.ctx, "111 111 111"), grid_of(&f.ctx, "111 111 111")};
  ts_piece pieces[3] = {{r, 1, 1}, {p, 2, 1}, {q, 3, 1}};
  ts_composition c;
  CHECK(!ts_compose(&f.ctx, &ex, pieces, 3, 0, &c));
  CHECK(c.n_layers >= 2);
  CHECK_INT(c.cells_total, 18);
  tv_val got[2];
  ts_compose_apply(&f.ctx, &ex, pieces, 3, &c, got);
  size_t right = cells_equal(&ex, got);
  CHECK_INT(c.cells_right, right);
  /* rows 1 and 2 of both demos, plus the bottom's best on row 3: r (all
   * 1s) gets the 1 of demo 2's last row */
  CHECK_INT(right, 13);

  /* no piece of the right shape at all: nothing */
  tv_val small[2] = {grid_of(&f.ctx, "12"), grid_of(&f.ctx, "12")};
  ts_piece odd = {small, 9, 1};
  CHECK(!ts_compose(&f.ctx, &ex, &odd, 1, 0, &c));
  CHECK_INT(c.n_layers, 0);
  CHECK_INT(c.cells_right, 0);
  stop(&f);
}

/* Pieces transparent in 0 while the background is 5: found with the second
 * transparent colour. */
TEST(compose_tries_zero_after_bg) {
  fixture f;
  start(&f, 0);
  halves h;
  make_halves(&f.ctx, &h);
  ts_composition c;
  CHECK(ts_compose(&f.ctx, &h.ex, h.pieces, 4, 5, &c));
  CHECK_INT(c.transparent, 0);
  tv_val got[3];
  ts_compose_apply(&f.ctx, &h.ex, h.pieces, 4, &c, got);
  CHECK_INT(cells_equal(&h.ex, got), 16);
  stop(&f);
}

/* With bg 0, the second transparent colour tried is the outputs' most
 * common colour: here 1, the colour the two pieces leave alone. */
TEST(compose_tries_the_most_common_output_colour) {
  fixture f;
  start(&f, 0);
  ts_examples ex = {0};
  ex.n_demo = ex.n = 1;
  ex.in[0] = grid_of(&f.ctx, "0000 0000");
  ex.out[0] = grid_of(&f.ctx, "2113 1111");
  tv_val p[1] = {grid_of(&f.ctx, "2111 1111")}; /* wrong on the 3 */
  tv_val q[1] = {grid_of(&f.ctx, "1113 1111")}; /* wrong on the 2 */
  ts_piece pieces[2] = {{p, 1, 1}, {q, 2, 1}};
  ts_composition c;
  CHECK(ts_compose(&f.ctx, &ex, pieces, 2, 0, &c));
  CHECK_INT(c.transparent, 1);
  CHECK_INT(c.n_layers, 2);
  tv_val got[1];
  ts_compose_apply(&f.ctx, &ex, pieces, 2, &c, got);
  CHECK(tv_eq(got[0], ex.out[0]));
  stop(&f);
}

/* A big task for the budget and scale tests: 10 demos of 30x30 (plus one
 * test), `n` pieces of random noise, and three planted pieces that together
 * make the output: a bottom right on rows 0-9 (and wrong below), a middle
 * layer right on rows 10-19, a top right on rows 20-29 (transparent 0
 * elsewhere). */
typedef struct big {
  ts_examples ex;
  tv_val *vals;
  ts_piece *pieces;
  size_t n;
} big;

static void make_big(tv_ctx *ctx, big *b, size_t n) {
  memset(&b->ex, 0, sizeof b->ex);
  b->ex.n_demo = 10;
  b->ex.n = 11;
  size_t m = b->ex.n;
  b->n = n;
  b->vals = calloc(n * m, sizeof(tv_val));
  b->pieces = calloc(n, sizeof(ts_piece));
  unsigned seed = 12345;
  for (size_t k = 0; k < m; k++) {
    b->ex.in[k] = random_grid(ctx, &seed, 30, 30, 10);
    b->ex.out[k] = random_grid(ctx, &seed, 30, 30, 9);
    for (int c = 0; c < 900; c++) tv_grid_cells(b->ex.out[k])[c]++; /* colours 1..9 */
  }
  for (size_t p = 0; p < n; p++) {
    for (size_t k = 0; k < m; k++) b->vals[p * m + k] = random_grid(ctx, &seed, 30, 30, 10);
    b->pieces[p] = (ts_piece){&b->vals[p * m], (uint32_t)(1000 + p), (uint32_t)(p % 7)};
  }
  /* the planted pieces at fixed places among the noise */
  size_t at[3] = {n / 3, n / 2, n - 1};
  for (int layer = 0; layer < 3; layer++)
    for (size_t k = 0; k < m; k++) {
      tv_val g = tv_grid_new(ctx, 30, 30);
      for (int c = 0; c < 900; c++) {
        int row = c / 30;
        uint8_t want = tv_grid_cells(b->ex.out[k])[c];
        uint8_t v;
        if (layer == 0) v = row < 10 ? want : (uint8_t)(want == 9 ? 1 : want + 1); /* wrong below */
        else v = row / 10 == layer ? want : 0;
        tv_grid_cells(g)[c] = v;
      }
      b->vals[at[layer] * m + k] = tv_grid_seal(g);
    }
}

static void free_big(big *b) {
  free(b->vals);
  free(b->pieces);
}

/* CPU seconds of this thread: the machine is shared, wall time is noise. */
static double seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

TEST(compose_scale_3000_pieces) {
  fixture f;
  start(&f, 0);
  big b;
  make_big(&f.ctx, &b, 3000);
  ts_composition c;
  uint64_t before = f.ctx.work;
  double t0 = seconds();
  bool ok = ts_compose(&f.ctx, &b.ex, b.pieces, b.n, 0, &c);
  double t1 = seconds();
  uint64_t work = f.ctx.work - before;
  CHECK(ok);
  CHECK_INT(c.n_layers, 3);
  CHECK_INT(c.layer[0], 1000 + 1000);
  /* the two upper layers gain as much; the cheaper (cost 1500 % 7 = 2 <
   * 2999 % 7 = 3) is chosen first, so it is the top */
  CHECK_INT(c.layer[1], 1000 + 2999);
  CHECK_INT(c.layer[2], 1000 + 1500);
  tv_val got[11];
  ts_compose_apply(&f.ctx, &b.ex, b.pieces, b.n, &c, got);
  CHECK_INT(cells_equal(&b.ex, got), 9000);
  CHECK(tv_eq(got[10], b.ex.out[10]));
  /* The bound of compose.c's cost: building reads 9000 cells per piece
   * (1 unit per 16 for the first transparent colour, 1 per 32 for each of
   * the two others), each greedy step reads at most 150 words (10 demos of 15
   * words) per piece and phase; here 3 steps of the first run succeed.
   * Every piece also has 9 recoloured forms (one per output colour 1..9):
   * their first bad cells cost words / 4 + 1 per form and transparent
   * colour, and the steps read forms, not pieces. */
  uint64_t words = 10 * 15, steps = 3, forms = b.n * 10;
  uint64_t bound = b.n * (9000 / 16 + 2 * (9000 / 32) + 2) + b.n * 9 * 3 * (words / 4 + 1) +
                   forms * words * steps + forms * 12 + 64;
  CHECK(work <= bound);
  /* and the work is not trivially small: every piece's bitsets were built */
  CHECK(work >= b.n * (9000 / 16 + 9000 / 32));
  /* again, with the pieces in cache and the scratch memory mapped */
  double t2 = seconds();
  CHECK(ts_compose(&f.ctx, &b.ex, b.pieces, b.n, 0, &c));
  double t3 = seconds();
  printf("  compose: 3000 pieces x 10 demos of 30x30: %.1f ms CPU (again %.1f ms), %llu work units"
         " (bound %llu)\n",
         1e3 * (t1 - t0), 1e3 * (t3 - t2), (unsigned long long)work, (unsigned long long)bound);

  /* linear in pieces: 1500 pieces cost about half (planted ones kept) */
  big half;
  make_big(&f.ctx, &half, 1500);
  before = f.ctx.work;
  CHECK(ts_compose(&f.ctx, &half.ex, half.pieces, half.n, 0, &c));
  uint64_t work_half = f.ctx.work - before;
  CHECK(2 * work_half <= work + work / 20 && 2 * work_half >= work - work / 20);
  free_big(&half);
  free_big(&b);
  stop(&f);
}

TEST(compose_stops_when_the_budget_is_spent) {
  fixture f;
  start(&f, 0);
  big b;
  make_big(&f.ctx, &b, 600);
  ts_composition c;
  uint64_t before = f.ctx.work;
  CHECK(ts_compose(&f.ctx, &b.ex, b.pieces, b.n, 0, &c));
  uint64_t full = f.ctx.work - before;
  /* budgets short of the full work: never solved, never far past the budget
   * (the largest single charge is one phase of a greedy step: forms x
   * (words + 1), 10 forms per piece here: as is and 9 recolourings) */
  uint64_t fractions[3] = {10, 2, 1};
  for (int k = 0; k < 3; k++) {
    uint64_t budget = full / fractions[k] - (k == 2 ? 1 : 0);
    f.ctx.work = 0;
    f.ctx.budget = budget;
    ts_composition partial;
    CHECK(!ts_compose(&f.ctx, &b.ex, b.pieces, b.n, 0, &partial));
    CHECK(f.ctx.work > budget);
    CHECK(f.ctx.work <= budget + b.n * 10 * 151 + 64);
    CHECK(partial.cells_right < partial.cells_total);
    CHECK_INT(partial.cells_total, 9000);
    if (partial.n_layers) {
      tv_val got[11];
      f.ctx.budget = 0;
      ts_compose_apply(&f.ctx, &b.ex, b.pieces, b.n, &partial, got);
      CHECK_INT(cells_equal(&b.ex, got), partial.cells_right);
    }
  }
  /* the same budget as the full run suffices */
  f.ctx.work = 0;
  f.ctx.budget = full;
  CHECK(ts_compose(&f.ctx, &b.ex, b.pieces, b.n, 0, &c));
  f.ctx.budget = 0;
  free_big(&b);
  stop(&f);
}

/* The arc-dsl text the engine writes for a composition (search_internal.h):
 * layer[0], then `overlay(previous, layer[l], transparent)` for each later
 * layer, run by the lang layer, gives what ts_compose_apply gives. */
TEST(compose_overlay_text_matches_apply) {
  fixture f;
  start(&f, 0);
  /* pieces are functions of the input, so a program can compute them */
  static const char *expr[4] = {"I", "hmirror(I)", "vmirror(I)", "replace(I, ONE, ZERO)"};
  const char *rows[3] = {"102 030 004", "500 067 008", "090 000 123"};
  ts_examples ex = {0};
  ex.n_demo = 2;
  ex.n = 3;
  for (int k = 0; k < 3; k++) ex.in[k] = grid_of(&f.ctx, rows[k]);
  tl_library *lib = tl_library_new();
  CHECK(lib != NULL);
  const char *pieces_src =
      "def p0(I):\n    return I\n"
      "def p1(I):\n    return hmirror(I)\n"
      "def p2(I):\n    return vmirror(I)\n"
      "def p3(I):\n    return replace(I, ONE, ZERO)\n";
  tl_diag diag;
  CHECK_INT(tl_library_add_source(lib, "pieces.py", pieces_src, strlen(pieces_src), &diag), 4);
  tv_val vals[4][3];
  ts_piece pieces[4];
  for (int p = 0; p < 4; p++) {
    for (int k = 0; k < 3; k++) vals[p][k] = tl_run(lib, (size_t)p, &f.ctx, ex.in[k]);
    pieces[p] = (ts_piece){vals[p], (uint32_t)p, 1};
  }
  /* targets: p1 over p0, then p2 over that (transparent 0), built here
   * cell by cell */
  for (int d = 0; d < 2; d++) {
    tv_val g = tv_grid_new(&f.ctx, 3, 3);
    for (int c = 0; c < 9; c++) {
      uint8_t v = tv_grid_cells(vals[0][d])[c];
      if (tv_grid_cells(vals[1][d])[c]) v = tv_grid_cells(vals[1][d])[c];
      if (tv_grid_cells(vals[2][d])[c]) v = tv_grid_cells(vals[2][d])[c];
      tv_grid_cells(g)[c] = v;
    }
    ex.out[d] = tv_grid_seal(g);
  }
  ts_composition c;
  CHECK(ts_compose(&f.ctx, &ex, pieces, 4, 0, &c));
  CHECK(c.n_layers >= 1 && c.n_layers <= 4);
  /* the program text of the composition */
  char src[2048];
  int len = snprintf(src, sizeof src, "from tessera_ext import *\ndef solve(I):\n");
  len += snprintf(src + len, sizeof src - (size_t)len, "    x0 = %s\n", expr[c.layer[0]]);
  for (size_t l = 1; l < c.n_layers; l++)
    len += snprintf(src + len, sizeof src - (size_t)len, "    x%zu = overlay(x%zu, %s, %d)\n", l,
                    l - 1, expr[c.layer[l]], c.transparent);
  len += snprintf(src + len, sizeof src - (size_t)len, "    return x%zu\n", c.n_layers - 1);
  CHECK_INT(tl_library_add_source(lib, "solve.py", src, (size_t)len, &diag), 1);
  long solve = tl_library_find(lib, "solve");
  CHECK(solve >= 0);
  tv_val got[3];
  ts_compose_apply(&f.ctx, &ex, pieces, 4, &c, got);
  for (size_t k = 0; k < 3; k++) {
    tv_val text = tl_run(lib, (size_t)solve, &f.ctx, ex.in[k]);
    CHECK(tv_is_grid(text));
    CHECK(tv_eq(text, got[k]));
  }
  CHECK_INT(cells_equal(&ex, got), 18);
  /* and a fixed three-layer text against apply on every example */
  ts_composition three = {.n_layers = 3, .layer = {3, 1, 2}, .transparent = 0};
  const char *fixed =
      "from tessera_ext import *\n"
      "def solve3(I):\n"
      "    x1 = replace(I, ONE, ZERO)\n"
      "    x2 = overlay(x1, hmirror(I), 0)\n"
      "    O = overlay(x2, vmirror(I), 0)\n"
      "    return O\n";
  CHECK_INT(tl_library_add_source(lib, "solve3.py", fixed, strlen(fixed), &diag), 1);
  long solve3 = tl_library_find(lib, "solve3");
  ts_compose_apply(&f.ctx, &ex, pieces, 4, &three, got);
  for (size_t k = 0; k < 3; k++)
    CHECK(tv_eq(tl_run(lib, (size_t)solve3, &f.ctx, ex.in[k]), got[k]));
  tl_library_free(lib);
  stop(&f);
}

/* A recoloured layer (search_internal.h, recolour[]): the target is a
 * piece's shape in a colour no piece has there; the engine's text (a
 * recolor_fg statement, then overlay) run by the lang layer gives what
 * ts_compose_apply gives, on the test input too. */
TEST(compose_recoloured_layer_text_matches_apply) {
  fixture f;
  start(&f, 0);
  static const char *expr[2] = {"I", "hmirror(I)"};
  const char *rows[3] = {"102 030 004", "500 060 008", "090 000 103"};
  ts_examples ex = {0};
  ex.n_demo = 2;
  ex.n = 3;
  for (int k = 0; k < 3; k++) ex.in[k] = grid_of(&f.ctx, rows[k]);
  tl_library *lib = tl_library_new();
  CHECK(lib != NULL);
  const char *pieces_src = "def p0(I):\n    return I\n"
                           "def p1(I):\n    return hmirror(I)\n";
  tl_diag diag;
  CHECK_INT(tl_library_add_source(lib, "pieces.py", pieces_src, strlen(pieces_src), &diag), 2);
  tv_val vals[2][3];
  ts_piece pieces[2];
  for (int p = 0; p < 2; p++) {
    for (int k = 0; k < 3; k++) vals[p][k] = tl_run(lib, (size_t)p, &f.ctx, ex.in[k]);
    pieces[p] = (ts_piece){vals[p], (uint32_t)p, 1};
  }
  /* target: hmirror(I)'s non-0 cells in colour 7 over I, built here */
  for (int d = 0; d < 2; d++) {
    tv_val g = tv_grid_new(&f.ctx, 3, 3);
    for (int c = 0; c < 9; c++) {
      uint8_t v = tv_grid_cells(vals[0][d])[c];
      if (tv_grid_cells(vals[1][d])[c]) v = 7;
      tv_grid_cells(g)[c] = v;
    }
    ex.out[d] = tv_grid_seal(g);
  }
  ts_composition c;
  CHECK(ts_compose(&f.ctx, &ex, pieces, 2, 0, &c));
  CHECK_INT(c.n_layers, 2);
  CHECK_INT(c.transparent, 0);
  CHECK_INT(c.layer[0], 0);
  CHECK_INT(c.recolour[0], 0);
  CHECK_INT(c.layer[1], 1);
  CHECK_INT(c.recolour[1], 7 + 1);
  /* the text as solve.c writes it */
  char src[2048];
  int len = snprintf(src, sizeof src, "from tessera_ext import *\ndef solve(I):\n");
  for (size_t l = 0; l < c.n_layers; l++) {
    if (c.recolour[l])
      len += snprintf(src + len, sizeof src - (size_t)len, "    y%zu = recolor_fg(%s, %d, %d)\n",
                      l, expr[c.layer[l]], c.recolour[l] - 1, c.transparent);
    else
      len += snprintf(src + len, sizeof src - (size_t)len, "    y%zu = %s\n", l, expr[c.layer[l]]);
  }
  len += snprintf(src + len, sizeof src - (size_t)len, "    x0 = y0\n");
  for (size_t l = 1; l < c.n_layers; l++)
    len += snprintf(src + len, sizeof src - (size_t)len, "    x%zu = overlay(x%zu, y%zu, %d)\n", l,
                    l - 1, l, c.transparent);
  len += snprintf(src + len, sizeof src - (size_t)len, "    return x%zu\n", c.n_layers - 1);
  CHECK_INT(tl_library_add_source(lib, "solve.py", src, (size_t)len, &diag), 1);
  long solve = tl_library_find(lib, "solve");
  CHECK(solve >= 0);
  tv_val got[3];
  ts_compose_apply(&f.ctx, &ex, pieces, 2, &c, got);
  for (size_t k = 0; k < 3; k++) {
    tv_val text = tl_run(lib, (size_t)solve, &f.ctx, ex.in[k]);
    CHECK(tv_is_grid(text));
    CHECK(tv_eq(text, got[k]));
  }
  CHECK_INT(cells_equal(&ex, got), 18);
  /* a bottom layer recoloured, on a fixed composition: recolor_fg(I, 7, 0)
   * under hmirror(I) */
  ts_composition fixed_c = {.n_layers = 2, .layer = {0, 1}, .transparent = 0,
                            .recolour = {7 + 1, 0}};
  const char *fixed = "from tessera_ext import *\n"
                      "def solve2(I):\n"
                      "    x1 = recolor_fg(I, 7, 0)\n"
                      "    O = overlay(x1, hmirror(I), 0)\n"
                      "    return O\n";
  CHECK_INT(tl_library_add_source(lib, "solve2.py", fixed, strlen(fixed), &diag), 1);
  long solve2 = tl_library_find(lib, "solve2");
  ts_compose_apply(&f.ctx, &ex, pieces, 2, &fixed_c, got);
  for (size_t k = 0; k < 3; k++)
    CHECK(tv_eq(tl_run(lib, (size_t)solve2, &f.ctx, ex.in[k]), got[k]));
  /* ts_compose_many: the same first composition, solved */
  ts_composition many[4];
  bool solved = false;
  size_t n = ts_compose_many(&f.ctx, &ex, pieces, 2, 0, many, 4, &solved);
  CHECK(n >= 1);
  CHECK(solved);
  CHECK_INT(many[0].layer[1], c.layer[1]);
  CHECK_INT(many[0].recolour[1], c.recolour[1]);
  for (size_t q = 0; q < n; q++) {
    ts_compose_apply(&f.ctx, &ex, pieces, 2, &many[q], got);
    CHECK_INT(cells_equal(&ex, got), many[q].cells_right);
  }
  tl_library_free(lib);
  stop(&f);
}

/* ts_compose_many with a demo no stack can make: no composition is right
 * everywhere, but one with that demo left out is right on the others (a
 * ranked partial candidate), and every cells_right is exact. */
TEST(compose_many_leaves_one_demo_out) {
  fixture f;
  start(&f, 0);
  ts_examples ex = {0};
  ex.n_demo = 3;
  ex.n = 3;
  const char *in[3] = {"102 030 004", "500 060 008", "090 000 103"};
  for (int k = 0; k < 3; k++) ex.in[k] = grid_of(&f.ctx, in[k]);
  /* pieces: I and hmirror(I), written out */
  const char *mir[3] = {"004 030 102", "008 060 500", "103 000 090"};
  tv_val v0[3], v1[3];
  for (int k = 0; k < 3; k++) {
    v0[k] = ex.in[k];
    v1[k] = grid_of(&f.ctx, mir[k]);
  }
  ts_piece pieces[2] = {{v0, 10, 1}, {v1, 11, 1}};
  for (int d = 0; d < 2; d++) { /* hmirror over I, transparent 0 */
    tv_val g = tv_grid_new(&f.ctx, 3, 3);
    for (int c = 0; c < 9; c++) {
      uint8_t x = tv_grid_cells(v1[d])[c];
      tv_grid_cells(g)[c] = x ? x : tv_grid_cells(v0[d])[c];
    }
    ex.out[d] = tv_grid_seal(g);
  }
  ex.out[2] = grid_of(&f.ctx, "999 999 999"); /* no piece has a 9 */
  ts_composition c, many[4];
  CHECK(!ts_compose(&f.ctx, &ex, pieces, 2, 0, &c));
  bool solved = true;
  size_t n = ts_compose_many(&f.ctx, &ex, pieces, 2, 0, many, 4, &solved);
  CHECK(!solved);
  CHECK(n >= 2);
  CHECK_INT(many[0].cells_right, c.cells_right);
  bool found = false;
  for (size_t q = 0; q < n; q++) {
    tv_val got[3];
    ts_compose_apply(&f.ctx, &ex, pieces, 2, &many[q], got);
    CHECK_INT(cells_equal(&ex, got), many[q].cells_right);
    CHECK(many[q].cells_right < 27);
    if (tv_eq(got[0], ex.out[0]) && tv_eq(got[1], ex.out[1])) found = true;
    for (size_t r = 0; r < q; r++) /* distinct */
      CHECK(many[r].n_layers != many[q].n_layers ||
            memcmp(many[r].layer, many[q].layer, sizeof many[q].layer) ||
            memcmp(many[r].recolour, many[q].recolour, sizeof many[q].recolour) ||
            many[r].transparent != many[q].transparent);
  }
  CHECK(found);
  stop(&f);
}

/* Apply on examples whose piece value is not a grid of the same shape: the
 * overlay primitive's error, as the program would give. */
TEST(compose_apply_passes_errors_on) {
  fixture f;
  start(&f, 0);
  ts_examples ex = {0};
  ex.n_demo = 1;
  ex.n = 2;
  ex.in[0] = ex.in[1] = grid_of(&f.ctx, "00 00");
  ex.out[0] = grid_of(&f.ctx, "12 00");
  tv_val a[2] = {grid_of(&f.ctx, "10 00"), grid_of(&f.ctx, "10 00")};
  tv_val b[2] = {grid_of(&f.ctx, "02 00"), grid_of(&f.ctx, "020 000")};
  ts_piece pieces[2] = {{a, 1, 1}, {b, 2, 1}};
  ts_composition c;
  CHECK(ts_compose(&f.ctx, &ex, pieces, 2, 0, &c));
  tv_val got[2];
  ts_compose_apply(&f.ctx, &ex, pieces, 2, &c, got);
  CHECK(tv_eq(got[0], ex.out[0]));
  CHECK(tv_is_error(got[1]));
  stop(&f);
}

/* The composer's worst case: every piece is a usable layer (right on a
 * random tenth of the cells, transparent elsewhere), one cell in each demo
 * is right in no piece, so no run ends early: every run takes all its
 * steps over all pieces. The work stays within pieces x words x steps x
 * runs. */
TEST(compose_worst_case_work) {
  fixture f;
  start(&f, 0);
  big b;
  make_big(&f.ctx, &b, 3000);
  size_t m = b.ex.n;
  unsigned seed = 99;
  for (size_t p = 0; p < b.n; p++)
    for (size_t k = 0; k < m; k++) {
      tv_val g = tv_grid_new(&f.ctx, 30, 30);
      for (int c = 1; c < 900; c++) /* cell 0 never right */
        tv_grid_cells(g)[c] = rand_r(&seed) % 10 == 0 ? tv_grid_cells(b.ex.out[k])[c] : 0;
      b.vals[p * m + k] = tv_grid_seal(g);
    }
  ts_composition c;
  uint64_t before = f.ctx.work;
  double t0 = seconds();
  CHECK(!ts_compose(&f.ctx, &b.ex, b.pieces, b.n, 0, &c));
  double t1 = seconds();
  uint64_t work = f.ctx.work - before;
  CHECK_INT(c.n_layers, TS_MAX_LAYERS);
  tv_val got[11];
  ts_compose_apply(&f.ctx, &b.ex, b.pieces, b.n, &c, got);
  CHECK_INT(cells_equal(&b.ex, got), c.cells_right);
  CHECK(c.cells_right < 9000);
  /* runs: (global + 5 focus) x 3 transparent colours */
  uint64_t runs = 3 * (1 + 5);
  uint64_t bound = b.n * (9000 / 16 + 2 * (9000 / 32) + 2) + runs * TS_MAX_LAYERS * b.n * 150 + b.n + 64;
  CHECK(work <= bound);
  printf("  compose worst case: 3000 pieces: %.1f ms CPU, %llu work units (bound %llu), %zu of 9000"
         " cells right\n",
         1e3 * (t1 - t0), (unsigned long long)work, (unsigned long long)bound, c.cells_right);
  free_big(&b);
  stop(&f);
}

/* Random small tasks: pieces are the targets seen through random masks
 * (transparent elsewhere), some with noise, plus random grids. Whatever the
 * composer says must hold when the composition is applied: cells_right is
 * the count of right demo cells, true means all of them, and no layer above
 * the bottom paints a visible wrong cell (otherwise the count would drop).
 * Tasks with a plan (a bg bottom and layers that together paint every
 * other cell right) must be solved. */
TEST(compose_random_tasks_keep_their_word) {
  fixture f;
  start(&f, 0);
  unsigned seed = 2024;
  int solved = 0, checked = 0, must = 0, must_solved = 0;
  for (int round = 0; round < 400; round++) {
    ts_examples ex = {0};
    ex.n_demo = 1 + (size_t)(rand_r(&seed) % 4);
    ex.n = ex.n_demo + 1;
    int h = 1 + rand_r(&seed) % 9, w = 1 + rand_r(&seed) % 12;
    int bg = rand_r(&seed) % 3;
    for (size_t k = 0; k < ex.n; k++) {
      ex.in[k] = random_grid(&f.ctx, &seed, h, w, 4);
      ex.out[k] = random_grid(&f.ctx, &seed, h, w, 4);
    }
    size_t n = 1 + (size_t)(rand_r(&seed) % 12);
    tv_val vals[12][5];
    ts_piece pieces[12];
    /* a plan that solves the task with transparent bg: a bg bottom and
     * layers that each paint the target on one class of cells (c % parts)
     * and bg elsewhere; no single piece is right everywhere */
    int parts = 1 + rand_r(&seed) % 3;
    bool plan = n >= (size_t)parts + 1 && rand_r(&seed) % 2;
    for (size_t p = 0; p < n; p++) {
      for (size_t k = 0; k < ex.n; k++) {
        tv_val g = tv_grid_new(&f.ctx, h, w);
        for (int c = 0; c < h * w; c++) {
          uint8_t want = tv_grid_cells(ex.out[k])[c], v;
          if (plan && p == 0) v = (uint8_t)bg;               /* the bottom: bg */
          else if (plan && p <= (size_t)parts) v = c % parts == (int)p - 1 ? want : (uint8_t)bg;
          else v = rand_r(&seed) % 3 ? (rand_r(&seed) % 2 ? want : (uint8_t)bg)
                                     : (uint8_t)(rand_r(&seed) % 4);
          tv_grid_cells(g)[c] = v;
        }
        vals[p][k] = tv_grid_seal(g);
      }
      pieces[p] = (ts_piece){vals[p], (uint32_t)(50 + p), (uint32_t)(rand_r(&seed) % 3)};
    }
    ts_composition c;
    bool ok = ts_compose(&f.ctx, &ex, pieces, n, bg, &c);
    CHECK_INT(c.cells_total, demo_cells(&ex));
    if (plan) {
      must++;
      must_solved += ok;
    }
    if (c.n_layers == 0) {
      CHECK(!ok);
      continue;
    }
    CHECK(c.n_layers <= TS_MAX_LAYERS);
    tv_val got[5];
    ts_compose_apply(&f.ctx, &ex, pieces, n, &c, got);
    size_t right = cells_equal(&ex, got);
    CHECK_INT(c.cells_right, right);
    CHECK(ok == (right == demo_cells(&ex)));
    checked++;
    solved += ok;
  }
  CHECK_INT(must_solved, must);
  CHECK(checked > 300);
  printf("  compose: %d random tasks checked, %d solved (%d planted, all solved)\n", checked,
         solved, must);
  stop(&f);
}
