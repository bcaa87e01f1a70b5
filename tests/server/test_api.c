/*
 * test_api.c - the JSON API through srv_handle, without sockets: every
 * route, the result of an edit equal byte for byte to the design library's
 * (what `tessera design edit` prints), versions stored only on success,
 * stale versions, undo/redo, and the error of every kind of bad request.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "server_fixture.h"
#include "tessera/readfile.h"

static int64_t create(srv_app *app, const char *file) {
  char *body = create_body(file);
  const reply *r = call(app, "POST", "/blueprints", body);
  free(body);
  CHECK_INT(r->resp.status, 201);
  return json_integer_value(json_object_get(r->json, "id"));
}

static char *edit_body(const char *command, int version) {
  json_t *o = json_pack("{s:s}", "command", command);
  if (version > 0) json_object_set_new(o, "version", json_integer(version));
  char *s = json_dumps(o, 0);
  json_decref(o);
  return s;
}

static int status_of(srv_app *app, const char *method, const char *target, const char *body) {
  return call(app, method, target, body)->resp.status;
}

TEST(api_health_and_version) {
  app_fixture f;
  srv_app *app = fixture_open(&f, false, false);
  CHECK(app != NULL);
  const reply *r = call(app, "GET", "/health", NULL);
  CHECK_INT(r->resp.status, 200);
  CHECK_STR(json_string_value(json_object_get(r->json, "store")), "read-write");
  r = call(app, "GET", "/version", NULL);
  CHECK_STR(json_string_value(json_object_get(r->json, "version")), "9.9.9");
  CHECK_INT(status_of(app, "HEAD", "/health", NULL), 200);
  fixture_close(&f);
}

TEST(api_edit_returns_the_design_result_and_stores_on_success) {
  app_fixture f;
  srv_app *app = fixture_open(&f, false, false);
  int64_t id = create(app, "storefront.json");
  CHECK_INT(id, 1);
  const char *command = "make the button red and move it to the top";

  /* what the design library (and so `tessera design edit`) answers */
  char err[256];
  size_t len;
  char *text = tc_read_file(test_path("data/design/blueprints/storefront.json"), 0, &len, err, sizeof err);
  design_blueprint *bp = design_blueprint_load(text, len, NULL);
  design_engine *e = design_engine_new(0);
  char *expected = design_result_json(design_edit(e, bp, command, NULL));

  char *body = edit_body(command, 1);
  const reply *r = call(app, "POST", "/blueprints/1/edit", body);
  free(body);
  CHECK_INT(r->resp.status, 200);
  CHECK(r->resp.len == strlen(expected) && memcmp(r->resp.body, expected, r->resp.len) == 0);
  CHECK_STR(header(r, "X-Blueprint-Version"), "2");
  CHECK_STR(header(r, "X-Blueprint-Stored"), "true");

  /* the stored head is the result's blueprint */
  json_t *result = json_loads(expected, 0, NULL);
  r = call(app, "GET", "/blueprints/1", NULL);
  CHECK_INT(json_integer_value(json_object_get(r->json, "version")), 2);
  CHECK(json_equal(json_object_get(r->json, "blueprint"), json_object_get(result, "blueprint")));
  CHECK(json_is_true(json_object_get(r->json, "can_undo")));
  json_decref(result);

  /* a refused edit (ambiguous here) answers 200 with its result and stores nothing */
  body = edit_body("make the card blue", 2);
  r = call(app, "POST", "/blueprints/1/edit", body);
  free(body);
  CHECK_INT(r->resp.status, 200);
  CHECK(strcmp(json_string_value(json_object_get(r->json, "status")), "success") != 0);
  CHECK_STR(header(r, "X-Blueprint-Stored"), "false");
  CHECK_STR(header(r, "X-Blueprint-Version"), "2");
  r = call(app, "GET", "/blueprints/1/versions", NULL);
  CHECK_INT(json_array_size(json_object_get(r->json, "versions")), 2);
  const char *stored_cmd = json_string_value(
      json_object_get(json_array_get(json_object_get(r->json, "versions"), 1), "command"));
  CHECK_STR(stored_cmd, command);

  free(expected);
  design_engine_free(e);
  design_blueprint_free(bp);
  free(text);
  fixture_close(&f);
}

