/*
 * test_checks.c - the safety checks of SPEC section 2, each on a small
 * blueprint built for it: bounds, overlap (touching and containment allowed),
 * minimum heights, minimum font size, WCAG contrast with the large-text
 * threshold and the background search, duplicate ids; and the rule that
 * only violations an edit brings in block it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "design/design_internal.h"
#include "harness.h"

static char *blueprint_with(const char *components) {
  char *s = NULL;
  if (asprintf(&s,
               "{\"screen_id\": \"t\", \"tokens\": {\"primary_color\": \"#1D4ED8\", \"text_color\": \"#111111\","
               " \"background_color\": \"#FFFFFF\", \"base_spacing\": 16}, \"components\": [%s]}",
               components) < 0)
    return NULL;
  return s;
}

/* Runs `check` and returns the rules found, joined by spaces. */
static void rules_of(const char *components, char *out, size_t cap) {
  char *json = blueprint_with(components);
  design_blueprint *bp = design_blueprint_load(json, strlen(json), NULL);
  out[0] = 0;
  if (!bp) { snprintf(out, cap, "INVALID"); free(json); return; }
  for (size_t i = 0; i < bp->violations.count; i++) {
    strncat(out, bp->violations.items[i].rule, cap - strlen(out) - 2);
    strncat(out, " ", cap - strlen(out) - 1);
  }
  design_blueprint_free(bp);
  free(json);
}

TEST(clean_blueprint_has_no_violations) {
  char r[256];
  rules_of("{\"id\": \"a\", \"type\": \"button\", \"bbox\": [16, 0, 100, 44],"
           " \"visual\": {\"bg_color\": \"#000000\", \"text_color\": \"#FFFFFF\", \"font_size\": 16}},"
           "{\"id\": \"b\", \"type\": \"text\", \"bbox\": [16, 44, 100, 20], \"visual\": {\"text_color\": \"#111111\"}}",
           r, sizeof r);
  CHECK_STR(r, ""); /* touching edges are fine */
}

TEST(bounds_check_is_horizontal_only) {
  char r[256];
  rules_of("{\"id\": \"a\", \"type\": \"image\", \"bbox\": [-1, 0, 100, 40]}", r, sizeof r);
  CHECK_STR(r, "bounds ");
  rules_of("{\"id\": \"a\", \"type\": \"image\", \"bbox\": [300, 0, 76, 40]}", r, sizeof r);
  CHECK_STR(r, "bounds ");
  rules_of("{\"id\": \"a\", \"type\": \"image\", \"bbox\": [0, 5000, 375, 40]}", r, sizeof r);
  CHECK_STR(r, "");
}

TEST(overlap_rules) {
  char r[256];
  rules_of("{\"id\": \"a\", \"type\": \"image\", \"bbox\": [0, 0, 100, 40]},"
           "{\"id\": \"b\", \"type\": \"image\", \"bbox\": [50, 20, 100, 40]}", r, sizeof r);
  CHECK_STR(r, "overlap ");
  rules_of("{\"id\": \"a\", \"type\": \"image\", \"bbox\": [0, 0, 100, 40]},"
           "{\"id\": \"b\", \"type\": \"image\", \"bbox\": [50, 20, 100, 40], \"hidden\": true}", r, sizeof r);
  CHECK_STR(r, ""); /* hidden components do not overlap */
  rules_of("{\"id\": \"box\", \"type\": \"card\", \"bbox\": [0, 0, 300, 300]},"
           "{\"id\": \"pic\", \"type\": \"image\", \"bbox\": [10, 10, 100, 100]}", r, sizeof r);
  CHECK_STR(r, ""); /* a container holding another whole */
  rules_of("{\"id\": \"big\", \"type\": \"image\", \"bbox\": [0, 0, 300, 300]},"
           "{\"id\": \"pic\", \"type\": \"image\", \"bbox\": [10, 10, 100, 100]}", r, sizeof r);
  CHECK_STR(r, "overlap "); /* an image is no container */
}

TEST(minimum_heights_and_font_sizes) {
  char r[256];
  rules_of("{\"id\": \"a\", \"type\": \"button\", \"bbox\": [16, 0, 100, 43]}", r, sizeof r);
  CHECK_STR(r, "min_height ");
  rules_of("{\"id\": \"a\", \"type\": \"link\", \"role\": \"cta\", \"bbox\": [16, 0, 100, 30]}", r, sizeof r);
  CHECK_STR(r, "min_height ");
  rules_of("{\"id\": \"a\", \"type\": \"text\", \"bbox\": [16, 0, 100, 30], \"visual\": {\"font_size\": 11}}", r,
           sizeof r);
  CHECK_STR(r, "font_size ");
  rules_of("{\"id\": \"a\", \"type\": \"text\", \"bbox\": [16, 0, 100, 30], \"visual\": {\"font_size\": 12}}", r,
           sizeof r);
  CHECK_STR(r, "");
}

