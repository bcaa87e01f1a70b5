/*
 * plan.c - from parsed clauses to a plan: continuation of verb-less parts,
 * the intent and parameters of each step, target resolution, new ids,
 * confidence, and conflict detection (all before anything runs).
 *
 * Targets are resolved against a "plan view": the input's components plus
 * those created by earlier steps, in reading order (top to bottom, then
 * left to right). Components deleted by an earlier step stay in the view so
 * that a later step naming them is reported as a conflict rather than
 * silently retargeted. A plan refers to components by stable keys and holds
 * copies of every string, so it can be cached and replayed on any
 * blueprint with the same plan fingerprint.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "design/parse_internal.h"

typedef struct view_item {
  int key;
  const char *id;
  int type;
  const char *role, *text;
  double x, y;
  int deleted_by;  /* step index, -1 when present */
} view_item;

typedef struct planner {
  ta_arena *arena;
  const design_blueprint *bp;
  view_item *items;
  int count, cap;
  plan_step *steps;
  int step_count;
  const int *prev_targets;
  int prev_target_count;
  bool last_plural;  /* the last reference resolved was plural ("the features") */
  int created;       /* components created by the steps so far */
} planner;

static const char *const INTENT_NAMES[INTENT_COUNT] = {
    "colour", "resize", "text", "style", "font_size", "position", "visibility",
    "delete", "create", "duplicate", "tokens"};

const char *design_intent_name(int intent) {
  return intent >= 0 && intent < INTENT_COUNT ? INTENT_NAMES[intent] : "unknown";
}

/* ---- plan view ----------------------------------------------------------- */

static int reading_order(const void *pa, const void *pb, void *ctx) {
  (void)ctx;
  const view_item *a = *(view_item *const *)pa, *b = *(view_item *const *)pb;
  if (a->y != b->y) return a->y < b->y ? -1 : 1;
  if (a->x != b->x) return a->x < b->x ? -1 : 1;
  return a->key - b->key;
}

static void view_init(planner *PL) {
  const design_blueprint *bp = PL->bp;
  PL->cap = (int)bp->count + 8;
  PL->items = design_alloc(PL->arena, (size_t)PL->cap * sizeof *PL->items);
  for (size_t i = 0; i < bp->count; i++) {
    const design_component *c = bp->comps[i];
    PL->items[PL->count++] = (view_item){c->key, c->id, c->type, c->role,
                                         c->text_state == TEXT_STRING ? c->text : NULL, c->x, c->y, -1};
  }
}

/* Items are the input's components in key order, then the created ones in
 * the order of their keys, so a key gives its item directly. */
static int view_index(const planner *PL, int key) {
  size_t n = PL->bp->count;
  long i = key < CREATED_KEY_BASE ? key : (long)n + (key - CREATED_KEY_BASE);
  return i >= 0 && i < PL->count && PL->items[i].key == key ? (int)i : -1;
}

static view_item *view_find(planner *PL, int key) {
  int i = view_index(PL, key);
  return i >= 0 ? &PL->items[i] : NULL;
}

/* An id is free when no component present has it: the input's through the
 * blueprint's id set, the few created ones by a scan. */
static bool id_in_use(const planner *PL, const char *id) {
  int at;
  if (design_strset_get(PL->bp->id_set, id, &at) && PL->items[at].deleted_by < 0) return true;
  for (int i = (int)PL->bp->count; i < PL->count; i++)
    if (PL->items[i].deleted_by < 0 && strcmp(PL->items[i].id, id) == 0) return true;
  return false;
}

static const char *new_id(planner *PL, int type) {
  for (int n = 1;; n++) {
    char buf[64];
    snprintf(buf, sizeof buf, "%s_%d", design_comp_type_name(type), n);
    if (!id_in_use(PL, buf)) return design_strdup(PL->arena, buf);
  }
}

static int view_add(planner *PL, const char *id, int type, const char *role, const char *text) {
  if (PL->count == PL->cap) {
    int cap = PL->cap * 2;
    view_item *items = design_alloc(PL->arena, (size_t)cap * sizeof *items);
    memcpy(items, PL->items, (size_t)PL->count * sizeof *items);
    PL->items = items;
    PL->cap = cap;
  }
  int key = CREATED_KEY_BASE + PL->created++;
  PL->items[PL->count++] = (view_item){key, id, type, role, text, 0, 1e300, -1};
  return key;
}

/* ---- step helpers -------------------------------------------------------- */

static void fail(planner *PL, plan_step *st, const char *fmt, const char *arg) {
  if (st->parse_status != STEP_OK) return;
  st->parse_status = STEP_FAILED;
  st->error = design_printf(PL->arena, fmt, arg ? arg : "");
}

static bool has_value(const clause *c) {
  return c->has_color || c->has_size || c->has_style || c->has_visibility || c->text_value || c->has_number ||
         c->has_position || c->has_percent_by || c->has_more_less || c->has_delta || c->has_dims;
}

static bool matches_noun(const view_item *v, const noun_info *n) {
  if (n->type_mask & TYPE_BIT(v->type)) return true;
  return n->role && v->role && strcmp(v->role, n->role) == 0;
}

static bool matches_text(const view_item *v, const char *text, bool loose) {
  if (!v->text || !text) return false;
  if (design_text_equal_loose(v->text, text)) return true;
  if (!loose) return false;
  /* contained, case-insensitively */
  size_t n = strlen(text);
  for (const char *p = v->text; *p; p++)
    if (strncasecmp(p, text, n) == 0) return true;
  return false;
}

typedef struct match_set {
  view_item **items;
  int count;
} match_set;

static void filter(planner *PL, const noun_phrase *np, const char *text, bool loose, match_set *out) {
  out->items = design_alloc(PL->arena, (size_t)(PL->count + 1) * sizeof *out->items);
  out->count = 0;
  for (int i = 0; i < PL->count; i++) {
    view_item *v = &PL->items[i];
    if (np->has_noun && !matches_noun(v, &np->noun)) continue;
    if (text && !matches_text(v, text, loose)) continue;
    out->items[out->count++] = v;
  }
  design_sort(out->items, (size_t)out->count, sizeof *out->items, reading_order, NULL);
}

/* Components whose id is the name (singular or plural) followed by "_" or
 * a digit: "feature" names feature_1, feature_2. */
static bool filter_id_prefix(planner *PL, const char *name, match_set *out) {
  char stem[64];
  size_t n = strlen(name);
  if (n == 0 || n >= sizeof stem || strchr(name, ' ')) return false;
  memcpy(stem, name, n + 1);
  bool plural = n > 2 && stem[n - 1] == 's';
  if (plural) stem[--n] = 0;
  out->count = 0;
  for (int i = 0; i < PL->count; i++) {
    const char *id = PL->items[i].id;
    if (strncasecmp(id, stem, n) != 0) continue;
    char next = id[n];
    if (next == '_' || (next >= '0' && next <= '9')) out->items[out->count++] = &PL->items[i];
  }
  design_sort(out->items, (size_t)out->count, sizeof *out->items, reading_order, NULL);
  return plural;
}

/* The message names the first few candidates (the result lists them all):
 * a sentence naming thousands helps nobody. */
#define CANDIDATES_NAMED 10

static const char *candidate_list(planner *PL, const match_set *m) {
  int named = m->count < CANDIDATES_NAMED ? m->count : CANDIDATES_NAMED;
  size_t len = 48;
  for (int i = 0; i < named; i++) len += strlen(m->items[i]->id) + 2;
  char *s = design_alloc(PL->arena, len), *end = s;
  for (int i = 0; i < named; i++) {
    size_t n = strlen(m->items[i]->id);
    if (i) { memcpy(end, ", ", 2); end += 2; }
    memcpy(end, m->items[i]->id, n);
    end += n;
  }
  *end = 0;
  if (named < m->count) snprintf(end, 48, " and %d more", m->count - named);
  return s;
}

