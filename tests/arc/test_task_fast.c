/* test_task_fast.c - the fast task reader against the jansson loader.
 *
 * The fast reader must either give exactly the tasks jansson gives or defer.
 * The reference is always the jansson loader (json_only) reading the same
 * bytes; which inputs must defer follows from the reader's contract in
 * task_fast.h (anything but the plain layout). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arc/task_fast.h"
#include "harness.h"
#include "tessera/arc_task.h"

/* ---- helpers ------------------------------------------------------------------ */

static bool same_output(tv_val a, tv_val b) { return (!a && !b) || (a && b && tv_eq(a, b)); }

static bool same_pairs(const arc_pair *a, const arc_pair *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!tv_eq(a[i].input, b[i].input) || !same_output(a[i].output, b[i].output)) return false;
  return true;
}

static bool same_task(const arc_task *a, const arc_task *b) {
  return strcmp(a->id, b->id) == 0 && a->n_train == b->n_train && a->n_test == b->n_test &&
         same_pairs(a->train, b->train, a->n_train) && same_pairs(a->test, b->test, a->n_test);
}

/* Both loads succeeded with the same tasks, or both failed with the same message. */
static void check_same_load(const char *path, const char *solutions) {
  arc_load_options fast_opts = {.solutions_path = solutions};
  arc_load_options json_opts = {.solutions_path = solutions, .json_only = true};
  arc_error fast_err = {0}, json_err = {0};
  arc_taskset *fast = arc_taskset_load(path, &fast_opts, &fast_err);
  arc_taskset *json = arc_taskset_load(path, &json_opts, &json_err);
  CHECK((fast == NULL) == (json == NULL));
  if (fast && json) {
    CHECK_INT(fast->count, json->count);
    for (size_t t = 0; t < fast->count && t < json->count; t++) CHECK(same_task(&fast->tasks[t], &json->tasks[t]));
  } else if (!fast && !json) {
    CHECK_STR(fast_err.message, json_err.message);
  }
  arc_taskset_free(fast);
  arc_taskset_free(json);
}

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *text = malloc((size_t)size + 1);
  *len = text ? fread(text, 1, (size_t)size, f) : 0;
  if (text) text[*len] = '\0';
  fclose(f);
  return text;
}

/* Runs the fast reader alone on a document (single task named "t"). */
static bool fast_reads(const char *text, size_t *count) {
  arc_taskset *set = arc_taskset_from_text("t.json", "{\"train\": [{\"input\": [[0]], \"output\": [[0]]}], "
                                                      "\"test\": [{\"input\": [[0]]}]}",
                                           NULL, NULL, &(arc_error){0});
  if (!set) return false;
  arc_fast_tasks out = {0};
  bool ok = arc_fast_read_tasks(&set->ctx, text, strlen(text), "t", true, NULL, &out);
  *count = out.count;
  arc_fast_tasks_free(&out);
  arc_taskset_free(set);
  return ok;
}

/* Writes text to a fresh file named t.json in a temporary folder. */
static const char *write_temp(const char *text) {
  static char dir[64], path[96];
  snprintf(dir, sizeof dir, "/tmp/tessera-fast-XXXXXX");
  if (!mkdtemp(dir)) return NULL;
  snprintf(path, sizeof path, "%s/t.json", dir);
  FILE *f = fopen(path, "wb");
  if (!f) return NULL;
  fputs(text, f);
  fclose(f);
  return path;
}

static void remove_temp(const char *path) {
  char dir[96];
  snprintf(dir, sizeof dir, "%s", path);
  unlink(path);
  *strrchr(dir, '/') = '\0';
  rmdir(dir);
}

/* ---- all 400 training tasks ------------------------------------------------------ */

