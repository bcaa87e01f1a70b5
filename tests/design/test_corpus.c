/*
 * test_corpus.c - the visible acceptance corpus (data/design/acceptance.jsonl)
 * must pass in full, with the plan cache off and on.
 */
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"
#include "tessera/design.h"

static void print_failure(void *ctx, const char *line) {
  (void)ctx;
  printf("  %s\n", line);
}

static void run_corpus(size_t cache_capacity) {
  char *corpus = design_read_file(test_path("data/design/acceptance.jsonl"), NULL);
  CHECK(corpus != NULL);
  if (!corpus) return;
  design_engine *e = design_engine_new(cache_capacity);
  char dir[1024];
  snprintf(dir, sizeof dir, "%s", test_path("data/design/blueprints"));
  design_corpus_totals totals;
  CHECK(design_corpus_run(e, corpus, dir, print_failure, NULL, &totals));
  CHECK_INT(totals.failed, 0);
  CHECK_INT(totals.passed, 30);
  design_engine_free(e);
  free(corpus);
}

TEST(corpus_passes_without_cache) { run_corpus(0); }

TEST(corpus_passes_with_cache) { run_corpus(64); }
