/*
 * test_predict.c - Kaggle submissions from the store and the competition
 * score: every task present, one entry per test input, both attempts
 * filled (fallback: the test input), and the ARC Prize scoring rule.
 * Expected scores follow from the hand-written battery tasks: in default
 * mode only grow3's own solver is right; with --cross all three are.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "tessera/store.h"

typedef struct paths {
  char store[64], submission[64];
} paths;

static void make_paths(paths *p) {
  snprintf(p->store, sizeof p->store, "/tmp/tessera_test_pred_%d.db", (int)getpid());
  snprintf(p->submission, sizeof p->submission, "/tmp/tessera_test_pred_%d.json", (int)getpid());
  remove(p->store);
}

static void remove_paths(const paths *p) {
  char extra[80];
  remove(p->store);
  remove(p->submission);
  snprintf(extra, sizeof extra, "%s-wal", p->store);
  remove(extra);
  snprintf(extra, sizeof extra, "%s-shm", p->store);
  remove(extra);
}

/* Evaluates the battery solvers on the battery tasks into a new store and
 * writes the submission. */
static bool evaluate_and_predict(const paths *p, bool cross, arc_taskset *set) {
  tl_library *lib = tl_library_new();
  tl_diag diag = {{0}};
  arc_error err;
  bool ok = tl_library_add_file(lib, test_path("tests/arc/data/battery/solvers.py"), &diag) > 0;
  arc_battery *b = ok ? arc_battery_compile(lib, &err) : NULL;
  arc_eval_options opts = arc_eval_options_default();
  opts.cross = cross;
  arc_eval_result r = {0};
  ok = b && arc_eval(b, set, &opts, &r, &err) == 0;
  arc_store *s = ok ? arc_store_open(p->store, ARC_STORE_WRITE, &err) : NULL;
  const arc_eval_task *tasks[8];
  for (size_t k = 0; k < r.count && k < 8; k++) tasks[k] = &r.tasks[k];
  int64_t run = s ? arc_store_begin_run(s, "test", &err) : -1;
  ok = run > 0 && arc_store_write_tasks(s, run, b, tasks, r.count, 32, &err);
  FILE *out = ok ? fopen(p->submission, "w") : NULL;
  arc_predict_stats stats;
  ok = out && arc_predict(s, set, out, &stats, NULL, NULL, &err);
  if (out) fclose(out);
  if (!ok) fprintf(stderr, "%s\n", err.message);
  arc_store_close(s);
  arc_eval_result_free(&r);
  arc_battery_free(b);
  tl_library_free(lib);
  return ok;
}

static arc_taskset *battery_tasks(void) {
  arc_error err;
  return arc_taskset_load(test_path("tests/arc/data/battery/tasks"), NULL, &err);
}

/* The competition's format rules, checked on the parsed file. */
static bool well_formed(const json_t *sub, const arc_taskset *set) {
  if (!json_is_object(sub) || json_object_size(sub) != set->count) return false;
  for (size_t k = 0; k < set->count; k++) {
    const json_t *entries = json_object_get(sub, set->tasks[k].id);
    if (!json_is_array(entries) || json_array_size(entries) != set->tasks[k].n_test) return false;
    for (size_t t = 0; t < json_array_size(entries); t++) {
      const json_t *e = json_array_get(entries, t);
      if (!json_is_array(json_object_get(e, "attempt_1")) ||
          !json_is_array(json_object_get(e, "attempt_2")))
        return false;
    }
  }
  return true;
}

TEST(predict_default_mode_falls_back_to_the_input) {
  paths p;
  make_paths(&p);
  arc_taskset *set = battery_tasks();
  CHECK(set && evaluate_and_predict(&p, false, set));
  json_t *sub = json_load_file(p.submission, 0, NULL);
  CHECK(sub && set && well_formed(sub, set));
  /* mirror1 has no solving program: attempt_1 is its test input. */
  json_t *expected = json_loads("[[1, 0, 0], [2, 2, 0]]", 0, NULL);
  const json_t *entry = json_array_get(json_object_get(sub, "mirror1"), 0);
  CHECK(json_equal(json_object_get(entry, "attempt_1"), expected));
  CHECK(json_equal(json_object_get(entry, "attempt_2"), expected));
  json_decref(expected);
  json_decref(sub);
  arc_submission_score sc;
  arc_error err;
  CHECK(set && arc_score_submission(p.submission, set, &sc, NULL, NULL, &err));
  CHECK(sc.score == 1.0); /* grow3 only */
  CHECK_INT(sc.tasks, 3);
  CHECK_INT(sc.test_inputs, 4);
  CHECK_INT(sc.test_correct, 1);
  arc_taskset_free(set);
  remove_paths(&p);
}

TEST(predict_cross_scores_every_task) {
  paths p;
  make_paths(&p);
  arc_taskset *set = battery_tasks();
  CHECK(set && evaluate_and_predict(&p, true, set));
  arc_submission_score sc;
  arc_error err;
  CHECK(set && arc_score_submission(p.submission, set, &sc, NULL, NULL, &err));
  CHECK(sc.score == 3.0);
  CHECK_INT(sc.tasks_correct, 3);
  CHECK_INT(sc.missing_tasks, 0);
  arc_taskset_free(set);
  remove_paths(&p);
}

static bool score_text(const char *text, const arc_taskset *set, arc_submission_score *sc, arc_error *err) {
  char path[64];
  snprintf(path, sizeof path, "/tmp/tessera_test_sub_%d.json", (int)getpid());
  FILE *f = fopen(path, "w");
  if (!f) return false;
  fputs(text, f);
  fclose(f);
  bool ok = arc_score_submission(path, set, sc, NULL, NULL, err);
  remove(path);
  return ok;
}

TEST(score_follows_the_competition_rule) {
  arc_taskset *set = battery_tasks();
  CHECK(set != NULL);
  if (!set) return;
  arc_submission_score sc;
  arc_error err;
  /* swap2: second test input right by attempt_2 only; mirror1 and grow3
   * absent, so they score 0 and count as missing. */
  CHECK(score_text("{\"swap2\": [{\"attempt_1\": [[1]], \"attempt_2\": [[1]]},"
                   " {\"attempt_1\": [[9]], \"attempt_2\": [[0, 4], [4, 4]]}]}",
                   set, &sc, &err));
  CHECK(sc.score == 0.5);
  CHECK_INT(sc.missing_tasks, 2);
  CHECK_INT(sc.test_correct, 1);
  /* Malformed: a missing attempt, a colour out of range, a wrong count. */
  CHECK(!score_text("{\"swap2\": [{\"attempt_1\": [[1]]}, {\"attempt_1\": [[1]], \"attempt_2\": [[1]]}]}",
                    set, &sc, &err));
  CHECK(strstr(err.message, "attempt_2") != NULL);
  CHECK(!score_text("{\"grow3\": [{\"attempt_1\": [[10]], \"attempt_2\": [[1]]}]}", set, &sc, &err));
  CHECK(!score_text("{\"grow3\": []}", set, &sc, &err));
  CHECK(!score_text("[1, 2]", set, &sc, &err));
  CHECK(!score_text("{\"grow3\": ", set, &sc, &err));
  arc_taskset_free(set);
}