/* The stored blueprint is cut from the result document instead of being
 * written again (srv_result_blueprint_json): it must be byte for byte what
 * design_result_blueprint_json writes, for every edit of the corpus on
 * every corpus blueprint, and for edits chained on their results. */
static int compare_cut(design_engine *e, const design_blueprint *bp, const char *command, int *compared) {
  const design_result *r = design_edit(e, bp, command, NULL);
  if (!r) return 1;
  design_status st = design_result_status(r);
  if (st != DESIGN_SUCCESS && st != DESIGN_PARTIAL) return 0;
  char *doc = design_result_json(r);
  char *written = design_result_blueprint_json(r);
  size_t len = 0;
  char *cut = srv_result_blueprint_json(doc, &len);
  int bad = !cut || !written || len != strlen(written) || memcmp(cut, written, len) != 0;
  if (bad) fprintf(stderr, "cut blueprint differs for \"%s\"\n", command);
  (*compared)++;
  free(doc);
  free(written);
  free(cut);
  return bad;
}

TEST(api_stored_blueprint_cut_from_the_result_is_the_written_one) {
  static const char *const files[] = {"storefront.json", "catalog.json", "landing.json", "about.json"};
  char err[256];
  size_t len;
  char *commands = tc_read_file(test_path("data/design/bench_commands.txt"), 0, &len, err, sizeof err);
  char *acceptance = tc_read_file(test_path("data/design/acceptance.jsonl"), 0, &len, err, sizeof err);
  CHECK(commands && acceptance);
  if (!commands || !acceptance) return;
  /* the commands: one a line, and each acceptance case's "command" */
  const char *list[128];
  int n = 0;
  for (char *line = strtok(commands, "\n"); line && n < 64; line = strtok(NULL, "\n")) list[n++] = line;
  json_t *cases[64];
  int n_cases = 0;
  for (char *line = strtok(acceptance, "\n"); line && n_cases < 64; line = strtok(NULL, "\n")) {
    json_t *c = json_loads(line, 0, NULL);
    const char *command = json_string_value(json_object_get(c, "command"));
    if (command && n < 128) {
      list[n++] = command;
      cases[n_cases++] = c;
    } else {
      json_decref(c);
    }
  }
  CHECK(n > 30);
  design_engine *e = design_engine_new(64);
  int bad = 0, compared = 0;
  for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
    char rel[128];
    snprintf(rel, sizeof rel, "data/design/blueprints/%s", files[f]);
    char *text = tc_read_file(test_path(rel), 0, &len, err, sizeof err);
    design_blueprint *bp = text ? design_blueprint_load(text, len, NULL) : NULL;
    CHECK(bp != NULL);
    for (int i = 0; bp && i < n; i++) bad += compare_cut(e, bp, list[i], &compared);
    /* chained: each command on the blueprint the one before made */
    for (int i = 0; bp && i < n; i++) {
      const design_result *r = design_edit(e, bp, list[i], NULL);
      design_status st = r ? design_result_status(r) : DESIGN_INVALID;
      char *next = st == DESIGN_SUCCESS || st == DESIGN_PARTIAL ? design_result_blueprint_json(r) : NULL;
      if (!next) continue;
      design_blueprint *nb = design_blueprint_load(next, strlen(next), NULL);
      free(next);
      if (!nb) continue;
      design_blueprint_free(bp);
      bp = nb;
      if (i + 1 < n) bad += compare_cut(e, bp, list[i + 1], &compared);
    }
    design_blueprint_free(bp);
    free(text);
  }
  CHECK_INT(bad, 0);
  CHECK(compared > 100);
  /* documents not shaped as a result: NULL, so the caller writes it */
  CHECK(srv_result_blueprint_json("{}", &len) == NULL);
  CHECK(srv_result_blueprint_json("{\n  \"status\": \"success\",\n  \"blueprint\": {\n\"x\": 1\n  }\n}", &len) == NULL);
  CHECK(srv_result_blueprint_json(NULL, &len) == NULL);
  design_engine_free(e);
  for (int i = 0; i < n_cases; i++) json_decref(cases[i]);
  free(commands);
  free(acceptance);
}

