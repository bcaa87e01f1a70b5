/*
 * store_internal.h - state shared by the store's source files (store.c
 * writes, store_browse.c reads for the CLI, predict.c builds submissions).
 * Not a public header.
 */
#ifndef TESSERA_STORE_INTERNAL_H
#define TESSERA_STORE_INTERNAL_H

#include <jansson.h>
#include <sqlite3.h>

#include "tessera/json.h"
#include "tessera/store.h"
#include "tessera/text.h"

struct arc_store {
  sqlite3 *db;
  char *path;
  bool read_only; /* opened with ARC_STORE_READ */
};

/* Formats "PATH: what: sqlite message" into err with the kind SQLite's
 * error code implies (damaged file: ARC_ERR_INPUT, else ARC_ERR_FAILED);
 * returns false. */
bool arc_store_fail(arc_store *s, arc_error *err, const char *what);

/* True when the database has arc solve's search_programs table (stores
 * made before schema version 2 lack it until opened for writing). */
bool arc_store_has_search_table(sqlite3 *db);

/* Appends a grid as [[r,o,w],...] (null when cells is NULL). */
void arc_text_grid(tc_text *t, int h, int w, const uint8_t *cells);

/* JSON array of the predictions, one grid or null per test input
 * (malloc'd; NULL when memory ran out). */
char *arc_predictions_json(const arc_grid *grids, size_t n);
/* True when j is a grid (non-empty list of equal-length non-empty lists of
 * ints 0..9, at most TV_GRID_MAX_SIDE per side); sets its shape. No memory
 * is allocated, so "not a grid" is never "out of memory". */
bool arc_json_is_grid(const json_t *j, size_t *h, size_t *w);
/* True when j is a grid equal to `expected` (a TV_GRID); allocates nothing. */
bool arc_json_grid_equals(const json_t *j, tv_val expected);
/* Copies a grid out of j; false if it is not one (arc_json_is_grid) or
 * memory ran out. out->cells is malloc'd. */
bool arc_grid_from_json(const json_t *j, arc_grid *out);

#endif
