/*
 * api_blueprints.c - the stored blueprints: create, list, get, replace,
 * delete, edit, undo, redo, versions, check and fix (docs/API.md).
 *
 * Writes that derive a new version from the head (edit, fix) read the head,
 * do the design work outside the store's lock, and commit "after the head I
 * read". Edits of one blueprint in this process queue on its edit lock
 * (app.c), so they never collide with each other; another process writing
 * the same store can still move the head in between. When the client named
 * a version, a moved head is its 409. When it did not, the work is redone on
 * the new head (a few times at most), so concurrent edits without a version
 * are applied one after the other and none is lost.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/server_internal.h"
#include "tessera/fault.h"
#include "tessera/json.h"

#define REBASE_TRIES 16

/* {"id", "name", "version", "can_undo", "can_redo", "blueprint"}. */
static bool respond_head(srv_ctx *ctx, int status, const srv_head *h) {
  tc_text t = {0};
  tc_text_printf(&t, "{\"id\": %lld, \"name\": ", (long long)h->id);
  tc_json_string(&t, h->name);
  tc_text_printf(&t, ", \"version\": %lld, \"can_undo\": %s, \"can_redo\": %s, \"blueprint\": ",
                 (long long)h->version, h->can_undo ? "true" : "false", h->can_redo ? "true" : "false");
  tc_text_append(&t, h->json, h->len);
  tc_text_puts(&t, "}\n");
  return srv_respond_text(ctx, status, &t) &&
         srv_add_header(ctx, "X-Blueprint-Version", "%lld", (long long)h->version);
}

/* Reads the head again and answers with it (after a write). */
static bool respond_current(srv_ctx *ctx, srv_worker *w, int64_t id, int status) {
  srv_head h;
  if (!srv_store_head(w->conn, id, &h, &ctx->err)) return false;
  bool ok = respond_head(ctx, status, &h);
  srv_head_free(&h);
  return ok;
}

/* Runs fn(ctx, worker, arg) with a borrowed worker. */
typedef bool (*with_worker_fn)(srv_ctx *ctx, srv_worker *w, void *arg);
static bool with_worker(srv_ctx *ctx, with_worker_fn fn, void *arg) {
  srv_worker *w = srv_worker_get(ctx->app, &ctx->err);
  if (!w) return false;
  bool ok = fn(ctx, w, arg);
  srv_worker_put(ctx->app, w);
  return ok;
}

/* The head as a loaded blueprint, through the content cache; release *ref. */
static bool load_stored(srv_ctx *ctx, const srv_head *h, const design_blueprint **bp, srv_bp_ref *ref) {
  *bp = srv_bpcache_load(ctx->app->bpcache, h->json, h->len, ref);
  if (*bp) return true;
  return srv_fail(&ctx->err, 500, "store_error", "", "stored blueprint %lld version %lld does not load",
                  (long long)h->id, (long long)h->version);
}

/* ---- list, create, get, replace, delete ------------------------------------------ */

static bool do_list(srv_ctx *ctx, srv_worker *w, void *arg) {
  (void)arg;
  tc_text t = {0};
  if (!srv_store_list_json(w->conn, &t, &ctx->err)) {
    tc_text_free(&t);
    return false;
  }
  return srv_respond_text(ctx, 200, &t);
}

bool srv_list_blueprints(srv_ctx *ctx) { return with_worker(ctx, do_list, NULL); }

/* A name given in the body, else the blueprint's screen_id. */
static bool blueprint_name(srv_ctx *ctx, json_t *body, const char **name) {
  if (!srv_member_string(ctx, body, "name", false, name)) return false;
  if (*name) return true;
  json_t *id = json_object_get(json_object_get(body, "blueprint"), "screen_id");
  *name = json_is_string(id) ? json_string_value(id) : "untitled";
  return true;
}

static bool do_create(srv_ctx *ctx, srv_worker *w, void *arg) {
  json_t *body = arg;
  const char *name;
  if (!blueprint_name(ctx, body, &name)) return false;
  design_blueprint *bp = srv_body_blueprint(ctx, body);
  if (!bp) return false;
  char *json = design_blueprint_json(bp);
  design_blueprint_free(bp);
  if (!json) return srv_fail(&ctx->err, 503, "out_of_memory", "", "out of memory");
  int64_t id = 0;
  bool ok = srv_store_create(w->conn, name, json, strlen(json), &id, &ctx->err);
  free(json);
  ok = ok && respond_current(ctx, w, id, 201);
  return ok && srv_add_header(ctx, "Location", "/blueprints/%lld", (long long)id);
}

