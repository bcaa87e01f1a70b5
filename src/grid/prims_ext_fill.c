/*
 * prims_ext_fill.c - extension primitives about enclosed regions and
 * borders (table tv_prims_ext_fill): fill the background that the
 * foreground encloses, that enclosed background alone, the outer border of
 * the shapes and what lies within it, an outline drawn around the
 * foreground, a ring added around the grid, and colours spread into the
 * background from the nearest foreground cell.
 *
 * Design. "Outside" is the background reachable from the grid's border
 * through background cells (one flood, ext_mark_outside); everything else
 * follows from that mask and one pass over the cells. Spreading is a
 * breadth-first flood from all sources at once, seeded in reading order,
 * so each background cell takes the colour of the nearest source (ties:
 * the source that comes first in reading order reaches it first).
 */
#include <string.h>

#include "grid/prims_ext_internal.h"

/* The enclosed background (not outside, 4-connected) in colour c: over the
 * grid (fill_enclosed) or alone on bg (enclosed). */
static tv_val enclosed(tv_ctx *ctx, const tv_val *args, const char *name, bool keep_grid) {
  ext_grid g;
  uint8_t c, bg;
  tv_val err = ext_read_grid_colours(ctx, args, name, &g, &c, &bg);
  if (err) return err;
  uint8_t *outside = scratch(ctx, ext_area(&g), 1);
  if (!outside) return tv_oom_error(ctx);
  if ((err = ext_mark_outside(ctx, &g, bg, false, outside))) return err;
  tv_val out = ext_new_grid(ctx, g.h, g.w, bg);
  if (!tv_is_grid(out)) return out;
  uint8_t *dst = tv_grid_cells(out);
  for (size_t k = 0; k < ext_area(&g); k++) {
    bool inside = g.cells[k] == bg && !outside[k];
    dst[k] = inside ? c : keep_grid ? g.cells[k] : bg;
  }
  return tv_grid_seal(out);
}

static tv_val x_fill_enclosed(tv_ctx *ctx, const tv_val *a) {
  return enclosed(ctx, a, "fill_enclosed", true);
}
static tv_val x_enclosed(tv_ctx *ctx, const tv_val *a) { return enclosed(ctx, a, "enclosed", false); }

static const int di8[8] = {-1, -1, -1, 0, 0, 1, 1, 1};
static const int dj8[8] = {-1, 0, 1, -1, 1, -1, 0, 1};

/* Whether some 8-neighbour of (i, j) is marked (or, with `fg`, is not bg). */
static bool touches(const ext_grid *g, const uint8_t *mark, int i, int j, uint8_t bg, bool fg) {
  for (int d = 0; d < 8; d++) {
    int ni = i + di8[d], nj = j + dj8[d];
    if (ni < 0 || nj < 0 || ni >= g->h || nj >= g->w) continue;
    size_t k = (size_t)ni * (size_t)g->w + (size_t)nj;
    if (fg ? g->cells[k] != bg : mark[k]) return true;
  }
  return false;
}

/* Foreground cells on the outer border of the shapes (on the grid's edge or
 * next to outside background, 8-connected): kept by outer_border, dropped
 * by inner_cells. */
static tv_val border(tv_ctx *ctx, const tv_val *args, const char *name, bool keep_border) {
  ext_grid g;
  uint8_t bg;
  tv_val err = ext_read_grid_colours(ctx, args, name, &g, NULL, &bg);
  if (err) return err;
  uint8_t *outside = scratch(ctx, ext_area(&g), 1);
  if (!outside) return tv_oom_error(ctx);
  if ((err = ext_mark_outside(ctx, &g, bg, true, outside))) return err;
  CHARGE(8 * ext_area(&g));
  tv_val out = ext_new_grid(ctx, g.h, g.w, bg);
  if (!tv_is_grid(out)) return out;
  uint8_t *dst = tv_grid_cells(out);
  for (int i = 0; i < g.h; i++)
    for (int j = 0; j < g.w; j++) {
      size_t k = (size_t)i * (size_t)g.w + (size_t)j;
      if (g.cells[k] == bg) continue;
      bool on_border = i == 0 || j == 0 || i == g.h - 1 || j == g.w - 1 ||
                       touches(&g, outside, i, j, bg, false);
      if (on_border == keep_border) dst[k] = g.cells[k];
    }
  return tv_grid_seal(out);
}

static tv_val x_outer_border(tv_ctx *ctx, const tv_val *a) { return border(ctx, a, "outer_border", true); }
static tv_val x_inner_cells(tv_ctx *ctx, const tv_val *a) { return border(ctx, a, "inner_cells", false); }

/* Background cells 8-adjacent to the foreground become c. */
static tv_val x_outline(tv_ctx *ctx, const tv_val *args) {
  ext_grid g;
  uint8_t c, bg;
  tv_val err = ext_read_grid_colours(ctx, args, "outline", &g, &c, &bg);
  if (err) return err;
  CHARGE(8 * ext_area(&g));
  tv_val out = ext_new_grid(ctx, g.h, g.w, 0);
  if (!tv_is_grid(out)) return out;
  uint8_t *dst = tv_grid_cells(out);
  for (int i = 0; i < g.h; i++)
    for (int j = 0; j < g.w; j++) {
      size_t k = (size_t)i * (size_t)g.w + (size_t)j;
      dst[k] = g.cells[k] == bg && touches(&g, NULL, i, j, bg, true) ? c : g.cells[k];
    }
  return tv_grid_seal(out);
}