static void set_ambiguous(planner *PL, plan_step *st, const noun_phrase *np, match_set *m) {
  st->parse_status = STEP_AMBIGUOUS;
  st->candidates = design_alloc(PL->arena, (size_t)m->count * sizeof *st->candidates);
  st->candidate_count = m->count;
  for (int i = 0; i < m->count; i++) st->candidates[i] = m->items[i]->id;
  st->error = design_printf(PL->arena, "\"%s\" could mean %s; say which one", np->phrase, candidate_list(PL, m));
}

/* "the page title" -> page_title, "the view sale button" -> view_sale. */
static view_item *id_from_descriptor(planner *PL, const noun_phrase *np) {
  char joined[160], with_noun[200];
  size_t n = 0;
  for (const char *p = np->descriptor; *p && n + 1 < sizeof joined; p++)
    joined[n++] = (*p == ' ' || *p == '-') ? '_' : *p;
  joined[n] = 0;
  snprintf(with_noun, sizeof with_noun, "%s_%s", joined, np->has_noun && np->noun.word ? np->noun.word : "");
  for (int i = 0; i < PL->count; i++) {
    view_item *v = &PL->items[i];
    if (strcasecmp(v->id, joined) == 0 || (np->has_noun && strcasecmp(v->id, with_noun) == 0)) return v;
  }
  return NULL;
}

static int single_key(planner *PL, const view_item *v, int **keys) {
  *keys = design_alloc(PL->arena, sizeof **keys);
  (*keys)[0] = v->key;
  return 1;
}

/* Pronouns, ids and id-like descriptors name their components directly.
 * Returns the number of keys, 0 after a failure, -1 when np is none of these. */
static int resolve_named(planner *PL, plan_step *st, const noun_phrase *np, int **keys) {
  if (np->pronoun) {
    if (!PL->prev_target_count) {
      fail(PL, st, "\"%s\" does not refer to anything yet", np->phrase);
      return 0;
    }
    *keys = (int *)PL->prev_targets;
    st->confidence *= 0.95;
    return PL->prev_target_count;
  }
  for (int i = 0; np->id && i < PL->count; i++)
    if (strcmp(PL->items[i].id, np->id) == 0) return single_key(PL, &PL->items[i], keys);
  if (np->descriptor && !np->text) {
    view_item *named = id_from_descriptor(PL, np);
    if (named) {
      st->confidence *= 0.95;
      return single_key(PL, named, keys);
    }
  }
  return -1;
}

/* Matches of the noun whose id starts with the descriptor ("each feature
 * card"); true when there are any. */
static bool filter_prefix_with_noun(planner *PL, const noun_phrase *np, match_set *m) {
  filter_id_prefix(PL, np->descriptor, m);
  int kept = 0;
  for (int i = 0; i < m->count; i++)
    if (matches_noun(m->items[i], &np->noun)) m->items[kept++] = m->items[i];
  m->count = kept;
  return kept > 0;
}

/* Matches of the noun whose role is the descriptor ("the secondary
 * button"); true when there are any. */
static bool filter_role(planner *PL, const noun_phrase *np, match_set *m) {
  filter(PL, np, NULL, false, m);
  int kept = 0;
  for (int i = 0; i < m->count; i++)
    if (m->items[i]->role && strcasecmp(m->items[i]->role, np->descriptor) == 0) m->items[kept++] = m->items[i];
  m->count = kept;
  return kept > 0;
}

/* Candidates by noun and text, loosening step by step; sets *plural when an
 * id-prefix name was written in the plural, *descriptor_unused when the
 * words before the noun matched nothing and the noun alone was used. */
static void collect_candidates(planner *PL, plan_step *st, const noun_phrase *np, match_set *m, bool *plural,
                               bool *descriptor_unused) {
  const char *text = np->text ? np->text : np->descriptor;
  filter(PL, np, text, false, m);
  if (m->count == 0 && text) {
    filter(PL, np, text, true, m);
    st->confidence *= 0.75;
  }
  if (m->count == 0 && np->descriptor && !np->has_noun && !np->text) {
    if (filter_id_prefix(PL, np->descriptor, m)) *plural = true; /* "the second feature" -> feature_2 */
    st->confidence *= 0.9;
  }
  if (m->count == 0 && np->descriptor && np->has_noun && !np->text && filter_prefix_with_noun(PL, np, m)) {
    st->confidence *= 0.9; /* "each feature card": feature_1, feature_2 ... that are cards */
  } else if (m->count == 0 && np->descriptor && np->has_noun && !np->text && filter_role(PL, np, m)) {
    st->confidence *= 0.9; /* "the secondary button": the descriptor is a role */
  } else if (m->count == 0 && np->descriptor && np->has_noun && !np->text) {
    filter(PL, np, NULL, false, m); /* descriptor words that name no text: the noun alone */
    st->confidence *= 0.75;
    *descriptor_unused = true;
  } else if (np->has_noun && !np->id) {
    st->confidence *= text ? 0.97 : 0.95;
  }
}

static bool fail_count(plan_step *st, const char *message) {
  st->error = message;
  st->parse_status = STEP_FAILED;
  return false;
}

/* "the middle card" (one only when the count is odd), "the top button",
 * "the bottom card" (those in the first or last row of the matches: several
 * side by side are ambiguous). */
static bool narrow_by_place(planner *PL, plan_step *st, const noun_phrase *np, match_set *m) {
  int from = 0, to = m->count; /* the chosen range [from, to) */
  if (np->ordinal == ORDINAL_MIDDLE) {
    from = m->count % 2 ? m->count / 2 : m->count / 2 - 1;
    to = m->count / 2 + 1;
  } else if (np->ordinal == ORDINAL_TOP)
    while (to > 1 && m->items[to - 1]->y != m->items[0]->y) to--;
  else if (np->ordinal == ORDINAL_BOTTOM)
    while (from < m->count - 1 && m->items[from]->y != m->items[m->count - 1]->y) from++;
  else { /* left / right: the smallest or largest x, which may be shared */
    double best = m->items[0]->x;
    for (int i = 1; i < m->count; i++)
      if (np->ordinal == ORDINAL_LEFT ? m->items[i]->x < best : m->items[i]->x > best) best = m->items[i]->x;
    int kept = 0;
    for (int i = 0; i < m->count; i++)
      if (m->items[i]->x == best) m->items[kept++] = m->items[i];
    to = kept;
  }
  if (np->count > 0 || to - from != 1) {
    memmove(m->items, m->items + from, (size_t)(to - from) * sizeof *m->items);
    m->count = to - from;
    set_ambiguous(PL, st, np, m);
    return false;
  }
  m->items[0] = m->items[from];
  m->count = 1;
  return true;
}

/* Ordinals, counts and the singular tie-break by role. */
static bool narrow(planner *PL, plan_step *st, const noun_phrase *np, match_set *m, bool plural) {
  if (np->ordinal <= ORDINAL_MIDDLE) return narrow_by_place(PL, st, np, m);
  if (np->ordinal && np->count > 0) { /* "the first two cards", "the last three" */
    if (np->count > m->count) return fail_count(st, design_printf(PL->arena, "\"%s\": there are only %d", np->phrase, m->count));
    int from = np->ordinal < 0 ? m->count - np->count : 0;
    for (int i = 0; i < np->count; i++) m->items[i] = m->items[from + i];
    m->count = np->count;
  } else if (np->ordinal) {
    int index = np->ordinal < 0 ? m->count + np->ordinal : np->ordinal - 1;
    if (index >= m->count || index < 0) return fail_count(st, design_printf(PL->arena, "\"%s\": there are only %d", np->phrase, m->count));
    m->items[0] = m->items[index];
    m->count = 1;
  } else if (np->count) {
    if (m->count != np->count)
      return fail_count(st, design_printf(PL->arena, "\"%s\" names %d components but %d match", np->phrase,
                                          np->count, m->count));
  } else if (!plural && !np->all && m->count > 1) {
    const char *role = np->prefer_cta ? "cta" : np->noun.preferred_role;
    view_item *only = NULL;
    int with_role = 0;
    for (int i = 0; role && i < m->count; i++)
      if (m->items[i]->role && strcmp(m->items[i]->role, role) == 0) { only = m->items[i]; with_role++; }
    if (with_role != 1) {
      set_ambiguous(PL, st, np, m);
      return false;
    }
    m->items[0] = only;
    m->count = 1;
    st->confidence *= 0.9;
  }
  return true;
}

