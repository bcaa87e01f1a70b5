/*
 * import_text.c - ink regions turned into lines of text, and image
 * placeholders told apart from text.
 *
 * A box whose ink is mostly its pictogram colour (design_studio_image_ink of
 * its fill, as the renderer and the generated code draw placeholders; at
 * least twice the other ink, which is anti-aliasing) is an image. All other ink is
 * grouped per owning box: regions whose vertical extents overlap form a
 * line (line height 1.25 em leaves a gap between lines), and a line splits
 * where the horizontal gap exceeds 1.5 times its height (two texts in one
 * row, or a select's arrow). For each piece:
 *   - colour: of the colours holding at least 2% of its ink pixels (and 3
 *     pixels), the
 *     one contrasting most with the box (anti-aliased shades lie between
 *     the text colour and the fill, so the extreme is the text colour);
 *   - baseline: below the last row with at least 40% of the busiest row's
 *     ink (descenders are thin); font size: the height above it / 0.74
 *     (capitals and ascenders of DejaVu Sans are 0.73 to 0.76 em,
 *     placeholder boxes 0.7 em); ink is a pixel nearer the text colour
 *     than the fill (by contrast), so anti-aliased edges count half;
 *   - bold: the median horizontal run of ink in the upper half em above the
 *     baseline is at least 0.13 em (regular stems are about 0.09 em, bold
 *     0.15);
 *   - underline: a region at least 70% as wide as the piece and 3 times
 *     wider than tall; bullet: a small first dot, or a first glyph followed
 *     by a gap of a space.
 */
#include <stdlib.h>
#include <string.h>

#include "design/import_internal.h"
#include "tessera/fault.h"

#define CAP_HEIGHT 0.74
#define BOLD_STEM 0.13
#define MIN_COLOUR_SHARE 0.02

static void find_images(import_job *j) {
  uint32_t *pict = tc_calloc(j->shape_count + 1, sizeof *pict), *other = tc_calloc(j->shape_count + 1, sizeof *other);
  if (!pict || !other) {
    free(pict);
    free(other);
    j->oom = true;
    return;
  }
  for (size_t r = 1; r <= j->region_count; r++) {
    const region *g = &j->regions[r];
    if (!g->is_ink || g->owner < 0) continue;
    bool ink = j->palette[g->colour] == design_studio_image_ink(j->shapes[g->owner].fill);
    (ink ? pict : other)[g->owner] += g->pixels;
  }
  /* anti-aliased edges (a browser's SVG) add shades around the sign */
  for (size_t s = 0; s < j->shape_count; s++) j->shapes[s].is_image = pict[s] > 0 && pict[s] >= 2 * other[s];
  free(pict);
  free(other);
}

static rgb_t under_of(const import_job *j, int owner) {
  return owner >= 0 ? j->shapes[owner].fill : j->palette[j->background];
}

typedef struct piece {
  const uint32_t *regions; /* sorted by x0 */
  size_t count;
} piece;

static uint8_t piece_colour(const import_job *j, piece p, int owner) {
  uint32_t by_colour[256] = {0}, total = 0;
  for (size_t i = 0; i < p.count; i++) {
    const region *g = &j->regions[p.regions[i]];
    by_colour[g->colour] += g->pixels;
    total += g->pixels;
  }
  rgb_t under = under_of(j, owner);
  int best = -1;
  double best_contrast = 0;
  for (int c = 0; c < 256; c++) {
    if (by_colour[c] < total * MIN_COLOUR_SHARE || by_colour[c] < 3) continue;
    double k = design_color_contrast(j->palette[c], under);
    if (best < 0 || k > best_contrast) best = c, best_contrast = k;
  }
  return (uint8_t)(best < 0 ? j->regions[p.regions[0]].colour : best);
}

static bool is_underline(const region *g, ibox piece_box) {
  int w = ibox_w(g->b), h = ibox_h(g->b);
  return w * 10 >= ibox_w(piece_box) * 7 && w >= 3 * h;
}

/* Pixels of the piece that are ink: nearer the text colour than the fill
 * (anti-aliased edges count when at least half covered). */
