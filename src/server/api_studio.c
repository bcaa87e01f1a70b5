/*
 * api_studio.c - rendering, code generation and sketch import over HTTP
 * (/render, /generate, /import and their stored-blueprint forms), on the
 * studio functions of design_studio.h.
 *
 * The server passes its own, smaller pixel cap (MAX_PIXELS) so that one
 * request never holds more than a few tens of megabytes of image, and the
 * design errors map to HTTP as design_studio.h says: bad input 400, over a
 * cap 413, out of memory 503.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/server_internal.h"
#include "tessera/design_studio.h"
#include "tessera/fault.h"
#include "tessera/json.h"
#include "tessera/options.h"

/* 4 Mpx: a 375-wide screen at scale 4 down to 2800 px, or scale 2 to 5600 px. */
#define MAX_PIXELS ((size_t)4 << 20)

static bool design_fail(srv_ctx *ctx, const design_error *e, const char *prefix) {
  int status = e->code == DESIGN_ERR_TOO_LARGE ? 413 : e->code == DESIGN_ERR_MEMORY ? 503 : 400;
  const char *code = e->code == DESIGN_ERR_TOO_LARGE ? "too_large"
                     : e->code == DESIGN_ERR_MEMORY  ? "out_of_memory"
                                                     : "invalid_input";
  char path[160];
  snprintf(path, sizeof path, "%s%s%s", prefix, prefix[0] && e->path[0] ? "." : "", e->path);
  return srv_fail(&ctx->err, status, code, path, "%s", e->message);
}

/* The blueprint a request is about: the body's "blueprint" (POST forms) or
 * the stored head, or ?version=N of it (GET /blueprints/{id}/...). */
typedef struct subject {
  design_blueprint *owned;   /* from the body */
  const design_blueprint *bp;
  srv_bp_ref ref;            /* from the store, through the cache */
  int64_t version;
} subject;

static bool subject_from_body(srv_ctx *ctx, json_t *body, subject *s) {
  memset(s, 0, sizeof *s);
  s->owned = srv_body_blueprint(ctx, body);
  s->bp = s->owned;
  return s->bp != NULL;
}

static bool subject_from_store(srv_ctx *ctx, subject *s) {
  memset(s, 0, sizeof *s);
  int64_t id;
  if (!srv_segment_id(ctx, 1, "blueprint", &id)) return false;
  const char *v = srv_param_get(ctx, "version");
  long version = 0;
  if (v && !tc_parse_long(v, 1, INT32_MAX, &version))
    return srv_fail(&ctx->err, 400, "bad_request", "version", "?version= must be a positive whole number");
  srv_worker *w = srv_worker_get(ctx->app, &ctx->err);
  if (!w) return false;
  srv_head h = {0};
  char *json = NULL;
  size_t len = 0;
  bool ok = version ? srv_store_version(w->conn, id, version, &json, &len, &ctx->err)
                    : srv_store_head(w->conn, id, &h, &ctx->err);
  srv_worker_put(ctx->app, w);
  if (ok && !version) {
    json = h.json, len = h.len, version = h.version;
    h.json = NULL;
  }
  srv_head_free(&h);
  if (ok) s->bp = srv_bpcache_load(ctx->app->bpcache, json, len, &s->ref);
  free(json);
  if (ok && !s->bp) ok = srv_fail(&ctx->err, 500, "store_error", "", "stored blueprint %lld does not load", (long long)id);
  s->version = version;
  return ok;
}

static void subject_done(srv_ctx *ctx, subject *s) {
  design_blueprint_free(s->owned);
  srv_bpcache_release(ctx->app->bpcache, s->ref);
}

/* ---- render ------------------------------------------------------------------- */