/* Resolves a noun phrase to keys. Returns the number of keys, with `*keys`
 * set, or 0 after recording why on the step. */
static int resolve(planner *PL, plan_step *st, const noun_phrase *np, int **keys) {
  *keys = NULL;
  PL->last_plural = false;
  int named = resolve_named(PL, st, np, keys);
  if (named >= 0) return named;
  match_set m = {0};
  bool plural = np->plural, descriptor_unused = false;
  collect_candidates(PL, st, np, &m, &plural, &descriptor_unused);
  if (m.count == 0) {
    fail(PL, st, "no component matches \"%s\"", np->phrase);
    return 0;
  }
  PL->last_plural = plural || np->all;
  if (descriptor_unused && m.count > 1) { /* "the white button": which one is not known, ask */
    set_ambiguous(PL, st, np, &m);
    return 0;
  }
  if (!narrow(PL, st, np, &m, plural)) return 0;
  *keys = design_alloc(PL->arena, (size_t)m.count * sizeof **keys);
  for (int i = 0; i < m.count; i++) (*keys)[i] = m.items[i]->key;
  return m.count;
}

static bool resolve_targets(planner *PL, plan_step *st, const noun_phrase *np) {
  if (!np->present && PL->prev_target_count) {
    /* "make the header smaller then change the colour to blue": the same target */
    st->targets = design_alloc(PL->arena, (size_t)PL->prev_target_count * sizeof *st->targets);
    memcpy(st->targets, PL->prev_targets, (size_t)PL->prev_target_count * sizeof *st->targets);
    st->target_count = PL->prev_target_count;
    st->confidence *= 0.9;
    return true;
  }
  if (!np->present) {
    fail(PL, st, "say which component to change%s", NULL);
    return false;
  }
  int *keys;
  int n = resolve(PL, st, np, &keys);
  if (!n) return false;
  st->targets = design_alloc(PL->arena, (size_t)n * sizeof *keys);
  memcpy(st->targets, keys, (size_t)n * sizeof *keys);
  st->target_count = n;
  return true;
}

/* The one component a step places things against. "above the products"
 * (a plural) means above the first of them, "below the cards" below the
 * last; a singular naming several is ambiguous. */
static bool resolve_ref(planner *PL, plan_step *st, const noun_phrase *np, int position) {
  int *keys;
  noun_phrase single = *np;
  int n = resolve(PL, st, &single, &keys);
  if (!n) return false;
  if (n > 1 && (np->plural || np->all || PL->last_plural)) {
    int first = 0, last = 0;
    for (int i = 1; i < n; i++) {
      view_item *v = view_find(PL, keys[i]), *f = view_find(PL, keys[first]), *l = view_find(PL, keys[last]);
      if (v->y < f->y) first = i;
      if (v->y > l->y || (v->y == l->y && v->x > l->x)) last = i;
    }
    st->ref_key = keys[position == POS_ABOVE ? first : last];
    return true;
  }
  if (n > 1) {
    match_set m = {0};
    m.items = design_alloc(PL->arena, (size_t)n * sizeof *m.items);
    for (int i = 0; i < n; i++) m.items[m.count++] = view_find(PL, keys[i]);
    set_ambiguous(PL, st, np, &m);
    return false;
  }
  st->ref_key = keys[0];
  return true;
}

/* ---- intents ------------------------------------------------------------- */

static int first_type(uint32_t mask) {
  if (mask & TYPE_BIT(CT_CARD)) return CT_CARD;
  if (mask & TYPE_BIT(CT_TEXT)) return CT_TEXT;
  if (mask & TYPE_BIT(CT_INPUT)) return CT_INPUT;
  for (int t = 0; t < CT_COUNT; t++)
    if (mask & TYPE_BIT(t)) return t;
  return -1;
}

static void plan_create(planner *PL, plan_step *st, const clause *c) {
  st->intent = INTENT_CREATE;
  const noun_phrase *np = &c->target;
  int type = np->has_noun ? first_type(np->noun.type_mask) : -1;
  if (np->has_noun && np->noun.role && !strcmp(np->noun.role, "cta")) { type = CT_BUTTON; st->create_role = "cta"; }
  if (np->has_noun && np->noun.type_mask == (1u << CT_COUNT) - 1) type = -1;
  if (type < 0) {
    fail(PL, st, "say what kind of component to add, for example \"add a button\"%s", NULL);
    return;
  }
  if (c->unknown_count) { /* "add a glorp button", "add a sign up button": nothing is guessed */
    fail(PL, st, "I did not understand \"%s\"; to give the new component a text, say for example: add a button that says \"Sign up\"",
         c->unknown[0]);
    return;
  }
  if (np->count > 1 || np->plural || np->all) {
    fail(PL, st, "add one component per step, for example \"add a button and add another button\"%s", NULL);
    return;
  }
  st->create_type = type;
  st->new_text = c->text_value ? c->text_value : np->text;
  st->position = c->has_position ? c->position : POS_BOTTOM;
  if (st->position != POS_TOP && st->position != POS_BOTTOM && st->position != POS_ABOVE &&
      st->position != POS_BELOW) {
    fail(PL, st, "a new component goes at the top, at the bottom, or above or below another%s", NULL);
    return;
  }
  if ((st->position == POS_ABOVE || st->position == POS_BELOW) && !resolve_ref(PL, st, &c->ref, st->position)) return;
  st->new_id = new_id(PL, type);
  st->new_key = view_add(PL, st->new_id, type, st->create_role, st->new_text);
  st->targets = design_alloc(PL->arena, sizeof *st->targets);
  st->targets[0] = st->new_key;
  st->target_count = 1;
}

static void plan_duplicate(planner *PL, plan_step *st, const clause *c) {
  st->intent = INTENT_DUPLICATE;
  if (!resolve_targets(PL, st, &c->target)) return;
  if (st->target_count != 1) {
    fail(PL, st, "duplicate one component at a time%s", NULL);
    return;
  }
  view_item *orig = view_find(PL, st->targets[0]);
  st->ref_key = orig->key;
  st->new_id = new_id(PL, orig->type);
  st->new_key = view_add(PL, st->new_id, orig->type, orig->role, orig->text);
}

static double size_factor(const clause *c, int verb) {
  if (c->has_percent_by) {
    int dir = c->size_dir ? c->size_dir
              : (verb == VERB_SHRINK || verb == VERB_DECREASE) ? -1
              : (verb == VERB_GROW || verb == VERB_INCREASE) ? 1 : 0;
    return dir ? 1 + dir * c->percent_by / 100 : c->percent_by / 100;
  }
  if (c->has_size) return c->factor;
  if (verb == VERB_SHRINK || verb == VERB_DECREASE) return 0.8;
  return 1.2;
}

