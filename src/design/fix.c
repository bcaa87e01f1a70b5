/*
 * fix.c - autocorrect (SPEC section 4): base_spacing snapped to a multiple
 * of 8, buttons and role cta grown to 44 high (with reflow), product cards
 * given aspect ratio 1.0, font sizes below 12 raised to 12, and text colours
 * that fail contrast set to black or white, whichever contrasts more.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "design/design_internal.h"

static void fix_spacing(work_state *s, step_result *r) {
  if (!s->tokens.has_spacing) return;
  double old = s->tokens.spacing;
  double snapped = design_round_half_up(old / 8) * 8;
  if (snapped < 8) snapped = 8;
  if (snapped == old) return;
  design_tokens t = s->tokens;
  t.spacing = snapped;
  design_work_set_tokens(s, &t);
  design_change_push(s->arena, &r->changes, NULL, "tokens.base_spacing", design_cv_num(old), design_cv_num(snapped));
}

static int compare_reading(const void *pa, const void *pb) {
  const design_component *a = *(const design_component *const *)pa, *b = *(const design_component *const *)pb;
  if (a->y != b->y) return a->y < b->y ? -1 : 1;
  if (a->x != b->x) return a->x < b->x ? -1 : 1;
  return a->key - b->key;
}

static void fix_button_heights(work_state *s, step_result *r) {
  const design_component **order = ta_alloc(s->arena, (s->count + 1) * sizeof *order);
  memcpy(order, s->comps, s->count * sizeof *order);
  qsort(order, s->count, sizeof *order, compare_reading);
  size_t n = s->count;
  int *keys = ta_alloc(s->arena, (n + 1) * sizeof *keys);
  for (size_t i = 0; i < n; i++) keys[i] = order[i]->key;
  for (size_t i = 0; i < n; i++) {
    int slot = design_work_find(s, keys[i]);
    const design_component *c = s->comps[slot];
    bool button_like = c->type == CT_BUTTON || (c->role && strcmp(c->role, "cta") == 0);
    if (!button_like || c->h >= 44) continue;
    double old_bottom = c->y + c->h, d = 44 - c->h;
    design_comp_set_bbox(s, (size_t)slot, 3, 44, r);
    design_layout_shift_below(s, old_bottom, d, c->key, r);
  }
}

static void fix_component(work_state *s, size_t slot, step_result *r) {
  const design_component *c = s->comps[slot];
  if (c->type == CT_PRODUCT_CARD && !(c->has_aspect && c->aspect_ratio == 1.0)) {
    change_value from = c->has_aspect ? design_cv_num(c->aspect_ratio) : design_cv_null();
    design_component *e = design_work_edit(s, slot);
    e->has_aspect = true;
    e->aspect_ratio = 1.0;
    design_change_push(s->arena, &r->changes, e->id, "visual.aspect_ratio", from, design_cv_num(1));
  }
  c = s->comps[slot];
  if (c->has_font_size && c->font_size < 12) {
    double from = c->font_size;
    design_component *e = design_work_edit(s, slot);
    e->font_size = 12;
    design_change_push(s->arena, &r->changes, e->id, "visual.font_size", design_cv_num(from), design_cv_num(12));
  }
}

static void fix_contrast(work_state *s, step_result *r) {
  layout_view v = {s->W, &s->tokens, s->comps, s->count};
  for (size_t i = 0; i < s->count; i++) {
    const design_component *c = s->comps[i];
    if (!c->has_text_color) continue;
    v.comps = s->comps;
    rgb_t bg = design_verify_background_of(&v, c);
    if (design_verify_contrast_ok(c, c->text_color, bg)) continue;
    rgb_t best = design_color_best_text_on(bg);
    change_value from = design_cv_color(s->arena, c->text_color);
    design_component *e = design_work_edit(s, i);
    e->text_color = best;
    design_change_push(s->arena, &r->changes, e->id, "visual.text_color", from, design_cv_color(s->arena, best));
  }
}

void design_fix_blueprint(work_state *s, step_result *r) {
  fix_spacing(s, r);
  fix_button_heights(s, r);
  for (size_t i = 0; i < s->count; i++) fix_component(s, i, r);
  fix_contrast(s, r);
}
