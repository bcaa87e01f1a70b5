/*
 * render_layout.c - the look of a page (studio_internal.h): which
 * components are drawn, in which order, with which fill, outline, font and
 * text placement. The renderer and both code generators read this one
 * description, so a change of look is made once.
 *
 * Paint order is by area, larger first (ties in blueprint order): a
 * container that wholly holds another is always painted before it, which
 * is what the SPEC's containment rule means on screen. The colour a box
 * sits on ("under") is the fill of the smallest filled box wholly holding
 * it, else the page background; a fill-like box with no fill, or with a
 * fill too close to what it sits on (contrast below 1.1), gets a 1 px
 * outline so it stays visible, as designers draw white cards on white.
 */
#include <stdlib.h>
#include <string.h>

#include "design/studio_internal.h"
#include "tessera/fault.h"

#define OUTLINE_MIN_CONTRAST 1.1

double design_studio_font_scale(const design_blueprint *bp, const char *name, double fallback) {
  const json_t *v = bp->tokens.font_scale ? json_object_get(bp->tokens.font_scale, name) : NULL;
  double size = 0;
  if (json_is_number(v)) size = json_number_value(v);
  else if (json_is_string(v)) size = strtod(json_string_value(v), NULL); /* "28px" */
  return size > 0 && size < 1000 ? size : fallback;
}

rgb_t design_studio_image_ink(rgb_t fill) { return design_color_mix(fill, 0x000000, 0.35); }

static bool is_bold(const design_component *c) {
  if (c->font_weight_is_number) return c->font_weight_number >= 600;
  const char *w = c->font_weight;
  return w && (!strcmp(w, "bold") || !strcmp(w, "bolder") || atoi(w) >= 600);
}

static const char *visual_string(const design_component *c, const char *key) {
  const json_t *v = c->visual_extra ? json_object_get(c->visual_extra, key) : NULL;
  return json_is_string(v) && json_string_length(v) ? json_string_value(v) : NULL;
}

static double default_font_size(const design_blueprint *bp, int type) {
  double body = bp->tokens.font_body > 0 ? bp->tokens.font_body : 16;
  switch (type) {
  case CT_TITLE: case CT_HEADER: case CT_HERO: return design_studio_font_scale(bp, "h1", 28);
  case CT_HEADING: case CT_SUBTITLE: return design_studio_font_scale(bp, "h2", 20);
  default: return body;
  }
}

static int look_kind_of(int type) {
  switch (type) {
  case CT_IMAGE: case CT_ICON: return LOOK_IMAGE;
  case CT_DIVIDER: return LOOK_DIVIDER;
  case CT_PRODUCT_CARD: return LOOK_PRODUCT;
  default: return design_comp_type_is_text_like(type) ? LOOK_TEXT : LOOK_BOX;
  }
}

/* Where a type writes its text: centred for buttons and heroes, one padded
 * line in bars and fields, top-left in cards and plain text. */
static void place_text(studio_look *l, double spacing) {
  switch (l->c->type) {
  case CT_BUTTON: l->center_x = l->center_y = true; l->pad_x = 8; break;
  case CT_HERO: l->center_x = l->center_y = true; l->pad_x = spacing; break;
  case CT_INPUT: case CT_SELECT: l->center_y = true; l->pad_x = 12; break;
  case CT_HEADER: case CT_NAVBAR: case CT_FOOTER: case CT_SECTION:
    l->center_y = true; l->pad_x = spacing; break;
  case CT_CARD: case CT_CONTAINER: l->pad_x = l->pad_y = 12; break;
  case CT_PRODUCT_CARD: l->pad_x = l->pad_y = STUDIO_PRODUCT_PAD; break;
  default: break;
  }
}

