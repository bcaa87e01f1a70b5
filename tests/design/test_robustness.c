/*
 * test_robustness.c - regressions of issue 7 on the design side: a result
 * never depends on the commands run before it (the corpora run in two line
 * orders on one engine give the same bytes), counts that name no number of
 * components are refused, numbers stay finite and within the documented
 * limit (on load and after an edit), one JSON rule with tasks (byte-order
 * mark skipped, a duplicate key refused with its JSON path), and output that
 * grows linearly with the nesting depth of unknown keys.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "harness.h"
#include "tessera/design.h"
#include "tessera/readfile.h"

static char *blueprint_file(const char *name, size_t *len) {
  char path[512];
  snprintf(path, sizeof path, "data/design/blueprints/%s", name);
  return tc_read_file(test_path(path), 0, len, NULL, 0);
}

typedef struct corpus_line {
  char *blueprint;
  char *command;
} corpus_line;

static int read_lines(const char *file, corpus_line *out, int cap) {
  char *text = tc_read_file(test_path(file), 0, NULL, NULL, 0);
  int n = 0;
  for (char *line = text ? strtok(text, "\n") : NULL; line && n < cap; line = strtok(NULL, "\n")) {
    json_t *j = json_loads(line, 0, NULL);
    const char *bp = json_string_value(json_object_get(j, "blueprint"));
    const char *command = json_string_value(json_object_get(j, "command"));
    if (bp && command) {
      out[n].blueprint = strdup(bp);
      out[n].command = strdup(command);
      n++;
    }
    json_decref(j);
  }
  free(text);
  return n;
}

static char *result_of(design_engine *e, const corpus_line *c) {
  size_t len;
  char *text = blueprint_file(c->blueprint, &len);
  design_blueprint *bp = text ? design_blueprint_load(text, len, NULL) : NULL;
  char *out = bp ? design_result_json(design_edit(e, bp, c->command, NULL)) : NULL;
  design_blueprint_free(bp);
  free(text);
  return out;
}

/* The engine's arena is reused from command to command, so a read of
 * memory the parser never wrote would see what an earlier command left. */
TEST(results_do_not_depend_on_line_order) {
  static const char *const FILES[] = {"data/design/acceptance.jsonl", "tests/design/data/variants.jsonl",
                                      "tests/design/data/variants_qa.jsonl", "tests/design/data/variants_qa2.jsonl"};
  enum { CAP = 2000 };
  corpus_line *lines = calloc(CAP, sizeof *lines);
  int n = 0;
  for (int f = 0; f < 4; f++) n += read_lines(FILES[f], lines + n, CAP - n);
  CHECK(n > 650);
  char **forward = calloc((size_t)n, sizeof *forward);
  design_engine *e = design_engine_new(0);
  for (int i = 0; i < n; i++) forward[i] = result_of(e, &lines[i]);
  /* a command whose quoted text fills the arena with bytes of 1 and 2, which
   * read as answers ("one colour word here") where nothing was written */
  char polluter[8200] = "rename the title to \"";
  for (int k = 0; k < 8000; k++) polluter[22 + k - 1] = (char)(1 + k % 2);
  strcpy(polluter + 22 + 8000 - 1, "\"");
  corpus_line dirty = {"catalog.json", polluter};
  int differ = 0;
  for (int pass = 0; pass < 2; pass++) /* backwards, then each case after the polluter */
    for (int i = n - 1; i >= 0; i--) {
      if (pass) free(result_of(e, &dirty));
      char *again = result_of(e, &lines[i]);
      if (!again || !forward[i] || strcmp(again, forward[i]) != 0) {
        if (differ++ < 3) printf("  differs by order: %s\n", lines[i].command);
      }
      free(again);
    }
  CHECK_INT(differ, 0);
  for (int i = 0; i < n; i++) {
    free(forward[i]);
    free(lines[i].blueprint);
    free(lines[i].command);
  }
  free(forward);
  free(lines);
  design_engine_free(e);
}

static design_blueprint *load_text(const char *text, design_problems *p) {
  return design_blueprint_load(text, strlen(text), p);
}

static design_blueprint *catalog(void) {
  size_t len;
  char *text = blueprint_file("catalog.json", &len);
  design_blueprint *bp = text ? design_blueprint_load(text, len, NULL) : NULL;
  free(text);
  return bp;
}

