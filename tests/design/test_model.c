/*
 * test_model.c - blueprint reading, validation, writing and the immutable
 * component table: every invalid input lists each problem as "path:
 * message"; unknown keys survive; xyxy and "28px" inputs are normalised;
 * edits share unchanged records with the input and rollback restores the
 * exact previous table.
 */
#include <stdlib.h>
#include <string.h>

#include "design/design_internal.h"
#include "harness.h"
#include "tessera/readfile.h"

static bool has_problem(const design_problems *p, const char *text) {
  for (size_t i = 0; i < p->count; i++)
    if (strcmp(p->items[i], text) == 0) return true;
  return false;
}

static design_blueprint *load(const char *json, design_problems *p) {
  return design_blueprint_load(json, strlen(json), p);
}

TEST(invalid_json_and_non_objects) {
  design_problems p = {0};
  CHECK(load("{nope", &p) == NULL);
  CHECK_INT(p.count, 1);
  CHECK(p.count && strncmp(p.items[0], "blueprint:1:", 12) == 0 && strstr(p.items[0], ": invalid JSON: "));
  design_problems_free(&p);
  CHECK(load("[1, 2]", &p) == NULL);
  CHECK(has_problem(&p, "blueprint: must be a JSON object"));
  design_problems_free(&p);
  CHECK(load("", &p) == NULL);
  CHECK_INT(p.count, 1);
  design_problems_free(&p);
}

TEST(missing_required_fields_are_all_listed) {
  design_problems p = {0};
  CHECK(load("{}", &p) == NULL);
  CHECK(has_problem(&p, "screen_id: is required"));
  CHECK(has_problem(&p, "tokens: is required"));
  CHECK(has_problem(&p, "components: is required"));
  CHECK_INT(p.count, 3);
  design_problems_free(&p);
}

TEST(component_problems_have_paths) {
  design_problems p = {0};
  const char *json =
      "{\"screen_id\": 5, \"tokens\": [], \"components\": ["
      "{\"id\": \"a\", \"type\": \"button\", \"bbox\": [0, 0, 0, 10]},"
      "{\"id\": \"a\", \"type\": \"widget\", \"bbox\": [0, 0, 10, -2]},"
      "{\"type\": \"text\", \"bbox\": [1, 2, 3]},"
      "\"oops\","
      "{\"id\": \"b\", \"type\": \"text\", \"bbox\": [0, 0, 5, 5], \"hidden\": 1, \"text\": 3,"
      " \"visual\": {\"bg_color\": \"blue\", \"font_size\": \"big\", \"font_style\": 4}},"
      "{\"id\": \"c\", \"type\": \"image\"}]}";
  CHECK(load(json, &p) == NULL);
  CHECK(has_problem(&p, "screen_id: must be a string"));
  CHECK(has_problem(&p, "tokens: must be an object"));
  CHECK(has_problem(&p, "components[0].bbox: width must be greater than 0"));
  CHECK(has_problem(&p, "components[1].type: unknown type \"widget\""));
  CHECK(has_problem(&p, "components[1].bbox: height must be greater than 0"));
  CHECK(has_problem(&p, "components[1].id: duplicate id \"a\" (also components[0])"));
  CHECK(has_problem(&p, "components[2].id: is required"));
  CHECK(has_problem(&p, "components[2].bbox: must be an array of 4 numbers"));
  CHECK(has_problem(&p, "components[3]: must be an object"));
  CHECK(has_problem(&p, "components[4].hidden: must be true or false"));
  CHECK(has_problem(&p, "components[4].text: must be a string or null"));
  CHECK(has_problem(&p, "components[4].visual.bg_color: must be a colour #RRGGBB"));
  CHECK(has_problem(&p, "components[4].visual.font_size: must be a positive number, at most 1000000000"));
  CHECK(has_problem(&p, "components[4].visual.font_style: must be a string"));
  CHECK(has_problem(&p, "components[5].bbox: is required"));
  design_problems_free(&p);
}

