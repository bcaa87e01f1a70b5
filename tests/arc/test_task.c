/* test_task.c - ARC task loading: folders, single files, Kaggle files, errors.
 * Expected values are read off the fixture files in tests/arc/data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "tessera/arc_task.h"

/* Checks that grid g has shape h x w and the given cells (row-major). */
static void check_grid(tv_val g, int h, int w, const char *cells) {
  CHECK(tv_is_grid(g));
  if (!tv_is_grid(g)) return;
  CHECK_INT(tv_grid_h(g), h);
  CHECK_INT(tv_grid_w(g), w);
  for (int k = 0; k < h * w && tv_grid_h(g) == h && tv_grid_w(g) == w; k++)
    CHECK_INT(tv_grid_at(g, k / w, k % w), cells[k] - '0');
}

TEST(task_folder_loads_sorted) {
  arc_error err = {0};
  arc_taskset *set = arc_taskset_load(test_path("tests/arc/data/tasks"), NULL, &err);
  CHECK(set != NULL);
  if (!set) return;
  CHECK_INT(set->count, 3);
  CHECK_STR(set->tasks[0].id, "flip02");
  CHECK_STR(set->tasks[1].id, "mirror01");
  CHECK_STR(set->tasks[2].id, "open03");
  const arc_task *m = arc_taskset_find(set, "mirror01");
  CHECK(m == &set->tasks[1]);
  CHECK_INT(m->n_train, 2);
  CHECK_INT(m->n_test, 1);
  check_grid(m->train[0].input, 2, 2, "1234");
  check_grid(m->train[0].output, 2, 2, "2143");
  check_grid(m->train[1].input, 1, 3, "500");
  check_grid(m->test[0].output, 2, 2, "8769");
  const arc_task *f = arc_taskset_find(set, "flip02");
  CHECK_INT(f->n_train, 1);
  CHECK_INT(f->n_test, 2);
  check_grid(f->test[0].input, 2, 1, "45");
  const arc_task *o = arc_taskset_find(set, "open03");
  check_grid(o->test[0].input, 1, 3, "312");
  CHECK(o->test[0].output == 0);
  CHECK(arc_taskset_find(set, "nope") == NULL);
  arc_taskset_free(set);
}

TEST(task_folder_only_ids) {
  arc_error err = {0};
  const char *ids[] = {"open03"};
  arc_load_options opts = {.only_ids = ids, .n_only_ids = 1};
  arc_taskset *set = arc_taskset_load(test_path("tests/arc/data/tasks/"), &opts, &err);
  CHECK(set != NULL);
  if (set) {
    CHECK_INT(set->count, 1);
    CHECK_STR(set->tasks[0].id, "open03");
  }
  arc_taskset_free(set);
  const char *missing[] = {"open03", "zzz"};
  opts.only_ids = missing;
  opts.n_only_ids = 2;
  char want[1200];
  snprintf(want, sizeof want, "%s: no task 'zzz'", test_path("tests/arc/data/tasks"));
  CHECK(arc_taskset_load(test_path("tests/arc/data/tasks"), &opts, &err) == NULL);
  CHECK_STR(err.message, want);
}

TEST(task_single_file) {
  arc_error err = {0};
  arc_taskset *set = arc_taskset_load(test_path("tests/arc/data/tasks/flip02.json"), NULL, &err);
  CHECK(set != NULL);
  if (!set) return;
  CHECK_INT(set->count, 1);
  CHECK_STR(set->tasks[0].id, "flip02");
  check_grid(set->tasks[0].test[1].output, 1, 2, "67");
  arc_taskset_free(set);
}

TEST(task_kaggle_without_solutions) {
  arc_error err = {0};
  arc_taskset *set = arc_taskset_load(test_path("tests/arc/data/kaggle/challenges.json"), NULL, &err);
  CHECK(set != NULL);
  if (!set) return;
  CHECK_INT(set->count, 2);
  CHECK_STR(set->tasks[0].id, "k1");
  CHECK_STR(set->tasks[1].id, "k2");
  CHECK_INT(set->tasks[0].n_test, 2);
  check_grid(set->tasks[0].test[1].input, 2, 2, "9900");
  CHECK(set->tasks[0].test[0].output == 0);
  CHECK(set->tasks[0].test[1].output == 0);
  check_grid(set->tasks[1].train[0].output, 1, 3, "321");
  arc_taskset_free(set);
}

