/*
 * response.c - building responses and reading request bodies, the same way
 * for every handler: JSON bodies through the project's one JSON reading rule
 * (tc_json_parse: BOM skipped, duplicate keys refused, positions in errors),
 * members type-checked with the member's name as the error path, and errors
 * written as {"error": {"code", "message", "path"}}.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/server_internal.h"
#include "tessera/fault.h"
#include "tessera/json.h"

void srv_response_free(srv_response *resp) {
  free(resp->body);
  for (int i = 0; i < resp->n_headers; i++) free(resp->headers[i].value);
  memset(resp, 0, sizeof *resp);
}

static bool out_of_memory(srv_ctx *ctx) {
  return srv_fail(&ctx->err, 503, "out_of_memory", "", "the server ran out of memory for this request");
}

bool srv_respond_take(srv_ctx *ctx, int status, const char *content_type, char *body, size_t len) {
  if (!body) return out_of_memory(ctx);
  free(ctx->resp->body);
  ctx->resp->status = status;
  ctx->resp->content_type = content_type;
  ctx->resp->body = body;
  ctx->resp->len = len;
  return true;
}

bool srv_respond_text(srv_ctx *ctx, int status, tc_text *json) {
  size_t len = json->len;
  char *body = tc_text_take(json);
  return srv_respond_take(ctx, status, "application/json", body, body ? len : 0);
}

bool srv_add_header(srv_ctx *ctx, const char *name, const char *fmt, ...) {
  srv_response *r = ctx->resp;
  if (r->n_headers >= SRV_MAX_HEADERS) return false;
  va_list ap;
  va_start(ap, fmt);
  char *value = NULL;
  int n = vasprintf(&value, fmt, ap);
  va_end(ap);
  if (n < 0) return out_of_memory(ctx);
  r->headers[r->n_headers].name = name;
  r->headers[r->n_headers++].value = value;
  return true;
}

void srv_respond_error(srv_ctx *ctx) {
  const srv_error *e = &ctx->err;
  /* Headers set on the way stay (Allow, Retry-After); handlers add the
   * headers of a success only once nothing can fail any more. */
  free(ctx->resp->body);
  ctx->resp->body = NULL;
  ctx->resp->len = 0;
  tc_text t = {0};
  tc_text_puts(&t, "{\"error\": {\"code\": ");
  tc_json_string(&t, e->code ? e->code : "internal");
  tc_text_puts(&t, ", \"message\": ");
  tc_json_string(&t, e->message);
  tc_text_puts(&t, ", \"path\": ");
  tc_json_string(&t, e->path);
  tc_text_puts(&t, "}}\n");
  size_t len = t.len;
  char *body = tc_text_take(&t);
  ctx->resp->status = e->status ? e->status : 500;
  ctx->resp->content_type = "application/json";
  if (body) {
    ctx->resp->body = body;
    ctx->resp->len = len;
    return;
  }
  /* Not even the error fits in memory: a fixed body says so. */
  static const char fixed[] = "{\"error\": {\"code\": \"out_of_memory\", \"message\": \"out of memory\", \"path\": \"\"}}\n";
  ctx->resp->status = 503;
  ctx->resp->body = tc_strdup(fixed);
  ctx->resp->len = ctx->resp->body ? sizeof fixed - 1 : 0;
}

/* ---- request bodies ---------------------------------------------------------- */

json_t *srv_body_object(srv_ctx *ctx) {
  if (ctx->body) return ctx->body;
  const srv_request *req = ctx->req;
  if (req->body_len == 0) {
    ctx->body = json_object();
    if (!ctx->body) out_of_memory(ctx);
    return ctx->body;
  }
  char msg[320];
  json_t *doc = tc_json_parse("body", req->body, req->body_len, msg, sizeof msg);
  if (!doc) {
    srv_fail(&ctx->err, 400, "bad_json", "body", "%s", msg);
    return NULL;
  }
  if (!json_is_object(doc)) {
    json_decref(doc);
    srv_fail(&ctx->err, 400, "bad_request", "body", "the body must be a JSON object");
    return NULL;
  }
  ctx->body = doc;
  return doc;
}

