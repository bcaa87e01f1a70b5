/* test_runner.c - running solve_<id> programs over tasks and judging them.
 * Expected verdicts follow from the arc-dsl definitions of the primitives
 * used (identity, crop, vmirror, size, divide) applied to the grids below. */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "tessera/arc_runner.h"

/* Kaggle-style collection: expected results are written next to each task. */
static const char *TASKS =
    "{"
    /* identity(I) is right on every pair: solved. */
    "\"same\": {\"train\": [{\"input\": [[1, 2]], \"output\": [[1, 2]]}],"
    "          \"test\": [{\"input\": [[3]], \"output\": [[3]]}]},"
    /* crop(I, (0,0), (1,1)) keeps the top-left cell; the test output is unknown. */
    "\"corner\": {\"train\": [{\"input\": [[1, 2], [3, 4]], \"output\": [[1]]}],"
    "            \"test\": [{\"input\": [[5, 6], [7, 8]]}]},"
    /* identity is wrong here: both cells of the 1x2 grid differ. */
    "\"swap\": {\"train\": [{\"input\": [[1, 2]], \"output\": [[2, 1]]}],"
    "          \"test\": [{\"input\": [[3, 4]], \"output\": [[4, 3], [4, 3]]}]},"
    /* size(I) is an integer, not a grid. */
    "\"count\": {\"train\": [{\"input\": [[1]], \"output\": [[1]]}],"
    "           \"test\": [{\"input\": [[1]], \"output\": [[1]]}]},"
    /* no solver: not run, not counted */
    "\"orphan\": {\"train\": [{\"input\": [[1]], \"output\": [[1]]}],"
    "            \"test\": [{\"input\": [[1]], \"output\": [[1]]}]}"
    "}";

static const char *SOLVERS =
    "def solve_same(I):\n"
    "    O = identity(I)\n"
    "    return O\n"
    "\n"
    "def solve_corner(I):\n"
    "    O = crop(I, ORIGIN, UNITY)\n"
    "    return O\n"
    "\n"
    "def solve_swap(I):\n"
    "    O = identity(I)\n"
    "    return O\n"
    "\n"
    "def solve_count(I):\n"
    "    O = size(I)\n"
    "    return O\n";

typedef struct fixture {
  arc_taskset *set;
  tl_library *lib;
} fixture;

static bool fixture_open(fixture *f) {
  arc_error err = {0};
  tl_diag diag = {{0}};
  f->set = arc_taskset_from_text("runner.json", TASKS, NULL, NULL, &err);
  f->lib = tl_library_new();
  CHECK(f->set != NULL);
  CHECK(f->lib != NULL);
  if (!f->set || !f->lib) return false;
  int added = tl_library_add_source(f->lib, "solvers.py", SOLVERS, strlen(SOLVERS), &diag);
  CHECK_INT(added, 4);
  if (added != 4) printf("  solver load: %s\n", diag.message);
  return added == 4;
}

static void fixture_close(fixture *f) {
  arc_taskset_free(f->set);
  tl_library_free(f->lib);
}

static const arc_task_result *result_for(const arc_run_result *r, const char *id) {
  for (size_t i = 0; i < r->count; i++)
    if (strcmp(r->tasks[i].task->id, id) == 0) return &r->tasks[i];
  return NULL;
}

