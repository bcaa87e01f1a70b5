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

/* Buttons in reading order, each growing to 44 and reflowing the page below
 * it, in one pass over a reflow (a page of many short buttons is not
 * quadratic). */
static void fix_button_heights(work_state *s, step_result *r) {
  design_reflow flow;
  design_reflow_init(&flow, s);
  for (size_t pos = 0; pos < flow.n; pos++) {
    size_t slot = (size_t)flow.slot_at[pos];
    const design_component *c = s->comps[slot];
    bool button_like = c->type == CT_BUTTON || (c->role && strcmp(c->role, "cta") == 0);
    if (!button_like || c->h >= 44) continue;
    double old_bottom = design_reflow_top(&flow, pos) + c->h, d = 44 - c->h;
    design_comp_set_bbox(s, slot, 3, 44, r);
    design_reflow_set_height(&flow, pos, 44);
    design_reflow_shift(&flow, design_reflow_first_at_or_below(&flow, old_bottom), d);
  }
  design_reflow_commit(&flow, s, r);
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

/* Only text colours change here, so one index of backgrounds serves all. */
static void fix_contrast(work_state *s, step_result *r) {
  layout_view v = {s->W, &s->tokens, s->comps, s->count};
  design_bg_index *backgrounds = design_bg_index_new(s->arena, &v);
  for (size_t i = 0; i < s->count; i++) {
    const design_component *c = s->comps[i];
    if (!c->has_text_color) continue;
    rgb_t bg = design_bg_index_lookup(backgrounds, c);
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
