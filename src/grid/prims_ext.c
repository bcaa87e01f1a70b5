/*
 * prims_ext.c - what every extension family file shares: the list of the
 * family tables (registry order) and the argument readers and result
 * builders declared in prims_ext_internal.h.
 *
 * Design. Extension primitives work on grid bytes directly: arguments are
 * read once into an ext_grid view (no per-row tuples), results are written
 * into one fresh tv_grid, and scratch space comes from the evaluation arena,
 * never from malloc. Colour statistics use a 256-entry histogram of colour
 * bytes, so a grid scan is the most any colour question costs.
 */
#include <string.h>

#include "grid/prims_ext_internal.h"

const tv_prim_ext *const tv_prims_ext_tables[] = {
    tv_prims_ext_colour,
    tv_prims_ext_crop,
    tv_prims_ext_gravity,
    tv_prims_ext_split,
    tv_prims_ext_pick,
    tv_prims_ext_overlay,
    tv_prims_ext_size,
    tv_prims_ext_fill,
    tv_prims_ext_lines,
    tv_prims_ext_count,
    tv_prims_ext_patches,
    NULL,
};

tv_val ext_read_grid(tv_ctx *ctx, tv_val v, const char *name, ext_grid *g) {
  if (!tv_as_grid(v, &g->h, &g->w, &g->cells))
    return tv_error(ctx, "%s: expected a grid, got %s", name, tv_kind_name(v));
  if (g->w == 0) g->h = 0; /* rows of nothing hold no cells either */
  return 0;
}

tv_val ext_read_colour(tv_ctx *ctx, tv_val v, const char *name, uint8_t *byte) {
  if (!tv_is_number(v))
    return tv_error(ctx, "%s: expected a colour (integer), got %s", name, tv_kind_name(v));
  int64_t c = tv_num(v);
  if (!tv_colour_fits(c))
    return tv_error(ctx, "%s: colour %lld does not fit a grid cell", name, (long long)c);
  *byte = tv_colour_byte(c);
  return 0;
}

tv_val ext_read_grid_colours(tv_ctx *ctx, const tv_val *args, const char *name, ext_grid *g,
                             uint8_t *first, uint8_t *second) {
  tv_val err = ext_read_grid(ctx, args[0], name, g);
  int k = 1;
  if (!err && first) err = ext_read_colour(ctx, args[k++], name, first);
  if (!err && second) err = ext_read_colour(ctx, args[k], name, second);
  return err;
}

tv_val ext_read_dims(tv_ctx *ctx, tv_val v, const char *name, int *h, int *w) {
  if (!tv_is_pair(v))
    return tv_error(ctx, "%s: expected a size (height, width), got %s", name, tv_kind_name(v));
  int64_t a = tv_pair_a(v), b = tv_pair_b(v);
  if (a < 0 || b < 0)
    return tv_error(ctx, "%s: negative size (%lld, %lld)", name, (long long)a, (long long)b);
  if (a > TV_GRID_MAX_SIDE || b > TV_GRID_MAX_SIDE)
    return tv_error(ctx, "%s: size (%lld, %lld) exceeds the %d x %d limit", name, (long long)a,
                    (long long)b, TV_GRID_MAX_SIDE, TV_GRID_MAX_SIDE);
  *h = (int)a;
  *w = (int)b;
  return 0;
}

tv_val ext_new_grid(tv_ctx *ctx, int h, int w, uint8_t fill) {
  if (h < 0 || w < 0 || h > TV_GRID_MAX_SIDE || w > TV_GRID_MAX_SIDE)
    return tv_error(ctx, "grid of %d x %d exceeds the %d x %d limit", h, w, TV_GRID_MAX_SIDE,
                    TV_GRID_MAX_SIDE);
  size_t n = (size_t)h * (size_t)w;
  if (!tv_charge(ctx, n + 1)) return tv_budget_error(ctx);
  if (n == 0) return TV_EMPTY_TUPLE;
  tv_val g = tv_grid_new(ctx, h, w);
  if (tv_is_grid(g) && fill) memset(tv_grid_cells(g), fill, n);
  return g;
}

tv_val ext_subgrid(tv_ctx *ctx, const ext_grid *g, int r0, int c0, int h, int w) {
  tv_val out = ext_new_grid(ctx, h, w, 0);
  if (!tv_is_grid(out)) return out;
  uint8_t *dst = tv_grid_cells(out);
  for (int i = 0; i < h; i++)
    memcpy(dst + (size_t)i * (size_t)w, g->cells + (size_t)(r0 + i) * (size_t)g->w + (size_t)c0,
           (size_t)w);
  return tv_grid_seal(out);
}

tv_val ext_copy_grid(tv_ctx *ctx, const ext_grid *g) { return ext_subgrid(ctx, g, 0, 0, g->h, g->w); }

void ext_histogram(const ext_grid *g, uint32_t counts[256]) {
  memset(counts, 0, 256 * sizeof *counts);
  size_t n = ext_area(g);
  for (size_t k = 0; k < n; k++) counts[g->cells[k]]++;
}

/* Scans colours in increasing value (-128..127) so ties go to the smaller. */
static bool pick_colour(const uint32_t counts[256], uint8_t bg, bool most, uint8_t *out) {
  bool found = false;
  uint32_t best = 0;
  for (int c = TV_COLOUR_MIN; c <= TV_COLOUR_MAX; c++) {
    uint8_t b = tv_colour_byte(c);
    uint32_t n = counts[b];
    if (b == bg || n == 0) continue;
    if (!found || (most ? n > best : n < best)) {
      found = true;
      best = n;
      *out = b;
    }
  }
  return found;
}

bool ext_major_colour(const uint32_t counts[256], uint8_t bg, uint8_t *out) {
  return pick_colour(counts, bg, true, out);
}

bool ext_minor_colour(const uint32_t counts[256], uint8_t bg, uint8_t *out) {
  return pick_colour(counts, bg, false, out);
}

bool ext_content_box(const ext_grid *g, uint8_t bg, ext_box *box) {
  *box = (ext_box){g->h, g->w, -1, -1};
  for (int i = 0; i < g->h; i++) {
    const uint8_t *row = g->cells + (size_t)i * (size_t)g->w;
    int first = -1, last = -1;
    for (int j = 0; j < g->w; j++)
      if (row[j] != bg) {
        if (first < 0) first = j;
        last = j;
      }
    if (first < 0) continue;
    if (box->top > i) box->top = i;
    box->bottom = i;
    if (box->left > first) box->left = first;
    if (box->right < last) box->right = last;
  }
  return box->bottom >= 0;
}
