/*
 * fuzz_blueprint.c - fuzz target for blueprint JSON (src/design/blueprint.c:
 * reading, validation, the JSON rule, writing) and what runs on every
 * loaded blueprint: the safety checks, autocorrect and the result document.
 *
 * Input: one document. Besides crashes, leaks and undefined behaviour, the
 * target checks what design.h promises: a refused blueprint always says why
 * and its invalid-result document is JSON; a loaded one writes back as JSON
 * that loads again and writes the same bytes (output is a fixed point);
 * check, fix and their result documents succeed and are JSON. Any
 * difference aborts, so libFuzzer keeps the input.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tessera/design.h"

static void fail(const char *what, const char *detail) {
  fprintf(stderr, "fuzz_blueprint: %s\n  %.400s\n", what, detail ? detail : "");
  abort();
}

static void must_be_json(const char *what, const char *text) {
  if (!text) fail(what, "no text");
  json_t *doc = json_loads(text, 0, NULL);
  if (!doc) fail(what, text);
  json_decref(doc);
}

static void run_result(design_engine *e, const design_result *r, const char *what) {
  (void)e;
  if (!r) fail(what, "no result");
  char *json = design_result_json(r);
  must_be_json(what, json);
  free(json);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *text = (const char *)data;
  design_problems problems = {0};
  design_blueprint *bp = design_blueprint_load(text, size, &problems);
  if (!bp) {
    if (problems.count == 0) fail("a refused blueprint gives no reason", NULL);
    char *out = design_invalid_result_json(text, size, &problems, "invalid");
    must_be_json("invalid result", out);
    free(out);
    design_problems_free(&problems);
    return 0;
  }
  design_problems_free(&problems);
  char *once = design_blueprint_json(bp);
  must_be_json("written blueprint", once);
  design_blueprint *again = design_blueprint_load(once, strlen(once), &problems);
  if (!again) fail("the written blueprint does not load", problems.count ? problems.items[0] : once);
  char *twice = design_blueprint_json(again);
  if (!twice || strcmp(once, twice) != 0) fail("writing is not a fixed point", once);
  design_engine *e = design_engine_new(0);
  if (!e) abort();
  run_result(e, design_check(e, bp), "check");
  run_result(e, design_fix(e, bp), "fix");
  run_result(e, design_edit(e, bp, "make the button red and bigger", NULL), "edit");
  design_engine_free(e);
  free(once);
  free(twice);
  design_problems_free(&problems);
  design_blueprint_free(again);
  design_blueprint_free(bp);
  return 0;
}