TEST(runner_verdicts) {
  fixture f;
  if (!fixture_open(&f)) {
    fixture_close(&f);
    return;
  }
  arc_run_result r;
  arc_error err;
  arc_run_options opts = arc_run_options_default();
  CHECK_INT(arc_run(f.lib, f.set, &opts, &r, &err), 0);
  CHECK_INT(r.count, 4); /* "orphan" has no solver */
  CHECK_INT(r.solved, 2);
  CHECK_INT(r.unknown_pairs, 1);
  /* Results come in id order. */
  CHECK_STR(r.tasks[0].task->id, "corner");
  CHECK_STR(r.tasks[1].task->id, "count");
  CHECK_STR(r.tasks[2].task->id, "same");
  CHECK_STR(r.tasks[3].task->id, "swap");

  const arc_task_result *same = result_for(&r, "same");
  CHECK(same->solved);
  CHECK_INT(same->n_pairs, 2);
  CHECK_INT(same->pairs[0].status, ARC_PAIR_OK);
  CHECK(!same->pairs[0].is_test);
  CHECK(same->pairs[1].is_test);
  CHECK_INT(same->pairs[1].index, 0);

  const arc_task_result *corner = result_for(&r, "corner");
  CHECK(corner->solved);
  CHECK_INT(corner->pairs[1].status, ARC_PAIR_UNKNOWN);
  CHECK(corner->pairs[1].has_output);
  CHECK_INT(corner->pairs[1].out_h, 1);
  CHECK_INT(corner->pairs[1].out_w, 1);
  CHECK_INT(corner->pairs[1].out_cells[0], 5);

  char why[300];
  const arc_task_result *swap = result_for(&r, "swap");
  CHECK(!swap->solved);
  CHECK_INT(swap->pairs[0].status, ARC_PAIR_WRONG);
  CHECK_STR(arc_pair_explain(swap->task, &swap->pairs[0], why, sizeof why),
            "wrong output: expected 1x2, got 1x2 (2 of 2 cells differ)");
  CHECK_STR(arc_pair_explain(swap->task, &swap->pairs[1], why, sizeof why),
            "wrong output: expected 2x2, got 1x2");

  const arc_task_result *count = result_for(&r, "count");
  CHECK(!count->solved);
  CHECK_INT(count->pairs[0].status, ARC_PAIR_ERROR);
  CHECK(!count->pairs[0].has_output);
  CHECK_STR(count->pairs[0].error, "result is not a grid: got integer");
  CHECK(arc_pair_explain(same->task, &same->pairs[0], why, sizeof why) == NULL);
  arc_run_result_free(&r);
  fixture_close(&f);
}

TEST(runner_budget_exhaustion_is_an_error) {
  fixture f;
  if (!fixture_open(&f)) {
    fixture_close(&f);
    return;
  }
  arc_run_result r;
  arc_error err;
  arc_run_options opts = arc_run_options_default();
  opts.budget = 1; /* less than any primitive call costs with its input */
  CHECK_INT(arc_run(f.lib, f.set, &opts, &r, &err), 0);
  const arc_task_result *corner = result_for(&r, "corner");
  CHECK(corner && !corner->solved);
  if (corner) {
    CHECK_INT(corner->pairs[1].status, ARC_PAIR_ERROR);
    CHECK(corner->pairs[1].error && strstr(corner->pairs[1].error, "budget") != NULL);
    CHECK(corner->work > 1);
  }
  arc_run_result_free(&r);
  fixture_close(&f);
}

static void count_progress(void *user, size_t done, size_t total) {
  size_t *calls = user;
  (*calls)++;
  CHECK(done <= total);
}

/* Same verdicts and outputs whatever the number of threads. */
TEST(runner_jobs_do_not_change_results) {
  fixture f;
  if (!fixture_open(&f)) {
    fixture_close(&f);
    return;
  }
  arc_run_result one, three;
  arc_error err;
  size_t calls = 0;
  arc_run_options opts = arc_run_options_default();
  CHECK_INT(arc_run(f.lib, f.set, &opts, &one, &err), 0);
  opts.jobs = 3;
  opts.progress = count_progress;
  opts.progress_user = &calls;
  CHECK_INT(arc_run(f.lib, f.set, &opts, &three, &err), 0);
  CHECK_INT(calls, 4);
  CHECK_INT(one.count, three.count);
  for (size_t t = 0; t < one.count && t < three.count; t++) {
    CHECK(one.tasks[t].task == three.tasks[t].task);
    CHECK_INT(one.tasks[t].solved, three.tasks[t].solved);
    CHECK_INT(one.tasks[t].work, three.tasks[t].work);
    for (size_t p = 0; p < one.tasks[t].n_pairs; p++) {
      const arc_pair_result *a = &one.tasks[t].pairs[p], *b = &three.tasks[t].pairs[p];
      CHECK_INT(a->status, b->status);
      CHECK_INT(a->out_h * a->out_w, b->out_h * b->out_w);
      if (a->out_cells && b->out_cells)
        CHECK(memcmp(a->out_cells, b->out_cells, (size_t)a->out_h * (size_t)a->out_w) == 0);
    }
  }
  arc_run_result_free(&one);
  arc_run_result_free(&three);
  fixture_close(&f);
}

TEST(runner_empty_selection) {
  arc_error err = {0};
  arc_taskset *set = arc_taskset_from_text("runner.json", TASKS, NULL, NULL, &err);
  tl_library *lib = tl_library_new();
  arc_run_result r;
  CHECK_INT(arc_run(lib, set, NULL, &r, &err), 0);
  CHECK_INT(r.count, 0);
  CHECK_INT(r.solved, 0);
  arc_run_result_free(&r);
  tl_library_free(lib);
  arc_taskset_free(set);
}