TEST(contrast_thresholds_follow_wcag) {
  char r[256];
  /* #777777 on white is 4.48:1: fails for body text ... */
  rules_of("{\"id\": \"a\", \"type\": \"text\", \"bbox\": [16, 0, 100, 30],"
           " \"visual\": {\"text_color\": \"#777777\", \"font_size\": 16}}", r, sizeof r);
  CHECK_STR(r, "contrast ");
  /* ... passes as large text (24px, or 19px bold) */
  rules_of("{\"id\": \"a\", \"type\": \"text\", \"bbox\": [16, 0, 100, 30],"
           " \"visual\": {\"text_color\": \"#777777\", \"font_size\": 24}}", r, sizeof r);
  CHECK_STR(r, "");
  rules_of("{\"id\": \"a\", \"type\": \"text\", \"bbox\": [16, 0, 100, 30],"
           " \"visual\": {\"text_color\": \"#777777\", \"font_size\": 19, \"font_weight\": \"bold\"}}", r, sizeof r);
  CHECK_STR(r, "");
  rules_of("{\"id\": \"a\", \"type\": \"text\", \"bbox\": [16, 0, 100, 30],"
           " \"visual\": {\"text_color\": \"#777777\", \"font_size\": 19, \"font_weight\": 700}}", r, sizeof r);
  CHECK_STR(r, "");
  rules_of("{\"id\": \"a\", \"type\": \"text\", \"bbox\": [16, 0, 100, 30],"
           " \"visual\": {\"text_color\": \"#777777\", \"font_size\": 18, \"font_weight\": \"bold\"}}", r, sizeof r);
  CHECK_STR(r, "contrast ");
}

TEST(contrast_uses_the_smallest_container_background) {
  char r[256];
  /* white text inside a dark card inside a light section: fine */
  rules_of("{\"id\": \"sec\", \"type\": \"section\", \"bbox\": [0, 0, 375, 400], \"visual\": {\"bg_color\": \"#EEEEEE\"}},"
           "{\"id\": \"card\", \"type\": \"card\", \"bbox\": [16, 16, 300, 200], \"visual\": {\"bg_color\": \"#111111\"}},"
           "{\"id\": \"t\", \"type\": \"text\", \"bbox\": [32, 32, 100, 20], \"visual\": {\"text_color\": \"#FFFFFF\"}}",
           r, sizeof r);
  CHECK_STR(r, "");
  /* the same text outside the card sits on the light section: fails */
  rules_of("{\"id\": \"sec\", \"type\": \"section\", \"bbox\": [0, 0, 375, 400], \"visual\": {\"bg_color\": \"#EEEEEE\"}},"
           "{\"id\": \"t\", \"type\": \"text\", \"bbox\": [32, 300, 100, 20], \"visual\": {\"text_color\": \"#FFFFFF\"}}",
           r, sizeof r);
  CHECK_STR(r, "contrast ");
  /* no container: tokens.background_color (white) */
  rules_of("{\"id\": \"t\", \"type\": \"text\", \"bbox\": [32, 300, 100, 20], \"visual\": {\"text_color\": \"#FFFF00\"}}",
           r, sizeof r);
  CHECK_STR(r, "contrast ");
}

static design_status edit_status(const char *components, const char *command, size_t *new_violations) {
  char *json = blueprint_with(components);
  design_blueprint *bp = design_blueprint_load(json, strlen(json), NULL);
  design_status st = DESIGN_INVALID;
  if (bp) {
    design_engine *e = design_engine_new(0);
    const design_result *r = design_edit(e, bp, command, NULL);
    st = design_result_status(r);
    *new_violations = design_result_violation_count(r);
    design_engine_free(e);
    design_blueprint_free(bp);
  }
  free(json);
  return st;
}

TEST(only_new_violations_block) {
  size_t n = 0;
  /* the input already has an overlap between a and b; editing c is fine */
  const char *comps = "{\"id\": \"a\", \"type\": \"image\", \"bbox\": [0, 0, 100, 40]},"
                      "{\"id\": \"b\", \"type\": \"image\", \"bbox\": [50, 20, 100, 40]},"
                      "{\"id\": \"c\", \"type\": \"text\", \"bbox\": [16, 100, 200, 20], \"text\": \"Hi\","
                      " \"visual\": {\"text_color\": \"#111111\", \"font_size\": 16}}";
  CHECK_INT(edit_status(comps, "make the text bold", &n), DESIGN_SUCCESS);
  CHECK_INT(n, 0);
  /* making c yellow on white brings in a contrast problem: refused */
  CHECK_INT(edit_status(comps, "make the text yellow", &n), DESIGN_FAILED);
  CHECK_INT(n, 1);
  /* moving c up into a brings in an overlap */
  CHECK_INT(edit_status(comps, "move the text up 90px", &n), DESIGN_FAILED);
  CHECK(n >= 1);
}