static void plan_resize(planner *PL, plan_step *st, const clause *c, int verb) {
  st->intent = INTENT_RESIZE;
  if (c->has_dims) { /* "200 by 50": both set, as "200px wide" and "50px tall" would */
    st->set_w = c->dims_w;
    st->set_h = c->dims_h;
    if (!(c->dims_w > 0 && c->dims_h > 0)) fail(PL, st, "a size must be greater than 0%s", NULL);
    return;
  }
  if (c->full_width) {
    st->full_width = true;
    return;
  }
  bool w = true, h = true;
  if (c->has_size) { w = c->dim_w; h = c->dim_h; }
  if (c->prop == PROP_WIDTH) h = false;
  if (c->prop == PROP_HEIGHT) w = false;
  if (c->has_number && (c->number_dim || c->prop == PROP_WIDTH || c->prop == PROP_HEIGHT) && c->unit != UNIT_PERCENT) {
    int dim = c->number_dim ? c->number_dim : c->prop == PROP_WIDTH ? 'w' : 'h';
    if (c->has_size) { /* "20px taller" */
      st->dx = dim == 'w' ? c->size_dir * c->number : 0;
      st->dy = dim == 'h' ? c->size_dir * c->number : 0;
    } else if (dim == 'w') st->set_w = c->number;
    else st->set_h = c->number;
    if (!(c->number > 0) && !c->has_size) fail(PL, st, "a size must be greater than 0%s", NULL);
    return;
  }
  if (c->has_delta && (c->has_size || verb == VERB_GROW || verb == VERB_SHRINK || verb == VERB_INCREASE || verb == VERB_DECREASE)) {
    int dir = c->size_dir ? c->size_dir : (verb == VERB_SHRINK || verb == VERB_DECREASE) ? -1 : 1;
    st->dx = w ? dir * c->delta : 0;
    st->dy = h ? dir * c->delta : 0;
    return;
  }
  if (c->has_number && c->unit != UNIT_PERCENT && c->size_from_adjective && !c->number_dim) {
    /* "20px taller", "10 px narrower": add or remove N where the word says */
    st->dx = w ? c->size_dir * c->number : 0;
    st->dy = h ? c->size_dir * c->number : 0;
    st->resize_scale_both = w && h;
    return;
  }
  double f = size_factor(c, verb);
  if (c->has_number && c->unit == UNIT_PERCENT) f = c->number / 100;
  bool undirected = c->has_percent_by && !c->size_dir && verb != VERB_GROW && verb != VERB_SHRINK &&
                    verb != VERB_INCREASE && verb != VERB_DECREASE;
  if (undirected && c->percent_by <= 100) {
    /* "resize the image by 30%": 30% bigger or smaller? Ask, never guess. */
    fail(PL, st, "say bigger or smaller, for example \"make it bigger by 30%%\"%s", NULL);
    return;
  }
  if (!(f > 0)) {
    fail(PL, st, "a size must stay greater than 0%s", NULL);
    return;
  }
  st->factor_w = w ? f : 0;
  st->factor_h = h ? f : 0;
  st->resize_scale_both = w && h;
}

/* Font sizes (docs/DESIGN.md, "Font size amounts"): "to 32" / "32px" sets
 * it; an amount with a direction adds or removes px ("2px bigger", "3
 * points smaller", "increase ... by 4", "by 2pt"; points are the font-size
 * unit, as in design tools); "by 20%" and the plain step scale it. */
static void plan_font_size(planner *PL, plan_step *st, const clause *c, int verb) {
  st->intent = INTENT_FONT_SIZE;
  int dir = c->size_dir ? c->size_dir : c->has_more_less ? c->more_less
            : (verb == VERB_DECREASE || verb == VERB_SHRINK) ? -1 : 1;
  bool directed = c->size_dir || verb == VERB_INCREASE || verb == VERB_DECREASE || verb == VERB_GROW ||
                  verb == VERB_SHRINK || c->has_more_less;
  if (c->has_delta || (c->has_number && c->unit != UNIT_PERCENT && c->has_size && c->size_dir)) {
    double amount = c->has_delta ? c->delta : c->number;
    st->font_scale = false;
    st->font_delta = true;
    st->font_value = dir * amount;
    if (!(amount > 0)) fail(PL, st, "a font size change must be greater than 0, for example \"2px bigger\"%s", NULL);
    else if (!directed) fail(PL, st, "say bigger or smaller, for example \"make the font 2px bigger\"%s", NULL);
    return;
  }
  if (c->has_number && c->unit != UNIT_PERCENT) {
    st->font_scale = false;
    st->font_value = c->number;
    if (!(c->number > 0)) fail(PL, st, "a font size must be greater than 0%s", NULL);
    return;
  }
  st->font_scale = true;
  if (c->has_percent_by) st->font_value = 1 + dir * c->percent_by / 100;
  else st->font_value = dir > 0 ? 1.2 : 0.8;
}

static void plan_token_number(planner *PL, plan_step *st, const clause *c, int verb) {
  st->intent = INTENT_TOKENS;
  st->token = c->prop == PROP_RADIUS ? TOKEN_RADIUS : TOKEN_SPACING;
  if (c->target.present && c->has_verb) { /* spacing and radius belong to the screen, not to one component */
    fail(PL, st, "%s", st->token == TOKEN_RADIUS
                           ? "the border radius is a screen token; say \"make the corners rounder\" or \"set the border radius to 12\""
                           : "the spacing is a screen token; say \"more spacing\" or \"set the spacing to 24\"");
    return;
  }
  if (c->has_number) {
    st->token_relative = false;
    st->token_number = c->number;
    if (c->number < 0) fail(PL, st, "a spacing or radius cannot be negative%s", NULL);
    return;
  }
  if ((c->has_size && c->factor_from_multiplier) || (c->has_percent_by && c->size_dir)) {
    /* "double the spacing", "spacing 50% bigger": a factor, snapped as a set value */
    st->token_scale = c->has_size && c->factor_from_multiplier ? c->factor : 1 + c->size_dir * c->percent_by / 100;
    if (!(st->token_scale > 0)) fail(PL, st, "a spacing or radius must stay greater than 0%s", NULL);
    return;
  }
  int dir = c->has_more_less ? c->more_less : c->size_dir ? c->size_dir
            : (verb == VERB_DECREASE || verb == VERB_SHRINK) ? -1 : 1;
  st->token_relative = true;
  double step = st->token == TOKEN_SPACING ? 8 : 4;
  st->token_number = dir * (c->has_delta ? c->delta : step);
}

static bool is_token_color_prop(int prop) {
  return prop == PROP_TOKEN_PRIMARY || prop == PROP_TOKEN_ACCENT || prop == PROP_TOKEN_TEXT ||
         prop == PROP_TOKEN_BACKGROUND;
}

/* "remove the background of X", "make X transparent": the fill goes. A
 * text needs a colour and a screen token is no fill, so those are asked. */
static void plan_no_color(planner *PL, plan_step *st, const clause *c) {
  st->intent = INTENT_COLOR;
  st->color_none = true;
  st->color_target = COLOR_BG;
  if (c->prop == PROP_TEXT_COLOR || c->prop == PROP_TEXT || is_token_color_prop(c->prop) ||
      (!c->target.present && !PL->prev_target_count)) {
    fail(PL, st, "%s", "only a component's fill can be removed, for example \"remove the background of the button\"");
    return;
  }
  resolve_targets(PL, st, &c->target);
}

static void plan_color(planner *PL, plan_step *st, const clause *c) {
  if (c->color_none) {
    plan_no_color(PL, st, c);
    return;
  }
  int prop = c->prop;
  if (!c->target.present && (prop == PROP_TEXT_COLOR || prop == PROP_BG))
    prop = prop == PROP_TEXT_COLOR ? PROP_TOKEN_TEXT : PROP_TOKEN_BACKGROUND;
  st->color = c->color;
  if (is_token_color_prop(prop)) {
    st->intent = INTENT_TOKENS;
    st->token = prop == PROP_TOKEN_PRIMARY ? TOKEN_PRIMARY : prop == PROP_TOKEN_ACCENT ? TOKEN_ACCENT
                : prop == PROP_TOKEN_TEXT ? TOKEN_TEXT : TOKEN_BACKGROUND;
    return;
  }
  st->intent = INTENT_COLOR;
  st->color_target = prop == PROP_BG ? COLOR_BG : (prop == PROP_TEXT_COLOR || prop == PROP_TEXT) ? COLOR_TEXT : COLOR_AUTO;
  resolve_targets(PL, st, &c->target);
}

