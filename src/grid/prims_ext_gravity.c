/*
 * prims_ext_gravity.c - extension primitives that let the foreground fall
 * towards one side of the grid (table tv_prims_ext_gravity): objects fall
 * as rigid bodies (gravity_down, ...) or every cell falls on its own
 * (gravity_cells_down, ...).
 *
 * Design. Objects are the 8-connected multicolour components of the
 * foreground. They fall in passes: in each pass every object, nearest to
 * the target side first, moves as far as it can without leaving the grid
 * or overlapping any other object, and passes repeat until nothing moves,
 * so the result is a resting state (applying the primitive again changes
 * nothing) and no two objects ever overlap. An occupancy array of object
 * numbers per cell makes each step test O(cells of the object); the work
 * charged is one unit per cell tested. Falling cells need no labels: each
 * row or column is compacted towards the side in one pass, keeping the
 * order of its foreground cells.
 */
#include <stdlib.h>
#include <string.h>

#include "grid/prims_ext_internal.h"

typedef struct direction {
  int di, dj;
} direction;

static const direction DOWN_ = {1, 0}, UP_ = {-1, 0}, RIGHT_ = {0, 1}, LEFT_ = {0, -1};

/* An object being moved: its current cells as (i, j) and colours. */
typedef struct body {
  int *i, *j;
  uint8_t *colour;
  uint32_t n;
  int key;   /* how far along the direction its leading cells are */
  int cross; /* smallest coordinate across the direction (tie-break) */
  int id;
} body;

static int by_nearest(const void *a, const void *b) {
  const body *x = a, *y = b;
  if (x->key != y->key) return x->key > y->key ? -1 : 1;
  if (x->cross != y->cross) return x->cross < y->cross ? -1 : 1;
  return (x->id > y->id) - (x->id < y->id);
}

/* Bodies of the components of c, with their sort keys for direction d. */
static tv_val make_bodies(tv_ctx *ctx, const ext_grid *g, const ext_components *c, direction d,
                          body *bodies) {
  size_t n = ext_area(g);
  int *is = scratch(ctx, n, sizeof *is), *js = scratch(ctx, n, sizeof *js);
  uint8_t *colours = scratch(ctx, n, 1);
  if (!is || !js || !colours) return tv_oom_error(ctx);
  for (int k = 0; k < c->n; k++) {
    body *b = &bodies[k];
    uint32_t s = c->start[k];
    *b = (body){is + s, js + s, colours + s, c->start[k + 1] - s, INT32_MIN, INT32_MAX, k};
    for (uint32_t m = 0; m < b->n; m++) {
      uint32_t at = c->cells[s + m];
      b->i[m] = (int)(at / (uint32_t)g->w);
      b->j[m] = (int)(at % (uint32_t)g->w);
      b->colour[m] = g->cells[at];
      int along = d.di * b->i[m] + d.dj * b->j[m], across = d.di ? b->j[m] : b->i[m];
      if (along > b->key) b->key = along;
      if (across < b->cross) b->cross = across;
    }
  }
  qsort(bodies, (size_t)c->n, sizeof *bodies, by_nearest);
  return 0;
}

/* Whether body b can move one more step (to offset s) in direction d. */
static bool can_step(const ext_grid *g, const int32_t *occ, const body *b, direction d, int s) {
  for (uint32_t m = 0; m < b->n; m++) {
    int i = b->i[m] + s * d.di, j = b->j[m] + s * d.dj;
    if (i < 0 || j < 0 || i >= g->h || j >= g->w) return false;
    int32_t o = occ[(size_t)i * (size_t)g->w + (size_t)j];
    if (o != -1 && o != b->id) return false;
  }
  return true;
}

/* Moves body b as far as it goes; returns the distance, or -1 when the
 * budget ran out. */
static int fall(tv_ctx *ctx, const ext_grid *g, int32_t *occ, body *b, direction d) {
  int s = 0;
  while (true) {
    if (!tv_charge(ctx, b->n + 1)) return -1;
    if (!can_step(g, occ, b, d, s + 1)) break;
    s++;
  }
  if (s == 0) return 0;
  for (uint32_t m = 0; m < b->n; m++) occ[(size_t)b->i[m] * (size_t)g->w + (size_t)b->j[m]] = -1;
  for (uint32_t m = 0; m < b->n; m++) {
    b->i[m] += s * d.di;
    b->j[m] += s * d.dj;
    occ[(size_t)b->i[m] * (size_t)g->w + (size_t)b->j[m]] = b->id;
  }
  return s;
}

