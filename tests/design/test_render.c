/*
 * test_render.c - design_render and the PNG codec (design_studio.h): pixels
 * at known places of small blueprints (fills, outlines, hidden components,
 * rounded corners, placeholders, clipping, image pictograms, violation
 * frames), scale, canvas height, determinism, caps, and malformed PNGs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "tessera/design_studio.h"

static design_blueprint *load_with(const char *components, const char *extra_tokens) {
  char *json = NULL;
  if (asprintf(&json,
               "{\"screen_id\": \"t\", \"viewport\": {\"width\": 200, \"height\": 100}, \"tokens\": {"
               "\"primary_color\": \"#1D4ED8\", \"text_color\": \"#111111\", \"background_color\": \"#FFFFFF\","
               " \"base_spacing\": 16%s}, \"components\": [%s]}",
               extra_tokens, components) < 0)
    return NULL;
  design_blueprint *bp = design_blueprint_load(json, strlen(json), NULL);
  free(json);
  return bp;
}

static uint32_t pixel(const design_image *img, int x, int y) {
  if (x < 0 || y < 0 || x >= img->width || y >= img->height) return 0xFFFFFFFFu;
  const uint8_t *p = img->rgb + ((size_t)y * (size_t)img->width + (size_t)x) * 3;
  return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

static size_t count_colour(const design_image *img, int x0, int y0, int x1, int y1, uint32_t c) {
  size_t n = 0;
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++) n += pixel(img, x, y) == c;
  return n;
}

static const design_render_options PLACEHOLDERS = {.scale = 1, .placeholders = true};

#define BUTTON "{\"id\": \"b\", \"type\": \"button\", \"bbox\": [10, 10, 100, 44], \"text\": \"Go\"," \
               " \"visual\": {\"bg_color\": \"#C1121F\", \"text_color\": \"#FFFFFF\"}}"

TEST(render_fills_and_background) {
  design_blueprint *bp = load_with(BUTTON, "");
  design_image img;
  CHECK(design_render(bp, &PLACEHOLDERS, &img, NULL));
  CHECK_INT(img.width, 200);
  CHECK_INT(img.height, 100);
  CHECK_INT(pixel(&img, 0, 0), 0xFFFFFF);
  CHECK_INT(pixel(&img, 12, 30), 0xC1121F);     /* inside, left of the text */
  CHECK_INT(pixel(&img, 109, 53), 0xC1121F);    /* last pixel of the box (no radius) */
  CHECK_INT(pixel(&img, 110, 30), 0xFFFFFF);    /* just right of it */
  CHECK(count_colour(&img, 10, 10, 110, 54, 0xFFFFFF) > 10); /* the placeholder text */
  CHECK_INT(count_colour(&img, 0, 60, 200, 100, 0xC1121F), 0);
  design_image_free(&img);
  design_blueprint_free(bp);
}

TEST(render_leaves_hidden_components_out_and_rounds_corners) {
  design_blueprint *bp = load_with(
      "{\"id\": \"c\", \"type\": \"card\", \"bbox\": [20, 20, 100, 60], \"visual\": {\"bg_color\": \"#00FF00\"}},"
      "{\"id\": \"h\", \"type\": \"button\", \"bbox\": [150, 20, 40, 44], \"hidden\": true,"
      " \"visual\": {\"bg_color\": \"#0000FF\"}}",
      ", \"border_radius\": 10");
  design_image img;
  CHECK(design_render(bp, &PLACEHOLDERS, &img, NULL));
  CHECK_INT(count_colour(&img, 0, 0, 200, 100, 0x0000FF), 0);
  CHECK_INT(pixel(&img, 20, 20), 0xFFFFFF);  /* the corner is cut */
  CHECK_INT(pixel(&img, 30, 20), 0x00FF00);  /* the top edge past the radius is filled */
  CHECK_INT(pixel(&img, 70, 50), 0x00FF00);
  design_image_free(&img);
  design_blueprint_free(bp);
}

TEST(render_outlines_a_box_the_colour_of_its_background) {
  design_blueprint *bp = load_with(
      "{\"id\": \"c\", \"type\": \"card\", \"bbox\": [20, 20, 100, 60], \"visual\": {\"bg_color\": \"#FFFFFF\"}}", "");
  design_image img;
  CHECK(design_render(bp, &PLACEHOLDERS, &img, NULL));
  uint32_t edge = pixel(&img, 60, 20);
  CHECK(edge != 0xFFFFFF);
  CHECK_INT(pixel(&img, 20, 50), edge);
  CHECK_INT(pixel(&img, 119, 50), edge);
  CHECK_INT(pixel(&img, 60, 79), edge);
  CHECK_INT(pixel(&img, 60, 50), 0xFFFFFF);
  CHECK_INT(pixel(&img, 60, 80), 0xFFFFFF);
  design_image_free(&img);
  design_blueprint_free(bp);
}

