/*
 * fuzz_design_import.c - fuzz target for the PNG importer
 * (design_import_png: libpng decoding with its setjmp error path, the caps,
 * quantisation, regions, text lines, classification and design_fix).
 *
 * Input: the bytes of a file given to `tessera design import`. Besides
 * crashes, leaks and undefined behaviour, the target checks what
 * design_studio.h promises: a refusal has an error code and a message, an
 * accepted image gives JSON that loads as a valid blueprint, and the same
 * bytes give the same blueprint twice. A pixel cap of 2^20 keeps each run
 * short (the cap itself is exercised: larger images must be refused).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tessera/design_studio.h"

static void fail(const char *what, const char *detail) {
  fprintf(stderr, "fuzz_design_import: %s: %s\n", what, detail ? detail : "");
  abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  design_import_options o = {.max_pixels = (size_t)1 << 20};
  design_error err = {0};
  char *json = design_import_png(data, size, &o, &err);
  if (!json) {
    if (err.code == DESIGN_ERR_NONE || !err.message[0]) fail("refused without a reason", NULL);
    return 0;
  }
  design_problems problems = {0};
  design_blueprint *bp = design_blueprint_load(json, strlen(json), &problems);
  if (!bp) fail("import made an invalid blueprint", problems.count ? problems.items[0] : json);
  design_blueprint_free(bp);
  design_problems_free(&problems);
  char *again = design_import_png(data, size, &o, &err);
  if (!again || strcmp(json, again) != 0) fail("import is not deterministic", json);
  free(again);
  free(json);
  return 0;
}
