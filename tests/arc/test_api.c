/* test_api.c - the flat entry points of arc_api.h (used by the Python module).
 * Expected values follow from the arc-dsl definitions: vmirror reverses each
 * row, identity returns its input, size counts rows; the JSON is read back
 * with jansson so the checks do not depend on spacing. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "arc/fixture.h"
#include "harness.h"
#include "tessera/arc_api.h"
#include "tessera/battery.h"

static const char *TASKS =
    "{\"flip\": {\"train\": [{\"input\": [[1, 2], [3, 4]], \"output\": [[2, 1], [4, 3]]}],"
    "            \"test\": [{\"input\": [[5, 6]], \"output\": [[6, 5]]}, {\"input\": [[7, 8, 9]]}]},"
    " \"same\": {\"train\": [{\"input\": [[1]], \"output\": [[1]]}], \"test\": [{\"input\": [[2]]}]}}";

static const char *SOLVERS =
    "def solve_flip(I):\n"
    "    O = vmirror(I)\n"
    "    return O\n"
    "\n"
    "def solve_same(I):\n"
    "    O = identity(I)\n"
    "    return O\n"
    "\n"
    "def rows(I):\n"
    "    O = size(I)\n"
    "    return O\n";

typedef arc_fixture fixture;

static bool fixture_open(fixture *f) { return arc_fixture_open(f, TASKS, SOLVERS, 3); }
static void fixture_close(fixture *f) { arc_fixture_close(f); }

static json_t *parse(char *text) {
  json_error_t e;
  json_t *j = text ? json_loads(text, 0, &e) : NULL;
  CHECK(j != NULL);
  free(text);
  return j;
}

TEST(api_tasks_json_round_trips) {
  fixture f;
  if (!fixture_open(&f)) return fixture_close(&f);
  char *text = arc_api_tasks_json(f.set);
  CHECK(text != NULL);
  arc_error err = {0};
  arc_taskset *again = text ? arc_taskset_from_text("again.json", text, NULL, NULL, &err) : NULL;
  CHECK(again != NULL);
  char *text2 = again ? arc_api_tasks_json(again) : NULL;
  CHECK_STR(text2, text);
  json_t *j = parse(text);
  json_t *flip = json_object_get(j, "flip");
  CHECK_INT(json_array_size(json_object_get(flip, "test")), 2);
  json_t *unknown = json_array_get(json_object_get(flip, "test"), 1);
  CHECK(json_object_get(unknown, "input") != NULL);
  CHECK(json_object_get(unknown, "output") == NULL); /* left out when unknown */
  json_t *out = json_object_get(json_array_get(json_object_get(flip, "train"), 0), "output");
  CHECK_INT(json_integer_value(json_array_get(json_array_get(out, 1), 0)), 4);
  json_decref(j);
  free(text2);
  arc_taskset_free(again);
  fixture_close(&f);
}

TEST(api_run_grid_gives_tagged_json) {
  fixture f;
  if (!fixture_open(&f)) return fixture_close(&f);
  const int8_t cells[] = {1, 2, 3, 4, 5, -1};
  bool failed = true;
  uint64_t work = 0;
  arc_error err = {0};
  char *out = arc_api_run_grid(f.lib, 0, 2, 3, cells, 0, &failed, &work, &err);
  CHECK_STR(out, "{\"g\": [[3, 2, 1], [-1, 5, 4]]}");
  CHECK(!failed);
  CHECK(work > 0);
  free(out);
  out = arc_api_run_grid(f.lib, 2, 2, 3, cells, 0, &failed, NULL, &err);
  CHECK_STR(out, "2");
  free(out);
  /* a budget of 1 work unit stops vmirror: the error is the result */
  out = arc_api_run_grid(f.lib, 0, 2, 3, cells, 1, &failed, NULL, &err);
  CHECK(failed);
  CHECK(out && strstr(out, "budget"));
  free(out);
  out = arc_api_run_grid(f.lib, 99, 2, 3, cells, 0, &failed, NULL, &err);
  CHECK(out && failed);
  free(out);
  out = arc_api_run_grid(f.lib, 0, 0, 0, NULL, 0, &failed, NULL, &err);
  CHECK_STR(out, "{\"t\": []}"); /* vmirror of the empty grid: () */
  free(out);
  CHECK(arc_api_run_grid(f.lib, 0, 2, 0, cells, 0, &failed, NULL, &err) == NULL);
  CHECK(strstr(err.message, "2x0") != NULL);
  CHECK(arc_api_run_grid(f.lib, 0, 1, 2000, cells, 0, &failed, NULL, &err) == NULL);
  fixture_close(&f);
}

