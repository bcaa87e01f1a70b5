/*
 * test_import.c - the sketch importer (design_import_*): a drawn image of
 * known boxes comes back with their bboxes, types and colours; every PNG
 * format libpng reads is accepted; malformed and oversized PNGs are
 * refused with the right error code; noise and degenerate images finish
 * without crashing; the output is deterministic and loads as a blueprint.
 * The measured round trip over many blueprints is test_import_roundtrip.sh.
 */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "tessera/design_studio.h"

static design_image blank(int w, int h, uint32_t colour) {
  design_image img = {w, h, malloc((size_t)w * (size_t)h * 3)};
  for (size_t k = 0; k < (size_t)w * (size_t)h; k++)
    img.rgb[k * 3] = (uint8_t)(colour >> 16), img.rgb[k * 3 + 1] = (uint8_t)(colour >> 8), img.rgb[k * 3 + 2] = (uint8_t)colour;
  return img;
}

static void rect(design_image *img, int x, int y, int w, int h, uint32_t colour) {
  for (int yy = y; yy < y + h; yy++)
    for (int xx = x; xx < x + w; xx++) {
      uint8_t *p = img->rgb + ((size_t)yy * (size_t)img->width + (size_t)xx) * 3;
      p[0] = (uint8_t)(colour >> 16), p[1] = (uint8_t)(colour >> 8), p[2] = (uint8_t)colour;
    }
}

static design_blueprint *load(const char *json) {
  return json ? design_blueprint_load(json, strlen(json), NULL) : NULL;
}

TEST(import_finds_bars_boxes_and_dividers) {
  design_image img = blank(375, 400, 0xFFFFFF);
  rect(&img, 0, 0, 375, 56, 0x1D4ED8);     /* navbar */
  rect(&img, 16, 72, 343, 48, 0xC1121F);   /* a box without text: a card */
  rect(&img, 16, 136, 343, 1, 0xE5E7EB);   /* divider */
  rect(&img, 0, 320, 375, 80, 0x111827);   /* footer: last, full width */
  char *json = design_import_image(&img, NULL, NULL);
  CHECK(json != NULL);
  CHECK(json && strstr(json, "\"type\": \"navbar\"") && strstr(json, "\"type\": \"divider\"") &&
        strstr(json, "\"type\": \"footer\"") && strstr(json, "\"type\": \"card\""));
  CHECK(json && strstr(json, "\"bg_color\": \"#C1121F\""));
  CHECK(json && strstr(json, "\"background_color\": \"#FFFFFF\""));
  design_blueprint *bp = load(json);
  CHECK(bp != NULL);
  char *again = design_import_image(&img, NULL, NULL);
  CHECK(json && again && strcmp(json, again) == 0);
  design_blueprint_free(bp);
  free(json);
  free(again);
  design_image_free(&img);
}

TEST(import_reads_a_render_back) {
  const char *src = "{\"screen_id\": \"r\", \"tokens\": {\"text_color\": \"#111827\", \"background_color\": \"#FFFFFF\","
                    " \"base_spacing\": 16}, \"components\": ["
                    "{\"id\": \"b\", \"type\": \"button\", \"bbox\": [16, 16, 343, 48], \"text\": \"Go\","
                    " \"visual\": {\"bg_color\": \"#047857\", \"text_color\": \"#FFFFFF\"}},"
                    "{\"id\": \"i\", \"type\": \"image\", \"bbox\": [16, 80, 343, 160]}]}";
  design_blueprint *bp = load(src);
  unsigned char *png = NULL;
  size_t len = 0;
  design_render_options ro = {.placeholders = true};
  CHECK(design_render_png(bp, &ro, &png, &len, NULL));
  design_import_options io = {.screen_id = "back"};
  char *json = design_import_png(png, len, &io, NULL);
  CHECK(json && strstr(json, "\"screen_id\": \"back\""));
  CHECK(json && strstr(json, "\"type\": \"button\"") && strstr(json, "\"bbox\": [16, 16, 343, 48]"));
  CHECK(json && strstr(json, "\"text_color\": \"#FFFFFF\""));
  CHECK(json && strstr(json, "\"type\": \"image\"") && strstr(json, "\"bbox\": [16, 80, 343, 160]"));
  free(json);
  free(png);
  design_blueprint_free(bp);
}

/* ---- PNG formats -------------------------------------------------------------- */

typedef struct mem {
  unsigned char *data;
  size_t len;
} mem;

static void mem_write(png_structp png, png_bytep bytes, png_size_t n) {
  mem *m = png_get_io_ptr(png);
  m->data = realloc(m->data, m->len + n);
  memcpy(m->data + m->len, bytes, n);
  m->len += n;
}

static void mem_flush(png_structp png) { (void)png; }

/* A 40 x 30 image of one colour in the given format (grey 128 or RGB
 * 0x336699, alpha 255), written by libpng. */
