/*
 * verify.c - the safety checks of SPEC section 2: schema, unique ids,
 * horizontal bounds, overlap, minimum heights, minimum font size and WCAG 2.1
 * contrast.
 *
 * A violation is identified by its rule and the ids involved (an overlap's
 * pair in sorted order), never by its message, so a check can tell which
 * violations an edit brought in by comparing identities with the input's.
 * Messages are only formatted when something is wrong, keeping a clean
 * check allocation-free.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "design/design_internal.h"

void design_violation_push(ta_arena *a, violation_list *l, violation v) {
  violation *items = ta_grow(a, l->items, l->count, &l->cap, sizeof *items, 8);
  if (!items) return;
  l->items = items;
  l->items[l->count++] = v;
}

static bool same_str(const char *a, const char *b) {
  if (!a || !b) return a == b;
  return strcmp(a, b) == 0;
}

static bool violation_same(const violation *a, const violation *b) {
  return strcmp(a->rule, b->rule) == 0 && same_str(a->id, b->id) && same_str(a->other, b->other);
}

bool design_violation_list_contains(const violation_list *l, const violation *v) {
  for (size_t i = 0; i < l->count; i++)
    if (violation_same(&l->items[i], v)) return true;
  return false;
}

static void add(ta_arena *a, violation_list *out, const char *rule, const char *id, const char *other,
                const char *message) {
  violation v = {rule, id, other, message};
  design_violation_push(a, out, v);
}

static bool contains(const design_component *outer, const design_component *inner) {
  return outer->x <= inner->x && outer->y <= inner->y && outer->x + outer->w >= inner->x + inner->w &&
         outer->y + outer->h >= inner->y + inner->h;
}

static bool overlaps(const design_component *a, const design_component *b) {
  return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

/* Visible containers that have a fill: the only possible text backgrounds
 * besides a component's own fill. */
static const design_component **fill_containers(ta_arena *a, const layout_view *v, size_t *n) {
  const design_component **list = ta_alloc(a, (v->count + 1) * sizeof *list);
  *n = 0;
  for (size_t i = 0; i < v->count; i++) {
    const design_component *o = v->comps[i];
    if (!o->hidden && o->has_bg && design_comp_type_is_container(o->type)) list[(*n)++] = o;
  }
  return list;
}

static rgb_t background_among(const design_component *const *containers, size_t n, const design_component *c,
                              rgb_t page) {
  if (c->has_bg) return c->bg_color;
  const design_component *best = NULL;
  for (size_t i = 0; i < n; i++) {
    const design_component *o = containers[i];
    if (o == c || !contains(o, c)) continue;
    if (!best || o->w * o->h < best->w * best->h) best = o;
  }
  return best ? best->bg_color : page;
}

rgb_t design_verify_background_of(const layout_view *v, const design_component *c) {
  if (c->has_bg) return c->bg_color;
  const design_component *best = NULL;
  for (size_t i = 0; i < v->count; i++) {
    const design_component *o = v->comps[i];
    if (o == c || o->hidden || !o->has_bg || !design_comp_type_is_container(o->type) || !contains(o, c)) continue;
    if (!best || o->w * o->h < best->w * best->h) best = o;
  }
  return best ? best->bg_color : v->tokens->background;
}

static bool verify_is_bold(const design_component *c) {
  if (c->font_weight_is_number) return c->font_weight_number >= 700;
  return c->font_weight && (strcmp(c->font_weight, "bold") == 0 || strcmp(c->font_weight, "bolder") == 0);
}

static double required_ratio(const design_component *c) {
  if (!c->has_font_size) return 4.5;
  bool large = c->font_size >= 24 || (c->font_size >= 19 && verify_is_bold(c));
  return large ? 3.0 : 4.5;
}

bool design_verify_contrast_ok(const design_component *c, rgb_t text, rgb_t bg) {
  return design_color_contrast(text, bg) >= required_ratio(c);
}

