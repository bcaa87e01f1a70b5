/*
 * import_internal.h - the stages of the sketch importer (design_import_*),
 * each in its own file:
 *
 *   import_quant.c    colours -> a palette of at most 255 exact colours and
 *                     an index image (every pixel its nearest palette colour)
 *   import_regions.c  connected regions (tc_label_components), their boxes,
 *                     outlines, and which box each region lies in
 *   import_text.c     ink regions -> text lines and blocks, with colour,
 *                     font size, weight, bullets and underlines
 *   import.c          classification, the component list, tokens, fix
 *
 * Everything is owned by one import_job and freed by import_job_free;
 * every array is sized from the pixel count, which the caller has checked
 * against the caps, so the work is linear in pixels (plus sorts).
 */
#ifndef TESSERA_IMPORT_INTERNAL_H
#define TESSERA_IMPORT_INTERNAL_H

#include "design/studio_internal.h"

typedef struct ibox {
  int x0, y0, x1, y1; /* pixels, half-open */
} ibox;

/* A connected region of one palette colour. */
typedef struct region {
  ibox b;
  uint32_t pixels;
  uint8_t colour;       /* palette index */
  int owner;            /* index of the innermost box holding it, -1: the page */
  bool is_box;          /* a filled rectangle (maybe with round corners) */
  bool is_ring;         /* a 1 px outline */
  bool is_interior;     /* the inside of a ring (its fill) */
  bool is_ink;          /* glyphs, pictograms, bullets, underlines, arrows */
} region;

/* A box: a filled region, or an outline with the region inside it. */
typedef struct shape {
  ibox b;
  rgb_t fill;
  bool outlined;
  int region;           /* the filled region (the interior for an outline) */
  int parent;           /* the innermost shape holding it, or -1 */
  int radius;           /* corner radius estimate, pixels */
  bool is_image;        /* an image placeholder (pictogram of its fill's ink colour) */
  bool used;            /* folded into another component (a product card's picture) */
} shape;

/* One line of text: ink regions side by side. */
typedef struct iline {
  ibox b;               /* ink bounds */
  int owner;            /* shape it lies in, or -1 */
  int baseline;         /* most common bottom of its glyphs */
  rgb_t colour;
  double font_px;       /* estimated font size, pixels */
  bool bold, bullet, underline;
  int first_gap;        /* gap after the first glyph, pixels */
} iline;

typedef struct import_job {
  design_image img;     /* borrowed */
  double scale;
  rgb_t palette[256];
  int palette_count;
  uint8_t *index;       /* palette index of each pixel */
  uint32_t *labels;     /* region label (1-based) of each pixel */
  region *regions;      /* [0] unused; 1..region_count */
  size_t region_count;
  shape *shapes;
  size_t shape_count;
  iline *lines;
  size_t line_count;
  uint8_t background;   /* palette index of the page */
  bool oom;             /* a step ran out of memory: the result would be wrong */
  design_error *err;
} import_job;

bool design_import_quantise(import_job *j);
bool design_import_regions(import_job *j);
bool design_import_text(import_job *j);
void design_import_job_free(import_job *j);

static inline int ibox_w(ibox b) { return b.x1 - b.x0; }
static inline int ibox_h(ibox b) { return b.y1 - b.y0; }
static inline bool ibox_holds(ibox o, ibox i) {
  return o.x0 <= i.x0 && o.y0 <= i.y0 && o.x1 >= i.x1 && o.y1 >= i.y1;
}

#endif