TEST(render_image_placeholder_has_a_pictogram) {
  design_blueprint *bp = load_with("{\"id\": \"i\", \"type\": \"image\", \"bbox\": [0, 0, 200, 100]}", "");
  design_image img;
  CHECK(design_render(bp, &PLACEHOLDERS, &img, NULL));
  CHECK_INT(pixel(&img, 2, 2), 0xE5E7EB);
  CHECK(count_colour(&img, 0, 0, 200, 100, 0x959699) > 100); /* 35% toward black */
  design_image_free(&img);
  design_blueprint_free(bp);
}

TEST(render_text_stays_inside_its_box) {
  design_blueprint *bp = load_with(
      "{\"id\": \"t\", \"type\": \"text\", \"bbox\": [10, 10, 60, 20], \"text\": \"a long text that wraps "
      "and wraps and wraps far below the box\", \"visual\": {\"text_color\": \"#FF0000\", \"font_size\": 14}}",
      "");
  for (int font = 0; font < 2; font++) {
    design_render_options o = {.scale = 1, .placeholders = font == 0};
    design_image img;
    CHECK(design_render(bp, &o, &img, NULL));
    size_t inside = 0, all = 0;
    for (int y = 0; y < img.height; y++)
      for (int x = 0; x < img.width; x++)
        if (pixel(&img, x, y) != 0xFFFFFF) {
          all++;
          inside += x >= 10 && x < 70 && y >= 10 && y < 30;
        }
    CHECK(inside > 20);
    CHECK_INT(all, inside);
    design_image_free(&img);
  }
  design_blueprint_free(bp);
}

TEST(render_scale_and_height) {
  design_blueprint *bp = load_with(
      BUTTON ", {\"id\": \"low\", \"type\": \"divider\", \"bbox\": [0, 150, 200, 1]}", "");
  design_render_options o = PLACEHOLDERS;
  o.scale = 2;
  design_image img;
  CHECK(design_render(bp, &o, &img, NULL));
  CHECK_INT(img.width, 400);
  CHECK_INT(img.height, 302); /* the divider's bottom, below the viewport */
  CHECK_INT(pixel(&img, 22, 60), 0xC1121F);
  CHECK_INT(pixel(&img, 219, 107), 0xC1121F);
  CHECK_INT(pixel(&img, 220, 60), 0xFFFFFF);
  CHECK_INT(pixel(&img, 10, 300), 0xE5E7EB);
  design_image_free(&img);
  design_blueprint_free(bp);
}

TEST(render_frames_violations_on_request) {
  design_blueprint *bp = load_with(
      "{\"id\": \"a\", \"type\": \"button\", \"bbox\": [10, 10, 80, 44], \"visual\": {\"bg_color\": \"#1D4ED8\"}},"
      "{\"id\": \"b\", \"type\": \"button\", \"bbox\": [60, 30, 80, 44], \"visual\": {\"bg_color\": \"#1D4ED8\"}}",
      "");
  design_render_options o = PLACEHOLDERS;
  design_image plain, framed;
  CHECK(design_render(bp, &o, &plain, NULL));
  o.violations = true;
  CHECK(design_render(bp, &o, &framed, NULL));
  CHECK_INT(count_colour(&plain, 0, 0, 200, 100, 0xFF00FF), 0);
  CHECK(count_colour(&framed, 8, 8, 10, 54, 0xFF00FF) > 10);   /* left of a */
  CHECK(count_colour(&framed, 140, 30, 142, 74, 0xFF00FF) > 10); /* right of b */
  design_image_free(&plain);
  design_image_free(&framed);
  design_blueprint_free(bp);
}

TEST(render_png_is_deterministic_and_decodes_to_the_pixels) {
  design_blueprint *bp = load_with(BUTTON, "");
  unsigned char *a = NULL, *b = NULL;
  size_t alen = 0, blen = 0;
  CHECK(design_render_png(bp, NULL, &a, &alen, NULL));
  CHECK(design_render_png(bp, NULL, &b, &blen, NULL));
  CHECK(alen == blen && a && b && memcmp(a, b, alen) == 0);
  design_image img, back;
  CHECK(design_render(bp, NULL, &img, NULL));
  CHECK(design_png_decode(a, alen, 0, &back, NULL));
  CHECK(back.width == img.width && back.height == img.height &&
        memcmp(back.rgb, img.rgb, (size_t)img.width * img.height * 3) == 0);
  design_image_free(&img);
  design_image_free(&back);
  free(a);
  free(b);
  design_blueprint_free(bp);
}