static const char *pair_status(json_t *run, size_t task, size_t pair) {
  json_t *t = json_array_get(json_object_get(run, "tasks"), task);
  return json_string_value(json_object_get(json_array_get(json_object_get(t, "pairs"), pair), "status"));
}

TEST(api_run_json_judges_pairs) {
  fixture f;
  if (!fixture_open(&f)) return fixture_close(&f);
  arc_error err = {0};
  json_t *run = parse(arc_api_run_json(f.lib, f.set, NULL, 0, 2, &err));
  CHECK_INT(json_integer_value(json_object_get(run, "solved")), 2);
  CHECK_STR(pair_status(run, 0, 0), "ok");
  CHECK_STR(pair_status(run, 0, 2), "unknown");
  json_t *t0 = json_array_get(json_object_get(run, "tasks"), 0);
  json_t *p2 = json_array_get(json_object_get(t0, "pairs"), 2);
  CHECK_INT(json_integer_value(json_array_get(json_array_get(json_object_get(p2, "output"), 0), 0)), 9);
  json_decref(run);
  /* one named program on every task: identity is wrong on flip, size is no grid */
  run = parse(arc_api_run_json(f.lib, f.set, "solve_same", 0, 1, &err));
  CHECK_INT(json_integer_value(json_object_get(run, "solved")), 1);
  CHECK_STR(pair_status(run, 0, 0), "wrong");
  json_decref(run);
  run = parse(arc_api_run_json(f.lib, f.set, "rows", 0, 1, &err));
  CHECK_STR(pair_status(run, 1, 0), "error");
  json_t *p = json_array_get(json_object_get(json_array_get(json_object_get(run, "tasks"), 1), "pairs"), 0);
  CHECK(strstr(json_string_value(json_object_get(p, "error")), "not a grid") != NULL);
  json_decref(run);
  run = parse(arc_api_run_json(f.lib, f.set, "no_such_program", 0, 1, &err));
  CHECK_INT(json_integer_value(json_object_get(run, "total")), 0);
  json_decref(run);
  fixture_close(&f);
}

TEST(api_evaluate_json_ranks_and_predicts) {
  fixture f;
  if (!fixture_open(&f)) return fixture_close(&f);
  arc_error err = {0};
  arc_api_eval_options o = {.cross = true, .budget = ARC_DEFAULT_BUDGET, .jobs = 2};
  json_t *ev = parse(arc_api_evaluate_json(f.lib, f.set, &o, &err));
  CHECK_INT(json_integer_value(json_object_get(ev, "tasks_solved")), 2);
  CHECK_INT(json_integer_value(json_object_get(ev, "programs")), 3);
  json_t *flip = json_array_get(json_object_get(ev, "tasks"), 0);
  CHECK_STR(json_string_value(json_object_get(flip, "id")), "flip");
  json_t *best = json_array_get(json_object_get(flip, "results"), 0);
  CHECK_STR(json_string_value(json_object_get(best, "name")), "solve_flip");
  CHECK_STR(json_string_value(json_object_get(best, "status")), "solved");
  json_t *pred = json_array_get(json_object_get(best, "predictions"), 1);
  CHECK_INT(json_integer_value(json_array_get(json_array_get(pred, 0), 0)), 9);
  const char *hash = json_string_value(json_object_get(best, "hash"));
  json_t *text = json_object_get(json_object_get(json_object_get(ev, "program_texts"), hash ? hash : ""), "text");
  CHECK(json_string_value(text) && strstr(json_string_value(text), "vmirror(I)"));
  CHECK_INT(json_array_size(json_object_get(flip, "solved_by")), 1);
  json_decref(ev);
  /* without cross only solve_<id> runs: one program per task */
  o.cross = false;
  ev = parse(arc_api_evaluate_json(f.lib, f.set, &o, &err));
  flip = json_array_get(json_object_get(ev, "tasks"), 0);
  CHECK_INT(json_integer_value(json_object_get(flip, "programs_run")), 1);
  json_decref(ev);
  fixture_close(&f);
}
