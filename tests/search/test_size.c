/* test_size.c - ts_predict_sizes on synthetic tasks whose output sizes
 * follow a known rule, and the arc-dsl expression of every guess: compiled
 * with the lang layer and run on every example, it must give the sizes the
 * guess predicts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "search_test.h"
#include "tessera/lang.h"

/* Runs guess g's expression on every example; false (with a message) when
 * it does not compile or a value differs from the guess. */
static bool expr_gives_sizes(tv_ctx *ctx, const ts_examples *ex, const ts_size_guess *g) {
  char expr[TS_SIZE_EXPR_CAP], src[TS_SIZE_EXPR_CAP + 128];
  if (ts_size_expr(g, expr, sizeof expr) == 0) return false;
  snprintf(src, sizeof src, "from tessera_ext import *\ndef size(I):\n    return %s\n", expr);
  tl_library *lib = tl_library_new();
  tl_diag diag;
  bool ok = lib && tl_library_add_source(lib, "size", src, strlen(src), &diag) == 1;
  if (!ok) fprintf(stderr, "  size expression %s: %s\n", expr, diag.message);
  for (size_t k = 0; ok && k < ex->n; k++) {
    tv_val v = tl_run(lib, 0, ctx, ex->in[k]);
    ok = tv_is_pair(v) && tv_pair_a(v) == g->h[k] && tv_pair_b(v) == g->w[k];
    if (!ok) fprintf(stderr, "  size expression %s wrong on example %zu\n", expr, k);
  }
  tl_library_free(lib);
  return ok;
}

static void predict(tv_ctx *ctx, ts_examples *ex, size_t n_demo, size_t n_test,
                    const char *const *t, ts_sizes *sz) {
  ts_analysis an;
  st_examples(ctx, ex, n_demo, n_test, t);
  ts_analyse(ex, &an);
  ts_predict_sizes(ctx, ex, &an, sz);
  if (getenv("TS_SIZE_DEBUG"))
    for (size_t q = 0; q < sz->n; q++)
      fprintf(stderr, "  guess %zu: %zu right, rule %s, expr %s\n", q, sz->guess[q].demos_right,
              sz->guess[q].rule, sz->guess[q].expr);
}

TEST(size_same_as_input) {
  st_fixture f;
  tv_ctx *ctx = st_open(&f);
  const char *t[] = {"12/34", "21/43", "123/456/789", "321/654/987", "1234"};
  ts_examples ex;
  ts_sizes sz;
  predict(ctx, &ex, 2, 1, t, &sz);
  CHECK(sz.n >= 1);
  CHECK_INT(sz.guess[0].demos_right, 2);
  CHECK_INT(sz.guess[0].h[2], 1);
  CHECK_INT(sz.guess[0].w[2], 4);
  CHECK_STR(sz.guess[0].expr, "shape(I)");
  CHECK(expr_gives_sizes(ctx, &ex, &sz.guess[0]));
  st_close(&f);
}

TEST(size_upscale_three) {
  st_fixture f;
  tv_ctx *ctx = st_open(&f);
  /* Outputs 3x the input on both axes: 1x2 -> 3x6, 2x2 -> 6x6; test 2x3. */
  const char *t[] = {"12",     "111222/111222/111222",
                     "10/01",  "111000/111000/111000/000111/000111/000111",
                     "120/201"};
  ts_examples ex;
  ts_sizes sz;
  predict(ctx, &ex, 2, 1, t, &sz);
  CHECK(sz.n >= 1);
  CHECK_INT(sz.guess[0].demos_right, 2);
  CHECK_INT(sz.guess[0].h[2], 6);
  CHECK_INT(sz.guess[0].w[2], 9);
  CHECK_STR(sz.guess[0].expr, "multiply(shape(I), THREE)");
  CHECK(expr_gives_sizes(ctx, &ex, &sz.guess[0]));
  st_close(&f);
}

TEST(size_constant) {
  st_fixture f;
  tv_ctx *ctx = st_open(&f);
  /* Every output 3x3 whatever the input; the test input is 5x2. */
  const char *t[] = {"1200/0000", "111/111/111", "10/01/11/00", "222/222/222",
                     "10/00/00/00/01"};
  ts_examples ex;
  ts_sizes sz;
  predict(ctx, &ex, 2, 1, t, &sz);
  CHECK(sz.n >= 1);
  CHECK_INT(sz.guess[0].demos_right, 2);
  CHECK_INT(sz.guess[0].h[2], 3);
  CHECK_INT(sz.guess[0].w[2], 3);
  CHECK_STR(sz.guess[0].rule, "(3, 3)");
  CHECK(expr_gives_sizes(ctx, &ex, &sz.guess[0]));
  st_close(&f);
}

