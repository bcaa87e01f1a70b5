/*
 * render_png.c - PNG bytes to and from design_image (design_studio.h), and
 * the studio's error helpers.
 *
 * Both directions work in memory (the HTTP server never touches the disk
 * for /render or /import). libpng reports errors by longjmp: each libpng
 * call sequence runs inside one function that owns the setjmp, and every
 * allocation that must survive the jump is made before it or recorded in
 * a struct the caller frees, so a corrupt file cannot leak or crash.
 *
 * Decoding checks the header's dimensions against the caps before any
 * pixel memory is allocated, and asks libpng to expand every format to
 * 8-bit RGB (alpha composited on white, as a browser shows a transparent
 * screenshot on a white page). Encoding writes no time stamp or text
 * chunk, so equal images give equal bytes.
 */
#include <png.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "design/studio_internal.h"
#include "tessera/fault.h"

bool design_studio_fail(design_error *err, design_error_code code, const char *path, const char *fmt, ...) {
  if (!err) return false;
  err->code = code;
  snprintf(err->path, sizeof err->path, "%s", path ? path : "");
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
  return false;
}

void design_image_free(design_image *img) {
  if (!img) return;
  free(img->rgb);
  img->rgb = NULL;
  img->width = img->height = 0;
}

bool design_studio_image_alloc(design_image *img, int width, int height, size_t max_pixels, design_error *err) {
  size_t cap = max_pixels ? max_pixels : DESIGN_IMAGE_MAX_PIXELS;
  img->rgb = NULL;
  img->width = img->height = 0;
  if (width < 1 || height < 1 || width > DESIGN_IMAGE_MAX_SIDE || height > DESIGN_IMAGE_MAX_SIDE)
    return design_studio_fail(err, DESIGN_ERR_TOO_LARGE, "", "image would be %d x %d pixels, at most %d per side",
                       width, height, DESIGN_IMAGE_MAX_SIDE);
  if ((size_t)width * (size_t)height > cap)
    return design_studio_fail(err, DESIGN_ERR_TOO_LARGE, "", "image would be %d x %d = %zu pixels, at most %zu",
                       width, height, (size_t)width * (size_t)height, cap);
  img->rgb = tc_malloc((size_t)width * (size_t)height * 3);
  if (!img->rgb) return design_studio_fail(err, DESIGN_ERR_MEMORY, "", "out of memory for a %d x %d image", width, height);
  img->width = width;
  img->height = height;
  return true;
}

/* ---- encoding ------------------------------------------------------------- */

typedef struct png_sink {
  unsigned char *data;
  size_t len, cap;
  bool oom;
  design_error *err;
} png_sink;

static void sink_write(png_structp png, png_bytep bytes, png_size_t n) {
  png_sink *s = png_get_io_ptr(png);
  if (s->oom) return;
  if (s->len + n > s->cap) {
    size_t cap = s->cap ? s->cap : 4096;
    while (cap < s->len + n) cap *= 2;
    unsigned char *grown = tc_realloc(s->data, cap);
    if (!grown) {
      s->oom = true;
      png_error(png, "out of memory");
    }
    s->data = grown;
    s->cap = cap;
  }
  memcpy(s->data + s->len, bytes, n);
  s->len += n;
}

static void sink_flush(png_structp png) { (void)png; }

static void on_png_error(png_structp png, png_const_charp message) {
  design_error *err = png_get_error_ptr(png);
  bool limit = strstr(message, "user limit") != NULL; /* png_set_user_limits */
  design_studio_fail(err, limit ? DESIGN_ERR_TOO_LARGE : DESIGN_ERR_INPUT, "", "PNG: %s", message);
  png_longjmp(png, 1);
}

static void on_png_warning(png_structp png, png_const_charp message) {
  (void)png;
  (void)message;
}

static bool encode_rows(png_structp png, png_infop info, const design_image *img) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_set_IHDR(png, info, (png_uint_32)img->width, (png_uint_32)img->height, 8, PNG_COLOR_TYPE_RGB,
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_compression_level(png, 6);
  png_write_info(png, info);
  for (int y = 0; y < img->height; y++) png_write_row(png, img->rgb + (size_t)y * (size_t)img->width * 3);
  png_write_end(png, NULL);
  return true;
}

bool design_png_encode(const design_image *img, unsigned char **out, size_t *len, design_error *err) {
  design_error scratch;
  if (!err) err = &scratch;
  png_sink sink = {.err = err};
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, err, on_png_error, on_png_warning);
  png_infop info = png ? png_create_info_struct(png) : NULL;
  bool ok = false;
  if (png && info) {
    png_set_write_fn(png, &sink, sink_write, sink_flush);
    ok = encode_rows(png, info, img);
  } else design_studio_fail(err, DESIGN_ERR_MEMORY, "", "out of memory");
  png_destroy_write_struct(png ? &png : NULL, info ? &info : NULL);
  if (sink.oom) design_studio_fail(err, DESIGN_ERR_MEMORY, "", "out of memory for the PNG bytes");
  if (!ok) {
    free(sink.data);
    return false;
  }
  *out = sink.data;
  *len = sink.len;
  return true;
}

/* ---- decoding ------------------------------------------------------------- */

typedef struct png_source {
  const unsigned char *data;
  size_t len, pos;
} png_source;