bool srv_member_string(srv_ctx *ctx, json_t *obj, const char *key, bool required, const char **out) {
  json_t *v = json_object_get(obj, key);
  *out = NULL;
  if (!v && !required) return true;
  if (!v) return srv_fail(&ctx->err, 400, "bad_request", key, "\"%s\" is required", key);
  if (!json_is_string(v)) return srv_fail(&ctx->err, 400, "bad_request", key, "\"%s\" must be a string", key);
  *out = json_string_value(v);
  if (strlen(*out) != json_string_length(v))
    return srv_fail(&ctx->err, 400, "bad_request", key, "\"%s\" must not contain NUL characters", key);
  return true;
}

bool srv_member_bool(srv_ctx *ctx, json_t *obj, const char *key, bool *out) {
  json_t *v = json_object_get(obj, key);
  if (!v) return true;
  if (!json_is_boolean(v)) return srv_fail(&ctx->err, 400, "bad_request", key, "\"%s\" must be true or false", key);
  *out = json_is_true(v);
  return true;
}

bool srv_member_version(srv_ctx *ctx, json_t *obj, int64_t *out) {
  json_t *v = json_object_get(obj, "version");
  *out = -1;
  if (!v || json_is_null(v)) return true;
  if (!json_is_integer(v) || json_integer_value(v) < 1)
    return srv_fail(&ctx->err, 400, "bad_request", "version", "\"version\" must be a positive integer");
  *out = (int64_t)json_integer_value(v);
  return true;
}

const char *srv_param_get(const srv_ctx *ctx, const char *name) {
  for (int i = 0; i < ctx->n_params; i++)
    if (strcmp(ctx->params[i].name, name) == 0) return ctx->params[i].value;
  return NULL;
}

bool srv_segment_id(srv_ctx *ctx, int i, const char *what, int64_t *out) {
  const char *s = ctx->seg[i];
  int64_t v = 0;
  bool ok = *s >= '1' && *s <= '9';
  for (const char *p = s; ok && *p; p++) {
    ok = *p >= '0' && *p <= '9' && v <= (INT64_MAX - 9) / 10;
    if (ok) v = v * 10 + (*p - '0');
  }
  *out = v;
  if (ok) return true;
  char path[160];
  snprintf(path, sizeof path, "/%s/%.100s", ctx->seg[0], s);
  return srv_fail(&ctx->err, 404, "not_found", path, "there is no %s '%.100s'", what, s);
}

/* ---- blueprints in request bodies -------------------------------------------- */

/* Every problem in the message, as far as it holds; the first one's place
 * is the error path. */
static void invalid_blueprint(srv_ctx *ctx, const design_problems *problems) {
  srv_error *e = &ctx->err;
  const char *first = problems->count ? problems->items[0] : "";
  const char *colon = strstr(first, ": ");
  char path[160];
  snprintf(path, sizeof path, "blueprint%s%.*s", colon && first[0] != '[' ? "." : "",
           colon ? (int)(colon - first) : 0, first);
  srv_fail(e, 422, "invalid_blueprint", path, "the blueprint is invalid:");
  for (size_t i = 0; i < problems->count; i++) {
    size_t used = strlen(e->message);
    snprintf(e->message + used, sizeof e->message - used, "%s %s", i ? ";" : "", problems->items[i]);
  }
}

design_blueprint *srv_body_blueprint(srv_ctx *ctx, json_t *body) {
  json_t *v = json_object_get(body, "blueprint");
  if (!v) {
    srv_fail(&ctx->err, 400, "bad_request", "blueprint", "\"blueprint\" is required");
    return NULL;
  }
  if (!json_is_object(v)) {
    srv_fail(&ctx->err, 400, "bad_request", "blueprint", "\"blueprint\" must be an object");
    return NULL;
  }
  char *text = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
  if (!text) {
    out_of_memory(ctx);
    return NULL;
  }
  design_problems problems = {0};
  design_blueprint *bp = design_blueprint_load(text, strlen(text), &problems);
  free(text);
  if (!bp) invalid_blueprint(ctx, &problems);
  design_problems_free(&problems);
  return bp;
}
