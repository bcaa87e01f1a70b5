/*
 * prims_ext_colour.c - extension primitives that keep, erase or recolour
 * cells by colour (table tv_prims_ext_colour): filter to one colour, to the
 * most or least common foreground colour, the foreground recoloured, the
 * negative, the majority colour as an image, a colour map given as a tuple,
 * and the maps of colour normalisation: colours ranked into roles
 * (role_map) and the inverse of a map (invert_map).
 *
 * Design. Each primitive is one pass that builds a 256-entry table from
 * colour byte to output byte and one pass that maps every cell through it,
 * so all of them cost two cell scans at most (one for the histogram when a
 * majority or minority colour is needed). "Foreground" always means the
 * cells that are not the background colour given as the last argument; ties
 * between equally common colours go to the smaller colour value.
 */
#include <stdlib.h>
#include <string.h>

#include "grid/prims_ext_internal.h"

/* The grid g with every cell c replaced by map[c]. */
static tv_val map_cells(tv_ctx *ctx, const ext_grid *g, const uint8_t map[256]) {
  tv_val out = ext_new_grid(ctx, g->h, g->w, 0);
  if (!tv_is_grid(out)) return out;
  uint8_t *dst = tv_grid_cells(out);
  size_t n = ext_area(g);
  for (size_t k = 0; k < n; k++) dst[k] = map[g->cells[k]];
  return tv_grid_seal(out);
}

static void identity_map(uint8_t map[256]) {
  for (int b = 0; b < 256; b++) map[b] = (uint8_t)b;
}

/* Every colour to bg except `keep`. */
static void keep_only_map(uint8_t map[256], uint8_t keep, uint8_t bg) {
  memset(map, bg, 256);
  map[keep] = keep;
}

/* The majority (most) or minority foreground colour of g (one scan, which
 * the caller charges); false when g has no foreground. */
static bool scan_colour(const ext_grid *g, uint8_t bg, bool most, uint8_t *out) {
  uint32_t counts[256];
  ext_histogram(g, counts);
  return most ? ext_major_colour(counts, bg, out) : ext_minor_colour(counts, bg, out);
}

static tv_val x_keep_color(tv_ctx *ctx, const tv_val *args) {
  ext_grid g;
  uint8_t c, bg, map[256];
  tv_val err = ext_read_grid_colours(ctx, args, "keep_color", &g, &c, &bg);
  if (err) return err;
  keep_only_map(map, c, bg);
  return map_cells(ctx, &g, map);
}

/* keep_major / keep_minor / erase_major / erase_minor. */
static tv_val by_rank(tv_ctx *ctx, const tv_val *args, const char *name, bool most, bool keep) {
  ext_grid g;
  uint8_t bg, c, map[256];
  tv_val err = ext_read_grid_colours(ctx, args, name, &g, NULL, &bg);
  if (err) return err;
  CHARGE(ext_area(&g));
  bool found = scan_colour(&g, bg, most, &c);
  if (keep) {
    memset(map, bg, 256);
    if (found) map[c] = c;
  } else {
    identity_map(map);
    if (found) map[c] = bg;
  }
  return map_cells(ctx, &g, map);
}

static tv_val x_keep_major(tv_ctx *ctx, const tv_val *a) { return by_rank(ctx, a, "keep_major", true, true); }
static tv_val x_keep_minor(tv_ctx *ctx, const tv_val *a) { return by_rank(ctx, a, "keep_minor", false, true); }
static tv_val x_erase_major(tv_ctx *ctx, const tv_val *a) { return by_rank(ctx, a, "erase_major", true, false); }
static tv_val x_erase_minor(tv_ctx *ctx, const tv_val *a) { return by_rank(ctx, a, "erase_minor", false, false); }

static tv_val x_recolor_fg(tv_ctx *ctx, const tv_val *args) {
  ext_grid g;
  uint8_t c, bg, map[256];
  tv_val err = ext_read_grid_colours(ctx, args, "recolor_fg", &g, &c, &bg);
  if (err) return err;
  memset(map, c, 256);
  map[bg] = bg;
  return map_cells(ctx, &g, map);
}

static tv_val x_negate(tv_ctx *ctx, const tv_val *args) {
  ext_grid g;
  uint8_t bg, c, map[256];
  tv_val err = ext_read_grid_colours(ctx, args, "negate", &g, NULL, &bg);
  if (err) return err;
  CHARGE(ext_area(&g));
  if (!scan_colour(&g, bg, true, &c)) c = bg;
  memset(map, bg, 256);
  map[bg] = c;
  return map_cells(ctx, &g, map);
}

