/*
 * prims_ext_label.c - connected components of a grid for the extension
 * primitives (split into objects, gravity, counts, pick criteria): one
 * labelling with a choice of 4- or 8-connectivity, multicolour or
 * single-colour components, and a colour that belongs to no component.
 *
 * Design. A breadth-first flood from each unlabelled cell in reading order
 * writes component numbers into a label array (so components are numbered
 * in reading order of their first cell), on a framed copy of the grid so
 * that neighbours are fixed offsets without bounds checks; a counting sort of the cell
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

/* The labelling works on a copy of the grid with a one-cell frame: frame
 * cells and skipped cells are labelled BLOCKED from the start, so the flood
 * needs no bounds checks and no colour test for them, and neighbours are
 * fixed offsets in the framed array. */
#define UNSEEN (-1)
#define BLOCKED (-2)

typedef struct framed {
  int32_t *label;
  uint8_t *colour;
  size_t w; /* grid width + 2 */
} framed;

/* Floods component `k` from framed cell `seed`; `queue` has room for every
 * cell. */
static void flood(framed *f, bool univalued, const ptrdiff_t *offset, int dirs, uint32_t *queue,
                  uint32_t seed, int32_t k) {
  size_t head = 0, tail = 0;
  f->label[seed] = k;
  queue[tail++] = seed;
  while (head < tail) {
    uint32_t at = queue[head++];
    uint8_t colour = f->colour[at];
    for (int d = 0; d < dirs; d++) {
      uint32_t next = (uint32_t)((ptrdiff_t)at + offset[d]);
      if (f->label[next] != UNSEEN || (univalued && f->colour[next] != colour)) continue;
      f->label[next] = k;
      queue[tail++] = next;
    }
  }
}

tv_val ext_label(tv_ctx *ctx, const ext_grid *g, ext_connectivity how, ext_components *out) {
  size_t n = ext_area(g), fw = (size_t)g->w + 2, fn = ((size_t)g->h + 2) * fw;
  CHARGE(3 * n);
  out->n = 0;
  out->label = scratch(ctx, n, sizeof *out->label);
  out->cells = scratch(ctx, n, sizeof *out->cells);
  uint32_t *queue = scratch(ctx, n, sizeof *queue);
  framed f = {scratch(ctx, fn, sizeof *f.label), scratch(ctx, fn, 1), fw};
  if (!out->label || !out->cells || !queue || !f.label || !f.colour) return tv_oom_error(ctx);
  for (size_t k = 0; k < fn; k++) f.label[k] = BLOCKED;
  for (int i = 0; i < g->h; i++) {
    const uint8_t *row = g->cells + (size_t)i * (size_t)g->w;
    size_t base = (size_t)(i + 1) * fw + 1;
    memcpy(f.colour + base, row, (size_t)g->w);
    for (int j = 0; j < g->w; j++)
      f.label[base + (size_t)j] = how.skip && row[j] == how.skipped ? BLOCKED : UNSEEN;
  }
  ptrdiff_t offset[8];
  for (int d = 0; d < 8; d++) offset[d] = (ptrdiff_t)step_i[d] * (ptrdiff_t)fw + step_j[d];
  int dirs = how.diagonal ? 8 : 4;
  for (int i = 0; i < g->h; i++) {
    size_t base = (size_t)(i + 1) * fw + 1;
    for (int j = 0; j < g->w; j++) {
      if (f.label[base + (size_t)j] == UNSEEN)
        flood(&f, how.univalued, offset, dirs, queue, (uint32_t)(base + (size_t)j), out->n++);
      int32_t l = f.label[base + (size_t)j];
      out->label[(size_t)i * (size_t)g->w + (size_t)j] = l == BLOCKED ? -1 : l;
    }
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
  size_t n = ext_area(g), fw = (size_t)g->w + 2, fn = ((size_t)g->h + 2) * fw;
  CHARGE(2 * n);
  uint32_t *queue = scratch(ctx, n, sizeof *queue);
  framed f = {scratch(ctx, fn, sizeof *f.label), scratch(ctx, fn, 1), fw};
  if (!queue || !f.label || !f.colour) return tv_oom_error(ctx);
  for (size_t k = 0; k < fn; k++) f.label[k] = BLOCKED;
  for (int i = 0; i < g->h; i++)
    for (int j = 0; j < g->w; j++)
      if (ext_at(g, i, j) == bg) f.label[(size_t)(i + 1) * fw + (size_t)j + 1] = UNSEEN;
  ptrdiff_t offset[8];
  for (int d = 0; d < 8; d++) offset[d] = (ptrdiff_t)step_i[d] * (ptrdiff_t)fw + step_j[d];
  /* Every background cell on the grid's edge seeds the one "outside" mark 0. */
  for (int i = 0; i < g->h; i++)
    for (int j = 0; j < g->w; j++) {
      size_t at = (size_t)(i + 1) * fw + (size_t)j + 1;
      bool edge = i == 0 || j == 0 || i == g->h - 1 || j == g->w - 1;
      if (edge && f.label[at] == UNSEEN) flood(&f, false, offset, diagonal ? 8 : 4, queue, (uint32_t)at, 0);
    }
  for (int i = 0; i < g->h; i++)
    for (int j = 0; j < g->w; j++)
      outside[(size_t)i * (size_t)g->w + (size_t)j] = f.label[(size_t)(i + 1) * fw + (size_t)j + 1] == 0;
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
  bool one_colour = true, small_colours = true;
  for (size_t k = 0; k < n; k++) {
    one_colour = one_colour && (cells[k] ^ cells[0]) >> 56 == 0;
    small_colours = small_colours && tv_cell_color(cells[k]) >= 0 && tv_cell_color(cells[k]) < 16;
  }
  if (one_colour) return tv_set_sorted(ctx, n, cells); /* reading order is set order */
  if (n >= 8 && small_colours) {
    /* Set order is colour, then reading order: a stable 16-bucket counting
     * sort by colour (ARC's colours are 0..9). */
    size_t start[17] = {0};
    for (size_t k = 0; k < n; k++) start[tv_cell_color(cells[k]) + 1]++;
    for (int c = 0; c < 16; c++) start[c + 1] += start[c];
    tv_val *out = scratch(ctx, n, sizeof *out);
    CHECK_ALLOC(out);
    for (size_t k = 0; k < n; k++) out[start[tv_cell_color(cells[k])]++] = cells[k];
    return tv_set_sorted(ctx, n, out);
  }
  if (n >= 32) return tv_set_of_scanned_cells(ctx, n, cells);
  for (size_t k = 1; k < n; k++) /* a few cells of odd colours: insertion sort */
    for (size_t m = k; m > 0 && cells[m - 1] > cells[m]; m--) {
      tv_val t = cells[m];
      cells[m] = cells[m - 1];
      cells[m - 1] = t;
    }
  return tv_set_sorted(ctx, n, cells);
}