static void source_read(png_structp png, png_bytep bytes, png_size_t n) {
  png_source *s = png_get_io_ptr(png);
  if (n > s->len - s->pos) png_error(png, "the file is truncated");
  memcpy(bytes, s->data + s->pos, n);
  s->pos += n;
}

/* State the decoder owns across the longjmp. */
typedef struct decode_job {
  size_t max_pixels;
  design_image *out;
  png_bytep *rows;
  design_error *err;
  bool too_large, oom;
} decode_job;

/* Asks libpng for 8-bit RGB whatever the file holds. */
static void expand_to_rgb(png_structp png, png_infop info) {
  int type = png_get_color_type(png, info), depth = png_get_bit_depth(png, info);
  if (type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
  if (type == PNG_COLOR_TYPE_GRAY && depth < 8) png_set_expand_gray_1_2_4_to_8(png);
  if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
  if (depth == 16) png_set_strip_16(png);
  if (type == PNG_COLOR_TYPE_GRAY || type == PNG_COLOR_TYPE_GRAY_ALPHA) png_set_gray_to_rgb(png);
  png_color_16 white = {0, 255, 255, 255, 255};
  png_set_background(png, &white, PNG_BACKGROUND_GAMMA_SCREEN, 0, 1.0);
  png_set_interlace_handling(png);
  png_read_update_info(png, info);
}

static bool decode_rows(png_structp png, png_infop info, decode_job *job) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_set_user_limits(png, DESIGN_IMAGE_MAX_SIDE, DESIGN_IMAGE_MAX_SIDE);
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
  /* let the fuzzer past the checksums, as libpng's own fuzz target does */
  png_set_crc_action(png, PNG_CRC_QUIET_USE, PNG_CRC_QUIET_USE);
  png_set_option(png, PNG_IGNORE_ADLER32, PNG_OPTION_ON);
#endif
  png_read_info(png, info);
  png_uint_32 w = png_get_image_width(png, info), h = png_get_image_height(png, info);
  size_t cap = job->max_pixels ? job->max_pixels : DESIGN_IMAGE_MAX_PIXELS;
  if ((size_t)w * h > cap) {
    job->too_large = true;
    design_studio_fail(job->err, DESIGN_ERR_TOO_LARGE, "", "image is %u x %u = %zu pixels, at most %zu", (unsigned)w,
                (unsigned)h, (size_t)w * h, cap);
    return false;
  }
  expand_to_rgb(png, info);
  if (png_get_rowbytes(png, info) != (size_t)w * 3) png_error(png, "unexpected row format");
  if (!design_studio_image_alloc(job->out, (int)w, (int)h, cap, job->err)) {
    job->too_large = true;
    return false;
  }
  job->rows = tc_malloc(h * sizeof *job->rows);
  if (!job->rows) {
    job->oom = true;
    png_error(png, "out of memory");
  }
  for (png_uint_32 y = 0; y < h; y++) job->rows[y] = job->out->rgb + (size_t)y * w * 3;
  png_read_image(png, job->rows);
  png_read_end(png, NULL);
  return true;
}

static uint32_t be32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The dimensions of the IHDR chunk, checked before libpng reads on (which
 * would first look for image data, or refuse a huge header as "invalid"). */
static bool header_within_caps(const unsigned char *data, size_t len, size_t max_pixels, design_error *err) {
  if (len < 24 || memcmp(data + 12, "IHDR", 4) != 0) return true; /* libpng says what is wrong */
  uint32_t w = be32(data + 16), h = be32(data + 20);
  size_t cap = max_pixels ? max_pixels : DESIGN_IMAGE_MAX_PIXELS;
  if (w > DESIGN_IMAGE_MAX_SIDE || h > DESIGN_IMAGE_MAX_SIDE)
    return design_studio_fail(err, DESIGN_ERR_TOO_LARGE, "", "image is %u x %u pixels, at most %d per side", (unsigned)w,
                       (unsigned)h, DESIGN_IMAGE_MAX_SIDE);
  if ((uint64_t)w * h > cap)
    return design_studio_fail(err, DESIGN_ERR_TOO_LARGE, "", "image is %u x %u = %llu pixels, at most %zu", (unsigned)w,
                       (unsigned)h, (unsigned long long)w * h, cap);
  return true;
}

bool design_png_decode(const unsigned char *data, size_t len, size_t max_pixels, design_image *out,
                       design_error *err) {
  design_error scratch;
  if (!err) err = &scratch;
  out->rgb = NULL;
  out->width = out->height = 0;
  if (len < 8 || png_sig_cmp(data, 0, 8) != 0)
    return design_studio_fail(err, DESIGN_ERR_INPUT, "", "not a PNG file (the signature is missing)");
  if (!header_within_caps(data, len, max_pixels, err)) return false;
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, err, on_png_error, on_png_warning);
  png_infop info = png ? png_create_info_struct(png) : NULL;
  decode_job job = {.max_pixels = max_pixels, .out = out, .err = err};
  png_source src = {data, len, 0};
  bool ok = false;
  if (png && info) {
    png_set_read_fn(png, &src, source_read);
    ok = decode_rows(png, info, &job);
  } else design_studio_fail(err, DESIGN_ERR_MEMORY, "", "out of memory");
  png_destroy_read_struct(png ? &png : NULL, info ? &info : NULL, NULL);
  free(job.rows);
  if (job.oom) design_studio_fail(err, DESIGN_ERR_MEMORY, "", "out of memory for the image rows");
  if (!ok) design_image_free(out);
  return ok;
}