static mem encode_format(int colour_type, int depth, int interlace) {
  mem m = {NULL, 0};
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop info = png_create_info_struct(png);
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    free(m.data);
    return (mem){NULL, 0};
  }
  png_set_write_fn(png, &m, mem_write, mem_flush);
  png_set_IHDR(png, info, 40, 30, depth, colour_type, interlace, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_color palette[1] = {{0x33, 0x66, 0x99}};
  if (colour_type == PNG_COLOR_TYPE_PALETTE) png_set_PLTE(png, info, palette, 1);
  png_write_info(png, info);
  int channels = colour_type == PNG_COLOR_TYPE_RGB ? 3 : colour_type == PNG_COLOR_TYPE_RGB_ALPHA ? 4
               : colour_type == PNG_COLOR_TYPE_GRAY_ALPHA ? 2 : 1;
  size_t row_bytes = (size_t)40 * (size_t)channels * (size_t)(depth / 8 ? depth / 8 : 1);
  unsigned char *row = calloc(row_bytes, 1);
  unsigned char rgba[4] = {0x33, 0x66, 0x99, 0xFF};
  for (size_t x = 0; x < 40; x++)
    for (int c = 0; c < channels; c++)
      for (int b = 0; b < depth / 8; b++)
        row[(x * (size_t)channels + (size_t)c) * (size_t)(depth / 8) + (size_t)b] =
            colour_type == PNG_COLOR_TYPE_PALETTE ? 0
            : colour_type == PNG_COLOR_TYPE_GRAY || colour_type == PNG_COLOR_TYPE_GRAY_ALPHA ? (c ? 0xFF : 128)
                                                                                           : rgba[c];
  int passes = png_set_interlace_handling(png);
  for (int p = 0; p < passes; p++)
    for (int y = 0; y < 30; y++) png_write_row(png, row);
  png_write_end(png, NULL);
  png_destroy_write_struct(&png, &info);
  free(row);
  return m;
}

TEST(png_decode_reads_every_format) {
  struct { int type, depth, interlace; uint32_t want; } cases[] = {
      {PNG_COLOR_TYPE_RGB, 8, PNG_INTERLACE_NONE, 0x336699},
      {PNG_COLOR_TYPE_RGB, 8, PNG_INTERLACE_ADAM7, 0x336699},
      {PNG_COLOR_TYPE_RGB_ALPHA, 8, PNG_INTERLACE_NONE, 0x336699},
      {PNG_COLOR_TYPE_RGB, 16, PNG_INTERLACE_NONE, 0x336699},
      {PNG_COLOR_TYPE_GRAY, 8, PNG_INTERLACE_NONE, 0x808080},
      {PNG_COLOR_TYPE_GRAY_ALPHA, 8, PNG_INTERLACE_NONE, 0x808080},
      {PNG_COLOR_TYPE_PALETTE, 8, PNG_INTERLACE_NONE, 0x336699},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    mem m = encode_format(cases[i].type, cases[i].depth, cases[i].interlace);
    if (!m.data) printf("  format %zu could not be written\n", i);
    CHECK(m.data != NULL);
    design_image img;
    design_error err;
    bool ok = m.data && design_png_decode(m.data, m.len, 0, &img, &err);
    CHECK(ok);
    if (ok) {
      CHECK_INT(img.width, 40);
      CHECK_INT(img.height, 30);
      uint32_t got = (uint32_t)img.rgb[0] << 16 | (uint32_t)img.rgb[1] << 8 | img.rgb[2];
      CHECK_INT(got, cases[i].want);
      design_image_free(&img);
    }
    char *json = m.data ? design_import_png(m.data, m.len, NULL, NULL) : NULL;
    CHECK(json != NULL); /* a plain image: a page with no components */
    free(json);
    free(m.data);
  }
}

TEST(import_refuses_bad_input_with_the_right_code) {
  design_error err;
  CHECK(design_import_png((const unsigned char *)"not a png at all", 16, NULL, &err) == NULL);
  CHECK_INT(err.code, DESIGN_ERR_INPUT);
  CHECK(strstr(err.message, "not a PNG") != NULL);
  design_image img = blank(100, 100, 0xFFFFFF);
  design_import_options o = {.max_pixels = 5000};
  CHECK(design_import_image(&img, &o, &err) == NULL);
  CHECK_INT(err.code, DESIGN_ERR_TOO_LARGE);
  o = (design_import_options){.scale = 100};
  CHECK(design_import_image(&img, &o, &err) == NULL);
  CHECK_INT(err.code, DESIGN_ERR_INPUT);
  unsigned char *png = NULL;
  size_t len = 0;
  CHECK(design_png_encode(&img, &png, &len, NULL));
  o = (design_import_options){.max_pixels = 9999};
  CHECK(design_import_png(png, len, &o, &err) == NULL);
  CHECK_INT(err.code, DESIGN_ERR_TOO_LARGE);
  for (size_t cut = 8; cut < len; cut += len / 7 + 1) { /* truncated anywhere */
    CHECK(design_import_png(png, cut, NULL, &err) == NULL);
    CHECK(err.code == DESIGN_ERR_INPUT);
  }
  free(png);
  design_image_free(&img);
}

TEST(import_survives_noise_and_tiny_images) {
  design_image img = blank(300, 300, 0);
  uint32_t seed = 12345;
  for (size_t k = 0; k < 300 * 300 * 3; k++) {
    seed = seed * 1103515245u + 12345u;
    img.rgb[k] = (uint8_t)(seed >> 16);
  }
  char *json = design_import_image(&img, NULL, NULL);
  CHECK(json != NULL);
  design_blueprint *bp = load(json);
  CHECK(bp != NULL);
  design_blueprint_free(bp);
  free(json);
  design_image_free(&img);
  img = blank(1, 1, 0x123456);
  json = design_import_image(&img, NULL, NULL);
  CHECK(json && strstr(json, "\"components\": []"));
  free(json);
  design_image_free(&img);
  img = blank(1, 2000, 0xFFFFFF); /* one column: no margin columns to look at */
  rect(&img, 0, 100, 1, 500, 0x000000);
  json = design_import_image(&img, NULL, NULL);
  CHECK(json != NULL);
  free(json);
  design_image_free(&img);
}