TEST(counts_that_are_no_number_of_components_are_refused) {
  static const char *const COMMANDS[] = {"make the first 9999999999 cards red", "make the first 0 cards red",
                                         "make the first 2.5 cards red", "make the 0 cards red",
                                         "make the first -1 cards red"};
  design_blueprint *bp = catalog();
  design_engine *e = design_engine_new(0);
  CHECK(bp && e);
  if (!bp || !e) return;
  for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++) {
    const design_result *r = design_edit(e, bp, COMMANDS[i], NULL);
    CHECK_INT(design_result_status(r), DESIGN_FAILED);
    char *json = design_result_json(r);
    CHECK(json && strstr(json, "is not a number of components"));
    CHECK(json && strstr(json, "\"changes\": []"));
    free(json);
  }
  CHECK_INT(design_result_status(design_edit(e, bp, "make the first 2 cards red", NULL)), DESIGN_SUCCESS);
  design_engine_free(e);
  design_blueprint_free(bp);
}

static bool has_problem_part(const design_problems *p, const char *part) {
  for (size_t i = 0; i < p->count; i++)
    if (strstr(p->items[i], part)) return true;
  return false;
}

TEST(numbers_beyond_the_limit_are_invalid_on_load) {
  design_problems p = {0};
  CHECK(load_text("{\"screen_id\": \"s\", \"tokens\": {\"base_spacing\": 1e12}, \"viewport\": {\"width\": 1e300},"
                  " \"components\": [{\"id\": \"a\", \"type\": \"text\", \"bbox\": [0, 0, 10, 1e308],"
                  " \"visual\": {\"font_size\": 2e9}}]}",
                  &p) == NULL);
  CHECK(has_problem_part(&p, "components[0].bbox: must be an array of 4 numbers between"));
  CHECK(has_problem_part(&p, "components[0].visual.font_size: must be a positive number, at most 1000000000"));
  CHECK(has_problem_part(&p, "tokens.base_spacing: must be a non-negative number, at most 1000000000"));
  CHECK(has_problem_part(&p, "viewport.width: must be a positive number, at most 1000000000"));
  design_problems_free(&p);
  CHECK(load_text("{\"screen_id\": \"s\", \"tokens\": {}, \"bbox_format\": \"xyxy\", \"components\":"
                  " [{\"id\": \"a\", \"type\": \"text\", \"bbox\": [-900000000, 0, 900000000, 10]}]}",
                  &p) == NULL);
  CHECK(has_problem_part(&p, "components[0].bbox: width and height must be at most 1000000000"));
  design_problems_free(&p);
}

/* A bbox of 1e308 made twice as tall used to be written as null. */
TEST(edits_that_would_leave_the_limit_are_refused) {
  static const char *const BP =
      "{\"screen_id\": \"s\", \"tokens\": {\"base_spacing\": 16}, \"components\": ["
      "{\"id\": \"tall\", \"type\": \"image\", \"bbox\": [16, 0, 100, 600000000]},"
      "{\"id\": \"low\", \"type\": \"image\", \"bbox\": [16, 900000000, 100, 50]}]}";
  design_blueprint *bp = load_text(BP, NULL);
  design_engine *e = design_engine_new(0);
  CHECK(bp && e);
  if (!bp || !e) return;
  static const char *const COMMANDS[] = {"make tall twice as tall", "make tall 2000000000px tall",
                                         "set the spacing to 99999999999",
                                         "move low down 500000000px"};
  for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++) {
    const design_result *r = design_edit(e, bp, COMMANDS[i], NULL);
    CHECK_INT(design_result_status(r), DESIGN_FAILED);
    char *kept = design_result_blueprint_json(r), *input = design_blueprint_json(bp);
    CHECK(kept && input && strncmp(kept, input, strlen(input)) == 0); /* nothing applied */
    free(kept);
    free(input);
  }
  CHECK_INT(design_result_status(design_edit(e, bp, "make tall 600000001px tall", NULL)), DESIGN_SUCCESS);
  design_engine_free(e);
  design_blueprint_free(bp);
}