TEST(fast_reads_every_training_task) {
  const char *dir = test_path("data/arc-agi-1/training");
  DIR *d = opendir(dir);
  CHECK(d != NULL);
  if (!d) return;
  size_t files = 0, read_fast = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    size_t n = strlen(e->d_name), len = 0;
    if (n < 6 || strcmp(e->d_name + n - 5, ".json") != 0) continue;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    char *text = slurp(path, &len);
    size_t count = 0;
    files++;
    if (text && fast_reads(text, &count) && count == 1) read_fast++;
    free(text);
  }
  closedir(d);
  CHECK_INT(files, 400);
  CHECK_INT(read_fast, files); /* the plain layout never defers */
}

TEST(fast_equals_jansson_on_training_folder) {
  check_same_load(test_path("data/arc-agi-1/training"), NULL);
}

/* ---- fixtures ---------------------------------------------------------------------- */

TEST(fast_equals_jansson_on_fixtures) {
  static const char *const fixtures[] = {
      "tests/arc/data/tasks",           "tests/arc/data/tasks/flip02.json",
      "tests/arc/data/tasks/open03.json", "tests/arc/data/kaggle/challenges.json",
      "tests/arc/data/bad/colour.json",  "tests/arc/data/bad/empty.json",
      "tests/arc/data/bad/notrain.json", "tests/arc/data/bad/ragged.json",
      "tests/arc/data/bad/syntax.json",
  };
  for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) check_same_load(test_path(fixtures[i]), NULL);
  check_same_load(test_path("tests/arc/data/kaggle/challenges.json"),
                  test_path("tests/arc/data/kaggle/solutions.json"));
}

TEST(fast_defers_on_bad_fixtures) {
  static const char *const bad[] = {"colour", "empty", "notrain", "ragged", "syntax"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char rel[128], *text;
    size_t len = 0, count = 0;
    snprintf(rel, sizeof rel, "tests/arc/data/bad/%s.json", bad[i]);
    text = slurp(test_path(rel), &len);
    CHECK(text != NULL);
    if (text) CHECK(!fast_reads(text, &count));
    free(text);
  }
}

/* ---- inline documents ---------------------------------------------------------------- */

#define PAIR "{\"input\": [[1, 2]], \"output\": [[2, 1]]}"

/* Plain documents the fast reader must take, each with the tasks jansson gives. */
static const char *const plain_docs[] = {
    "{\"train\": [" PAIR "], \"test\": [{\"input\": [[3]]}]}",
    "{\"test\": [{\"input\": [[3]], \"output\": null}], \"train\": [" PAIR ", " PAIR "]}",
    "{\"train\":[{\"output\":[[0]],\"input\":[[9,9],[0,1]]}],\"test\":[{\"input\":[[3]],\"output\":[[4]]}]}",
    "\r\n\t {\"train\" : [ " PAIR " ] ,\n\"test\" : [ {\"input\":[[ 3 , 4 ]]} ] }\n\n",
    "{\"train\": [" PAIR "], \"name\": \"t\", \"test\": [{\"input\": [[3]]}]}",
    "{\"b\": {\"train\": [" PAIR "], \"test\": [{\"input\": [[1]]}]},"
    " \"a\": {\"train\": [" PAIR "], \"test\": [{\"input\": [[2]]}]}}",
};

