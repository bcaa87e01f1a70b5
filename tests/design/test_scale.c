/*
 * test_scale.c - the design agent on long pages: plural reflowing edits in
 * one pass give exactly the layout of SPEC's one-target-at-a-time rule
 * (checked against a literal implementation here, on random pages below and
 * above the size where the reflow switches to its tree), the contrast
 * background index agrees with a scan, and 20,000-component edits stay
 * within a linear work bound (bytes of working memory, one change per moved
 * component). Wall time is never asserted; alarm() only stops a hang.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "design/design_internal.h"
#include "harness.h"
#include "tessera/design.h"

static unsigned long long rng = 0x243F6A8885A308D3ull;
static unsigned rnd(unsigned n) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (unsigned)(rng % n);
}

/* ---- a literal model of the SPEC rules ------------------------------------ */

typedef struct box {
  double x, y, w, h;
  bool button, alive;
} box;

static int reading_cmp(const box *b, int i, int j) {
  if (b[i].y != b[j].y) return b[i].y < b[j].y ? -1 : 1;
  if (b[i].x != b[j].x) return b[i].x < b[j].x ? -1 : 1;
  return i - j;
}

/* Indices of the live buttons in reading order. */
static int buttons_in_order(const box *b, int n, int *out) {
  int k = 0;
  for (int i = 0; i < n; i++)
    if (b[i].alive && b[i].button) out[k++] = i;
  for (int i = 1; i < k; i++)
    for (int j = i; j > 0 && reading_cmp(b, out[j - 1], out[j]) > 0; j--) {
      int t = out[j];
      out[j] = out[j - 1];
      out[j - 1] = t;
    }
  return k;
}

static void shift_below(box *b, int n, double from, double dy, int except) {
  for (int o = 0; o < n; o++)
    if (o != except && b[o].alive && b[o].y >= from) b[o].y += dy;
}

/* "make all buttons taller|shorter": each target resized, then the page
 * below its row moved, before the next target. */
static void model_resize(box *b, int n, double factor) {
  int order[512];
  int k = buttons_in_order(b, n, order);
  for (int t = 0; t < k; t++) {
    box *c = &b[order[t]];
    double oy = c->y, oh = c->h, h = design_round_half_up(oh * factor);
    if (h != oh && h < 44) h = 44;
    double old_row = oy + oh, new_row = oy + h;
    for (int o = 0; o < n; o++) {
      if (o == order[t] || !b[o].alive || !(b[o].y < oy + oh && oy < b[o].y + b[o].h)) continue;
      old_row = fmax(old_row, b[o].y + b[o].h);
      new_row = fmax(new_row, b[o].y + b[o].h);
    }
    c->h = h;
    shift_below(b, n, old_row, new_row - old_row, order[t]);
  }
}

/* "delete all the buttons": one at a time; a row left empty closes up. */
static void model_delete(box *b, int n) {
  int order[512];
  int k = buttons_in_order(b, n, order);
  for (int t = 0; t < k; t++) {
    box *gone = &b[order[t]];
    gone->alive = false;
    bool occupied = false;
    double bottom = gone->y + gone->h, nearest = INFINITY;
    for (int o = 0; o < n; o++) {
      if (!b[o].alive) continue;
      if (b[o].y < bottom && gone->y < b[o].y + b[o].h) occupied = true;
      if (b[o].y >= bottom && b[o].y < nearest) nearest = b[o].y;
    }
    if (!occupied && isfinite(nearest)) shift_below(b, n, bottom, gone->y - nearest, -1);
  }
}

/* Autocorrect's button heights: each short button grows to 44, in reading order. */
static void model_fix_heights(box *b, int n) {
  int order[512];
  int k = buttons_in_order(b, n, order);
  for (int t = 0; t < k; t++) {
    box *c = &b[order[t]];
    if (c->h >= 44) continue;
    double old_bottom = c->y + c->h, d = 44 - c->h;
    c->h = 44;
    shift_below(b, n, old_bottom, d, order[t]);
  }
}

/* A page of rows of one to three components, rows overlapping now and
 * then, a tall component spanning rows now and then. */
