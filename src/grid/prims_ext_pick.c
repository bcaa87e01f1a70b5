/*
 * prims_ext_pick.c - extension primitives that choose among parts (table
 * tv_prims_ext_pick): pick one part by a criterion (most or fewest cells,
 * largest box, topmost, most holes, the odd one out, the most common, the
 * symmetric one, ...), keep or drop the parts that reach a criterion's
 * extreme, and put parts together again (overlay in place, side by side,
 * painted on a grid).
 *
 * A part is an object (a frozenset of cells, at its position) or a grid (at
 * the origin); a list of parts is a tuple or a set of them, as the split
 * primitives and arc-dsl's objects, partition and hsplit make. Pickers
 * return the chosen part cropped to its bounding box as a grid, with bg
 * where the part has no cell (a grid part is returned as it is), so
 * split-then-pick gives an answer grid in two steps.
 *
 * Design. Each part is read once into a `piece`: its bounding box, number
 * of foreground cells and colour set, computed in one pass over its cells;
 * its crop is built only when a criterion needs it (parts, inside, shape,
 * symmetry, oddness). Every criterion is a 64-bit score, and every picker
 * is one of a few operations on the scores (first maximum, all maxima, the
 * only part with a value that no other part has, the part of the most
 * frequent value), so the dozens of named pickers are table rows, not code.
 * Oddness and frequency sort the scores (with crops compared by hash, then
 * content), never compare all pairs. Ties go to the first part in the
 * list's order.
 */
#include <stdlib.h>
#include <string.h>

#include "grid/prims_ext_internal.h"

typedef struct piece {
  tv_val value;      /* the part as given */
  const tv_val *items; /* object cells (NULL for a grid part) */
  size_t n_items;
  ext_grid g;        /* grid part */
  ext_box box;       /* bounding box, grid parts at the origin */
  int64_t cells;     /* foreground cells */
  int colours;       /* distinct foreground colours */
  uint64_t palette[4];
  tv_val crop;       /* built on demand, 0 until then */
} piece;

typedef struct pieces {
  piece *p;
  size_t n;
  uint8_t bg;
  const char *name;
} pieces;

static int box_h(const ext_box *b) { return b->bottom - b->top + 1; }
static int box_w(const ext_box *b) { return b->right - b->left + 1; }

static void note_colour(piece *pc, uint8_t c, uint8_t bg) {
  if (c == bg) return;
  pc->cells++;
  uint64_t bit = 1ull << (c & 63);
  if (!(pc->palette[c >> 6] & bit)) pc->colours++;
  pc->palette[c >> 6] |= bit;
}

/* One part: an object of cells or a non-empty grid. */
static tv_val read_piece(tv_ctx *ctx, tv_val v, const char *name, uint8_t bg, piece *pc) {
  memset(pc, 0, sizeof *pc);
  pc->value = v;
  if (tv_as_grid(v, &pc->g.h, &pc->g.w, &pc->g.cells)) {
    if (pc->g.h == 0 || pc->g.w == 0) return tv_error(ctx, "%s: a part is an empty grid", name);
    CHARGE(ext_area(&pc->g));
    pc->box = (ext_box){0, 0, pc->g.h - 1, pc->g.w - 1};
    for (size_t k = 0; k < ext_area(&pc->g); k++) note_colour(pc, pc->g.cells[k], bg);
    return 0;
  }
  if (!tv_is_set(v) || tv_len(v) == 0 || !tv_is_cell(tv_items(v)[0]))
    return tv_error(ctx, "%s: a part must be an object (cells) or a grid, got %s", name,
                    tv_len(v) == 0 && tv_is_set(v) ? "an empty set" : tv_kind_name(v));
  pc->items = tv_items(v);
  pc->n_items = tv_len(v);
  CHARGE(pc->n_items);
  int64_t top = INT64_MAX, left = INT64_MAX, bottom = INT64_MIN, right = INT64_MIN;
  for (size_t k = 0; k < pc->n_items; k++) {
    tv_val c = pc->items[k];
    if (!tv_is_cell(c)) return tv_error(ctx, "%s: a part mixes cells with %s", name, tv_kind_name(c));
    int64_t i = tv_cell_i(c), j = tv_cell_j(c);
    if (i < top) top = i;
    if (i > bottom) bottom = i;
    if (j < left) left = j;
    if (j > right) right = j;
    note_colour(pc, tv_colour_byte(tv_cell_color(c)), bg);
  }
  if (bottom - top >= TV_GRID_MAX_SIDE || right - left >= TV_GRID_MAX_SIDE || top < -TV_GRID_MAX_SIDE ||
      left < -TV_GRID_MAX_SIDE || bottom > 2 * TV_GRID_MAX_SIDE || right > 2 * TV_GRID_MAX_SIDE)
    return tv_error(ctx, "%s: a part is larger than %d x %d or too far out", name, TV_GRID_MAX_SIDE,
                    TV_GRID_MAX_SIDE);
  pc->box = (ext_box){(int)top, (int)left, (int)bottom, (int)right};
  return 0;
}

