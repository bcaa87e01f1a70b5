/* test_library.c - library use (library.c): a neighbour of a library
 * program solves a task whose colours differ from the program's, a skipped
 * program gives none, runs are deterministic and budgeted, sub-expression
 * seeds reach the enumerator with their values. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "search/extras.h"
#include "search_test.h"
#include "tessera/lang.h"
#include "tessera/search.h"

static const char *const lib_src =
    "def solve_rot(I):\n    O = rot90(I)\n    return O\n"
    "def solve_seven(I):\n    O = replace(I, SEVEN, FIVE)\n    return O\n";

/* 6 becomes 2: replace(I, SIX, TWO), a neighbour of solve_seven */
static const char *const six_task[] = {"66/01", "22/01", "160/606", "120/202", "06/60"};

typedef struct got {
  size_t n;
  char *text[8];
  tv_val test_val[8];
  size_t n_demo;
} got;

static void sink(void *user, char *text, const tv_val *vals, uint64_t cost) {
  (void)cost;
  got *g = user;
  if (g->n == 8) {
    free(text);
    return;
  }
  g->text[g->n] = text;
  g->test_val[g->n++] = vals[g->n_demo];
}

static void got_free(got *g) {
  for (size_t i = 0; i < g->n; i++) free(g->text[i]);
  memset(g, 0, sizeof *g);
}

static tl_library *load(void) {
  tl_library *lib = tl_library_new();
  tl_diag d;
  if (tl_library_add_source(lib, "lib", lib_src, strlen(lib_src), &d) != 2) {
    tl_library_free(lib);
    return NULL;
  }
  return lib;
}

TEST(library_neighbour_swaps_colours) {
  st_fixture f;
  tv_ctx *ctx = st_open(&f);
  ts_examples ex;
  st_examples(ctx, &ex, 2, 1, six_task);
  ts_analysis an;
  ts_analyse(&ex, &an);
  tl_library *lib = load();
  CHECK(lib != NULL);
  if (!lib) return;
  got g = {.n_demo = 2};
  ts_extra_stats st;
  ts_library_neighbours(ctx, &ex, &an, lib, NULL, 4000000ull, sink, &g, &st);
  CHECK(g.n >= 1);
  tv_val want = st_grid(ctx, "02/20");
  CHECK(g.n && tv_eq(g.test_val[0], want));
  CHECK(g.n && strstr(g.text[0], "replace(I, SIX, TWO)") != NULL);
  CHECK(g.n && strstr(g.text[0], "def solve(I):") != NULL); /* not solve_seven */
  got_free(&g);

  /* the program left out (leave-one-out): no neighbour of it */
  ts_library_neighbours(ctx, &ex, &an, lib, "solve_seven", 4000000ull, sink, &g, &st);
  CHECK_INT(g.n, 0);
  got_free(&g);
  tl_library_free(lib);
  st_close(&f);
}

TEST(library_neighbour_deterministic_and_budgeted) {
  st_fixture f;
  tv_ctx *ctx = st_open(&f);
  ts_examples ex;
  st_examples(ctx, &ex, 2, 1, six_task);
  ts_analysis an;
  ts_analyse(&ex, &an);
  tl_library *lib = load();
  CHECK(lib != NULL);
  if (!lib) return;
  got a = {.n_demo = 2}, b = {.n_demo = 2};
  ts_extra_stats sa, sb;
  ts_library_neighbours(ctx, &ex, &an, lib, NULL, 4000000ull, sink, &a, &sa);
  ts_library_neighbours(ctx, &ex, &an, lib, NULL, 4000000ull, sink, &b, &sb);
  CHECK_INT(a.n, b.n);
  CHECK(sa.work == sb.work);
  CHECK_INT(sa.generated, sb.generated);
  for (size_t i = 0; i < a.n && i < b.n; i++) CHECK(strcmp(a.text[i], b.text[i]) == 0);
  got_free(&a);
  got_free(&b);
  for (uint64_t budget = 10; budget <= 1000; budget *= 10) {
    got c = {.n_demo = 2};
    ts_extra_stats sc;
    uint64_t before = ctx->work;
    ts_library_neighbours(ctx, &ex, &an, lib, NULL, budget, sink, &c, &sc);
    CHECK(ctx->work - before <= budget + 200);
    if (budget == 10) CHECK_INT(c.n, 0);
    got_free(&c);
  }
  tl_library_free(lib);
  st_close(&f);
}