static int random_page(box *b, int n) {
  double y = 0;
  int i = 0;
  while (i < n) {
    int per_row = 1 + (int)rnd(3);
    for (int j = 0; j < per_row && i < n; j++, i++) {
      b[i] = (box){10 + 120.0 * j, y + rnd(16), 100, 20 + rnd(100), rnd(2) == 0, true};
      if (rnd(12) == 0) b[i].h += 150;
    }
    y += 40.0 + rnd(100) - (rnd(6) == 0 ? 50.0 : 0.0);
  }
  return n;
}

static char *page_json(const box *b, int n) {
  json_t *comps = json_array();
  for (int i = 0; i < n; i++) {
    char id[32];
    snprintf(id, sizeof id, "c%d", i);
    json_array_append_new(comps, json_pack("{s:s, s:s, s:[f, f, f, f]}", "id", id, "type",
                                           b[i].button ? "button" : "image", "bbox", b[i].x, b[i].y, b[i].w, b[i].h));
  }
  json_t *root = json_pack("{s:s, s:{s:i}, s:o}", "screen_id", "t", "tokens", "base_spacing", 16, "components", comps);
  char *text = json_dumps(root, 0);
  json_decref(root);
  return text;
}

/* Runs the command's steps straight through the executor (no safety check,
 * which may refuse a random page) and compares every position and height. */
static int executor_mismatches(const box *page, const box *want, int n, const char *command, bool fix) {
  char *text = page_json(page, n);
  design_problems problems = {0};
  design_blueprint *bp = design_blueprint_load(text, strlen(text), &problems);
  free(text);
  if (!bp) fprintf(stderr, "  page did not load: %s\n", problems.count ? problems.items[0] : "?");
  design_problems_free(&problems);
  if (!bp) return 1000;
  ta_arena a;
  ta_arena_init(&a, 1 << 16);
  work_state s;
  design_work_init(&s, &a, bp);
  step_result sr;
  memset(&sr, 0, sizeof sr);
  if (fix) design_fix_blueprint(&s, &sr);
  else {
    plan p;
    design_plan_command(&a, bp, command, &p);
    for (int i = 0; i < p.step_count; i++)
      if (p.steps[i].parse_status == STEP_OK) design_execute_step(&s, &p.steps[i], &sr);
  }
  int bad = 0, alive = 0;
  for (int i = 0; i < n; i++) alive += want[i].alive;
  if ((int)s.count != alive) bad++;
  for (size_t k = 0; k < s.count; k++) {
    const design_component *c = s.comps[k];
    const box *w = &want[c->key];
    if (!w->alive || c->y != w->y || c->h != w->h) bad++;
  }
  ta_arena_free(&a);
  design_blueprint_free(bp);
  return bad;
}

TEST(scale_plural_reflow_matches_one_target_at_a_time) {
  static const int SIZES[] = {3, 8, 20, 32, 33, 64, 200, 400};
  int mismatches = 0, pages = 0;
  for (size_t si = 0; si < sizeof SIZES / sizeof *SIZES; si++) {
    for (int round = 0; round < 12; round++, pages++) {
      int n = SIZES[si];
      box page[512], want[512];
      random_page(page, n);
      memcpy(want, page, sizeof page);
      model_resize(want, n, 1.2);
      mismatches += executor_mismatches(page, want, n, "make all buttons taller", false);
      memcpy(want, page, sizeof page);
      model_resize(want, n, 0.8);
      mismatches += executor_mismatches(page, want, n, "make all buttons shorter", false);
      memcpy(want, page, sizeof page);
      model_delete(want, n);
      mismatches += executor_mismatches(page, want, n, "delete all the buttons", false);
      memcpy(want, page, sizeof page);
      model_fix_heights(want, n);
      mismatches += executor_mismatches(page, want, n, NULL, true);
    }
  }
  CHECK_INT(pages, 96);
  CHECK_INT(mismatches, 0);
}

/* ---- contrast backgrounds -------------------------------------------------- */

