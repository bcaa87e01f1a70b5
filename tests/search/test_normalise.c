/* test_normalise.c - ts_normalise / ts_denormalise: the round trip gives
 * back every example, colours with fixed roles keep their numbers, colours
 * with the same role in different examples get the same number, and a task
 * with nothing to rename reports false. */
#include "harness.h"
#include "search_test.h"

TEST(normalise_round_trip_and_roles) {
  st_fixture f;
  tv_ctx *ctx = st_open(&f);
  /* The object's colour changes per example (3, then 7, test 4); each
   * output keeps the object and adds a cell of 2, a colour no input has.
   * Kept: 0 (background, in every input) and 2 (appears, in every output).
   * The one other colour of each input becomes the first free colour, 1. */
  const char *t[] = {"000/030/000", "020/030/000", "000/007/000", "002/007/000", "400/000/000"};
  ts_examples ex, nx;
  st_examples(ctx, &ex, 2, 1, t);
  ts_analysis an;
  ts_analyse(&ex, &an);
  ts_normalisation norm;
  CHECK(ts_normalise(ctx, &ex, &an, 0, &norm, &nx));
  CHECK_INT(norm.keep, 0x5);
  CHECK_INT(tv_grid_at(nx.in[0], 1, 1), 1);
  CHECK_INT(tv_grid_at(nx.in[1], 1, 2), 1);
  CHECK_INT(tv_grid_at(nx.in[2], 0, 0), 1);
  CHECK_INT(tv_grid_at(nx.out[0], 0, 1), 2);
  CHECK_INT(tv_grid_at(nx.out[1], 1, 2), 1);
  /* Normalised, the object is colour 1 in every example. */
  CHECK(tv_eq(nx.out[0], st_grid(ctx, "020/010/000")));
  CHECK(tv_eq(nx.out[1], st_grid(ctx, "002/001/000")));
  CHECK(tv_eq(nx.in[2], st_grid(ctx, "100/000/000")));
  for (size_t k = 0; k < ex.n; k++) {
    CHECK(tv_eq(ts_denormalise(ctx, &norm, k, nx.in[k]), ex.in[k]));
    if (k < ex.n_demo) CHECK(tv_eq(ts_denormalise(ctx, &norm, k, nx.out[k]), ex.out[k]));
  }
  /* Non-grids pass through unchanged. */
  CHECK(ts_denormalise(ctx, &norm, 0, tv_int(7)) == tv_int(7));
  st_close(&f);
}

TEST(normalise_nothing_to_do) {
  st_fixture f;
  tv_ctx *ctx = st_open(&f);
  /* Same colours in every input: all kept, nothing changes. */
  const char *t[] = {"01/10", "10/01", "11/10", "00/01", "10/00"};
  ts_examples ex, nx;
  st_examples(ctx, &ex, 2, 1, t);
  ts_analysis an;
  ts_analyse(&ex, &an);
  ts_normalisation norm;
  CHECK(!ts_normalise(ctx, &ex, &an, 0, &norm, &nx));
  st_close(&f);
}

/* Round trip on a task with several free colours and each order. */
TEST(normalise_round_trip_orders) {
  static const char *const t[] = {"0123/4567/8900", "9876/5432/1000", "0555/0666/0771",
                                  "1111/2222/3333", "0980/0980/0000"};
  for (int order = 0; order < 3; order++) {
    st_fixture f;
    tv_ctx *ctx = st_open(&f);
    ts_examples ex, nx;
    st_examples(ctx, &ex, 2, 1, t);
    ts_analysis an;
    ts_analyse(&ex, &an);
    ts_normalisation norm;
    CHECK(ts_normalise(ctx, &ex, &an, order, &norm, &nx));
    for (size_t k = 0; k < ex.n; k++) {
      CHECK(tv_eq(ts_denormalise(ctx, &norm, k, nx.in[k]), ex.in[k]));
      if (k < ex.n_demo) CHECK(tv_eq(ts_denormalise(ctx, &norm, k, nx.out[k]), ex.out[k]));
    }
    st_close(&f);
  }
}

/* A colour that appears in one demo output only (no input has it) is a
 * constant of the program: it keeps its number, and so do the colours of
 * every input; the others are ranked by cell count (order 0) per example. */
TEST(normalise_keeps_appearing_colours) {
  st_fixture f;
  tv_ctx *ctx = st_open(&f);
  /* Inputs: 0 everywhere (bg), 5 in every input; 3 and 4 (example 0) and 7
   * and 8 (example 1) come and go. Output 0 has 6, which no input has. */
  const char *t[] = {"00005/33340", "60000/00000", "00057/78888", "00000/00000", "50000/00000"};
  ts_examples ex, nx;
  st_examples(ctx, &ex, 2, 1, t);
  ts_analysis an;
  ts_analyse(&ex, &an);
  ts_normalisation norm;
  CHECK(ts_normalise(ctx, &ex, &an, 0, &norm, &nx));
  CHECK_INT(norm.keep, (1 << 0) | (1 << 5) | (1 << 6));
  /* Example 0: 3 (3 cells) -> 1, 4 (1 cell) -> 2; kept 0, 5, 6 stay. */
  CHECK(tv_eq(nx.in[0], st_grid(ctx, "00005/11120")));
  CHECK(tv_eq(nx.out[0], st_grid(ctx, "60000/00000")));
  /* Example 1: 8 (4 cells) -> 1, 7 (2 cells) -> 2. */
  CHECK(tv_eq(nx.in[1], st_grid(ctx, "00052/21111")));
  /* The test input has only kept colours: unchanged. */
  CHECK(tv_eq(nx.in[2], ex.in[2]));
  for (size_t k = 0; k < ex.n; k++) {
    CHECK(tv_eq(ts_denormalise(ctx, &norm, k, nx.in[k]), ex.in[k]));
    if (k < ex.n_demo) CHECK(tv_eq(ts_denormalise(ctx, &norm, k, nx.out[k]), ex.out[k]));
  }
  st_close(&f);
}