static void check_component(ta_arena *a, const layout_view *v, const design_component *c,
                            const design_component *const *containers, size_t ncontainers, violation_list *out) {
  if (!(c->w > 0) || !(c->h > 0))
    add(a, out, "schema", c->id, NULL, ta_printf(a, "%s: width and height must be greater than 0", c->id));
  if (c->x < 0 || c->x + c->w > v->W)
    add(a, out, "bounds", c->id, NULL,
        ta_printf(a, "%s: spans x %g..%g, outside the screen width %g", c->id, c->x, c->x + c->w, v->W));
  bool button_like = c->type == CT_BUTTON || (c->role && strcmp(c->role, "cta") == 0);
  if (button_like && c->h < 44)
    add(a, out, "min_height", c->id, NULL, ta_printf(a, "%s: height %g is below 44", c->id, c->h));
  if (c->has_font_size && c->font_size < 12)
    add(a, out, "font_size", c->id, NULL, ta_printf(a, "%s: font size %g is below 12", c->id, c->font_size));
  if (c->has_text_color) {
    rgb_t bg = background_among(containers, ncontainers, c, v->tokens->background);
    if (!design_verify_contrast_ok(c, c->text_color, bg)) {
      char fg_s[8], bg_s[8];
      design_color_format(c->text_color, fg_s);
      design_color_format(bg, bg_s);
      add(a, out, "contrast", c->id, NULL,
          ta_printf(a, "%s: contrast of %s on %s is %.2f:1, below %.1f:1", c->id, fg_s, bg_s,
                    floor(design_color_contrast(c->text_color, bg) * 100) / 100, required_ratio(c)));
    }
  }
}

/* Input ids are unique (validated on load): only a created id can repeat
 * one, so only pairs involving a created component are compared. */
static void check_created_ids(ta_arena *a, const layout_view *v, violation_list *out) {
  for (size_t i = 0; i < v->count; i++) {
    const design_component *p = v->comps[i];
    if (p->key < CREATED_KEY_BASE) continue;
    for (size_t j = 0; j < v->count; j++) {
      const design_component *q = v->comps[j];
      bool counted = q->key >= CREATED_KEY_BASE && j > i; /* a created pair is reported once */
      if (j != i && !counted && !strcmp(p->id, q->id))
        add(a, out, "ids", p->id, NULL, ta_printf(a, "%s: id is used twice", p->id));
    }
  }
}

static void check_overlap(ta_arena *a, const design_component *p, const design_component *q, violation_list *out) {
  if (q->hidden || !overlaps(p, q)) return;
  if ((design_comp_type_is_container(p->type) && contains(p, q)) || (design_comp_type_is_container(q->type) && contains(q, p)))
    return;
  const char *first = strcmp(p->id, q->id) < 0 ? p->id : q->id;
  const char *second = first == p->id ? q->id : p->id;
  add(a, out, "overlap", first, second, ta_printf(a, "%s overlaps %s", first, second));
}

static int compare_top(const void *pa, const void *pb, void *ctx) {
  const design_component *const *comps = ctx;
  size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
  if (comps[a]->y != comps[b]->y) return comps[a]->y < comps[b]->y ? -1 : 1;
  return a < b ? -1 : 1;
}

/* Overlaps by a sweep in order of top edge: a component is only compared
 * with those starting above its bottom, so a long page costs O(n log n)
 * plus the overlaps found, not every pair. */
static void check_overlaps(ta_arena *a, const layout_view *v, violation_list *out) {
  if (v->count <= 64) { /* a screen's worth: every pair is cheaper than sorting */
    for (size_t i = 0; i < v->count; i++)
      for (size_t j = i + 1; j < v->count; j++)
        if (!v->comps[i]->hidden) check_overlap(a, v->comps[i], v->comps[j], out);
    return;
  }
  size_t *order = ta_alloc(a, (v->count + 1) * sizeof *order);
  for (size_t i = 0; i < v->count; i++) order[i] = i;
  qsort_r(order, v->count, sizeof *order, compare_top, (void *)v->comps);
  for (size_t x = 0; x < v->count; x++) {
    const design_component *p = v->comps[order[x]];
    if (p->hidden) continue;
    for (size_t y = x + 1; y < v->count && v->comps[order[y]]->y < p->y + p->h; y++)
      check_overlap(a, p, v->comps[order[y]], out);
  }
}

void design_verify_collect(ta_arena *a, const layout_view *v, violation_list *out) {
  size_t ncontainers;
  const design_component **containers = fill_containers(a, v, &ncontainers);
  for (size_t i = 0; i < v->count; i++) check_component(a, v, v->comps[i], containers, ncontainers, out);
  check_created_ids(a, v, out);
  check_overlaps(a, v, out);
}