TEST(library_neighbour_through_solve) {
  st_fixture f;
  tv_ctx *ctx = st_open(&f);
  tl_library *lib = load();
  CHECK(lib != NULL);
  if (!lib) return;
  tv_val din[2], dout[2], tin[1];
  for (size_t k = 0; k < 2; k++) {
    din[k] = st_grid(ctx, six_task[2 * k]);
    dout[k] = st_grid(ctx, six_task[2 * k + 1]);
  }
  tin[0] = st_grid(ctx, six_task[4]);
  ts_problem pb = {2, din, dout, 1, tin};
  ts_options o = {0};
  o.budget = 2000000;
  o.library = lib;
  o.disable = TS_PART_OBJECTS;
  ts_result r;
  ts_error err;
  CHECK_INT(ts_solve(&pb, &o, &r, &err), 0);
  CHECK_INT(r.status, TS_SOLVED);
  bool neighbour = false;
  for (size_t i = 0; i < r.n_programs; i++)
    if (!strcmp(r.programs[i].origin, "library neighbour")) neighbour = true;
  CHECK(neighbour);
  ts_result_free(&r);
  o.disable |= TS_PART_NEIGHBOURS;
  CHECK_INT(ts_solve(&pb, &o, &r, &err), 0);
  for (size_t i = 0; i < r.n_programs; i++)
    CHECK(strcmp(r.programs[i].origin, "library neighbour") != 0);
  ts_result_free(&r);
  tl_library_free(lib);
  st_close(&f);
}

TEST(library_seeds_reach_enumerator) {
  st_fixture f;
  tv_ctx *ctx = st_open(&f);
  static const char *const src =
      "def solve_cat(I):\n    x1 = vmirror(I)\n    O = hconcat(I, x1)\n    return O\n";
  tl_library *lib = tl_library_new();
  CHECK_INT(tl_library_add_source(lib, "lib", src, strlen(src), NULL), 1);
  static const char *const task[] = {"12/34", "1221/3443", "56/78", "5665/7887", "90/12"};
  ts_examples ex;
  st_examples(ctx, &ex, 2, 1, task);
  ts_enum e;
  CHECK(ts_enum_init(&e, ctx, &ex, true));
  ts_enum_add_input(&e);
  size_t n0 = e.n;
  CHECK_INT(ts_library_seeds(&e, lib, NULL, 1000000, 16), 2);
  CHECK_INT(e.n, n0 + 2);
  /* the one with the demo outputs' shape comes first */
  CHECK(e.n == n0 + 2 && e.nodes[n0].expr &&
        !strcmp(e.nodes[n0].expr, "hconcat(I, vmirror(I))"));
  CHECK(e.n == n0 + 2 && e.nodes[n0 + 1].expr && !strcmp(e.nodes[n0 + 1].expr, "vmirror(I)"));
  /* its values are the program's: the seed solves the task */
  CHECK(e.n_solutions >= 1);
  if (e.n == n0 + 2) CHECK(tv_eq(e.nodes[n0].vals[2], st_grid(ctx, "9009/1221")));
  /* at most max_seeds */
  ts_enum_free(&e);
  /* left out by name: no seed */
  CHECK(ts_enum_init(&e, ctx, &ex, true));
  ts_enum_add_input(&e);
  CHECK_INT(ts_library_seeds(&e, lib, "solve_cat", 1000000, 16), 0);
  CHECK_INT(ts_library_seeds(&e, lib, NULL, 1000000, 1), 1);
  ts_enum_free(&e);
  tl_library_free(lib);
  st_close(&f);
}

TEST(library_lambdas_with_task_colours) {
  static const char *const src = "def solve_l(I):\n    x1 = objects(I, T, F, T)\n"
                                 "    x2 = rbind(colorcount, SEVEN)\n    x3 = argmax(x1, x2)\n"
                                 "    O = subgrid(x3, I)\n    return O\n";
  tl_library *lib = tl_library_new();
  CHECK_INT(tl_library_add_source(lib, "lib", src, strlen(src), NULL), 1);
  char out[8][TS_LAMBDA_CAP];
  int colours[3] = {2, 3, 4};
  size_t n = ts_library_lambdas(lib, NULL, colours, 3, out, 8);
  CHECK_INT(n, 3);
  if (n == 3) {
    CHECK(!strcmp(out[0], "rbind(colorcount, SEVEN)"));
    CHECK(!strcmp(out[1], "rbind(colorcount, TWO)"));
    CHECK(!strcmp(out[2], "rbind(colorcount, THREE)"));
  }
  CHECK_INT(ts_library_lambdas(lib, "solve_l", colours, 3, out, 8), 0);
  CHECK_INT(ts_library_lambdas(lib, NULL, colours, 3, out, 1), 1);
  tl_library_free(lib);
}
