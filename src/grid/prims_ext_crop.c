/*
 * prims_ext_crop.c - extension primitives that crop, compress or move the
 * content of a grid (table tv_prims_ext_crop): crop to the bounding box of
 * the foreground or of one colour, drop background rows and columns, merge
 * repeated rows and columns, move the content to the origin, the content's
 * bounding box and top-left corner as images, and the middle cells.
 *
 * Design. Everything here is a bounding box or a choice of kept rows and
 * columns, found in one scan of the argument and then copied row by row
 * (memcpy for contiguous runs). A crop of nothing is the empty grid ().
 */
#include <string.h>

#include "grid/prims_ext_internal.h"

static tv_val crop_box(tv_ctx *ctx, const ext_grid *g, const ext_box *b) {
  return ext_subgrid(ctx, g, b->top, b->left, b->bottom - b->top + 1, b->right - b->left + 1);
}

static tv_val x_crop_content(tv_ctx *ctx, const tv_val *args) {
  ext_grid g;
  uint8_t bg;
  ext_box box;
  tv_val err = ext_read_grid_colours(ctx, args, "crop_content", &g, &bg, NULL);
  if (err) return err;
  CHARGE(ext_area(&g));
  return ext_content_box(&g, bg, &box) ? crop_box(ctx, &g, &box) : TV_EMPTY_TUPLE;
}

static tv_val x_crop_color(tv_ctx *ctx, const tv_val *args) {
  ext_grid g;
  uint8_t c;
  tv_val err = ext_read_grid_colours(ctx, args, "crop_color", &g, &c, NULL);
  if (err) return err;
  CHARGE(ext_area(&g));
  ext_box box = {g.h, g.w, -1, -1};
  for (int i = 0; i < g.h; i++)
    for (int j = 0; j < g.w; j++)
      if (ext_at(&g, i, j) == c) {
        if (box.top > i) box.top = i;
        box.bottom = i;
        if (box.left > j) box.left = j;
        if (box.right < j) box.right = j;
      }
  return box.bottom >= 0 ? crop_box(ctx, &g, &box) : TV_EMPTY_TUPLE;
}

/* The grid of rows rows[0..nr) and columns cols[0..nc) of g. */
static tv_val pick_lines(tv_ctx *ctx, const ext_grid *g, const int *rows, int nr, const int *cols,
                         int nc) {
  tv_val out = ext_new_grid(ctx, nr, nc, 0);
  if (!tv_is_grid(out)) return out;
  uint8_t *dst = tv_grid_cells(out);
  for (int i = 0; i < nr; i++) {
    const uint8_t *src = g->cells + (size_t)rows[i] * (size_t)g->w;
    for (int j = 0; j < nc; j++) *dst++ = src[cols[j]];
  }
  return tv_grid_seal(out);
}

static tv_val x_drop_bg_lines(tv_ctx *ctx, const tv_val *args) {
  ext_grid g;
  uint8_t bg;
  tv_val err = ext_read_grid_colours(ctx, args, "drop_bg_lines", &g, &bg, NULL);
  if (err) return err;
  CHARGE(ext_area(&g));
  int rows[TV_GRID_MAX_SIDE], cols[TV_GRID_MAX_SIDE], nr = 0, nc = 0;
  uint8_t col_used[TV_GRID_MAX_SIDE] = {0};
  for (int i = 0; i < g.h; i++) {
    bool used = false;
    for (int j = 0; j < g.w; j++)
      if (ext_at(&g, i, j) != bg) {
        used = true;
        col_used[j] = 1;
      }
    if (used) rows[nr++] = i;
  }
  for (int j = 0; j < g.w; j++)
    if (col_used[j]) cols[nc++] = j;
  return pick_lines(ctx, &g, rows, nr, cols, nc);
}

static tv_val x_merge_equal_lines(tv_ctx *ctx, const tv_val *args) {
  ext_grid g;
  tv_val err = ext_read_grid(ctx, args[0], "merge_equal_lines", &g);
  if (err) return err;
  CHARGE(2 * ext_area(&g));
  int rows[TV_GRID_MAX_SIDE], cols[TV_GRID_MAX_SIDE], nr = 0, nc = 0;
  for (int i = 0; i < g.h; i++)
    if (i == 0 || memcmp(g.cells + (size_t)i * (size_t)g.w, g.cells + (size_t)(i - 1) * (size_t)g.w,
                         (size_t)g.w) != 0)
      rows[nr++] = i;
  for (int j = 0; j < g.w; j++) {
    bool differs = j == 0;
    for (int i = 0; i < g.h && !differs; i++) differs = ext_at(&g, i, j) != ext_at(&g, i, j - 1);
    if (differs) cols[nc++] = j;
  }
  return pick_lines(ctx, &g, rows, nr, cols, nc);
}

