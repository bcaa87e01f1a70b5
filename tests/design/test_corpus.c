/*
 * test_corpus.c - the visible acceptance corpus (data/design/acceptance.jsonl)
 * and our phrasing variants must pass in full, with the plan cache off and on
 * (a small cache also exercises eviction).
 */
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"
#include "tessera/design.h"
#include "tessera/readfile.h"

static void print_failure(void *ctx, const char *line) {
  (void)ctx;
  printf("  %s\n", line);
}

static void run_corpus_file(const char *file, size_t cache_capacity, int expected) {
  char *corpus = tc_read_file(test_path(file), 0, NULL, NULL, 0);
  CHECK(corpus != NULL);
  if (!corpus) return;
  design_engine *e = design_engine_new(cache_capacity);
  char dir[1024];
  snprintf(dir, sizeof dir, "%s", test_path("data/design/blueprints"));
  design_corpus_totals totals;
  CHECK(design_corpus_run(e, corpus, dir, print_failure, NULL, &totals));
  CHECK_INT(totals.failed, 0);
  CHECK_INT(totals.passed, expected);
  design_engine_free(e);
  free(corpus);
}

TEST(corpus_passes_without_cache) { run_corpus_file("data/design/acceptance.jsonl", 0, 30); }

TEST(corpus_passes_with_cache) { run_corpus_file("data/design/acceptance.jsonl", 64, 30); }

/* Our own phrasings of the same edits, expectations worked out by hand
 * from SPEC section 2 (tests/design/data/variants.jsonl). */
TEST(phrasing_variants_without_cache) { run_corpus_file("tests/design/data/variants.jsonl", 0, 97); }

TEST(phrasing_variants_with_small_cache) { run_corpus_file("tests/design/data/variants.jsonl", 4, 97); }
