/* test_objects.c - object-map templates (objects.c): a synthetic "recolour
 * the largest object" task is solved, the run is deterministic and keeps to
 * its work budget, and ts_solve reports the candidate as "object map". */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "search/extras.h"
#include "search_test.h"
#include "tessera/lang.h"
#include "tessera/search.h"

/* the largest object (4-connected, one colour) becomes red (2) */
static const char *const largest_task[] = {
    "110000/110001/000000/001110/001110/000000", "110000/110001/000000/002220/002220/000000",
    "100011/000011/011100/000000/010000/000000", "100022/000022/011100/000000/010000/000000",
    "000000/011000/000000/000111/000111/000111", "000000/011000/000000/000222/000222/000222",
    "111100/000000/010010/010010/000000/110000"};
static const char *const largest_test_out = "222200/000000/010010/010010/000000/110000";

typedef struct got {
  size_t n;
  char *text[8];
  tv_val test_val[8];
  uint64_t cost[8];
  size_t n_demo;
} got;

static void sink(void *user, char *text, const tv_val *vals, uint64_t cost) {
  got *g = user;
  if (g->n == 8) {
    free(text);
    return;
  }
  g->text[g->n] = text;
  g->test_val[g->n] = vals[g->n_demo];
  g->cost[g->n++] = cost;
}

static void got_free(got *g) {
  for (size_t i = 0; i < g->n; i++) free(g->text[i]);
  memset(g, 0, sizeof *g);
}

TEST(objects_recolour_largest) {
  st_fixture f;
  tv_ctx *ctx = st_open(&f);
  ts_examples ex;
  st_examples(ctx, &ex, 3, 1, largest_task);
  ts_analysis an;
  ts_analyse(&ex, &an);
  got g = {.n_demo = 3};
  ts_extra_stats st;
  ts_object_maps(ctx, &ex, &an, NULL, NULL, 20000000ull, sink, &g, &st);
  CHECK(st.generated > 100);
  CHECK_INT(st.compiled, st.generated); /* the templates are all well typed */
  CHECK(g.n >= 1);
  CHECK_INT(st.solved, g.n);
  tv_val want = st_grid(ctx, largest_test_out);
  CHECK(g.n && tv_eq(g.test_val[0], want));
  /* the text reproduces the value on the test input */
  if (g.n) {
    tl_library *lib = tl_library_new();
    CHECK_INT(tl_library_add_source(lib, "t", g.text[0], strlen(g.text[0]), NULL), 1);
    CHECK(tv_eq(tl_run(lib, 0, ctx, ex.in[3]), want));
    CHECK(strstr(g.text[0], "objects") != NULL);
    tl_library_free(lib);
  }
  got_free(&g);
  st_close(&f);
}

TEST(objects_deterministic_and_budgeted) {
  st_fixture f;
  tv_ctx *ctx = st_open(&f);
  ts_examples ex;
  st_examples(ctx, &ex, 3, 1, largest_task);
  ts_analysis an;
  ts_analyse(&ex, &an);
  got a = {.n_demo = 3}, b = {.n_demo = 3};
  ts_extra_stats sa, sb;
  uint64_t w0 = ctx->work;
  ts_object_maps(ctx, &ex, &an, NULL, NULL, 20000000ull, sink, &a, &sa);
  uint64_t w1 = ctx->work;
  ts_object_maps(ctx, &ex, &an, NULL, NULL, 20000000ull, sink, &b, &sb);
  uint64_t w2 = ctx->work;
  CHECK_INT(a.n, b.n);
  CHECK(w1 - w0 == w2 - w1);
  CHECK(sa.work == w1 - w0);
  for (size_t i = 0; i < a.n && i < b.n; i++) {
    CHECK(strcmp(a.text[i], b.text[i]) == 0);
    CHECK(a.cost[i] == b.cost[i]);
  }
  got_free(&a);
  got_free(&b);
  /* a small budget: stops, says so, and charges about that much */
  for (uint64_t budget = 100; budget <= 100000; budget *= 10) {
    got c = {.n_demo = 3};
    ts_extra_stats sc;
    uint64_t before = ctx->work;
    ts_object_maps(ctx, &ex, &an, NULL, NULL, budget, sink, &c, &sc);
    CHECK(sc.hit_budget);
    /* the cap stops the demo runs; one primitive may finish past it */
    CHECK(ctx->work - before <= budget + 2000);
    got_free(&c);
  }
  st_close(&f);
}

TEST(objects_in_solve_pipeline) {
  st_fixture f;
  tv_ctx *ctx = st_open(&f);
  tv_val din[3], dout[3], tin[1];
  for (size_t k = 0; k < 3; k++) {
    din[k] = st_grid(ctx, largest_task[2 * k]);
    dout[k] = st_grid(ctx, largest_task[2 * k + 1]);
  }
  tin[0] = st_grid(ctx, largest_task[6]);
  tv_val want = st_grid(ctx, largest_test_out);
  ts_problem pb = {3, din, dout, 1, tin};
  ts_options o = {0};
  o.budget = 4000000;
  ts_result r;
  ts_error err;
  CHECK_INT(ts_solve(&pb, &o, &r, &err), 0);
  CHECK_INT(r.status, TS_SOLVED);
  CHECK(tv_eq(r.attempts[0][0], want) || tv_eq(r.attempts[0][1], want));
  bool from_objects = false;
  for (size_t i = 0; i < r.n_programs; i++)
    if (!strcmp(r.programs[i].origin, "object map")) from_objects = true;
  CHECK(from_objects);
  ts_result_free(&r);
  /* switched off: the part gives nothing */
  o.disable = TS_PART_OBJECTS;
  CHECK_INT(ts_solve(&pb, &o, &r, &err), 0);
  for (size_t i = 0; i < r.n_programs; i++) CHECK(strcmp(r.programs[i].origin, "object map") != 0);
  ts_result_free(&r);
  st_close(&f);
}
