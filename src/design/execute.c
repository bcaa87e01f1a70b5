/*
 * execute.c - applying one planned step to the working state, exactly as
 * SPEC section 2 defines each kind: colour (with the automatic text colour
 * switch), resize (rounding, centring, width cap, minimum heights, font
 * scaling, reflow), text, style, font size, position (row reordering and
 * re-layout, alignment, nudges, swaps), visibility, delete (with reflow),
 * create, duplicate and token edits.
 *
 * Every modification goes through design_work_edit / _insert / _remove so it
 * can be rolled back, and is recorded as a change with from / to values.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "design/design_internal.h"

static const char *const BBOX_PATHS[4] = {"bbox[0]", "bbox[1]", "bbox[2]", "bbox[3]"};

static double *bbox_field(design_component *c, int index) {
  switch (index) {
  case 0: return &c->x;
  case 1: return &c->y;
  case 2: return &c->w;
  default: return &c->h;
  }
}

void design_comp_set_bbox(work_state *s, size_t slot, int index, double value, step_result *r) {
  double old = *bbox_field((design_component *)s->comps[slot], index);
  if (old == value) return;
  design_component *c = design_work_edit(s, slot);
  *bbox_field(c, index) = value;
  design_change_push(s->arena, &r->changes, c->id, BBOX_PATHS[index], design_cv_num(old), design_cv_num(value));
}

void design_layout_shift_below(work_state *s, double from_y, double dy, int except_key, step_result *r) {
  if (dy == 0) return;
  for (size_t i = 0; i < s->count; i++) {
    const design_component *c = s->comps[i];
    if (c->key == except_key || c->y < from_y) continue;
    design_comp_set_bbox(s, i, 1, c->y + dy, r);
  }
}

static bool is_button_like(const design_component *c) {
  return c->type == CT_BUTTON || (c->role && strcmp(c->role, "cta") == 0);
}

/* Slots of the step's targets in current reading order. */
static int target_keys_in_reading_order(work_state *s, const plan_step *st, int *keys) {
  int *slots = design_alloc(s->arena, (size_t)(st->target_count + 1) * sizeof *slots);
  int n = 0;
  for (int i = 0; i < st->target_count; i++) {
    int slot = design_work_find(s, st->targets[i]);
    if (slot >= 0) slots[n++] = slot;
  }
  design_sort(slots, (size_t)n, sizeof *slots, design_compare_slots_reading, s);
  for (int i = 0; i < n; i++) keys[i] = s->comps[slots[i]]->key;
  return n;
}

/* Plans are checked for conflicts, so this only guards against surprises. */
static const char *const MISSING_TARGET = "a target no longer exists";

/* ---- colour -------------------------------------------------------------- */

static void set_text_color(work_state *s, size_t slot, rgb_t color, step_result *r) {
  const design_component *c = s->comps[slot];
  if (c->has_text_color && c->text_color == color) return;
  change_value from = c->has_text_color ? design_cv_color(s->arena, c->text_color) : design_cv_null();
  design_component *e = design_work_edit(s, slot);
  e->text_color = color;
  e->has_text_color = true;
  design_change_push(s->arena, &r->changes, e->id, "visual.text_color", from, design_cv_color(s->arena, color));
}

/* A text that no longer reads on `behind` after its fill changed switches
 * to black or white, whichever contrasts more, and says so. */
static void switch_text_for(work_state *s, size_t slot, rgb_t behind, step_result *r) {
  const design_component *c = s->comps[slot];
  if (!c->has_text_color || design_verify_contrast_ok(c, c->text_color, behind)) return;
  rgb_t best = design_color_best_text_on(behind);
  if (best == c->text_color) return;
  set_text_color(s, slot, best, r);
  char hex[8];
  design_color_format(best, hex);
  design_step_note(s->arena, r, design_printf(s->arena, "%s: text colour switched to %s to keep it readable", c->id, hex));
}

/* A fill colour change that breaks contrast switches the text colour. */
static void keep_text_readable(work_state *s, size_t slot, step_result *r) {
  const design_component *c = s->comps[slot];
  if (!design_comp_type_is_text_like(c->type)) switch_text_for(s, slot, c->bg_color, r);
}

