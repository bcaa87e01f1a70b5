/*
 * api_design.c - requests that need no stored blueprint: /health, /version,
 * and /check and /fix on a blueprint sent in the body (docs/API.md).
 *
 * /check and /fix answer with exactly the result document `tessera design
 * check` and `tessera design fix` print (SPEC section 3), so a client can
 * use the same reader for both.
 */
#include <stdlib.h>
#include <string.h>

#include "server/server_internal.h"
#include "tessera/json.h"

bool srv_get_health(srv_ctx *ctx) {
  tc_text t = {0};
  uint64_t hits, misses;
  srv_bpcache_stats(ctx->app->bpcache, &hits, &misses);
  tc_text_printf(&t,
                 "{\"status\": \"ok\", \"store\": \"%s\", \"tasks\": %zu, \"web\": %s,"
                 " \"blueprint_cache\": {\"hits\": %llu, \"misses\": %llu}}\n",
                 srv_app_read_only(ctx->app) ? "read-only" : "read-write", srv_app_task_count(ctx->app),
                 ctx->app->web_fd >= 0 ? "true" : "false", (unsigned long long)hits, (unsigned long long)misses);
  return srv_respond_text(ctx, 200, &t);
}

bool srv_get_version(srv_ctx *ctx) {
  tc_text t = {0};
  tc_text_puts(&t, "{\"name\": \"tessera\", \"version\": ");
  tc_json_string(&t, ctx->app->version);
  tc_text_puts(&t, ", \"api\": 1}\n");
  return srv_respond_text(ctx, 200, &t);
}

typedef const design_result *(*design_fn)(design_engine *e, const design_blueprint *bp);

static bool on_body_blueprint(srv_ctx *ctx, design_fn fn) {
  json_t *body = srv_body_object(ctx);
  design_blueprint *bp = body ? srv_body_blueprint(ctx, body) : NULL;
  if (!bp) return false;
  srv_worker *w = srv_worker_get(ctx->app, &ctx->err);
  const design_result *r = w ? fn(w->engine, bp) : NULL;
  char *json = r ? design_result_json(r) : NULL;
  bool ok = w && srv_respond_take(ctx, 200, "application/json", json, json ? strlen(json) : 0);
  if (w) srv_worker_put(ctx->app, w);
  design_blueprint_free(bp);
  return ok;
}

bool srv_check_body(srv_ctx *ctx) { return on_body_blueprint(ctx, design_check); }
bool srv_fix_body(srv_ctx *ctx) { return on_body_blueprint(ctx, design_fix); }
