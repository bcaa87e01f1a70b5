/*
 * test_studio_faults.c - render, generate and import under allocation
 * failures (core's fault hook, fault.h): for sampled k, allocation k (and,
 * in turn, every later one, or only that one) fails; each run must either
 * give exactly the fault-free bytes or fail with DESIGN_ERR_MEMORY and a
 * message - never crash, never give other bytes. Under ASan+UBSan the same
 * runs also show any leak on a failure path.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "tessera/design_studio.h"
#include "tessera/fault.h"
#include "tessera/readfile.h"

typedef enum { OP_RENDER, OP_HTML, OP_REACT, OP_IMPORT } studio_op;

static design_blueprint *bp_of(const char *name) {
  char path[256];
  snprintf(path, sizeof path, "data/design/blueprints/%s", name);
  size_t len = 0;
  char *text = tc_read_file(test_path(path), 0, &len, NULL, 0);
  design_blueprint *bp = text ? design_blueprint_load(text, len, NULL) : NULL;
  free(text);
  return bp;
}

/* The op's output as one malloc'd byte string (file set joined), or NULL. */
static char *run_op(studio_op op, const design_blueprint *bp, const unsigned char *png, size_t png_len, size_t *len,
                    design_error *err) {
  design_render_options ro = {.placeholders = true, .violations = true};
  unsigned char *bytes = NULL;
  char *text = NULL;
  design_files files;
  switch (op) {
  case OP_RENDER:
    if (!design_render_png(bp, &ro, &bytes, len, err)) return NULL;
    return (char *)bytes;
  case OP_HTML: return design_generate_html(bp, len, err);
  case OP_IMPORT:
    text = design_import_png(png, png_len, NULL, err);
    if (text) *len = strlen(text);
    return text;
  case OP_REACT:
    if (!design_generate_react(bp, &files, err)) return NULL;
    *len = 0;
    for (size_t i = 0; i < files.count; i++) *len += strlen(files.items[i].path) + 1 + files.items[i].len;
    text = malloc(*len + 1);
    size_t at = 0;
    for (size_t i = 0; text && i < files.count; i++) {
      memcpy(text + at, files.items[i].path, strlen(files.items[i].path) + 1);
      at += strlen(files.items[i].path) + 1;
      memcpy(text + at, files.items[i].data, files.items[i].len);
      at += files.items[i].len;
    }
    design_files_free(&files);
    return text;
  }
  return NULL;
}

static void sweep(studio_op op, const design_blueprint *bp, const unsigned char *png, size_t png_len,
                  const char *what) {
  size_t want_len = 0, len = 0;
  design_error err;
  tc_fault_arm(0, false);
  char *want = run_op(op, bp, png, png_len, &want_len, &err);
  uint64_t n = tc_fault_disarm();
  CHECK(want != NULL);
  CHECK(n > 0);
  long runs = 0, wrong = 0, unclear = 0, clean = 0;
  uint64_t stride = n / 40 ? n / 40 : 1;
  for (uint64_t k = 1; want && k <= n; k += (k < 16 ? 1 : stride)) {
    for (int once = 0; once < 2; once++) {
      tc_fault_arm(k, !once);
      memset(&err, 0, sizeof err);
      char *got = run_op(op, bp, png, png_len, &len, &err);
      uint64_t failures = tc_fault_failures();
      tc_fault_disarm();
      runs++;
      if (got && (len != want_len || memcmp(got, want, len) != 0)) wrong++;
      if (!got && (err.code != DESIGN_ERR_MEMORY || !err.message[0] || failures == 0)) unclear++;
      if (!got) clean++;
      free(got);
    }
  }
  printf("  %s: %llu allocations, %ld faulty runs, %ld ended in a clean out-of-memory error\n", what,
         (unsigned long long)n, runs, clean);
  CHECK_INT(wrong, 0);
  CHECK_INT(unclear, 0);
  free(want);
}

TEST(studio_survives_allocation_failures) {
  design_blueprint *bp = bp_of("catalog.json");
  CHECK(bp != NULL);
  if (!bp) return;
  sweep(OP_RENDER, bp, NULL, 0, "render catalog");
  sweep(OP_HTML, bp, NULL, 0, "generate --html catalog");
  sweep(OP_REACT, bp, NULL, 0, "generate --react catalog");
  design_blueprint_free(bp);
  bp = bp_of("storefront.json");
  unsigned char *png = NULL;
  size_t len = 0;
  design_render_options ro = {.placeholders = true};
  CHECK(bp && design_render_png(bp, &ro, &png, &len, NULL));
  if (png) sweep(OP_IMPORT, NULL, png, len, "import storefront");
  free(png);
  design_blueprint_free(bp);
}