TEST(byte_order_mark_skipped_as_for_tasks) {
  design_problems p = {0};
  design_blueprint *bp = load_text("\xEF\xBB\xBF{\"screen_id\": \"s\", \"tokens\": {}, \"components\": []}", &p);
  CHECK(bp != NULL);
  CHECK_INT(p.count, 0);
  design_blueprint_free(bp);
  design_problems_free(&p);
}

static bool starts_with(const char *s, const char *prefix) { return strncmp(s, prefix, strlen(prefix)) == 0; }

TEST(duplicate_keys_refused_with_their_path) {
  design_problems p = {0};
  CHECK(load_text("{\"screen_id\": \"s\", \"tokens\": {}, \"components\": [{\"id\": \"a\", \"type\": \"text\","
                  " \"bbox\": [0, 0, 1, 1]}, {\"id\": \"b\", \"type\": \"text\", \"bbox\": [0, 0, 1, 1],"
                  " \"visual\": {\"bg_color\": \"#FFFFFF\", \"bg_color\": \"#000000\"}}]}",
                  &p) == NULL);
  CHECK_INT(p.count, 1);
  CHECK(p.count && starts_with(p.items[0], "components[1].visual.bg_color: duplicate key (blueprint:1:"));
  design_problems_free(&p);
  CHECK(load_text("{\"screen_id\": \"s\", \"screen_id\": \"t\", \"tokens\": {}, \"components\": []}", &p) == NULL);
  CHECK(p.count && starts_with(p.items[0], "screen_id: duplicate key"));
  design_problems_free(&p);
  CHECK(load_text("{\"screen_id\": \"s\", \"tokens\": {}, \"components\": [], \"meta\": {\"a\": [{}, {\"x\": 1,"
                  " \"y\\\"z\": 2, \"y\\\"z\": 3}]}}", &p) == NULL);
  CHECK(p.count && starts_with(p.items[0], "meta.a[1].y\\\"z: duplicate key"));
  design_problems_free(&p);
}

/* Pretty printing indents each level, so a deep `meta` used to grow with
 * the square of its depth; beyond a depth it is written on one line. */
TEST(output_grows_linearly_with_nesting_depth) {
  size_t sizes[2];
  for (int k = 0; k < 2; k++) {
    int depth = k ? 2000 : 1000;
    size_t cap = (size_t)depth * 2 + 200;
    char *text = malloc(cap), *w = text;
    w += sprintf(w, "{\"screen_id\": \"s\", \"tokens\": {}, \"components\": [], \"meta\": ");
    for (int i = 0; i < depth; i++) *w++ = '[';
    for (int i = 0; i < depth; i++) *w++ = ']';
    strcpy(w, "}");
    design_blueprint *bp = load_text(text, NULL);
    CHECK(bp != NULL);
    char *out = bp ? design_blueprint_json(bp) : NULL;
    sizes[k] = out ? strlen(out) : 0;
    json_t *back = out ? json_loads(out, 0, NULL) : NULL;
    CHECK(back != NULL); /* still JSON, the same document */
    json_decref(back);
    free(out);
    design_blueprint_free(bp);
    free(text);
  }
  CHECK(sizes[0] > 2000);
  CHECK(sizes[1] < sizes[0] * 2 + 4096); /* twice the depth, about twice the bytes */
}

/* One error type for the layer: a refused load's first problem as a
 * design_error, with its code, JSON path and message. */
TEST(problems_give_the_layer_error) {
  design_problems p = {0};
  CHECK(load_text("{\"screen_id\": \"s\", \"tokens\": {}, \"components\": [{\"id\": \"a\", \"type\": \"text\","
                  " \"bbox\": [0, 0, 0, 10]}]}", &p) == NULL);
  design_error err;
  CHECK(design_problems_error(&p, &err));
  CHECK_INT(err.code, DESIGN_ERR_INPUT);
  CHECK_STR(err.path, "components[0].bbox");
  CHECK_STR(err.message, "width must be greater than 0");
  CHECK_STR(design_error_code_name(err.code), "invalid_input");
  CHECK_STR(design_error_code_name(DESIGN_ERR_MEMORY), "out_of_memory");
  design_problems_free(&p);
  design_problems none = {0};
  CHECK(!design_problems_error(&none, &err));
}
