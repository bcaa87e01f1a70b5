/*
 * import.c - a screenshot or flat mock-up turned into a blueprint
 * (design_import_png / design_import_image in design_studio.h).
 *
 * Stages (import_internal.h): quantise colours, find regions and boxes,
 * group ink into lines; then here: classify, build the component list and
 * the tokens, and run design_fix on the result.
 *
 * Classification (docs/DESIGN.md, "Import"):
 *   - a box with only a pictogram is an image (an icon up to 48 px);
 *     a box whose first child is such an image at the card padding is a
 *     product card (the picture is part of it, its lines are name and price);
 *   - a line-thin box is a divider, unless it underlines a text (a link);
 *   - full width: at the top a navbar (up to 64 px) or header, the last
 *     thing on the page a footer, a tall one with centred text a hero,
 *     else a section;
 *   - a box holding boxes is a container; one centred line is a button,
 *     one line at the field padding, centred vertically, an input (a select
 *     with an arrow at the right); anything else a card;
 *   - lines on the page group into blocks (same colour, left edge and size,
 *     line after line): bullets make a list, an underline a link, then by
 *     size and weight a title (24+), heading (bold 18+), subtitle (18+),
 *     label (13-), description (14-15) or text.
 * A text block's box is not visible in a picture: it starts half a leading
 * above its first line and, as the editor lays screens out (a stack with
 * base_spacing between rows), reaches down to base_spacing above the next
 * row; it runs to the right margin (the page margin is the most common
 * left edge of boxes near the left side).
 * Text content is not read (there is no OCR): components carry their
 * colours, font size and weight, and `text` is null.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "design/import_internal.h"
#include "tessera/fault.h"
#include "tessera/json.h"
#include "tessera/text.h"

#define FIELD_PAD 12
#define PRODUCT_PAD 8
#define BAR_MAX_HEIGHT 64
#define HERO_MIN_HEIGHT 120
#define ICON_MAX_SIDE 48
#define ALIGN_SLACK 3
#define TEXT_BASELINE 0.95 /* baseline below the line box top, in em (DejaVu 0.97, placeholders 0.93) */

typedef struct icomp {
  int type;
  double x, y, w, h;        /* blueprint px */
  bool has_bg, has_text, bold;
  rgb_t bg, text;
  double font;              /* 0: none */
} icomp;

typedef struct comp_list {
  icomp *items;
  size_t count;
} comp_list;

/* ---- page measures ------------------------------------------------------------ */

typedef struct page_info {
  int W;                    /* pixels */
  double scale;
  int spacing, margin;      /* pixels */
  int content_bottom;       /* lowest shape or line bottom */
  /* indexes, so that no step loops over all shapes for each shape */
  const iline **by_owner;   /* lines sorted by owner, then reading order */
  size_t *first_line;       /* shape s owns by_owner[first_line[s] .. first_line[s + 1]) */
  size_t page_lines;        /* lines of the page itself: by_owner[0 .. page_lines) */
  uint32_t *children;       /* unused child shapes of each shape */
  bool *product;            /* shape holds a product picture */
  int *box_tops, *text_tops; /* tops of top-level boxes / page line boxes, sorted */
  size_t box_count, text_count;
} page_info;

/* The first value >= y of a sorted array, or -1. */
static int first_at_or_below(const int *sorted, size_t n, int y) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (sorted[mid] < y) lo = mid + 1;
    else hi = mid;
  }
  return lo < n ? sorted[lo] : -1;
}

/* The top of the next row (box or text) at or below `y`, or -1. */
static int next_row_top(const page_info *p, int y) {
  int box = first_at_or_below(p->box_tops, p->box_count, y), text = first_at_or_below(p->text_tops, p->text_count, y);
  return box < 0 ? text : text < 0 ? box : box < text ? box : text;
}