/* A bg grid of g's shape with the cells of box b copied to (top, left). */
static tv_val move_box(tv_ctx *ctx, const ext_grid *g, const ext_box *b, uint8_t bg, int top,
                       int left) {
  tv_val out = ext_new_grid(ctx, g->h, g->w, bg);
  if (!tv_is_grid(out)) return out;
  uint8_t *dst = tv_grid_cells(out);
  int bh = b->bottom - b->top + 1, bw = b->right - b->left + 1;
  for (int i = 0; i < bh; i++)
    memcpy(dst + (size_t)(top + i) * (size_t)g->w + (size_t)left,
           g->cells + (size_t)(b->top + i) * (size_t)g->w + (size_t)b->left, (size_t)bw);
  return tv_grid_seal(out);
}

static tv_val x_to_origin(tv_ctx *ctx, const tv_val *args) {
  ext_grid g;
  uint8_t bg;
  ext_box box;
  tv_val err = ext_read_grid_colours(ctx, args, "to_origin", &g, &bg, NULL);
  if (err) return err;
  CHARGE(ext_area(&g));
  if (!ext_content_box(&g, bg, &box)) return ext_copy_grid(ctx, &g);
  return move_box(ctx, &g, &box, bg, 0, 0);
}

/* content_box (the whole box) or content_corner (its top-left cell) drawn
 * in the majority foreground colour on a bg grid of g's shape. */
static tv_val mark_box(tv_ctx *ctx, const tv_val *args, const char *name, bool whole) {
  ext_grid g;
  uint8_t bg, c;
  ext_box box;
  tv_val err = ext_read_grid_colours(ctx, args, name, &g, &bg, NULL);
  if (err) return err;
  CHARGE(2 * ext_area(&g));
  uint32_t counts[256];
  ext_histogram(&g, counts);
  tv_val out = ext_new_grid(ctx, g.h, g.w, bg);
  if (!tv_is_grid(out) || !ext_major_colour(counts, bg, &c)) return tv_grid_seal(out);
  ext_content_box(&g, bg, &box);
  if (!whole) box.bottom = box.top, box.right = box.left;
  uint8_t *dst = tv_grid_cells(out);
  for (int i = box.top; i <= box.bottom; i++)
    memset(dst + (size_t)i * (size_t)g.w + (size_t)box.left, c, (size_t)(box.right - box.left + 1));
  return tv_grid_seal(out);
}

static tv_val x_content_box(tv_ctx *ctx, const tv_val *a) { return mark_box(ctx, a, "content_box", true); }
static tv_val x_content_corner(tv_ctx *ctx, const tv_val *a) {
  return mark_box(ctx, a, "content_corner", false);
}

/* The central cell, or the central two rows / columns of an even side. */
static tv_val x_middle(tv_ctx *ctx, const tv_val *args) {
  ext_grid g;
  tv_val err = ext_read_grid(ctx, args[0], "middle", &g);
  if (err) return err;
  if (g.h == 0) return TV_EMPTY_TUPLE;
  int h = 2 - g.h % 2, w = 2 - g.w % 2;
  return ext_subgrid(ctx, &g, (g.h - h) / 2, (g.w - w) / 2, h, w);
}

const tv_prim_ext tv_prims_ext_crop[] = {
    {{"crop_content", 2, x_crop_content, {T_GRID, TT_NUM}, T_GRID}, {EXT_G, EXT_BG}, "crop"},
    {{"crop_color", 2, x_crop_color, {T_GRID, TT_NUM}, T_GRID}, {EXT_G, EXT_C}, "crop"},
    {{"drop_bg_lines", 2, x_drop_bg_lines, {T_GRID, TT_NUM}, T_GRID}, {EXT_G, EXT_BG}, "crop"},
    {{"merge_equal_lines", 1, x_merge_equal_lines, {T_GRID}, T_GRID}, {EXT_G}, "crop"},
    {{"to_origin", 2, x_to_origin, {T_GRID, TT_NUM}, T_GRID}, {EXT_G, EXT_BG}, "crop"},
    {{"content_box", 2, x_content_box, {T_GRID, TT_NUM}, T_GRID}, {EXT_G, EXT_BG}, "crop"},
    {{"content_corner", 2, x_content_corner, {T_GRID, TT_NUM}, T_GRID}, {EXT_G, EXT_BG}, "crop"},
    {{"middle", 1, x_middle, {T_GRID}, T_GRID}, {EXT_G}, "crop"},
    {{NULL, 0, NULL, {0}, 0}, {0}, NULL},
};