static void plan_position(planner *PL, plan_step *st, const clause *c, int verb) {
  st->intent = INTENT_POSITION;
  if (verb == VERB_SWAP) {
    st->position = POS_SWAP;
    if (!resolve_targets(PL, st, &c->target)) return;
    if (c->ref.present) {
      if (st->target_count != 1) { fail(PL, st, "swap two components%s", NULL); return; }
      if (!resolve_ref(PL, st, &c->ref, POS_SWAP)) return;
    } else if (st->target_count == 2) {
      st->ref_key = st->targets[1];
      st->target_count = 1;
    } else {
      fail(PL, st, "swap needs exactly two components%s", NULL);
      return;
    }
    if (st->ref_key == st->targets[0]) fail(PL, st, "cannot swap a component with itself%s", NULL);
    return;
  }
  if (verb == VERB_CENTER && !c->has_position) st->position = POS_CENTER;
  else if (!c->has_position) {
    fail(PL, st, "say where to move it: to the top or bottom, above or below another, left, right or centre%s", NULL);
    return;
  } else st->position = c->position;
  if (st->position == POS_NUDGE) {
    st->dx = c->axis == 'x' ? c->amount : 0;
    st->dy = c->axis == 'y' ? c->amount : 0;
  }
  if (!resolve_targets(PL, st, &c->target)) return;
  if (st->position == POS_ABOVE || st->position == POS_BELOW) {
    if (!resolve_ref(PL, st, &c->ref, st->position)) return;
    for (int i = 0; i < st->target_count; i++)
      if (st->targets[i] == st->ref_key) fail(PL, st, "cannot move a component relative to itself%s", NULL);
  }
}

static void plan_style(planner *PL, plan_step *st, const clause *c) {
  st->intent = INTENT_STYLE;
  st->style_prop = c->style_prop;
  st->style_value = c->style_value;
  resolve_targets(PL, st, &c->target);
}

static const char *unknown_message(planner *PL, const clause *c) {
  if (c->error) return c->error; /* "make the header #12345": name the bad colour */
  if (c->unknown_count)
    return design_printf(PL->arena, "I do not know the colour, size or style \"%s\"", c->unknown[0]);
  return "say what to change, for example \"make the button red\"";
}

/* Chooses the intent of a clause with verb make/set/change or none. */
static void plan_set(planner *PL, plan_step *st, const clause *c_in, int verb) {
  clause adjusted = *c_in;
  const clause *c = &adjusted;
  /* "make the button's text bigger", "set the text to 18px": the font size */
  if (c_in->prop == PROP_TEXT && !c_in->text_value &&
      (c_in->has_size || c_in->has_percent_by || (c_in->has_number && !c_in->number_dim)))
    adjusted.prop = PROP_FONT_SIZE;
  /* "make the text 2px bigger": an amount in px on text means its font size */
  if (c_in->prop == PROP_NONE && c_in->target.has_noun && c_in->target.noun.word &&
      (!strcmp(c_in->target.noun.word, "text") || !strcmp(c_in->target.noun.word, "texts")) && c_in->has_size &&
      c_in->size_dir && c_in->dim_w && c_in->dim_h && c_in->has_number && c_in->unit != UNIT_PERCENT &&
      !c_in->number_dim)
    adjusted.prop = PROP_FONT_SIZE;
  if (c->text_value && !c->has_color && (c->prop == PROP_TEXT || c->prop == PROP_NONE)) {
    st->intent = INTENT_TEXT;
    st->new_text = c->text_value;
    resolve_targets(PL, st, &c->target);
  } else if (c->has_style) plan_style(PL, st, c);
  else if (c->has_visibility) {
    st->intent = INTENT_VISIBILITY;
    st->hidden = c->hidden;
    resolve_targets(PL, st, &c->target);
  } else if (c->has_color) plan_color(PL, st, c);
  else if (c->prop == PROP_FONT_SIZE && (c->has_size || c->has_number || c->has_percent_by || c->has_more_less || verb == VERB_INCREASE || verb == VERB_DECREASE)) {
    plan_font_size(PL, st, c, verb);
    resolve_targets(PL, st, &c->target);
  } else if ((c->prop == PROP_SPACING || c->prop == PROP_RADIUS) &&
             (c->has_number || c->has_more_less || c->has_size || verb == VERB_INCREASE || verb == VERB_DECREASE))
    plan_token_number(PL, st, c, verb);
  else if (c->has_more_less && !c->target.present && (c->prop == PROP_NONE || c->prop == PROP_SPACING)) {
    fail(PL, st, "say what there should be more or less of, for example \"more spacing\"%s", NULL);
  } else if (c->has_size || c->has_percent_by || c->has_dims || (c->has_number && (c->number_dim || c->prop == PROP_WIDTH ||
                                                                    c->prop == PROP_HEIGHT || c->prop == PROP_SIZE)) ||
             ((verb == VERB_INCREASE || verb == VERB_DECREASE) && (c->prop == PROP_SIZE || c->prop == PROP_WIDTH || c->prop == PROP_HEIGHT || c->prop == PROP_NONE))) {
    plan_resize(PL, st, c, verb);
    resolve_targets(PL, st, &c->target);
  } else if (c->has_position) plan_position(PL, st, c, VERB_MOVE);
  else if (c->text_value) {
    st->intent = INTENT_TEXT;
    st->new_text = c->text_value;
    resolve_targets(PL, st, &c->target);
  } else {
    st->intent = INTENT_COLOR;
    fail(PL, st, "%s", unknown_message(PL, c));
  }
}

/* How many different kinds of change a part asks for; more than one
 * ("make the button red italic below the header") is asked about, never
 * resolved by picking one. A new component's text and place count once. */
static int value_kinds(const clause *c) {
  unsigned k = design_clause_value_kinds(c);
  if (c->verb == VERB_ADD) k &= ~((1u << VK_TEXT) | (1u << VK_POSITION));
  return __builtin_popcount(k);
}