static tv_val read_pieces(tv_ctx *ctx, tv_val v, tv_val bgv, const char *name, pieces *ps) {
  ps->name = name;
  tv_val err = ext_read_colour(ctx, bgv, name, &ps->bg);
  if (err) return err;
  if (!tv_is_tuple(v) && !tv_is_set(v))
    return tv_error(ctx, "%s: expected a tuple or set of parts, got %s", name, tv_kind_name(v));
  ps->n = tv_len(v);
  ps->p = scratch(ctx, ps->n, sizeof *ps->p);
  if (!ps->p) return tv_oom_error(ctx);
  for (size_t k = 0; k < ps->n; k++)
    if ((err = read_piece(ctx, tv_items(v)[k], name, ps->bg, &ps->p[k]))) return err;
  return 0;
}

/* The part cropped to its box (bg where it has no cell). */
static tv_val crop_of(tv_ctx *ctx, const pieces *ps, piece *pc) {
  if (pc->crop) return pc->crop;
  if (!pc->items) return pc->crop = pc->value;
  int h = box_h(&pc->box), w = box_w(&pc->box);
  tv_val out = ext_new_grid(ctx, h, w, ps->bg);
  if (!tv_is_grid(out)) return out;
  uint8_t *dst = tv_grid_cells(out);
  for (size_t k = 0; k < pc->n_items; k++) {
    tv_val c = pc->items[k];
    dst[(size_t)(tv_cell_i(c) - pc->box.top) * (size_t)w + (size_t)(tv_cell_j(c) - pc->box.left)] =
        tv_colour_byte(tv_cell_color(c));
  }
  return pc->crop = tv_grid_seal(out);
}

static tv_val crop_view(tv_ctx *ctx, const pieces *ps, piece *pc, ext_grid *g) {
  tv_val crop = crop_of(ctx, ps, pc);
  if (tv_is_error(crop)) return crop;
  return ext_read_grid(ctx, crop, ps->name, g);
}

/* ---- criteria --------------------------------------------------------------- */

typedef enum criterion {
  CR_CELLS, CR_AREA, CR_COLORS, CR_TOP, CR_LEFT, CR_PARTS, CR_HOLES,
  CR_INSIDE, CR_SHAPE, CR_CROP, CR_SYMMETRIC,
} criterion;

/* Foreground components (8-connected, any colours) of a crop. */
static tv_val count_parts(tv_ctx *ctx, const ext_grid *g, uint8_t bg, int64_t *out) {
  ext_components c;
  tv_val err = ext_label(ctx, g, (ext_connectivity){true, false, true, bg}, &c);
  *out = c.n;
  return err;
}

/* Background cells of a crop that no 4-connected path of background cells
 * joins to its border. */
static tv_val count_inside(tv_ctx *ctx, const ext_grid *g, uint8_t bg, int64_t *out) {
  uint8_t *outside = scratch(ctx, ext_area(g), 1);
  if (!outside) return tv_oom_error(ctx);
  tv_val err = ext_mark_outside(ctx, g, bg, false, outside);
  *out = 0;
  for (size_t k = 0; k < ext_area(g) && !err; k++) *out += g->cells[k] == bg && !outside[k];
  return err;
}