/* A ring of colour c around the grid. */
static tv_val x_pad(tv_ctx *ctx, const tv_val *args) {
  ext_grid g;
  uint8_t c;
  tv_val err = ext_read_grid_colours(ctx, args, "pad", &g, &c, NULL);
  if (err) return err;
  if (g.h + 2 > TV_GRID_MAX_SIDE || g.w + 2 > TV_GRID_MAX_SIDE)
    return tv_error(ctx, "pad: %d x %d grid exceeds the %d x %d limit", g.h + 2, g.w + 2,
                    TV_GRID_MAX_SIDE, TV_GRID_MAX_SIDE);
  tv_val out = ext_new_grid(ctx, g.h + 2, g.w + 2, c);
  if (!tv_is_grid(out)) return out;
  for (int i = 0; i < g.h; i++)
    memcpy(tv_grid_cells(out) + (size_t)(i + 1) * (size_t)(g.w + 2) + 1,
           g.cells + (size_t)i * (size_t)g.w, (size_t)g.w);
  return tv_grid_seal(out);
}

/* Background cells take the colour of the nearest source cell (4-steps);
 * sources are the foreground cells, except the majority colour's when
 * `skip_major` (those cells stay as they are and block the spread). */
static tv_val spread(tv_ctx *ctx, const tv_val *args, const char *name, bool skip_major) {
  ext_grid g;
  uint8_t bg, major = 0;
  tv_val err = ext_read_grid_colours(ctx, args, name, &g, NULL, &bg);
  if (err) return err;
  size_t n = ext_area(&g), tail = 0;
  CHARGE(5 * n);
  uint32_t counts[256];
  ext_histogram(&g, counts);
  bool skip = skip_major && ext_major_colour(counts, bg, &major);
  tv_val out = ext_copy_grid(ctx, &g);
  uint32_t *queue = scratch(ctx, n, sizeof *queue);
  if (!tv_is_grid(out)) return out;
  if (!queue) return tv_oom_error(ctx);
  uint8_t *dst = tv_grid_cells(out);
  uint8_t *done = scratch(ctx, n, 1);
  if (!done) return tv_oom_error(ctx);
  for (size_t k = 0; k < n; k++) {
    done[k] = g.cells[k] != bg;
    if (done[k] && !(skip && g.cells[k] == major)) queue[tail++] = (uint32_t)k;
  }
  static const int di[4] = {1, -1, 0, 0}, dj[4] = {0, 0, 1, -1};
  for (size_t head = 0; head < tail; head++) {
    int i = (int)(queue[head] / (uint32_t)g.w), j = (int)(queue[head] % (uint32_t)g.w);
    for (int d = 0; d < 4; d++) {
      int ni = i + di[d], nj = j + dj[d];
      if (ni < 0 || nj < 0 || ni >= g.h || nj >= g.w) continue;
      size_t next = (size_t)ni * (size_t)g.w + (size_t)nj;
      if (done[next]) continue;
      done[next] = 1;
      dst[next] = dst[queue[head]];
      queue[tail++] = (uint32_t)next;
    }
  }
  return out;
}

static tv_val x_spread_colors(tv_ctx *ctx, const tv_val *a) { return spread(ctx, a, "spread_colors", false); }
static tv_val x_spread_minor(tv_ctx *ctx, const tv_val *a) { return spread(ctx, a, "spread_minor", true); }

const tv_prim_ext tv_prims_ext_fill[] = {
    {{"fill_enclosed", 3, x_fill_enclosed, {T_GRID, TT_NUM, TT_NUM}, T_GRID}, {EXT_G, EXT_C, EXT_BG}, "fill"},
    {{"enclosed", 3, x_enclosed, {T_GRID, TT_NUM, TT_NUM}, T_GRID}, {EXT_G, EXT_C, EXT_BG}, "fill"},
    {{"outer_border", 2, x_outer_border, {T_GRID, TT_NUM}, T_GRID}, {EXT_G, EXT_BG}, "fill"},
    {{"inner_cells", 2, x_inner_cells, {T_GRID, TT_NUM}, T_GRID}, {EXT_G, EXT_BG}, "fill"},
    {{"outline", 3, x_outline, {T_GRID, TT_NUM, TT_NUM}, T_GRID}, {EXT_G, EXT_C, EXT_BG}, "fill"},
    {{"pad", 2, x_pad, {T_GRID, TT_NUM}, T_GRID}, {EXT_G, EXT_C}, "fill"},
    {{"spread_colors", 2, x_spread_colors, {T_GRID, TT_NUM}, T_GRID}, {EXT_G, EXT_BG}, "fill"},
    {{"spread_minor", 2, x_spread_minor, {T_GRID, TT_NUM}, T_GRID}, {EXT_G, EXT_BG}, "fill"},
    {{NULL, 0, NULL, {0}, 0}, {0}, NULL},
};