static int mode_of(int *v, size_t n, int fallback) {
  int best = fallback;
  size_t best_n = 0;
  for (size_t i = 0; i < n; i++) {
    size_t c = 0;
    for (size_t k = 0; k < n; k++) c += v[k] == v[i];
    if (c > best_n || (c == best_n && v[i] < best)) best = v[i], best_n = c;
  }
  return best;
}

/* base_spacing from the gaps between consecutive top-level boxes, the
 * margin from their left edges (a small sample: the first 64 boxes). */
static void measure_page(const import_job *j, page_info *p) {
  p->W = j->img.width;
  p->scale = j->scale;
  int gaps[64], lefts[64];
  size_t ng = 0, nl = 0;
  for (size_t i = 0; i < j->shape_count && nl < 64; i++) {
    const shape *s = &j->shapes[i];
    if (s->parent < 0 && !s->used && s->b.x0 > 0 && s->b.x0 <= 64 * j->scale) lefts[nl++] = s->b.x0;
  }
  /* gaps: from each top-level box to the next row below it, when that
   * row is a box too (a text row's box is what we are inferring) */
  for (size_t i = 0; i < j->shape_count && ng < 64; i++) {
    const shape *s = &j->shapes[i];
    if (s->parent >= 0 || s->used) continue;
    int next_box = first_at_or_below(p->box_tops, p->box_count, s->b.y1);
    int next_text = first_at_or_below(p->text_tops, p->text_count, s->b.y1);
    bool box_first = next_box >= 0 && (next_text < 0 || next_box <= next_text);
    if (box_first && next_box > s->b.y1 && next_box - s->b.y1 <= 64 * j->scale) gaps[ng++] = next_box - s->b.y1;
  }
  int unit = (int)(4 * j->scale);
  p->spacing = mode_of(gaps, ng, (int)(16 * j->scale));
  p->spacing = (p->spacing + unit / 2) / unit * unit;
  if (p->spacing <= 0) p->spacing = (int)(16 * j->scale);
  p->margin = mode_of(lefts, nl, p->spacing);
  p->content_bottom = 0;
  for (size_t i = 0; i < j->shape_count; i++)
    if (j->shapes[i].b.y1 > p->content_bottom) p->content_bottom = j->shapes[i].b.y1;
  for (size_t i = 0; i < j->line_count; i++)
    if (j->lines[i].b.y1 > p->content_bottom) p->content_bottom = j->lines[i].b.y1;
}

/* ---- boxes --------------------------------------------------------------------- */

static void mark_products(import_job *j) {
  int pad = (int)lround(PRODUCT_PAD * j->scale);
  for (size_t i = 0; i < j->shape_count; i++) {
    shape *c = &j->shapes[i];
    if (!c->is_image || c->parent < 0) continue;
    const shape *p = &j->shapes[c->parent];
    int slack = (int)ceil(j->scale);
    if (abs(c->b.x0 - p->b.x0 - pad) <= slack && abs(c->b.y0 - p->b.y0 - pad) <= slack && abs(p->b.x1 - c->b.x1 - pad) <= slack)
      c->used = true;
  }
}


typedef struct box_text {
  const iline *main;   /* the first line (reading order) */
  const iline *right;  /* a small piece at the right edge (a select's arrow) */
  size_t count;
} box_text;

static box_text lines_of(const import_job *j, const page_info *p, size_t s) {
  box_text t = {NULL, NULL, 0};
  const shape *sh = &j->shapes[s];
  for (size_t k = p->first_line[s]; k < p->first_line[s + 1]; k++) {
    const iline *l = p->by_owner[k];
    /* anti-aliased round corners (a browser's) leave ink touching the edge */
    bool at_edge = l->b.x0 <= sh->b.x0 + 1 || l->b.y0 <= sh->b.y0 + 1 || l->b.x1 >= sh->b.x1 - 1 || l->b.y1 >= sh->b.y1 - 1;
    if (at_edge && ibox_w(l->b) <= 16 * j->scale && ibox_h(l->b) <= 16 * j->scale) continue;
    bool arrow = ibox_w(l->b) <= 12 * j->scale && sh->b.x1 - l->b.x1 <= 16 * j->scale;
    if (arrow) {
      t.right = l;
      continue;
    }
    t.count++;
    if (!t.main || l->b.y0 < t.main->b.y0 || (l->b.y0 == t.main->b.y0 && l->b.x0 < t.main->b.x0)) t.main = l;
  }
  return t;
}

