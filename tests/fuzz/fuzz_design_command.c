/*
 * fuzz_design_command.c - fuzz target for edit commands (src/design/lexer.c,
 * parse.c, plan.c, execute.c, verify.c, edit.c) against the fixed
 * 20-component blueprint data/design/blueprints/catalog.json.
 *
 * Input: the command's bytes (up to the first NUL, as the command line
 * would pass them). Besides crashes, leaks and undefined behaviour, the
 * target checks what design.h and SPEC section 3 promise: the result is
 * JSON with a status; the same command gives the same bytes again, with
 * the plan cache off, on (a hit) and in partial mode; the input blueprint is
 * never modified. Any difference aborts, so libFuzzer keeps the input.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tessera/design.h"
#include "tessera/readfile.h"

static design_blueprint *bp;
static char *input_json;
static design_engine *plain, *cached;

static void fail(const char *what, const char *command) {
  fprintf(stderr, "fuzz_design_command: %s\n  command: %.400s\n", what, command);
  abort();
}

/* The blueprint beside this source: <repo>/tests/fuzz/ -> <repo>/data/design/blueprints/. */
int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  char path[4096];
  snprintf(path, sizeof path, "%s", __FILE__);
  char *cut = strstr(path, "tests/fuzz/");
  if (!cut) abort();
  snprintf(cut, sizeof path - (size_t)(cut - path), "data/design/blueprints/catalog.json");
  size_t len;
  char *text = tc_read_file(path, 0, &len, NULL, 0);
  bp = text ? design_blueprint_load(text, len, NULL) : NULL;
  free(text);
  plain = design_engine_new(0);
  cached = design_engine_new(8);
  if (!bp || !plain || !cached) abort();
  input_json = design_blueprint_json(bp);
  return 0;
}

static char *result(design_engine *e, const char *command, bool partial) {
  design_edit_options opts = {partial};
  return design_result_json(design_edit(e, bp, command, &opts));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *command = strndup((const char *)data, size);
  if (!command) abort();
  char *a = result(plain, command, false);
  json_t *doc = a ? json_loads(a, 0, NULL) : NULL;
  if (!doc || !json_is_string(json_object_get(doc, "status"))) fail("the result is not JSON with a status", command);
  json_decref(doc);
  char *b = result(cached, command, false), *c = result(cached, command, false);
  if (!b || !c || strcmp(a, b) != 0 || strcmp(a, c) != 0) fail("the plan cache changed a result", command);
  char *p = result(plain, command, true), *q = result(cached, command, true);
  if (!p || !q || strcmp(p, q) != 0) fail("partial mode differs between runs", command);
  char *now = design_blueprint_json(bp);
  if (!now || strcmp(now, input_json) != 0) fail("the input blueprint was modified", command);
  free(now);
  free(a);
  free(b);
  free(c);
  free(p);
  free(q);
  free(command);
  return 0;
}