bool srv_create_blueprint(srv_ctx *ctx) {
  json_t *body = srv_body_object(ctx);
  return body && with_worker(ctx, do_create, body);
}

typedef struct target {
  int64_t id, expect;
  json_t *body;
} target;

/* The blueprint id from the path and the version from the body. */
static bool read_target(srv_ctx *ctx, target *t) {
  t->body = srv_body_object(ctx);
  return t->body && srv_segment_id(ctx, 1, "blueprint", &t->id) && srv_member_version(ctx, t->body, &t->expect);
}

static bool do_get(srv_ctx *ctx, srv_worker *w, void *arg) {
  return respond_current(ctx, w, *(int64_t *)arg, 200);
}

bool srv_get_blueprint(srv_ctx *ctx) {
  int64_t id;
  return srv_segment_id(ctx, 1, "blueprint", &id) && with_worker(ctx, do_get, &id);
}

static bool do_replace(srv_ctx *ctx, srv_worker *w, void *arg) {
  target *t = arg;
  design_blueprint *bp = srv_body_blueprint(ctx, t->body);
  if (!bp) return false;
  char *json = design_blueprint_json(bp);
  design_blueprint_free(bp);
  if (!json) return srv_fail(&ctx->err, 503, "out_of_memory", "", "out of memory");
  srv_change change = {"replace", NULL};
  int64_t version;
  bool changed;
  bool ok = srv_store_commit(w->conn, t->id, t->expect, json, strlen(json), &change, &version, &changed, &ctx->err);
  free(json);
  return ok && respond_current(ctx, w, t->id, 200);
}

bool srv_replace_blueprint(srv_ctx *ctx) {
  target t;
  return read_target(ctx, &t) && with_worker(ctx, do_replace, &t);
}

static bool do_delete(srv_ctx *ctx, srv_worker *w, void *arg) {
  target *t = arg;
  if (!srv_store_delete(w->conn, t->id, t->expect, &ctx->err)) return false;
  tc_text out = {0};
  tc_text_printf(&out, "{\"deleted\": %lld}\n", (long long)t->id);
  return srv_respond_text(ctx, 200, &out);
}

bool srv_delete_blueprint(srv_ctx *ctx) {
  target t;
  return read_target(ctx, &t) && with_worker(ctx, do_delete, &t);
}

/* ---- edit and fix: design work on the head, then commit ----------------------------- */

typedef struct derive {
  target t;
  const char *source;  /* "edit" or "fix" */
  const char *command; /* edit only */
  bool partial;
} derive;

/* Stores the result's blueprint after the head h when the design agent
 * applied it; *moved when another writer got there first. The blueprint's
 * canonical JSON is taken from the result document already written
 * (srv_result_blueprint_json) rather than written a second time. */
static bool store_result(srv_ctx *ctx, srv_worker *w, const derive *d, const srv_head *h, const design_result *r,
                         const char *result, int64_t *version, bool *changed, bool *moved) {
  design_status st = design_result_status(r);
  *version = h->version;
  *changed = *moved = false;
  if (st != DESIGN_SUCCESS && st != DESIGN_PARTIAL) return true;
  size_t len = 0;
  char *json = srv_result_blueprint_json(result, &len);
#ifndef NDEBUG
  /* Debug builds (make test SANITIZE=1) check the shortcut on every edit. */
  char *written = design_result_blueprint_json(r);
  if (json && written && (strlen(written) != len || memcmp(written, json, len) != 0)) {
    fprintf(stderr, "srv_result_blueprint_json differs from design_result_blueprint_json\n");
    abort();
  }
  free(written);
#endif
  if (!json) {
    json = design_result_blueprint_json(r);
    len = json ? strlen(json) : 0;
  }
  if (!json) return srv_fail(&ctx->err, 503, "out_of_memory", "", "out of memory");
  srv_change change = {d->source, d->command};
  bool ok = srv_store_commit(w->conn, d->t.id, h->version, json, len, &change, version, changed, &ctx->err);
  free(json);
  *moved = !ok && ctx->err.status == 409;
  return ok;
}