static rgb_t scan_background(const layout_view *v, const design_component *c) {
  if (c->has_bg) return c->bg_color;
  const design_component *best = NULL;
  for (size_t i = 0; i < v->count; i++) {
    const design_component *o = v->comps[i];
    if (o == c || o->hidden || !o->has_bg || !design_comp_type_is_container(o->type)) continue;
    if (!(o->x <= c->x && o->y <= c->y && o->x + o->w >= c->x + c->w && o->y + o->h >= c->y + c->h)) continue;
    if (!best || o->w * o->h < best->w * best->h) best = o;
  }
  return best ? best->bg_color : v->tokens->background;
}

TEST(scale_background_index_agrees_with_a_scan) {
  static const int SIZES[] = {5, 30, 300, 3000};
  int disagreements = 0, lookups = 0;
  for (size_t si = 0; si < sizeof SIZES / sizeof *SIZES; si++) {
    int n = SIZES[si];
    ta_arena a;
    ta_arena_init(&a, 1 << 16);
    design_component *recs = ta_alloc_zero(&a, (size_t)n * sizeof *recs);
    const design_component **comps = ta_alloc(&a, (size_t)n * sizeof *comps);
    for (int i = 0; i < n; i++) {
      design_component *c = &recs[i];
      bool container = rnd(2) == 0;
      c->type = container ? (rnd(2) ? CT_SECTION : CT_CARD) : CT_TEXT;
      c->x = rnd(200);
      c->y = rnd((unsigned)n * 20);
      c->w = container ? 40 + rnd(300) : 5 + rnd(40);
      c->h = container ? 20 + rnd(400) : 5 + rnd(30);
      c->hidden = rnd(10) == 0;
      c->has_bg = container ? rnd(4) != 0 : rnd(8) == 0;
      c->bg_color = rnd(4) * 0x111111u; /* equal areas and colours happen: ties must go the same way */
      if (container && rnd(3) == 0) { c->w = 100; c->h = 100; }
      comps[i] = c;
    }
    design_tokens tokens = {0};
    tokens.background = 0xFFFFFF;
    layout_view v = {375, &tokens, comps, (size_t)n};
    design_bg_index *x = design_bg_index_new(&a, &v);
    for (int i = 0; i < n; i++, lookups++)
      if (design_bg_index_lookup(x, comps[i]) != scan_background(&v, comps[i])) disagreements++;
    ta_arena_free(&a);
  }
  CHECK_INT(lookups, 3335);
  CHECK_INT(disagreements, 0);
}

/* ---- 20,000 components ---------------------------------------------------- */

static design_blueprint *generated(size_t n) {
  char *text = design_generate_blueprint(n);
  design_blueprint *bp = text ? design_blueprint_load(text, strlen(text), NULL) : NULL;
  free(text);
  return bp;
}

static json_t *result_doc(const design_result *r) {
  char *out = design_result_json(r);
  json_t *doc = out ? json_loads(out, 0, NULL) : NULL;
  free(out);
  return doc;
}

/* Working memory linear in the page (the one-shift-at-a-time version copied
 * every moved record for every shift: 7.4 GB at 10,000 components). */
#define BYTES_PER_COMPONENT 2048

TEST(scale_twenty_thousand_plural_edits_stay_linear) {
  alarm(300); /* a hang guard only */
  const size_t n = 20000;
  design_blueprint *bp = generated(n);
  design_engine *e = design_engine_new(0);
  CHECK(bp && e);
  if (!bp || !e) return;
  static const char *const COMMANDS[] = {"make all buttons bigger", "delete all the buttons",
                                         "make all product cards slightly smaller", "make all headings taller"};
  for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++) {
    const design_result *r = design_edit(e, bp, COMMANDS[i], NULL);
    CHECK_INT(design_result_status(r), DESIGN_SUCCESS);
    CHECK(design_engine_last_bytes(e) < n * BYTES_PER_COMPONENT);
    json_t *doc = result_doc(r);
    json_t *steps = json_object_get(doc, "steps");
    size_t targets = json_array_size(json_object_get(json_array_get(steps, 0), "targets"));
    size_t changes = json_array_size(json_object_get(doc, "changes"));
    CHECK(targets > 2000);
    /* one change per moved component: each target's own fields, plus one y each */
    CHECK(changes <= 5 * targets + n);
    json_decref(doc);
  }
  const design_result *fixed = design_fix(e, bp);
  CHECK_INT(design_result_status(fixed), DESIGN_SUCCESS);
  CHECK(design_engine_last_bytes(e) < n * BYTES_PER_COMPONENT);
  design_engine_free(e);
  design_blueprint_free(bp);
  alarm(0);
}

