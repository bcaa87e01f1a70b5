/*
 * store_json.c - the small JSON pieces of the store: grids and prediction
 * lists written as compact text (stored in SQLite and in submissions), and
 * grids read back with jansson, validated like ARC grids (rectangular,
 * non-empty, colours 0..9).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arc/store_internal.h"

void ts_text_append(ts_text *t, const char *s, size_t n) {
  if (t->failed) return;
  if (t->len + n + 1 > t->cap) {
    size_t cap = t->cap ? t->cap : 256;
    while (cap < t->len + n + 1) cap *= 2;
    char *grown = realloc(t->s, cap);
    if (!grown) {
      t->failed = true;
      return;
    }
    t->s = grown;
    t->cap = cap;
  }
  memcpy(t->s + t->len, s, n);
  t->len += n;
  t->s[t->len] = '\0';
}

void ts_text_printf(ts_text *t, const char *fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n < 0) t->failed = true;
  else ts_text_append(t, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

void ts_text_json_string(ts_text *t, const char *s) {
  ts_text_append(t, "\"", 1);
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') {
      char escaped[2] = {'\\', (char)c};
      ts_text_append(t, escaped, 2);
    } else if (c < 0x20) {
      ts_text_printf(t, "\\u%04x", c);
    } else {
      ts_text_append(t, s, 1);
    }
  }
  ts_text_append(t, "\"", 1);
}

void ts_text_grid(ts_text *t, int h, int w, const uint8_t *cells) {
  if (!cells) {
    ts_text_append(t, "null", 4);
    return;
  }
  ts_text_append(t, "[", 1);
  for (int i = 0; i < h; i++) {
    ts_text_append(t, i ? ",[" : "[", i ? 2 : 1);
    for (int j = 0; j < w; j++) {
      char digit[4] = {',', (char)('0' + cells[(size_t)i * (size_t)w + (size_t)j] % 10), 0, 0};
      ts_text_append(t, j ? digit : digit + 1, j ? 2 : 1);
    }
    ts_text_append(t, "]", 1);
  }
  ts_text_append(t, "]", 1);
}

char *ts_predictions_json(const tb_grid *grids, size_t n) {
  ts_text t = {0};
  ts_text_append(&t, "[", 1);
  for (size_t k = 0; k < n; k++) {
    if (k) ts_text_append(&t, ",", 1);
    ts_text_grid(&t, grids[k].h, grids[k].w, grids[k].cells);
  }
  ts_text_append(&t, "]", 1);
  if (t.failed) {
    free(t.s);
    return NULL;
  }
  return t.s;
}

bool ts_grid_from_json(const json_t *j, tb_grid *out) {
  *out = (tb_grid){0};
  size_t h = json_is_array(j) ? json_array_size(j) : 0;
  const json_t *first = h ? json_array_get(j, 0) : NULL;
  size_t w = json_is_array(first) ? json_array_size(first) : 0;
  if (!h || !w || h > 1024 || w > 1024) return false;
  uint8_t *cells = malloc(h * w);
  if (!cells) return false;
  for (size_t i = 0; i < h; i++) {
    const json_t *row = json_array_get(j, i);
    if (!json_is_array(row) || json_array_size(row) != w) goto bad;
    for (size_t k = 0; k < w; k++) {
      const json_t *v = json_array_get(row, k);
      if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 9) goto bad;
      cells[i * w + k] = (uint8_t)json_integer_value(v);
    }
  }
  *out = (tb_grid){.h = (int)h, .w = (int)w, .cells = cells};
  return true;
bad:
  free(cells);
  return false;
}