TEST(size_crop_to_object) {
  st_fixture f;
  tv_ctx *ctx = st_open(&f);
  /* The output is the one object cut out; its size varies per example. */
  const char *t[] = {"00000/01100/01100/00000", "11/11",
                     "000000/002220/002020/000000/000000", "222/202",
                     "0000/0030/0030/0030/0000/0000",      "3/3/3",
                     "00000/00000/04440/00000"};
  ts_examples ex;
  ts_sizes sz;
  predict(ctx, &ex, 3, 1, t, &sz);
  CHECK(sz.n >= 1);
  CHECK_INT(sz.guess[0].demos_right, 3);
  CHECK_INT(sz.guess[0].h[3], 1);
  CHECK_INT(sz.guess[0].w[3], 3);
  CHECK(expr_gives_sizes(ctx, &ex, &sz.guess[0]));
  st_close(&f);
}

/* Guesses are distinct on the examples and sorted by demos right. */
TEST(size_guesses_distinct_and_ranked) {
  st_fixture f;
  tv_ctx *ctx = st_open(&f);
  const char *t[] = {"12/34", "1", "123/456", "12", "1234"};
  ts_examples ex;
  ts_sizes sz;
  predict(ctx, &ex, 2, 1, t, &sz);
  CHECK(sz.n >= 2);
  for (size_t a = 0; a < sz.n; a++) {
    if (a + 1 < sz.n) CHECK(sz.guess[a].demos_right >= sz.guess[a + 1].demos_right);
    for (size_t b = a + 1; b < sz.n; b++) {
      bool same = true;
      for (size_t k = 0; k < ex.n; k++)
        same = same && sz.guess[a].h[k] == sz.guess[b].h[k] && sz.guess[a].w[k] == sz.guess[b].w[k];
      CHECK(!same);
    }
    CHECK(expr_gives_sizes(ctx, &ex, &sz.guess[a]));
  }
  st_close(&f);
}

/* A budget that runs out while the seeds are evaluated: no crash, and what
 * comes back is still a valid guess (sizes 1..30 on every example). */
TEST(size_budget_exhausted) {
  st_fixture f;
  tv_ctx *ctx = st_open(&f);
  const char *t[] = {"12/34", "111/111/111", "123/456", "222/222/222", "1234"};
  ts_examples ex;
  ts_analysis an;
  st_examples(ctx, &ex, 2, 1, t);
  ts_analyse(&ex, &an);
  ctx->budget = ctx->work + 20;
  ts_sizes sz;
  ts_predict_sizes(ctx, &ex, &an, &sz);
  CHECK(sz.n <= TS_MAX_SIZE_GUESSES);
  for (size_t q = 0; q < sz.n; q++)
    for (size_t k = 0; k < ex.n; k++) {
      CHECK(sz.guess[q].h[k] >= 1 && sz.guess[q].h[k] <= 30);
      CHECK(sz.guess[q].w[k] >= 1 && sz.guess[q].w[k] <= 30);
    }
  /* The constant 3x3 needs no seed, so it is still found. */
  CHECK(sz.n >= 1);
  CHECK_STR(sz.n ? sz.guess[0].rule : "", "(3, 3)");
  st_close(&f);
}

/* Height and width from different rules: the output is as tall as the input
 * and always 1 wide. The expression mixes the two. */
TEST(size_mixed_axes) {
  st_fixture f;
  tv_ctx *ctx = st_open(&f);
  const char *t[] = {"12/34", "1/3", "123/456/789", "1/4/7", "1234/5678/1234/5678/1234"};
  ts_examples ex;
  ts_sizes sz;
  predict(ctx, &ex, 2, 1, t, &sz);
  CHECK(sz.n >= 1);
  CHECK_INT(sz.guess[0].h[2], 5);
  CHECK_INT(sz.guess[0].w[2], 1);
  CHECK_STR(sz.guess[0].expr, "astuple(height(I), ONE)");
  CHECK(expr_gives_sizes(ctx, &ex, &sz.guess[0]));
  st_close(&f);
}

/* Nothing to predict from: no demos. */
TEST(size_no_demos) {
  st_fixture f;
  tv_ctx *ctx = st_open(&f);
  const char *t[] = {"12"};
  ts_examples ex;
  ts_sizes sz;
  predict(ctx, &ex, 0, 1, t, &sz);
  CHECK_INT(sz.n, 0);
  st_close(&f);
}