static void resolve_look(const design_blueprint *bp, const studio_page *page, studio_look *l) {
  const design_component *c = l->c;
  l->kind = look_kind_of(c->type);
  l->has_fill = c->has_bg || l->kind == LOOK_IMAGE || l->kind == LOOK_DIVIDER;
  l->fill = c->has_bg ? c->bg_color : l->kind == LOOK_IMAGE ? STUDIO_IMAGE_FILL : STUDIO_DIVIDER_FILL;
  l->text_color = c->has_text_color ? c->text_color : page->text_color;
  l->font_size = c->has_font_size && c->font_size > 0 ? c->font_size : default_font_size(bp, c->type);
  l->bold = is_bold(c);
  l->italic = c->font_style && !strcmp(c->font_style, "italic");
  l->underline = c->type == CT_LINK || (c->text_decoration && !strcmp(c->text_decoration, "underline"));
  l->uppercase = c->text_transform && !strcmp(c->text_transform, "uppercase");
  l->bullets = c->type == CT_LIST;
  l->chevron = c->type == CT_SELECT;
  bool rounded = c->type == CT_BUTTON || c->type == CT_CARD || c->type == CT_PRODUCT_CARD ||
                 c->type == CT_INPUT || c->type == CT_SELECT || c->type == CT_CONTAINER;
  l->radius = rounded && bp->tokens.has_radius ? bp->tokens.radius : 0;
  l->text = l->kind == LOOK_IMAGE || l->kind == LOOK_DIVIDER || c->text_state != TEXT_STRING || !c->text[0]
                ? NULL : c->text;
  l->price = l->kind == LOOK_PRODUCT ? visual_string(c, "price") : NULL;
  place_text(l, page->spacing);
}

/* Under-colour and outline, once every look has its fill. Looks before
 * `i` in paint order are at least as large, so only they can hold it; the
 * index finds the smallest of them (holder_index.c). */
static bool can_hold(const studio_look *o) { return !o->c->hidden && o->has_fill && o->kind != LOOK_IMAGE; }

static bool holds(const design_component *outer, const design_component *inner) {
  return outer->x <= inner->x && outer->y <= inner->y && outer->x + outer->w >= inner->x + inner->w &&
         outer->y + outer->h >= inner->y + inner->h;
}

/* The few looks just before `i` first: in paint order (larger first), the
 * nearest earlier holder is the smallest, so the first one found backwards
 * is the answer; this settles piles of equal boxes without the index. */
#define NEAR_LOOKS 8

static void resolve_outline(studio_page *page, holder_index *holders, size_t i) {
  studio_look *l = &page->looks[i];
  const studio_look *best = NULL;
  size_t k = i;
  while (!best && k > 0 && i - k < NEAR_LOOKS) {
    const studio_look *o = &page->looks[--k];
    if (can_hold(o) && holds(o->c, l->c)) best = o;
  }
  if (!best && k > 0) {
    const holder_box *hb = design_holder_index_find(holders, l->c->x, l->c->y, l->c->w, l->c->h, k);
    best = hb ? &page->looks[hb->pos] : NULL;
  }
  l->under = best ? best->fill : page->background;
  bool fill_like = l->kind == LOOK_BOX || l->kind == LOOK_PRODUCT;
  if (!fill_like) return;
  if (l->has_fill && design_color_contrast(l->fill, l->under) >= OUTLINE_MIN_CONTRAST) return;
  l->has_outline = true;
  bool dark = design_color_contrast(l->under, 0x000000) < design_color_contrast(l->under, 0xFFFFFF);
  l->outline = design_color_mix(l->under, dark ? 0xFFFFFF : 0x000000, dark ? 0.3 : 0.2);
}

