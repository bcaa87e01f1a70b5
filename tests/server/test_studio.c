/*
 * test_studio.c - /render, /generate and /import through srv_handle: the
 * bytes equal the studio library's own (design_studio.h), options and their
 * errors, the zip archive's structure, and a rendered screen imported back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "server_fixture.h"
#include "tessera/design_studio.h"
#include "tessera/readfile.h"

static uint32_t be32(const char *p) {
  const unsigned char *u = (const unsigned char *)p;
  return (uint32_t)u[0] << 24 | (uint32_t)u[1] << 16 | (uint32_t)u[2] << 8 | u[3];
}

static unsigned le16(const char *p) {
  const unsigned char *u = (const unsigned char *)p;
  return u[0] | (unsigned)u[1] << 8;
}

static design_blueprint *load_sample(const char *file) {
  char rel[128], err[256];
  size_t len;
  snprintf(rel, sizeof rel, "data/design/blueprints/%s", file);
  char *text = tc_read_file(test_path(rel), 0, &len, err, sizeof err);
  design_blueprint *bp = text ? design_blueprint_load(text, len, NULL) : NULL;
  free(text);
  return bp;
}

static void create(srv_app *app, const char *file) {
  char *body = create_body(file);
  CHECK_INT(call(app, "POST", "/blueprints", body)->resp.status, 201);
  free(body);
}

TEST(studio_render_is_the_library_drawing) {
  app_fixture f;
  srv_app *app = fixture_open(&f, false, false);
  create(app, "storefront.json");
  design_blueprint *bp = load_sample("storefront.json");
  unsigned char *png = NULL;
  size_t len = 0;
  design_render_options o = {.scale = 1};
  CHECK(design_render_png(bp, &o, &png, &len, NULL));
  const reply *r = call(app, "GET", "/blueprints/1/render", NULL);
  CHECK_INT(r->resp.status, 200);
  CHECK_STR(r->resp.content_type, "image/png");
  CHECK(r->resp.len == len && memcmp(r->resp.body, png, len) == 0);
  CHECK_INT(be32(r->resp.body + 16), 375); /* IHDR width */
  r = call(app, "GET", "/blueprints/1/render?scale=2", NULL);
  CHECK_INT(be32(r->resp.body + 16), 750);
  char *body = create_body("storefront.json");
  r = call(app, "POST", "/render", body);
  CHECK(r->resp.len == len && memcmp(r->resp.body, png, len) == 0);
  free(body);
  CHECK_INT(call(app, "GET", "/blueprints/1/render?scale=100", NULL)->resp.status, 400);
  CHECK_INT(call(app, "GET", "/blueprints/1/render?scale=abc", NULL)->resp.status, 400);
  CHECK_INT(call(app, "GET", "/blueprints/1/render?version=7", NULL)->resp.status, 404);
  CHECK_INT(call(app, "POST", "/render", "{\"blueprint\": {}, \"scale\": 1}")->resp.status, 422);
  /* a screen too tall for the server's pixel cap */
  r = call(app, "POST", "/render",
           "{\"scale\": 8, \"blueprint\": {\"screen_id\": \"t\", \"tokens\": {}, \"components\":"
           " [{\"id\": \"a\", \"type\": \"text\", \"bbox\": [0, 0, 10, 100000]}]}}");
  CHECK_INT(r->resp.status, 413);
  CHECK_STR(error_code(r), "too_large");
  free(png);
  design_blueprint_free(bp);
  fixture_close(&f);
}

