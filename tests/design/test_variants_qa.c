/*
 * test_variants_qa.c - the independent QA phrasings must all pass, with the
 * plan cache off, on, and small enough to evict, so the same command always
 * gives the same result: tests/design/data/variants_qa.jsonl (the first QA
 * pass) and variants_qa2.jsonl (the second, issue 7: factors, "W by H",
 * negation, counts, sentences, implied targets, locatives, removing a
 * fill), commands phrased as a designer would type them, expectations
 * worked out by hand from data/design/SPEC.md before running them. The case
 * count is read from the file, so adding a case needs no change here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "tessera/design.h"
#include "tessera/readfile.h"

static void print_qa_failure(void *ctx, const char *line) {
  (void)ctx;
  printf("  %s\n", line);
}

static int count_lines(const char *text) {
  int lines = 0;
  for (const char *p = text; *p; p++)
    if (*p == '\n') lines++;
  return lines;
}

static void run_qa_corpus(const char *file, size_t cache_capacity, int at_least) {
  char *corpus = tc_read_file(test_path(file), 0, NULL, NULL, 0);
  CHECK(corpus != NULL);
  if (!corpus) return;
  design_engine *e = design_engine_new(cache_capacity);
  design_corpus_totals totals;
  CHECK(design_corpus_run(e, corpus, test_path("data/design/blueprints"), print_qa_failure, NULL, &totals));
  CHECK_INT(totals.failed, 0);
  CHECK_INT(totals.passed, count_lines(corpus));
  CHECK(totals.passed >= at_least);
  design_engine_free(e);
  free(corpus);
}

#define QA1 "tests/design/data/variants_qa.jsonl"
#define QA2 "tests/design/data/variants_qa2.jsonl"

TEST(qa_phrasings_without_cache) { run_qa_corpus(QA1, 0, 300); }

TEST(qa_phrasings_with_cache) { run_qa_corpus(QA1, 512, 300); }

TEST(qa_phrasings_with_evicting_cache) { run_qa_corpus(QA1, 3, 300); }

TEST(qa2_phrasings_without_cache) { run_qa_corpus(QA2, 0, 180); }

TEST(qa2_phrasings_with_cache) { run_qa_corpus(QA2, 512, 180); }

TEST(qa2_phrasings_with_evicting_cache) { run_qa_corpus(QA2, 3, 180); }
