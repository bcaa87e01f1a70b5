/*
 * prims_ext_count.c - extension primitives that turn a count into an image
 * (table tv_prims_ext_count): the number of foreground cells, of foreground
 * colours or of objects (8-connected multicolour components), drawn as a
 * row, a column or a square of that many cells in the most common
 * foreground colour. Tasks whose answer is "as many cells as there are
 * objects" are then one step away.
 *
 * Design. One scan (a histogram, or a labelling for objects) gives the
 * count; the result size follows from it and is charged before the result
 * is built. A count of zero is the empty grid ().
 */
#include "grid/prims_ext_internal.h"

typedef enum measure { M_CELLS, M_COLORS, M_OBJECTS } measure;
typedef enum layout { ROW, COL, SQUARE } layout;

static tv_val count_image(tv_ctx *ctx, const tv_val *args, const char *name, measure m, layout l) {
  ext_grid g;
  uint8_t bg, colour;
  tv_val err = ext_read_grid_colours(ctx, args, name, &g, NULL, &bg);
  if (err) return err;
  CHARGE(ext_area(&g));
  uint32_t counts[256];
  ext_histogram(&g, counts);
  if (!ext_major_colour(counts, bg, &colour)) return TV_EMPTY_TUPLE;
  int64_t n = 0;
  if (m == M_OBJECTS) {
    ext_components c;
    if ((err = ext_label(ctx, &g, (ext_connectivity){true, false, true, bg}, &c))) return err;
    n = c.n;
  } else {
    for (int b = 0; b < 256; b++)
      if (b != bg) n += m == M_CELLS ? counts[b] : counts[b] != 0;
  }
  if (n > TV_GRID_MAX_SIDE)
    return tv_error(ctx, "%s: a count of %lld cells exceeds the %d x %d limit", name, (long long)n,
                    TV_GRID_MAX_SIDE, TV_GRID_MAX_SIDE);
  int h = l == ROW ? 1 : (int)n, w = l == COL ? 1 : (int)n;
  tv_val out = ext_new_grid(ctx, h, w, colour);
  return tv_is_grid(out) ? tv_grid_seal(out) : out;
}

#define COUNT(what, m)                                                           \
  static tv_val x_count_##what##_row(tv_ctx *ctx, const tv_val *a) {             \
    return count_image(ctx, a, "count_" #what "_row", m, ROW);                   \
  }                                                                              \
  static tv_val x_count_##what##_col(tv_ctx *ctx, const tv_val *a) {             \
    return count_image(ctx, a, "count_" #what "_col", m, COL);                   \
  }                                                                              \
  static tv_val x_count_##what##_square(tv_ctx *ctx, const tv_val *a) {          \
    return count_image(ctx, a, "count_" #what "_square", m, SQUARE);             \
  }
COUNT(cells, M_CELLS)
COUNT(colors, M_COLORS)
COUNT(objects, M_OBJECTS)

#define ONE(fname) {{#fname, 2, x_##fname, {T_GRID, TT_NUM}, T_GRID}, {EXT_G, EXT_BG}, "count"}
#define ENTRIES(what) ONE(count_##what##_row), ONE(count_##what##_col), ONE(count_##what##_square)

const tv_prim_ext tv_prims_ext_count[] = {
    ENTRIES(cells),
    ENTRIES(colors),
    ENTRIES(objects),
    {{NULL, 0, NULL, {0}, 0}, {0}, NULL},
};