TEST(render_refuses_bad_scale_and_huge_screens) {
  design_blueprint *bp = load_with(BUTTON, "");
  design_render_options o = {.scale = 9};
  design_image img;
  design_error err;
  CHECK(!design_render(bp, &o, &img, &err));
  CHECK_INT(err.code, DESIGN_ERR_INPUT);
  design_blueprint_free(bp);
  const char *wide = "{\"screen_id\": \"w\", \"viewport\": {\"width\": 100000}, \"tokens\": {},"
                     " \"components\": []}";
  bp = design_blueprint_load(wide, strlen(wide), NULL);
  CHECK(bp != NULL);
  CHECK(!design_render(bp, NULL, &img, &err));
  CHECK_INT(err.code, DESIGN_ERR_TOO_LARGE);
  CHECK_STR(err.path, "viewport.width");
  design_blueprint_free(bp);
  bp = load_with("{\"id\": \"tall\", \"type\": \"card\", \"bbox\": [0, 0, 10, 100000]}", "");
  CHECK(!design_render(bp, NULL, &img, &err));
  CHECK_INT(err.code, DESIGN_ERR_TOO_LARGE);
  CHECK_STR(err.path, "components");
  design_blueprint_free(bp);
}

/* ---- malformed PNGs ------------------------------------------------------------ */

static void put_u32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16), p[2] = (unsigned char)(v >> 8),
  p[3] = (unsigned char)v;
}

/* The PNG chunk CRC (ISO 3309), bit by bit: slow and obviously right. */
static uint32_t crc32_of(const unsigned char *p, size_t n) {
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; i++) {
    c ^= p[i];
    for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
  }
  return c ^ 0xFFFFFFFFu;
}

/* A signature and an IHDR chunk (with a correct CRC) for w x h RGB. */
static size_t header_only(unsigned char *out, uint32_t w, uint32_t h) {
  static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  memcpy(out, sig, 8);
  put_u32(out + 8, 13);
  memcpy(out + 12, "IHDR", 4);
  put_u32(out + 16, w);
  put_u32(out + 20, h);
  out[24] = 8, out[25] = 2, out[26] = 0, out[27] = 0, out[28] = 0;
  put_u32(out + 29, crc32_of(out + 12, 17));
  return 33;
}

static design_error decode_error(const unsigned char *data, size_t len, size_t max_pixels) {
  design_image img = {0};
  design_error err = {0};
  CHECK(!design_png_decode(data, len, max_pixels, &img, &err));
  CHECK(img.rgb == NULL);
  CHECK(err.message[0] != 0);
  return err;
}

TEST(png_decode_refuses_malformed_files) {
  design_blueprint *bp = load_with(BUTTON, "");
  unsigned char *png = NULL;
  size_t len = 0;
  CHECK(design_render_png(bp, NULL, &png, &len, NULL));
  design_blueprint_free(bp);
  CHECK_INT(decode_error((const unsigned char *)"GIF89a....", 10, 0).code, DESIGN_ERR_INPUT);
  CHECK_INT(decode_error(png, 4, 0).code, DESIGN_ERR_INPUT);
  CHECK_INT(decode_error(png, len / 2, 0).code, DESIGN_ERR_INPUT);   /* truncated */
  unsigned char *bad = malloc(len);
  memcpy(bad, png, len);
  bad[29] ^= 0xFF; /* IHDR CRC */
  CHECK_INT(decode_error(bad, len, 0).code, DESIGN_ERR_INPUT);
  free(bad);
  CHECK_INT(decode_error(png, len, 100).code, DESIGN_ERR_TOO_LARGE); /* over a small cap */
  unsigned char head[64];
  size_t n = header_only(head, 100000, 100000);
  CHECK_INT(decode_error(head, n, 0).code, DESIGN_ERR_TOO_LARGE);
  n = header_only(head, 16000, 16000); /* within each side, over the pixel cap */
  CHECK_INT(decode_error(head, n, 0).code, DESIGN_ERR_TOO_LARGE);
  n = header_only(head, 10, 10); /* no image data at all */
  CHECK_INT(decode_error(head, n, 0).code, DESIGN_ERR_INPUT);
  free(png);
}