static int by_paint_order(const void *a, const void *b) {
  const studio_look *x = a, *y = b;
  double ax = x->c->w * x->c->h, ay = y->c->w * y->c->h;
  if (ax != ay) return ax > ay ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

/* Work of the holder look-ups, in tree nodes visited: a page of nested
 * boxes needs a few dozen per component; only a pile of components that
 * all span one another needs more (docs/DESIGN.md, Studio limits). */
#define HOLDER_WORK_PER_LOOK 64
#define HOLDER_WORK_BASE ((size_t)1 << 27)

bool design_studio_page_collect(const design_blueprint *bp, bool with_hidden, studio_page *page, design_error *err) {
  memset(page, 0, sizeof *page);
  page->width = bp->viewport_w > 0 ? bp->viewport_w : 375;
  page->height = bp->viewport_h > 0 ? bp->viewport_h : 812;
  page->background = bp->tokens.has_background ? bp->tokens.background : 0xFFFFFF;
  page->text_color = bp->tokens.has_text ? bp->tokens.text : 0x000000;
  page->spacing = bp->tokens.has_spacing ? bp->tokens.spacing : 16;
  page->looks = tc_calloc(bp->count ? bp->count : 1, sizeof *page->looks);
  if (!page->looks) return design_studio_fail(err, DESIGN_ERR_MEMORY, "", "out of memory");
  for (size_t i = 0; i < bp->count; i++) {
    const design_component *c = bp->comps[i];
    if (c->hidden && !with_hidden) continue;
    studio_look *l = &page->looks[page->count++];
    l->c = c;
    l->index = i;
    if (!c->hidden && c->y + c->h > page->height) page->height = c->y + c->h;
  }
  qsort(page->looks, page->count, sizeof *page->looks, by_paint_order);
  return true;
}

bool design_studio_page_resolve(const design_blueprint *bp, studio_page *page, design_error *err) {
  for (size_t i = 0; i < page->count; i++) resolve_look(bp, page, &page->looks[i]);
  holder_box *boxes = tc_malloc((page->count ? page->count : 1) * sizeof *boxes);
  if (!boxes) return design_studio_fail(err, DESIGN_ERR_MEMORY, "", "out of memory");
  size_t n = 0;
  for (size_t i = 0; i < page->count; i++) {
    const studio_look *o = &page->looks[i];
    if (can_hold(o))
      boxes[n++] = (holder_box){o->c->x, o->c->y, o->c->x + o->c->w, o->c->y + o->c->h, o->c->w * o->c->h, i};
  }
  holder_index holders;
  bool ok = design_holder_index_init(&holders, boxes, n);
  size_t budget = HOLDER_WORK_BASE + HOLDER_WORK_PER_LOOK * page->count;
  for (size_t i = 0; ok && i < page->count; i++) {
    resolve_outline(page, &holders, i);
    if (holders.work > budget) {
      design_holder_index_free(&holders);
      free(boxes);
      return design_studio_fail(err, DESIGN_ERR_TOO_LARGE, "components",
                                "too many components lie over one another to work out what each sits on "
                                "(more than %zu look-up steps for %zu components)", budget, page->count);
    }
  }
  page->holder_work = holders.work;
  design_holder_index_free(&holders);
  free(boxes);
  return ok || design_studio_fail(err, DESIGN_ERR_MEMORY, "", "out of memory");
}

bool design_studio_page_build(const design_blueprint *bp, bool with_hidden, studio_page *page, design_error *err) {
  if (!design_studio_page_collect(bp, with_hidden, page, err)) return false;
  if (design_studio_page_resolve(bp, page, err)) return true;
  design_studio_page_free(page);
  return false;
}

void design_studio_page_free(studio_page *page) {
  free(page->looks);
  memset(page, 0, sizeof *page);
}

void design_studio_product_image(const studio_look *l, double *x, double *y, double *w, double *h) {
  const design_component *c = l->c;
  double pad = STUDIO_PRODUCT_PAD, text_block = (l->price ? 2 : 1) * l->font_size * STUDIO_LINE_HEIGHT;
  *x = c->x + pad;
  *y = c->y + pad;
  *w = c->w - 2 * pad;
  double by_aspect = c->has_aspect && c->aspect_ratio > 0 ? *w / c->aspect_ratio : *w;
  double room = c->h - 3 * pad - text_block;
  *h = by_aspect < room ? by_aspect : room;
  if (*w <= 0 || *h <= 0) *w = *h = 0;
}