/* Deleting every button closes each button row: everything after the k-th
 * button moves up by its height plus the spacing, 64 px each. */
TEST(scale_delete_all_buttons_closes_every_row) {
  alarm(300);
  const size_t n = 20000;
  design_blueprint *bp = generated(n);
  design_engine *e = design_engine_new(0);
  CHECK(bp && e);
  if (!bp || !e) return;
  char *input = design_blueprint_json(bp);
  json_t *in = json_loads(input, 0, NULL);
  free(input);
  json_t *out = result_doc(design_edit(e, bp, "delete all the buttons", NULL));
  json_t *in_comps = json_object_get(in, "components");
  json_t *out_comps = json_object_get(json_object_get(out, "blueprint"), "components");
  size_t buttons = 0, k = 0, wrong = 0;
  for (size_t i = 0; i < json_array_size(in_comps); i++) {
    json_t *c = json_array_get(in_comps, i);
    if (!strcmp(json_string_value(json_object_get(c, "type")), "button")) { buttons++; continue; }
    json_t *moved = json_array_get(out_comps, k++);
    double y0 = json_number_value(json_array_get(json_object_get(c, "bbox"), 1));
    double y1 = json_number_value(json_array_get(json_object_get(moved, "bbox"), 1));
    if (y1 != y0 - 64.0 * (double)buttons) wrong++;
  }
  CHECK(buttons > 2800);
  CHECK_INT(json_array_size(out_comps), n - buttons);
  CHECK_INT(wrong, 0);
  json_decref(in);
  json_decref(out);
  design_engine_free(e);
  design_blueprint_free(bp);
  alarm(0);
}

/* design edit used to compare every violation of the result with every
 * violation of the input (153 s for 4,000 copied components; here 6e10 comparisons). */
TEST(scale_existing_violations_are_looked_up_not_scanned) {
  alarm(300);
  json_t *root = json_pack("{s:s, s:{}, s:[]}", "screen_id", "copies", "tokens", "components");
  json_t *comps = json_object_get(root, "components");
  for (int i = 0; i < 700; i++) { /* 700 images in one place: 244,650 overlaps */
    char id[32];
    snprintf(id, sizeof id, "card_%d", i);
    json_array_append_new(comps, json_pack("{s:s, s:s, s:[i, i, i, i]}", "id", id, "type", "image", "bbox", 16, 16, 100, 100));
  }
  char *text = json_dumps(root, 0);
  json_decref(root);
  design_blueprint *bp = design_blueprint_load(text, strlen(text), NULL);
  free(text);
  design_engine *e = design_engine_new(0);
  CHECK(bp && e);
  if (!bp || !e) return;
  const design_result *r = design_edit(e, bp, "hide card_7", NULL);
  CHECK_INT(design_result_status(r), DESIGN_SUCCESS);
  CHECK_INT(design_result_violation_count(r), 0);
  design_engine_free(e);
  design_blueprint_free(bp);
  alarm(0);
}

TEST(scale_duplicate_ids_found_in_fifty_thousand) {
  char *text = design_generate_blueprint(50000);
  CHECK(text != NULL);
  if (!text) return;
  char *last = strstr(text, "\"image_7142\""); /* the last image's id becomes the first image's */
  CHECK(last != NULL);
  if (!last) { free(text); return; }
  memcpy(last, "\"image_1\"   ", 12);
  design_problems problems = {0};
  design_blueprint *bp = design_blueprint_load(text, strlen(text), &problems);
  CHECK(bp == NULL);
  CHECK_INT(problems.count, 1);
  if (problems.count) CHECK(strstr(problems.items[0], "duplicate id \"image_1\" (also components[7])") != NULL);
  design_problems_free(&problems);
  design_blueprint_free(bp);
  free(text);
}