static void set_bg_color(work_state *s, size_t slot, rgb_t color, step_result *r) {
  const design_component *c = s->comps[slot];
  if (c->has_bg && c->bg_color == color) return;
  change_value from = c->has_bg ? design_cv_color(s->arena, c->bg_color) : design_cv_null();
  design_component *e = design_work_edit(s, slot);
  e->bg_color = color;
  e->has_bg = true;
  design_change_push(s->arena, &r->changes, e->id, "visual.bg_color", from, design_cv_color(s->arena, color));
  keep_text_readable(s, slot, r);
}

/* The fill goes; a text colour that no longer reads on what now shows
 * through (the container around, or the page) switches to black or white,
 * as for any fill change. The backgrounds are looked up once all fills of
 * the step are gone. */
static const char *exec_no_color(work_state *s, const plan_step *st, step_result *r) {
  for (int i = 0; i < st->target_count; i++) {
    int slot = design_work_find(s, st->targets[i]);
    if (slot < 0) return MISSING_TARGET;
    const design_component *c = s->comps[slot];
    if (!c->has_bg) continue;
    change_value from = design_cv_color(s->arena, c->bg_color);
    design_component *e = design_work_edit(s, (size_t)slot);
    e->has_bg = false;
    design_change_push(s->arena, &r->changes, e->id, "visual.bg_color", from, design_cv_null());
  }
  layout_view v = {s->W, &s->tokens, s->comps, s->count};
  design_bg_index *backgrounds = design_bg_index_new(s->arena, &v);
  for (int i = 0; i < st->target_count; i++) {
    size_t slot = (size_t)design_work_find(s, st->targets[i]);
    switch_text_for(s, slot, design_bg_index_lookup(backgrounds, s->comps[slot]), r);
  }
  return NULL;
}

static const char *exec_color(work_state *s, const plan_step *st, step_result *r) {
  if (st->color_none) return exec_no_color(s, st, r);
  for (int i = 0; i < st->target_count; i++) {
    int slot = design_work_find(s, st->targets[i]);
    if (slot < 0) return MISSING_TARGET;
    const design_component *c = s->comps[slot];
    bool text = st->color_target == COLOR_TEXT || (st->color_target == COLOR_AUTO && design_comp_type_is_text_like(c->type));
    if (text) set_text_color(s, (size_t)slot, st->color, r);
    else set_bg_color(s, (size_t)slot, st->color, r);
  }
  return NULL;
}

/* ---- resize -------------------------------------------------------------- */

static double new_dimension(double old, double set, double delta, double factor, bool keep) {
  if (set >= 0) return set;
  if (keep) return old; /* a full-width component keeps its width under bigger / smaller */
  if (delta != 0) return old + delta;
  if (factor > 0 && !keep) return design_round_half_up(old * factor);
  return old;
}

/* A size computed from a factor or an offset that leaves the documented
 * range is refused here, before anything adds to it (a reflow, a later
 * step), so every number in the table stays finite. */
static bool size_in_limits(double v) { return fabs(v) <= DESIGN_MAX_NUMBER; } /* false for NaN and infinities too */

static const char *const SIZE_BEYOND_LIMIT = "the new size would be beyond the limit of 1000000000 px";

/* Resizes one target and reflows the page below its row (docs/DESIGN.md:
 * the row-aware form of the SPEC rule). Tops come from the reflow, whose
 * positions are current; the table's are written back by the caller. */
