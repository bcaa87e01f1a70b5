/* search_test.c - the helpers of search_test.h (no tests of its own). */
#include "search_test.h"

#include <string.h>

tv_ctx *st_open(st_fixture *f) {
  ta_arena_init(&f->arena, 1 << 16);
  tv_ctx_init(&f->ctx, &f->arena, 0);
  return &f->ctx;
}

void st_close(st_fixture *f) { ta_arena_free(&f->arena); }

tv_val st_grid(tv_ctx *ctx, const char *text) {
  int h = 1, w = (int)strcspn(text, "/");
  for (const char *s = text; *s; s++) h += *s == '/';
  tv_val g = tv_grid_new(ctx, h, w);
  uint8_t *cells = tv_grid_cells(g);
  for (const char *s = text; *s; s++)
    if (*s != '/') *cells++ = tv_colour_byte(*s - '0');
  return tv_grid_seal(g);
}

void st_examples(tv_ctx *ctx, ts_examples *ex, size_t n_demo, size_t n_test,
                 const char *const *texts) {
  memset(ex, 0, sizeof *ex);
  ex->n_demo = n_demo;
  ex->n = n_demo + n_test;
  for (size_t k = 0; k < n_demo; k++) {
    ex->in[k] = st_grid(ctx, texts[2 * k]);
    ex->out[k] = st_grid(ctx, texts[2 * k + 1]);
  }
  for (size_t t = 0; t < n_test; t++) ex->in[n_demo + t] = st_grid(ctx, texts[2 * n_demo + t]);
}
