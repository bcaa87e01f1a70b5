/*
 * fuzz_http.c - fuzz target for the HTTP request handling of src/server:
 * the router (target decoding, routes, methods), the query and body
 * readers and every handler behind them, called through srv_handle with no
 * socket in between (the MHD side only gathers bytes).
 *
 * Input: "METHOD TARGET" on the first line, then the body (every byte
 * after the first newline). An input without a newline is a GET of that
 * target. The app is opened once on a temporary store that holds one
 * blueprint (id 1, storefront), a web folder with one file and the ARC task
 * set of the tests when it can be found, so edits, runs and file lookups
 * reach real work.
 *
 * Besides crashes, leaks and undefined behaviour, the target checks what
 * server.h promises: every response has a status from the documented set;
 * a JSON response parses; an error response is {"error": {"code",
 * "message", "path"}} with strings; no request makes a 500 (that would be
 * the store failing, which these requests must not cause). Any breach
 * aborts, so libFuzzer keeps the input.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tessera/server.h"

#ifndef TESSERA_SOURCE_DIR
#define TESSERA_SOURCE_DIR "."
#endif

static char dir[64];
static srv_app *app;

static void cleanup(void) {
  srv_app_close(app);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) fprintf(stderr, "fuzz_http: cannot remove %s\n", dir);
}

static void seed_blueprint(void) {
  FILE *f = fopen(TESSERA_SOURCE_DIR "/data/design/blueprints/storefront.json", "rb");
  char buf[1 << 16];
  size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
  if (f) fclose(f);
  buf[n] = 0;
  char *body = NULL;
  if (asprintf(&body, "{\"blueprint\": %s}", n ? buf : "{\"screen_id\": \"s\", \"tokens\": {}, \"components\": []}") < 0)
    abort();
  srv_request req = {.method = "POST", .target = "/blueprints", .body = body, .body_len = strlen(body)};
  srv_response resp;
  srv_handle(app, &req, &resp);
  if (resp.status != 201) abort();
  srv_response_free(&resp);
  free(body);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  snprintf(dir, sizeof dir, "/tmp/fuzz_http.XXXXXX");
  if (!mkdtemp(dir)) abort();
  char store[128], web[128], file[160];
  snprintf(store, sizeof store, "%s/s.db", dir);
  snprintf(web, sizeof web, "%s/web", dir);
  snprintf(file, sizeof file, "%s/index.html", web);
  mkdir(web, 0755);
  FILE *f = fopen(file, "w");
  if (!f) abort();
  fputs("<!doctype html>\n", f);
  fclose(f);
  const char *tasks = TESSERA_SOURCE_DIR "/data/arc-agi-1/training";
  struct stat st;
  srv_config cfg = {.store_path = store, .web_dir = web, .tasks_path = stat(tasks, &st) == 0 ? tasks : NULL,
                    .max_body = 1 << 20, .max_work = 200000, .version = "fuzz"};
  char err[512];
  app = srv_app_open(&cfg, err, sizeof err);
  if (!app) {
    fprintf(stderr, "fuzz_http: %s\n", err);
    abort();
  }
  atexit(cleanup);
  seed_blueprint();
  return 0;
}

static void breach(const char *what, const srv_response *r) {
  fprintf(stderr, "fuzz_http: %s (status %d): %.*s\n", what, r->status, (int)(r->len < 400 ? r->len : 400),
          r->body ? r->body : "");
  abort();
}

static void check_response(const srv_response *r) {
  static const int allowed[] = {200, 201, 400, 403, 404, 405, 409, 413, 414, 415, 422, 503};
  bool known = false;
  for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++) known |= r->status == allowed[i];
  if (!known) breach("undocumented status", r);
  if (!r->content_type || strcmp(r->content_type, "application/json") != 0) return;
  json_t *doc = json_loadb(r->body, r->len, 0, NULL);
  if (!doc) breach("response is not JSON", r);
  if (r->status >= 400) {
    json_t *e = json_object_get(doc, "error");
    if (!json_is_string(json_object_get(e, "code")) || !json_is_string(json_object_get(e, "message")) ||
        !json_is_string(json_object_get(e, "path")))
      breach("error without code, message and path", r);
  }
  json_decref(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const uint8_t *nl = memchr(data, '\n', size);
  size_t line_len = nl ? (size_t)(nl - data) : size;
  char *line = malloc(line_len + 1);
  if (!line) return 0;
  memcpy(line, data, line_len);
  line[line_len] = 0;
  char *space = memchr(line, ' ', line_len);
  const char *method = "GET", *target = line;
  if (space) {
    *space = 0;
    method = line;
    target = space + 1;
  }
  /* the body in a buffer of exactly its size, so ASan sees any over-read */
  size_t body_len = nl ? size - line_len - 1 : 0;
  char *body = malloc(body_len ? body_len : 1);
  if (body_len) memcpy(body, nl + 1, body_len);
  srv_request req = {.method = method, .target = target, .body = body, .body_len = body_len};
  srv_response resp;
  srv_handle(app, &req, &resp);
  check_response(&resp);
  srv_response_free(&resp);
  free(body);
  free(line);
  return 0;
}