static const char *resize_one(work_state *s, const plan_step *st, int key, design_reflow *flow, step_result *r) {
  int slot = design_work_find(s, key);
  size_t pos = flow->pos_of[slot];
  const design_component *c = s->comps[slot];
  double W = s->W, sp = s->tokens.spacing;
  bool full_width = c->x == 0 && c->w == W;
  bool centred = fabs(c->x + c->w / 2 - W / 2) <= 1;
  double old_x = c->x, old_y = design_reflow_top(flow, pos), old_w = c->w, old_h = c->h;
  double w = new_dimension(old_w, st->set_w, st->dx, st->factor_w, full_width && st->resize_scale_both);
  double h = new_dimension(old_h, st->set_h, st->dy, st->factor_h, false);
  w = design_round_half_up(w);
  h = design_round_half_up(h);
  if (!size_in_limits(w) || !size_in_limits(h)) return SIZE_BEYOND_LIMIT;
  if (w != old_w) {
    double cap = full_width ? W : W - 2 * sp;
    if (w > cap) w = cap;
  }
  if (h != old_h && is_button_like(c) && h < 44) h = 44;
  if (w < 1) w = 1;
  if (h < 1) h = 1;
  double x = old_x;
  if (w != old_w && centred) x = design_round_half_up((W - w) / 2);
  if (st->full_width) { /* the SPEC's full-width form: x = 0, w = W, no cap */
    x = 0;
    w = W;
  }
  design_comp_set_bbox(s, (size_t)slot, 0, x, r);
  design_comp_set_bbox(s, (size_t)slot, 2, w, r);
  design_comp_set_bbox(s, (size_t)slot, 3, h, r);
  c = s->comps[slot];
  if (h != old_h && design_comp_type_is_text_like(c->type) && c->has_font_size) {
    double factor = st->factor_h > 0 && st->set_h < 0 && st->dy == 0 ? st->factor_h : h / old_h;
    double fs = design_round_half_up(c->font_size * factor);
    if (fs < 12) fs = 12;
    if (!size_in_limits(fs)) return SIZE_BEYOND_LIMIT;
    if (fs != c->font_size) {
      double from = c->font_size;
      design_component *e = design_work_edit(s, (size_t)slot);
      e->font_size = fs;
      design_change_push(s->arena, &r->changes, e->id, "visual.font_size", design_cv_num(from), design_cv_num(fs));
    }
  }
  /* The row: the components whose vertical extents overlap the target's.
   * Those starting above its old bottom are a prefix; the ones among them
   * that do not overlap end above its top, so they never raise the maximum. */
  size_t row_end = design_reflow_first_at_or_below(flow, old_y + old_h);
  double mates = fmax(design_reflow_max_bottom(flow, 0, pos), design_reflow_max_bottom(flow, pos + 1, row_end));
  double old_row_bottom = fmax(old_y + old_h, mates), new_row_bottom = fmax(old_y + h, mates);
  design_reflow_set_height(flow, pos, h);
  design_reflow_shift(flow, design_reflow_first_at_or_below(flow, old_row_bottom), new_row_bottom - old_row_bottom);
  return NULL;
}

/* Targets one at a time in reading order, each reflowing the page before
 * the next (SPEC), in one pass over a reflow: O((n + k) log n) for k targets. */
static const char *exec_resize(work_state *s, const plan_step *st, step_result *r) {
  int *keys = design_alloc(s->arena, (size_t)(st->target_count + 1) * sizeof *keys);
  int n = target_keys_in_reading_order(s, st, keys);
  if (n != st->target_count) return MISSING_TARGET;
  design_reflow flow;
  design_reflow_init(&flow, s);
  for (int i = 0; i < n; i++) {
    const char *err = resize_one(s, st, keys[i], &flow, r);
    if (err) return err;
  }
  design_reflow_commit(&flow, s, r);
  return NULL;
}

/* ---- text, style, font size, visibility ---------------------------------- */

static const char *exec_text(work_state *s, const plan_step *st, step_result *r) {
  for (int i = 0; i < st->target_count; i++) {
    int slot = design_work_find(s, st->targets[i]);
    if (slot < 0) return MISSING_TARGET;
    const design_component *c = s->comps[slot];
    if (c->text_state == TEXT_STRING && strcmp(c->text, st->new_text) == 0) continue;
    change_value from = c->text_state == TEXT_STRING ? design_cv_str(c->text) : design_cv_null();
    design_component *e = design_work_edit(s, (size_t)slot);
    e->text = st->new_text;
    e->text_state = TEXT_STRING;
    design_change_push(s->arena, &r->changes, e->id, "text", from, design_cv_str(st->new_text));
  }
  return NULL;
}