static int classify_box(const import_job *j, const page_info *p, size_t s, const box_text *t) {
  const shape *sh = &j->shapes[s];
  int w = ibox_w(sh->b), h = ibox_h(sh->b);
  double sc = j->scale;
  if (sh->is_image) return w <= ICON_MAX_SIDE * sc && h <= ICON_MAX_SIDE * sc ? CT_ICON : CT_IMAGE;
  if (h <= 4 * sc || w <= 4 * sc) return CT_DIVIDER;
  if (p->product[s]) return CT_PRODUCT_CARD;
  double slack = ALIGN_SLACK * sc;
  bool centred_x = t->main && abs((t->main->b.x0 + t->main->b.x1) - (sh->b.x0 + sh->b.x1)) <= 2 * slack;
  /* vertical centring is looser: fonts put ink above the line box middle */
  double slack_y = slack > 0.15 * h ? slack : 0.15 * h;
  bool centred_y = t->main && abs((t->main->b.y0 + t->main->b.y1) - (sh->b.y0 + sh->b.y1)) <= 2 * slack_y;
  if (sh->b.x0 <= 1 && sh->b.x1 >= p->W - 1) {
    if (sh->b.y0 <= 1) return h <= BAR_MAX_HEIGHT * sc ? CT_NAVBAR : CT_HEADER;
    if (sh->b.y1 >= p->content_bottom - 1) return CT_FOOTER;
    return h >= HERO_MIN_HEIGHT * sc && centred_x ? CT_HERO : CT_SECTION;
  }
  if (p->children[s]) return CT_CONTAINER;
  if (t->count == 1 && centred_x && centred_y) return CT_BUTTON;
  bool at_field_pad = t->main && abs(t->main->b.x0 - sh->b.x0 - (int)lround(FIELD_PAD * sc)) <= slack + sc;
  if (t->count == 1 && at_field_pad && centred_y && h <= BAR_MAX_HEIGHT * sc) return t->right ? CT_SELECT : CT_INPUT;
  return CT_CARD;
}

static void box_comp(const import_job *j, const page_info *p, size_t s, icomp *c) {
  const shape *sh = &j->shapes[s];
  box_text t = lines_of(j, p, s);
  double sc = j->scale;
  *c = (icomp){.type = classify_box(j, p, s, &t), .x = sh->b.x0 / sc, .y = sh->b.y0 / sc, .w = ibox_w(sh->b) / sc,
               .h = ibox_h(sh->b) / sc};
  if (c->type != CT_IMAGE && c->type != CT_ICON) c->has_bg = true, c->bg = sh->fill;
  if (t.main) {
    c->has_text = true;
    c->text = t.main->colour;
    c->font = round(t.main->font_px / sc);
    c->bold = t.main->bold;
  }
}

/* ---- text blocks ------------------------------------------------------------------ */

typedef struct block {
  size_t first, count;   /* in the sorted page lines */
} block;

static int by_reading(const void *a, const void *b) {
  const iline *x = *(const iline *const *)a, *y = *(const iline *const *)b;
  if (x->b.y0 != y->b.y0) return x->b.y0 < y->b.y0 ? -1 : 1;
  return x->b.x0 < y->b.x0 ? -1 : x->b.x0 > y->b.x0;
}

static bool continues(const iline *a, const iline *b) {
  double fa = a->font_px, fb = b->font_px;
  return a->colour == b->colour && abs(a->b.x0 - b->b.x0) <= 2 && fabs(fa - fb) <= 0.2 * fa &&
         b->b.y0 > a->b.y0 && b->b.y0 - a->baseline <= 0.9 * fa && a->bullet == b->bullet;
}

