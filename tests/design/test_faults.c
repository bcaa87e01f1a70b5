/*
 * test_faults.c - the design corpus under simulated out-of-memory, the way
 * SQLite runs its tests: every case (data/design/acceptance.jsonl and
 * tests/design/data/ *.jsonl) is run once counting its allocations (arena,
 * heap and jansson's, through core's fault hook), then again failing the
 * k-th allocation, for a deterministic sample of k (the first ones, then
 * evenly spaced to the last), each time with every later allocation
 * failing too and, for every third k, with only that one failing.
 *
 * A faulty run must not crash (the sanitizers watch), must not leak (an
 * explicit leak check at the end under ASan), and must either give exactly
 * the bytes of the fault-free run (the failure hit something optional,
 * such as caching a plan) or say "out of memory" where the caller looks:
 * the load's problems, the result's out-of-memory flag, a NULL text. Any
 * other answer - a different result - would be a silent wrong edit.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "harness.h"
#include "tessera/design.h"
#include "tessera/fault.h"
#include "tessera/readfile.h"

int __lsan_do_recoverable_leak_check(void) __attribute__((weak));

typedef struct fault_case {
  char *blueprint; /* file text */
  size_t len;
  const char *command; /* NULL: fix */
  bool partial;
} fault_case;

typedef enum { RAN, OUT_OF_MEMORY } outcome_kind;

/* One run: load, edit twice on a caching engine (a miss that stores the
 * plan, then a hit), result text. Returns the text of the second edit in
 * *text, or OUT_OF_MEMORY when some step said so. */
static outcome_kind run_case(const fault_case *c, char **text, int *unclear) {
  *text = NULL;
  design_problems problems = {0};
  design_blueprint *bp = design_blueprint_load(c->blueprint, c->len, &problems);
  if (!bp) {
    bool said = problems.code == DESIGN_ERR_MEMORY;
    if (!said) { /* a refusal for another reason: the blueprint itself must be invalid */
      *text = design_invalid_result_json(c->blueprint, c->len, &problems, "invalid");
      design_problems_free(&problems);
      return *text ? RAN : OUT_OF_MEMORY;
    }
    design_problems_free(&problems);
    return OUT_OF_MEMORY;
  }
  design_problems_free(&problems);
  design_engine *e = design_engine_new(4);
  outcome_kind kind = OUT_OF_MEMORY;
  if (e) {
    design_edit_options opts = {c->partial};
    for (int round = 0; round < 2; round++) {
      const design_result *r = c->command ? design_edit(e, bp, c->command, &opts) : design_fix(e, bp);
      if (!r) (*unclear)++; /* an engine and a blueprint always give a result */
      if (!r || design_result_out_of_memory(r)) {
        free(*text);
        *text = NULL;
        break;
      }
      free(*text);
      *text = design_result_json(r);
      if (!*text) break;
      kind = RAN;
    }
    if (!*text) kind = OUT_OF_MEMORY;
  }
  design_engine_free(e);
  design_blueprint_free(bp);
  return kind;
}

typedef struct sweep_totals {
  long cases, runs, wrong, unclear, clean_failures;
} sweep_totals;

/* The k to try for a case that makes n allocations. */
static bool sampled(uint64_t k, uint64_t n) {
  if (k <= 8 || k + 2 >= n) return true;
  uint64_t stride = n / 24 ? n / 24 : 1;
  return (k - 8) % stride == 0;
}

static void sweep_case(const fault_case *c, sweep_totals *t) {
  char *want;
  int unclear = 0;
  tc_fault_arm(0, false);
  outcome_kind base = run_case(c, &want, &unclear);
  uint64_t n = tc_fault_disarm();
  t->cases++;
  if (base != RAN) {
    t->unclear++; /* the fault-free run must succeed */
    free(want);
    return;
  }
  int step = 0;
  for (uint64_t k = 1; k <= n; k++) {
    if (!sampled(k, n)) continue;
    for (int transient = 0; transient < 2; transient++) {
      if (transient && step % 3) break;
      char *got;
      tc_fault_arm(k, !transient);
      outcome_kind kind = run_case(c, &got, &unclear);
      uint64_t failures = tc_fault_failures();
      tc_fault_disarm();
      t->runs++;
      if (kind == RAN && strcmp(got, want) != 0) {
        if (t->wrong++ < 5)
          printf("  wrong result when allocation %llu of %llu failed (%s): %s\n", (unsigned long long)k,
                 (unsigned long long)n, transient ? "once" : "from then on", c->command ? c->command : "fix");
      }
      if (kind == OUT_OF_MEMORY && failures == 0) t->unclear++; /* out of memory without a failure */
      if (kind == OUT_OF_MEMORY) t->clean_failures++;
      free(got);
    }
    step++;
  }
  t->unclear += unclear;
  free(want);
}