static const char **style_field(design_component *c, int prop) {
  switch (prop) {
  case STYLE_WEIGHT: return &c->font_weight;
  case STYLE_STYLE: return &c->font_style;
  case STYLE_DECORATION: return &c->text_decoration;
  default: return &c->text_transform;
  }
}

static const char *const STYLE_PATHS[] = {"visual.font_weight", "visual.font_style", "visual.text_decoration",
                                          "visual.text_transform"};

static const char *exec_style(work_state *s, const plan_step *st, step_result *r) {
  for (int i = 0; i < st->target_count; i++) {
    int slot = design_work_find(s, st->targets[i]);
    if (slot < 0) return MISSING_TARGET;
    design_component *c = (design_component *)s->comps[slot];
    bool numeric = st->style_prop == STYLE_WEIGHT && c->font_weight_is_number;
    const char *old = numeric ? NULL : *style_field(c, st->style_prop);
    if (!numeric && old && strcmp(old, st->style_value) == 0) continue;
    change_value from = numeric ? design_cv_num(c->font_weight_number) : design_cv_str(old);
    design_component *e = design_work_edit(s, (size_t)slot);
    *style_field(e, st->style_prop) = st->style_value;
    if (st->style_prop == STYLE_WEIGHT) e->font_weight_is_number = false;
    design_change_push(s->arena, &r->changes, e->id, STYLE_PATHS[st->style_prop], from, design_cv_str(st->style_value));
  }
  return NULL;
}

static const char *exec_font_size(work_state *s, const plan_step *st, step_result *r) {
  for (int i = 0; i < st->target_count; i++) {
    int slot = design_work_find(s, st->targets[i]);
    if (slot < 0) return MISSING_TARGET;
    const design_component *c = s->comps[slot];
    double base = c->has_font_size ? c->font_size : s->tokens.font_body;
    double fs = st->font_scale ? design_round_half_up(base * st->font_value)
                : st->font_delta ? base + st->font_value : st->font_value;
    if (fs < 12) {
      fs = 12;
      design_step_note(s->arena, r, design_printf(s->arena, "%s: font size kept at the minimum of 12", c->id));
    }
    if (c->has_font_size && fs == c->font_size) continue;
    change_value from = c->has_font_size ? design_cv_num(c->font_size) : design_cv_null();
    design_component *e = design_work_edit(s, (size_t)slot);
    e->font_size = fs;
    e->has_font_size = true;
    design_change_push(s->arena, &r->changes, e->id, "visual.font_size", from, design_cv_num(fs));
  }
  return NULL;
}

static const char *exec_visibility(work_state *s, const plan_step *st, step_result *r) {
  for (int i = 0; i < st->target_count; i++) {
    int slot = design_work_find(s, st->targets[i]);
    if (slot < 0) return MISSING_TARGET;
    const design_component *c = s->comps[slot];
    bool old = c->has_hidden && c->hidden;
    if (old == st->hidden && c->has_hidden) continue;
    design_component *e = design_work_edit(s, (size_t)slot);
    e->hidden = st->hidden;
    e->has_hidden = true;
    if (old != st->hidden) design_change_push(s->arena, &r->changes, e->id, "hidden", design_cv_bool(old), design_cv_bool(st->hidden));
  }
  return NULL;
}

/* ---- delete -------------------------------------------------------------- */

/* Removes one target; when that leaves its row empty, the page below moves
 * up so that the nearest component takes its top (SPEC). The components
 * left keep their vertical order: nothing else starts between its top and
 * bottom (that would share its row), so the suffix moves up to its top at
 * most. */
static void delete_one(work_state *s, int key, design_reflow *flow, bool *gone, step_result *r) {
  int slot = design_work_find(s, key);
  size_t pos = flow->pos_of[slot];
  const design_component *c = s->comps[slot];
  double top = design_reflow_top(flow, pos), bottom = top + flow->height[pos];
  design_reflow_remove(flow, pos);
  gone[slot] = true;
  design_change_push(s->arena, &r->changes, c->id, "exists", design_cv_bool(true), design_cv_bool(false));
  size_t below = design_reflow_first_at_or_below(flow, bottom);
  if (design_reflow_max_bottom(flow, 0, below) > top) { /* something still overlaps its rows */
    design_step_note(s->arena, r, design_printf(s->arena, "%s shared its row, so nothing below moved", c->id));
    return;
  }
  if (below < flow->n) design_reflow_shift(flow, below, top - design_reflow_top(flow, below));
}

