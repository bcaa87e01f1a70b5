/*
 * test_solve.c - the task-set driver of the program search (arc_solve.h):
 * results in task order whatever the number of threads, both attempts
 * always present, a task the search cannot take reported (not fatal), bad
 * library sources named, the store's search_programs round trip, and
 * --explain's statement-by-statement values.
 *
 * The tasks are written by hand: "flip" is a rot90 (the search must solve
 * it: a one-primitive rigid map), "many" has more examples than the search
 * takes (TS_MAX_EXAMPLES), so its attempts are the test input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "tessera/arc_solve.h"

/* rot90 of [[1,2],[3,4]] is [[3,1],[4,2]]. */
static const char *const flip_task =
    "\"flip\": {\"train\": ["
    "{\"input\": [[1,2],[3,4]], \"output\": [[3,1],[4,2]]},"
    "{\"input\": [[5,0,0],[0,6,0]], \"output\": [[0,5],[6,0],[0,0]]},"
    "{\"input\": [[7,8,9]], \"output\": [[7],[8],[9]]}],"
    " \"test\": [{\"input\": [[1,0],[0,2],[3,3]], \"output\": [[3,0,1],[3,2,0]]}]}";

static char *tasks_json(void) {
  static char text[16384];
  int n = snprintf(text, sizeof text, "{%s, \"many\": {\"train\": [", flip_task);
  for (int k = 0; k < TS_MAX_EXAMPLES + 1; k++)
    n += snprintf(text + n, sizeof text - (size_t)n, "%s{\"input\": [[%d]], \"output\": [[%d]]}", k ? "," : "", k % 10,
                  k % 10);
  snprintf(text + n, sizeof text - (size_t)n, "], \"test\": [{\"input\": [[4,4]]}]}}");
  return text;
}

static arc_taskset *load(void) {
  arc_error err;
  arc_taskset *set = arc_taskset_from_text("solve.json", tasks_json(), NULL, NULL, &err);
  if (!set) printf("  %s\n", err.message);
  return set;
}

/* The submission and the JSON lines of a result, as one string. */
static char *outputs(const arc_solve_result *r) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  arc_error err;
  CHECK(arc_solve_write_submission(r, f, &err));
  for (size_t k = 0; k < r->count; k++) {
    tc_text t = {0};
    arc_solve_task_json(&t, &r->tasks[k]);
    fprintf(f, "%s\n", t.s);
    tc_text_free(&t);
  }
  fclose(f);
  return buf;
}

TEST(solve_results_do_not_depend_on_threads) {
  arc_taskset *set = load();
  CHECK(set != NULL);
  if (!set) return;
  char *text[2] = {0};
  for (int run = 0; run < 2; run++) {
    arc_solve_options o = {.budget = 2000000, .jobs = run ? 3 : 1};
    arc_solve_result r;
    arc_error err;
    CHECK_INT(arc_solve_tasks(set, &o, &r, &err), 0);
    CHECK_INT(r.count, 2);
    const arc_solve_task *flip = &r.tasks[0], *many = &r.tasks[1];
    CHECK_STR(flip->task->id, "flip");
    CHECK_INT(flip->status, TS_SOLVED);
    CHECK(flip->n_programs >= 1 && flip->programs[0].demos_right == 3);
    CHECK_INT(flip->tests_known, 1);
    CHECK_INT(flip->tests_right, 1);
    CHECK(many->failed);
    CHECK(strstr(many->error, "examples") != NULL);
    /* attempts of a refused task: the test input, twice */
    CHECK(many->attempts[0][0].h == 1 && many->attempts[0][0].w == 2 && many->attempts[0][0].cells[1] == 4);
    CHECK(many->attempts[0][1].cells && many->attempts[0][1].w == 2);
    CHECK_INT(r.solved, 1);
    CHECK_INT(r.scored_tasks, 1);
    text[run] = outputs(&r);
    arc_solve_result_free(&r);
  }
  CHECK(text[0] && text[1] && strcmp(text[0], text[1]) == 0);
  CHECK(strstr(text[0], "\"flip\": [{\"attempt_1\": [[3,0,1],[3,2,0]]") != NULL ||
        strstr(text[0], "\"attempt_2\": [[3,0,1],[3,2,0]]") != NULL);
  free(text[0]);
  free(text[1]);
  arc_taskset_free(set);
}

