/*
 * test_eval.c - the interpreter: results worked out by hand from the arc-dsl
 * definitions, error propagation with the failing line, work budgets,
 * multi-root evaluation with shared nodes, and constant folding.
 */
#include <stdlib.h>

#include "lang_test.h"

typedef struct fixture {
  ta_arena arena;
  tv_ctx ctx;
} fixture;

static void fixture_init(fixture *f, uint64_t budget) {
  ta_arena_init(&f->arena, 1 << 16);
  tv_ctx_init(&f->ctx, &f->arena, budget);
}

/* A grid from rows given as a string like "12/34" (digits are colours). */
static tv_val grid(tv_ctx *ctx, const char *rows) {
  int h = 1, w = (int)strcspn(rows, "/");
  for (const char *s = rows; *s; s++) h += *s == '/';
  tv_val g = tv_grid_new(ctx, h, w);
  uint8_t *cells = tv_grid_cells(g);
  for (const char *s = rows; *s; s++)
    if (*s != '/') *cells++ = (uint8_t)(*s - '0');
  return tv_grid_seal(g);
}

static const char *repr(fixture *f, tv_val v) { return tv_repr(&f->ctx, v); }

TEST(eval_good_fixture) {
  tl_library *lib = tl_library_new();
  tl_diag diag;
  CHECK_INT(tl_library_add_file(lib, test_path("tests/lang/data/good.py"), &diag), 2);
  fixture f;
  fixture_init(&f, 0);
  tv_val input = grid(&f.ctx, "12/34");
  /* vmirror: each row reversed. */
  CHECK_STR(repr(&f, tl_run(lib, 0, &f.ctx, input)), "((2, 1), (4, 3))");
  /* x6 = hconcat(vmirror(I), I) = ((2,1,1,2),(4,3,3,4)) is not portrait, so
   * x9 = lefthalf(x6) = ((2,1),(4,3)) and O = hconcat(x9, x9). */
  CHECK_STR(repr(&f, tl_run(lib, 1, &f.ctx, input)), "((2, 1, 2, 1), (4, 3, 4, 3))");
  tl_library_free(lib);
  ta_arena_free(&f.arena);
}

TEST(eval_literals_and_tuples) {
  tl_library *lib = load_library(
      "def f(I):\n    return canvas(3, (2, 1))\n"
      "def g(I):\n    x1 = size(I)\n    return (x1, I)\n"
      "def h(I):\n    return add(-5, True)\n"
      "def k(I):\n    x1 = astuple(2, 3)\n    return (x1,)\n"
      "def m(I):\n    return ((1, 2), (3, 4))\n");
  CHECK(lib != NULL);
  if (!lib) return;
  fixture f;
  fixture_init(&f, 0);
  tv_val input = grid(&f.ctx, "12/34");
  CHECK_STR(repr(&f, tl_run(lib, 0, &f.ctx, input)), "((3,), (3,))");
  CHECK_STR(repr(&f, tl_run(lib, 1, &f.ctx, input)), "(2, ((1, 2), (3, 4)))");
  CHECK_STR(repr(&f, tl_run(lib, 2, &f.ctx, input)), "-4");
  CHECK_STR(repr(&f, tl_run(lib, 3, &f.ctx, input)), "((2, 3),)");
  tv_val m = tl_run(lib, 4, &f.ctx, input);
  CHECK(tv_is_grid(m));
  CHECK(tv_eq(m, input));
  tl_library_free(lib);
  ta_arena_free(&f.arena);
}

TEST(eval_dynamic_calls) {
  tl_library *lib = load_library(
      "def f(I):\n    x1 = portrait(I)\n    x2 = branch(x1, tophalf, lefthalf)\n"
      "    O = x2(I)\n    return O\n"
      "def g(I):\n    x1 = compose(vmirror, hmirror)\n    return x1(I)\n"
      "def h(I):\n    x1 = rbind(add, 10)\n    x2 = x1(5)\n    return x2\n");
  CHECK(lib != NULL);
  if (!lib) return;
  fixture f;
  fixture_init(&f, 0);
  /* 3x2 is portrait: tophalf keeps the first row (3 // 2 = 1). */
  CHECK_STR(repr(&f, tl_run(lib, 0, &f.ctx, grid(&f.ctx, "12/34/56"))), "((1, 2),)");
  /* 2x4 is not: lefthalf keeps two columns. */
  CHECK_STR(repr(&f, tl_run(lib, 0, &f.ctx, grid(&f.ctx, "1234/5678"))), "((1, 2), (5, 6))");
  CHECK_STR(repr(&f, tl_run(lib, 1, &f.ctx, grid(&f.ctx, "12/34"))), "((4, 3), (2, 1))");
  CHECK_STR(repr(&f, tl_run(lib, 2, &f.ctx, grid(&f.ctx, "1"))), "15");
  tl_library_free(lib);
  ta_arena_free(&f.arena);
}