TEST(api_stale_version_is_409_and_undo_redo_move_the_head) {
  app_fixture f;
  srv_app *app = fixture_open(&f, false, false);
  create(app, "storefront.json");
  char *red = edit_body("make the button red", 1), *blue = edit_body("make the button blue", 1);
  CHECK_INT(status_of(app, "POST", "/blueprints/1/edit", red), 200);
  const reply *r = call(app, "POST", "/blueprints/1/edit", blue);
  CHECK_INT(r->resp.status, 409);
  CHECK_STR(error_code(r), "stale_version");
  CHECK_STR(json_string_value(json_object_get(json_object_get(r->json, "error"), "path")), "version");
  r = call(app, "POST", "/blueprints/1/undo", "{\"version\": 2}");
  CHECK_INT(r->resp.status, 200);
  CHECK_INT(json_integer_value(json_object_get(r->json, "version")), 1);
  CHECK(json_is_true(json_object_get(r->json, "can_redo")));
  CHECK_INT(status_of(app, "POST", "/blueprints/1/undo", NULL), 409);
  r = call(app, "POST", "/blueprints/1/redo", NULL);
  CHECK_INT(r->resp.status, 200);
  CHECK_INT(json_integer_value(json_object_get(r->json, "version")), 2);
  /* version 1 still is the original */
  r = call(app, "GET", "/blueprints/1/versions/1", NULL);
  CHECK_INT(r->resp.status, 200);
  CHECK(strstr(r->resp.body, "\"screen_id\": \"home\"") != NULL);
  CHECK_INT(status_of(app, "GET", "/blueprints/1/versions/0", NULL), 404);
  free(red);
  free(blue);
  fixture_close(&f);
}

TEST(api_create_replace_delete_list) {
  app_fixture f;
  srv_app *app = fixture_open(&f, false, false);
  create(app, "storefront.json");
  char *landing = create_body("landing.json");
  const reply *r = call(app, "PUT", "/blueprints/1", landing);
  CHECK_INT(r->resp.status, 200);
  CHECK_INT(json_integer_value(json_object_get(r->json, "version")), 2);
  json_t *sent = json_loads(landing, 0, NULL);
  CHECK_STR(json_string_value(json_object_get(json_object_get(r->json, "blueprint"), "screen_id")),
            json_string_value(json_object_get(json_object_get(sent, "blueprint"), "screen_id")));
  json_decref(sent);
  r = call(app, "POST", "/blueprints", "{\"name\": \"mine\", \"blueprint\": {\"screen_id\": \"s\", \"tokens\": {}, \"components\": []}}");
  CHECK_INT(r->resp.status, 201);
  CHECK_STR(header(r, "Location"), "/blueprints/2");
  r = call(app, "GET", "/blueprints", NULL);
  json_t *list = json_object_get(r->json, "blueprints");
  CHECK_INT(json_array_size(list), 2);
  CHECK_STR(json_string_value(json_object_get(json_array_get(list, 1), "name")), "mine");
  CHECK_INT(status_of(app, "DELETE", "/blueprints/1", "{\"version\": 1}"), 409);
  CHECK_INT(status_of(app, "DELETE", "/blueprints/1", NULL), 200);
  CHECK_INT(status_of(app, "GET", "/blueprints/1", NULL), 404);
  CHECK_INT(status_of(app, "DELETE", "/blueprints/1", NULL), 404);
  free(landing);
  fixture_close(&f);
}

TEST(api_invalid_blueprint_lists_every_problem) {
  app_fixture f;
  srv_app *app = fixture_open(&f, false, false);
  const reply *r = call(app, "POST", "/blueprints",
                        "{\"blueprint\": {\"screen_id\": \"s\", \"tokens\": {}, \"components\": "
                        "[{\"id\": \"a\", \"type\": \"button\", \"bbox\": [0, 0, 0, 10]}, {\"id\": \"a\", \"type\": \"zz\", \"bbox\": [1,1,1,1]}]}}");
  CHECK_INT(r->resp.status, 422);
  CHECK_STR(error_code(r), "invalid_blueprint");
  const char *path = json_string_value(json_object_get(json_object_get(r->json, "error"), "path"));
  CHECK(path && strncmp(path, "blueprint.components[0]", 23) == 0);
  const char *msg = json_string_value(json_object_get(json_object_get(r->json, "error"), "message"));
  CHECK(msg && strstr(msg, "components[1]") != NULL);
  r = call(app, "GET", "/blueprints", NULL);
  CHECK_INT(r->resp.status, 200);
  CHECK_INT(json_array_size(json_object_get(r->json, "blueprints")), 0);
  fixture_close(&f);
}