/* fill_major: every cell the majority colour; blank: every cell bg. */
static tv_val uniform(tv_ctx *ctx, const tv_val *args, const char *name, bool major) {
  ext_grid g;
  uint8_t bg, c;
  tv_val err = ext_read_grid_colours(ctx, args, name, &g, NULL, &bg);
  if (err) return err;
  c = bg;
  if (major) {
    CHARGE(ext_area(&g));
    if (!scan_colour(&g, bg, true, &c)) c = bg;
  }
  tv_val out = ext_new_grid(ctx, g.h, g.w, c);
  return tv_is_grid(out) ? tv_grid_seal(out) : out;
}

static tv_val x_fill_major(tv_ctx *ctx, const tv_val *a) { return uniform(ctx, a, "fill_major", true); }
static tv_val x_blank(tv_ctx *ctx, const tv_val *a) { return uniform(ctx, a, "blank", false); }

static tv_val x_major_cell(tv_ctx *ctx, const tv_val *args) {
  ext_grid g;
  uint8_t bg, c;
  tv_val err = ext_read_grid_colours(ctx, args, "major_cell", &g, NULL, &bg);
  if (err) return err;
  CHARGE(ext_area(&g));
  if (!scan_colour(&g, bg, true, &c)) c = bg;
  tv_val out = ext_new_grid(ctx, 1, 1, c);
  return tv_is_grid(out) ? tv_grid_seal(out) : out;
}

/* The map argument of permute_colors: a tuple (or pair) of colours. */
static tv_val read_colour_map(tv_ctx *ctx, tv_val v, const char *name, uint8_t map[256]) {
  identity_map(map);
  if (tv_is_pair(v)) {
    tv_val items[2] = {tv_int(tv_pair_a(v)), tv_int(tv_pair_b(v))};
    for (int k = 0; k < 2; k++) {
      tv_val err = ext_read_colour(ctx, items[k], name, &map[k]);
      if (err) return err;
    }
    return 0;
  }
  if (!tv_is_tuple(v))
    return tv_error(ctx, "%s: expected a tuple of colours, got %s", name, tv_kind_name(v));
  size_t n = tv_len(v);
  if (n > 128)
    return tv_error(ctx, "%s: %zu colours given, at most 128 (colours 0..127)", name, n);
  CHARGE(n);
  const tv_val *items = tv_items(v);
  for (size_t k = 0; k < n; k++) {
    tv_val err = ext_read_colour(ctx, items[k], name, &map[k]);
    if (err) return err;
  }
  return 0;
}

static tv_val x_permute_colors(tv_ctx *ctx, const tv_val *args) {
  ext_grid g;
  uint8_t map[256];
  tv_val err = ext_read_grid(ctx, args[0], "permute_colors", &g);
  if (!err) err = read_colour_map(ctx, args[1], "permute_colors", map);
  if (err) return err;
  return map_cells(ctx, &g, map);
}

/* ---- colour roles ------------------------------------------------------------ */

#define ROLE_COLOURS 10

typedef struct ranked {
  int colour;
  int64_t key; /* smaller first */
} ranked;

static int by_key_then_colour(const void *a, const void *b) {
  const ranked *x = a, *y = b;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  return x->colour - y->colour;
}

/* The permutation of colours 0..9 that keeps the colours of bitmask `keep`
 * and sends the other colours of g, ranked by `order` (0: most cells first,
 * 1: fewest cells first, 2: first seen in reading order), onto the free
 * colours in ascending order; absent colours take the free colours left. */
