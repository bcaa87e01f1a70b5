/*
 * import_regions.c - regions of the index image and the boxes among them.
 *
 * Regions are 4-connected pixels of one palette colour (tc_label_components,
 * the labeller the grid layer's objects() uses). A region is a box when it
 * is a filled rectangle: its middle row reaches both side edges of its
 * bounds and its middle column both the top and bottom (round corners do
 * not matter), at least half of its bounds are its own pixels (text inside
 * makes holes; the boxes inside it count as its own), and it is at least 25 x 25 pixels (larger than the glyphs
 * of text up to 32 px), or a thin line at least 48 long (a divider). A box
 * of the page colour is the page showing between boxes (the renderer
 * outlines a component the colour of what it sits on). A ring - the same reach test, at least 24 x 24, no
 * more pixels than a 1 px outline - is an outlined box whose fill is the
 * region just inside it. Everything else is ink (glyphs, pictograms,
 * bullets, arrows) or background showing through (the holes of glyphs).
 *
 * Sizes are blueprint px times the import scale.
 *
 * Boxes are nested by an owner map: painted into a per-pixel map larger
 * first (so each pixel ends with the innermost box holding it), which
 * also gives each region the box it lies in. The painting is charged
 * against a budget of a few times the pixel count, so a picture of a
 * thousand nested frames stops adding boxes instead of running long.
 */
#include <stdlib.h>
#include <string.h>

#include "design/import_internal.h"
#include "tessera/fault.h"
#include "tessera/label.h"

#define BOX_MIN_SIDE 25
#define RING_MIN_SIDE 24
#define LINE_MIN_LENGTH 48
#define LINE_MAX_THICKNESS 4
#define OWNER_BUDGET_PER_PIXEL 8

typedef struct reach {
  int row_min, row_max, col_min, col_max;
} reach;

static void region_bounds(import_job *j) {
  int w = j->img.width, h = j->img.height;
  for (size_t r = 1; r <= j->region_count; r++) j->regions[r].b = (ibox){w, h, 0, 0};
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      size_t k = (size_t)y * (size_t)w + (size_t)x;
      region *r = &j->regions[j->labels[k]];
      if (r->pixels++ == 0) r->colour = j->index[k];
      if (x < r->b.x0) r->b.x0 = x;
      if (y < r->b.y0) r->b.y0 = y;
      if (x + 1 > r->b.x1) r->b.x1 = x + 1;
      if (y + 1 > r->b.y1) r->b.y1 = y + 1;
    }
}

/* How far each region reaches along its middle row and middle column. */
static void region_reach(const import_job *j, reach *out) {
  int w = j->img.width, h = j->img.height;
  for (size_t r = 1; r <= j->region_count; r++) out[r] = (reach){w, -1, h, -1};
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      uint32_t l = j->labels[(size_t)y * (size_t)w + (size_t)x];
      const ibox *b = &j->regions[l].b;
      reach *e = &out[l];
      if (y == (b->y0 + b->y1 - 1) / 2) {
        if (x < e->row_min) e->row_min = x;
        if (x > e->row_max) e->row_max = x;
      }
      if (x == (b->x0 + b->x1 - 1) / 2) {
        if (y < e->col_min) e->col_min = y;
        if (y > e->col_max) e->col_max = y;
      }
    }
}

/* Classifies a region; returns true when it is a box candidate that only
 * lacks pixels (a card mostly covered by its picture), for fill_holes. */
static bool classify_region(region *r, const reach *e, double scale) {
  ibox b = r->b;
  int w = ibox_w(b), h = ibox_h(b);
  bool reaches = e->row_min == b.x0 && e->row_max == b.x1 - 1 && e->col_min == b.y0 && e->col_max == b.y1 - 1;
  if (!reaches) return false;
  size_t area = (size_t)w * (size_t)h;
  double thin = LINE_MAX_THICKNESS * scale, length = LINE_MIN_LENGTH * scale, side = BOX_MIN_SIDE * scale;
  bool line = (h <= thin && w >= length) || (w <= thin && h >= length);
  if (line) r->is_box = r->pixels * 10 >= area * 9;
  else if (w >= side && h >= side && r->pixels * 2 >= area) r->is_box = true;
  else if (w >= RING_MIN_SIDE * scale && h >= RING_MIN_SIDE * scale && r->pixels <= (size_t)(2 * (w + h) + 16))
    r->is_ring = true;
  return !r->is_box && !r->is_ring && w >= side && h >= side;
}