TEST(api_check_and_fix) {
  app_fixture f;
  srv_app *app = fixture_open(&f, false, false);
  create(app, "catalog.json");
  const reply *r = call(app, "GET", "/blueprints/1/check", NULL);
  CHECK_INT(r->resp.status, 200);
  CHECK(json_object_get(r->json, "violations") != NULL);
  r = call(app, "POST", "/blueprints/1/fix", "{\"version\": 1}");
  CHECK_INT(r->resp.status, 200);
  CHECK(json_object_get(r->json, "changes") != NULL);
  char *body = create_body("catalog.json");
  r = call(app, "POST", "/check", body);
  CHECK_INT(r->resp.status, 200);
  CHECK(json_is_string(json_object_get(r->json, "status")));
  r = call(app, "POST", "/fix", body);
  CHECK_INT(r->resp.status, 200);
  free(body);
  fixture_close(&f);
}

TEST(api_bad_bodies_get_clean_errors) {
  app_fixture f;
  srv_app *app = fixture_open(&f, false, false);
  create(app, "storefront.json");
  struct {
    const char *body;
    size_t len;
    int status;
    const char *code, *path;
  } cases[] = {
      {"{", 1, 400, "bad_json", "body"},
      {"{\"command\": 1}", 14, 400, "bad_request", "command"},
      {"[1]", 3, 400, "bad_request", "body"},
      {"{\"command\": \"x\", \"command\": \"y\"}", 32, 400, "bad_json", "body"},
      {"{\"command\": \"\xff\"}", 16, 400, "bad_json", "body"},
      {"{\"command\": \"a\\u0000b\"}", 23, 400, "bad_json", "body"},
      {"{\"command\": \"x\", \"version\": \"2\"}", 32, 400, "bad_request", "version"},
      {"{\"command\": \"x\", \"version\": -3}", 31, 400, "bad_request", "version"},
      {"{\"command\": \"x\", \"partial\": 1}", 30, 400, "bad_request", "partial"},
      {"{\"command\": \"x\"}\0junk", 21, 400, "bad_json", "body"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const reply *r = call_len(app, "POST", "/blueprints/1/edit", cases[i].body, cases[i].len);
    CHECK_INT(r->resp.status, cases[i].status);
    CHECK_STR(error_code(r), cases[i].code);
    CHECK_STR(json_string_value(json_object_get(json_object_get(r->json, "error"), "path")), cases[i].path);
  }
  /* deep nesting is refused by the parser, not by a crash */
  size_t depth = 100000;
  char *deep = malloc(depth * 2 + 1);
  memset(deep, '[', depth);
  memset(deep + depth, ']', depth);
  const reply *r = call_len(app, "POST", "/blueprints/1/edit", deep, depth * 2);
  CHECK_INT(r->resp.status, 400);
  CHECK_STR(error_code(r), "bad_json");
  free(deep);
  /* nothing of that was stored */
  r = call(app, "GET", "/blueprints/1", NULL);
  CHECK_INT(json_integer_value(json_object_get(r->json, "version")), 1);
  fixture_close(&f);
}

TEST(api_bad_targets_and_methods) {
  app_fixture f;
  srv_app *app = fixture_open(&f, false, false);
  struct {
    const char *method, *target;
    int status;
    const char *code;
  } cases[] = {
      {"GET", "/nope/such/thing", 404, "not_found"},
      {"GET", "/blueprints/abc", 404, "not_found"},
      {"GET", "/blueprints/0", 404, "not_found"},
      {"GET", "/blueprints/99999999999999999999999", 404, "not_found"},
      {"GET", "/blueprints/1/nothing", 404, "not_found"},
      {"PATCH", "/blueprints", 405, "method_not_allowed"},
      {"BREW", "/health", 405, "method_not_allowed"},
      {"DELETE", "/index.html", 405, "method_not_allowed"},
      {"GET", "health", 400, "bad_request"},
      {"GET", "", 400, "bad_request"},
      {"GET", "/bad%zzescape", 400, "bad_request"},
      {"GET", "/bad%0", 400, "bad_request"},
      {"GET", "/nul%00byte", 400, "bad_request"},
      {"GET", "/latin%E9", 400, "bad_request"},
      {"GET", "/overlong%C0%AF", 400, "bad_request"},
      {"GET", "/a/b/c/d/e/f/g/h/i/j", 404, "not_found"},
      {"GET", "/health?x=%zz", 400, "bad_request"},
      {"GET", "/arc/tasks", 404, "not_found"}, /* no --tasks */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const reply *r = call(app, cases[i].method, cases[i].target, NULL);
    CHECK_INT(r->resp.status, cases[i].status);
    CHECK_STR(error_code(r), cases[i].code);
  }
  const reply *r = call(app, "PATCH", "/blueprints/1", NULL);
  CHECK_STR(header(r, "Allow"), "GET, PUT, DELETE");
  char *longer = malloc(9000);
  memset(longer, 'a', 8999);
  longer[0] = '/';
  longer[8999] = 0;
  CHECK_INT(status_of(app, "GET", longer, NULL), 414);
  free(longer);
  CHECK_INT(status_of(app, NULL, "/health", NULL), 405);
  CHECK_INT(status_of(app, "GET", NULL, NULL), 400);
  fixture_close(&f);
}

TEST(api_web_files_only_through_the_checked_resolver) {
  app_fixture f;
  srv_app *app = fixture_open(&f, false, false);
  const reply *r = call(app, "GET", "/", NULL);
  CHECK_INT(r->resp.status, 200);
  CHECK_STR(r->resp.content_type, "text/html; charset=utf-8");
  CHECK(header(r, "Content-Security-Policy") != NULL);
  r = call(app, "GET", "/app.js", NULL);
  CHECK_INT(r->resp.status, 200);
  CHECK_STR(r->resp.content_type, "text/javascript; charset=utf-8");
  r = call(app, "GET", "/sub/", NULL);
  CHECK_INT(r->resp.status, 200);
  CHECK(r->resp.len == 10 && memcmp(r->resp.body, "sub index\n", 10) == 0);
  const char *refused[] = {"/leak.txt",        "/outside/secret.txt", "/.hidden",
                           "/../secret.txt",   "/%2e%2e/secret.txt",  "/sub/..%2f..%2fsecret.txt",
                           "/pipe.txt",        "/sub/../../secret.txt", "//tmp/x",
                           "/index.html%00.js", "/sub%2findex.html",  "/missing.js"};
  for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
    r = call(app, "GET", refused[i], NULL);
    CHECK(r->resp.status == 404 || r->resp.status == 400);
    CHECK(!r->resp.body || !memmem(r->resp.body, r->resp.len, "SECRET", 6));
  }
  fixture_close(&f);
}

