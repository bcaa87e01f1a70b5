/*
 * prims_ext_overlay.c - extension primitives that combine two or three
 * grids of one shape cell by cell (table tv_prims_ext_overlay): one grid
 * painted over another with the background transparent, a choice by a mask,
 * and a grid kept or erased where a mask has foreground. These are what a
 * composer of partial answers writes its stacked answers with.
 *
 * Design. One pass over the cells with the grids as byte arrays; shapes
 * must agree (anything else is an error, never a silent crop), and the
 * result size is the common shape, known before anything is written.
 */
#include "grid/prims_ext_internal.h"

/* Reads `count` grids and the bg argument after them; all of one shape. */
static tv_val read_same_shape(tv_ctx *ctx, const tv_val *args, int count, const char *name,
                              ext_grid *g, uint8_t *bg) {
  for (int k = 0; k < count; k++) {
    tv_val err = ext_read_grid(ctx, args[k], name, &g[k]);
    if (err) return err;
    if (k && (g[k].h != g[0].h || g[k].w != g[0].w))
      return tv_error(ctx, "%s: shapes differ (%d x %d and %d x %d)", name, g[0].h, g[0].w, g[k].h,
                      g[k].w);
  }
  return ext_read_colour(ctx, args[count], name, bg);
}

typedef enum blend { BLEND_OVER, BLEND_SELECT, BLEND_KEEP, BLEND_ERASE } blend;

static tv_val combine(tv_ctx *ctx, const tv_val *args, const char *name, blend how) {
  ext_grid g[3];
  uint8_t bg;
  int count = how == BLEND_SELECT ? 3 : 2;
  tv_val err = read_same_shape(ctx, args, count, name, g, &bg);
  if (err) return err;
  CHARGE(ext_area(&g[0]));
  tv_val out = ext_new_grid(ctx, g[0].h, g[0].w, 0);
  if (!tv_is_grid(out)) return out;
  uint8_t *dst = tv_grid_cells(out);
  const uint8_t *a = g[0].cells, *b = g[1].cells, *c = count == 3 ? g[2].cells : NULL;
  size_t n = ext_area(&g[0]);
  switch (how) {
    case BLEND_OVER:
      for (size_t k = 0; k < n; k++) dst[k] = b[k] != bg ? b[k] : a[k];
      break;
    case BLEND_SELECT:
      for (size_t k = 0; k < n; k++) dst[k] = a[k] != bg ? b[k] : c[k];
      break;
    case BLEND_KEEP:
      for (size_t k = 0; k < n; k++) dst[k] = b[k] != bg ? a[k] : bg;
      break;
    case BLEND_ERASE:
      for (size_t k = 0; k < n; k++) dst[k] = b[k] != bg ? bg : a[k];
      break;
  }
  return tv_grid_seal(out);
}

static tv_val x_overlay(tv_ctx *ctx, const tv_val *a) { return combine(ctx, a, "overlay", BLEND_OVER); }
static tv_val x_mask_select(tv_ctx *ctx, const tv_val *a) {
  return combine(ctx, a, "mask_select", BLEND_SELECT);
}
static tv_val x_mask_keep(tv_ctx *ctx, const tv_val *a) { return combine(ctx, a, "mask_keep", BLEND_KEEP); }
static tv_val x_mask_erase(tv_ctx *ctx, const tv_val *a) { return combine(ctx, a, "mask_erase", BLEND_ERASE); }

const tv_prim_ext tv_prims_ext_overlay[] = {
    {{"overlay", 3, x_overlay, {T_GRID, T_GRID, TT_NUM}, T_GRID}, {EXT_G, EXT_G, EXT_BG}, "overlay"},
    {{"mask_select", 4, x_mask_select, {T_GRID, T_GRID, T_GRID, TT_NUM}, T_GRID},
     {EXT_G, EXT_G, EXT_G, EXT_BG}, "overlay"},
    {{"mask_keep", 3, x_mask_keep, {T_GRID, T_GRID, TT_NUM}, T_GRID}, {EXT_G, EXT_G, EXT_BG}, "overlay"},
    {{"mask_erase", 3, x_mask_erase, {T_GRID, T_GRID, TT_NUM}, T_GRID}, {EXT_G, EXT_G, EXT_BG}, "overlay"},
    {{NULL, 0, NULL, {0}, 0}, {0}, NULL},
};
