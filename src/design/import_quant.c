/*
 * import_quant.c - colour quantisation for the importer: a palette of the
 * image's own solid colours and an index image.
 *
 * A colour enters the palette when it forms runs of at least 3 equal
 * pixels, across or down: fills do, and so does the full-coverage ink of
 * text stems, while the in-between shades of anti-aliased edges rarely do.
 * Palette colours are the image's exact colours (never averages), so fills
 * and text colours come back exactly. The heaviest 255 by run weight are
 * kept (ties by colour value); every other pixel takes its nearest palette
 * colour, looked up through a 32-level-per-channel cell table filled on
 * demand, so the mapping costs at most 32768 palette scans whatever the
 * image. Exact colours are counted in a fixed-size open-addressing table;
 * colours seen once the table is full are only mapped, not counted.
 */
#include <stdlib.h>
#include <string.h>

#include "design/import_internal.h"
#include "tessera/fault.h"

#define TABLE_BITS 20
#define TABLE_SIZE ((size_t)1 << TABLE_BITS)
#define TABLE_LIMIT (TABLE_SIZE / 4 * 3)
#define MIN_RUN 3
#define NO_COLOUR 0xFFFFFFFFu

typedef struct colour_slot {
  uint32_t colour; /* NO_COLOUR when empty */
  uint32_t pixels, weight;
} colour_slot;

typedef struct colour_table {
  colour_slot *slots;
  size_t used;
} colour_table;

static rgb_t pixel_at(const design_image *img, size_t k) {
  const uint8_t *p = img->rgb + k * 3;
  return (rgb_t)p[0] << 16 | (rgb_t)p[1] << 8 | p[2];
}

static colour_slot *slot_for(colour_table *t, rgb_t c, bool insert) {
  size_t h = ((size_t)c * 2654435761u) & (TABLE_SIZE - 1);
  while (t->slots[h].colour != NO_COLOUR && t->slots[h].colour != c) h = (h + 1) & (TABLE_SIZE - 1);
  if (t->slots[h].colour == c) return &t->slots[h];
  if (!insert || t->used >= TABLE_LIMIT) return NULL;
  t->used++;
  t->slots[h] = (colour_slot){c, 0, 0};
  return &t->slots[h];
}

/* Pixel counts, and run weight: each pixel that ends a run of MIN_RUN or
 * more equal pixels across or down counts once per direction. */
static void count_colours(const design_image *img, colour_table *t, uint16_t *down) {
  int w = img->width;
  for (int y = 0; y < img->height; y++) {
    int across = 0;
    for (int x = 0; x < w; x++) {
      size_t k = (size_t)y * (size_t)w + (size_t)x;
      rgb_t c = pixel_at(img, k);
      across = x > 0 && pixel_at(img, k - 1) == c ? across + 1 : 1;
      down[x] = y > 0 && pixel_at(img, k - (size_t)w) == c ? (uint16_t)(down[x] < 60000 ? down[x] + 1 : down[x]) : 1;
      colour_slot *s = slot_for(t, c, true);
      if (!s) continue;
      s->pixels++;
      s->weight += (across >= MIN_RUN ? (across == MIN_RUN ? MIN_RUN : 1) : 0) +
                   (down[x] >= MIN_RUN ? (down[x] == MIN_RUN ? MIN_RUN : 1) : 0);
    }
  }
}

static int by_weight(const void *a, const void *b) {
  const colour_slot *x = a, *y = b;
  if (x->weight != y->weight) return x->weight > y->weight ? -1 : 1;
  return x->colour < y->colour ? -1 : x->colour > y->colour;
}

static unsigned distance2(rgb_t a, rgb_t b) {
  int dr = (int)(a >> 16 & 255) - (int)(b >> 16 & 255), dg = (int)(a >> 8 & 255) - (int)(b >> 8 & 255),
      db = (int)(a & 255) - (int)(b & 255);
  return (unsigned)(dr * dr + dg * dg + db * db);
}

static uint8_t nearest(const import_job *j, rgb_t c) {
  unsigned best = ~0u;
  uint8_t best_i = 0;
  for (int i = 0; i < j->palette_count; i++) {
    unsigned d = distance2(c, j->palette[i]);
    if (d < best) best = d, best_i = (uint8_t)i;
  }
  return best_i;
}

/* The palette from the table: solid colours by weight, at most 255; the
 * most frequent colour overall if nothing is solid (a 1-pixel image). */