TEST(studio_generate_files_html_and_zip) {
  app_fixture f;
  srv_app *app = fixture_open(&f, false, false);
  create(app, "storefront.json");
  design_blueprint *bp = load_sample("storefront.json");
  design_files files = {0};
  CHECK(design_generate_react(bp, &files, NULL));
  const reply *r = call(app, "GET", "/blueprints/1/generate?target=react&format=json", NULL);
  CHECK_INT(r->resp.status, 200);
  json_t *list = json_object_get(r->json, "files");
  CHECK_INT(json_array_size(list), files.count);
  for (size_t i = 0; i < files.count && i < json_array_size(list); i++) {
    json_t *item = json_array_get(list, i);
    CHECK_STR(json_string_value(json_object_get(item, "path")), files.items[i].path);
    CHECK(json_string_length(json_object_get(item, "content")) == files.items[i].len);
  }
  size_t html_len = 0;
  char *html = design_generate_html(bp, &html_len, NULL);
  r = call(app, "GET", "/blueprints/1/generate?target=html&format=file", NULL);
  CHECK_STR(r->resp.content_type, "text/html; charset=utf-8");
  CHECK(r->resp.len == html_len && memcmp(r->resp.body, html, html_len) == 0);
  CHECK_STR(header(r, "Content-Disposition"), "attachment; filename=\"home.html\"");

  r = call(app, "GET", "/blueprints/1/generate?target=react&format=zip", NULL);
  CHECK_STR(r->resp.content_type, "application/zip");
  const char *z = r->resp.body;
  size_t n = r->resp.len;
  CHECK(n > 22 && memcmp(z, "PK\3\4", 4) == 0);
  CHECK(n > 22 && memcmp(z + n - 22, "PK\5\6", 4) == 0);
  CHECK_INT(le16(z + n - 22 + 10), files.count); /* entries in the directory */
  /* the same request gives the same bytes */
  char *first = malloc(n);
  memcpy(first, z, n);
  r = call(app, "GET", "/blueprints/1/generate?target=react&format=zip", NULL);
  CHECK(r->resp.len == n && memcmp(r->resp.body, first, n) == 0);
  free(first);

  CHECK_INT(call(app, "GET", "/blueprints/1/generate?target=vue", NULL)->resp.status, 400);
  CHECK_INT(call(app, "GET", "/blueprints/1/generate?format=tar", NULL)->resp.status, 400);
  CHECK_INT(call(app, "GET", "/blueprints/1/generate?target=react&format=file", NULL)->resp.status, 400);
  char *body = create_body("storefront.json");
  body[strlen(body) - 1] = 0;
  char *with = NULL;
  if (asprintf(&with, "%s, \"target\": \"html\", \"format\": \"json\"}", body) > 0) {
    r = call(app, "POST", "/generate", with);
    CHECK_INT(r->resp.status, 200);
    CHECK_INT(json_array_size(json_object_get(r->json, "files")), 1);
  }
  free(with);
  free(body);
  free(html);
  design_files_free(&files);
  design_blueprint_free(bp);
  fixture_close(&f);
}

TEST(studio_import_reads_back_a_rendered_screen) {
  app_fixture f;
  srv_app *app = fixture_open(&f, false, false);
  create(app, "storefront.json");
  const reply *r = call(app, "GET", "/blueprints/1/render", NULL);
  size_t len = r->resp.len;
  char *png = malloc(len);
  memcpy(png, r->resp.body, len);
  srv_request req = {.method = "POST", .target = "/import?screen_id=back", .content_type = "image/png",
                     .body = png, .body_len = len};
  srv_response resp;
  srv_handle(app, &req, &resp);
  CHECK_INT(resp.status, 200);
  json_t *doc = json_loadb(resp.body, resp.len, 0, NULL);
  json_t *bp = json_object_get(doc, "blueprint");
  CHECK_STR(json_string_value(json_object_get(bp, "screen_id")), "back");
  CHECK(json_array_size(json_object_get(bp, "components")) >= 3);
  json_decref(doc);
  srv_response_free(&resp);

  req.content_type = "text/plain";
  srv_handle(app, &req, &resp);
  CHECK_INT(resp.status, 415);
  srv_response_free(&resp);
  req.content_type = "image/png";
  req.body_len = len / 2; /* truncated */
  srv_handle(app, &req, &resp);
  CHECK_INT(resp.status, 400);
  srv_response_free(&resp);
  req.body = "not a png at all";
  req.body_len = 16;
  srv_handle(app, &req, &resp);
  CHECK_INT(resp.status, 400);
  CHECK(strstr(resp.body, "invalid_input") != NULL);
  srv_response_free(&resp);
  req.body_len = 0;
  srv_handle(app, &req, &resp);
  CHECK_INT(resp.status, 400);
  srv_response_free(&resp);
  free(png);
  fixture_close(&f);
}
