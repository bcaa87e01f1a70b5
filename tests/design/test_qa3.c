/*
 * test_qa3.c - third QA pass on the design side: work and size limits at
 * scale. A check of a stack of overlapping components keeps a bounded list
 * and counts the rest exactly; an edit on such input finds only what it
 * brought in. Work is asserted in counts and bytes, never wall time;
 * alarm() only stops a hang.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "design/design_internal.h"
#include "harness.h"
#include "tessera/design.h"

/* n components of `type` on one spot (each pair overlaps, none holds another:
 * buttons are no containers), plus one text far below with poor contrast. */
static design_blueprint *stack(int n, const char *type) {
  json_t *root = json_pack("{s:s, s:{s:s}, s:[]}", "screen_id", "stack", "tokens", "background_color", "#FFFFFF",
                           "components");
  json_t *comps = json_object_get(root, "components");
  for (int i = 0; i < n; i++) {
    char id[32];
    snprintf(id, sizeof id, "b_%d", i);
    json_array_append_new(comps, json_pack("{s:s, s:s, s:[i, i, i, i]}", "id", id, "type", type, "bbox", 16 + i % 7,
                                           16 + i % 5, 100, 60));
  }
  char *text = json_dumps(root, 0);
  json_decref(root);
  design_blueprint *bp = design_blueprint_load(text, strlen(text), NULL);
  free(text);
  return bp;
}

static size_t count_key(const char *json, const char *needle) {
  size_t n = 0;
  for (const char *p = json; (p = strstr(p, needle)); p++) n++;
  return n;
}

TEST(qa3_check_of_overlapping_stack_lists_a_bounded_number) {
  alarm(300);
  int n = 3000;
  design_blueprint *bp = stack(n, "button");
  design_engine *e = design_engine_new(0);
  CHECK(bp && e);
  if (!bp || !e) return;
  const design_result *r = design_check(e, bp);
  size_t pairs = (size_t)n * (size_t)(n - 1) / 2;
  CHECK_INT(design_result_violation_count(r), pairs); /* every pair, counted exactly */
  CHECK(design_engine_last_bytes(e) < ((size_t)64 << 20)); /* kept list bounded, not 4.5 M messages */
  char *json = design_result_json(r);
  CHECK(json != NULL);
  if (json) {
    CHECK_INT(count_key(json, "\"rule\": \"overlap\""), DESIGN_VIOLATIONS_LISTED);
    char want[96];
    snprintf(want, sizeof want, "\"violations_unlisted\": %zu", pairs - DESIGN_VIOLATIONS_LISTED);
    CHECK(strstr(json, want) != NULL);
    CHECK(strstr(json, "the first 1000 are listed") != NULL);
    json_t *doc = json_loads(json, 0, NULL);
    CHECK(doc != NULL); /* still one valid document */
    json_decref(doc);
  }
  free(json);
  design_engine_free(e);
  design_blueprint_free(bp);
  alarm(0);
}

/* An edit on that input brings in nothing: the input's overlaps, far more
 * than are kept, must not be mistaken for new ones. */
TEST(qa3_edit_on_overlapping_stack_finds_only_new_overlaps) {
  alarm(300);
  design_blueprint *bp = stack(3000, "button");
  design_engine *e = design_engine_new(0);
  CHECK(bp && e);
  if (!bp || !e) return;
  const design_result *r = design_edit(e, bp, "make b_2999 red", NULL);
  CHECK_INT(design_result_status(r), DESIGN_SUCCESS);
  CHECK_INT(design_result_violation_count(r), 0);
  r = design_edit(e, bp, "hide b_5", NULL);
  CHECK_INT(design_result_status(r), DESIGN_SUCCESS);
  /* moving one onto a clear spot and back into the stack: refused only for new pairs */
  r = design_edit(e, bp, "move b_0 down 1000px", NULL);
  CHECK_INT(design_result_status(r), DESIGN_SUCCESS);
  design_engine_free(e);
  design_blueprint_free(bp);
  alarm(0);
}

/* A component moved onto the stack brings in one overlap per member: all
 * counted as new (beyond the kept ones), so the edit is refused. */
