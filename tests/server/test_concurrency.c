/*
 * test_concurrency.c - edits of one blueprint from several threads at once,
 * through srv_handle: with a version, exactly one edit per version wins and
 * the others get 409; without, every edit is applied in turn (none lost).
 * The history afterwards is a chain with no gap. Also the content cache:
 * a blueprint served again is not parsed again, and its readers may
 * overlap with eviction.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "server_fixture.h"

#define THREADS 4
#define EDITS 40

typedef struct worker_arg {
  srv_app *app;
  int index;
  bool with_version;
  int ok, stale, other, stored;
} worker_arg;

/* The head version read through the API. */
static int64_t head_version(srv_app *app) {
  srv_request req = {.method = "GET", .target = "/blueprints/1"};
  srv_response resp;
  srv_handle(app, &req, &resp);
  json_t *doc = json_loadb(resp.body, resp.len, 0, NULL);
  int64_t v = json_integer_value(json_object_get(doc, "version"));
  json_decref(doc);
  srv_response_free(&resp);
  return v;
}

static void *edit_loop(void *p) {
  worker_arg *a = p;
  static const char *const colours[] = {"red", "navy", "green", "purple"};
  for (int i = 0; i < EDITS; i++) {
    char body[200];
    int64_t v = a->with_version ? head_version(a->app) : -1;
    /* a thread's consecutive edits always differ in colour */
    int n = snprintf(body, sizeof body, "{\"command\": \"make the subscribe button %s\"",
                     colours[(a->index + i) % 4]);
    if (v > 0) n += snprintf(body + n, sizeof body - (size_t)n, ", \"version\": %lld", (long long)v);
    snprintf(body + n, sizeof body - (size_t)n, "}");
    srv_request req = {.method = "POST", .target = "/blueprints/1/edit", .body = body, .body_len = strlen(body)};
    srv_response resp;
    srv_handle(a->app, &req, &resp);
    for (int h = 0; h < resp.n_headers; h++)
      if (!strcmp(resp.headers[h].name, "X-Blueprint-Stored") && !strcmp(resp.headers[h].value, "true")) a->stored++;
    if (resp.status == 200) a->ok++;
    else if (resp.status == 409) a->stale++;
    else a->other++;
    srv_response_free(&resp);
  }
  return NULL;
}

/* Versions chain: version k has parent k - 1. */
static bool linear_history(srv_app *app, int64_t *count) {
  const reply *r = call(app, "GET", "/blueprints/1/versions", NULL);
  json_t *vs = json_object_get(r->json, "versions");
  *count = (int64_t)json_array_size(vs);
  for (size_t i = 1; i < json_array_size(vs); i++) {
    json_t *v = json_array_get(vs, i);
    if (json_integer_value(json_object_get(v, "version")) != (json_int_t)i + 1 ||
        json_integer_value(json_object_get(v, "parent")) != (json_int_t)i)
      return false;
  }
  return true;
}

/* An app holding the catalog blueprint as blueprint 1. */
static srv_app *open_with_catalog(app_fixture *f) {
  srv_app *app = fixture_open(f, false, false);
  char *body = create_body("catalog.json");
  CHECK_INT(call(app, "POST", "/blueprints", body)->resp.status, 201);
  free(body);
  return app;
}

static void run_threads(srv_app *app, bool with_version, worker_arg *args) {
  pthread_t t[THREADS];
  for (int i = 0; i < THREADS; i++) {
    args[i] = (worker_arg){.app = app, .index = i, .with_version = with_version};
    pthread_create(&t[i], NULL, edit_loop, &args[i]);
  }
  for (int i = 0; i < THREADS; i++) pthread_join(t[i], NULL);
}

TEST(concurrent_edits_with_versions_one_winner_per_version) {
  app_fixture f;
  srv_app *app = open_with_catalog(&f);
  worker_arg args[THREADS];
  run_threads(app, true, args);
  int ok = 0, stale = 0, other = 0, stored = 0;
  for (int i = 0; i < THREADS; i++)
    ok += args[i].ok, stale += args[i].stale, other += args[i].other, stored += args[i].stored;
  CHECK_INT(ok + stale, THREADS * EDITS);
  CHECK_INT(other, 0);
  int64_t count;
  CHECK(linear_history(app, &count));
  CHECK_INT(count, 1 + stored); /* every stored edit is one version, in order */
  CHECK(ok > 0);
  fixture_close(&f);
}

TEST(concurrent_edits_without_versions_are_all_applied) {
  app_fixture f;
  srv_app *app = open_with_catalog(&f);
  worker_arg args[THREADS];
  run_threads(app, false, args);
  int ok = 0, stored = 0;
  for (int i = 0; i < THREADS; i++) {
    ok += args[i].ok;
    stored += args[i].stored;
    CHECK_INT(args[i].stale + args[i].other, 0);
  }
  CHECK_INT(ok, THREADS * EDITS);
  int64_t count;
  CHECK(linear_history(app, &count));
  CHECK_INT(count, 1 + stored); /* none lost: every stored edit is one version */
  CHECK(stored > THREADS);
  fixture_close(&f);
}

TEST(content_cache_hits_and_survives_eviction) {
  app_fixture f;
  srv_app *app = fixture_open(&f, false, false);
  char *body = create_body("storefront.json");
  call(app, "POST", "/blueprints", body);
  free(body);
  uint64_t h0, m0, h1, m1;
  srv_bpcache_stats(app->bpcache, &h0, &m0);
  for (int i = 0; i < 5; i++) CHECK_INT(call(app, "GET", "/blueprints/1/check", NULL)->resp.status, 200);
  srv_bpcache_stats(app->bpcache, &h1, &m1);
  CHECK_INT(m1 - m0, 1);
  CHECK_INT(h1 - h0, 4);
  /* hold one loaded blueprint while more documents than the table holds pass */
  const reply *r = call(app, "GET", "/blueprints/1", NULL);
  char *json = json_dumps(json_object_get(r->json, "blueprint"), 0);
  srv_bp_ref ref;
  const design_blueprint *held = srv_bpcache_load(app->bpcache, json, strlen(json), &ref);
  CHECK(held != NULL);
  for (int i = 0; i < SRV_BPCACHE_SLOTS + 8; i++) {
    char other[160];
    int n = snprintf(other, sizeof other, "{\"screen_id\": \"s%d\", \"tokens\": {}, \"components\": []}", i);
    srv_bp_ref r2;
    const design_blueprint *bp = srv_bpcache_load(app->bpcache, other, (size_t)n, &r2);
    CHECK(bp != NULL);
    srv_bpcache_release(app->bpcache, r2);
  }
  char *again = design_blueprint_json(held); /* still valid after eviction */
  CHECK(again && strstr(again, "\"screen_id\": \"home\"") != NULL);
  free(again);
  srv_bpcache_release(app->bpcache, ref);
  srv_bp_ref bad;
  CHECK(srv_bpcache_load(app->bpcache, "{", 1, &bad) == NULL);
  free(json);
  fixture_close(&f);
}