TEST(fill_colour_switches_text_colour_and_says_so) {
  char *json = blueprint_with("{\"id\": \"go\", \"type\": \"button\", \"bbox\": [16, 0, 200, 48], \"text\": \"Go\","
                              " \"visual\": {\"bg_color\": \"#000000\", \"text_color\": \"#FFFFFF\", \"font_size\": 16}}");
  design_blueprint *bp = design_blueprint_load(json, strlen(json), NULL);
  CHECK(bp != NULL);
  design_engine *e = design_engine_new(0);
  const design_result *r = design_edit(e, bp, "make the button yellow", NULL);
  CHECK_INT(design_result_status(r), DESIGN_SUCCESS);
  CHECK_INT(r->comps[0]->text_color, 0x000000);
  CHECK_INT(r->steps[0].note_count, 1);
  CHECK(strstr(r->steps[0].notes[0], "#000000") != NULL);
  /* a text colour step that breaks contrast is refused, never switched */
  r = design_edit(e, bp, "set the button text colour to #111111", NULL);
  CHECK_INT(design_result_status(r), DESIGN_FAILED);
  design_engine_free(e);
  design_blueprint_free(bp);
  free(json);
}

TEST(check_result_lists_every_violation) {
  char *json = blueprint_with("{\"id\": \"a\", \"type\": \"button\", \"bbox\": [300, 0, 100, 30]}");
  design_blueprint *bp = design_blueprint_load(json, strlen(json), NULL);
  design_engine *e = design_engine_new(0);
  const design_result *r = design_check(e, bp);
  CHECK_INT(design_result_violation_count(r), 2); /* bounds and min_height */
  CHECK_INT(design_result_status(r), DESIGN_FAILED);
  char *out = design_result_json(r);
  CHECK(out && strstr(out, "\"rule\": \"bounds\"") && strstr(out, "\"rule\": \"min_height\""));
  free(out);
  design_engine_free(e);
  design_blueprint_free(bp);
  free(json);
}

TEST(fix_corrects_what_section_4_lists) {
  char *json = NULL;
  if (asprintf(&json, "{\"screen_id\": \"t\", \"tokens\": {\"base_spacing\": 12, \"background_color\": \"#FFFFFF\"},"
                      " \"components\": ["
                      "{\"id\": \"go\", \"type\": \"button\", \"bbox\": [16, 0, 200, 30]},"
                      "{\"id\": \"p\", \"type\": \"product_card\", \"bbox\": [16, 46, 200, 100], \"visual\": {\"aspect_ratio\": 1.5}},"
                      "{\"id\": \"t\", \"type\": \"text\", \"bbox\": [16, 162, 200, 20],"
                      " \"visual\": {\"font_size\": 10, \"text_color\": \"#EEEEEE\"}}]}") < 0)
    return;
  design_blueprint *bp = design_blueprint_load(json, strlen(json), NULL);
  CHECK(bp != NULL);
  design_engine *e = design_engine_new(0);
  const design_result *r = design_fix(e, bp);
  CHECK(r->tokens.spacing == 16);           /* 12 / 8 = 1.5 -> 2 -> 16 */
  CHECK(r->comps[0]->h == 44);              /* button grown */
  CHECK(r->comps[1]->y == 46 + 14);         /* ... with reflow */
  CHECK(r->comps[1]->aspect_ratio == 1.0);
  CHECK(r->comps[2]->font_size == 12);
  CHECK_INT(r->comps[2]->text_color, 0x000000);
  CHECK_INT(design_result_violation_count(r), 0);
  CHECK(bp->comps[0]->h == 30); /* the input is untouched */
  design_engine_free(e);
  design_blueprint_free(bp);
  free(json);
}

TEST(long_pages_find_the_same_overlaps) {
  /* 100 stacked images (more than a screen's worth, so the sweep is used):
   * #40 overlaps #41, #70 overlaps #71 but #71 is hidden */
  size_t cap = 100 * 160 + 64, len = 0;
  char *comps = malloc(cap);
  for (int i = 0; i < 100; i++) {
    int y = i * 60 + (i == 41 ? -30 : 0) + (i == 71 ? -30 : 0);
    len += (size_t)snprintf(comps + len, cap - len, "%s{\"id\": \"c%d\", \"type\": \"image\", \"bbox\": [16, %d, 300, 50]%s}",
                            i ? "," : "", i, y, i == 71 ? ", \"hidden\": true" : "");
  }
  char *json = blueprint_with(comps);
  design_blueprint *bp = design_blueprint_load(json, strlen(json), NULL);
  CHECK(bp != NULL);
  if (bp) {
    CHECK_INT(bp->violations.count, 1);
    if (bp->violations.count) {
      CHECK_STR(bp->violations.items[0].rule, "overlap");
      CHECK_STR(bp->violations.items[0].id, "c40");
      CHECK_STR(bp->violations.items[0].other, "c41");
    }
  }
  design_blueprint_free(bp);
  free(json);
  free(comps);
}