/* scale / violations from the body (POST) or the query (GET). */
static bool render_options(srv_ctx *ctx, json_t *body, design_render_options *o) {
  *o = (design_render_options){.scale = 1, .max_pixels = MAX_PIXELS};
  json_t *scale = body ? json_object_get(body, "scale") : NULL;
  const char *qscale = body ? NULL : srv_param_get(ctx, "scale");
  if (scale && (!json_is_number(scale) || json_number_value(scale) < 0.25 || json_number_value(scale) > 8))
    return srv_fail(&ctx->err, 400, "bad_request", "scale", "\"scale\" must be a number from 0.25 to 8");
  if (qscale && !tc_parse_double(qscale, 0.25, 8, &o->scale))
    return srv_fail(&ctx->err, 400, "bad_request", "scale", "?scale= must be a number from 0.25 to 8");
  if (scale) o->scale = json_number_value(scale);
  if (body) return srv_member_bool(ctx, body, "violations", &o->violations);
  const char *v = srv_param_get(ctx, "violations");
  o->violations = v && (!strcmp(v, "1") || !strcmp(v, "true"));
  return true;
}

static bool render(srv_ctx *ctx, const subject *s, const design_render_options *o) {
  unsigned char *png = NULL;
  size_t len = 0;
  design_error e = {0};
  if (!design_render_png(s->bp, o, &png, &len, &e)) return design_fail(ctx, &e, "");
  return srv_respond_take(ctx, 200, "image/png", (char *)png, len) &&
         (!s->version || srv_add_header(ctx, "X-Blueprint-Version", "%lld", (long long)s->version));
}

bool srv_render_body(srv_ctx *ctx) {
  json_t *body = srv_body_object(ctx);
  design_render_options o;
  subject s;
  if (!body || !render_options(ctx, body, &o) || !subject_from_body(ctx, body, &s)) return false;
  bool ok = render(ctx, &s, &o);
  subject_done(ctx, &s);
  return ok;
}

bool srv_render_blueprint(srv_ctx *ctx) {
  design_render_options o;
  subject s;
  if (!render_options(ctx, NULL, &o) || !subject_from_store(ctx, &s)) {
    return false;
  }
  bool ok = render(ctx, &s, &o);
  subject_done(ctx, &s);
  return ok;
}

/* ---- generate ---------------------------------------------------------------- */

typedef struct gen_options {
  bool react;     /* else html */
  const char *format; /* "json", "zip", "file" */
} gen_options;

static bool gen_options_read(srv_ctx *ctx, json_t *body, gen_options *g) {
  const char *target = NULL, *format = NULL;
  if (body) {
    if (!srv_member_string(ctx, body, "target", false, &target) ||
        !srv_member_string(ctx, body, "format", false, &format))
      return false;
  } else {
    target = srv_param_get(ctx, "target");
    format = srv_param_get(ctx, "format");
  }
  target = target ? target : "react";
  g->format = format ? format : "json";
  if (strcmp(target, "react") && strcmp(target, "html"))
    return srv_fail(&ctx->err, 400, "bad_request", "target", "target must be \"react\" or \"html\"");
  g->react = !strcmp(target, "react");
  if (strcmp(g->format, "json") && strcmp(g->format, "zip") && strcmp(g->format, "file"))
    return srv_fail(&ctx->err, 400, "bad_request", "format", "format must be \"json\", \"zip\" or \"file\"");
  if (g->react && !strcmp(g->format, "file"))
    return srv_fail(&ctx->err, 400, "bad_request", "format", "a React project is several files: use zip or json");
  return true;
}

static bool respond_files_json(srv_ctx *ctx, const design_files *files, bool react) {
  tc_text t = {0};
  tc_text_printf(&t, "{\"target\": \"%s\", \"files\": [", react ? "react" : "html");
  for (size_t i = 0; i < files->count; i++) {
    tc_text_puts(&t, i ? ",\n  {\"path\": " : "\n  {\"path\": ");
    tc_json_string(&t, files->items[i].path);
    tc_text_puts(&t, ", \"content\": ");
    tc_json_string(&t, files->items[i].data);
    tc_text_puts(&t, "}");
  }
  tc_text_puts(&t, files->count ? "\n]}\n" : "]}\n");
  return srv_respond_text(ctx, 200, &t);
}

/* A download name from the screen id: letters, digits, '-' and '_' only. */
static void download_name(const design_blueprint *bp, const char *ext, char *out, size_t n) {
  char *json = design_blueprint_json(bp);
  json_t *doc = json ? json_loads(json, 0, NULL) : NULL;
  const char *id = json_string_value(json_object_get(doc, "screen_id"));
  size_t k = 0;
  for (const char *p = id ? id : ""; *p && k + 16 < n; p++)
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_')
      out[k++] = *p;
  snprintf(out + k, n - k, "%s%s", k ? "" : "screen", ext);
  json_decref(doc);
  free(json);
}

