/* test_analysis.c - ts_analyse: background, palettes, appear/disappear
 * colours, same_shape and the D8 map, on small hand-made tasks whose answers
 * are worked out by hand in the comments. */
#include "harness.h"
#include "search_test.h"

TEST(analysis_palettes_and_background) {
  st_fixture f;
  tv_ctx *ctx = st_open(&f);
  /* Inputs hold 0 (most), 1, 2; demo outputs hold 0, 1, 3: 3 appears, 2
   * disappears; the test input holds 0 and 1 only, so only 0 and 1 are in
   * every input. */
  const char *t[] = {"001/020", "001/030", "010/002", "010/003", "000/010"};
  ts_examples ex;
  st_examples(ctx, &ex, 2, 1, t);
  ts_analysis an;
  ts_analyse(&ex, &an);
  CHECK_INT(an.bg, 0);
  CHECK_INT(an.in_colours, 0x7);
  CHECK_INT(an.out_colours, 0xB);
  CHECK_INT(an.all_in_colours, 0x3);
  CHECK_INT(an.appear, 0x8);
  CHECK_INT(an.disappear, 0x4);
  CHECK(an.same_shape);
  CHECK_INT(an.n_colours_task, 4);
  CHECK_INT(an.d8, -1);
  st_close(&f);
}

TEST(analysis_background_not_zero) {
  st_fixture f;
  tv_ctx *ctx = st_open(&f);
  const char *t[] = {"555/515", "55", "5/5"};
  ts_examples ex;
  st_examples(ctx, &ex, 1, 1, t);
  ts_analysis an;
  ts_analyse(&ex, &an);
  CHECK_INT(an.bg, 5);
  CHECK(!an.same_shape);
  CHECK_INT(an.disappear, 0x2);
  st_close(&f);
}

/* Each rigid map, checked on an asymmetric 2x3 grid "123/456" whose images
 * are written out by hand. */
TEST(analysis_d8_each_map) {
  static const char *const image[8] = {
      "123/456",    /* identity */
      "41/52/63",   /* rot90: clockwise */
      "654/321",    /* rot180 */
      "36/25/14",   /* rot270 */
      "456/123",    /* hmirror: rows reversed */
      "321/654",    /* vmirror: columns reversed */
      "14/25/36",   /* dmirror: transpose */
      "63/52/41",   /* cmirror: anti-transpose */
  };
  for (int m = 0; m < 8; m++) {
    st_fixture f;
    tv_ctx *ctx = st_open(&f);
    const char *t[] = {"123/456", image[m], "123/456"};
    ts_examples ex;
    st_examples(ctx, &ex, 1, 1, t);
    ts_analysis an;
    ts_analyse(&ex, &an);
    CHECK_INT(an.d8, m);
    st_close(&f);
  }
}

TEST(analysis_d8_must_fit_every_demo) {
  st_fixture f;
  tv_ctx *ctx = st_open(&f);
  /* Demo 1 is a vmirror, demo 2 a hmirror (and no map fits both). */
  const char *t[] = {"12/34", "21/43", "12/34", "34/12", "12/34"};
  ts_examples ex;
  st_examples(ctx, &ex, 2, 1, t);
  ts_analysis an;
  ts_analyse(&ex, &an);
  CHECK_INT(an.d8, -1);
  /* Both demos vmirrors: found. */
  const char *t2[] = {"12/34", "21/43", "56/78", "65/87", "12/34"};
  st_examples(ctx, &ex, 2, 1, t2);
  ts_analyse(&ex, &an);
  CHECK_INT(an.d8, 5);
  st_close(&f);
}
