/*
 * arc_render.h - drawing ARC tasks: terminal text and PNG images.
 *
 * Both renderers lay a task out as one row per pair, input on the left and
 * output on the right ("->" between), train pairs first, then test pairs
 * (an unknown test output is drawn as "?" / a grey box). Colours 0..9 use
 * the standard ARC palette; other values get a neutral fallback colour.
 *
 * With a program's answers (the arc_task_result arc_run gave for this
 * task), each row also shows the program's grid ("|" before it) with the
 * cells that differ from the expected output marked (terminal: "XX" on the
 * cell's colour, or without colours a further '.'/'x' grid; PNG: a white
 * and black frame in the cell), and each pair is labelled with its name,
 * sizes and verdict ("train[1]: 3x3 -> 3x3, program: wrong output: ...");
 * the PNG also gets the task id as a title.
 *
 * Nothing here allocates memory the caller has to free; grids are only read.
 */
#ifndef TESSERA_ARC_RENDER_H
#define TESSERA_ARC_RENDER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "tessera/arc_runner.h"
#include "tessera/arc_task.h"

typedef struct arc_rgb {
  uint8_t r, g, b;
} arc_rgb;

/* The display colour of an ARC colour value (0..9 standard, others grey). */
arc_rgb arc_palette(int colour);
/* The nearest xterm 256-colour index for an ARC colour value. */
int arc_palette_xterm(int colour);

/* Writes the task as text; `answers` may be NULL. With `ansi`, cells are
 * two-space blocks on ANSI 256-colour backgrounds; without, each cell is
 * its digit (values >= 10 as '+'). Returns false when writing failed. */
bool arc_render_text(FILE *out, const arc_task *task, const arc_task_result *answers, bool ansi);

/* Writes the task as a PNG image (about 16 px per cell, 1 px grid lines)
 * onto `out`; `answers` may be NULL. Returns false with a message in err when the image would be
 * too large, memory runs out or writing fails; `out` may then hold part of
 * an image, so callers write to a whole-or-nothing file (tessera/outfile.h). */
bool arc_render_png(FILE *out, const arc_task *task, const arc_task_result *answers, arc_error *err);

#endif