/* Valid or invalid, these are not the plain layout: the fast reader defers. */
static const char *const unusual_docs[] = {
    "{\"train\": [" PAIR "], \"test\": [{\"input\": [[3]]}], \"note\": \"x\"}", /* unknown key */
    "{\"train\": [" PAIR "], \"test\": [{\"input\": [[3]]}], \"name\": 7}", /* name not a string */
    "{\"train\": [" PAIR "], \"test\": [{\"input\": [[3]]}], \"name\": \"\\n\"}", /* escaped name */
    "{\"train\": [" PAIR "], \"train\": [" PAIR "], \"test\": [{\"input\": [[3]]}]}", /* duplicate key */
    "{\"train\": [{\"input\": [[1]], \"input\": [[1]], \"output\": [[1]]}], \"test\": [{\"input\": [[3]]}]}",
    "{\"train\": [{\"input\": [[10]], \"output\": [[1]]}], \"test\": [{\"input\": [[3]]}]}", /* colour 10 */
    "{\"train\": [{\"input\": [[01]], \"output\": [[1]]}], \"test\": [{\"input\": [[3]]}]}", /* leading zero */
    "{\"train\": [{\"input\": [[-1]], \"output\": [[1]]}], \"test\": [{\"input\": [[3]]}]}", /* negative */
    "{\"train\": [{\"input\": [[-0]], \"output\": [[1]]}], \"test\": [{\"input\": [[3]]}]}", /* valid -0 */
    "{\"train\": [{\"input\": [[1.0]], \"output\": [[1]]}], \"test\": [{\"input\": [[3]]}]}", /* real */
    "{\"train\": [{\"input\": [[1e0]], \"output\": [[1]]}], \"test\": [{\"input\": [[3]]}]}", /* real */
    "{\"train\": [{\"input\": [[\"1\"]], \"output\": [[1]]}], \"test\": [{\"input\": [[3]]}]}", /* string */
    "{\"train\": [{\"input\": [[1, 2], [3]], \"output\": [[1]]}], \"test\": [{\"input\": [[3]]}]}", /* ragged */
    "{\"train\": [{\"input\": [], \"output\": [[1]]}], \"test\": [{\"input\": [[3]]}]}", /* empty grid */
    "{\"train\": [{\"input\": [[]], \"output\": [[1]]}], \"test\": [{\"input\": [[3]]}]}", /* empty row */
    "{\"train\": [], \"test\": [{\"input\": [[3]]}]}", /* no pairs */
    "{\"train\": [" PAIR "], \"test\": [{\"input\": [[3]]}],}", /* trailing comma */
    "{\"train\": [" PAIR "] \"test\": [{\"input\": [[3]]}]}", /* missing comma */
    "{\"train\": [" PAIR "], \"test\": [{\"input\": [[3]]}]} x", /* trailing text */
    "{\"train\": [" PAIR "], \"test\": [{\"input\": [[3]]}]", /* unterminated */
    "{\"tr\\u0061in\": [" PAIR "], \"test\": [{\"input\": [[3]]}]}", /* escaped key */
    "{\"train\": [{\"input\": [[1]], \"output\": null}], \"test\": [{\"input\": [[3]]}]}", /* train null */
    "{\"train\": [{\"input\": [[1]]}], \"test\": [{\"input\": [[3]]}]}", /* train without output */
    "{\"train\": [" PAIR "]}", /* no test */
    "{\"test\": [{\"input\": [[3]]}]}", /* no train */
    "{}", /* empty collection */
    "[]", /* not an object */
    "\xef\xbb\xbf{\"train\": [" PAIR "], \"test\": [{\"input\": [[3]]}]}", /* byte order mark */
    "{\"a\": {\"train\": [" PAIR "], \"test\": [{\"input\": [[2]]}]},"
    " \"a\": {\"train\": [" PAIR "], \"test\": [{\"input\": [[2]]}]}}", /* duplicate id */
    "{\"a\": {\"train\": [" PAIR "], \"test\": [{\"input\": [[2]]}]},"
    " \"train\": [" PAIR "]}", /* a collection that is really a task */
    "{\"\xc3\xa9\": {\"train\": [" PAIR "], \"test\": [{\"input\": [[2]]}]}}", /* non-ASCII id */
};

TEST(fast_reads_plain_docs_like_jansson) {
  for (size_t i = 0; i < sizeof plain_docs / sizeof plain_docs[0]; i++) {
    size_t count = 0;
    CHECK(fast_reads(plain_docs[i], &count));
    const char *path = write_temp(plain_docs[i]);
    CHECK(path != NULL);
    if (!path) continue;
    check_same_load(path, NULL);
    remove_temp(path);
  }
}

