/* ext_test.c - the helpers of ext_test.h (no tests of its own). */
#include "ext_test.h"

#include <stdio.h>
#include <string.h>

tv_ctx *fx_open(ext_fixture *f) {
  ta_arena_init(&f->arena, 1 << 16);
  tv_ctx_init(&f->ctx, &f->arena, 0);
  return &f->ctx;
}

void fx_close(ext_fixture *f) { ta_arena_free(&f->arena); }

static int colour_of_char(char c) { return c == '-' ? -1 : c - '0'; }

tv_val gr(tv_ctx *ctx, const char *text) {
  if (!*text) return TV_EMPTY_TUPLE;
  int h = 1, w = (int)strcspn(text, "/");
  for (const char *s = text; *s; s++) h += *s == '/';
  tv_val g = tv_grid_new(ctx, h, w);
  uint8_t *cells = tv_grid_cells(g);
  for (const char *s = text; *s; s++)
    if (*s != '/') *cells++ = tv_colour_byte(colour_of_char(*s));
  return tv_grid_seal(g);
}

tv_val ext_call(tv_ctx *ctx, const char *name, size_t argc, const tv_val *argv) {
  const tv_prim *p = tv_prim_ext_lookup(name);
  if (!p) return tv_error(ctx, "test: no extension %s", name);
  if (p->arity != argc) return tv_error(ctx, "test: %s takes %d arguments", name, p->arity);
  return tv_prim_call(ctx, p, argv);
}

const char *grid_text(tv_val v) {
  static char buf[8192];
  if (v == TV_EMPTY_TUPLE) return "";
  if (tv_is_error(v)) {
    snprintf(buf, sizeof buf, "<error: %s>", tv_error_message(v));
    return buf;
  }
  if (!tv_is_grid(v)) {
    snprintf(buf, sizeof buf, "<%s>", tv_kind_name(v));
    return buf;
  }
  size_t n = 0;
  for (int i = 0; i < tv_grid_h(v) && n + 2 < sizeof buf; i++) {
    if (i) buf[n++] = '/';
    for (int j = 0; j < tv_grid_w(v) && n + 2 < sizeof buf; j++) {
      int c = tv_grid_at(v, i, j);
      buf[n++] = c == -1 ? '-' : (c >= 0 && c <= 9) ? (char)('0' + c) : '?';
    }
  }
  buf[n] = '\0';
  return buf;
}

bool grid_is(tv_val v, const char *text) {
  if (!*text) return v == TV_EMPTY_TUPLE;
  return tv_is_grid(v) && strcmp(grid_text(v), text) == 0;
}