TEST(qa3_new_overlaps_beyond_the_kept_ones_still_refuse) {
  alarm(300);
  json_t *root = json_pack("{s:s, s:{}, s:[]}", "screen_id", "s", "tokens", "components");
  json_t *comps = json_object_get(root, "components");
  for (int i = 0; i < 1500; i++) {
    char id[32];
    snprintf(id, sizeof id, "b_%d", i);
    json_array_append_new(comps, json_pack("{s:s, s:s, s:[i, i, i, i]}", "id", id, "type", "button", "bbox", 16,
                                           100 + i * 60, 100, 50));
  }
  json_array_append_new(comps, json_pack("{s:s, s:s, s:[i, i, i, i]}", "id", "tall", "type", "image", "bbox", 200,
                                         100, 100, 90000));
  char *text = json_dumps(root, 0);
  json_decref(root);
  design_blueprint *bp = design_blueprint_load(text, strlen(text), NULL);
  free(text);
  design_engine *e = design_engine_new(0);
  CHECK(bp && e);
  if (!bp || !e) return;
  CHECK_INT(bp->violations.count + bp->violations.unlisted, 0);
  const design_result *r = design_edit(e, bp, "move tall left 150px", NULL);
  CHECK_INT(design_result_status(r), DESIGN_FAILED);
  CHECK_INT(design_result_violation_count(r), 1500); /* 1,000 kept + 500 counted */
  char *json = design_result_json(r);
  CHECK(json && strstr(json, "\"violations_unlisted\": 500"));
  CHECK(json && strstr(json, "bring in 1500 problems"));
  free(json);
  design_engine_free(e);
  design_blueprint_free(bp);
  alarm(0);
}

/* ---- studio under-colours (render_layout.c, holder_index.c) ---------------- */

#include "design/studio_internal.h"

static unsigned long long rng = 0x9E3779B97F4A7C15ull;
static unsigned rnd(unsigned n) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (unsigned)(rng % n);
}

/* The scan the index replaced, written out literally. */
static rgb_t scanned_under(const studio_page *page, size_t i) {
  const studio_look *l = &page->looks[i], *best = NULL;
  for (size_t k = 0; k < i; k++) {
    const studio_look *o = &page->looks[k];
    const design_component *a = o->c, *b = l->c;
    bool holds = a->x <= b->x && a->y <= b->y && a->x + a->w >= b->x + b->w && a->y + a->h >= b->y + b->h;
    if (!a->hidden && o->has_fill && o->kind != LOOK_IMAGE && holds && (!best || a->w * a->h <= best->c->w * best->c->h))
      best = o;
  }
  return best ? best->fill : page->background;
}

static const char *TYPES[] = {"card", "section", "button", "text", "image", "container", "heading"};
static const char *FILLS[] = {"#FFFFFF", "#F1FAEE", "#1D3557", "#C1121F", NULL};

static design_blueprint *random_page(int n) {
  json_t *root = json_pack("{s:s, s:{s:s}, s:[]}", "screen_id", "r", "tokens", "background_color", "#FFFFFF", "components");
  json_t *comps = json_object_get(root, "components");
  for (int i = 0; i < n; i++) {
    char id[32];
    snprintf(id, sizeof id, "c_%d", i);
    int x = (int)rnd(8) * 20, y = (int)rnd((unsigned)n / 4 + 8) * 20, w = 20 + (int)rnd(10) * 20, h = 20 + (int)rnd(10) * 20;
    json_t *c = json_pack("{s:s, s:s, s:[i, i, i, i], s:b}", "id", id, "type", TYPES[rnd(7)], "bbox", x, y, w, h,
                          "hidden", rnd(10) == 0);
    const char *fill = FILLS[rnd(5)];
    if (fill) json_object_set_new(c, "visual", json_pack("{s:s}", "bg_color", fill));
    json_array_append_new(comps, c);
  }
  char *text = json_dumps(root, 0);
  json_decref(root);
  design_blueprint *bp = design_blueprint_load(text, strlen(text), NULL);
  free(text);
  return bp;
}

TEST(qa3_under_colours_agree_with_a_scan) {
  alarm(300);
  int wrong = 0, pages = 0;
  for (int round = 0; round < 40; round++) {
    design_blueprint *bp = random_page(round < 20 ? 30 : 600);
    if (!bp) continue;
    studio_page page;
    design_error err;
    for (int hidden = 0; hidden < 2; hidden++) {
      if (!design_studio_page_build(bp, hidden, &page, &err)) continue;
      pages++;
      for (size_t i = 0; i < page.count; i++) wrong += page.looks[i].under != scanned_under(&page, i);
      design_studio_page_free(&page);
    }
    design_blueprint_free(bp);
  }
  CHECK_INT(pages, 80);
  CHECK_INT(wrong, 0);
  alarm(0);
}