/* A candidate is a box after all when its pixels and the boxes inside it
 * together fill half its bounds: the pixels of boxes are summed in an
 * integral image (in `sum`, (w + 1) * (h + 1) entries), so each
 * candidate costs four reads. */
static void fill_holes(import_job *j, const bool *candidate, uint32_t *sum) {
  int w = j->img.width, h = j->img.height;
  size_t stride = (size_t)w + 1;
  for (int x = 0; x <= w; x++) sum[x] = 0;
  for (int y = 0; y < h; y++) {
    uint32_t row = 0;
    sum[(size_t)(y + 1) * stride] = 0;
    for (int x = 0; x < w; x++) {
      row += j->regions[j->labels[(size_t)y * (size_t)w + (size_t)x]].is_box;
      sum[(size_t)(y + 1) * stride + (size_t)x + 1] = sum[(size_t)y * stride + (size_t)x + 1] + row;
    }
  }
  for (size_t r = 1; r <= j->region_count; r++) {
    region *g = &j->regions[r];
    if (!candidate[r]) continue;
    ibox b = g->b;
    uint32_t inside = sum[(size_t)b.y1 * stride + (size_t)b.x1] - sum[(size_t)b.y0 * stride + (size_t)b.x1] -
                      sum[(size_t)b.y1 * stride + (size_t)b.x0] + sum[(size_t)b.y0 * stride + (size_t)b.x0];
    g->is_box = (size_t)(g->pixels + inside) * 2 >= (size_t)ibox_w(b) * (size_t)ibox_h(b);
  }
}

static int by_bounds(const void *a, const void *b, void *ctx) {
  const region *rs = ctx;
  const ibox *x = &rs[*(const uint32_t *)a].b, *y = &rs[*(const uint32_t *)b].b;
  int d[4] = {x->x0 - y->x0, x->y0 - y->y0, x->x1 - y->x1, x->y1 - y->y1};
  for (int i = 0; i < 4; i++)
    if (d[i]) return d[i] < 0 ? -1 : 1;
  return *(const uint32_t *)a < *(const uint32_t *)b ? -1 : 1;
}

/* The region whose bounds are exactly `b`, through the sorted order. */
static uint32_t region_with_bounds(const import_job *j, const uint32_t *sorted, ibox b) {
  size_t lo = 0, hi = j->region_count;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    const ibox *m = &j->regions[sorted[mid]].b;
    int d[4] = {m->x0 - b.x0, m->y0 - b.y0, m->x1 - b.x1, m->y1 - b.y1}, c = 0;
    for (int i = 0; i < 4 && !c; i++) c = d[i];
    if (c == 0) return sorted[mid];
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return 0;
}

static bool add_shape(import_job *j, ibox b, uint32_t region, bool outlined) {
  shape *s = &j->shapes[j->shape_count++];
  *s = (shape){.b = b, .fill = j->palette[j->regions[region].colour], .outlined = outlined, .region = (int)region,
               .parent = -1};
  return true;
}

/* Boxes and rings become shapes; a ring's fill is the region inside it. */
static void collect_shapes(import_job *j, const uint32_t *sorted) {
  for (size_t r = 1; r <= j->region_count; r++) {
    region *g = &j->regions[r];
    if (!g->is_ring) continue;
    ibox inner = {g->b.x0 + 1, g->b.y0 + 1, g->b.x1 - 1, g->b.y1 - 1};
    uint32_t in = region_with_bounds(j, sorted, inner);
    if (!in || j->regions[in].colour == g->colour) {
      g->is_ring = false; /* an outline with nothing inside it: ink */
      continue;
    }
    j->regions[in].is_interior = true;
    j->regions[in].is_box = false;
    add_shape(j, g->b, in, true);
  }
  for (size_t r = 1; r <= j->region_count; r++) {
    region *g = &j->regions[r];
    if (g->is_box && g->colour == j->background) g->is_box = false; /* the page showing between boxes */
    if (g->is_box) add_shape(j, g->b, (uint32_t)r, false);
  }
}

static int by_area_desc(const void *a, const void *b) {
  const shape *x = a, *y = b;
  long ax = (long)ibox_w(x->b) * ibox_h(x->b), ay = (long)ibox_w(y->b) * ibox_h(y->b);
  if (ax != ay) return ax > ay ? -1 : 1;
  if (x->b.y0 != y->b.y0) return x->b.y0 < y->b.y0 ? -1 : 1;
  return x->b.x0 < y->b.x0 ? -1 : x->b.x0 > y->b.x0;
}