static void plan_clause(planner *PL, plan_step *st, const clause *c) {
  int verb = c->verb;
  if (value_kinds(c) > 1 || c->second_prop) {
    st->intent = INTENT_COLOR;
    fail(PL, st, "%s", c->second_prop ? design_printf(PL->arena, "this step names two properties (the second is \"%s\"); "
                                                              "say one per step", c->second_prop)
                                      : "this step asks for several kinds of change at once; "
                                        "join them with \"and\", for example \"make it red and bigger\"");
    return;
  }
  switch (verb) {
  case VERB_DELETE:
    if (c->prop == PROP_BG || c->prop == PROP_COLOR || c->prop == PROP_TEXT_COLOR || c->color_none) {
      plan_no_color(PL, st, c); /* "remove the background from the button": a colour change, never a delete */
      break;
    }
    if (c->clear_verb && !c->has_style) { /* "clear" takes a property; it never deletes a component */
      st->intent = INTENT_DELETE;
      fail(PL, st, "say what to clear, for example \"clear the background of the card\"%s", NULL);
      break;
    }
    if (c->has_style) { /* "remove the underline" */
      st->intent = INTENT_STYLE;
      st->style_prop = c->style_prop;
      st->style_value = c->style_prop == STYLE_WEIGHT || c->style_prop == STYLE_STYLE ? "normal" : "none";
      resolve_targets(PL, st, &c->target);
      break;
    }
    st->intent = INTENT_DELETE;
    resolve_targets(PL, st, &c->target);
    break;
  case VERB_HIDE: case VERB_SHOW:
    st->intent = INTENT_VISIBILITY;
    st->hidden = verb == VERB_HIDE;
    resolve_targets(PL, st, &c->target);
    break;
  case VERB_ADD: plan_create(PL, st, c); break;
  case VERB_DUPLICATE: plan_duplicate(PL, st, c); break;
  case VERB_MOVE: case VERB_SWAP: case VERB_CENTER: case VERB_ALIGN: plan_position(PL, st, c, verb); break;
  case VERB_RESIZE: case VERB_GROW: case VERB_SHRINK:
    if (c->prop == PROP_FONT_SIZE) { plan_font_size(PL, st, c, verb); resolve_targets(PL, st, &c->target); break; }
    if ((c->prop == PROP_SPACING || c->prop == PROP_RADIUS) && !c->target.present) {
      plan_token_number(PL, st, c, verb); /* "halve the spacing", "shrink the radius" */
      break;
    }
    plan_resize(PL, st, c, verb);
    resolve_targets(PL, st, &c->target);
    break;
  case VERB_RENAME:
    st->intent = INTENT_TEXT;
    st->new_text = c->text_value;
    if (!c->text_value) fail(PL, st, "say the new text, for example: rename the title to \"About us\"%s", NULL);
    resolve_targets(PL, st, &c->target);
    break;
  case VERB_STYLE: plan_style(PL, st, c); break;
  default: plan_set(PL, st, c, verb); break;
  }
  if (st->parse_status == STEP_OK && c->error) fail(PL, st, "%s", c->error);
}

/* ---- continuation -------------------------------------------------------- */

/* A part without a verb continues the step before it: values apply to the
 * same targets, a new target repeats the same edit. */
static bool continue_clause(const clause *prev, clause *c, plan_step *prev_step) {
  if (c->has_verb || !prev) return false;
  bool value = has_value(c);
  if (value && !c->target.present) {
    c->verb = c->has_position && !c->has_color && !c->has_size ? VERB_MOVE : VERB_SET;
    if (prev->verb == VERB_INCREASE || prev->verb == VERB_DECREASE) c->verb = VERB_SET;
    c->target.present = true;
    c->target.pronoun = true;
    c->target.phrase = "it";
    if (c->prop == PROP_NONE && prev->prop == PROP_FONT_SIZE && c->has_size) c->prop = PROP_FONT_SIZE;
    return true;
  }
  if (c->target.present && !value) {
    if (prev->verb == VERB_SWAP && prev_step && prev_step->target_count == 1 && !prev->ref.present) return false;
    noun_phrase target = c->target;
    const char *text = c->text;
    const char **unknown = c->unknown;
    int unknown_count = c->unknown_count;
    *c = *prev;
    c->target = target;
    c->text = text;
    c->unknown = unknown;
    c->unknown_count = unknown_count;
    return true;
  }
  if (value) {
    c->verb = VERB_SET;
    return true;
  }
  return false;
}

/* ---- conflicts ----------------------------------------------------------- */

typedef struct prop_set {
  int key;
  int what;          /* property id */
  double number;
  const char *str;
} prop_set;

static int resolved_color_prop(planner *PL, const plan_step *st, int key) {
  if (st->color_target == COLOR_BG) return 100;
  if (st->color_target == COLOR_TEXT) return 101;
  view_item *v = view_find(PL, key);
  return v && design_comp_type_is_text_like(v->type) ? 101 : 100;
}

/* The absolute value a step sets on one component, if any. */
static bool absolute_set(planner *PL, const plan_step *st, int key, prop_set *out) {
  out->key = key;
  out->str = NULL;
  out->number = 0;
  switch (st->intent) {
  case INTENT_COLOR:
    out->what = resolved_color_prop(PL, st, key);
    out->number = st->color_none ? -1.0 : (double)st->color; /* no fill is a value of its own */
    return true;
  case INTENT_TEXT: out->what = 102; out->str = st->new_text; return true;
  case INTENT_STYLE: out->what = 110 + st->style_prop; out->str = st->style_value; return true;
  case INTENT_VISIBILITY: out->what = 103; out->number = st->hidden; return true;
  case INTENT_FONT_SIZE:
    if (st->font_scale || st->font_delta) return false;
    out->what = 104; out->number = st->font_value; return true;
  case INTENT_POSITION:
    if (st->position != POS_LEFT && st->position != POS_RIGHT && st->position != POS_CENTER) return false;
    out->what = 105; out->number = st->position; return true;
  case INTENT_TOKENS:
    if (st->token_relative || st->token_scale > 0) return false;
    out->key = -1; out->what = 120 + st->token;
    out->number = st->token <= TOKEN_BACKGROUND ? (double)st->color : st->token_number;
    return true;
  default: return false;
  }
}

static bool same_value(const prop_set *a, const prop_set *b) {
  if (a->str || b->str) return a->str && b->str && strcmp(a->str, b->str) == 0;
  return a->number == b->number;
}

/* Conflicts are found pair by pair in step order (the first pair named is
 * the first a reader meets). Each pair costs O(targets of both): the second
 * step's components are stamped in a per-item table, then the first step's
 * targets are looked up there, never compared two by two. */
typedef struct conflict_marks {
  int *stamp;        /* per view item: the stamp of the step that marked it */
  prop_set *value;   /* what that step sets on it */
  int current;
} conflict_marks;

static void mark_touched(planner *PL, conflict_marks *m, const plan_step *st) {
  m->current++;
  for (int i = 0; i < st->target_count; i++) {
    int at = view_index(PL, st->targets[i]);
    if (at >= 0) m->stamp[at] = m->current;
  }
  int ref = (st->intent == INTENT_POSITION || st->intent == INTENT_CREATE) ? view_index(PL, st->ref_key) : -1;
  if (ref >= 0) m->stamp[ref] = m->current;
}

static const char *delete_conflict(planner *PL, conflict_marks *m, int i, int j) {
  const plan_step *a = &PL->steps[i], *b = &PL->steps[j];
  mark_touched(PL, m, b);
  for (int t = 0; t < a->target_count; t++) {
    int at = view_index(PL, a->targets[t]);
    if (at < 0 || m->stamp[at] != m->current) continue;
    return design_printf(PL->arena, "step %d (\"%s\") acts on %s, which step %d (\"%s\") deletes", j + 1, b->text,
                     PL->items[at].id, i + 1, a->text);
  }
  return NULL;
}

static const char *value_conflict(planner *PL, conflict_marks *m, int i, int j) {
  const plan_step *a = &PL->steps[i], *b = &PL->steps[j];
  prop_set pa, pb;
  if (a->intent == INTENT_TOKENS || b->intent == INTENT_TOKENS) {
    bool clash = absolute_set(PL, a, -1, &pa) && absolute_set(PL, b, -1, &pb) && pa.key == pb.key &&
                 pa.what == pb.what && !same_value(&pa, &pb);
    return clash ? design_printf(PL->arena, "steps %d (\"%s\") and %d (\"%s\") set the same property of %s to different values",
                             i + 1, a->text, j + 1, b->text, "the tokens")
                 : NULL;
  }
  if (!a->target_count || !b->target_count || !absolute_set(PL, a, a->targets[0], &pa) ||
      !absolute_set(PL, b, b->targets[0], &pb))
    return NULL;
  m->current++;
  for (int y = 0; y < b->target_count; y++) {
    int at = view_index(PL, b->targets[y]);
    if (at < 0) continue;
    absolute_set(PL, b, b->targets[y], &m->value[at]);
    m->stamp[at] = m->current;
  }
  for (int x = 0; x < a->target_count; x++) {
    int at = view_index(PL, a->targets[x]);
    if (at < 0 || m->stamp[at] != m->current) continue;
    absolute_set(PL, a, a->targets[x], &pa);
    if (pa.what == m->value[at].what && !same_value(&pa, &m->value[at]))
      return design_printf(PL->arena, "steps %d (\"%s\") and %d (\"%s\") set the same property of %s to different values",
                       i + 1, a->text, j + 1, b->text, PL->items[at].id);
  }
  return NULL;
}