static int text_type(const iline *const *ls, size_t n, double font) {
  bool bullets = n >= 2, underline = false, bold = true;
  for (size_t i = 0; i < n; i++) {
    bullets = bullets && ls[i]->bullet;
    underline = underline || ls[i]->underline;
    bold = bold && ls[i]->bold;
  }
  if (bullets) return CT_LIST;
  if (underline) return CT_LINK;
  if (font >= 24) return CT_TITLE;
  if (bold && font >= 18) return CT_HEADING;
  if (font >= 18) return CT_SUBTITLE;
  if (font <= 13) return CT_LABEL;
  if (font <= 14.5) return CT_DESCRIPTION;
  return CT_TEXT;
}

static void block_comp(const import_job *j, const page_info *p, const iline *const *ls, size_t n, icomp *c) {
  double sc = j->scale, em = ls[0]->font_px;
  if (n >= 2) em = (ls[n - 1]->baseline - ls[0]->baseline) / (n - 1.0) / STUDIO_LINE_HEIGHT;
  double lh = em * STUDIO_LINE_HEIGHT;
  int x0 = ls[0]->b.x0, x1 = 0;
  for (size_t i = 0; i < n; i++) x1 = ls[i]->b.x1 > x1 ? ls[i]->b.x1 : x1;
  double top = ls[0]->baseline - TEXT_BASELINE * em;
  int left = abs(x0 - p->margin) <= 4 * sc ? p->margin : x0 - (int)lround(sc);
  double width = p->W - p->margin - left;
  if (width < x1 - left) width = x1 - left + 1;
  double lines_h = n * lh;
  int next = next_row_top(p, ls[n - 1]->b.y1);
  double height = next >= 0 ? next - p->spacing - top : lines_h;
  if (height < lines_h - 2 * sc) height = lines_h;
  double font = round(em / sc);
  *c = (icomp){.type = text_type(ls, n, font), .x = left / sc, .y = round(top / sc), .w = width / sc,
               .h = round(height / sc), .has_text = true, .text = ls[0]->colour, .font = font, .bold = ls[0]->bold};
}

static bool text_blocks(const import_job *j, const page_info *p, comp_list *out) {
  const iline *const *page = p->by_owner;
  size_t np = p->page_lines;
  const iline **chain = tc_malloc((np + 1) * sizeof *chain);
  bool *taken = tc_calloc(np + 1, sizeof *taken);
  bool ok = chain && taken;
  /* Each line joins the block of the nearest earlier line it continues,
   * looking ahead only over lines that start within 2 em below it. */
  for (size_t i = 0; ok && i < np; i++) {
    if (taken[i]) continue;
    size_t n = 0, last = i;
    chain[n++] = page[i];
    for (size_t k = i + 1; k < np && page[k]->b.y0 <= page[last]->b.y1 + 2 * page[last]->font_px; k++)
      if (!taken[k] && continues(page[last], page[k])) {
        taken[k] = true;
        chain[n++] = page[k];
        last = k;
      }
    block_comp(j, p, chain, n, &out->items[out->count++]);
  }
  free(taken);
  free(chain);
  return ok;
}

/* ---- tokens and output --------------------------------------------------------------- */

static int by_reading_comp(const void *a, const void *b) {
  const icomp *x = a, *y = b;
  if (x->y != y->y) return x->y < y->y ? -1 : 1;
  if (x->x != y->x) return x->x < y->x ? -1 : 1;
  double ax = x->w * x->h, ay = y->w * y->h;
  return ax > ay ? -1 : ax < ay;
}

/* Corner radius of a shape: the r whose hard-edged corner matches the
 * first rows' insets best (pixels). */