static const char *exec_delete(work_state *s, const plan_step *st, step_result *r) {
  int *keys = design_alloc(s->arena, (size_t)(st->target_count + 1) * sizeof *keys);
  int n = target_keys_in_reading_order(s, st, keys);
  if (n != st->target_count) return MISSING_TARGET;
  design_reflow flow;
  design_reflow_init(&flow, s);
  bool *gone = design_alloc_zero(s->arena, (s->count + 1) * sizeof *gone);
  for (int i = 0; i < n; i++) delete_one(s, keys[i], &flow, gone, r);
  design_reflow_commit(&flow, s, r);
  design_work_remove_marked(s, gone);
  return NULL;
}

/* ---- create and duplicate ------------------------------------------------ */

static double default_height(int type) {
  if (type == CT_BUTTON) return 48;
  if (design_comp_type_is_text_like(type)) return 24;
  if (type == CT_IMAGE || type == CT_CARD || type == CT_PRODUCT_CARD) return 160;
  if (type == CT_INPUT || type == CT_SELECT) return 44;
  if (type == CT_DIVIDER) return 1;
  return 48;
}

static double first_row_top(const work_state *s) {
  double top = INFINITY;
  for (size_t i = 0; i < s->count; i++)
    if (s->comps[i]->y < top) top = s->comps[i]->y;
  return isfinite(top) ? top : s->tokens.spacing;
}

static double last_bottom(const work_state *s) {
  double bottom = -INFINITY;
  for (size_t i = 0; i < s->count; i++)
    if (s->comps[i]->y + s->comps[i]->h > bottom) bottom = s->comps[i]->y + s->comps[i]->h;
  return isfinite(bottom) ? bottom : 0;
}

/* Inserts a new record at y, moving everything at or below y down. */
static void insert_at(work_state *s, design_component *c, bool shift, step_result *r) {
  double sp = s->tokens.spacing;
  if (shift) design_layout_shift_below(s, c->y, c->h + sp, -1, r);
  size_t slot = s->count;
  for (size_t i = 0; i < s->count; i++)
    if (s->comps[i]->y > c->y) { slot = i; break; }
  design_work_insert(s, slot, c);
  design_change_push(s->arena, &r->changes, c->id, "exists", design_cv_bool(false), design_cv_bool(true));
}

static const char *exec_create(work_state *s, const plan_step *st, step_result *r) {
  design_component *c = design_alloc_zero(s->arena, sizeof *c);
  double sp = s->tokens.spacing;
  c->id = st->new_id;
  c->key = st->new_key;
  c->type = (unsigned char)st->create_type;
  c->role = st->create_role;
  c->x = sp;
  c->w = s->W - 2 * sp;
  c->h = default_height(st->create_type);
  if (st->new_text) { c->text = st->new_text; c->text_state = TEXT_STRING; }
  bool shift = true;
  if (st->position == POS_BELOW || st->position == POS_ABOVE) {
    int ref = design_work_find(s, st->ref_key);
    if (ref < 0) return MISSING_TARGET;
    const design_component *o = s->comps[ref];
    c->y = st->position == POS_BELOW ? o->y + o->h + sp : o->y;
  } else if (st->position == POS_TOP) {
    c->y = first_row_top(s);
  } else {
    c->y = s->count ? last_bottom(s) + sp : sp;
    shift = false;
  }
  if (c->type == CT_BUTTON) {
    c->has_visual = true;
    c->has_bg = true;
    c->bg_color = s->tokens.has_primary ? s->tokens.primary : 0x000000;
    c->has_text_color = true;
    c->text_color = design_color_best_text_on(c->bg_color);
    c->has_font_size = true;
    c->font_size = s->tokens.font_body;
  } else if (design_comp_type_is_text_like(c->type)) {
    c->has_visual = true;
    c->has_text_color = true;
    c->text_color = s->tokens.has_text ? s->tokens.text : design_color_best_text_on(s->tokens.background);
    c->has_font_size = true;
    c->font_size = s->tokens.font_body;
  }
  insert_at(s, c, shift, r);
  return NULL;
}