static const char *find_conflict(planner *PL, int upto, int pair[2]) {
  if (upto < 2) return NULL;
  conflict_marks m = {design_alloc_zero(PL->arena, (size_t)(PL->count + 1) * sizeof(int)),
                      design_alloc(PL->arena, (size_t)(PL->count + 1) * sizeof(prop_set)), 0};
  for (int j = 1; j < upto; j++)
    for (int i = 0; i < j; i++) {
      const char *why = PL->steps[i].intent == INTENT_DELETE ? delete_conflict(PL, &m, i, j) : NULL;
      if (!why) why = value_conflict(PL, &m, i, j);
      if (why) {
        pair[0] = i;
        pair[1] = j;
        return why;
      }
    }
  return NULL;
}

/* ---- driver -------------------------------------------------------------- */

static double round2(double v) { return floor(v * 100 + 0.5) / 100; }

static void mark_deletions(planner *PL, const plan_step *st, int index) {
  if (st->intent != INTENT_DELETE || st->parse_status != STEP_OK) return;
  for (int t = 0; t < st->target_count; t++) {
    view_item *v = view_find(PL, st->targets[t]);
    if (v && v->deleted_by < 0) v->deleted_by = index;
  }
}

static const char *understood_message(planner *PL, clause *clauses, int n) {
  size_t len = 64;
  for (int i = 0; i < n; i++)
    for (int k = 0; k < clauses[i].unknown_count; k++) len += strlen(clauses[i].unknown[k]) + 4;
  char *s = design_alloc(PL->arena, len);
  strcpy(s, "I did not understand");
  bool first = true;
  for (int i = 0; i < n; i++)
    for (int k = 0; k < clauses[i].unknown_count; k++) {
      strcat(s, first ? ": \"" : ", \"");
      strcat(s, clauses[i].unknown[k]);
      strcat(s, "\"");
      first = false;
    }
  if (first) strcat(s, " the command");
  return s;
}

/* Keeps only one kind of value in a clause. */
static void keep_only_kind(clause *c, int kind) {
  if (kind != VK_COLOR) c->has_color = false;
  if (kind != VK_SIZE)
    c->has_size = c->has_percent_by = c->has_delta = c->has_number = c->has_more_less = c->has_dims = false;
  if (kind != VK_STYLE) c->has_style = false;
  if (kind != VK_VISIBILITY) c->has_visibility = false;
  if (kind != VK_TEXT) c->text_value = NULL;
  if (kind != VK_POSITION) c->has_position = false;
}

/* "make the button red italic": a make / set part carrying several kinds of
 * value becomes one step per kind, in the order written, on the same
 * targets. Other verbs keep their clause (and are asked about). */
/* The kinds of value a clause carries, in the order they were written. */
static int kinds_in_order(const clause *c, int order[VALUE_KIND_COUNT]) {
  int count = 0;
  unsigned kinds = design_clause_value_kinds(c);
  for (int k = 0; k < VALUE_KIND_COUNT; k++)
    if (kinds & (1u << k)) order[count++] = k;
  for (int x = 1; x < count; x++) /* by where each kind was written; insertion sort of at most 6 */
    for (int y = x; y > 0 && c->kind_at[order[y]] < c->kind_at[order[y - 1]]; y--) {
      int t = order[y];
      order[y] = order[y - 1];
      order[y - 1] = t;
    }
  return count;
}

/* "add a red button that says Go": the new component first, then each
 * other kind of value as a step on it ("it" after a create is the new
 * component). Returns the number of clauses written to out. */
static int split_create(ta_arena *a, const char *command, const clause *c, clause *out) {
  int order[VALUE_KIND_COUNT], count = kinds_in_order(c, order), m = 1;
  out[0] = *c;
  out[0].has_color = out[0].has_size = out[0].has_percent_by = out[0].has_delta = out[0].has_more_less = false;
  out[0].has_number = out[0].has_style = out[0].has_visibility = false;
  for (int x = 0; x < count; x++) {
    if (order[x] == VK_TEXT || order[x] == VK_POSITION) continue;
    clause *piece = &out[m++];
    *piece = *c;
    keep_only_kind(piece, order[x]);
    piece->verb = VERB_SET;
    memset(&piece->target, 0, sizeof piece->target);
    memset(&piece->ref, 0, sizeof piece->ref);
    piece->target.present = piece->target.pronoun = true;
    piece->target.phrase = "it";
    piece->unknown = NULL;
    piece->unknown_count = 0;
    piece->error = NULL;
    int from = c->value_from[order[x]], to = c->value_to[order[x]];
    if (to > from) piece->text = design_printf(a, "make it %.*s", to - from, command + from); /* "make it red" */
  }
  return m;
}

static int pieces_of(const clause *c) {
  if (c->second_prop) return 1;
  if (c->verb == VERB_SET || c->verb == VERB_NONE) return value_kinds(c) > 1 ? value_kinds(c) : 1;
  if (c->verb == VERB_ADD) return 1 + value_kinds(c);
  return 1;
}

static void split_mixed_clauses(ta_arena *a, const char *command, clause **clauses, int *n) {
  int total = 0;
  for (int i = 0; i < *n; i++) total += pieces_of(&(*clauses)[i]);
  if (total == *n) return;
  clause *out = design_alloc_zero(a, (size_t)total * sizeof *out);
  int m = 0;
  for (int i = 0; i < *n; i++) {
    const clause *c = &(*clauses)[i];
    if (c->verb == VERB_ADD && pieces_of(c) > 1) {
      m += split_create(a, command, c, out + m);
      continue;
    }
    if (pieces_of(c) <= 1) {
      out[m++] = *c;
      continue;
    }
    int order[VALUE_KIND_COUNT], count = kinds_in_order(c, order);
    for (int x = 0; x < count; x++) {
      clause *piece = &out[m++];
      *piece = *c;
      keep_only_kind(piece, order[x]);
      if (x) { piece->unknown = NULL; piece->unknown_count = 0; piece->error = NULL; }
      /* its text: up to where the next kind begins ("make the button red" | "italic") */
      int from = x ? c->kind_byte[order[x]] : c->byte_start;
      int to = x + 1 < count ? c->kind_byte[order[x + 1]] : c->byte_end;
      while (to > from && (command[to - 1] == ' ' || command[to - 1] == '\t')) to--;
      if (to > from) piece->text = design_arena_strndup(a, command + from, (size_t)(to - from));
    }
  }
  *clauses = out;
  *n = m;
}

/* "duplicate the button twice": one duplicate step per copy, each of the
 * copy before it ("it" after a duplicate is the new component), so the
 * copies follow the original in reading order. */
static void expand_copies(ta_arena *a, clause **clauses, int *n) {
  int total = 0;
  for (int i = 0; i < *n; i++) total += (*clauses)[i].copies > 1 ? (*clauses)[i].copies : 1;
  if (total == *n) return;
  clause *out = design_alloc_zero(a, (size_t)total * sizeof *out);
  int m = 0;
  for (int i = 0; i < *n; i++) {
    const clause *c = &(*clauses)[i];
    int copies = c->copies > 1 ? c->copies : 1;
    for (int k = 0; k < copies; k++) {
      clause *piece = &out[m++];
      *piece = *c;
      piece->copies = 0;
      if (copies > 1) piece->text = design_printf(a, "%s (copy %d of %d)", c->text, k + 1, copies);
      if (k == 0) continue;
      memset(&piece->target, 0, sizeof piece->target);
      piece->target.present = piece->target.pronoun = true;
      piece->target.phrase = "it";
      piece->unknown = NULL;
      piece->unknown_count = 0;
    }
  }
  *clauses = out;
  *n = m;
}

