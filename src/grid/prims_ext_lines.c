/*
 * prims_ext_lines.c - extension primitives that draw along lines of the
 * grid (table tv_prims_ext_lines): smear the foreground in one or more of
 * the eight directions (15 modes, as in icecuber), and connect two cells of
 * one colour that face each other across background in a row or column.
 *
 * Design. Both walk every line of the grid in a direction as a run of cell
 * indices a fixed step apart, starting on the edges the direction points
 * away from, so a direction costs one pass over the cells. Smearing carries the last foreground colour seen
 * along the line and writes it into the background behind it; every pass
 * reads the original grid and writes over the previous passes, so in the
 * modes of several directions the later direction wins where two reach one
 * cell (the order is the one listed in each mode's table row).
 */
#include "grid/prims_ext_internal.h"

enum { R, L, D, U, DR, UL, UR, DL };
static const int dir_i[8] = {0, 0, 1, -1, 1, -1, -1, 1};
static const int dir_j[8] = {1, -1, 0, 0, 1, -1, 1, -1};

/* A line of the grid in one direction: `len` cells from `start`, `step`
 * apart in the cell array. */
typedef void (*line_fn)(const uint8_t *src, uint8_t *dst, size_t start, ptrdiff_t step, int len,
                        uint8_t bg);

static int min_int(int a, int b) { return a < b ? a : b; }

/* Calls visit on every line in direction d: the lines start on the edges
 * the direction points away from (a row or column, and for diagonals the
 * rest of the other edge), and run until they leave the grid. */
static void each_line(const ext_grid *g, uint8_t *dst, int d, uint8_t bg, line_fn visit) {
  int di = dir_i[d], dj = dir_j[d], h = g->h, w = g->w;
  ptrdiff_t step = (ptrdiff_t)di * w + dj;
  int top = di >= 0 ? 0 : h - 1, left = dj >= 0 ? 0 : w - 1;
  if (di != 0) /* lines starting on the top (bottom) row */
    for (int j = 0; j < w; j++) {
      int len = dj == 0 ? h : min_int(h, dj > 0 ? w - j : j + 1);
      visit(g->cells, dst, (size_t)top * (size_t)w + (size_t)j, step, len, bg);
    }
  if (dj != 0) /* lines starting on the left (right) column, its top (bottom) cell done above */
    for (int i = di == 0 ? 0 : 1; i < h; i++) {
      int si = di >= 0 ? i : h - 1 - i;
      int len = di == 0 ? w : min_int(w, di > 0 ? h - si : si + 1);
      visit(g->cells, dst, (size_t)si * (size_t)w + (size_t)left, step, len, bg);
    }
}

static void smear_line(const uint8_t *src, uint8_t *dst, size_t k, ptrdiff_t step, int len,
                       uint8_t bg) {
  uint8_t carried = bg;
  for (int m = 0; m < len; m++, k += (size_t)step) {
    if (src[k] != bg) carried = src[k];
    else if (carried != bg) dst[k] = carried;
  }
}

/* Fills the background between consecutive foreground cells of one colour. */
static void connect_line(const uint8_t *src, uint8_t *dst, size_t k, ptrdiff_t step, int len,
                         uint8_t bg) {
  size_t last = 0;
  bool seen = false;
  for (int m = 0; m < len; m++, k += (size_t)step) {
    uint8_t c = src[k];
    if (c == bg) continue;
    if (seen && src[last] == c)
      for (size_t a = last + (size_t)step; a != k; a += (size_t)step) dst[a] = c;
    last = k;
    seen = true;
  }
}

/* The grid with `visit` run along every direction of dirs[0..n). */
static tv_val along(tv_ctx *ctx, const tv_val *args, const char *name, const int *dirs, int n,
                    line_fn visit) {
  ext_grid g;
  uint8_t bg;
  tv_val err = ext_read_grid_colours(ctx, args, name, &g, NULL, &bg);
  if (err) return err;
  CHARGE((uint64_t)n * ext_area(&g));
  tv_val out = ext_copy_grid(ctx, &g);
  if (!tv_is_grid(out)) return out;
  for (int k = 0; k < n; k++) each_line(&g, tv_grid_cells(out), dirs[k], bg, visit);
  return out;
}

/* x_<fname>: `visit` along the directions listed, in that order. */
#define ALONG(fname, visit, ...)                                                 \
  static tv_val x_##fname(tv_ctx *ctx, const tv_val *a) {                        \
    static const int dirs[] = {__VA_ARGS__};                                     \
    return along(ctx, a, #fname, dirs, (int)(sizeof dirs / sizeof dirs[0]), visit); \
  }
ALONG(smear_right, smear_line, R)
ALONG(smear_left, smear_line, L)
ALONG(smear_down, smear_line, D)
ALONG(smear_up, smear_line, U)
ALONG(smear_h, smear_line, R, L)
ALONG(smear_v, smear_line, D, U)
ALONG(smear_hv, smear_line, R, L, D, U)
ALONG(smear_down_right, smear_line, DR)
ALONG(smear_up_left, smear_line, UL)
ALONG(smear_up_right, smear_line, UR)
ALONG(smear_down_left, smear_line, DL)
ALONG(smear_diag, smear_line, DR, UL)
ALONG(smear_antidiag, smear_line, UR, DL)
ALONG(smear_diags, smear_line, DR, UL, UR, DL)
ALONG(smear_all, smear_line, R, L, D, U, DR, UL, UR, DL)
ALONG(connect_h, connect_line, R)
ALONG(connect_v, connect_line, D)
ALONG(connect_hv, connect_line, R, D)

#define LINE_ENTRY(fname) {{#fname, 2, x_##fname, {T_GRID, TT_NUM}, T_GRID}, {EXT_G, EXT_BG}, "lines"}

const tv_prim_ext tv_prims_ext_lines[] = {
    LINE_ENTRY(smear_right),      LINE_ENTRY(smear_left),     LINE_ENTRY(smear_down),
    LINE_ENTRY(smear_up),         LINE_ENTRY(smear_h),        LINE_ENTRY(smear_v),
    LINE_ENTRY(smear_hv),         LINE_ENTRY(smear_down_right), LINE_ENTRY(smear_up_left),
    LINE_ENTRY(smear_up_right),   LINE_ENTRY(smear_down_left), LINE_ENTRY(smear_diag),
    LINE_ENTRY(smear_antidiag),   LINE_ENTRY(smear_diags),    LINE_ENTRY(smear_all),
    LINE_ENTRY(connect_h),        LINE_ENTRY(connect_v),      LINE_ENTRY(connect_hv),
    {{NULL, 0, NULL, {0}, 0}, {0}, NULL},
};