static const char failing_src[] =
    "from dsl import *\n"
    "\n"
    "def solve_fail(I):\n"
    "    x1 = ofcolor(I, NINE)\n"
    "    x2 = argmax(x1, size)\n"
    "    O = fill(I, ONE, x2)\n"
    "    return O\n"
    "\n"
    "def solve_other(I):\n"
    "    x1 = vmirror(I)\n"
    "    x2 = ofcolor(I, NINE)\n"
    "    x3 = argmax(x2, size)\n"
    "    return x3\n"
    "\n"
    "def solve_dead(I):\n"
    "    x1 = ofcolor(I, NINE)\n"
    "    x2 = argmax(x1, size)\n"
    "    return I\n";

TEST(eval_error_names_file_program_and_line) {
  tl_library *lib = tl_library_new();
  tl_diag diag;
  CHECK_INT(tl_library_add_source(lib, "err.py", failing_src, strlen(failing_src), &diag), 3);
  fixture f;
  fixture_init(&f, 0);
  tv_val input = grid(&f.ctx, "12/34");
  /* argmax of an empty set raises (max() of an empty sequence) on line 5. */
  tv_val r = tl_run(lib, 0, &f.ctx, input);
  CHECK(tv_is_error(r));
  CHECK_PREFIX(tv_error_message(r), "err.py:5: solve_fail: argmax: ");
  CHECK_INT(tv_error_line(r), 5);
  /* The same shared node fails on line 12 of the other program. */
  tv_val s = tl_run(lib, 1, &f.ctx, input);
  CHECK_PREFIX(tv_error_message(s), "err.py:12: solve_other: argmax: ");
  /* A failing statement that the result does not need is never run. */
  CHECK(tv_eq(tl_run(lib, 2, &f.ctx, input), input));
  CHECK(tv_is_error(tl_run(lib, 3, &f.ctx, input)));
  tl_library_free(lib);
  ta_arena_free(&f.arena);
}

TEST(eval_budget_exhaustion) {
  /* Each statement doubles the grid: 2x2 -> 2^16 x 2^16 cells if unbounded
   * (the size cap would stop it too, but the budget must come first). */
  char src[2048] = "def boom(I):\n    x0 = I\n";
  for (int k = 1; k <= 16; k++) {
    char line[96];
    snprintf(line, sizeof line, "    y%d = hconcat(x%d, x%d)\n    x%d = vconcat(y%d, y%d)\n", k,
             k - 1, k - 1, k, k, k);
    strcat(src, line);
  }
  strcat(src, "    return x16\n");
  tl_library *lib = load_library(src);
  CHECK(lib != NULL);
  if (!lib) return;
  fixture f;
  fixture_init(&f, 100000);
  tv_val r = tl_run(lib, 0, &f.ctx, grid(&f.ctx, "12/34"));
  CHECK(tv_is_error(r));
  CHECK(r == tv_budget_error(&f.ctx));
  CHECK(tv_ctx_exhausted(&f.ctx));
  /* A work that stays under budget is deterministic: same result twice. */
  fixture g;
  fixture_init(&g, 0);
  tl_library *small = load_library("def f(I):\n    return hconcat(I, I)\n");
  CHECK(small != NULL);
  if (small) {
    tl_run(small, 0, &g.ctx, grid(&g.ctx, "12/34"));
    uint64_t work = g.ctx.work;
    CHECK(work >= 1);
    g.ctx.work = 0;
    tl_run(small, 0, &g.ctx, grid(&g.ctx, "12/34"));
    CHECK_INT(g.ctx.work, work);
  }
  tl_library_free(small);
  tl_library_free(lib);
  ta_arena_free(&f.arena);
  ta_arena_free(&g.arena);
}

TEST(eval_roots_shares_work) {
  tl_library *lib = tl_library_new();
  tl_diag diag;
  CHECK_INT(tl_library_add_file(lib, test_path("tests/lang/data/shared_a.py"), &diag), 1);
  CHECK_INT(tl_library_add_file(lib, test_path("tests/lang/data/shared_b.py"), &diag), 2);
  fixture f;
  fixture_init(&f, 0);
  tv_val input = grid(&f.ctx, "12/34");
  size_t programs[4] = {0, 1, 2, 7};
  tv_val out[4];
  tl_eval_stats stats;
  CHECK_INT(tl_eval_roots(lib, &f.ctx, input, programs, 4, out, &stats), 0);
  /* INPUT, vmirror, hconcat, vconcat: each once. */
  CHECK_INT(stats.nodes_needed, 4);
  CHECK_INT(stats.nodes_evaluated, 3);
  CHECK_INT(stats.nodes_folded, 0);
  CHECK_INT(stats.errors, 1); /* program 7 does not exist */
  CHECK_STR(repr(&f, out[0]), "((2, 1, 1, 2), (4, 3, 3, 4))");
  CHECK_STR(repr(&f, out[1]), "((2, 1), (4, 3), (2, 1), (4, 3))");
  CHECK(tv_eq(out[2], out[0]));
  CHECK(tv_is_error(out[3]));
  for (size_t k = 0; k < 3; k++) CHECK(tv_eq(out[k], tl_run(lib, programs[k], &f.ctx, input)));
  tl_library_free(lib);
  ta_arena_free(&f.arena);
}

