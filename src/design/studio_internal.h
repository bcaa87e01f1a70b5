/*
 * studio_internal.h - what the studio files of src/design share: the page
 * "look" that both the renderer (render*.c) and the code generators
 * (codegen*.c) follow, so a PNG and the generated HTML put every component
 * in the same box with the same colours, and the importer (import*.c)
 * reads back what the renderer draws.
 *
 * A studio_page is built from a blueprint (render_layout.c): the visible
 * components (and on request the hidden ones) in paint order (larger first, so a container is painted
 * before what it holds; ties in blueprint order), each with its resolved
 * fill, outline, text colour, font and text placement. Every default the
 * blueprint leaves open is decided here once (docs/DESIGN.md, "Studio").
 *
 * Ownership: a page owns its looks array (free with design_studio_page_free); the
 * looks point into the blueprint, which must outlive the page.
 */
#ifndef TESSERA_STUDIO_INTERNAL_H
#define TESSERA_STUDIO_INTERNAL_H

#include "design/design_internal.h"
#include "tessera/design_studio.h"

/* Fills *err (when not NULL) and returns false. */
bool design_studio_fail(design_error *err, design_error_code code, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Allocates an uninitialised image after checking the caps. */
bool design_studio_image_alloc(design_image *img, int width, int height, size_t max_pixels, design_error *err);

/* ---- the look of a page ------------------------------------------------------ */
typedef enum { LOOK_BOX, LOOK_TEXT, LOOK_IMAGE, LOOK_DIVIDER, LOOK_PRODUCT } look_kind;

/* Colours the renderer adds that a blueprint does not name. */
#define STUDIO_IMAGE_FILL 0xE5E7EBu   /* image / icon placeholder without bg_color */
#define STUDIO_DIVIDER_FILL 0xE5E7EBu /* divider without bg_color */
#define STUDIO_VIOLATION 0xFF00FFu    /* violation outlines */
#define STUDIO_PRODUCT_PAD 8.0        /* product card: padding around image and text */
#define STUDIO_LINE_HEIGHT 1.25       /* line height in font sizes */

typedef struct studio_look {
  const design_component *c;
  size_t index;         /* position in the blueprint */
  int kind;             /* look_kind */
  bool has_fill, has_outline;
  rgb_t fill, outline;  /* outline: 1 px inside the box */
  rgb_t under;          /* the colour the box sits on */
  rgb_t text_color;
  double font_size;     /* px */
  double radius;        /* corner radius, px */
  bool bold, italic, underline, uppercase;
  bool bullets;         /* list: one bullet line per text line */
  bool chevron;         /* select: a down arrow at the right */
  bool center_x, center_y;
  double pad_x, pad_y;
  const char *text;     /* NULL when nothing is written */
  const char *price;    /* product card: the second text line, or NULL */
} studio_look;

typedef struct studio_page {
  double width, height; /* blueprint px: viewport width, max(viewport height, lowest bottom) */
  rgb_t background;
  rgb_t text_color;     /* tokens.text_color, or black */
  double spacing;
  studio_look *looks;   /* components, paint order */
  size_t count;
  size_t holder_work;   /* index nodes visited finding under-colours (a work measure for tests) */
} studio_page;

/* Boxes that may hold others (holder_index.c): the filled, visible,
 * non-image looks, with their place in paint order. */
typedef struct holder_box {
  double x, y, right, bottom, area;
  size_t pos;        /* paint order */
} holder_box;

typedef struct holder_index {
  holder_box *boxes; /* sorted by top (owned by the caller) */
  double *max_bottom, *min_left, *max_right; /* per tree node, over its range */
  size_t count, size;
  size_t work;       /* tree nodes visited so far: the caller's budget */
} holder_index;

/* Sorts `boxes` and builds the tree; false when memory ran out. */
bool design_holder_index_init(holder_index *x, holder_box *boxes, size_t count);
void design_holder_index_free(holder_index *x);
/* The smallest box with pos < before that wholly holds the box (ties: the
 * latest in paint order), or NULL. Adds the nodes visited to x->work. */
const holder_box *design_holder_index_find(holder_index *x, double bx, double by, double bw, double bh, size_t before);

/* With `with_hidden`, hidden components are in the page too (for code that
 * keeps them, hidden); they never count for heights, under-colours or
 * outlines. */
bool design_studio_page_build(const design_blueprint *bp, bool with_hidden, studio_page *page, design_error *err);
/* The two halves of page_build, so that size limits can be checked on the
 * collected page before any look-up work: collect (components and paint
 * order), then resolve (fills, fonts, under-colours, outlines). A failed
 * resolve leaves the page to design_studio_page_free. */
bool design_studio_page_collect(const design_blueprint *bp, bool with_hidden, studio_page *page, design_error *err);
bool design_studio_page_resolve(const design_blueprint *bp, studio_page *page, design_error *err);
void design_studio_page_free(studio_page *page);
/* Colour of the pictogram drawn in an image placeholder of fill `fill`
 * (the importer recognises images by it). */
rgb_t design_studio_image_ink(rgb_t fill);
/* The product card's image area (blueprint px), height 0 when none fits. */
void design_studio_product_image(const studio_look *l, double *x, double *y, double *w, double *h);
/* A named size of tokens.font_scale ("h1", "h2", "body"), or `fallback`. */
double design_studio_font_scale(const design_blueprint *bp, const char *name, double fallback);

/* ---- drawing (render*.c) ------------------------------------------------------- */
/* An image being painted, with the clip rectangle of the current box. */
typedef struct studio_canvas {
  design_image img;
  int clip_x0, clip_y0, clip_x1, clip_y1; /* pixels, half-open */
} studio_canvas;
void design_studio_fill_rect(studio_canvas *cv, int x0, int y0, int x1, int y1, rgb_t color);
/* Blends `color` over pixel (x, y) with coverage 0..255, inside the clip. */
void design_studio_blend(studio_canvas *cv, int x, int y, rgb_t color, unsigned coverage);

/* Faces of the text font (render_text.c): regular, bold, italic, bold
 * italic. Without a font file every measure and drawing falls back to
 * placeholders: one hollow box a character, as fonts show a missing glyph. */
enum { FACE_REGULAR, FACE_BOLD, FACE_ITALIC, FACE_BOLD_ITALIC, FACE_COUNT };
typedef struct studio_fonts studio_fonts;
/* NULL when no font is usable (placeholders); *oom (may be NULL) tells
 * that memory ran out instead, which must not silently mean placeholders. */
studio_fonts *design_studio_fonts_open(const char *dir, bool *oom);
void design_studio_fonts_close(studio_fonts *f);
const char *design_studio_font_dir(const char *dir); /* the folder looked in */
typedef struct text_font {
  studio_fonts *fonts; /* NULL: placeholders */
  int face, px;        /* px: font size in pixels */
  int ascent, descent; /* pixels */
} text_font;
void design_studio_text_font(studio_fonts *f, int face, int px, text_font *out);
/* Advance width in pixels of n bytes of UTF-8. */
int design_studio_text_width(const text_font *tf, const char *s, size_t n);
/* Draws n bytes of UTF-8 with the pen at (x, baseline), clipped. */
void design_studio_draw_text(studio_canvas *cv, const text_font *tf, int x, int baseline, const char *s, size_t n,
                      rgb_t color);
/* Decodes one UTF-8 character at s[*i] (invalid bytes as U+FFFD). */
uint32_t design_studio_utf8_next(const char *s, size_t n, size_t *i);

#endif