static void choose_palette(import_job *j, colour_table *t) {
  size_t n = 0;
  rgb_t most = 0;
  uint32_t most_pixels = 0; /* the palette of an image without runs */
  for (size_t i = 0; i < TABLE_SIZE; i++) {
    colour_slot s = t->slots[i];
    if (s.colour == NO_COLOUR) continue;
    if (s.pixels > most_pixels || (s.pixels == most_pixels && s.colour < most)) most = s.colour, most_pixels = s.pixels;
    if (s.weight > 0) t->slots[n++] = s;
  }
  qsort(t->slots, n, sizeof *t->slots, by_weight);
  j->palette_count = 0;
  for (size_t i = 0; i < n && j->palette_count < 255; i++) j->palette[j->palette_count++] = t->slots[i].colour;
  if (j->palette_count == 0) j->palette[j->palette_count++] = most;
}

/* The page colour: the most common palette colour of the second and the
 * last but one columns (content keeps a margin; the first column may be
 * a full-width bar's outline). Full-width bars cover those columns only
 * where they are, so the page wins on any screen that is not mostly bars. */
static void choose_background(import_job *j) {
  uint32_t count[256] = {0};
  int w = j->img.width, cols[2] = {w > 2 ? 1 : 0, w > 2 ? w - 2 : w - 1};
  for (int y = 0; y < j->img.height; y++)
    for (int k = 0; k < 2; k++) count[j->index[(size_t)y * (size_t)w + (size_t)cols[k]]]++;
  j->background = 0;
  for (int i = 1; i < j->palette_count; i++)
    if (count[i] > count[j->background]) j->background = (uint8_t)i;
}

/* Exact palette colours, for the lookup of every pixel. */
typedef struct palette_hash {
  uint32_t colour[512];
  uint8_t index[512];
} palette_hash;

static size_t hash_slot(rgb_t c) { return ((size_t)c * 2654435761u >> 7) & 511; }

static void hash_palette(const import_job *j, palette_hash *h) {
  for (size_t i = 0; i < 512; i++) h->colour[i] = NO_COLOUR;
  for (int i = 0; i < j->palette_count; i++) {
    size_t s = hash_slot(j->palette[i]);
    while (h->colour[s] != NO_COLOUR) s = (s + 1) & 511;
    h->colour[s] = j->palette[i];
    h->index[s] = (uint8_t)i;
  }
}

static int exact_index(const palette_hash *h, rgb_t c) {
  for (size_t s = hash_slot(c); h->colour[s] != NO_COLOUR; s = (s + 1) & 511)
    if (h->colour[s] == c) return h->index[s];
  return -1;
}

static void map_pixels(import_job *j, uint16_t *cells) {
  size_t n = (size_t)j->img.width * (size_t)j->img.height;
  palette_hash h;
  hash_palette(j, &h);
  for (size_t i = 0; i < 32768; i++) cells[i] = 0xFFFF;
  for (size_t k = 0; k < n; k++) {
    rgb_t c = pixel_at(&j->img, k);
    int exact = exact_index(&h, c);
    if (exact >= 0) {
      j->index[k] = (uint8_t)exact;
      continue;
    }
    size_t cell = (c >> 19 & 31) << 10 | (c >> 11 & 31) << 5 | (c >> 3 & 31);
    rgb_t centre = (rgb_t)((cell >> 10) << 19 | (cell >> 5 & 31) << 11 | (cell & 31) << 3 | 0x040404);
    if (cells[cell] == 0xFFFF) cells[cell] = nearest(j, centre);
    j->index[k] = (uint8_t)cells[cell];
  }
}

bool design_import_quantise(import_job *j) {
  size_t n = (size_t)j->img.width * (size_t)j->img.height;
  colour_table t = {tc_calloc(TABLE_SIZE, sizeof *t.slots), 0};
  uint16_t *scratch = tc_calloc((size_t)j->img.width > 32768 ? (size_t)j->img.width : 32768, sizeof *scratch);
  j->index = tc_malloc(n);
  bool ok = t.slots && scratch && j->index;
  if (ok) {
    for (size_t i = 0; i < TABLE_SIZE; i++) t.slots[i].colour = NO_COLOUR;
    count_colours(&j->img, &t, scratch);
    choose_palette(j, &t);
    map_pixels(j, scratch);
    choose_background(j);
  }
  free(t.slots);
  free(scratch);
  return ok || design_studio_fail(j->err, DESIGN_ERR_MEMORY, "", "out of memory for the colour table");
}