static int corner_radius(const import_job *j, const shape *s) {
  int w = ibox_w(s->b), h = ibox_h(s->b), rows = h / 2 < 16 ? h / 2 : 16, inset[16];
  const region *g = &j->regions[s->outlined ? 0 : s->region];
  if (s->outlined || rows < 2) return 0;
  for (int y = 0; y < rows; y++) {
    int x = 0;
    while (x < w / 2 && j->labels[(size_t)(s->b.y0 + y) * (size_t)j->img.width + (size_t)(s->b.x0 + x)] !=
                            (uint32_t)(g - j->regions))
      x++;
    inset[y] = x;
  }
  int best = 0, best_miss = rows + 1;
  for (int r = 0; r <= rows * 2 && r <= (w < h ? w : h) / 2; r++) {
    int miss = 0;
    for (int y = 0; y < rows; y++) {
      double dy = r - (y + 0.5), expect = 0;
      if (dy > 0) expect = ceil(r - sqrt((double)r * r - dy * dy) - 0.5);
      miss += (int)expect != inset[y];
    }
    if (miss < best_miss) best = r, best_miss = miss;
  }
  return best;
}

static void write_tokens(tc_text *t, const import_job *j, const page_info *p, const comp_list *cl) {
  rgb_t primary = 0, text = 0;
  bool has_primary = false, has_text = false;
  int radius = -1;
  for (size_t i = 0; i < cl->count; i++) {
    const icomp *c = &cl->items[i];
    if (!has_primary && c->type == CT_BUTTON) primary = c->bg, has_primary = true;
    if (!has_text && design_comp_type_is_text_like(c->type)) text = c->text, has_text = true;
  }
  for (size_t i = 0; i < j->shape_count && radius < 0; i++)
    if (!j->shapes[i].outlined && !j->shapes[i].is_image && ibox_h(j->shapes[i].b) > 8 && j->shapes[i].b.x0 > 0)
      radius = corner_radius(j, &j->shapes[i]);
  tc_text_printf(t, "\"tokens\": {\"primary_color\": \"#%06X\", \"text_color\": \"#%06X\", \"background_color\": \"#%06X\",",
                 (unsigned)(has_primary ? primary : 0x1D4ED8), (unsigned)(has_text ? text : 0x000000),
                 (unsigned)j->palette[j->background]);
  tc_text_printf(t, " \"base_spacing\": %d, \"border_radius\": %d},\n", (int)lround(p->spacing / p->scale),
                 radius < 0 ? 0 : (int)lround(radius / p->scale));
}

static void write_comp(tc_text *t, const icomp *c, int n, bool last) {
  const char *type = design_comp_type_name(c->type);
  double w = round(c->w) < 1 ? 1 : round(c->w), h = round(c->h) < 1 ? 1 : round(c->h);
  tc_text_printf(t, "{\"id\": \"%s_%d\", \"type\": \"%s\", \"bbox\": [%g, %g, %g, %g], \"text\": null, \"confidence\": 0.5",
                 type, n, type, round(c->x), round(c->y), w, h);
  if (c->has_bg || c->has_text) {
    tc_text_puts(t, ", \"visual\": {");
    if (c->has_bg) tc_text_printf(t, "\"bg_color\": \"#%06X\"%s", (unsigned)c->bg, c->has_text ? ", " : "");
    if (c->has_text)
      tc_text_printf(t, "\"text_color\": \"#%06X\", \"font_size\": %g%s", (unsigned)c->text, c->font < 1 ? 12 : c->font,
                     c->bold ? ", \"font_weight\": \"bold\"" : "");
    tc_text_puts(t, "}");
  }
  tc_text_printf(t, "}%s\n", last ? "" : ",");
}