static tv_val gravity_objects(tv_ctx *ctx, const tv_val *args, const char *name, direction d) {
  ext_grid g;
  uint8_t bg;
  ext_components c;
  tv_val err = ext_read_grid_colours(ctx, args, name, &g, NULL, &bg);
  if (!err) err = ext_label(ctx, &g, (ext_connectivity){true, false, true, bg}, &c);
  if (err) return err;
  body *bodies = scratch(ctx, (size_t)c.n, sizeof *bodies);
  if (!bodies) return tv_oom_error(ctx);
  if ((err = make_bodies(ctx, &g, &c, d, bodies))) return err;
  int32_t *occ = c.label; /* component numbers per cell, kept up to date */
  for (bool moved = true; moved;) {
    moved = false;
    for (int k = 0; k < c.n; k++) {
      int s = fall(ctx, &g, occ, &bodies[k], d);
      if (s < 0) return tv_budget_error(ctx);
      moved = moved || s > 0;
    }
  }
  tv_val out = ext_new_grid(ctx, g.h, g.w, bg);
  if (!tv_is_grid(out)) return out;
  uint8_t *dst = tv_grid_cells(out);
  for (int k = 0; k < c.n; k++)
    for (uint32_t m = 0; m < bodies[k].n; m++)
      dst[(size_t)bodies[k].i[m] * (size_t)g.w + (size_t)bodies[k].j[m]] = bodies[k].colour[m];
  return tv_grid_seal(out);
}

/* Each line along d keeps its foreground cells in order, packed at the end
 * the direction points to. */
static tv_val gravity_cells(tv_ctx *ctx, const tv_val *args, const char *name, direction d) {
  ext_grid g;
  uint8_t bg;
  tv_val err = ext_read_grid_colours(ctx, args, name, &g, NULL, &bg);
  if (err) return err;
  CHARGE(ext_area(&g));
  tv_val out = ext_new_grid(ctx, g.h, g.w, bg);
  if (!tv_is_grid(out)) return out;
  uint8_t *dst = tv_grid_cells(out);
  bool vertical = d.di != 0, forward = d.di + d.dj > 0;
  int lines = vertical ? g.w : g.h, len = vertical ? g.h : g.w;
  size_t along = vertical ? (size_t)g.w : 1, across = vertical ? 1 : (size_t)g.w;
  for (int l = 0; l < lines; l++) {
    const uint8_t *src = g.cells + (size_t)l * across;
    uint8_t *line = dst + (size_t)l * across;
    int put = forward ? len - 1 : 0;
    for (int k = 0; k < len; k++) {
      int at = forward ? len - 1 - k : k;
      uint8_t c = src[(size_t)at * along];
      if (c == bg) continue;
      line[(size_t)put * along] = c;
      put += forward ? -1 : 1;
    }
  }
  return tv_grid_seal(out);
}

#define GRAVITY(fname, dir)                                                      \
  static tv_val x_gravity_##fname(tv_ctx *ctx, const tv_val *a) {                \
    return gravity_objects(ctx, a, "gravity_" #fname, dir);                      \
  }                                                                              \
  static tv_val x_gravity_cells_##fname(tv_ctx *ctx, const tv_val *a) {          \
    return gravity_cells(ctx, a, "gravity_cells_" #fname, dir);                  \
  }
GRAVITY(down, DOWN_)
GRAVITY(up, UP_)
GRAVITY(left, LEFT_)
GRAVITY(right, RIGHT_)

#define ENTRY(fname)                                                             \
  {{"gravity_" #fname, 2, x_gravity_##fname, {T_GRID, TT_NUM}, T_GRID}, {EXT_G, EXT_BG}, "gravity"}, \
  {{"gravity_cells_" #fname, 2, x_gravity_cells_##fname, {T_GRID, TT_NUM}, T_GRID},              \
   {EXT_G, EXT_BG}, "gravity"}

const tv_prim_ext tv_prims_ext_gravity[] = {
    ENTRY(down),
    ENTRY(up),
    ENTRY(left),
    ENTRY(right),
    {{NULL, 0, NULL, {0}, 0}, {0}, NULL},
};
