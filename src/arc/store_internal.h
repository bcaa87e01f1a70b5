/*
 * store_internal.h - state shared by the store's source files (store.c
 * writes, store_browse.c reads for the CLI, predict.c builds submissions).
 * Not a public header.
 */
#ifndef TESSERA_STORE_INTERNAL_H
#define TESSERA_STORE_INTERNAL_H

#include <jansson.h>
#include <sqlite3.h>

#include "tessera/store.h"

struct ts_store {
  sqlite3 *db;
  char *path;
};

/* Formats "PATH: what: sqlite message" into err; returns false. */
bool ts_fail(ts_store *s, char *err, size_t errlen, const char *what);

/* A growable malloc'd string. */
typedef struct ts_text {
  char *s;
  size_t len, cap;
  bool failed;
} ts_text;
void ts_text_append(ts_text *t, const char *s, size_t n);
void ts_text_printf(ts_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s as a quoted JSON string (escaped; any length). */
void ts_text_json_string(ts_text *t, const char *s);
/* Appends a grid as [[r,o,w],...] (null when cells is NULL). */
void ts_text_grid(ts_text *t, int h, int w, const uint8_t *cells);

/* JSON array of the predictions, one grid or null per test input
 * (malloc'd; NULL when memory ran out). */
char *ts_predictions_json(const tb_grid *grids, size_t n);
/* Parses a grid (list of equal-length lists of ints 0..9); false if it is
 * not one. out->cells is malloc'd. */
bool ts_grid_from_json(const json_t *j, tb_grid *out);

#endif
