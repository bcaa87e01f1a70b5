/*
 * prims_ext_label.c - connected components of a grid for the extension
 * primitives (split into objects, gravity, counts, pick criteria): one
 * labelling with a choice of 4- or 8-connectivity, multicolour or
 * single-colour components, and a colour that belongs to no component.
 *
 * Design. A breadth-first flood from each unlabelled cell in reading order
 * writes component numbers into a label array (so components are numbered
 * in reading order of their first cell); a counting sort of the cell
 * indices by label then gives every component's cells contiguously and in
 * reading order, which is the order tv_set_of_scanned_cells wants. A
 * second flood, from the border through background cells only, marks the
 * background that is "outside" (fill, border and inside criteria). All
 * arrays come from the evaluation arena; the whole labelling is O(cells).
 */
#include <string.h>

#include "grid/prims_ext_internal.h"

static const int step_i[8] = {-1, 1, 0, 0, -1, -1, 1, 1};
static const int step_j[8] = {0, 0, -1, 1, -1, 1, -1, 1};

/* Whether cell `next` joins a component of colour `colour`. */
static inline bool joins(const ext_grid *g, ext_connectivity how, const int32_t *label, size_t next,
                         uint8_t colour) {
  uint8_t c = g->cells[next];
  return label[next] == -1 && !(how.skip && c == how.skipped) && !(how.univalued && c != colour);
}

/* Floods component `k` from cell (si, sj), using `queue` (room for every
 * cell; it holds (i, j) packed as i << 16 | j, so no cell index is ever
 * divided). Cells off the grid's edge need no bounds checks, and most are. */
static void flood(const ext_grid *g, ext_connectivity how, int32_t *label, uint32_t *queue, int si,
                  int sj, int32_t k) {
  int dirs = how.diagonal ? 8 : 4;
  size_t head = 0, tail = 0;
  label[(size_t)si * (size_t)g->w + (size_t)sj] = k;
  queue[tail++] = (uint32_t)si << 16 | (uint32_t)sj;
  while (head < tail) {
    int i = (int)(queue[head] >> 16), j = (int)(queue[head] & 0xFFFF);
    head++;
    size_t at = (size_t)i * (size_t)g->w + (size_t)j;
    uint8_t colour = g->cells[at];
    bool inner = i > 0 && j > 0 && i < g->h - 1 && j < g->w - 1;
    for (int d = 0; d < dirs; d++) {
      int ni = i + step_i[d], nj = j + step_j[d];
      if (!inner && (ni < 0 || nj < 0 || ni >= g->h || nj >= g->w)) continue;
      size_t next = (size_t)ni * (size_t)g->w + (size_t)nj;
      uint8_t c = g->cells[next];
      if (label[next] != -1 || (how.skip && c == how.skipped) || (how.univalued && c != colour))
        continue;
      label[next] = k;
      queue[tail++] = (uint32_t)ni << 16 | (uint32_t)nj;
    }
  }
}

tv_val ext_label(tv_ctx *ctx, const ext_grid *g, ext_connectivity how, ext_components *out) {
  size_t n = ext_area(g);
  CHARGE(2 * n);
  out->n = 0;
  out->label = scratch(ctx, n, sizeof *out->label);
  out->cells = scratch(ctx, n, sizeof *out->cells);
  uint32_t *queue = scratch(ctx, n, sizeof *queue);
  if (!out->label || !out->cells || !queue) return tv_oom_error(ctx);
  for (size_t k = 0; k < n; k++) out->label[k] = -1;
  for (int i = 0; i < g->h; i++)
    for (int j = 0; j < g->w; j++) {
      size_t k = (size_t)i * (size_t)g->w + (size_t)j;
      if (out->label[k] == -1 && !(how.skip && g->cells[k] == how.skipped))
        flood(g, how, out->label, queue, i, j, out->n++);
    }
  out->start = scratch(ctx, (size_t)out->n + 1, sizeof *out->start);
  if (!out->start) return tv_oom_error(ctx);
  for (int k = 0; k <= out->n; k++) out->start[k] = 0;
  for (size_t k = 0; k < n; k++)
    if (out->label[k] >= 0) out->start[out->label[k] + 1]++;
  for (int k = 0; k < out->n; k++) out->start[k + 1] += out->start[k];
  uint32_t *fill = queue; /* reused: next free slot per component */
  for (int k = 0; k < out->n; k++) fill[k] = out->start[k];
  for (size_t k = 0; k < n; k++)
    if (out->label[k] >= 0) out->cells[fill[out->label[k]]++] = (uint32_t)k;
  return 0;
}

