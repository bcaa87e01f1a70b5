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

/* Appends the text of one part (an object or a grid) to buf at *n. */
static void append_part(char *buf, size_t size, size_t *n, tv_val part) {
  if (tv_is_grid(part) || part == TV_EMPTY_TUPLE) {
    *n += (size_t)snprintf(buf + *n, size - *n, "grid:%s", grid_text(part));
    return;
  }
  const tv_val *items = tv_items(part);
  size_t count = tv_len(part);
  if (!tv_is_set(part) || count == 0 || !tv_is_cell(items[0])) {
    *n += (size_t)snprintf(buf + *n, size - *n, "<%s>", tv_kind_name(part));
    return;
  }
  int64_t top = INT64_MAX, left = INT64_MAX, bottom = INT64_MIN, right = INT64_MIN;
  for (size_t k = 0; k < count; k++) {
    int64_t i = tv_cell_i(items[k]), j = tv_cell_j(items[k]);
    top = i < top ? i : top, bottom = i > bottom ? i : bottom;
    left = j < left ? j : left, right = j > right ? j : right;
  }
  *n += (size_t)snprintf(buf + *n, size - *n, "(%lld,%lld)", (long long)top, (long long)left);
  for (int64_t i = top; i <= bottom && *n + 4 < size; i++) {
    if (i > top) buf[(*n)++] = '/';
    for (int64_t j = left; j <= right && *n + 4 < size; j++) {
      char c = '.';
      for (size_t k = 0; k < count; k++)
        if (tv_cell_i(items[k]) == i && tv_cell_j(items[k]) == j) {
          int colour = tv_cell_color(items[k]);
          c = colour == -1 ? '-' : (char)('0' + colour);
        }
      buf[(*n)++] = c;
    }
  }
  buf[*n] = '\0';
}

const char *parts_text(tv_val v) {
  static char buf[8192];
  if (!tv_is_tuple(v) && !tv_is_set(v) && v != TV_EMPTY_TUPLE) return grid_text(v);
  size_t n = 0, count = tv_len(v);
  buf[0] = '\0';
  for (size_t k = 0; k < count && n + 64 < sizeof buf; k++) {
    if (k) buf[n++] = ' ';
    append_part(buf, sizeof buf, &n, tv_items(v)[k]);
  }
  return buf;
}