/* The result document pretty-prints the blueprint as its second member at
 * depth 1 ("{\n  \"status\": ...,\n  \"blueprint\": {...\n  }"), with the
 * same writer design_result_blueprint_json uses at depth 0, and JSON text
 * has no raw newline inside a string. So the canonical text is that member
 * with two spaces taken from the start of each of its lines, plus the
 * final newline. Writing the blueprint was 36% of an edit's instructions
 * (docs/PERFORMANCE.md); tests/server/test_api.c compares the two on every
 * edit of the design corpus, and debug builds on every edit served. NULL
 * when the document is not shaped so (then the caller writes it). */
char *srv_result_blueprint_json(const char *result, size_t *len) {
  static const char KEY[] = "\n  \"blueprint\": {";
  const char *start = result ? strstr(result, KEY) : NULL;
  /* only as the second member: the status line is short */
  if (!start || start - result > 64) return NULL;
  start += sizeof KEY - 2; /* at the '{' */
  const char *end = strstr(start, "\n  }");
  if (!end) return NULL;
  end += 4; /* past the '}' */
  char *out = tc_malloc((size_t)(end - start) + 2);
  if (!out) return NULL;
  char *o = out;
  for (const char *p = start; p < end; p++) {
    *o++ = *p;
    if (*p != '\n') continue;
    if (p[1] != ' ' || p[2] != ' ') {
      free(out);
      return NULL;
    }
    p += 2;
  }
  *o++ = '\n';
  *o = 0;
  *len = (size_t)(o - out);
  return out;
}

/* What one attempt leaves for the answer: the result lives in the worker's
 * engine and refers to the loaded head, held by ref until released. */
typedef struct attempt {
  srv_head head;
  srv_bp_ref ref;
  const design_result *r;
  char *result; /* the result document, written under the lock (the stored JSON is cut from it) */
  int64_t version;
  bool changed;
} attempt;

static void attempt_free(srv_ctx *ctx, attempt *a) {
  free(a->result);
  srv_bpcache_release(ctx->app->bpcache, a->ref);
  srv_head_free(&a->head);
  memset(a, 0, sizeof *a);
}

/* One attempt, under the blueprint's edit lock: read the head, edit, write
 * the result document, commit the blueprint cut from it. *committed false
 * when the head moved under us (only possible without an expected
 * version). */
static bool derive_once(srv_ctx *ctx, srv_worker *w, const derive *d, attempt *a, bool *committed) {
  memset(a, 0, sizeof *a);
  *committed = true;
  if (!srv_store_edit_head(w->conn, d->t.id, d->t.expect, &a->head, &ctx->err)) return false;
  const srv_head *h = &a->head;
  const design_blueprint *bp = NULL;
  bool ok = true;
  if (d->t.expect >= 0 && d->t.expect != h->version)
    ok = srv_fail(&ctx->err, 409, "stale_version", "version",
                  "blueprint %lld is at version %lld, not %lld: reload and try again", (long long)h->id,
                  (long long)h->version, (long long)d->t.expect);
  ok = ok && load_stored(ctx, h, &bp, &a->ref);
  if (ok) {
    design_edit_options opts = {d->partial};
    a->r = d->command ? design_edit(w->engine, bp, d->command, &opts) : design_fix(w->engine, bp);
    a->result = a->r ? design_result_json(a->r) : NULL;
    if (!a->result) ok = srv_fail(&ctx->err, 503, "out_of_memory", "", "out of memory");
  }
  bool moved = false;
  a->version = h->version;
  ok = ok && store_result(ctx, w, d, h, a->r, a->result, &a->version, &a->changed, &moved);
  if (moved && d->t.expect < 0) *committed = false;
  return ok;
}

/* The answer to a committed attempt (after the edit lock is released). */
static bool answer_attempt(srv_ctx *ctx, attempt *a) {
  char *result = a->result;
  a->result = NULL;
  return srv_respond_take(ctx, 200, "application/json", result, strlen(result)) &&
         srv_add_header(ctx, "X-Blueprint-Version", "%lld", (long long)a->version) &&
         srv_add_header(ctx, "X-Blueprint-Stored", "%s", a->changed ? "true" : "false");
}

