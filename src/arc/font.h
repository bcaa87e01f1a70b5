/*
 * font.h - a 5x7 bitmap font for the labels of PNG drawings (internal to
 * src/arc). Digits, capital letters, 'x' (as in "3x4") and the punctuation
 * labels use; other lower-case letters are drawn as capitals, anything else
 * as '?'. Glyphs are constant data: nothing to own or free.
 */
#ifndef TESSERA_ARC_FONT_H
#define TESSERA_ARC_FONT_H

#include <stdint.h>

#define ARC_FONT_W 5
#define ARC_FONT_H 7

/* Seven rows of the glyph for c; bit 4 of a row is its leftmost pixel. */
const uint8_t *arc_font_glyph(char c);

#endif