static char *blueprint_text(const import_job *j, const page_info *p, comp_list *cl, const char *screen_id) {
  qsort(cl->items, cl->count, sizeof *cl->items, by_reading_comp);
  tc_text t = {0};
  tc_text_puts(&t, "{\"screen_id\": ");
  tc_json_string(&t, screen_id);
  tc_text_printf(&t, ", \"screen_type\": \"imported\", \"viewport\": {\"width\": %g, \"height\": %g},\n",
                 round(p->W / p->scale), round(j->img.height / p->scale));
  write_tokens(&t, j, p, cl);
  tc_text_puts(&t, "\"components\": [\n");
  int counts[CT_COUNT] = {0};
  for (size_t i = 0; i < cl->count; i++) write_comp(&t, &cl->items[i], ++counts[cl->items[i].type], i + 1 == cl->count);
  tc_text_puts(&t, "],\n\"meta\": {\"source\": \"tessera design import\", \"text\": \"not read: no OCR\"}}\n");
  return tc_text_take(&t);
}

/* The blueprint through design_fix (SPEC section 4). */
static char *fixed(char *json, design_error *err) {
  design_problems problems = {0};
  design_blueprint *bp = json ? design_blueprint_load(json, strlen(json), &problems) : NULL;
  design_engine *e = bp ? design_engine_new(0) : NULL;
  const design_result *r = e ? design_fix(e, bp) : NULL;
  char *out = r && !design_result_out_of_memory(r) ? design_result_blueprint_json(r) : NULL;
  if (!out && (!problems.count || problems.code == DESIGN_ERR_MEMORY || bp))
    design_studio_fail(err, DESIGN_ERR_MEMORY, "", "out of memory");
  else if (!out) design_studio_fail(err, DESIGN_ERR_INPUT, "", "the imported blueprint is invalid: %s", problems.items[0]);
  design_engine_free(e);
  design_blueprint_free(bp);
  design_problems_free(&problems);
  free(json);
  return out;
}

static int by_owner_reading(const void *a, const void *b) {
  const iline *x = *(const iline *const *)a, *y = *(const iline *const *)b;
  if (x->owner != y->owner) return x->owner < y->owner ? -1 : 1;
  return by_reading(a, b);
}

/* Where a line's box starts: half a leading above the ascent. */
static int line_box_top(const iline *l) { return (int)lround(l->baseline - TEXT_BASELINE * l->font_px); }

static int by_int(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return x < y ? -1 : x > y;
}

/* A thin box just under a line of its colour is that line's underline.
 * Only the lines of the same owner starting up to 64 px above are looked
 * at (found by binary search in the reading order). */
static void mark_underlines(import_job *j, const page_info *p) {
  int reach = (int)(64 * j->scale);
  for (size_t i = 0; i < j->shape_count; i++) {
    shape *s = &j->shapes[i];
    if (ibox_h(s->b) > 4 * j->scale) continue;
    size_t lo = s->parent < 0 ? 0 : p->first_line[s->parent], hi = s->parent < 0 ? p->page_lines : p->first_line[s->parent + 1];
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (p->by_owner[mid]->b.y0 < s->b.y0 - reach) lo = mid + 1;
      else hi = mid;
    }
    size_t end = s->parent < 0 ? p->page_lines : p->first_line[s->parent + 1];
    for (size_t k = lo; k < end && p->by_owner[k]->b.y0 <= s->b.y0; k++) {
      iline *l = (iline *)p->by_owner[k];
      bool under = s->b.y0 >= l->baseline - 1 && s->b.y0 <= l->baseline + 0.4 * l->font_px;
      if (l->colour == s->fill && under && s->b.x0 >= l->b.x0 - 2 && s->b.x1 <= l->b.x1 + 2) {
        l->underline = true;
        s->used = true;
      }
    }
  }
}

