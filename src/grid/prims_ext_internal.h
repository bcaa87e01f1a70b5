/*
 * prims_ext_internal.h - what the extension primitive files (prims_ext_*.c)
 * share: their tables, argument readers, and result builders (grid layer
 * only; the public view is include/tessera/prims_ext.h).
 *
 * CHARGE, scratch and tv_oom_error come from prims_internal.h, the header of
 * all primitive files. Every reader returns 0 on success or the TV_ERROR to
 * return, so a primitive reads its arguments with `if ((err = ...)) return
 * err;`. Result
 * builders charge one work unit per cell before allocating, so a primitive
 * that computes its result size first and then calls them keeps the rule
 * "charge before allocating". A result with no cells is the 0x0 grid ().
 */
#ifndef TESSERA_PRIMS_EXT_INTERNAL_H
#define TESSERA_PRIMS_EXT_INTERNAL_H

#include <stdint.h>

#include "grid/prims_internal.h"
#include "tessera/prims.h"
#include "tessera/prims_ext.h"
#include "tessera/value.h"

/* The family tables, one per file, each ended by an entry whose name is
 * NULL; tv_prims_ext_tables lists them in registry order, NULL-terminated. */
extern const tv_prim_ext tv_prims_ext_colour[];
extern const tv_prim_ext tv_prims_ext_crop[];
extern const tv_prim_ext tv_prims_ext_gravity[];
extern const tv_prim_ext tv_prims_ext_split[];
extern const tv_prim_ext tv_prims_ext_pick[];
extern const tv_prim_ext tv_prims_ext_overlay[];
extern const tv_prim_ext tv_prims_ext_size[];
extern const tv_prim_ext tv_prims_ext_fill[];
extern const tv_prim_ext tv_prims_ext_lines[];
extern const tv_prim_ext tv_prims_ext_count[];
extern const tv_prim_ext tv_prims_ext_patches[];
extern const tv_prim_ext *const tv_prims_ext_tables[];

/* Type masks of the tables: a grid (or the empty grid ()), a list of parts,
 * a size. */
#define T_GRID (TT_GRID | TT_TUPLE)
#define T_PARTS (TT_TUPLE | TT_SET | TT_GRID)
#define T_DIMS (TT_PAIR | TT_TUPLE)

/* Table entry helpers: the roles spell the parameters. */
#define EXT_G TV_ROLE_GRID
#define EXT_C TV_ROLE_COLOR
#define EXT_BG TV_ROLE_BG
#define EXT_DIMS TV_ROLE_DIMS
#define EXT_PARTS TV_ROLE_PARTS
#define EXT_MAP TV_ROLE_COLORMAP

/* A grid argument as bytes; h == 0 (and w == 0) for the empty grid (). */
typedef struct ext_grid {
  int h, w;
  const uint8_t *cells;
} ext_grid;

static inline uint8_t ext_at(const ext_grid *g, int i, int j) {
  return g->cells[(size_t)i * (size_t)g->w + (size_t)j];
}
static inline size_t ext_area(const ext_grid *g) { return (size_t)g->h * (size_t)g->w; }

/* Argument readers: `name` is the primitive, for the message. */
tv_val ext_read_grid(tv_ctx *ctx, tv_val v, const char *name, ext_grid *g);
tv_val ext_read_colour(tv_ctx *ctx, tv_val v, const char *name, uint8_t *byte);
/* args[0] as a grid, then the next arguments as colours: `first` from
 * args[1] unless it is NULL, then `second` unless it is NULL. */
tv_val ext_read_grid_colours(tv_ctx *ctx, const tv_val *args, const char *name, ext_grid *g,
                             uint8_t *first, uint8_t *second);
/* A size (h, w) of non-negative numbers up to TV_GRID_MAX_SIDE. */
tv_val ext_read_dims(tv_ctx *ctx, tv_val v, const char *name, int *h, int *w);

/* A new h x w result grid, every cell `fill`, writable until sealed with
 * tv_grid_seal; charges h * w first. Returns () when h or w is 0, and an
 * error past TV_GRID_MAX_SIDE or the budget: callers check tv_is_grid. */
tv_val ext_new_grid(tv_ctx *ctx, int h, int w, uint8_t fill);
/* A sealed copy of g (or () when g has no cells). */
tv_val ext_copy_grid(tv_ctx *ctx, const ext_grid *g);
/* The sub-grid rows [r0, r0 + h), columns [c0, c0 + w) of g (in range). */
tv_val ext_subgrid(tv_ctx *ctx, const ext_grid *g, int r0, int c0, int h, int w);

/* Cells per colour byte (256 counters) of g; charges nothing. */
void ext_histogram(const ext_grid *g, uint32_t counts[256]);
/* The most / least common colour byte other than bg among the counted
 * cells (ties: the smaller colour value); false when there is none. */
bool ext_major_colour(const uint32_t counts[256], uint8_t bg, uint8_t *out);
bool ext_minor_colour(const uint32_t counts[256], uint8_t bg, uint8_t *out);

/* Bounding box of the cells != bg: false when every cell is bg. */
typedef struct ext_box {
  int top, left, bottom, right; /* inclusive */
} ext_box;
bool ext_content_box(const ext_grid *g, uint8_t bg, ext_box *box);

/* ---- connected components (prims_ext_label.c) ----------------------------- */

/* Components of a grid: component k holds the cell indices (i * w + j)
 * cells[start[k] .. start[k + 1]), in reading order; components are numbered
 * in reading order of their first cell. label[i * w + j] is the component of
 * a cell, or -1 for a skipped cell. */
typedef struct ext_components {
  int n;
  int32_t *label;
  uint32_t *start;
  uint32_t *cells;
} ext_components;

typedef struct ext_connectivity {
  bool diagonal;  /* 8-connected (else 4-connected) */
  bool univalued; /* neighbours must have the same colour */
  bool skip;      /* cells of colour `skipped` belong to no component */
  uint8_t skipped;
} ext_connectivity;

/* Labels the components of g; charges 2 units per cell. Returns 0 or an
 * error value (budget, memory). */
tv_val ext_label(tv_ctx *ctx, const ext_grid *g, ext_connectivity how, ext_components *out);
/* Bounding box of component k. */
ext_box ext_component_box(const ext_grid *g, const ext_components *c, int k);
/* Marks in outside[] (one byte per cell, 1 = outside) the bg cells joined
 * to the grid's border by a path of bg cells (4- or 8-connected); charges
 * 2 units per cell. Returns 0 or an error value. */
tv_val ext_mark_outside(tv_ctx *ctx, const ext_grid *g, uint8_t bg, bool diagonal, uint8_t *outside);
/* The object of n distinct immediate cells listed in reading order (may
 * reorder `cells`): like tv_set_of_scanned_cells, faster for one colour and
 * for few cells. */
tv_val ext_object_of_scan(tv_ctx *ctx, size_t n, tv_val *cells);
/* The object (frozenset of cells) of component k. */
tv_val ext_component_object(tv_ctx *ctx, const ext_grid *g, const ext_components *c, int k);

#endif
