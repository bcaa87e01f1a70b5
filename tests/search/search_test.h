/* search_test.h - helpers shared by the tests of the search layer: grids
 * from text and examples from lists of grids (search_test.c). */
#ifndef TESSERA_TEST_SEARCH_TEST_H
#define TESSERA_TEST_SEARCH_TEST_H

#include "search/search_internal.h"

typedef struct st_fixture {
  ta_arena arena;
  tv_ctx ctx;
} st_fixture;

tv_ctx *st_open(st_fixture *f);
void st_close(st_fixture *f);
/* A grid from rows of digits separated by '/': "12/34". */
tv_val st_grid(tv_ctx *ctx, const char *text);
/* Examples from n_demo (input, output) texts then test input texts:
 * texts[2k], texts[2k+1] for demo k, then one text per test. */
void st_examples(tv_ctx *ctx, ts_examples *ex, size_t n_demo, size_t n_test,
                 const char *const *texts);

#endif