static bool index_page(import_job *j, page_info *p) {
  size_t ns = j->shape_count, nl = j->line_count;
  p->by_owner = tc_malloc((nl + 1) * sizeof *p->by_owner);
  p->first_line = tc_calloc(ns + 2, sizeof *p->first_line);
  p->children = tc_calloc(ns + 1, sizeof *p->children);
  p->product = tc_calloc(ns + 1, sizeof *p->product);
  p->box_tops = tc_malloc((ns + 1) * sizeof *p->box_tops);
  p->text_tops = tc_malloc((nl + 1) * sizeof *p->text_tops);
  if (!p->by_owner || !p->first_line || !p->children || !p->product || !p->box_tops || !p->text_tops) return false;
  for (size_t i = 0; i < nl; i++) p->by_owner[i] = &j->lines[i];
  qsort(p->by_owner, nl, sizeof *p->by_owner, by_owner_reading);
  size_t k = 0;
  while (k < nl && p->by_owner[k]->owner < 0) k++;
  p->page_lines = k;
  for (size_t s = 0; s <= ns; s++) {
    p->first_line[s] = k;
    while (k < nl && p->by_owner[k]->owner == (int)s) k++;
  }
  mark_underlines(j, p);
  p->box_count = p->text_count = 0;
  for (size_t s = 0; s < ns; s++) {
    const shape *sh = &j->shapes[s];
    if (sh->parent >= 0 && !sh->used) p->children[sh->parent]++;
    if (sh->parent >= 0 && sh->used && sh->is_image) p->product[sh->parent] = true;
    if (sh->parent < 0 && !sh->used) p->box_tops[p->box_count++] = sh->b.y0;
  }
  for (size_t i = 0; i < p->page_lines; i++) p->text_tops[p->text_count++] = line_box_top(p->by_owner[i]);
  qsort(p->box_tops, p->box_count, sizeof *p->box_tops, by_int);
  qsort(p->text_tops, p->text_count, sizeof *p->text_tops, by_int);
  return true;
}

static void free_index(page_info *p) {
  free(p->by_owner);
  free(p->first_line);
  free(p->children);
  free(p->product);
  free(p->box_tops);
  free(p->text_tops);
}

static char *build(import_job *j, const char *screen_id) {
  mark_products(j);
  page_info p = {0};
  if (!index_page(j, &p)) {
    free_index(&p);
    return design_studio_fail(j->err, DESIGN_ERR_MEMORY, "", "out of memory"), NULL;
  }
  measure_page(j, &p);
  comp_list cl = {tc_calloc(j->shape_count + j->line_count + 1, sizeof(icomp)), 0};
  if (!cl.items) {
    free_index(&p);
    return design_studio_fail(j->err, DESIGN_ERR_MEMORY, "", "out of memory"), NULL;
  }
  for (size_t s = 0; s < j->shape_count; s++)
    if (!j->shapes[s].used) box_comp(j, &p, s, &cl.items[cl.count++]);
  char *json = text_blocks(j, &p, &cl) ? blueprint_text(j, &p, &cl, screen_id) : NULL;
  free(cl.items);
  free_index(&p);
  return fixed(json, j->err);
}

char *design_import_image(const design_image *img, const design_import_options *o, design_error *err) {
  double scale = o && o->scale != 0 ? o->scale : 1;
  if (!(scale >= 0.25 && scale <= 8))
    return design_studio_fail(err, DESIGN_ERR_INPUT, "", "scale must be from 0.25 to 8"), NULL;
  size_t cap = o && o->max_pixels ? o->max_pixels : DESIGN_IMAGE_MAX_PIXELS;
  if (img->width < 1 || img->height < 1 || (size_t)img->width * (size_t)img->height > cap)
    return design_studio_fail(err, DESIGN_ERR_TOO_LARGE, "", "image is %d x %d pixels, at most %zu in all", img->width,
                              img->height, cap),
           NULL;
  import_job j = {.img = *img, .scale = scale, .err = err};
  char *out = NULL;
  if (design_import_quantise(&j) && design_import_regions(&j) && design_import_text(&j))
    out = build(&j, o && o->screen_id ? o->screen_id : "imported");
  design_import_job_free(&j);
  return out;
}

char *design_import_png(const unsigned char *png, size_t len, const design_import_options *o, design_error *err) {
  design_image img;
  if (!design_png_decode(png, len, o ? o->max_pixels : 0, &img, err)) return NULL;
  char *out = design_import_image(&img, o, err);
  design_image_free(&img);
  return out;
}
