/*
 * prims_ext.h - the extension primitives (tessera_ext): a grid-to-grid
 * vocabulary for program search, beyond the 160 arc-dsl primitives.
 *
 * The extensions are ordinary tv_prim entries (prims.h): same calling
 * convention, same type masks, same guarantees. They are kept apart from the
 * arc-dsl set so that its semantics and count never change: tv_prim_lookup,
 * tv_prim_count and tv_prim_at see only arc-dsl, and these functions see only
 * the extensions. A solver file opts in by name with the line
 * `from tessera_ext import *` (docs/DSL.md lists every extension).
 *
 * Guarantees of every extension primitive: it never crashes on any argument
 * (wrong kinds, empty grids, huge sizes give a TV_ERROR), charges its work
 * before allocating the result, never builds a grid larger than
 * TV_GRID_MAX_SIDE, is deterministic, and returns canonical values.
 *
 * Conventions: the grid comes first; a background colour, when the
 * primitive needs one, is an explicit argument (the last one); sizes are
 * (height, width) pairs as arc-dsl's shape returns them; a list of parts is a
 * tuple of objects (frozensets of cells, so parts keep their positions),
 * ordered by top-left corner in reading order.
 *
 * The tables are constant and the registry is built before main, so look-ups
 * are thread-safe. Function values of extensions (tv_func_of_prim) are
 * static like those of arc-dsl primitives.
 */
#ifndef TESSERA_PRIMS_EXT_H
#define TESSERA_PRIMS_EXT_H

#include "tessera/prims.h"

/* What a parameter stands for, so a search knows which constants to try. */
typedef enum tv_role {
  TV_ROLE_NONE = 0,
  TV_ROLE_GRID,     /* a grid */
  TV_ROLE_COLOR,    /* any colour (a task colour constant) */
  TV_ROLE_BG,       /* the background colour */
  TV_ROLE_DIMS,     /* a size (height, width) */
  TV_ROLE_PARTS,    /* a tuple or set of objects or grids */
  TV_ROLE_COLORMAP, /* a tuple of colours indexed by colour */
} tv_role;

/* An extension: the primitive, the role of each parameter, and the family it
 * belongs to (a short word such as "colour", "crop", "pick"). */
typedef struct tv_prim_ext {
  tv_prim prim; /* first, so &ext->prim and ext convert both ways */
  uint8_t roles[4];
  const char *family;
} tv_prim_ext;

/* Number of extensions and the i-th in a stable order (files in a fixed
 * order, each file's table in order). */
size_t tv_prim_ext_count(void);
const tv_prim *tv_prim_ext_at(size_t i);
/* The extension named `name`, or NULL (arc-dsl names are not found here). */
const tv_prim *tv_prim_ext_lookup(const char *name);
/* Whether p is an extension primitive. */
bool tv_prim_is_ext(const tv_prim *p);
/* The full entry of an extension primitive, or NULL for any other p. */
const tv_prim_ext *tv_prim_ext_info(const tv_prim *p);

#endif