/* Whether a crop equals its left-right or its top-bottom mirror image. */
static bool symmetric(const ext_grid *g) {
  bool lr = true, tb = true;
  for (int i = 0; i < g->h && (lr || tb); i++)
    for (int j = 0; j < g->w; j++) {
      lr = lr && ext_at(g, i, j) == ext_at(g, i, g->w - 1 - j);
      tb = tb && ext_at(g, i, j) == ext_at(g, g->h - 1 - i, j);
    }
  return lr || tb;
}

/* A grid of the crop's shape: 1 on the foreground, 0 elsewhere. */
static tv_val shape_of(tv_ctx *ctx, const ext_grid *g, uint8_t bg) {
  tv_val out = ext_new_grid(ctx, g->h, g->w, 0);
  if (!tv_is_grid(out)) return out;
  uint8_t *dst = tv_grid_cells(out);
  for (size_t k = 0; k < ext_area(g); k++) dst[k] = g->cells[k] != bg;
  return tv_grid_seal(out);
}

/* Score of part k: a number, or (CR_SHAPE, CR_CROP) a grid in *key. */
static tv_val score(tv_ctx *ctx, pieces *ps, size_t k, criterion cr, int64_t *out, tv_val *key) {
  piece *pc = &ps->p[k];
  ext_grid g;
  tv_val err = 0;
  switch (cr) {
    case CR_CELLS: *out = pc->cells; return 0;
    case CR_AREA: *out = (int64_t)box_h(&pc->box) * box_w(&pc->box); return 0;
    case CR_COLORS: *out = pc->colours; return 0;
    case CR_TOP: *out = pc->box.top; return 0;
    case CR_LEFT: *out = pc->box.left; return 0;
    case CR_HOLES: *out = (int64_t)box_h(&pc->box) * box_w(&pc->box) - pc->cells; return 0;
    default: break;
  }
  if ((err = crop_view(ctx, ps, pc, &g))) return err;
  switch (cr) {
    case CR_PARTS: return count_parts(ctx, &g, ps->bg, out);
    case CR_INSIDE: return count_inside(ctx, &g, ps->bg, out);
    case CR_SYMMETRIC:
      CHARGE(ext_area(&g));
      *out = symmetric(&g);
      return 0;
    case CR_SHAPE: *key = shape_of(ctx, &g, ps->bg); return tv_is_error(*key) ? *key : 0;
    default: *key = crop_of(ctx, ps, pc); return 0;
  }
}

typedef struct scored {
  int64_t value;
  tv_val key; /* grid key (shape, crop), or 0 */
  uint64_t hash;
  size_t index;
} scored;

static tv_val score_all(tv_ctx *ctx, pieces *ps, criterion cr, scored *s) {
  for (size_t k = 0; k < ps->n; k++) {
    s[k] = (scored){0, 0, 0, k};
    tv_val err = score(ctx, ps, k, cr, &s[k].value, &s[k].key);
    if (err) return err;
    if (s[k].key) s[k].hash = tv_hash(s[k].key);
  }
  return 0;
}

static int compare_scored(const scored *x, const scored *y) {
  if (x->key || y->key) {
    if (x->hash != y->hash) return x->hash < y->hash ? -1 : 1;
    int c = tv_cmp(x->key, y->key);
    if (c) return c;
  } else if (x->value != y->value) {
    return x->value < y->value ? -1 : 1;
  }
  return 0;
}

