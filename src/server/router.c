/*
 * router.c - from a raw request to a handler: decoding the request target
 * and the table of routes (docs/API.md lists them all).
 *
 * The target is decoded here, not by the HTTP library, so that the same
 * code runs under the fuzzer and behind the socket, and so that nothing
 * ambiguous gets through: each path segment is percent-decoded on its own
 * and refused when the result holds a NUL, a '/' or bytes that are not
 * UTF-8; "." and ".." segments are refused; empty segments ("//") are
 * skipped. Query parameters are decoded the same way ('+' is a space).
 *
 * A path that matches a route with another method gets 405 with an Allow
 * header; a GET that matches no API route is a file of the web folder.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/server_internal.h"
#include "tessera/fault.h"

#define MAX_TARGET 8192

typedef struct route {
  const char *method;
  const char *pattern; /* segments separated by '/'; '#' matches any one */
  srv_handler handler;
} route;

static const route ROUTES[] = {
    {"GET", "health", srv_get_health},
    {"GET", "version", srv_get_version},
    {"GET", "blueprints", srv_list_blueprints},
    {"POST", "blueprints", srv_create_blueprint},
    {"GET", "blueprints/#", srv_get_blueprint},
    {"PUT", "blueprints/#", srv_replace_blueprint},
    {"DELETE", "blueprints/#", srv_delete_blueprint},
    {"POST", "blueprints/#/edit", srv_edit_blueprint},
    {"POST", "blueprints/#/undo", srv_undo_blueprint},
    {"POST", "blueprints/#/redo", srv_redo_blueprint},
    {"GET", "blueprints/#/versions", srv_list_versions},
    {"GET", "blueprints/#/versions/#", srv_get_version_blueprint},
    {"GET", "blueprints/#/check", srv_check_blueprint},
    {"POST", "blueprints/#/fix", srv_fix_blueprint},
    {"POST", "check", srv_check_body},
    {"POST", "fix", srv_fix_body},
    {"GET", "blueprints/#/render", srv_render_blueprint},
    {"GET", "blueprints/#/generate", srv_generate_blueprint},
    {"POST", "render", srv_render_body},
    {"POST", "generate", srv_generate_body},
    {"POST", "import", srv_import_png},
    {"GET", "arc/tasks", srv_list_tasks},
    {"GET", "arc/tasks/#", srv_get_task},
    {"POST", "arc/tasks/#/run", srv_run_task},
    {"POST", "arc/tasks/#/solve", srv_solve_task},
};
#define N_ROUTES (sizeof ROUTES / sizeof ROUTES[0])

/* First segments that belong to the API: never looked up as web files. */
static const char *const API_ROOTS[] = {"health", "version", "blueprints", "check", "fix",
                                        "render", "generate", "import", "arc"};

