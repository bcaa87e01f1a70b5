/*
 * render_internal.h - what the two renderers (render.c: text, render_png.c:
 * PNG) share: a grid seen as plain cells with optional "differs" marks,
 * and the views of a pair's input, expected output and program answer.
 * Not a public header.
 */
#ifndef TESSERA_ARC_RENDER_INTERNAL_H
#define TESSERA_ARC_RENDER_INTERNAL_H

#include "tessera/arc_render.h"

/* A grid to draw: h x w colours, row-major; h == 0 when there is none.
 * marks, when not NULL, flags the cells that differ from the expected
 * output (one byte per cell). */
typedef struct arc_view {
  int h, w;
  const uint8_t *cells;
  const uint8_t *marks;
} arc_view;

/* The three grids of pair k (train pairs first): input, expected output
 * (h == 0 when unknown) and, with answers, the program's grid (h == 0 when
 * it gave none) marked against the expected one. *marks is malloc'd (NULL
 * when nothing is marked or memory ran out); the caller frees it. */
typedef struct arc_pair_views {
  const arc_pair *pair;
  const arc_pair_result *answer; /* NULL without answers */
  arc_view input, expected, got;
  uint8_t *marks;
} arc_pair_views;

size_t arc_render_pair_count(const arc_task *task);
arc_pair_views arc_render_views(const arc_task *task, const arc_task_result *answers, size_t k);
/* "train[0]: 3x3 -> 3x3" plus, with an answer, ", program: ok" or the
 * verdict (arc_pair_explain); into buf. */
const char *arc_render_label(const arc_task *task, const arc_pair_views *v, size_t k, char *buf,
                             size_t size);

#endif