static int by_score_then_index(const void *a, const void *b) {
  const scored *x = a, *y = b;
  int c = compare_scored(x, y);
  return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* ---- operations ------------------------------------------------------------- */

typedef enum op {
  OP_PICK_MAX, OP_PICK_MIN, OP_SELECT_MAX, OP_SELECT_MIN, OP_REJECT_MAX, OP_REJECT_MIN,
  OP_PICK_ODD, OP_PICK_COMMON, OP_PICK_TRUE, OP_PICK_FALSE,
} op;

static tv_val empty_list_error(tv_ctx *ctx, const pieces *ps) {
  return tv_error(ctx, "%s: no parts to choose from", ps->name);
}

/* The first part with the greatest (smallest when `min`) score. */
static size_t extreme(const scored *s, size_t n, bool min) {
  size_t best = 0;
  for (size_t k = 1; k < n; k++)
    if (min ? s[k].value < s[best].value : s[k].value > s[best].value) best = k;
  return best;
}

/* The parts whose score is (or, with `invert`, is not) the extreme one. */
static tv_val select_extreme(tv_ctx *ctx, const pieces *ps, const scored *s, bool min, bool invert) {
  int64_t target = s[extreme(s, ps->n, min)].value;
  tv_val *items = scratch(ctx, ps->n, sizeof *items);
  if (!items) return tv_oom_error(ctx);
  size_t m = 0;
  for (size_t k = 0; k < ps->n; k++)
    if ((s[k].value == target) != invert) items[m++] = ps->p[k].value;
  return tv_tuple(ctx, m, items);
}

/* With the scores sorted: the part of the only value that occurs once
 * (odd), or the first part of the most frequent value (common). */
static tv_val odd_or_common(tv_ctx *ctx, pieces *ps, scored *s, bool odd) {
  qsort(s, ps->n, sizeof *s, by_score_then_index);
  size_t found = ps->n, runs_of_one = 0, best_len = 0;
  for (size_t a = 0, b; a < ps->n; a = b) {
    for (b = a + 1; b < ps->n && compare_scored(&s[a], &s[b]) == 0; b++) continue;
    if (odd && b - a == 1) {
      runs_of_one++;
      found = s[a].index;
    }
    if (!odd && (b - a > best_len || (b - a == best_len && s[a].index < found))) {
      best_len = b - a;
      found = s[a].index;
    }
  }
  if (odd && runs_of_one != 1)
    return tv_error(ctx, "%s: %s", ps->name, runs_of_one ? "more than one part is odd" : "no part is odd");
  return crop_of(ctx, ps, &ps->p[found]);
}

static tv_val first_with(tv_ctx *ctx, pieces *ps, const scored *s, bool want) {
  for (size_t k = 0; k < ps->n; k++)
    if ((s[k].value != 0) == want) return crop_of(ctx, ps, &ps->p[k]);
  return tv_error(ctx, "%s: no part qualifies", ps->name);
}

static tv_val run_picker(tv_ctx *ctx, const tv_val *args, const char *name, criterion cr, op o) {
  pieces ps;
  tv_val err = read_pieces(ctx, args[0], args[1], name, &ps);
  if (err) return err;
  bool selects = o >= OP_SELECT_MAX && o <= OP_REJECT_MIN;
  if (ps.n == 0) return selects ? TV_EMPTY_TUPLE : empty_list_error(ctx, &ps);
  scored *s = scratch(ctx, ps.n, sizeof *s);
  if (!s) return tv_oom_error(ctx);
  if ((err = score_all(ctx, &ps, cr, s))) return err;
  switch (o) {
    case OP_PICK_MAX: return crop_of(ctx, &ps, &ps.p[extreme(s, ps.n, false)]);
    case OP_PICK_MIN: return crop_of(ctx, &ps, &ps.p[extreme(s, ps.n, true)]);
    case OP_SELECT_MAX: return select_extreme(ctx, &ps, s, false, false);
    case OP_SELECT_MIN: return select_extreme(ctx, &ps, s, true, false);
    case OP_REJECT_MAX: return select_extreme(ctx, &ps, s, false, true);
    case OP_REJECT_MIN: return select_extreme(ctx, &ps, s, true, true);
    case OP_PICK_ODD: return odd_or_common(ctx, &ps, s, true);
    case OP_PICK_COMMON: return odd_or_common(ctx, &ps, s, false);
    case OP_PICK_TRUE: return first_with(ctx, &ps, s, true);
    default: return first_with(ctx, &ps, s, false);
  }
}

/* The only part that has a foreground colour no other part has. */
static tv_val x_pick_unique_color(tv_ctx *ctx, const tv_val *args) {
  pieces ps;
  tv_val err = read_pieces(ctx, args[0], args[1], "pick_unique_color", &ps);
  if (err) return err;
  if (ps.n == 0) return empty_list_error(ctx, &ps);
  uint64_t once[4] = {0}, twice[4] = {0};
  for (size_t k = 0; k < ps.n; k++)
    for (int w = 0; w < 4; w++) {
      twice[w] |= once[w] & ps.p[k].palette[w];
      once[w] |= ps.p[k].palette[w];
    }
  size_t found = ps.n;
  for (size_t k = 0; k < ps.n; k++) {
    bool unique = false;
    for (int w = 0; w < 4; w++) unique = unique || (ps.p[k].palette[w] & once[w] & ~twice[w]);
    if (!unique) continue;
    if (found != ps.n) return tv_error(ctx, "pick_unique_color: more than one part has its own colour");
    found = k;
  }
  if (found == ps.n) return tv_error(ctx, "pick_unique_color: no part has a colour of its own");
  return crop_of(ctx, &ps, &ps.p[found]);
}

/* ---- putting parts together ------------------------------------------------- */

/* Paints the foreground of part pc onto out (h x w, whose (0, 0) is the
 * grid position (top, left)), clipped to out. */
static void paint_piece(const piece *pc, uint8_t bg, uint8_t *out, int h, int w, int top, int left) {
  if (!pc->items) {
    for (int i = 0; i < pc->g.h; i++)
      for (int j = 0; j < pc->g.w; j++) {
        int oi = i - top, oj = j - left;
        uint8_t c = ext_at(&pc->g, i, j);
        if (c != bg && oi >= 0 && oj >= 0 && oi < h && oj < w) out[(size_t)oi * (size_t)w + (size_t)oj] = c;
      }
    return;
  }
  for (size_t k = 0; k < pc->n_items; k++) {
    tv_val cell = pc->items[k];
    int64_t oi = tv_cell_i(cell) - top, oj = tv_cell_j(cell) - left;
    uint8_t c = tv_colour_byte(tv_cell_color(cell));
    if (c != bg && oi >= 0 && oj >= 0 && oi < h && oj < w) out[oi * w + oj] = c;
  }
}

static int by_cells_desc(const void *a, const void *b) {
  const piece *x = *(const piece *const *)a, *y = *(const piece *const *)b;
  if (x->cells != y->cells) return x->cells > y->cells ? -1 : 1;
  return (x > y) - (x < y);
}

/* All parts overlaid at their positions, larger parts first so that smaller
 * ones stay visible, cropped to the box around all of them. */
static tv_val x_compose_parts(tv_ctx *ctx, const tv_val *args) {
  pieces ps;
  tv_val err = read_pieces(ctx, args[0], args[1], "compose_parts", &ps);
  if (err) return err;
  if (ps.n == 0) return empty_list_error(ctx, &ps);
  ext_box all = ps.p[0].box;
  piece **order = scratch(ctx, ps.n, sizeof *order);
  if (!order) return tv_oom_error(ctx);
  for (size_t k = 0; k < ps.n; k++) {
    const ext_box *b = &ps.p[k].box;
    if (b->top < all.top) all.top = b->top;
    if (b->left < all.left) all.left = b->left;
    if (b->bottom > all.bottom) all.bottom = b->bottom;
    if (b->right > all.right) all.right = b->right;
    order[k] = &ps.p[k];
  }
  qsort(order, ps.n, sizeof *order, by_cells_desc);
  int h = box_h(&all), w = box_w(&all);
  tv_val out = ext_new_grid(ctx, h, w, ps.bg);
  if (!tv_is_grid(out)) return out;
  for (size_t k = 0; k < ps.n; k++) paint_piece(order[k], ps.bg, tv_grid_cells(out), h, w, all.top, all.left);
  return tv_grid_seal(out);
}

typedef struct placed {
  piece *pc;
  int along, across;
  size_t index;
} placed;

static int by_place(const void *a, const void *b) {
  const placed *x = a, *y = b;
  if (x->along != y->along) return x->along < y->along ? -1 : 1;
  if (x->across != y->across) return x->across < y->across ? -1 : 1;
  return (x->index > y->index) - (x->index < y->index);
}

/* The crops side by side (`horizontal`) or one under another, ordered by
 * position along that axis, aligned at the top (left), gaps bg. */
static tv_val stack(tv_ctx *ctx, const tv_val *args, const char *name, bool horizontal) {
  pieces ps;
  tv_val err = read_pieces(ctx, args[0], args[1], name, &ps);
  if (err) return err;
  if (ps.n == 0) return empty_list_error(ctx, &ps);
  placed *order = scratch(ctx, ps.n, sizeof *order);
  if (!order) return tv_oom_error(ctx);
  int64_t length = 0, breadth = 0;
  for (size_t k = 0; k < ps.n; k++) {
    const ext_box *b = &ps.p[k].box;
    order[k] = (placed){&ps.p[k], horizontal ? b->left : b->top, horizontal ? b->top : b->left, k};
    length += horizontal ? box_w(b) : box_h(b);
    int across = horizontal ? box_h(b) : box_w(b);
    if (across > breadth) breadth = across;
  }
  if (length > TV_GRID_MAX_SIDE)
    return tv_error(ctx, "%s: the parts make %lld cells in a row, more than %d", name,
                    (long long)length, TV_GRID_MAX_SIDE);
  qsort(order, ps.n, sizeof *order, by_place);
  int h = (int)(horizontal ? breadth : length), w = (int)(horizontal ? length : breadth);
  tv_val out = ext_new_grid(ctx, h, w, ps.bg);
  if (!tv_is_grid(out)) return out;
  int at = 0;
  for (size_t k = 0; k < ps.n; k++) {
    piece *pc = order[k].pc;
    int top = horizontal ? pc->box.top : pc->box.top - at, left = horizontal ? pc->box.left - at : pc->box.left;
    paint_piece(pc, ps.bg, tv_grid_cells(out), h, w, top, left);
    at += horizontal ? box_w(&pc->box) : box_h(&pc->box);
  }
  return tv_grid_seal(out);
}

static tv_val x_stack_h(tv_ctx *ctx, const tv_val *a) { return stack(ctx, a, "stack_h", true); }
static tv_val x_stack_v(tv_ctx *ctx, const tv_val *a) { return stack(ctx, a, "stack_v", false); }

/* The grid with the foreground of every part painted at its position. */
static tv_val x_paint_parts(tv_ctx *ctx, const tv_val *args) {
  ext_grid g;
  pieces ps;
  tv_val err = ext_read_grid(ctx, args[0], "paint_parts", &g);
  if (!err) err = read_pieces(ctx, args[1], args[2], "paint_parts", &ps);
  if (err) return err;
  tv_val out = ext_copy_grid(ctx, &g);
  if (!tv_is_grid(out)) return out;
  for (size_t k = 0; k < ps.n; k++) paint_piece(&ps.p[k], ps.bg, tv_grid_cells(out), g.h, g.w, 0, 0);
  return out;
}

/* ---- the table ---------------------------------------------------------------- */

#define PICKER(fname, cr, o) \
  static tv_val x_##fname(tv_ctx *ctx, const tv_val *a) { return run_picker(ctx, a, #fname, cr, o); }

/* pick_<max>, pick_<min>, select_/reject_ of both, for one criterion. */
#define CRITERION(max_name, min_name, cr)                                        \
  PICKER(pick_##max_name, cr, OP_PICK_MAX)                                       \
  PICKER(pick_##min_name, cr, OP_PICK_MIN)                                       \
  PICKER(select_##max_name, cr, OP_SELECT_MAX)                                   \
  PICKER(select_##min_name, cr, OP_SELECT_MIN)                                   \
  PICKER(reject_##max_name, cr, OP_REJECT_MAX)                                   \
  PICKER(reject_##min_name, cr, OP_REJECT_MIN)

CRITERION(most_cells, fewest_cells, CR_CELLS)
CRITERION(largest, smallest, CR_AREA)
CRITERION(most_colors, fewest_colors, CR_COLORS)
CRITERION(most_parts, fewest_parts, CR_PARTS)
CRITERION(most_holes, fewest_holes, CR_HOLES)
CRITERION(most_inside, fewest_inside, CR_INSIDE)
/* Positions are those of the top-left corners: the top part has the
 * smallest top row, the bottom part the greatest. */
CRITERION(bottom, top, CR_TOP)
CRITERION(right, left, CR_LEFT)
PICKER(pick_odd_cells, CR_CELLS, OP_PICK_ODD)
PICKER(pick_odd_area, CR_AREA, OP_PICK_ODD)
PICKER(pick_odd_ncolors, CR_COLORS, OP_PICK_ODD)
PICKER(pick_odd_parts, CR_PARTS, OP_PICK_ODD)
PICKER(pick_odd_holes, CR_HOLES, OP_PICK_ODD)
PICKER(pick_odd_inside, CR_INSIDE, OP_PICK_ODD)
PICKER(pick_odd_shape, CR_SHAPE, OP_PICK_ODD)
PICKER(pick_unique, CR_CROP, OP_PICK_ODD)
PICKER(pick_common, CR_CROP, OP_PICK_COMMON)
PICKER(pick_common_shape, CR_SHAPE, OP_PICK_COMMON)
PICKER(pick_symmetric, CR_SYMMETRIC, OP_PICK_TRUE)
PICKER(pick_asymmetric, CR_SYMMETRIC, OP_PICK_FALSE)

#define PICK_ENTRY(fname) \
  {{#fname, 2, x_##fname, {T_PARTS, TT_NUM}, T_GRID}, {EXT_PARTS, EXT_BG}, "pick"}
#define SELECT_ENTRY(fname) \
  {{#fname, 2, x_##fname, {T_PARTS, TT_NUM}, TT_TUPLE}, {EXT_PARTS, EXT_BG}, "pick"}
#define CRITERION_ENTRIES(max_name, min_name)                                    \
  PICK_ENTRY(pick_##max_name), PICK_ENTRY(pick_##min_name),                      \
  SELECT_ENTRY(select_##max_name), SELECT_ENTRY(select_##min_name),              \
  SELECT_ENTRY(reject_##max_name), SELECT_ENTRY(reject_##min_name)

const tv_prim_ext tv_prims_ext_pick[] = {
    CRITERION_ENTRIES(most_cells, fewest_cells),
    CRITERION_ENTRIES(largest, smallest),
    CRITERION_ENTRIES(most_colors, fewest_colors),
    CRITERION_ENTRIES(most_parts, fewest_parts),
    CRITERION_ENTRIES(most_holes, fewest_holes),
    CRITERION_ENTRIES(most_inside, fewest_inside),
    CRITERION_ENTRIES(bottom, top),
    CRITERION_ENTRIES(right, left),
    PICK_ENTRY(pick_odd_cells),
    PICK_ENTRY(pick_odd_area),
    PICK_ENTRY(pick_odd_ncolors),
    PICK_ENTRY(pick_odd_parts),
    PICK_ENTRY(pick_odd_holes),
    PICK_ENTRY(pick_odd_inside),
    PICK_ENTRY(pick_odd_shape),
    PICK_ENTRY(pick_unique),
    PICK_ENTRY(pick_common),
    PICK_ENTRY(pick_common_shape),
    PICK_ENTRY(pick_symmetric),
    PICK_ENTRY(pick_asymmetric),
    PICK_ENTRY(pick_unique_color),
    {{"compose_parts", 2, x_compose_parts, {T_PARTS, TT_NUM}, T_GRID}, {EXT_PARTS, EXT_BG}, "pick"},
    {{"stack_h", 2, x_stack_h, {T_PARTS, TT_NUM}, T_GRID}, {EXT_PARTS, EXT_BG}, "pick"},
    {{"stack_v", 2, x_stack_v, {T_PARTS, TT_NUM}, T_GRID}, {EXT_PARTS, EXT_BG}, "pick"},
    {{"paint_parts", 3, x_paint_parts, {T_GRID, T_PARTS, TT_NUM}, T_GRID}, {EXT_G, EXT_PARTS, EXT_BG}, "pick"},
    {{NULL, 0, NULL, {0}, 0}, {0}, NULL},
};