static char *blueprint_text(const char *name, size_t *len) {
  char path[512];
  snprintf(path, sizeof path, "data/design/blueprints/%s", name);
  return tc_read_file(test_path(path), 0, len, NULL, 0);
}

/* Every case of a corpus file. */
static void sweep_corpus(const char *file, sweep_totals *t) {
  char *corpus = tc_read_file(test_path(file), 0, NULL, NULL, 0);
  CHECK(corpus != NULL);
  if (!corpus) return;
  for (char *line = strtok(corpus, "\n"); line; line = strtok(NULL, "\n")) {
    json_t *j = json_loads(line, 0, NULL);
    const char *bp = json_string_value(json_object_get(j, "blueprint"));
    const char *command = json_string_value(json_object_get(j, "command"));
    if (bp && command) {
      fault_case c = {NULL, 0, command, json_is_true(json_object_get(json_object_get(j, "options"), "partial"))};
      c.blueprint = blueprint_text(bp, &c.len);
      if (c.blueprint) sweep_case(&c, t);
      free(c.blueprint);
    }
    json_decref(j);
  }
  free(corpus);
}

static void report(const char *what, const sweep_totals *t) {
  printf("  %s: %ld cases, %ld faulty runs, %ld ended in a clean out-of-memory error\n", what, t->cases, t->runs,
         t->clean_failures);
}

static void check_no_leaks(void) {
  if (__lsan_do_recoverable_leak_check) CHECK_INT(__lsan_do_recoverable_leak_check(), 0);
}

TEST(faults_acceptance_corpus) {
  sweep_totals t = {0};
  sweep_corpus("data/design/acceptance.jsonl", &t);
  report("acceptance corpus", &t);
  CHECK_INT(t.cases, 30);
  CHECK(t.runs > 30 * 20);
  CHECK(t.clean_failures > 0);
  CHECK_INT(t.wrong, 0);
  CHECK_INT(t.unclear, 0);
  check_no_leaks();
}

TEST(faults_phrasing_corpora) {
  sweep_totals t = {0};
  DIR *d = opendir(test_path("tests/design/data"));
  CHECK(d != NULL);
  if (!d) return;
  char names[32][512];
  int count = 0;
  for (struct dirent *de; (de = readdir(d)) && count < 32;)
    if (strstr(de->d_name, ".jsonl")) snprintf(names[count++], sizeof names[0], "tests/design/data/%s", de->d_name);
  closedir(d);
  for (int i = 0; i < count; i++) sweep_corpus(names[i], &t);
  report("phrasing corpora", &t);
  CHECK(count >= 2);
  CHECK(t.cases > 400);
  CHECK_INT(t.wrong, 0);
  CHECK_INT(t.unclear, 0);
  check_no_leaks();
}

/* Autocorrect and a blueprint with every kind of problem, every allocation. */
TEST(faults_fix_and_invalid_blueprints) {
  static const char *const NAMES[] = {"storefront.json", "landing.json", "about.json", "catalog.json"};
  sweep_totals t = {0};
  for (int i = 0; i < 4; i++) {
    fault_case c = {NULL, 0, NULL, false};
    c.blueprint = blueprint_text(NAMES[i], &c.len);
    CHECK(c.blueprint != NULL);
    if (c.blueprint) sweep_case(&c, &t);
    free(c.blueprint);
  }
  static const char *const BAD[] = {
      "{\"screen_id\": 1, \"tokens\": {\"base_spacing\": -1}, \"components\": [{\"id\": \"a\", \"type\": \"x\", "
      "\"bbox\": [0, 0, 0, 1e300], \"visual\": {\"bg_color\": \"red\", \"zz\": [1, {\"q\": null}]}}, "
      "{\"id\": \"a\", \"type\": \"button\", \"bbox\": [0, 0, 10, 10]}], \"meta\": {\"k\": [[[]]]}}",
      "\xEF\xBB\xBF{\"screen_id\": \"s\", \"tokens\": {}, \"components\": [], \"components\": []}",
      "{\"screen_id\": \"s\", \"tokens\": {\"colors\": {\"brand\": \"#123456\"}}, \"viewport\": {\"width\": 375, "
      "\"x\": true}, \"components\": [{\"id\": \"b\", \"type\": \"cta\", \"bbox\": [16, 16, 200, 48], \"k\": 1}]}",
  };
  for (int i = 0; i < 3; i++) {
    fault_case c = {(char *)BAD[i], strlen(BAD[i]), "make the button red", false};
    sweep_case(&c, &t);
  }
  report("fix and invalid blueprints", &t);
  CHECK_INT(t.cases, 7);
  CHECK_INT(t.wrong, 0);
  CHECK_INT(t.unclear, 0);
  check_no_leaks();
}