static bool generate(srv_ctx *ctx, const subject *s, const gen_options *g) {
  design_error e = {0};
  design_files files = {0};
  bool ok;
  if (g->react) {
    ok = design_generate_react(s->bp, &files, &e);
  } else {
    size_t len = 0;
    char *html = design_generate_html(s->bp, &len, &e);
    files.items = html ? tc_calloc(1, sizeof *files.items) : NULL;
    ok = files.items && (files.items[0].path = tc_strdup("index.html"));
    if (ok) {
      files.items[0].data = html, files.items[0].len = len, files.count = 1;
      html = NULL;
    } else if (html) {
      e = (design_error){.code = DESIGN_ERR_MEMORY, .message = "out of memory"};
    }
    free(html);
  }
  if (!ok) {
    design_files_free(&files);
    return design_fail(ctx, &e, "");
  }
  char name[96];
  if (!strcmp(g->format, "json")) {
    ok = respond_files_json(ctx, &files, g->react);
  } else if (!strcmp(g->format, "file")) {
    download_name(s->bp, ".html", name, sizeof name);
    char *body = files.items[0].data;
    files.items[0].data = NULL;
    ok = srv_respond_take(ctx, 200, "text/html; charset=utf-8", body, files.items[0].len) &&
         srv_add_header(ctx, "Content-Disposition", "attachment; filename=\"%s\"", name);
  } else {
    download_name(s->bp, g->react ? "-react.zip" : "-html.zip", name, sizeof name);
    size_t len = 0;
    char *zip = srv_zip_files(&files, &len, &ctx->err);
    ok = zip && srv_respond_take(ctx, 200, "application/zip", zip, len) &&
         srv_add_header(ctx, "Content-Disposition", "attachment; filename=\"%s\"", name);
  }
  design_files_free(&files);
  return ok && (!s->version || srv_add_header(ctx, "X-Blueprint-Version", "%lld", (long long)s->version));
}

bool srv_generate_body(srv_ctx *ctx) {
  json_t *body = srv_body_object(ctx);
  gen_options g;
  subject s;
  if (!body || !gen_options_read(ctx, body, &g) || !subject_from_body(ctx, body, &s)) return false;
  bool ok = generate(ctx, &s, &g);
  subject_done(ctx, &s);
  return ok;
}

bool srv_generate_blueprint(srv_ctx *ctx) {
  gen_options g;
  subject s;
  if (!gen_options_read(ctx, NULL, &g) || !subject_from_store(ctx, &s)) return false;
  bool ok = generate(ctx, &s, &g);
  subject_done(ctx, &s);
  return ok;
}

/* ---- import -------------------------------------------------------------------- */

bool srv_import_png(srv_ctx *ctx) {
  const char *type = ctx->req->content_type;
  if (type && strncmp(type, "image/png", 9) != 0 && strncmp(type, "application/octet-stream", 24) != 0)
    return srv_fail(&ctx->err, 415, "unsupported_media_type", "body", "send the image as image/png, not %.60s", type);
  if (ctx->req->body_len == 0) return srv_fail(&ctx->err, 400, "invalid_input", "body", "the body holds no image");
  design_import_options o = {.scale = 1, .max_pixels = MAX_PIXELS, .screen_id = srv_param_get(ctx, "screen_id")};
  const char *scale = srv_param_get(ctx, "scale");
  if (scale && !tc_parse_double(scale, 0.25, 8, &o.scale))
    return srv_fail(&ctx->err, 400, "bad_request", "scale", "?scale= must be a number from 0.25 to 8");
  design_error e = {0};
  char *json = design_import_png((const unsigned char *)ctx->req->body, ctx->req->body_len, &o, &e);
  if (!json) return design_fail(ctx, &e, "body");
  tc_text t = {0};
  tc_text_puts(&t, "{\"blueprint\": ");
  tc_text_puts(&t, json);
  tc_text_puts(&t, "}\n");
  free(json);
  return srv_respond_text(ctx, 200, &t);
}