TEST(solve_names_a_bad_library_source) {
  arc_taskset *set = load();
  const char *bad = "def solve_x(I):\n    O = rot90(\n";
  arc_solve_source src = {.name = "lib.py", .text = bad, .len = strlen(bad)};
  arc_solve_options o = {.budget = 1000, .sources = &src, .n_sources = 1};
  arc_solve_result r;
  arc_error err;
  CHECK_INT(arc_solve_tasks(set, &o, &r, &err), -1);
  CHECK_INT(err.kind, ARC_ERR_INPUT);
  CHECK(strncmp(err.message, "lib.py:", 7) == 0);
  CHECK_INT(r.count, 0);
  arc_taskset_free(set);
}

TEST(solve_store_round_trip) {
  char path[64], extra[80];
  snprintf(path, sizeof path, "/tmp/tessera_test_solve_%d.db", (int)getpid());
  remove(path);
  arc_taskset *set = load();
  arc_error err;
  arc_store *s = arc_store_open(path, ARC_STORE_WRITE, &err);
  CHECK(s != NULL);
  arc_solve_options o = {.budget = 2000000, .jobs = 2, .store = s};
  arc_solve_result r;
  CHECK_INT(arc_solve_tasks(set, &o, &r, &err), 0);
  CHECK_INT(r.tasks[0].stored, 0);
  CHECK(arc_store_put_search(s, 0, &r, &err));
  char **texts;
  size_t n;
  CHECK(arc_store_search_programs(s, "flip", r.tasks[0].task_hash, 8, &texts, &n, &err));
  CHECK_INT(n, r.tasks[0].n_programs);
  if (n) CHECK_STR(texts[0], r.tasks[0].programs[0].text);
  arc_store_texts_free(texts, n);
  /* another content hash: nothing offered */
  CHECK(arc_store_search_programs(s, "flip", "00000000000000000000000000000000", 8, &texts, &n, &err));
  CHECK_INT(n, 0);
  arc_store_texts_free(texts, n);
  arc_solve_result_free(&r);
  /* the next run gets them as library programs */
  CHECK_INT(arc_solve_tasks(set, &o, &r, &err), 0);
  CHECK(r.tasks[0].stored >= 1);
  CHECK_INT(r.tasks[0].status, TS_SOLVED);
  arc_solve_result_free(&r);
  arc_store_close(s);
  /* read-only: readable, never written */
  s = arc_store_open(path, ARC_STORE_READ, &err);
  CHECK(s != NULL);
  o.store = s;
  CHECK_INT(arc_solve_tasks(set, &o, &r, &err), 0);
  CHECK(r.tasks[0].stored >= 1);
  CHECK(!arc_store_put_search(s, 0, &r, &err));
  arc_solve_result_free(&r);
  arc_store_close(s);
  arc_taskset_free(set);
  remove(path);
  snprintf(extra, sizeof extra, "%s-wal", path);
  remove(extra);
  snprintf(extra, sizeof extra, "%s-shm", path);
  remove(extra);
}

TEST(solve_explain_prints_every_statement_on_every_demo) {
  arc_taskset *set = load();
  const arc_task *flip = arc_taskset_find(set, "flip");
  arc_grid pred = {0};
  char text[] = "def solve(I):\n    x1 = rot180(I)\n    x2 = rot90(x1)\n    O = rot180(x2)\n    return O\n";
  arc_solve_program p = {.text = text, .demos_right = 3, .demo_score = 1, .cost = 3, .origin = "test",
                         .predictions = &pred};
  arc_solve_task t = {.task = flip, .status = TS_SOLVED, .n_programs = 1, .programs = &p};
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  arc_error err;
  CHECK(arc_solve_explain(&t, 8, 100000, f, &err));
  fclose(f);
  CHECK(strstr(buf, "program 1: 3 of 3 demos right, cost 3, from test") != NULL);
  CHECK(strstr(buf, "  demo 2:\n    I = grid 1x3\n        789\n    x1 = grid 1x3\n        987\n"
                    "    x2 = grid 3x1\n        9\n        8\n        7\n    O = grid 3x1\n        7\n        8\n"
                    "        9\n    right\n") != NULL);
  free(buf);
  arc_taskset_free(set);
}
