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
#include "tessera/fault.h"

void arc_text_grid(tc_text *t, int h, int w, const uint8_t *cells) {
  if (!cells) {
    tc_text_append(t, "null", 4);
    return;
  }
  tc_text_append(t, "[", 1);
  for (int i = 0; i < h; i++) {
    tc_text_append(t, i ? ",[" : "[", i ? 2 : 1);
    for (int j = 0; j < w; j++) {
      char digit[4] = {',', (char)('0' + cells[(size_t)i * (size_t)w + (size_t)j] % 10), 0, 0};
      tc_text_append(t, j ? digit : digit + 1, j ? 2 : 1);
    }
    tc_text_append(t, "]", 1);
  }
  tc_text_append(t, "]", 1);
}

char *arc_predictions_json(const arc_grid *grids, size_t n) {
  tc_text t = {0};
  tc_text_append(&t, "[", 1);
  for (size_t k = 0; k < n; k++) {
    if (k) tc_text_append(&t, ",", 1);
    arc_text_grid(&t, grids[k].h, grids[k].w, grids[k].cells);
  }
  tc_text_append(&t, "]", 1);
  if (t.failed) {
    free(t.s);
    return NULL;
  }
  return t.s;
}

bool arc_json_is_grid(const json_t *j, size_t *h, size_t *w) {
  *h = json_is_array(j) ? json_array_size(j) : 0;
  const json_t *first = *h ? json_array_get(j, 0) : NULL;
  *w = json_is_array(first) ? json_array_size(first) : 0;
  if (!*h || !*w || *h > TV_GRID_MAX_SIDE || *w > TV_GRID_MAX_SIDE) return false;
  for (size_t i = 0; i < *h; i++) {
    const json_t *row = json_array_get(j, i);
    if (!json_is_array(row) || json_array_size(row) != *w) return false;
    for (size_t k = 0; k < *w; k++) {
      const json_t *v = json_array_get(row, k);
      if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 9) return false;
    }
  }
  return true;
}

bool arc_json_grid_equals(const json_t *j, tv_val expected) {
  size_t h, w;
  int eh, ew;
  const uint8_t *cells;
  if (!j || !arc_json_is_grid(j, &h, &w) || !tv_as_grid(expected, &eh, &ew, &cells)) return false;
  if (h != (size_t)eh || w != (size_t)ew) return false;
  for (size_t i = 0; i < h; i++)
    for (size_t k = 0; k < w; k++)
      if (json_integer_value(json_array_get(json_array_get(j, i), k)) != cells[i * w + k]) return false;
  return true;
}

bool arc_grid_from_json(const json_t *j, arc_grid *out) {
  *out = (arc_grid){0};
  size_t h, w;
  if (!arc_json_is_grid(j, &h, &w)) return false;
  uint8_t *cells = tc_malloc(h * w);
  if (!cells) return false;
  for (size_t i = 0; i < h; i++)
    for (size_t k = 0; k < w; k++) cells[i * w + k] = (uint8_t)json_integer_value(json_array_get(json_array_get(j, i), k));
  *out = (arc_grid){.h = (int)h, .w = (int)w, .cells = cells};
  return true;
}