TEST(task_kaggle_with_solutions) {
  arc_error err = {0};
  arc_load_options opts = {.solutions_path = test_path("tests/arc/data/kaggle/solutions.json")};
  arc_taskset *set = arc_taskset_load(test_path("tests/arc/data/kaggle/challenges.json"), &opts, &err);
  CHECK(set != NULL);
  if (!set) return;
  check_grid(set->tasks[0].test[0].output, 2, 1, "87");
  check_grid(set->tasks[0].test[1].output, 2, 2, "0099");
  check_grid(set->tasks[1].test[0].output, 1, 2, "54");
  arc_taskset_free(set);
}

/* ---- malformed files: exact messages ------------------------------------------ */

static void check_file_error(const char *relative, const char *where_and_what) {
  arc_error err = {0};
  char want[1200];
  snprintf(want, sizeof want, "%s: %s", test_path(relative), where_and_what);
  CHECK(arc_taskset_load(test_path(relative), NULL, &err) == NULL);
  CHECK_STR(err.message, want);
}

TEST(task_file_errors) {
  check_file_error("tests/arc/data/bad/ragged.json", "train[1].input[2]: row has 3 cells, expected 4");
  check_file_error("tests/arc/data/bad/colour.json", "train[0].input[1][1]: colour 12 is out of range 0..9");
  check_file_error("tests/arc/data/bad/notrain.json", "missing key \"train\"");
  check_file_error("tests/arc/data/bad/empty.json", "train[0].output: grid is empty");
  check_file_error("tests/arc/data/nope.json", "No such file or directory");
}

TEST(task_file_syntax_error_has_line) {
  arc_error err = {0};
  char want[1200];
  /* The missing comma is on line 2 of the file. */
  snprintf(want, sizeof want, "%s:2:", test_path("tests/arc/data/bad/syntax.json"));
  CHECK(arc_taskset_load(test_path("tests/arc/data/bad/syntax.json"), NULL, &err) == NULL);
  CHECK(strncmp(err.message, want, strlen(want)) == 0);
  CHECK(strstr(err.message, ": invalid JSON: ") != NULL);
}

TEST(task_folder_error_names_file) {
  arc_error err = {0};
  char want[1200];
  /* colour.json is the first bad file in name order. */
  snprintf(want, sizeof want, "%s/colour.json: train[0].input[1][1]: colour 12 is out of range 0..9",
           test_path("tests/arc/data/bad"));
  CHECK(arc_taskset_load(test_path("tests/arc/data/bad/"), NULL, &err) == NULL);
  CHECK_STR(err.message, want);
}

TEST(task_empty_folder) {
  char dir[] = "/tmp/tessera-arc-empty-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  arc_error err = {0};
  char want[200];
  snprintf(want, sizeof want, "%s: no task files (*.json) in this folder", dir);
  CHECK(arc_taskset_load(dir, NULL, &err) == NULL);
  CHECK_STR(err.message, want);
  rmdir(dir);
}

static void check_text_error(const char *json, const char *want) {
  arc_error err = {0};
  arc_taskset *set = arc_taskset_from_text("t.json", json, NULL, NULL, &err);
  CHECK(set == NULL);
  CHECK_STR(err.message, want);
  arc_taskset_free(set);
}

#define PAIR_OK "{\"input\": [[1]], \"output\": [[1]]}"
#define TEST_OK "\"test\": [{\"input\": [[1]]}]"

TEST(task_text_errors_structure) {
  check_text_error("{\"train\": {}, " TEST_OK "}", "t.json: train: expected a list of pairs, got object");
  check_text_error("{" TEST_OK "}", "t.json: missing key \"train\"");
  check_text_error("{\"train\": [" PAIR_OK "]}", "t.json: missing key \"test\"");
  check_text_error("{\"train\": [{\"input\": [[1]]}], " TEST_OK "}",
                   "t.json: train[0]: missing key \"output\"");
  check_text_error("{\"train\": [" PAIR_OK "], \"test\": [{\"output\": [[1]]}]}",
                   "t.json: test[0]: missing key \"input\"");
  check_text_error("{\"train\": [" PAIR_OK "], \"test\": []}", "t.json: test: expected at least one pair");
  check_text_error("{\"train\": [[1]], " TEST_OK "}",
                   "t.json: train[0]: expected an object with \"input\" and \"output\", got array");
  check_text_error("[1, 2]", "t.json: expected an object of tasks by id, got array");
  check_text_error("{\"abc\": 5}", "t.json: abc: expected an object with \"train\" and \"test\", got integer");
}