TEST(api_read_only_store_serves_reads) {
  app_fixture f;
  srv_app *app = fixture_open(&f, false, true);
  CHECK(app != NULL);
  CHECK_INT(status_of(app, "GET", "/blueprints", NULL), 200);
  char *body = create_body("storefront.json");
  const reply *r = call(app, "POST", "/blueprints", body);
  CHECK_INT(r->resp.status, 403);
  CHECK_STR(error_code(r), "read_only");
  CHECK_INT(status_of(app, "POST", "/check", body), 200);
  free(body);
  fixture_close(&f);
}

TEST(api_arc_tasks_and_program_runs) {
  app_fixture f;
  srv_app *app = fixture_open(&f, true, false);
  const reply *r = call(app, "GET", "/arc/tasks", NULL);
  CHECK_INT(r->resp.status, 200);
  CHECK_INT(json_integer_value(json_object_get(r->json, "count")), 400);
  r = call(app, "GET", "/arc/tasks/007bbfb7", NULL);
  CHECK_INT(json_array_size(json_object_get(r->json, "train")), 5);
  r = call(app, "GET", "/arc/tasks/007bbfb7.png", NULL);
  CHECK_STR(r->resp.content_type, "image/png");
  CHECK(r->resp.len > 8 && memcmp(r->resp.body, "\x89PNG\r\n\x1a\n", 8) == 0);
  CHECK_INT(status_of(app, "GET", "/arc/tasks/nope", NULL), 404);
  CHECK_INT(status_of(app, "GET", "/arc/tasks/..%2f..%2fetc%2fpasswd", NULL), 400);
  const char *good = "{\"program\": \"def solve_007bbfb7(I):\\n    x1 = hupscale(I, THREE)\\n"
                     "    x2 = vupscale(x1, THREE)\\n    x3 = hconcat(I, I)\\n    x4 = hconcat(x3, I)\\n"
                     "    x5 = vconcat(x4, x4)\\n    x6 = vconcat(x5, x4)\\n    O = cellwise(x2, x6, ZERO)\\n"
                     "    return O\\n\"}";
  r = call(app, "POST", "/arc/tasks/007bbfb7/run", good);
  CHECK_INT(r->resp.status, 200);
  CHECK(json_is_true(json_object_get(r->json, "solved")));
  CHECK_INT(json_array_size(json_object_get(r->json, "pairs")), 6);
  /* a budget too small stops the run with an error, deterministically */
  char *tight = malloc(strlen(good) + 32);
  sprintf(tight, "%.*s, \"budget\": 50}", (int)strlen(good) - 1, good);
  r = call(app, "POST", "/arc/tasks/007bbfb7/run", tight);
  CHECK_INT(r->resp.status, 200);
  CHECK(json_is_false(json_object_get(r->json, "solved")));
  CHECK_STR(json_string_value(json_object_get(json_array_get(json_object_get(r->json, "pairs"), 0), "status")), "error");
  free(tight);
  r = call(app, "POST", "/arc/tasks/007bbfb7/run", "{\"program\": \"def solve_007bbfb7(I):\\n    return I\\n\", \"budget\": 0}");
  CHECK_INT(r->resp.status, 400);
  CHECK_STR(json_string_value(json_object_get(json_object_get(r->json, "error"), "path")), "budget");
  r = call(app, "POST", "/arc/tasks/007bbfb7/run", "{\"program\": \"def solve_007bbfb7(I):\\n    return nope(I)\\n\"}");
  CHECK_STR(error_code(r), "bad_program");
  r = call(app, "POST", "/arc/tasks/007bbfb7/run", "{\"program\": \"def other(I):\\n    return I\\n\"}");
  CHECK_STR(error_code(r), "bad_program");
  /* the search on one task (arc solve's driver): 3c9b0459 is a rot180 */
  r = call(app, "POST", "/arc/tasks/3c9b0459/solve", "{\"budget\": 2000000}");
  CHECK_INT(r->resp.status, 200);
  CHECK_STR(json_string_value(json_object_get(r->json, "id")), "3c9b0459");
  CHECK_STR(json_string_value(json_object_get(r->json, "status")), "solved");
  CHECK_INT(json_integer_value(json_object_get(r->json, "budget")), 2000000);
  CHECK(json_integer_value(json_object_get(r->json, "work")) <= 2000000 + 1000000);
  json_t *attempts = json_object_get(r->json, "attempts");
  CHECK_INT(json_array_size(attempts), 1);
  CHECK_INT(json_array_size(json_array_get(attempts, 0)), 2);
  /* the expected test output, from the task file: either attempt */
  const reply *task = call(app, "GET", "/arc/tasks/3c9b0459", NULL);
  json_t *want = json_deep_copy(json_object_get(json_array_get(json_object_get(task->json, "test"), 0), "output"));
  r = call(app, "POST", "/arc/tasks/3c9b0459/solve", NULL);
  CHECK_INT(r->resp.status, 200);
  attempts = json_array_get(json_object_get(r->json, "attempts"), 0);
  CHECK(json_equal(json_array_get(attempts, 0), want) || json_equal(json_array_get(attempts, 1), want));
  json_decref(want);
  CHECK_INT(status_of(app, "POST", "/arc/tasks/3c9b0459/solve", "{\"budget\": 0}"), 400);
  CHECK_INT(status_of(app, "POST", "/arc/tasks/nope/solve", NULL), 404);
  CHECK_INT(status_of(app, "GET", "/arc/tasks/3c9b0459/solve", NULL), 405);
  fixture_close(&f);
}
