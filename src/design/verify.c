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
  violation *items = design_grow(a, l->items, l->count, &l->cap, sizeof *items, 8);
  if (!items) return;
  l->items = items;
  l->items[l->count++] = v;
}

/* A violation's identity as one string: rule, then each id with its
 * length in front so no id can be mistaken for two. */
static const char *violation_key(ta_arena *a, const violation *v, char *buf, size_t cap) {
  const char *id = v->id ? v->id : "", *other = v->other;
  size_t need = strlen(v->rule) + strlen(id) + (other ? strlen(other) : 0) + 48;
  char *out = need <= cap ? buf : design_alloc(a, need);
  if (!out) return NULL;
  if (other) snprintf(out, need, "%s %zu:%s %zu:%s", v->rule, strlen(id), id, strlen(other), other);
  else snprintf(out, need, "%s %zu:%s -", v->rule, strlen(id), id);
  return out;
}

design_strset *design_violation_set(ta_arena *a, const violation_list *l) {
  design_strset *set = design_strset_new(a, l->count);
  for (size_t i = 0; i < l->count; i++) {
    const char *key = violation_key(a, &l->items[i], NULL, 0);
    if (key) design_strset_add(set, key, (int)i, NULL);
  }
  return set;
}

bool design_violation_known(ta_arena *a, const design_strset *set, const violation *v) {
  char buf[256];
  const char *key = violation_key(a, v, buf, sizeof buf);
  return key && design_strset_get(set, key, NULL);
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

/* ---- text backgrounds ----------------------------------------------------
 * The background of a text is the smallest visible filled container holding
 * it. Scanning every container for every text is quadratic on a long page,
 * so the containers are sorted by top edge under a tree of maximum bottoms:
 * a lookup visits only containers that start above the text and end below
 * it, O((k + 1) log m) for k such containers, which on a real page is the
 * nesting depth. */
typedef struct bg_box {
  double x, y, right, bottom, area;
  rgb_t color;
  size_t order; /* table order: the first of equal areas wins, as a scan would */
} bg_box;

/* Up to this many containers a scan is cheaper than building the tree. */
#define SMALL_BG_INDEX 16

struct design_bg_index {
  bg_box *boxes;
  double *max_bottom; /* heap layout: node k has children 2k, 2k + 1; leaves from `size` */
  size_t count, size;
  rgb_t page;
};

static int compare_box_top(const void *pa, const void *pb, void *ctx) {
  (void)ctx;
  const bg_box *a = pa, *b = pb;
  if (a->y != b->y) return a->y < b->y ? -1 : 1;
  return a->order < b->order ? -1 : a->order > b->order;
}

design_bg_index *design_bg_index_new(ta_arena *a, const layout_view *v) {
  design_bg_index *x = design_alloc_zero(a, sizeof *x);
  x->page = v->tokens->background;
  x->boxes = design_alloc(a, (v->count + 1) * sizeof *x->boxes);
  for (size_t i = 0; i < v->count; i++) {
    const design_component *o = v->comps[i];
    if (o->hidden || !o->has_bg || !design_comp_type_is_container(o->type)) continue;
    x->boxes[x->count++] = (bg_box){o->x, o->y, o->x + o->w, o->y + o->h, o->w * o->h, o->bg_color, i};
  }
  if (x->count <= SMALL_BG_INDEX) return x; /* scanned in table order */
  design_sort(x->boxes, x->count, sizeof *x->boxes, compare_box_top, NULL);
  x->size = 1;
  while (x->size < x->count) x->size *= 2;
  x->max_bottom = design_alloc(a, 2 * x->size * sizeof *x->max_bottom);
  for (size_t i = 0; i < x->size; i++) x->max_bottom[x->size + i] = i < x->count ? x->boxes[i].bottom : -INFINITY;
  for (size_t k = x->size - 1; k >= 1; k--)
    x->max_bottom[k] = fmax(x->max_bottom[2 * k], x->max_bottom[2 * k + 1]);
  return x;
}

/* Containers among the first `limit` boxes whose bottom reaches `bottom`. */
static void holders(const design_bg_index *x, size_t node, size_t lo, size_t hi, size_t limit,
                    const design_component *c, const bg_box **best) {
  if (lo >= limit || x->max_bottom[node] < c->y + c->h) return;
  if (hi - lo == 1) {
    const bg_box *b = &x->boxes[lo];
    if (b->x <= c->x && b->right >= c->x + c->w &&
        (!*best || b->area < (*best)->area || (b->area == (*best)->area && b->order < (*best)->order)))
      *best = b;
    return;
  }
  size_t mid = lo + (hi - lo) / 2;
  holders(x, 2 * node, lo, mid, limit, c, best);
  holders(x, 2 * node + 1, mid, hi, limit, c, best);
}

rgb_t design_bg_index_lookup(const design_bg_index *x, const design_component *c) {
  if (c->has_bg) return c->bg_color;
  if (x->count <= SMALL_BG_INDEX) {
    const bg_box *best = NULL;
    for (size_t i = 0; i < x->count; i++) {
      const bg_box *b = &x->boxes[i];
      if (b->x <= c->x && b->y <= c->y && b->right >= c->x + c->w && b->bottom >= c->y + c->h &&
          (!best || b->area < best->area))
        best = b;
    }
    return best ? best->color : x->page;
  }
  size_t lo = 0, hi = x->count; /* boxes starting at or above c: [0, lo) */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (x->boxes[mid].y <= c->y) lo = mid + 1;
    else hi = mid;
  }
  const bg_box *best = NULL;
  if (lo) holders(x, 1, 0, x->size, lo, c, &best);
  return best ? best->color : x->page;
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

static bool in_limits(double v) { return fabs(v) <= DESIGN_MAX_NUMBER; } /* false for NaN and infinities too */

/* Numbers an edit computed (a reflow, a doubling) must stay finite and in
 * the documented range, or the written blueprint would not read back. */
static bool numbers_in_limits(const design_component *c) {
  return in_limits(c->x) && in_limits(c->y) && in_limits(c->w) && in_limits(c->h) &&
         (!c->has_font_size || in_limits(c->font_size));
}

static void check_component(ta_arena *a, const layout_view *v, const design_component *c,
                            const design_bg_index *backgrounds, violation_list *out) {
  if (!numbers_in_limits(c)) {
    add(a, out, "schema", c->id, NULL, design_printf(a, "%s: a size or position is beyond %.0f", c->id, DESIGN_MAX_NUMBER));
    return; /* the other checks would compute with it */
  }
  if (!(c->w > 0) || !(c->h > 0))
    add(a, out, "schema", c->id, NULL, design_printf(a, "%s: width and height must be greater than 0", c->id));
  if (c->x < 0 || c->x + c->w > v->W)
    add(a, out, "bounds", c->id, NULL,
        design_printf(a, "%s: spans x %g..%g, outside the screen width %g", c->id, c->x, c->x + c->w, v->W));
  bool button_like = c->type == CT_BUTTON || (c->role && c->role[0] == 'c' && strcmp(c->role, "cta") == 0);
  if (button_like && c->h < 44)
    add(a, out, "min_height", c->id, NULL, design_printf(a, "%s: height %g is below 44", c->id, c->h));
  if (c->has_font_size && c->font_size < 12)
    add(a, out, "font_size", c->id, NULL, design_printf(a, "%s: font size %g is below 12", c->id, c->font_size));
  if (c->has_text_color) {
    rgb_t bg = design_bg_index_lookup(backgrounds, c);
    if (!design_verify_contrast_ok(c, c->text_color, bg)) {
      char fg_s[8], bg_s[8];
      design_color_format(c->text_color, fg_s);
      design_color_format(bg, bg_s);
      add(a, out, "contrast", c->id, NULL,
          design_printf(a, "%s: contrast of %s on %s is %.2f:1, below %.1f:1", c->id, fg_s, bg_s,
                    floor(design_color_contrast(c->text_color, bg) * 100) / 100, required_ratio(c)));
    }
  }
}

static void check_tokens(ta_arena *a, const design_tokens *t, violation_list *out) {
  if (!in_limits(t->spacing))
    add(a, out, "schema", "tokens.base_spacing", NULL, design_printf(a, "tokens.base_spacing: beyond %.0f", DESIGN_MAX_NUMBER));
  if (!in_limits(t->radius))
    add(a, out, "schema", "tokens.border_radius", NULL, design_printf(a, "tokens.border_radius: beyond %.0f", DESIGN_MAX_NUMBER));
}

/* Input ids are unique (validated on load) and edits never rename, so only
 * a created component can repeat an id: each created one is reported once
 * per earlier component with its id (input ones first, then created ones
 * before it), counted through hash sets in O(n). */
static void check_created_ids(ta_arena *a, const layout_view *v, violation_list *out) {
  size_t created = 0;
  for (size_t i = 0; i < v->count; i++) created += v->comps[i]->key >= CREATED_KEY_BASE;
  if (!created) return;
  design_strset *input = design_strset_new(a, v->count - created), *made = design_strset_new(a, created);
  for (size_t i = 0; i < v->count; i++)
    if (v->comps[i]->key < CREATED_KEY_BASE) design_strset_add(input, v->comps[i]->id, 1, NULL);
  int *seen = design_alloc_zero(a, (created + 1) * sizeof *seen);
  int made_count = 0;
  for (size_t i = 0; i < v->count; i++) {
    const design_component *p = v->comps[i];
    if (p->key < CREATED_KEY_BASE) continue;
    int earlier = design_strset_get(input, p->id, NULL) ? 1 : 0, slot;
    if (design_strset_get(made, p->id, &slot)) earlier += seen[slot]++;
    else if (design_strset_add(made, p->id, made_count, NULL)) seen[made_count++] = 1;
    for (int k = 0; k < earlier; k++) add(a, out, "ids", p->id, NULL, design_printf(a, "%s: id is used twice", p->id));
  }
}

/* An overlap the rule forbids: touching is fine, and so is a container
 * wholly holding the other. */
static bool overlap_violates(const design_component *p, const design_component *q) {
  return overlaps(p, q) && !((design_comp_type_is_container(p->type) && contains(p, q)) ||
                             (design_comp_type_is_container(q->type) && contains(q, p)));
}

/* Did the input have the overlap of p and q? By key (input keys are
 * indices), so it is O(1) and needs none of the input's overlaps kept. */
static bool overlap_in_input(const design_blueprint *in, const design_component *p, const design_component *q) {
  if (!in || p->key < 0 || q->key < 0 || (size_t)p->key >= in->count || (size_t)q->key >= in->count) return false;
  const design_component *a = in->comps[p->key], *b = in->comps[q->key];
  if (a == p && b == q) return true; /* both unchanged (shared): the same answer as here */
  return !a->hidden && !b->hidden && overlap_violates(a, b);
}

bool design_violation_in_input(ta_arena *a, const design_blueprint *input, const violation *v) {
  if (strcmp(v->rule, "overlap") != 0 || !v->other) return design_violation_known(a, input->violation_set, v);
  int i, k;
  if (!design_strset_get(input->id_set, v->id, &i) || !design_strset_get(input->id_set, v->other, &k)) return false;
  const design_component *p = input->comps[i], *q = input->comps[k];
  return !p->hidden && !q->hidden && overlap_violates(p, q);
}

static void check_overlap(ta_arena *a, const design_component *p, const design_component *q,
                          const design_blueprint *known, violation_list *out) {
  if (q->hidden || !overlap_violates(p, q) || (known && overlap_in_input(known, p, q))) return;
  if (out->overlaps >= DESIGN_OVERLAPS_KEPT) {
    out->unlisted++;
    return;
  }
  out->overlaps++;
  const char *first = strcmp(p->id, q->id) < 0 ? p->id : q->id;
  const char *second = first == p->id ? q->id : p->id;
  add(a, out, "overlap", first, second, design_printf(a, "%s overlaps %s", first, second));
}

static int compare_top(const void *pa, const void *pb, void *ctx) {
  const design_component *const *comps = ctx;
  size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
  if (comps[a]->y != comps[b]->y) return comps[a]->y < comps[b]->y ? -1 : 1;
  return a < b ? -1 : 1;
}

/* Overlaps by a sweep in order of top edge: a component is only compared
 * with those starting above its bottom, so a long page costs O(n log n)
 * plus the overlapping pairs, not every pair. The pairs themselves can be
 * quadratic (a stack of 20,000 cards), so the sweep reads a compact copy
 * of the edges and only the kept overlaps touch the components. */
typedef struct sweep_box {
  double x, y, right, bottom;
  size_t index;
  bool shared, container; /* shared: the input's own component, unchanged by the edit */
} sweep_box;

static bool box_holds(const sweep_box *o, const sweep_box *i) {
  return o->x <= i->x && o->y <= i->y && o->right >= i->right && o->bottom >= i->bottom;
}

static void check_overlaps(ta_arena *a, const layout_view *v, const design_blueprint *known, violation_list *out) {
  if (v->count <= 64) { /* a screen's worth: every pair is cheaper than sorting */
    for (size_t i = 0; i < v->count; i++)
      for (size_t j = i + 1; j < v->count; j++)
        if (!v->comps[i]->hidden) check_overlap(a, v->comps[i], v->comps[j], known, out);
    return;
  }
  size_t *order = design_alloc(a, (v->count + 1) * sizeof *order);
  for (size_t i = 0; i < v->count; i++) order[i] = i;
  design_sort(order, v->count, sizeof *order, compare_top, (void *)v->comps);
  sweep_box *box = design_alloc(a, (v->count + 1) * sizeof *box);
  size_t n = 0; /* hidden components overlap nothing: left out */
  for (size_t i = 0; i < v->count; i++) {
    const design_component *c = v->comps[order[i]];
    if (!c->hidden)
      box[n++] = (sweep_box){c->x, c->y, c->x + c->w, c->y + c->h, order[i],
                             known && c->key >= 0 && (size_t)c->key < known->count && known->comps[c->key] == c,
                             design_comp_type_is_container(c->type)};
  }
  /* An edit: a pair of two components it did not touch is the input's own
   * pair, so a shared box is only compared with the changed ones (their
   * places in sweep order, `changed`), not with its whole window. */
  size_t *changed = known ? design_alloc(a, (n + 1) * sizeof *changed) : NULL, changed_count = 0;
  for (size_t i = 0; known && i < n; i++)
    if (!box[i].shared) changed[changed_count++] = i;
  for (size_t x = 0; x < n; x++) {
    const sweep_box p = box[x];
    size_t lo = x + 1, hi = n; /* end: the first box starting at or below p's bottom */
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (box[mid].y < p.bottom) lo = mid + 1;
      else hi = mid;
    }
    size_t end = lo;
    if (!known && out->overlaps >= DESIGN_OVERLAPS_KEPT) { /* only counted: a branch-free loop over the edges */
      /* q starts at or below p's top and above its bottom, so their heights
       * meet; q can only hold p when both tops are equal (the rarer test first) */
      size_t found = 0;
      for (size_t y = x + 1; y < end; y++) {
        const sweep_box *q = &box[y];
        if (!(p.x < q->right && q->x < p.right)) continue;
        if (p.container && p.bottom >= q->bottom && p.x <= q->x && p.right >= q->right) continue;
        if (q->container && q->y <= p.y && q->bottom >= p.bottom && q->x <= p.x && q->right >= p.right) continue;
        found++;
      }
      out->unlisted += found;
      continue;
    }
    if (known && p.shared) {
      size_t c_lo = 0, c_hi = changed_count; /* the first changed box after x */
      while (c_lo < c_hi) {
        size_t mid = c_lo + (c_hi - c_lo) / 2;
        if (changed[mid] <= x) c_lo = mid + 1;
        else c_hi = mid;
      }
      for (size_t c = c_lo; c < changed_count && changed[c] < end; c++) {
        const sweep_box *q = &box[changed[c]];
        if (!(p.x < q->right && q->x < p.right && p.y < q->bottom)) continue;
        if ((p.container && box_holds(&p, q)) || (q->container && box_holds(q, &p))) continue;
        check_overlap(a, v->comps[p.index], v->comps[q->index], known, out);
      }
      continue;
    }
    for (size_t y = x + 1; y < end; y++) {
      const sweep_box *q = &box[y];
      if ((p.shared & q->shared) || !(p.x < q->right && q->x < p.right && p.y < q->bottom)) continue;
      if ((p.container && box_holds(&p, q)) || (q->container && box_holds(q, &p))) continue;
      if (!known && out->overlaps >= DESIGN_OVERLAPS_KEPT) out->unlisted++; /* counted only */
      else check_overlap(a, v->comps[p.index], v->comps[q->index], known, out);
    }
  }
}

static void collect(ta_arena *a, const layout_view *v, const design_blueprint *known, violation_list *out) {
  design_bg_index *backgrounds = design_bg_index_new(a, v);
  for (size_t i = 0; i < v->count; i++) check_component(a, v, v->comps[i], backgrounds, out);
  check_tokens(a, v->tokens, out);
  check_created_ids(a, v, out);
  check_overlaps(a, v, known, out);
}

void design_verify_collect(ta_arena *a, const layout_view *v, violation_list *out) { collect(a, v, NULL, out); }

void design_verify_collect_new(ta_arena *a, const layout_view *v, const design_blueprint *input, violation_list *out) {
  collect(a, v, input, out);
}
