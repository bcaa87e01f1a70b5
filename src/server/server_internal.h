/*
 * server_internal.h - what the files of src/server share: the app, the
 * per-thread workers, one request being answered (srv_ctx) and the helpers
 * that build responses.
 *
 * A request goes: router.c decodes the target into path segments and query
 * parameters, finds the route, and calls its handler with a srv_ctx. A
 * handler reads what it needs (srv_body_object parses the body once, the
 * param helpers read the query), does the work with a borrowed worker, and
 * fills ctx->resp with one of the respond_* helpers. A handler that fails
 * returns false with ctx->err set; the router turns that into the JSON error
 * response, so no handler writes an error body itself.
 */
#ifndef TESSERA_SERVER_INTERNAL_H
#define TESSERA_SERVER_INTERNAL_H

#include <jansson.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "server/store.h"
#include "tessera/arc_task.h"
#include "tessera/design.h"
#include "tessera/server.h"
#include "tessera/text.h"

/* A store connection and a design engine, used by one request at a time. */
typedef struct srv_worker {
  srv_conn *conn;
  design_engine *engine;
} srv_worker;

#define SRV_EDIT_STRIPES 64
#define SRV_BPCACHE_SLOTS 64

/* Loaded blueprints by content (bpcache.c). A hit returns the shared,
 * immutable blueprint; every successful load must be released with its ref. */
typedef struct srv_bpcache srv_bpcache;
typedef struct bp_entry *srv_bp_ref;
srv_bpcache *srv_bpcache_new(void);
void srv_bpcache_free(srv_bpcache *c);
/* NULL when the JSON does not load (or memory ran out). */
const design_blueprint *srv_bpcache_load(srv_bpcache *c, const char *json, size_t len, srv_bp_ref *ref);
void srv_bpcache_release(srv_bpcache *c, srv_bp_ref ref);
void srv_bpcache_stats(srv_bpcache *c, uint64_t *hits, uint64_t *misses);

struct srv_app {
  srv_store *store;
  srv_bpcache *bpcache;
  arc_taskset *tasks;       /* NULL without --tasks */
  char *tasks_label;
  char *version;
  int web_fd;               /* the web folder (O_PATH), or -1 */
  size_t max_body;
  uint64_t max_work;
  pthread_mutex_t lock;     /* guards the idle workers and runs_active */
  srv_worker **idle;
  size_t n_idle, cap_idle;
  int runs_active;          /* program runs in progress */
  int solves_active;        /* program searches in progress (api_arc.c) */
  /* Edits of one blueprint take its stripe for read, edit and commit, so
   * they queue here instead of redoing each other's work after a 409
   * (other processes on the same store are still caught by the version
   * check at commit). */
  pthread_mutex_t edit_locks[SRV_EDIT_STRIPES];
};

/* Borrows a worker (creating one when none is idle); NULL with err set. */
srv_worker *srv_worker_get(srv_app *app, srv_error *err);
void srv_worker_put(srv_app *app, srv_worker *w);
pthread_mutex_t *srv_edit_lock(srv_app *app, int64_t blueprint_id);

#define SRV_MAX_SEGMENTS 8
#define SRV_MAX_PARAMS 16

typedef struct srv_param {
  char *name, *value;
} srv_param;

typedef struct srv_ctx {
  srv_app *app;
  const srv_request *req;
  srv_response *resp;
  srv_error err;
  char *seg[SRV_MAX_SEGMENTS]; /* decoded path segments (malloc'd) */
  int n_seg;
  srv_param params[SRV_MAX_PARAMS];
  int n_params;
  json_t *body;                /* parsed by srv_body_object, freed by the router */
} srv_ctx;

/* The body as a JSON object (an empty body is {}); NULL with ctx->err set. */
json_t *srv_body_object(srv_ctx *ctx);
/* Optional members of the body object, type-checked: false with ctx->err
 * set when present with the wrong type. */
bool srv_member_string(srv_ctx *ctx, json_t *obj, const char *key, bool required, const char **out);
bool srv_member_bool(srv_ctx *ctx, json_t *obj, const char *key, bool *out);
/* "version": a positive integer, or -1 when absent. */
bool srv_member_version(srv_ctx *ctx, json_t *obj, int64_t *out);
/* A query parameter, or NULL. */
const char *srv_param_get(const srv_ctx *ctx, const char *name);
/* Path segment i as a positive integer id; false (404) otherwise. */
bool srv_segment_id(srv_ctx *ctx, int i, const char *what, int64_t *out);

/* Responses. Each replaces whatever ctx->resp held. Bodies are taken over
 * (freed by the response); a NULL body means memory ran out (503). */
bool srv_respond_take(srv_ctx *ctx, int status, const char *content_type, char *body, size_t len);
bool srv_respond_text(srv_ctx *ctx, int status, tc_text *json);
bool srv_add_header(srv_ctx *ctx, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The error response for ctx->err. */
void srv_respond_error(srv_ctx *ctx);

/* Blueprint JSON taken from the body member "blueprint" (an object),
 * validated: the loaded blueprint, or NULL with ctx->err set (422 with every
 * problem listed in the error's message). */
design_blueprint *srv_body_blueprint(srv_ctx *ctx, json_t *body);

/* The canonical blueprint JSON of a design result document, cut from the
 * document (api_blueprints.c says why that is the same text): malloc'd,
 * *len bytes; NULL when the document is not shaped as expected. */
char *srv_result_blueprint_json(const char *result, size_t *len);

/* A zip archive of the files (zip.c); malloc'd, *len bytes; NULL with err. */
struct design_files;
char *srv_zip_files(const struct design_files *files, size_t *len, srv_error *err);

/* Handlers (one route each; see router.c for the table). */
typedef bool (*srv_handler)(srv_ctx *ctx);
bool srv_get_health(srv_ctx *ctx);
bool srv_get_version(srv_ctx *ctx);
bool srv_list_blueprints(srv_ctx *ctx);
bool srv_create_blueprint(srv_ctx *ctx);
bool srv_get_blueprint(srv_ctx *ctx);
bool srv_replace_blueprint(srv_ctx *ctx);
bool srv_delete_blueprint(srv_ctx *ctx);
bool srv_edit_blueprint(srv_ctx *ctx);
bool srv_undo_blueprint(srv_ctx *ctx);
bool srv_redo_blueprint(srv_ctx *ctx);
bool srv_list_versions(srv_ctx *ctx);
bool srv_get_version_blueprint(srv_ctx *ctx);
bool srv_check_blueprint(srv_ctx *ctx);
bool srv_fix_blueprint(srv_ctx *ctx);
bool srv_check_body(srv_ctx *ctx);
bool srv_fix_body(srv_ctx *ctx);
bool srv_list_tasks(srv_ctx *ctx);
bool srv_get_task(srv_ctx *ctx);
bool srv_run_task(srv_ctx *ctx);
bool srv_solve_task(srv_ctx *ctx);
bool srv_render_body(srv_ctx *ctx);
bool srv_render_blueprint(srv_ctx *ctx);
bool srv_generate_body(srv_ctx *ctx);
bool srv_generate_blueprint(srv_ctx *ctx);
bool srv_import_png(srv_ctx *ctx);
/* Any other GET: a file of the web folder (static.c). */
bool srv_get_static(srv_ctx *ctx);

#endif