/* Copies the value words of `from` into `to`, keeping to's verb, target and text. */
static void share_value(clause *to, const clause *from) {
  clause keep = *to;
  *to = *from;
  to->verb = keep.verb;
  to->has_verb = keep.has_verb;
  to->target = keep.target;
  to->ref = keep.ref.present ? keep.ref : from->ref;
  to->text = keep.text;
  to->unknown = keep.unknown;
  to->unknown_count = keep.unknown_count;
  to->prop = keep.prop ? keep.prop : from->prop;
}

/* "make the title and the intro bold": a value given once at the end of a
 * list of targets applies to each of them. */
static void distribute_values(clause *clauses, int n) {
  for (int i = 0; i < n; i++) {
    clause *c = &clauses[i];
    if (c->verb != VERB_SET || !c->target.present || has_value(c)) continue;
    int j = i + 1;
    while (j < n && !clauses[j].has_verb && clauses[j].target.present && !has_value(&clauses[j])) j++;
    if (j >= n || clauses[j].has_verb || !clauses[j].target.present || !has_value(&clauses[j])) continue;
    for (int k = i; k < j; k++) share_value(&clauses[k], &clauses[j]);
  }
}

static void plan_steps(planner *PL, clause *clauses, int n, plan *out) {
  const clause *prev = NULL;
  distribute_values(clauses, n);
  for (int i = 0; i < n; i++) {
    clause *c = &clauses[i];
    plan_step *prev_step = PL->step_count ? &PL->steps[PL->step_count - 1] : NULL;
    if (c->verb == VERB_SWAP && !c->ref.present && i + 1 < n && !clauses[i + 1].has_verb &&
        clauses[i + 1].target.present && !has_value(&clauses[i + 1])) {
      /* "swap the header and the button": the next part is the second operand */
      c->ref = clauses[i + 1].target;
      c->text = design_printf(PL->arena, "%s and %s", c->text, clauses[i + 1].text);
      clauses[i + 1].is_empty = true;
    }
    if (c->is_empty) continue;
    bool continued = continue_clause(prev, c, prev_step);
    plan_step *st = &PL->steps[PL->step_count++];
    memset(st, 0, sizeof *st);
    st->text = c->text;
    st->confidence = continued ? 0.95 : 1.0;
    st->ref_key = -1;
    st->set_w = st->set_h = -1;
    if (!c->has_verb && !continued && !has_value(c)) {
      st->intent = INTENT_COLOR;
      fail(PL, st, "%s", understood_message(PL, c, 1));
      st->confidence = 0;
    } else {
      plan_clause(PL, st, c);
    }
    for (int k = 0; k < c->unknown_count; k++) st->confidence *= 0.6;
    st->confidence = round2(st->confidence);
    if (st->parse_status == STEP_OK) {
      /* after "duplicate X", "it" is the copy */
      PL->prev_targets = st->intent == INTENT_DUPLICATE ? &st->new_key : st->targets;
      PL->prev_target_count = st->intent == INTENT_DUPLICATE ? 1 : st->target_count;
    }
    mark_deletions(PL, st, PL->step_count - 1);
    prev = c;
  }
  out->steps = PL->steps;
  out->step_count = PL->step_count;
}

static void finish_plan(planner *PL, clause *clauses, int n, plan *out) {
  out->confidence = 1;
  out->first_bad_step = -1;
  for (int i = 0; i < out->step_count; i++) {
    if (out->steps[i].confidence < out->confidence) out->confidence = out->steps[i].confidence;
    if (out->first_bad_step < 0 && out->steps[i].parse_status != STEP_OK) out->first_bad_step = i;
  }
  int ok_steps = out->first_bad_step < 0 ? out->step_count : out->first_bad_step;
  const char *conflict = find_conflict(PL, ok_steps, out->conflict_steps);
  out->status = DESIGN_SUCCESS;
  if (conflict) {
    out->status = DESIGN_CONFLICT;
    out->message = conflict;
  } else if (out->first_bad_step >= 0) {
    const plan_step *bad = &out->steps[out->first_bad_step];
    out->status = bad->parse_status == STEP_AMBIGUOUS ? DESIGN_AMBIGUOUS : DESIGN_FAILED;
    out->message = out->step_count > 1 ? design_printf(PL->arena, "step %d (\"%s\"): %s", out->first_bad_step + 1,
                                                   bad->text, bad->error)
                                       : bad->error;
  } else if (out->confidence < 0.5) {
    out->status = DESIGN_FAILED;
    out->first_bad_step = 0;
    out->message = understood_message(PL, clauses, n);
  }
  out->confidence = round2(out->confidence);
}

/* Limits that keep planning cheap on absurd input; real commands are far
 * below them. */
#define MAX_COMMAND_BYTES 16384
#define MAX_STEPS 64

static void refuse(plan *out, const char *message) {
  out->status = DESIGN_INVALID;
  out->first_bad_step = -1;
  out->message = message;
  out->confidence = 0;
}

void design_plan_command(ta_arena *a, const design_blueprint *bp, const char *command, plan *out) {
  memset(out, 0, sizeof *out);
  if (strnlen(command, MAX_COMMAND_BYTES + 1) > MAX_COMMAND_BYTES) {
    refuse(out, "the command is too long (at most 16384 bytes)");
    return;
  }
  token_list tl;
  design_lex_command(a, command, &tl);
  clause *clauses;
  int n;
  design_parse_command(a, bp, command, &tl, &clauses, &n);
  split_mixed_clauses(a, command, &clauses, &n);
  expand_copies(a, &clauses, &n);
  if (n == 0) {
    refuse(out, "the command is empty");
    return;
  }
  if (n > MAX_STEPS) {
    refuse(out, "the command has too many steps (at most 64)");
    return;
  }
  planner PL = {a, bp, NULL, 0, 0, NULL, 0, NULL, 0, false, 0};
  view_init(&PL);
  PL.steps = design_alloc_zero(a, (size_t)n * sizeof *PL.steps);
  plan_steps(&PL, clauses, n, out);
  finish_plan(&PL, clauses, n, out);
}

/* ---- cloning (for the cache) --------------------------------------------- */

static const char *clone_str(ta_arena *a, const char *s) { return s ? design_strdup(a, s) : NULL; }

plan *design_plan_clone(ta_arena *a, const plan *p) {
  plan *q = design_memdup(a, p, sizeof *p);
  q->message = clone_str(a, p->message);
  q->steps = p->step_count ? design_memdup(a, p->steps, (size_t)p->step_count * sizeof *p->steps) : NULL;
  for (int i = 0; i < p->step_count; i++) {
    plan_step *s = &q->steps[i];
    const plan_step *o = &p->steps[i];
    s->text = clone_str(a, o->text);
    s->error = clone_str(a, o->error);
    s->style_value = clone_str(a, o->style_value);
    s->new_text = clone_str(a, o->new_text);
    s->create_role = clone_str(a, o->create_role);
    s->new_id = clone_str(a, o->new_id);
    s->targets = o->target_count ? design_memdup(a, o->targets, (size_t)o->target_count * sizeof *o->targets) : NULL;
    if (o->candidate_count) {
      s->candidates = design_alloc(a, (size_t)o->candidate_count * sizeof *s->candidates);
      for (int k = 0; k < o->candidate_count; k++) s->candidates[k] = clone_str(a, o->candidates[k]);
    } else s->candidates = NULL;
  }
  return q;
}