/* The generated 20,000-component page: a few look-up steps per component,
 * where the scan made 2e8 containment tests. */
TEST(qa3_under_colours_of_twenty_thousand_are_indexed) {
  alarm(300);
  char *text = design_generate_blueprint(20000);
  design_blueprint *bp = text ? design_blueprint_load(text, strlen(text), NULL) : NULL;
  free(text);
  CHECK(bp != NULL);
  if (!bp) return;
  studio_page page;
  design_error err;
  CHECK(design_studio_page_build(bp, true, &page, &err));
  CHECK(page.holder_work < 100 * page.count);
  design_studio_page_free(&page);
  design_blueprint_free(bp);
  alarm(0);
}

/* 20,000 equal filled cards on one spot: each sits on the one before it. */
TEST(qa3_pile_of_equal_cards_builds) {
  alarm(300);
  json_t *root = json_pack("{s:s, s:{}, s:[]}", "screen_id", "p", "tokens", "components");
  json_t *comps = json_object_get(root, "components");
  for (int i = 0; i < 20000; i++) {
    char id[32];
    snprintf(id, sizeof id, "c_%d", i);
    json_array_append_new(comps, json_pack("{s:s, s:s, s:[i, i, i, i], s:{s:s}}", "id", id, "type", "card", "bbox", 16,
                                           16, 100, 100, "visual", "bg_color", i % 2 ? "#FFFFFF" : "#1D3557"));
  }
  char *text = json_dumps(root, 0);
  json_decref(root);
  design_blueprint *bp = design_blueprint_load(text, strlen(text), NULL);
  free(text);
  CHECK(bp != NULL);
  if (!bp) return;
  studio_page page;
  design_error err;
  CHECK(design_studio_page_build(bp, false, &page, &err));
  CHECK(page.count == 20000 && page.looks[1].under == page.looks[0].fill && page.looks[0].under == 0xFFFFFF);
  CHECK(page.holder_work < 100 * page.count);
  design_studio_page_free(&page);
  design_blueprint_free(bp);
  alarm(0);
}

/* ---- allocation failures on the new paths ----------------------------------- */

#include "tessera/fault.h"

/* check and edit of a stack past the kept overlaps, and the studio page of
 * a long one (the holder index), with allocation k failing: the fault-free
 * bytes or a clean out-of-memory answer, never anything else. */
TEST(qa3_kept_overlaps_and_holder_index_under_allocation_failures) {
  alarm(600);
  design_blueprint *bp = stack(80, "button"); /* 3,160 overlaps: 1,000 kept */
  CHECK(bp != NULL);
  if (!bp) return;
  for (int op = 0; op < 3; op++) {
    design_engine *e = design_engine_new(0);
    tc_fault_arm(0, false);
    const design_result *r = op == 0 ? design_check(e, bp) : design_edit(e, bp, "make b_3 red", NULL);
    char *want = op < 2 ? design_result_json(r) : NULL;
    studio_page page;
    design_error err;
    bool built = op == 2 && design_studio_page_build(bp, false, &page, &err);
    if (built) design_studio_page_free(&page);
    uint64_t n = tc_fault_disarm();
    CHECK(op == 2 ? built : want != NULL);
    int wrong = 0;
    uint64_t stride = n / 60 ? n / 60 : 1;
    for (uint64_t k = 1; k <= n; k += stride) {
      tc_fault_arm(k, true);
      if (op < 2) {
        r = op == 0 ? design_check(e, bp) : design_edit(e, bp, "make b_3 red", NULL);
        char *got = design_result_json(r);
        tc_fault_disarm();
        if (got && strcmp(got, want) != 0 && !design_result_out_of_memory(r)) wrong++;
        free(got);
      } else {
        memset(&err, 0, sizeof err);
        bool ok = design_studio_page_build(bp, false, &page, &err);
        tc_fault_disarm();
        if (ok) design_studio_page_free(&page);
        else if (err.code != DESIGN_ERR_MEMORY) wrong++;
      }
    }
    CHECK_INT(wrong, 0);
    free(want);
    design_engine_free(e);
  }
  design_blueprint_free(bp);
  alarm(0);
}

/* ---- new overlaps of an edit against a literal count -------------------------- */

typedef struct rect {
  double x, y, w, h;
  bool container;
} rect;

