/*
 * patch.c - the patch view shared by the primitive files (prims_internal.h).
 *
 * A view never copies a set or tuple: it points at the container's items
 * (or at a two-column grid's bytes), so opening a patch costs nothing but
 * the classification. Only the immediate reader, whose users index items[]
 * directly, turns a two-column grid into an array of pairs in the arena.
 * The index set of a whole rectangle (asindices, occurrences of an empty
 * object) is built here too, in reading order, which is the set order.
 */
#include "grid/prims_internal.h"

tv_val tv_patch_open(tv_ctx *ctx, const char *prim, tv_val patch, patch_view *pv) {
  memset(pv, 0, sizeof *pv);
  if (tv_is_grid(patch) && tv_grid_w(patch) == 2) {
    pv->mode = PATCH_BYTE_PAIRS;
    pv->n = (size_t)tv_grid_h(patch);
    pv->bytes = tv_grid_cells(patch);
    return 0;
  }
  if (!tv_is_set(patch) && !tv_is_tuple(patch))
    return tv_error(ctx, "%s: expected a patch, got %s", prim, tv_kind_name(patch));
  pv->n = tv_obj_of(patch)->n;
  pv->items = tv_items(patch);
  pv->is_set = tv_is_set(patch);
  if (pv->n == 0) {
    pv->mode = PATCH_EMPTY;
    return 0;
  }
  tv_val first = pv->items[0];
  if (tv_is_cell(first)) {
    pv->mode = PATCH_CELLS;
  } else if (tv_is_pair(first)) {
    pv->mode = PATCH_INDICES;
  } else if (tv_is_tuple(first) && tv_obj_of(first)->n >= 2) {
    pv->mode = tv_is_tuplelike(tv_items(first)[1]) ? PATCH_CELLS : PATCH_INDICES;
  } else {
    return tv_error(ctx, "%s: patch elements must be cells or indices, not %s", prim,
                    tv_kind_name(first));
  }
  return 0;
}

/* The rows of a two-column grid as immediate pairs. */
static tv_val grid_as_pairs(tv_ctx *ctx, tv_val grid, patch_view *pv) {
  int h = tv_grid_h(grid);
  tv_val *items = scratch(ctx, (size_t)h, sizeof *items);
  CHECK_ALLOC(items);
  for (int i = 0; i < h; i++) items[i] = tv_pair_imm(tv_grid_at(grid, i, 0), tv_grid_at(grid, i, 1));
  pv->items = items;
  pv->n = (size_t)h;
  return 0;
}

tv_val tv_patch_read_immediate(tv_ctx *ctx, tv_val patch, const char *prim, patch_view *pv) {
  memset(pv, 0, sizeof *pv);
  bool grid = tv_is_grid(patch) && tv_grid_w(patch) == 2;
  if (!grid && !tv_is_set(patch) && !tv_is_tuple(patch))
    return tv_error(ctx, "%s: expected a patch (set of cells or indices), got %s", prim,
                    tv_kind_name(patch));
  CHARGE(tv_len(patch));
  if (grid) {
    TRY(grid_as_pairs(ctx, patch, pv));
  } else {
    pv->items = tv_items(patch);
    pv->n = tv_len(patch);
    pv->is_set = tv_is_set(patch);
  }
  if (pv->n == 0) {
    pv->mode = PATCH_EMPTY;
    return 0;
  }
  bool cells = tv_is_cell(pv->items[0]);
  pv->mode = cells ? PATCH_CELLS : PATCH_INDICES;
  for (size_t k = 0; k < pv->n; k++) {
    bool ok = cells ? tv_is_cell(pv->items[k]) : tv_is_pair(pv->items[k]);
    if (!ok)
      return tv_error(ctx, "%s: patch elements must be all cells or all index pairs, got %s", prim,
                      tv_kind_name(pv->items[k]));
  }
  return 0;
}

tv_val tv_patch_all_positions(tv_ctx *ctx, int64_t h, int64_t w) {
  CHARGE(h * w);
  tv_val *out = scratch(ctx, (size_t)(h * w), sizeof *out);
  CHECK_ALLOC(out);
  size_t n = 0;
  for (int64_t i = 0; i < h; i++)
    for (int64_t j = 0; j < w; j++) out[n++] = tv_pair_imm(i, j);
  return tv_set_sorted(ctx, n, out); /* reading order is the set order */
}