/* ---- decoding ------------------------------------------------------------------ */

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF. */
static bool valid_utf8(const unsigned char *s, size_t n) {
  for (size_t i = 0; i < n;) {
    unsigned c = s[i];
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (!len || i + len > n) return false;
    unsigned cp = len == 1 ? c : c & (0x7f >> len);
    for (size_t k = 1; k < len; k++) {
      if ((s[i + k] & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3f);
    }
    static const unsigned min_cp[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_cp[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += len;
  }
  return true;
}

/* Decodes s[0..n) into a new string; NULL for a bad escape, NUL, a '/' (in
 * a path segment), bad UTF-8, or no memory (then *oom is set). */
static char *decode(const char *s, size_t n, bool plus_is_space, bool is_segment, bool *oom) {
  char *out = tc_malloc(n + 1);
  if (!out) {
    *oom = true;
    return NULL;
  }
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == '%') {
      int hi = i + 2 < n ? hex_value(s[i + 1]) : -1;
      int lo = i + 2 < n ? hex_value(s[i + 2]) : -1;
      if (hi < 0 || lo < 0) goto bad;
      c = (char)(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    if (c == 0 || (c == '/' && is_segment)) goto bad;
    out[k++] = c;
  }
  out[k] = 0;
  if (valid_utf8((const unsigned char *)out, k)) return out;
bad:
  free(out);
  return NULL;
}

static bool bad_target(srv_ctx *ctx, const char *what) {
  return srv_fail(&ctx->err, 400, "bad_request", "url", "the request URL %s", what);
}

static bool split_path(srv_ctx *ctx, const char *p, size_t n) {
  size_t i = 0;
  while (i < n) {
    size_t j = i;
    while (j < n && p[j] != '/') j++;
    if (j > i) {
      if (ctx->n_seg == SRV_MAX_SEGMENTS)
        return srv_fail(&ctx->err, 404, "not_found", "url", "no such resource (too many path segments)");
      bool oom = false;
      char *seg = decode(p + i, j - i, false, true, &oom);
      if (!seg) return oom ? srv_fail(&ctx->err, 503, "out_of_memory", "", "out of memory")
                           : bad_target(ctx, "has a badly encoded path segment");
      ctx->seg[ctx->n_seg++] = seg;
      if (!strcmp(seg, ".") || !strcmp(seg, "..")) return bad_target(ctx, "has a '.' or '..' segment");
    }
    i = j + 1;
  }
  return true;
}

static bool split_query(srv_ctx *ctx, const char *q, size_t n) {
  size_t i = 0;
  while (i < n) {
    size_t j = i;
    while (j < n && q[j] != '&') j++;
    if (j > i) {
      if (ctx->n_params == SRV_MAX_PARAMS) return bad_target(ctx, "has too many query parameters");
      const char *eq = memchr(q + i, '=', j - i);
      size_t klen = eq ? (size_t)(eq - (q + i)) : j - i;
      bool oom = false;
      srv_param *p = &ctx->params[ctx->n_params];
      p->name = decode(q + i, klen, true, false, &oom);
      p->value = p->name ? decode(eq ? eq + 1 : q + j, eq ? (size_t)(q + j - eq - 1) : 0, true, false, &oom) : NULL;
      if (p->name) ctx->n_params++;
      if (!p->value) return oom ? srv_fail(&ctx->err, 503, "out_of_memory", "", "out of memory")
                                : bad_target(ctx, "has a badly encoded query parameter");
    }
    i = j + 1;
  }
  return true;
}

static bool parse_target(srv_ctx *ctx, const char *target) {
  if (!target || target[0] != '/') return bad_target(ctx, "must start with '/'");
  size_t n = strlen(target);
  if (n > MAX_TARGET)
    return srv_fail(&ctx->err, 414, "uri_too_long", "url", "the request URL is longer than %d bytes", MAX_TARGET);
  const char *q = memchr(target, '?', n);
  size_t path_len = q ? (size_t)(q - target) : n;
  return split_path(ctx, target, path_len) && (!q || split_query(ctx, q + 1, n - path_len - 1));
}

/* ---- dispatch ------------------------------------------------------------------ */

static bool matches(const char *pattern, char *const *seg, int n_seg) {
  int k = 0;
  for (const char *p = pattern; *p; k++) {
    const char *end = strchr(p, '/');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if (k >= n_seg) return false;
    if (!(len == 1 && *p == '#') && (strlen(seg[k]) != len || memcmp(seg[k], p, len) != 0)) return false;
    p += len + (end ? 1 : 0);
  }
  return k == n_seg;
}

static bool is_api(const srv_ctx *ctx) {
  if (ctx->n_seg == 0) return false;
  for (size_t i = 0; i < sizeof API_ROOTS / sizeof API_ROOTS[0]; i++)
    if (!strcmp(ctx->seg[0], API_ROOTS[i])) return true;
  return false;
}

static bool dispatch(srv_ctx *ctx) {
  const char *method = ctx->req->method ? ctx->req->method : "";
  bool head = !strcmp(method, "HEAD");
  char allow[64] = "";
  for (size_t i = 0; i < N_ROUTES; i++) {
    if (!matches(ROUTES[i].pattern, ctx->seg, ctx->n_seg)) continue;
    if (!strcmp(ROUTES[i].method, method) || (head && !strcmp(ROUTES[i].method, "GET")))
      return ROUTES[i].handler(ctx);
    size_t used = strlen(allow);
    snprintf(allow + used, sizeof allow - used, "%s%s", used ? ", " : "", ROUTES[i].method);
  }
  if (allow[0]) {
    srv_fail(&ctx->err, 405, "method_not_allowed", "method", "%.16s is not allowed here; use %s", method, allow);
    srv_add_header(ctx, "Allow", "%s", allow);
    return false;
  }
  if (!is_api(ctx) && (head || !strcmp(method, "GET"))) return srv_get_static(ctx);
  if (!is_api(ctx) && ctx->app->web_fd >= 0)
    return srv_fail(&ctx->err, 405, "method_not_allowed", "method", "web files are read with GET");
  return srv_fail(&ctx->err, 404, "not_found", "url", "no such resource");
}

void srv_handle(srv_app *app, const srv_request *req, srv_response *resp) {
  memset(resp, 0, sizeof *resp);
  srv_ctx ctx = {.app = app, .req = req, .resp = resp};
  if (!parse_target(&ctx, req->target) || !dispatch(&ctx)) srv_respond_error(&ctx);
  for (int i = 0; i < ctx.n_seg; i++) free(ctx.seg[i]);
  for (int i = 0; i < ctx.n_params; i++) {
    free(ctx.params[i].name);
    free(ctx.params[i].value);
  }
  json_decref(ctx.body);
}

bool srv_request_is_long(const srv_request *req) {
  static const char prefix[] = "/arc/tasks/", suffix[] = "/solve";
  if (!req->method || strcmp(req->method, "POST") != 0 || !req->target) return false;
  size_t n = strcspn(req->target, "?#");
  size_t p = sizeof prefix - 1, q = sizeof suffix - 1;
  if (n <= p + q || strncmp(req->target, prefix, p) != 0 || strncmp(req->target + n - q, suffix, q) != 0) return false;
  return memchr(req->target + p, '/', n - p - q) == NULL; /* one segment: the task id */
}
