/*
 * textrun.h - candidate program texts of one task run together in one lang
 * library (textrun.c); used by objects.c and library.c.
 *
 * A ts_textset owns its texts (malloc'd). ts_run_texts compiles each text,
 * runs the compiled ones on the demos (work capped at `budget` on ctx, see
 * textrun.c) and hands at most max_found of those right on every demo to the
 * sink, cheapest (fewest DAG nodes) first, with their values on every example
 * computed in ctx's arena.
 */
#ifndef TESSERA_SEARCH_TEXTRUN_H
#define TESSERA_SEARCH_TEXTRUN_H

#include "search/extras.h"

typedef struct ts_textset {
  char **text;
  size_t n, cap;
  bool failed; /* a text was lost (memory, too long) */
} ts_textset;

/* Takes ownership of text (NULL marks the set failed). */
void ts_textset_add(ts_textset *s, char *text);
/* Adds a formatted text (at most 2047 bytes; longer ones are dropped). */
void ts_textset_addf(ts_textset *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ts_textset_free(ts_textset *s);

void ts_run_texts(tv_ctx *ctx, const ts_examples *ex, const ts_textset *set, uint64_t budget,
                  size_t max_found, ts_cand_sink sink, void *user, ts_extra_stats *st);

#endif