static const char *exec_duplicate(work_state *s, const plan_step *st, step_result *r) {
  int slot = design_work_find(s, st->ref_key);
  if (slot < 0) return MISSING_TARGET;
  design_component *c = design_memdup(s->arena, s->comps[slot], sizeof *c);
  c->id = st->new_id;
  c->key = st->new_key;
  c->y = c->y + c->h + s->tokens.spacing;
  insert_at(s, c, true, r);
  return NULL;
}

/* ---- tokens -------------------------------------------------------------- */

static void propagate_color(work_state *s, rgb_t old, rgb_t now, step_result *r) {
  for (size_t i = 0; i < s->count; i++) {
    const design_component *c = s->comps[i];
    if (c->has_text_color && c->text_color == old) set_text_color(s, i, now, r);
    if (c->has_bg && c->bg_color == old) set_bg_color(s, i, now, r);
  }
}

static const char *const TOKEN_PATHS[] = {"tokens.primary_color", "tokens.accent_color", "tokens.text_color",
                                          "tokens.background_color", "tokens.base_spacing", "tokens.border_radius"};

static const char *exec_color_token(work_state *s, const plan_step *st, step_result *r) {
  design_tokens t = s->tokens;
  rgb_t *slot = st->token == TOKEN_PRIMARY ? &t.primary : st->token == TOKEN_ACCENT ? &t.accent
                : st->token == TOKEN_TEXT ? &t.text : &t.background;
  bool *has = st->token == TOKEN_PRIMARY ? &t.has_primary : st->token == TOKEN_ACCENT ? &t.has_accent
              : st->token == TOKEN_TEXT ? &t.has_text : &t.has_background;
  bool had = *has;
  rgb_t old = *slot;
  if (had && old == st->color) return NULL;
  *slot = st->color;
  *has = true;
  design_work_set_tokens(s, &t);
  design_change_push(s->arena, &r->changes, NULL, TOKEN_PATHS[st->token], had ? design_cv_color(s->arena, old) : design_cv_null(),
              design_cv_color(s->arena, st->color));
  if (had && (st->token == TOKEN_PRIMARY || st->token == TOKEN_ACCENT)) propagate_color(s, old, st->color, r);
  return NULL;
}

static double snap_spacing(double v) {
  double snapped = design_round_half_up(v / 8) * 8;
  return snapped < 8 ? 8 : snapped;
}

static const char *exec_number_token(work_state *s, const plan_step *st, step_result *r) {
  design_tokens t = s->tokens;
  bool spacing = st->token == TOKEN_SPACING;
  double old = spacing ? t.spacing : t.radius;
  bool had = spacing ? t.has_spacing : t.has_radius;
  double v;
  if (st->token_scale > 0) v = spacing ? snap_spacing(old * st->token_scale) : design_round_half_up(old * st->token_scale);
  else if (spacing) {
    v = st->token_relative ? old + st->token_number : snap_spacing(st->token_number);
    if (v < 8) v = old < 8 ? old : 8;
  } else {
    v = st->token_relative ? old + st->token_number : st->token_number;
    if (v < 0) v = 0;
  }
  if (had && v == old) {
    design_step_note(s->arena, r, design_printf(s->arena, "%s is already %g", TOKEN_PATHS[st->token] + 7, v));
    return NULL;
  }
  if (spacing) { t.spacing = v; t.has_spacing = true; }
  else { t.radius = v; t.has_radius = true; }
  design_work_set_tokens(s, &t);
  design_change_push(s->arena, &r->changes, NULL, TOKEN_PATHS[st->token], had ? design_cv_num(old) : design_cv_null(), design_cv_num(v));
  return NULL;
}

/* ---- position ------------------------------------------------------------ */

typedef struct row {
  int *keys;
  int count;
  double top, bottom;
} row;

typedef struct row_list {
  row *rows;
  int count;
} row_list;