static bool inked(const import_job *j, const iline *l, int x, int y, rgb_t under) {
  rgb_t c = j->palette[j->index[(size_t)y * (size_t)j->img.width + (size_t)x]];
  return c != under && design_color_contrast(c, under) * 2 >= design_color_contrast(l->colour, under) + 1;
}

/* Baseline and top from the row profile of the ink: the baseline is below
 * the last row holding at least 40% of the busiest row's ink (descenders
 * are thin), the top the first row holding any. */
static void row_profile(import_job *j, iline *l, rgb_t under) {
  int h = ibox_h(l->b), busiest = 0, *ink = tc_calloc((size_t)h, sizeof *ink);
  if (!ink) {
    j->oom = true;
    return;
  }
  for (int y = 0; y < h; y++) {
    for (int x = l->b.x0; x < l->b.x1; x++) ink[y] += inked(j, l, x, l->b.y0 + y, under);
    if (ink[y] > busiest) busiest = ink[y];
  }
  int top = 0, base = h;
  while (top < h && ink[top] == 0) top++;
  for (int y = h - 1; y >= 0; y--)
    if (ink[y] * 5 >= busiest * 2) {
      base = y + 1;
      break;
    }
  l->baseline = l->b.y0 + base;
  l->font_px = (base - top) / CAP_HEIGHT;
  free(ink);
}

/* Median run of ink across the rows of the upper half em above the baseline. */
static int median_stem(const import_job *j, const iline *l, rgb_t under) {
  uint32_t hist[65] = {0}, n = 0;
  for (int y = l->baseline - (int)(0.5 * l->font_px); y < l->baseline; y++) {
    if (y < l->b.y0) continue;
    int run = 0;
    for (int x = l->b.x0; x <= l->b.x1; x++) {
      if (x < l->b.x1 && inked(j, l, x, y, under)) run++;
      else if (run) {
        hist[run < 64 ? run : 64]++, n++;
        run = 0;
      }
    }
  }
  for (int len = 1, seen = 0; len <= 64; len++)
    if ((seen += (int)hist[len]) * 2 >= (int)n && n) return len;
  return 0;
}

static void piece_metrics(import_job *j, piece p, iline *l, int owner) {
  for (size_t i = 0; i < p.count; i++)
    if (is_underline(&j->regions[p.regions[i]], l->b)) l->underline = true;
  rgb_t under = under_of(j, owner);
  row_profile(j, l, under);
  l->bold = median_stem(j, l, under) >= BOLD_STEM * l->font_px;
}

/* The first glyph: the regions whose columns overlap the leftmost one's
 * (anti-aliasing cuts one glyph into several regions). */
static ibox first_glyph(const import_job *j, piece p) {
  ibox g = j->regions[p.regions[0]].b;
  for (size_t i = 1; i < p.count; i++) {
    const ibox *b = &j->regions[p.regions[i]].b;
    if (b->x0 > g.x1) continue;
    if (b->x1 > g.x1) g.x1 = b->x1;
    if (b->y0 < g.y0) g.y0 = b->y0;
    if (b->y1 > g.y1) g.y1 = b->y1;
  }
  return g;
}

static void piece_bullet(const import_job *j, piece p, iline *l) {
  if (p.count < 2) return;
  ibox first = first_glyph(j, p);
  int next_x = l->b.x1;
  for (size_t i = 1; i < p.count; i++) {
    const ibox *b = &j->regions[p.regions[i]].b;
    if (b->x0 >= first.x1 && b->x0 < next_x) next_x = b->x0;
  }
  l->first_gap = next_x - first.x1;
  double em = l->font_px;
  bool dot = ibox_w(first) <= 0.5 * em && ibox_h(first) <= 0.5 * em && first.y1 < l->baseline;
  l->bullet = (dot && l->first_gap >= 0.15 * em) || l->first_gap >= 0.4 * em;
}

/* Pieces less than 4 px tall are slivers (a line clipped by its box, stray
 * anti-aliasing), not text. */
#define MIN_LINE_HEIGHT 4