static bool violating(const rect *p, const rect *q) {
  bool meet = p->x < q->x + q->w && q->x < p->x + p->w && p->y < q->y + q->h && q->y < p->y + p->h;
  bool p_holds = p->x <= q->x && p->y <= q->y && p->x + p->w >= q->x + q->w && p->y + p->h >= q->y + q->h;
  bool q_holds = q->x <= p->x && q->y <= p->y && q->x + q->w >= p->x + p->w && q->y + q->h >= p->y + p->h;
  return meet && !((p->container && p_holds) || (q->container && q_holds));
}

/* "move c_k down/up N px" moves one component with no reflow: the new
 * overlaps are the pairs with it that violate after and did not before. */
TEST(qa3_new_overlaps_of_a_move_match_a_literal_count) {
  alarm(300);
  enum { N = 300 };
  static const char *const KINDS[] = {"button", "card", "image", "text"};
  rect r[N];
  json_t *root = json_pack("{s:s, s:{}, s:[]}", "screen_id", "m", "tokens", "components");
  json_t *comps = json_object_get(root, "components");
  for (int i = 0; i < N; i++) {
    int kind = (int)rnd(4);
    r[i] = (rect){(double)(rnd(6) * 40), (double)(rnd(N / 3) * 30), (double)(40 + rnd(4) * 40), (double)(44 + rnd(3) * 30),
                  kind == 1};
    char id[32];
    snprintf(id, sizeof id, "c_%d", i);
    json_array_append_new(comps, json_pack("{s:s, s:s, s:[f, f, f, f]}", "id", id, "type", KINDS[kind], "bbox", r[i].x,
                                           r[i].y, r[i].w, r[i].h));
  }
  char *text = json_dumps(root, 0);
  json_decref(root);
  design_blueprint *bp = design_blueprint_load(text, strlen(text), NULL);
  free(text);
  design_engine *e = design_engine_new(0);
  CHECK(bp && e);
  if (!bp || !e) return;
  int mismatches = 0, refused = 0;
  for (int t = 0; t < 60; t++) {
    int k = (int)rnd(N), dy = (int)rnd(7) * 20 - 60;
    if (!dy || r[k].y + dy < 0) continue;
    rect moved = r[k];
    moved.y += dy;
    size_t fresh = 0;
    for (int j = 0; j < N; j++)
      if (j != k && violating(&moved, &r[j]) && !violating(&r[k], &r[j])) fresh++;
    char command[64];
    snprintf(command, sizeof command, "move c_%d %s %dpx", k, dy > 0 ? "down" : "up", dy > 0 ? dy : -dy);
    const design_result *res = design_edit(e, bp, command, NULL);
    design_status st = design_result_status(res);
    if (fresh) refused++;
    if (fresh ? !(st == DESIGN_FAILED && design_result_violation_count(res) == fresh) : st != DESIGN_SUCCESS) {
      mismatches++;
      fprintf(stderr, "  %s: %zu new overlaps expected, status %s, %zu violations\n", command, fresh,
              design_status_name(st), design_result_violation_count(res));
    }
  }
  CHECK_INT(mismatches, 0);
  CHECK(refused > 0); /* the test saw refusals, not only clean moves */
  design_engine_free(e);
  design_blueprint_free(bp);
  alarm(0);
}

/* 20,000 filled cards, each 0.01 px right of the one before: every card
 * overlaps every other and none holds another. The side edges in the index
 * cut each look-up short (the top and bottom alone would visit them all). */
TEST(qa3_sideways_pile_is_cut_off_by_the_side_edges) {
  alarm(300);
  json_t *root = json_pack("{s:s, s:{}, s:[]}", "screen_id", "p", "tokens", "components");
  json_t *comps = json_object_get(root, "components");
  for (int i = 0; i < 20000; i++) {
    char id[32];
    snprintf(id, sizeof id, "c_%d", i);
    json_array_append_new(comps, json_pack("{s:s, s:s, s:[f, i, i, i], s:{s:s}}", "id", id, "type", "card", "bbox",
                                           i * 0.01, 16, 100, 100, "visual", "bg_color", "#FFFFFF"));
  }
  char *text = json_dumps(root, 0);
  json_decref(root);
  design_blueprint *bp = design_blueprint_load(text, strlen(text), NULL);
  free(text);
  CHECK(bp != NULL);
  if (!bp) return;
  studio_page page;
  design_error err;
  CHECK(design_studio_page_build(bp, false, &page, &err));
  CHECK(page.holder_work < 200 * page.count);
  design_studio_page_free(&page);
  design_blueprint_free(bp);
  alarm(0);
}