TEST(fast_defers_on_unusual_docs) {
  for (size_t i = 0; i < sizeof unusual_docs / sizeof unusual_docs[0]; i++) {
    size_t count = 0;
    if (fast_reads(unusual_docs[i], &count)) fprintf(stderr, "  not deferred: doc %zu\n", i);
    CHECK(!fast_reads(unusual_docs[i], &count));
    const char *path = write_temp(unusual_docs[i]);
    CHECK(path != NULL);
    if (!path) continue;
    check_same_load(path, NULL);
    remove_temp(path);
  }
}

TEST(fast_collection_keeps_only_selected) {
  arc_error err = {0};
  const char *ids[] = {"a"};
  arc_load_options opts = {.only_ids = ids, .n_only_ids = 1};
  arc_taskset *set = arc_taskset_from_text("t.json", plain_docs[0], NULL, NULL, &err);
  CHECK(set != NULL);
  if (!set) return;
  arc_fast_tasks out = {0};
  CHECK(arc_fast_read_tasks(&set->ctx, plain_docs[5], strlen(plain_docs[5]), "t", true, &opts, &out));
  CHECK_INT(out.count, 1);
  if (out.count == 1) CHECK_STR(out.items[0].id, "a");
  /* a folder member must be a single task, never a collection */
  CHECK(!arc_fast_read_tasks(&set->ctx, plain_docs[5], strlen(plain_docs[5]), "t", false, NULL, &out));
  CHECK_INT(out.count, 1);
  arc_fast_tasks_free(&out);
  arc_taskset_free(set);
}

/* ---- solutions ---------------------------------------------------------------------- */

TEST(fast_solutions_apply_or_defer) {
  const char *tasks = "{\"k\": {\"train\": [" PAIR "], \"test\": [{\"input\": [[1]]}, {\"input\": [[2]]}]}}";
  arc_error err = {0};
  arc_taskset *set = arc_taskset_from_text("c.json", tasks, NULL, NULL, &err);
  CHECK(set != NULL);
  if (!set) return;
  const char *wrong_count = "{\"k\": [[[5]]]}";
  const char *odd_grid = "{\"k\": [[[5]], [[12]]]}";
  const char *duplicate = "{\"k\": [[[5]], [[6]]], \"k\": [[[5]], [[6]]]}";
  CHECK(!arc_fast_apply_solutions(set, wrong_count, strlen(wrong_count), NULL, NULL));
  CHECK(!arc_fast_apply_solutions(set, odd_grid, strlen(odd_grid), NULL, NULL));
  CHECK(!arc_fast_apply_solutions(set, duplicate, strlen(duplicate), NULL, NULL));
  CHECK(set->tasks[0].test[0].output == 0); /* deferring touches nothing */
  const char *good = "{\"other\": [], \"k\": [[[5]], [[6, 7]]]}";
  CHECK(arc_fast_apply_solutions(set, good, strlen(good), NULL, NULL));
  CHECK(tv_is_grid(set->tasks[0].test[1].output) && tv_grid_w(set->tasks[0].test[1].output) == 2);
  CHECK(tv_is_grid(set->tasks[0].test[0].output) && tv_grid_at(set->tasks[0].test[0].output, 0, 0) == 5);
  arc_taskset_free(set);
}

/* ---- keeping only the tasks with a solver (tessera arc run) ---------------------------- */

TEST(check_unselected_keeps_selected_ignores_missing) {
  const char *ids[] = {"open03", "no_such_task"};
  arc_load_options opts = {.only_ids = ids, .n_only_ids = 2, .missing_ids_ok = true, .check_unselected = true};
  arc_error err = {0};
  arc_taskset *set = arc_taskset_load(test_path("tests/arc/data/tasks"), &opts, &err);
  CHECK(set != NULL);
  if (!set) return;
  CHECK_INT(set->count, 1);
  CHECK_STR(set->tasks[0].id, "open03");
  arc_taskset_free(set);
}

/* A bad task is reported even though it is not kept, with the message a
 * full load gives; both through the fast reader and through jansson. */