TEST(eval_constant_folding) {
  tl_library *lib = load_library(
      "def g(I):\n    x1 = compose(vmirror, hmirror)\n    x2 = x1(I)\n    return x2\n"
      "def k(I):\n    x1 = astuple(2, 3)\n    return canvas(ZERO, x1)\n"
      "def bad(I):\n    x1 = divide(1, 0)\n    return x1\n");
  CHECK(lib != NULL);
  if (!lib) return;
  /* compose(..), astuple(2, 3) and canvas(ZERO, (2, 3)) fold; divide fails
   * and is left for run time. */
  CHECK_INT(tl_library_fold_constants(lib, 10000), 3);
  fixture f;
  fixture_init(&f, 0);
  tv_val input = grid(&f.ctx, "12/34");
  size_t programs[3] = {0, 1, 2};
  tv_val out[3];
  tl_eval_stats stats;
  CHECK_INT(tl_eval_roots(lib, &f.ctx, input, programs, 3, out, &stats), 0);
  CHECK_STR(repr(&f, out[0]), "((4, 3), (2, 1))");
  CHECK_STR(repr(&f, out[1]), "((0, 0, 0), (0, 0, 0))");
  CHECK_PREFIX(tv_error_message(out[2]), "t.py:9: bad: divide: ");
  CHECK_INT(stats.nodes_folded, 3);
  CHECK_INT(stats.nodes_evaluated, 2); /* x1(I) and divide(1, 0) */
  tl_library_free(lib);
  ta_arena_free(&f.arena);
}

TEST(eval_bad_index) {
  tl_library *lib = load_library("def f(I):\n    return I\n");
  CHECK(lib != NULL);
  if (!lib) return;
  fixture f;
  fixture_init(&f, 0);
  CHECK(tv_is_error(tl_run(lib, 5, &f.ctx, TV_EMPTY_TUPLE)));
  tl_library_free(lib);
  ta_arena_free(&f.arena);
}

TEST(eval_each_gives_every_program_its_budget) {
  char src[2048] = "def boom(I):\n    x0 = I\n";
  for (int k = 1; k <= 12; k++) {
    char line[96];
    snprintf(line, sizeof line, "    y%d = hconcat(x%d, x%d)\n    x%d = vconcat(y%d, y%d)\n", k,
             k - 1, k - 1, k, k, k);
    strcat(src, line);
  }
  strcat(src, "    return x12\n"
              "def small(I):\n    return rot90(I)\n"
              "def shares(I):\n    x1 = hconcat(I, I)\n    return vmirror(x1)\n");
  tl_library *lib = load_library(src);
  CHECK(lib != NULL);
  if (!lib) return;
  fixture f;
  fixture_init(&f, 100000);
  tv_val input = grid(&f.ctx, "12/34");
  size_t programs[3] = {0, 1, 2};
  tv_val out[3];
  /* One budget for the whole call: boom's nodes come first and use it up. */
  CHECK_INT(tl_eval_roots(lib, &f.ctx, input, programs, 3, out, NULL), 0);
  CHECK(out[0] == tv_budget_error(&f.ctx));
  CHECK(out[1] == tv_budget_error(&f.ctx));
  /* A budget per program: only boom runs out. */
  fixture g;
  fixture_init(&g, 0);
  tl_eval_stats stats;
  CHECK_INT(tl_eval_each(lib, &g.ctx, input, programs, 3, 100000, out, &stats), 0);
  CHECK(tv_is_error(out[0]));
  CHECK_STR(repr(&g, out[1]), "((3, 1), (4, 2))");
  /* hconcat(I, I) = ((1,2,1,2),(3,4,3,4)) mirrored. */
  CHECK_STR(repr(&g, out[2]), "((2, 1, 2, 1), (4, 3, 4, 3))");
  CHECK_INT(stats.errors, 1);
  CHECK_INT(g.ctx.budget, 0); /* restored */
  tl_library_free(lib);
  ta_arena_free(&f.arena);
  ta_arena_free(&g.arena);
}