/* Paints shapes larger first into `owner` (-1 = page); a shape's parent is
 * what was under its top-left corner, walked up until it really holds it.
 * Shapes past the budget are dropped (their regions become ink). */
static void nest_shapes(import_job *j, int32_t *owner) {
  size_t n = (size_t)j->img.width * (size_t)j->img.height, budget = n * OWNER_BUDGET_PER_PIXEL, spent = 0;
  for (size_t k = 0; k < n; k++) owner[k] = -1;
  qsort(j->shapes, j->shape_count, sizeof *j->shapes, by_area_desc);
  size_t kept = 0;
  for (size_t i = 0; i < j->shape_count; i++) {
    shape s = j->shapes[i];
    size_t area = (size_t)ibox_w(s.b) * (size_t)ibox_h(s.b);
    if (spent + area > budget) {
      j->regions[s.region].is_box = j->regions[s.region].is_interior = false;
      continue;
    }
    spent += area;
    int p = owner[(size_t)s.b.y0 * (size_t)j->img.width + (size_t)s.b.x0];
    while (p >= 0 && !ibox_holds(j->shapes[p].b, s.b)) p = j->shapes[p].parent;
    s.parent = p;
    j->shapes[kept] = s;
    for (int y = s.b.y0; y < s.b.y1; y++)
      for (int x = s.b.x0; x < s.b.x1; x++) owner[(size_t)y * (size_t)j->img.width + (size_t)x] = (int32_t)kept;
    kept++;
  }
  j->shape_count = kept;
}

/* Each region's owner, and which regions are ink: not a box, not the
 * colour of what it lies on. */
static void mark_ink(import_job *j, const int32_t *owner) {
  for (size_t r = 1; r <= j->region_count; r++) {
    region *g = &j->regions[r];
    g->owner = owner[(size_t)g->b.y0 * (size_t)j->img.width + (size_t)g->b.x0];
    if (g->is_box || g->is_interior || g->is_ring) continue;
    rgb_t under = g->owner >= 0 ? j->shapes[g->owner].fill : j->palette[j->background];
    g->is_ink = j->palette[g->colour] != under;
  }
}

bool design_import_regions(import_job *j) {
  size_t n = (size_t)j->img.width * (size_t)j->img.height;
  uint32_t *scratch = tc_malloc(n * sizeof *scratch);
  uint32_t *sum = NULL;
  j->labels = tc_malloc(n * sizeof *j->labels);
  reach *reaches = NULL;
  uint32_t *sorted = NULL;
  bool ok = scratch && j->labels;
  if (ok) {
    j->region_count = tc_label_components(j->index, j->img.height, j->img.width, true, false, -1, j->labels, scratch);
    j->regions = tc_calloc(j->region_count + 1, sizeof *j->regions);
    reaches = tc_malloc((j->region_count + 1) * sizeof *reaches);
    sorted = tc_malloc((j->region_count + 1) * sizeof *sorted);
    j->shapes = tc_malloc((j->region_count + 1) * sizeof *j->shapes);
    sum = tc_malloc(((size_t)j->img.width + 1) * ((size_t)j->img.height + 1) * sizeof *sum);
    ok = j->regions && reaches && sorted && j->shapes && sum;
  }
  if (ok) {
    region_bounds(j);
    region_reach(j, reaches);
    bool *candidate = (bool *)sorted; /* free until the sort below; region_count + 1 bytes fit */
    bool any = false;
    for (size_t r = 1; r <= j->region_count; r++) any |= candidate[r] = classify_region(&j->regions[r], &reaches[r], j->scale);
    if (any) fill_holes(j, candidate, sum);
    for (size_t r = 0; r < j->region_count; r++) sorted[r] = (uint32_t)(r + 1);
    qsort_r(sorted, j->region_count, sizeof *sorted, by_bounds, j->regions);
    collect_shapes(j, sorted);
    nest_shapes(j, (int32_t *)scratch);
    mark_ink(j, (const int32_t *)scratch);
  }
  free(scratch);
  free(sum);
  free(reaches);
  free(sorted);
  return ok || design_studio_fail(j->err, DESIGN_ERR_MEMORY, "", "out of memory for the regions");
}