static void check_bad_unselected(const char *relative, bool json_only) {
  const char *ids[] = {"nothing"};
  arc_load_options opts = {.only_ids = ids, .n_only_ids = 1, .missing_ids_ok = true,
                           .check_unselected = true, .json_only = json_only};
  arc_error err = {0}, full_err = {0};
  CHECK(arc_taskset_load(test_path(relative), &opts, &err) == NULL);
  CHECK(arc_taskset_load(test_path(relative), NULL, &full_err) == NULL);
  CHECK_STR(err.message, full_err.message);
}

TEST(check_unselected_reports_bad_files) {
  for (int json_only = 0; json_only < 2; json_only++) {
    check_bad_unselected("tests/arc/data/bad", json_only);
    check_bad_unselected("tests/arc/data/bad/ragged.json", json_only);
    check_bad_unselected("tests/arc/data/bad/syntax.json", json_only);
  }
}

TEST(check_unselected_in_kaggle_file) {
  const char *ids[] = {"k2", "k9"};
  for (int json_only = 0; json_only < 2; json_only++) {
    arc_load_options opts = {.only_ids = ids, .n_only_ids = 2, .missing_ids_ok = true,
                             .check_unselected = true, .json_only = json_only,
                             .solutions_path = test_path("tests/arc/data/kaggle/solutions.json")};
    arc_error err = {0};
    arc_taskset *set = arc_taskset_load(test_path("tests/arc/data/kaggle/challenges.json"), &opts, &err);
    CHECK(set != NULL);
    if (!set) continue;
    CHECK_INT(set->count, 1);
    CHECK_STR(set->tasks[0].id, "k2");
    CHECK(tv_is_grid(set->tasks[0].test[0].output));
    arc_taskset_free(set);
  }
}

/* Many files, some bad and one unusual: the first bad file in name order
 * is the one reported, as with jansson alone, and the good ones load alike. */
TEST(folder_reports_first_bad_file) {
  char dir[] = "/tmp/tessera-fast-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  char path[128];
  for (int i = 0; i < 40; i++) {
    snprintf(path, sizeof path, "%s/t%02d.json", dir, i);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f) continue;
    /* t17 is ragged and t31 has colour 12; t05 is unusual but valid */
    if (i == 17) fputs("{\"train\": [{\"input\": [[1, 2], [3]], \"output\": [[1]]}], \"test\": [{\"input\": [[1]]}]}", f);
    else if (i == 31) fputs("{\"train\": [{\"input\": [[12]], \"output\": [[1]]}], \"test\": [{\"input\": [[1]]}]}", f);
    else if (i == 5) fputs("{\"train\": [{\"input\": [[-0]], \"output\": [[1]]}], \"test\": [{\"input\": [[1]]}]}", f);
    else fprintf(f, "{\"train\": [{\"input\": [[%d]], \"output\": [[1]]}], \"test\": [{\"input\": [[1]]}]}", i % 10);
    fclose(f);
  }
  check_same_load(dir, NULL);
  arc_error err = {0};
  CHECK(arc_taskset_load(dir, NULL, &err) == NULL);
  CHECK(strstr(err.message, "t17.json: train[0].input[1]: row has 1 cell, expected 2") != NULL);
  snprintf(path, sizeof path, "%s/t17.json", dir);
  unlink(path);
  snprintf(path, sizeof path, "%s/t31.json", dir);
  unlink(path);
  check_same_load(dir, NULL);
  arc_taskset *set = arc_taskset_load(dir, NULL, &err);
  CHECK(set != NULL && set->count == 38);
  if (set) CHECK(tv_grid_at(set->tasks[5].train[0].input, 0, 0) == 0);
  arc_taskset_free(set);
  for (int i = 0; i < 40; i++) {
    snprintf(path, sizeof path, "%s/t%02d.json", dir, i);
    unlink(path);
  }
  rmdir(dir);
}