static void add_line(import_job *j, piece p, int owner) {
  iline *l = &j->lines[j->line_count];
  memset(l, 0, sizeof *l);
  l->owner = owner;
  l->b = j->regions[p.regions[0]].b;
  for (size_t i = 1; i < p.count; i++) {
    const ibox *b = &j->regions[p.regions[i]].b;
    if (b->x0 < l->b.x0) l->b.x0 = b->x0;
    if (b->y0 < l->b.y0) l->b.y0 = b->y0;
    if (b->x1 > l->b.x1) l->b.x1 = b->x1;
    if (b->y1 > l->b.y1) l->b.y1 = b->y1;
  }
  if (ibox_h(l->b) < MIN_LINE_HEIGHT * j->scale) return;
  j->line_count++;
  l->colour = j->palette[piece_colour(j, p, owner)];
  piece_metrics(j, p, l, owner);
  piece_bullet(j, p, l);
}

static int by_x(const void *a, const void *b, void *ctx) {
  const region *rs = ctx;
  const region *x = &rs[*(const uint32_t *)a], *y = &rs[*(const uint32_t *)b];
  if (x->b.x0 != y->b.x0) return x->b.x0 < y->b.x0 ? -1 : 1;
  return *(const uint32_t *)a < *(const uint32_t *)b ? -1 : 1;
}

/* One row of overlapping regions: sorted by x, cut at wide gaps. */
static void split_row(import_job *j, uint32_t *row, size_t n, int owner) {
  qsort_r(row, n, sizeof *row, by_x, j->regions);
  int height = 0;
  for (size_t i = 0; i < n; i++)
    if (ibox_h(j->regions[row[i]].b) > height) height = ibox_h(j->regions[row[i]].b);
  size_t start = 0;
  int right = j->regions[row[0]].b.x1;
  for (size_t i = 1; i <= n; i++) {
    if (i < n && j->regions[row[i]].b.x0 - right <= height * 3 / 2) {
      if (j->regions[row[i]].b.x1 > right) right = j->regions[row[i]].b.x1;
      continue;
    }
    add_line(j, (piece){row + start, i - start}, owner);
    if (i < n) start = i, right = j->regions[row[i]].b.x1;
  }
}

static int by_owner_y(const void *a, const void *b, void *ctx) {
  const region *rs = ctx;
  const region *x = &rs[*(const uint32_t *)a], *y = &rs[*(const uint32_t *)b];
  if (x->owner != y->owner) return x->owner < y->owner ? -1 : 1;
  if (x->b.y0 != y->b.y0) return x->b.y0 < y->b.y0 ? -1 : 1;
  return *(const uint32_t *)a < *(const uint32_t *)b ? -1 : 1;
}

bool design_import_text(import_job *j) {
  find_images(j);
  uint32_t *ink = tc_malloc((j->region_count + 1) * sizeof *ink);
  j->lines = tc_malloc((j->region_count + 1) * sizeof *j->lines);
  if (!ink || !j->lines) {
    free(ink);
    return design_studio_fail(j->err, DESIGN_ERR_MEMORY, "", "out of memory for the text lines");
  }
  size_t n = 0;
  for (size_t r = 1; r <= j->region_count; r++) {
    const region *g = &j->regions[r];
    if (g->is_ink && !(g->owner >= 0 && j->shapes[g->owner].is_image)) ink[n++] = (uint32_t)r;
  }
  qsort_r(ink, n, sizeof *ink, by_owner_y, j->regions);
  for (size_t i = 0; i < n;) {
    size_t k = i + 1;
    int owner = j->regions[ink[i]].owner, top = j->regions[ink[i]].b.y0, bottom = j->regions[ink[i]].b.y1;
    /* a row ends at a gap of more than 1/8 of its height: the faint edge of
     * a descender may map to the fill and leave one empty row above it */
    while (k < n && j->regions[ink[k]].owner == owner &&
           j->regions[ink[k]].b.y0 <= bottom + ((bottom - top) / 8 > 1 ? (bottom - top) / 8 : 1)) {
      if (j->regions[ink[k]].b.y1 > bottom) bottom = j->regions[ink[k]].b.y1;
      k++;
    }
    split_row(j, ink + i, k - i, owner);
    i = k;
  }
  free(ink);
  return !j->oom || design_studio_fail(j->err, DESIGN_ERR_MEMORY, "", "out of memory for the text lines");
}

void design_import_job_free(import_job *j) {
  free(j->index);
  free(j->labels);
  free(j->regions);
  free(j->shapes);
  free(j->lines);
  memset(j, 0, sizeof *j);
}