TEST(task_text_errors_grids) {
  check_text_error("{\"train\": [{\"input\": 5, \"output\": [[1]]}], " TEST_OK "}",
                   "t.json: train[0].input: expected a grid (list of rows), got integer");
  check_text_error("{\"train\": [{\"input\": [[1], 2], \"output\": [[1]]}], " TEST_OK "}",
                   "t.json: train[0].input[1]: expected a row (list of colours), got integer");
  check_text_error("{\"train\": [{\"input\": [[]], \"output\": [[1]]}], " TEST_OK "}",
                   "t.json: train[0].input[0]: row is empty");
  check_text_error("{\"train\": [{\"input\": [[1]], \"output\": [[\"x\"]]}], " TEST_OK "}",
                   "t.json: train[0].output[0][0]: expected a colour 0..9, got string");
  check_text_error("{\"train\": [{\"input\": [[1, 1.5]], \"output\": [[1]]}], " TEST_OK "}",
                   "t.json: train[0].input[0][1]: expected a colour 0..9, got number");
  check_text_error("{\"train\": [{\"input\": [[1, true]], \"output\": [[1]]}], " TEST_OK "}",
                   "t.json: train[0].input[0][1]: expected a colour 0..9, got boolean");
  check_text_error("{\"train\": [" PAIR_OK "], \"test\": [{\"input\": [[0, -1]]}]}",
                   "t.json: test[0].input[0][1]: colour -1 is out of range 0..9");
  check_text_error("{\"train\": [{\"input\": [[1, 2], [3]], \"output\": [[1]]}], " TEST_OK "}",
                   "t.json: train[0].input[1]: row has 1 cell, expected 2");
  check_text_error("{\"abc\": {\"train\": [{\"input\": [[1]], \"output\": [[1, 10]]}], " TEST_OK "}}",
                   "t.json: abc.train[0].output[0][1]: colour 10 is out of range 0..9");
}

TEST(task_text_too_many_rows) {
  size_t rows = TV_GRID_MAX_SIDE + 1;
  char *json = malloc(rows * 4 + 200);
  strcpy(json, "{\"train\": [{\"input\": [");
  for (size_t i = 0; i < rows; i++) strcat(json, i ? ",[1]" : "[1]");
  strcat(json, "], \"output\": [[1]]}], " TEST_OK "}");
  char want[200];
  snprintf(want, sizeof want, "t.json: train[0].input: grid has %zu rows, at most %d allowed", rows,
           TV_GRID_MAX_SIDE);
  check_text_error(json, want);
  free(json);
}

TEST(task_text_duplicate_key_is_invalid_json) {
  arc_error err = {0};
  CHECK(arc_taskset_from_text("t.json", "{\"train\": [], \"train\": []}", NULL, NULL, &err) == NULL);
  CHECK(strncmp(err.message, "t.json:1:", 9) == 0);
  CHECK(strstr(err.message, "invalid JSON") != NULL);
}

TEST(task_text_single_task_id_from_label) {
  arc_error err = {0};
  arc_taskset *set = arc_taskset_from_text(
      "some/dir/abc123.json", "{\"train\": [" PAIR_OK "], \"test\": [{\"input\": [[2]], \"output\": null}]}",
      NULL, NULL, &err);
  CHECK(set != NULL);
  if (!set) return;
  CHECK_INT(set->count, 1);
  CHECK_STR(set->tasks[0].id, "abc123");
  CHECK(set->tasks[0].test[0].output == 0);
  arc_taskset_free(set);
}

TEST(task_text_solution_errors) {
  const char *tasks = "{\"k\": {\"train\": [" PAIR_OK "], \"test\": [{\"input\": [[1]]}, {\"input\": [[2]]}]}}";
  arc_error err = {0};
  CHECK(arc_taskset_from_text("c.json", tasks, "s.json", "{\"k\": [[[1]]]}", &err) == NULL);
  CHECK_STR(err.message, "s.json: k: expected 2 test outputs, got 1");
  CHECK(arc_taskset_from_text("c.json", tasks, "s.json", "{\"k\": [[[1]], []]}", &err) == NULL);
  CHECK_STR(err.message, "s.json: k[1]: grid is empty");
  CHECK(arc_taskset_from_text("c.json", tasks, "s.json", "{\"k\": 3}", &err) == NULL);
  CHECK_STR(err.message, "s.json: k: expected a list of grids, got integer");
  CHECK(arc_taskset_from_text("c.json", tasks, "s.json", "[]", &err) == NULL);
  CHECK_STR(err.message, "s.json: expected an object of test outputs by task id, got array");
  arc_taskset *set = arc_taskset_from_text("c.json", tasks, "s.json", "{\"k\": [[[3]], [[4]]], \"other\": 1}", &err);
  CHECK(set != NULL);
  if (set) check_grid(set->tasks[0].test[1].output, 1, 1, "4");
  arc_taskset_free(set);
}