static void row_add(row *rw, const design_component *c) {
  if (rw->count == 0 || c->y < rw->top) rw->top = c->y;
  if (rw->count == 0 || c->y + c->h > rw->bottom) rw->bottom = c->y + c->h;
  rw->keys[rw->count++] = c->key;
}

/* Rows of the stack: components whose vertical extents overlap share one.
 * Components in `moving` each go to a row of their own group (by original
 * row), listed in `moved`. A row's keys are a slice of one array. */
static void build_rows(work_state *s, const int *moving, int nmoving, row_list *rest, row_list *moved) {
  size_t n = s->count;
  int *order = design_alloc(s->arena, (n + 1) * sizeof *order);
  for (size_t i = 0; i < n; i++) order[i] = (int)i;
  design_sort(order, n, sizeof *order, design_compare_slots_reading, s);
  bool *is_moving = design_alloc_zero(s->arena, (n + 1) * sizeof *is_moving);
  for (int k = 0; k < nmoving; k++) {
    int slot = design_work_find(s, moving[k]);
    if (slot >= 0) is_moving[slot] = true;
  }
  rest->rows = design_alloc_zero(s->arena, (n + 1) * sizeof(row));
  moved->rows = design_alloc_zero(s->arena, (n + 1) * sizeof(row));
  /* one key array per list: its rows fill one after the other, so each row
   * is a slice that continues where the previous one ended */
  int *keys[2] = {design_alloc(s->arena, (n + 1) * sizeof(int)), design_alloc(s->arena, (n + 1) * sizeof(int))};
  size_t used[2] = {0, 0};
  rest->count = moved->count = 0;
  double row_bottom = -INFINITY;
  row *cur_rest = NULL, *cur_moved = NULL;
  for (size_t i = 0; i < n; i++) {
    const design_component *c = s->comps[order[i]];
    if (!(c->y < row_bottom)) { cur_rest = NULL; cur_moved = NULL; row_bottom = -INFINITY; }
    if (c->y + c->h > row_bottom) row_bottom = c->y + c->h;
    bool m = is_moving[order[i]];
    row_list *list = m ? moved : rest;
    row **cur = m ? &cur_moved : &cur_rest;
    if (!*cur) {
      *cur = &list->rows[list->count++];
      (*cur)->keys = keys[m] + used[m];
    }
    row_add(*cur, c);
    used[m]++;
  }
}

static int row_of(const row_list *l, int key) {
  for (int i = 0; i < l->count; i++)
    for (int k = 0; k < l->rows[i].count; k++)
      if (l->rows[i].keys[k] == key) return i;
  return -1;
}

/* Lays the rows out from `top` with base_spacing between them, x kept. */
static void relayout(work_state *s, const row *order, int n, double top, step_result *r) {
  double cursor = top;
  for (int i = 0; i < n; i++) {
    double offset = cursor - order[i].top;
    for (int k = 0; k < order[i].count; k++) {
      int slot = design_work_find(s, order[i].keys[k]);
      design_comp_set_bbox(s, (size_t)slot, 1, s->comps[slot]->y + offset, r);
    }
    cursor = order[i].bottom + offset + s->tokens.spacing;
  }
}

static const char *exec_reorder(work_state *s, const plan_step *st, step_result *r) {
  row_list rest, moved;
  build_rows(s, st->targets, st->target_count, &rest, &moved);
  if (moved.count == 0) return MISSING_TARGET;
  double top = INFINITY;
  for (int i = 0; i < rest.count; i++) if (rest.rows[i].top < top) top = rest.rows[i].top;
  for (int i = 0; i < moved.count; i++) if (moved.rows[i].top < top) top = moved.rows[i].top;
  int at = rest.count;
  if (st->position == POS_TOP) at = 0;
  else if (st->position == POS_ABOVE || st->position == POS_BELOW) {
    int ref = row_of(&rest, st->ref_key);
    if (ref < 0) return MISSING_TARGET;
    at = st->position == POS_ABOVE ? ref : ref + 1;
  }
  row *order = design_alloc(s->arena, (size_t)(rest.count + moved.count + 1) * sizeof *order);
  int n = 0;
  for (int i = 0; i < at; i++) order[n++] = rest.rows[i];
  for (int i = 0; i < moved.count; i++) order[n++] = moved.rows[i];
  for (int i = at; i < rest.count; i++) order[n++] = rest.rows[i];
  relayout(s, order, n, top, r);
  return NULL;
}

