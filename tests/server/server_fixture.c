/*
 * server_fixture.c - see server_fixture.h.
 */
#include "server_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "tessera/readfile.h"

static void write_text(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  if (f) {
    fputs(text, f);
    fclose(f);
  }
}

static void make_web(app_fixture *f) {
  char p[320];
  snprintf(f->web, sizeof f->web, "%s/web", f->dir);
  mkdir(f->web, 0755);
  snprintf(p, sizeof p, "%s/index.html", f->web);
  write_text(p, "<!doctype html><title>studio</title>\n");
  snprintf(p, sizeof p, "%s/app.js", f->web);
  write_text(p, "export const x = 1;\n");
  snprintf(p, sizeof p, "%s/sub", f->web);
  mkdir(p, 0755);
  snprintf(p, sizeof p, "%s/sub/index.html", f->web);
  write_text(p, "sub index\n");
  snprintf(p, sizeof p, "%s/.hidden", f->web);
  write_text(p, "SECRET hidden\n");
  snprintf(p, sizeof p, "%s/secret.txt", f->dir);
  write_text(p, "SECRET\n");
  char link[320];
  snprintf(link, sizeof link, "%s/leak.txt", f->web);
  symlink(p, link);
  snprintf(link, sizeof link, "%s/outside", f->web);
  symlink(f->dir, link);
  snprintf(p, sizeof p, "%s/pipe.txt", f->web);
  mkfifo(p, 0644);
}

srv_app *fixture_open(app_fixture *f, bool with_tasks, bool read_only) {
  memset(f, 0, sizeof *f);
  snprintf(f->dir, sizeof f->dir, "/tmp/tessera-test-server-XXXXXX");
  if (!mkdtemp(f->dir)) return NULL;
  snprintf(f->store, sizeof f->store, "%s/studio.db", f->dir);
  make_web(f);
  char err[512];
  if (read_only) { /* a read-only store must exist first */
    srv_config cfg = {.store_path = f->store};
    srv_app_close(srv_app_open(&cfg, err, sizeof err));
  }
  srv_config cfg = {.store_path = f->store,
                    .web_dir = f->web,
                    .tasks_path = with_tasks ? test_path("data/arc-agi-1/training") : NULL,
                    .max_body = 1 << 20,
                    .read_only = read_only,
                    .version = "9.9.9"};
  f->app = srv_app_open(&cfg, err, sizeof err);
  if (!f->app) fprintf(stderr, "fixture: %s\n", err);
  return f->app;
}

static reply last;

static void clear_last(void) {
  srv_response_free(&last.resp);
  json_decref(last.json);
  last.json = NULL;
}

void fixture_close(app_fixture *f) {
  clear_last();
  srv_app_close(f->app);
  char cmd[256];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
  if (system(cmd) != 0) fprintf(stderr, "fixture: cannot remove %s\n", f->dir);
}

const reply *call_len(srv_app *app, const char *method, const char *target, const char *body, size_t len) {
  clear_last();
  srv_request req = {.method = method, .target = target, .body = body, .body_len = len};
  srv_handle(app, &req, &last.resp);
  if (last.resp.content_type && !strcmp(last.resp.content_type, "application/json"))
    last.json = json_loadb(last.resp.body, last.resp.len, 0, NULL);
  return &last;
}

const reply *call(srv_app *app, const char *method, const char *target, const char *body) {
  return call_len(app, method, target, body, body ? strlen(body) : 0);
}

const char *error_code(const reply *r) {
  const char *code = json_string_value(json_object_get(json_object_get(r->json, "error"), "code"));
  return code ? code : "";
}

const char *header(const reply *r, const char *name) {
  for (int i = 0; i < r->resp.n_headers; i++)
    if (!strcmp(r->resp.headers[i].name, name)) return r->resp.headers[i].value;
  return NULL;
}

char *create_body(const char *blueprint_file) {
  char rel[256], err[256];
  snprintf(rel, sizeof rel, "data/design/blueprints/%s", blueprint_file);
  char *text = tc_read_file(test_path(rel), 0, NULL, err, sizeof err);
  char *body = NULL;
  if (text && asprintf(&body, "{\"blueprint\": %s}", text) < 0) body = NULL;
  free(text);
  return body;
}
