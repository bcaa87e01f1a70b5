/*
 * arc_render.h - drawing ARC tasks: terminal text and PNG images.
 *
 * Both renderers lay a task out as one row per pair, input on the left and
 * output on the right ("->" between), train pairs first, then test pairs
 * (an unknown test output is drawn as "?" / a grey box). Colours 0..9 use
 * the standard ARC palette; other values get a neutral fallback colour.
 *
 * Nothing here allocates memory the caller has to free; grids are only read.
 */
#ifndef TESSERA_ARC_RENDER_H
#define TESSERA_ARC_RENDER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "tessera/arc_task.h"

typedef struct arc_rgb {
  uint8_t r, g, b;
} arc_rgb;

/* The display colour of an ARC colour value (0..9 standard, others grey). */
arc_rgb arc_palette(int colour);
/* The nearest xterm 256-colour index for an ARC colour value. */
int arc_palette_xterm(int colour);

/* Writes the task as text. With `ansi`, cells are two-space blocks on ANSI
 * 256-colour backgrounds; without, each cell is its digit (values >= 10 as
 * '+'). Returns false when writing to `out` failed. */
bool arc_render_text(FILE *out, const arc_task *task, bool ansi);

/* Writes the task as a PNG image (about 16 px per cell, 1 px grid lines)
 * onto `out`. Returns false with a message in err when the image would be
 * too large, memory runs out or writing fails; `out` may then hold part of
 * an image, so callers write to a whole-or-nothing file (tessera/outfile.h). */
bool arc_render_png(FILE *out, const arc_task *task, arc_error *err);

#endif