static const char *exec_swap(work_state *s, const plan_step *st, step_result *r) {
  int a = design_work_find(s, st->targets[0]), b = design_work_find(s, st->ref_key);
  if (a < 0 || b < 0) return MISSING_TARGET;
  const design_component *ca = s->comps[a], *cb = s->comps[b];
  if (ca->y < cb->y + cb->h && cb->y < ca->y + ca->h) { /* same row: exchange places */
    double xa = ca->x, xb = cb->x;
    design_comp_set_bbox(s, (size_t)a, 0, xb, r);
    design_comp_set_bbox(s, (size_t)b, 0, xa, r);
    return NULL;
  }
  int keys[2] = {ca->key, cb->key};
  row_list rest, moved;
  build_rows(s, keys, 2, &rest, &moved);
  /* each moved row takes the place where the other one was */
  double top = INFINITY;
  for (int i = 0; i < rest.count; i++) if (rest.rows[i].top < top) top = rest.rows[i].top;
  for (int i = 0; i < moved.count; i++) if (moved.rows[i].top < top) top = moved.rows[i].top;
  row *order = design_alloc(s->arena, (size_t)(rest.count + 3) * sizeof *order);
  int n = 0, ri = 0;
  /* merge by original top, with the two moved rows exchanged */
  for (int mi = 0; mi <= moved.count; mi++) {
    double limit = mi < moved.count ? moved.rows[mi].top : INFINITY;
    while (ri < rest.count && rest.rows[ri].top <= limit) order[n++] = rest.rows[ri++];
    if (mi < moved.count) order[n++] = moved.rows[moved.count - 1 - mi];
  }
  relayout(s, order, n, top, r);
  return NULL;
}

static const char *exec_position(work_state *s, const plan_step *st, step_result *r) {
  double W = s->W, sp = s->tokens.spacing;
  switch (st->position) {
  case POS_TOP: case POS_BOTTOM: case POS_ABOVE: case POS_BELOW: return exec_reorder(s, st, r);
  case POS_SWAP: return exec_swap(s, st, r);
  default: break;
  }
  for (int i = 0; i < st->target_count; i++) {
    int slot = design_work_find(s, st->targets[i]);
    if (slot < 0) return MISSING_TARGET;
    const design_component *c = s->comps[slot];
    if (st->position == POS_NUDGE) {
      design_comp_set_bbox(s, (size_t)slot, 0, c->x + st->dx, r);
      design_comp_set_bbox(s, (size_t)slot, 1, s->comps[slot]->y + st->dy, r);
      continue;
    }
    double x = st->position == POS_LEFT ? sp : st->position == POS_RIGHT ? W - c->w - sp : design_round_half_up((W - c->w) / 2);
    design_comp_set_bbox(s, (size_t)slot, 0, x, r);
  }
  return NULL;
}

const char *design_execute_step(work_state *s, const plan_step *st, step_result *r) {
  switch (st->intent) {
  case INTENT_COLOR: return exec_color(s, st, r);
  case INTENT_RESIZE: return exec_resize(s, st, r);
  case INTENT_TEXT: return exec_text(s, st, r);
  case INTENT_STYLE: return exec_style(s, st, r);
  case INTENT_FONT_SIZE: return exec_font_size(s, st, r);
  case INTENT_POSITION: return exec_position(s, st, r);
  case INTENT_VISIBILITY: return exec_visibility(s, st, r);
  case INTENT_DELETE: return exec_delete(s, st, r);
  case INTENT_CREATE: return exec_create(s, st, r);
  case INTENT_DUPLICATE: return exec_duplicate(s, st, r);
  case INTENT_TOKENS:
    return st->token <= TOKEN_BACKGROUND ? exec_color_token(s, st, r) : exec_number_token(s, st, r);
  default: return "unknown step";
  }
}
