/*
 * design_studio.h - the design studio's drawing, code and import functions:
 * a blueprint drawn as a PNG image (design_render*), turned into a React
 * project or one static HTML file (design_generate_*), and a PNG screenshot
 * or flat mock-up turned back into a blueprint (design_import_*).
 * docs/DESIGN.md ("Studio") describes what each draws and writes; the CLI
 * commands are `tessera design render | generate | import`, the HTTP
 * endpoints /render, /generate, /import call the same functions.
 *
 * Inputs are loaded blueprints (design.h), never modified. Every function is
 * pure: the same blueprint (or image bytes) and options give the same bytes
 * out, on any thread count and machine speed (work is bounded by counted
 * budgets, never by time); rendered text also depends on the font files
 * found (the same files, the same pixels). Functions are thread-safe: they keep no global
 * state (fonts are opened per call).
 *
 * Errors: a function that fails returns false (or NULL) and fills the
 * caller's design_error (design.h; may be NULL): a code that says whose
 * fault it is (the caller's input, its size, or the machine), the JSON
 * path concerned when there is one, and a one-line message.
 *
 * Ownership: every buffer returned is malloc'd and owned by the caller:
 * design_image_free, design_files_free, free() for plain byte buffers and
 * strings. Nothing returned points into the blueprint.
 */
#ifndef TESSERA_DESIGN_STUDIO_H
#define TESSERA_DESIGN_STUDIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tessera/design.h"

/* Errors are the design layer's design_error (design.h): code, JSON path,
 * message. */

/* ---- images ---------------------------------------------------------------- */
/* An 8-bit RGB image, rows top to bottom, 3 bytes a pixel, no padding. */
typedef struct design_image {
  int width, height;
  uint8_t *rgb; /* malloc'd, width * height * 3 bytes */
} design_image;
void design_image_free(design_image *img);

/* Caps on every image drawn or read (the HTTP server may pass smaller ones). */
#define DESIGN_IMAGE_MAX_SIDE 16384
#define DESIGN_IMAGE_MAX_PIXELS ((size_t)1 << 24) /* 16,777,216 */

/* ---- rendering --------------------------------------------------------------- */
typedef struct design_render_options {
  double scale;         /* image pixels per blueprint px, 0.25 .. 8; 0 means 1 */
  bool violations;      /* outline the components of every violation (design_check) */
  bool placeholders;    /* draw text as marked placeholders even when a font is found */
  const char *font_dir; /* folder with DejaVuSans.ttf and DejaVuSans-Bold.ttf; NULL:
                           $TESSERA_FONT_DIR, else /usr/share/fonts/truetype/dejavu */
  size_t max_pixels;    /* 0 means DESIGN_IMAGE_MAX_PIXELS */
} design_render_options;

/* Draws the screen: width = viewport width, height = the larger of the
 * viewport height and the lowest visible component's bottom, both times
 * the scale. `options` may be NULL (scale 1, no violations). */
bool design_render(const design_blueprint *bp, const design_render_options *options,
                   design_image *out, design_error *err);
/* The same drawing as PNG file bytes (*png malloc'd, *len bytes). */
bool design_render_png(const design_blueprint *bp, const design_render_options *options,
                       unsigned char **png, size_t *len, design_error *err);
/* Whether text is drawn with a font (true) or as placeholders, for these
 * options: the font files are found and readable. */
bool design_render_has_font(const design_render_options *options);

/* PNG codec used by render and import (also for tests). Encoding writes
 * no time stamp, so equal images give equal bytes. Decoding accepts any
 * PNG libpng reads (palette, grey, 16-bit, alpha composited on white,
 * interlaced), refuses more than max_pixels (0: DESIGN_IMAGE_MAX_PIXELS)
 * or DESIGN_IMAGE_MAX_SIDE per side before allocating, and reports
 * truncated or corrupt files as DESIGN_ERR_INPUT. */
bool design_png_encode(const design_image *img, unsigned char **png, size_t *len, design_error *err);
bool design_png_decode(const unsigned char *png, size_t len, size_t max_pixels, design_image *out,
                       design_error *err);

/* ---- code generation ------------------------------------------------------------ */
/* A set of generated files: relative paths with '/' separators, in a fixed
 * order (sorted by path), each with its bytes. */
typedef struct design_file {
  char *path;
  char *data;
  size_t len;
} design_file;
typedef struct design_files {
  design_file *items;
  size_t count;
} design_files;
void design_files_free(design_files *files);

/* A React project: package.json, index.html, src/main.jsx, src/App.jsx,
 * src/tokens.js, src/styles.css and src/components/<Type>.jsx for each type
 * used, laid out absolutely as the bboxes say (docs/DESIGN.md). */
bool design_generate_react(const design_blueprint *bp, design_files *out, design_error *err);
/* One self-contained HTML file with its CSS (NUL-terminated, *len bytes
 * without the NUL; len may be NULL). */
char *design_generate_html(const design_blueprint *bp, size_t *len, design_error *err);

/* ---- import ------------------------------------------------------------------- */
typedef struct design_import_options {
  double scale;         /* image pixels per blueprint px (2 for a @2x screenshot); 0 means 1 */
  const char *screen_id; /* NULL means "imported" */
  size_t max_pixels;    /* 0 means DESIGN_IMAGE_MAX_PIXELS */
} design_import_options;

/* A screenshot or flat mock-up as a blueprint: colours quantised, regions
 * labelled, classified and nested, then autocorrected (design_fix). Returns
 * the blueprint JSON text (pretty, ending in a newline; malloc'd) or NULL. */
char *design_import_png(const unsigned char *png, size_t len, const design_import_options *options,
                        design_error *err);
/* The same from decoded pixels. */
char *design_import_image(const design_image *img, const design_import_options *options,
                          design_error *err);

#endif
