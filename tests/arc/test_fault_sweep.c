/*
 * test_fault_sweep.c - the arc layer under simulated out-of-memory: loading
 * tasks (folder and answer key), compiling and evaluating a battery,
 * writing a store, predicting and scoring, with allocation k failing (and
 * every one after it), for every k the case makes. Each run must end with
 * a clear ARC_ERR_FAILED error or success, never a crash, and leak nothing
 * (checked by the sanitizer build). Solver files are parsed before the hook
 * is armed: the lang layer's own sweep is rel-core's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "tessera/battery.h"
#include "tessera/fault.h"
#include "tessera/store.h"

typedef struct sweep_case {
  tl_library *lib;
  char store[80], submission[80];
} sweep_case;

static void remove_store(const char *path) {
  char side[100];
  remove(path);
  snprintf(side, sizeof side, "%s-wal", path);
  remove(side);
  snprintf(side, sizeof side, "%s-shm", path);
  remove(side);
}

/* Stores the run, then writes and scores the submission. */
static bool store_predict_score(const sweep_case *c, const arc_battery *b, const arc_taskset *set,
                                const arc_eval_result *r, arc_error *err) {
  remove_store(c->store);
  arc_store *s = arc_store_open(c->store, ARC_STORE_WRITE, err);
  int64_t run = s ? arc_store_begin_run(s, "sweep", err) : -1;
  const arc_eval_task *tasks[8];
  for (size_t k = 0; k < r->count && k < 8; k++) tasks[k] = &r->tasks[k];
  bool ok = run > 0 && arc_store_write_tasks(s, run, b, tasks, r->count < 8 ? r->count : 8, 32, err);
  FILE *out = ok ? fopen(c->submission, "w") : NULL;
  arc_predict_stats stats;
  ok = out && arc_predict(s, set, out, &stats, NULL, NULL, err);
  if (out) fclose(out);
  arc_store_close(s);
  arc_submission_score score;
  return ok && arc_score_submission(c->submission, set, &score, NULL, NULL, err);
}

/* Stage 1: loading (a task folder and an answer key). */
static bool load_stage(const sweep_case *c, arc_error *err) {
  (void)c;
  arc_taskset *set = arc_taskset_load(test_path("tests/arc/data/battery/tasks"), NULL, err);
  arc_taskset *answers = set ? arc_taskset_load_answers(test_path("tests/arc/data/kaggle/solutions.json"), err) : NULL;
  arc_load_options with_solutions = {.solutions_path = test_path("tests/arc/data/kaggle/solutions.json")};
  arc_taskset *kaggle = answers ? arc_taskset_load(test_path("tests/arc/data/kaggle/challenges.json"), &with_solutions, err) : NULL;
  bool ok = kaggle != NULL;
  arc_taskset_free(kaggle);
  arc_taskset_free(answers);
  arc_taskset_free(set);
  return ok;
}

/* Stage 2: compiling the battery (evaluation allocates in the grid layer,
 * whose own sweep is the conformance one). */
static bool compile_stage(const sweep_case *c, arc_error *err) {
  arc_battery *b = arc_battery_compile(c->lib, err);
  arc_battery_free(b);
  return b != NULL;
}

/* Stage 3: the store, predictions and scoring of a finished evaluation. */
static const arc_battery *stage_battery;
static const arc_taskset *stage_set;
static const arc_eval_result *stage_result;

static bool store_stage(const sweep_case *c, arc_error *err) {
  return store_predict_score(c, stage_battery, stage_set, stage_result, err);
}

typedef bool (*stage_fn)(const sweep_case *c, arc_error *err);

/* Runs `stage` once counting allocations, then once per failure point;
 * every failed run must carry a message and ARC_ERR_FAILED. */
static void sweep(const char *name, stage_fn stage, const sweep_case *c) {
  arc_error err = {0};
  tc_fault_arm(0, false);
  bool whole = stage(c, &err);
  uint64_t n = tc_fault_disarm();
  CHECK(whole);
  CHECK(n > 10);
  uint64_t step = n > 1500 ? n / 1500 : 1, runs = 0, failures = 0;
  bool clean = true;
  for (uint64_t k = 1; k <= n; k += step) {
    tc_fault_arm(k, true);
    err = (arc_error){0};
    bool done = stage(c, &err);
    tc_fault_disarm();
    runs++;
    if (done) continue;
    failures++;
    if (err.kind != ARC_ERR_FAILED || !err.message[0]) {
      if (clean) printf("  %s, allocation %llu: kind %d: '%s'\n", name, (unsigned long long)k, err.kind, err.message);
      clean = false;
    }
  }
  CHECK(clean); /* memory running out is never blamed on the input */
  CHECK(failures > 0);
  printf("  %s: %llu allocations, %llu failure points run\n", name, (unsigned long long)n, (unsigned long long)runs);
}

TEST(arc_fault_sweep_fails_cleanly_at_every_allocation) {
  sweep_case c = {.lib = tl_library_new()};
  snprintf(c.store, sizeof c.store, "/tmp/tessera_sweep_%d.db", (int)getpid());
  snprintf(c.submission, sizeof c.submission, "/tmp/tessera_sweep_%d.json", (int)getpid());
  tl_diag diag = {{0}};
  CHECK(c.lib && tl_library_add_file(c.lib, test_path("tests/arc/data/battery/solvers.py"), &diag) > 0);
  sweep("loading", load_stage, &c);
  sweep("compiling", compile_stage, &c);
  arc_error err;
  arc_taskset *set = arc_taskset_load(test_path("tests/arc/data/battery/tasks"), NULL, &err);
  arc_battery *b = set ? arc_battery_compile(c.lib, &err) : NULL;
  arc_eval_options opts = arc_eval_options_default();
  opts.cross = true;
  arc_eval_result r = {0};
  CHECK(b && arc_eval(b, set, &opts, &r, &err) == 0);
  stage_battery = b, stage_set = set, stage_result = &r;
  if (b) sweep("store, predict, score", store_stage, &c);
  arc_eval_result_free(&r);
  arc_battery_free(b);
  arc_taskset_free(set);
  tl_library_free(c.lib);
  remove_store(c.store);
  remove(c.submission);
}