TEST(token_and_viewport_problems) {
  design_problems p = {0};
  const char *json = "{\"screen_id\": \"s\", \"viewport\": {\"width\": 0, \"height\": \"tall\"},"
                     " \"bbox_format\": \"yxyx\", \"tokens\": {\"primary_color\": \"#12\", \"base_spacing\": -1,"
                     " \"colors\": {\"brand\": \"nope\"}, \"font_scale\": 3}, \"components\": {}}";
  CHECK(load(json, &p) == NULL);
  CHECK(has_problem(&p, "viewport.width: must be a positive number, at most 1000000000"));
  CHECK(has_problem(&p, "viewport.height: must be a positive number, at most 1000000000"));
  CHECK(has_problem(&p, "bbox_format: must be \"xywh\" or \"xyxy\""));
  CHECK(has_problem(&p, "tokens.primary_color: must be a colour #RRGGBB"));
  CHECK(has_problem(&p, "tokens.base_spacing: must be a non-negative number, at most 1000000000"));
  CHECK(has_problem(&p, "tokens.colors.brand: must be a colour #RRGGBB"));
  CHECK(has_problem(&p, "tokens.font_scale: must be an object"));
  CHECK(has_problem(&p, "components: must be an array"));
  design_problems_free(&p);
}

static const char *MINIMAL =
    "{\"screen_id\": \"s\", \"bbox_format\": \"xyxy\", \"custom_top\": [1, {\"k\": null}],"
    " \"tokens\": {\"primary_color\": \"#abc\", \"base_spacing\": \"16px\", \"shadow\": \"soft\"},"
    " \"components\": [{\"id\": \"go\", \"type\": \"cta\", \"bbox\": [16, 100, 359, 148], \"text\": \"Go\","
    " \"note\": \"keep me\", \"visual\": {\"font_size\": \"18px\", \"bg_color\": \"#000\", \"text_color\": \"#fff\","
    " \"icon\": \"arrow\"}}]}";

TEST(normalisation_and_unknown_keys_survive) {
  design_problems p = {0};
  design_blueprint *bp = load(MINIMAL, &p);
  CHECK(bp != NULL);
  CHECK_INT(p.count, 0);
  if (!bp) return;
  char *out = design_blueprint_json(bp);
  json_t *doc = json_loads(out, 0, NULL);
  CHECK(doc != NULL);
  json_t *c = json_array_get(json_object_get(doc, "components"), 0);
  json_t *bbox = json_object_get(c, "bbox");
  CHECK_INT(json_number_value(json_array_get(bbox, 2)), 343);
  CHECK_INT(json_number_value(json_array_get(bbox, 3)), 48);
  CHECK_STR(json_string_value(json_object_get(c, "type")), "button");
  CHECK_STR(json_string_value(json_object_get(c, "role")), "cta");
  CHECK_STR(json_string_value(json_object_get(c, "note")), "keep me");
  json_t *visual = json_object_get(c, "visual");
  CHECK_STR(json_string_value(json_object_get(visual, "bg_color")), "#000000");
  CHECK_STR(json_string_value(json_object_get(visual, "icon")), "arrow");
  CHECK(json_is_integer(json_object_get(visual, "font_size")));
  CHECK_STR(json_string_value(json_object_get(json_object_get(doc, "tokens"), "shadow")), "soft");
  CHECK_STR(json_string_value(json_object_get(json_object_get(doc, "tokens"), "primary_color")), "#AABBCC");
  CHECK(json_object_get(doc, "bbox_format") == NULL);
  CHECK(json_is_array(json_object_get(doc, "custom_top")));
  CHECK(json_is_null(json_object_get(json_array_get(json_object_get(doc, "custom_top"), 1), "k")));
  json_decref(doc);
  free(out);
  design_blueprint_free(bp);
}

