/*
 * app.c - what every request shares (struct srv_app): the store, the task
 * set, the web folder, the limits, and the pool of idle workers.
 *
 * Workers are created on demand and kept idle between requests, so there
 * are never more than the number of requests that ever ran at the same
 * time (the HTTP thread count). Keeping them saves opening a SQLite
 * connection, preparing its statements and warming a design engine's plan
 * cache on every request.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server/server_internal.h"
#include "tessera/fault.h"
#include "tessera/grow.h"

/* Plans cached per engine: the web editor repeats few commands; a load
 * test repeats the same few thousands of times. */
#define ENGINE_CACHE 256

bool srv_fail(srv_error *err, int status, const char *code, const char *path, const char *fmt, ...) {
  err->status = status;
  err->code = code;
  snprintf(err->path, sizeof err->path, "%s", path ? path : "");
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
  return false;
}

static bool open_web(srv_app *app, const char *dir, char *err, size_t errlen) {
  app->web_fd = -1;
  if (!dir) return true;
  app->web_fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (app->web_fd >= 0) return true;
  snprintf(err, errlen, "%s: cannot open the web folder: %s", dir, strerror(errno));
  return false;
}

static bool load_tasks(srv_app *app, const char *path, char *err, size_t errlen) {
  if (!path) return true;
  arc_error e;
  app->tasks = arc_taskset_load(path, NULL, &e);
  app->tasks_label = tc_strdup(path);
  if (app->tasks && app->tasks_label) return true;
  snprintf(err, errlen, "%s", app->tasks ? "out of memory" : e.message);
  return false;
}

srv_app *srv_app_open(const srv_config *cfg, char *err, size_t errlen) {
  srv_app *app = tc_calloc(1, sizeof *app);
  if (!app) {
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  pthread_mutex_init(&app->lock, NULL);
  for (int i = 0; i < SRV_EDIT_STRIPES; i++) pthread_mutex_init(&app->edit_locks[i], NULL);
  app->web_fd = -1;
  app->max_body = cfg->max_body ? cfg->max_body : SRV_DEFAULT_MAX_BODY;
  app->max_work = cfg->max_work ? cfg->max_work : SRV_DEFAULT_MAX_WORK;
  app->version = tc_strdup(cfg->version ? cfg->version : "unknown");
  app->store = srv_store_open(cfg->store_path, cfg->read_only, err, errlen);
  app->bpcache = srv_bpcache_new();
  if (!app->version || !app->bpcache) snprintf(err, errlen, "out of memory");
  if (!app->version || !app->bpcache || !app->store || !open_web(app, cfg->web_dir, err, errlen) || !load_tasks(app, cfg->tasks_path, err, errlen)) {
    srv_app_close(app);
    return NULL;
  }
  /* One worker up front: a store that opens but cannot be queried fails
   * here, at start, rather than on the first request. */
  srv_error e;
  srv_worker *w = srv_worker_get(app, &e);
  if (!w) {
    snprintf(err, errlen, "%s", e.message);
    srv_app_close(app);
    return NULL;
  }
  srv_worker_put(app, w);
  return app;
}

static void worker_free(srv_worker *w) {
  if (!w) return;
  srv_conn_close(w->conn);
  design_engine_free(w->engine);
  free(w);
}

void srv_app_close(srv_app *app) {
  if (!app) return;
  for (size_t i = 0; i < app->n_idle; i++) worker_free(app->idle[i]);
  free(app->idle);
  srv_store_close(app->store);
  srv_bpcache_free(app->bpcache);
  arc_taskset_free(app->tasks);
  free(app->tasks_label);
  free(app->version);
  if (app->web_fd >= 0) close(app->web_fd);
  pthread_mutex_destroy(&app->lock);
  for (int i = 0; i < SRV_EDIT_STRIPES; i++) pthread_mutex_destroy(&app->edit_locks[i]);
  free(app);
}

pthread_mutex_t *srv_edit_lock(srv_app *app, int64_t blueprint_id) {
  return &app->edit_locks[(uint64_t)blueprint_id % SRV_EDIT_STRIPES];
}

bool srv_app_read_only(const srv_app *app) { return srv_store_read_only(app->store); }
size_t srv_app_max_body(const srv_app *app) { return app->max_body; }
size_t srv_app_task_count(const srv_app *app) { return app->tasks ? app->tasks->count : 0; }

srv_worker *srv_worker_get(srv_app *app, srv_error *err) {
  pthread_mutex_lock(&app->lock);
  srv_worker *w = app->n_idle ? app->idle[--app->n_idle] : NULL;
  pthread_mutex_unlock(&app->lock);
  if (w) return w;
  char msg[256] = "out of memory";
  w = tc_calloc(1, sizeof *w);
  if (w) w->engine = design_engine_new(ENGINE_CACHE);
  if (w && w->engine) w->conn = srv_conn_open(app->store, msg, sizeof msg);
  if (w && w->conn) return w;
  worker_free(w);
  srv_fail(err, 503, "unavailable", "", "cannot start a worker: %s", msg);
  return NULL;
}

void srv_worker_put(srv_app *app, srv_worker *w) {
  pthread_mutex_lock(&app->lock);
  srv_worker **idle = tc_grow(app->idle, app->n_idle, &app->cap_idle, sizeof *idle, 8);
  if (idle) {
    app->idle = idle;
    app->idle[app->n_idle++] = w;
    w = NULL;
  }
  pthread_mutex_unlock(&app->lock);
  worker_free(w); /* no room to keep it: it is simply closed */
}