static tv_val x_role_map(tv_ctx *ctx, const tv_val *args) {
  ext_grid g;
  tv_val err = ext_read_grid(ctx, args[0], "role_map", &g);
  if (err) return err;
  if (!tv_is_number(args[1]) || !tv_is_number(args[2]))
    return tv_error(ctx, "role_map: keep (a bitmask) and order (0, 1 or 2) must be integers");
  int64_t keep = tv_num(args[1]), order = tv_num(args[2]);
  if (keep < 0 || keep >= 1 << ROLE_COLOURS || order < 0 || order > 2)
    return tv_error(ctx, "role_map: keep must be a mask of colours 0..9 and order 0, 1 or 2");
  CHARGE(ext_area(&g));
  int64_t count[ROLE_COLOURS] = {0}, first[ROLE_COLOURS];
  for (int c = 0; c < ROLE_COLOURS; c++) first[c] = INT64_MAX;
  for (size_t k = 0; k < ext_area(&g); k++) {
    int c = tv_byte_colour(g.cells[k]);
    if (c < 0 || c >= ROLE_COLOURS) continue;
    if (!count[c]++) first[c] = (int64_t)k;
  }
  ranked present[ROLE_COLOURS];
  int n = 0, targets[ROLE_COLOURS], nt = 0;
  for (int c = 0; c < ROLE_COLOURS; c++) {
    if (keep >> c & 1) continue;
    targets[nt++] = c;
    if (count[c])
      present[n++] = (ranked){c, order == 0 ? -count[c] : order == 1 ? count[c] : first[c]};
  }
  qsort(present, (size_t)n, sizeof *present, by_key_then_colour);
  tv_val map[ROLE_COLOURS];
  for (int c = 0; c < ROLE_COLOURS; c++) map[c] = tv_int(c);
  int next = 0;
  for (int k = 0; k < n; k++) map[present[k].colour] = tv_int(targets[next++]);
  for (int c = 0; c < ROLE_COLOURS; c++)
    if (!(keep >> c & 1) && !count[c]) map[c] = tv_int(targets[next++]);
  return tv_tuple(ctx, ROLE_COLOURS, map);
}

/* The inverse of a permutation of 0..n-1 given as a tuple. */
static tv_val x_invert_map(tv_ctx *ctx, const tv_val *args) {
  uint8_t map[256];
  tv_val err = read_colour_map(ctx, args[0], "invert_map", map);
  if (err) return err;
  size_t n = tv_is_pair(args[0]) ? 2 : tv_len(args[0]);
  tv_val inverse[128];
  bool seen[128] = {false};
  for (size_t k = 0; k < n; k++) {
    int c = tv_byte_colour(map[k]);
    if (c < 0 || (size_t)c >= n || seen[c])
      return tv_error(ctx, "invert_map: the map is not a permutation of 0..%zu", n ? n - 1 : 0);
    seen[c] = true;
    inverse[c] = tv_int((int64_t)k);
  }
  return tv_tuple(ctx, n, inverse);
}

const tv_prim_ext tv_prims_ext_colour[] = {
    {{"keep_color", 3, x_keep_color, {T_GRID, TT_NUM, TT_NUM}, T_GRID}, {EXT_G, EXT_C, EXT_BG}, "colour"},
    {{"keep_major", 2, x_keep_major, {T_GRID, TT_NUM}, T_GRID}, {EXT_G, EXT_BG}, "colour"},
    {{"keep_minor", 2, x_keep_minor, {T_GRID, TT_NUM}, T_GRID}, {EXT_G, EXT_BG}, "colour"},
    {{"erase_major", 2, x_erase_major, {T_GRID, TT_NUM}, T_GRID}, {EXT_G, EXT_BG}, "colour"},
    {{"erase_minor", 2, x_erase_minor, {T_GRID, TT_NUM}, T_GRID}, {EXT_G, EXT_BG}, "colour"},
    {{"recolor_fg", 3, x_recolor_fg, {T_GRID, TT_NUM, TT_NUM}, T_GRID}, {EXT_G, EXT_C, EXT_BG}, "colour"},
    {{"negate", 2, x_negate, {T_GRID, TT_NUM}, T_GRID}, {EXT_G, EXT_BG}, "colour"},
    {{"fill_major", 2, x_fill_major, {T_GRID, TT_NUM}, T_GRID}, {EXT_G, EXT_BG}, "colour"},
    {{"blank", 2, x_blank, {T_GRID, TT_NUM}, T_GRID}, {EXT_G, EXT_BG}, "colour"},
    {{"major_cell", 2, x_major_cell, {T_GRID, TT_NUM}, T_GRID}, {EXT_G, EXT_BG}, "colour"},
    {{"permute_colors", 2, x_permute_colors, {T_GRID, TT_TUPLE | TT_PAIR}, T_GRID}, {EXT_G, EXT_MAP}, "colour"},
    {{"role_map", 3, x_role_map, {T_GRID, TT_NUM, TT_NUM}, TT_TUPLE}, {EXT_G, TV_ROLE_NONE, TV_ROLE_NONE},
     "normalise"},
    {{"invert_map", 1, x_invert_map, {TT_TUPLE | TT_PAIR}, TT_TUPLE | TT_PAIR}, {EXT_MAP}, "normalise"},
    {{NULL, 0, NULL, {0}, 0}, {0}, NULL},
};