TEST(writing_is_deterministic_and_reloadable) {
  char *text = tc_read_file(test_path("data/design/blueprints/catalog.json"), 0, NULL, NULL, 0);
  CHECK(text != NULL);
  if (!text) return;
  design_blueprint *bp = load(text, NULL);
  CHECK(bp != NULL);
  char *a = design_blueprint_json(bp), *b = design_blueprint_json(bp);
  CHECK_STR(a, b);
  design_blueprint *again = load(a, NULL);
  CHECK(again != NULL);
  char *c = again ? design_blueprint_json(again) : NULL;
  CHECK_STR(a, c);
  free(a);
  free(b);
  free(c);
  design_blueprint_free(again);
  design_blueprint_free(bp);
  free(text);
}

TEST(edits_share_unchanged_records_with_the_input) {
  char *text = tc_read_file(test_path("data/design/blueprints/storefront.json"), 0, NULL, NULL, 0);
  design_blueprint *bp = text ? load(text, NULL) : NULL;
  CHECK(bp != NULL);
  if (!bp) { free(text); return; }
  design_engine *e = design_engine_new(0);
  const design_result *r = design_edit(e, bp, "make the button red", NULL);
  CHECK_INT(design_result_status(r), DESIGN_SUCCESS);
  CHECK_INT(r->count, 4);
  CHECK(r->comps[0] == bp->comps[0]); /* header untouched: same record */
  CHECK(r->comps[1] == bp->comps[1]);
  CHECK(r->comps[3] != bp->comps[3]); /* the button: a new record */
  CHECK_INT(bp->comps[3]->bg_color, 0xC1121F);
  design_engine_free(e);
  design_blueprint_free(bp);
  free(text);
}

TEST(rollback_restores_the_previous_table) {
  char *text = tc_read_file(test_path("data/design/blueprints/storefront.json"), 0, NULL, NULL, 0);
  design_blueprint *bp = text ? load(text, NULL) : NULL;
  CHECK(bp != NULL);
  if (!bp) { free(text); return; }
  ta_arena a;
  ta_arena_init(&a, 1 << 14);
  work_state s;
  design_work_init(&s, &a, bp);
  size_t mark = design_work_snapshot(&s);
  design_component *c = design_work_edit(&s, 0);
  c->h = 10;
  design_work_remove(&s, 1);
  design_tokens t = s.tokens;
  t.spacing = 40;
  design_work_set_tokens(&s, &t);
  CHECK_INT(s.count, 3);
  CHECK(design_work_snapshot(&s) - mark == 3); /* one entry per change, not per component */
  design_work_rollback(&s, mark);
  CHECK_INT(s.count, 4);
  for (size_t i = 0; i < 4; i++) CHECK(s.comps[i] == bp->comps[i]);
  CHECK(s.tokens.spacing == 16);
  CHECK(bp->comps[0]->h == 100);
  ta_arena_free(&a);
  design_blueprint_free(bp);
  free(text);
}

TEST(api_tolerates_null_and_broken_text) {
  CHECK(design_edit(NULL, NULL, "x", NULL) == NULL);
  CHECK(design_result_json(NULL) == NULL);
  CHECK(design_blueprint_load(NULL, 0, NULL) == NULL);
  design_blueprint *bp = load("{\"screen_id\": \"s\", \"tokens\": {}, \"components\": [],"
                              " \"big\": 9007199254740993}", NULL);
  CHECK(bp != NULL);
  if (!bp) return;
  design_engine *e = design_engine_new(0);
  CHECK(design_edit(e, NULL, "x", NULL) == NULL);
  /* a command with bytes that are not UTF-8 still gives valid JSON */
  char *out = design_result_json(design_edit(e, bp, "make the \xff\xfe button \xc3 red", NULL));
  json_t *doc = out ? json_loads(out, 0, NULL) : NULL;
  CHECK(doc != NULL);
  CHECK(out && strstr(out, "\\ufffd") != NULL); /* core's rule: U+FFFD for each such byte */
  if (doc) json_decref(doc);
  free(out);
  /* unknown integers are kept exactly, beyond double precision */
  char *written = design_blueprint_json(bp);
  CHECK(written && strstr(written, "9007199254740993") != NULL);
  free(written);
  design_engine_free(e);
  design_blueprint_free(bp);
}