tv_val ext_mark_outside(tv_ctx *ctx, const ext_grid *g, uint8_t bg, bool diagonal, uint8_t *outside) {
  size_t n = ext_area(g), tail = 0;
  CHARGE(2 * n);
  uint32_t *queue = scratch(ctx, n, sizeof *queue);
  if (!queue) return tv_oom_error(ctx);
  memset(outside, 0, n);
  for (int i = 0; i < g->h; i++)
    for (int j = 0; j < g->w; j++) {
      size_t k = (size_t)i * (size_t)g->w + (size_t)j;
      if ((i == 0 || j == 0 || i == g->h - 1 || j == g->w - 1) && g->cells[k] == bg) {
        outside[k] = 1;
        queue[tail++] = (uint32_t)k;
      }
    }
  int dirs = diagonal ? 8 : 4;
  for (size_t head = 0; head < tail; head++) {
    int i = (int)(queue[head] / (uint32_t)g->w), j = (int)(queue[head] % (uint32_t)g->w);
    for (int d = 0; d < dirs; d++) {
      int ni = i + step_i[d], nj = j + step_j[d];
      if (ni < 0 || nj < 0 || ni >= g->h || nj >= g->w) continue;
      size_t next = (size_t)ni * (size_t)g->w + (size_t)nj;
      if (outside[next] || g->cells[next] != bg) continue;
      outside[next] = 1;
      queue[tail++] = (uint32_t)next;
    }
  }
  return 0;
}

ext_box ext_component_box(const ext_grid *g, const ext_components *c, int k) {
  ext_box b = {g->h, g->w, -1, -1};
  for (uint32_t m = c->start[k]; m < c->start[k + 1]; m++) {
    int i = (int)(c->cells[m] / (uint32_t)g->w), j = (int)(c->cells[m] % (uint32_t)g->w);
    if (b.top > i) b.top = i;
    if (b.bottom < i) b.bottom = i;
    if (b.left > j) b.left = j;
    if (b.right < j) b.right = j;
  }
  return b;
}

tv_val ext_component_object(tv_ctx *ctx, const ext_grid *g, const ext_components *c, int k) {
  uint32_t n = c->start[k + 1] - c->start[k];
  CHARGE(n);
  tv_val *items = scratch(ctx, n, sizeof *items);
  if (!items) return tv_oom_error(ctx);
  for (uint32_t m = 0; m < n; m++) {
    uint32_t at = c->cells[c->start[k] + m];
    items[m] = tv_cell_imm(tv_byte_colour(g->cells[at]), at / (uint32_t)g->w, at % (uint32_t)g->w);
  }
  return ext_object_of_scan(ctx, n, items);
}

tv_val ext_object_of_scan(tv_ctx *ctx, size_t n, tv_val *cells) {
  bool one_colour = true;
  for (size_t k = 1; k < n && one_colour; k++) one_colour = (cells[k] ^ cells[0]) >> 56 == 0;
  if (n >= 32 && !one_colour) return tv_set_of_scanned_cells(ctx, n, cells);
  /* Cell words order as the set does; one colour in reading order is sorted
   * already, and a few cells of several colours sort quickly in place. */
  for (size_t k = 1; k < n && !one_colour; k++)
    for (size_t m = k; m > 0 && cells[m - 1] > cells[m]; m--) {
      tv_val t = cells[m];
      cells[m] = cells[m - 1];
      cells[m - 1] = t;
    }
  return tv_set_sorted(ctx, n, cells);
}
