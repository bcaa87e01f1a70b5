/* test_solve.c - POST /arc/tasks/<id>/solve through srv_handle: the answer
 * (status, programs, attempts against the task file's known test output),
 * the bounds (budget range, unknown members, the one-search cap answered
 * 503 with Retry-After), the errors, and srv_request_is_long, which tells
 * srv_http to answer the route from a thread of its own. The real binary
 * over sockets is tests/server/test_serve_solve.sh. */
#include <string.h>

#include "harness.h"
#include "server_fixture.h"
#include "tessera/server.h"

static bool is_long(const char *method, const char *target) {
  srv_request req = {.method = method, .target = target};
  return srv_request_is_long(&req);
}

TEST(solve_route_is_long) {
  CHECK(is_long("POST", "/arc/tasks/4c4377d9/solve"));
  CHECK(is_long("POST", "/arc/tasks/4c4377d9/solve?x=1"));
  CHECK(!is_long("GET", "/arc/tasks/4c4377d9/solve"));
  CHECK(!is_long("POST", "/arc/tasks/4c4377d9/run"));
  CHECK(!is_long("POST", "/arc/tasks//solve"));
  CHECK(!is_long("POST", "/arc/tasks/a/b/solve"));
  CHECK(!is_long("POST", "/arc/tasks/solve"));
  CHECK(!is_long("POST", "/blueprints/1/solve"));
}

TEST(solve_answers_with_programs_and_attempts) {
  app_fixture f;
  srv_app *app = fixture_open(&f, true, false);
  const reply *r = call(app, "POST", "/arc/tasks/4c4377d9/solve", "{\"budget\": 300000}");
  CHECK_INT(r->resp.status, 200);
  CHECK_STR(json_string_value(json_object_get(r->json, "id")), "4c4377d9");
  CHECK_STR(json_string_value(json_object_get(r->json, "status")), "solved");
  CHECK_INT(json_integer_value(json_object_get(r->json, "budget")), 300000);
  json_t *programs = json_object_get(r->json, "programs");
  CHECK(json_array_size(programs) >= 1);
  const char *text = json_string_value(json_object_get(json_array_get(programs, 0), "text"));
  CHECK(text && strstr(text, "def solve(I):") != NULL);
  CHECK_INT(json_integer_value(json_object_get(json_array_get(programs, 0), "demos_right")), 4);
  CHECK(json_integer_value(json_object_get(r->json, "work")) <= 300000 + 100000);
  /* attempt_1 of the one test input is the task file's test output */
  json_error_t jerr;
  json_t *task = json_load_file(TESSERA_SOURCE_DIR "/data/arc-agi-1/training/4c4377d9.json", 0, &jerr);
  CHECK(task != NULL);
  json_t *want = json_object_get(json_array_get(json_object_get(task, "test"), 0), "output");
  json_t *attempts = json_object_get(r->json, "attempts");
  CHECK_INT(json_array_size(attempts), 1);
  CHECK(want && json_equal(json_array_get(json_array_get(attempts, 0), 0), want));
  CHECK_INT(json_array_size(json_array_get(attempts, 0)), 2);
  json_decref(task);
  /* no body: the default budget */
  r = call(app, "POST", "/arc/tasks/4c4377d9/solve", NULL);
  CHECK_INT(r->resp.status, 200);
  CHECK_INT(json_integer_value(json_object_get(r->json, "budget")), 2000000);
  fixture_close(&f);
}

TEST(solve_errors_and_the_cap) {
  app_fixture f;
  srv_app *app = fixture_open(&f, true, false);
  const reply *r = call(app, "POST", "/arc/tasks/nope/solve", "{}");
  CHECK_INT(r->resp.status, 404);
  CHECK_STR(error_code(r), "not_found");
  const char *bad[] = {"{\"budget\": 0}", "{\"budget\": 20000001}", "{\"budget\": \"5\"}", "{\"budget\": -1}",
                       "{\"budget\": 1.5}", "{\"program\": \"x\"}", "[]", "\"budget\""};
  for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
    r = call(app, "POST", "/arc/tasks/4c4377d9/solve", bad[k]);
    CHECK_INT(r->resp.status, 400);
  }
  r = call(app, "POST", "/arc/tasks/4c4377d9/solve", "{\"budget\": ");
  CHECK_INT(r->resp.status, 400);
  CHECK_STR(error_code(r), "bad_json");
  r = call(app, "POST", "/arc/tasks/4c4377d9/solve", "{\"budget\": 0}");
  CHECK_STR(json_string_value(json_object_get(json_object_get(r->json, "error"), "path")), "budget");
  /* a search already running: told to retry */
  app->solves_active = 1;
  r = call(app, "POST", "/arc/tasks/4c4377d9/solve", "{\"budget\": 1000}");
  CHECK_INT(r->resp.status, 503);
  CHECK_STR(error_code(r), "busy");
  CHECK_STR(header(r, "Retry-After"), "1");
  app->solves_active = 0;
  r = call(app, "POST", "/arc/tasks/4c4377d9/solve", "{\"budget\": 1000}");
  CHECK_INT(r->resp.status, 200);
  CHECK_INT(app->solves_active, 0);
  fixture_close(&f);
}