static bool do_derive(srv_ctx *ctx, srv_worker *w, void *arg) {
  const derive *d = arg;
  pthread_mutex_t *lock = srv_edit_lock(ctx->app, d->t.id);
  pthread_mutex_lock(lock);
  for (int attempt_no = 0; attempt_no < REBASE_TRIES; attempt_no++) {
    attempt a;
    bool committed;
    bool ok = derive_once(ctx, w, d, &a, &committed);
    if (ok || committed) {
      pthread_mutex_unlock(lock);
      ok = ok && answer_attempt(ctx, &a);
      attempt_free(ctx, &a);
      return ok;
    }
    attempt_free(ctx, &a);
  }
  pthread_mutex_unlock(lock);
  return srv_fail(&ctx->err, 503, "busy", "", "blueprint %lld changed %d times while this edit ran; try again",
                  (long long)d->t.id, REBASE_TRIES);
}

bool srv_edit_blueprint(srv_ctx *ctx) {
  derive d = {.source = "edit"};
  return read_target(ctx, &d.t) && srv_member_string(ctx, d.t.body, "command", true, &d.command) &&
         srv_member_bool(ctx, d.t.body, "partial", &d.partial) && with_worker(ctx, do_derive, &d);
}

bool srv_fix_blueprint(srv_ctx *ctx) {
  derive d = {.source = "fix"};
  return read_target(ctx, &d.t) && with_worker(ctx, do_derive, &d);
}

/* ---- undo, redo ------------------------------------------------------------------ */

static bool do_undo(srv_ctx *ctx, srv_worker *w, void *arg) {
  target *t = arg;
  return srv_store_undo(w->conn, t->id, t->expect, &ctx->err) && respond_current(ctx, w, t->id, 200);
}

static bool do_redo(srv_ctx *ctx, srv_worker *w, void *arg) {
  target *t = arg;
  return srv_store_redo(w->conn, t->id, t->expect, &ctx->err) && respond_current(ctx, w, t->id, 200);
}

bool srv_undo_blueprint(srv_ctx *ctx) {
  target t;
  return read_target(ctx, &t) && with_worker(ctx, do_undo, &t);
}

bool srv_redo_blueprint(srv_ctx *ctx) {
  target t;
  return read_target(ctx, &t) && with_worker(ctx, do_redo, &t);
}

/* ---- versions, check ------------------------------------------------------------- */

static bool do_versions(srv_ctx *ctx, srv_worker *w, void *arg) {
  tc_text t = {0};
  if (!srv_store_versions_json(w->conn, *(int64_t *)arg, &t, &ctx->err)) {
    tc_text_free(&t);
    return false;
  }
  return srv_respond_text(ctx, 200, &t);
}

bool srv_list_versions(srv_ctx *ctx) {
  int64_t id;
  return srv_segment_id(ctx, 1, "blueprint", &id) && with_worker(ctx, do_versions, &id);
}

typedef struct version_ref {
  int64_t id, version;
} version_ref;

static bool do_version(srv_ctx *ctx, srv_worker *w, void *arg) {
  version_ref *v = arg;
  char *json;
  size_t len;
  if (!srv_store_version(w->conn, v->id, v->version, &json, &len, &ctx->err)) return false;
  return srv_respond_take(ctx, 200, "application/json", json, len);
}

bool srv_get_version_blueprint(srv_ctx *ctx) {
  version_ref v;
  return srv_segment_id(ctx, 1, "blueprint", &v.id) && srv_segment_id(ctx, 3, "version", &v.version) &&
         with_worker(ctx, do_version, &v);
}

static bool do_check(srv_ctx *ctx, srv_worker *w, void *arg) {
  srv_head h;
  if (!srv_store_head(w->conn, *(int64_t *)arg, &h, &ctx->err)) return false;
  const design_blueprint *bp = NULL;
  srv_bp_ref ref = NULL;
  bool ok = load_stored(ctx, &h, &bp, &ref);
  const design_result *r = ok ? design_check(w->engine, bp) : NULL;
  char *json = r ? design_result_json(r) : NULL;
  ok = ok && srv_respond_take(ctx, 200, "application/json", json, json ? strlen(json) : 0) &&
       srv_add_header(ctx, "X-Blueprint-Version", "%lld", (long long)h.version);
  srv_bpcache_release(ctx->app->bpcache, ref);
  srv_head_free(&h);
  return ok;
}

bool srv_check_blueprint(srv_ctx *ctx) {
  int64_t id;
  return srv_segment_id(ctx, 1, "blueprint", &id) && with_worker(ctx, do_check, &id);
}
