/*
 * render.c - terminal and PNG drawings of ARC tasks (see arc_render.h).
 *
 * The ARC palette is defined once as RGB; the terminal colours are derived
 * from it (nearest xterm-256 cube or grey-ramp entry, skipping the 16 system
 * colours whose look depends on the terminal theme).
 *
 * The PNG is painted into an RGB buffer first and written in one go, so the
 * libpng error path (a longjmp) only has to clean up libpng and the file.
 * Cells shrink for very large grids to keep the image size reasonable.
 */
#include "tessera/arc_render.h"
#include "tessera/fault.h"

#include <errno.h>
#include <png.h>
#include <stdlib.h>
#include <string.h>

static const arc_rgb ARC_PALETTE[10] = {
    {0x00, 0x00, 0x00}, /* 0 black */
    {0x00, 0x74, 0xD9}, /* 1 blue */
    {0xFF, 0x41, 0x36}, /* 2 red */
    {0x2E, 0xCC, 0x40}, /* 3 green */
    {0xFF, 0xDC, 0x00}, /* 4 yellow */
    {0xAA, 0xAA, 0xAA}, /* 5 grey */
    {0xF0, 0x12, 0xBE}, /* 6 magenta */
    {0xFF, 0x85, 0x1B}, /* 7 orange */
    {0x7F, 0xDB, 0xFF}, /* 8 light blue */
    {0x87, 0x0C, 0x25}, /* 9 maroon */
};
static const arc_rgb OTHER_COLOUR = {0xFF, 0xFF, 0xFF};

arc_rgb arc_palette(int colour) {
  return colour >= 0 && colour < 10 ? ARC_PALETTE[colour] : OTHER_COLOUR;
}

/* ---- terminal ---------------------------------------------------------------- */

static int distance2(arc_rgb a, int r, int g, int b) {
  return (a.r - r) * (a.r - r) + (a.g - g) * (a.g - g) + (a.b - b) * (a.b - b);
}

static int cube_level(int i) { return i == 0 ? 0 : 55 + 40 * i; }

int arc_palette_xterm(int colour) {
  arc_rgb c = arc_palette(colour);
  int best = 16, best_d = 1 << 30;
  for (int i = 0; i < 216; i++) {
    int d = distance2(c, cube_level(i / 36), cube_level(i / 6 % 6), cube_level(i % 6));
    if (d < best_d) best = 16 + i, best_d = d;
  }
  for (int i = 0; i < 24; i++) {
    int v = 8 + 10 * i;
    int d = distance2(c, v, v, v);
    if (d < best_d) best = 232 + i, best_d = d;
  }
  return best;
}

static int grid_rows(tv_val g) { return g ? tv_grid_h(g) : 1; }

/* Writes row r of a grid (or padding when the grid has no such row). */
static void text_grid_row(FILE *out, tv_val g, int r, bool ansi, bool pad) {
  int w = tv_grid_w(g), cell_width = ansi ? 2 : 1;
  if (r >= tv_grid_h(g)) {
    if (pad) fprintf(out, "%*s", w * cell_width, "");
    return;
  }
  for (int j = 0; j < w; j++) {
    int c = tv_grid_at(g, r, j);
    if (ansi) fprintf(out, "\x1b[48;5;%dm  ", arc_palette_xterm(c));
    else fputc(c < 10 ? '0' + c : '+', out);
  }
  if (ansi) fputs("\x1b[0m", out);
}

static void text_pair(FILE *out, const char *kind, size_t index, const arc_pair *pair, bool ansi) {
  tv_val in = pair->input, outg = pair->output;
  fprintf(out, "\n%s[%zu]: %dx%d -> ", kind, index, tv_grid_h(in), tv_grid_w(in));
  if (outg) fprintf(out, "%dx%d\n", tv_grid_h(outg), tv_grid_w(outg));
  else fputs("?\n", out);
  int rows = grid_rows(in) > grid_rows(outg) ? grid_rows(in) : grid_rows(outg);
  for (int r = 0; r < rows; r++) {
    bool has_output_row = outg ? r < tv_grid_h(outg) : r == 0;
    text_grid_row(out, in, r, ansi, has_output_row);
    if (has_output_row) {
      fputs(r == 0 ? "  ->  " : "      ", out);
      if (outg) text_grid_row(out, outg, r, ansi, false);
      else fputc('?', out);
    }
    fputc('\n', out);
  }
}

bool arc_render_text(FILE *out, const arc_task *task, bool ansi) {
  fprintf(out, "task %s: %zu train, %zu test\n", task->id, task->n_train, task->n_test);
  for (size_t i = 0; i < task->n_train; i++) text_pair(out, "train", i, &task->train[i], ansi);
  for (size_t i = 0; i < task->n_test; i++) text_pair(out, "test", i, &task->test[i], ansi);
  return fflush(out) == 0 && !ferror(out);
}

/* ---- PNG layout ------------------------------------------------------------- */

#define PNG_MARGIN 16
#define PNG_ARROW_GAP 48
#define PNG_MAX_SIDE 16384
static const arc_rgb BACKGROUND = {0xF0, 0xF0, 0xF0};
static const arc_rgb GRID_LINE = {0x55, 0x55, 0x55};
static const arc_rgb INK = {0x44, 0x44, 0x44};
static const arc_rgb UNKNOWN_FILL = {0xCC, 0xCC, 0xCC};
static const arc_rgb UNKNOWN_STRIPE = {0xAA, 0xAA, 0xAA};

typedef struct image {
  int width, height;
  uint8_t *pixels; /* RGB rows */
} image;

typedef struct layout {
  int cell;          /* pixels per cell, without the grid line */
  int input_width;   /* widest input, in pixels */
  int output_x;      /* x of the output column */
} layout;

static int grid_px(int cells, int cell) { return cells * (cell + 1) + 1; }

static const arc_pair *nth_pair(const arc_task *task, size_t k) {
  return k < task->n_train ? &task->train[k] : &task->test[k - task->n_train];
}

/* Output shape in cells (the input's shape when the output is unknown). */
static void output_shape(const arc_pair *pair, int *h, int *w) {
  tv_val g = pair->output ? pair->output : pair->input;
  *h = tv_grid_h(g);
  *w = tv_grid_w(g);
}

static int row_height(const arc_pair *pair, int cell) {
  int oh, ow;
  output_shape(pair, &oh, &ow);
  int ih = tv_grid_h(pair->input);
  return grid_px(ih > oh ? ih : oh, cell);
}

static layout plan_layout(const arc_task *task, int *width, int *height) {
  size_t n = task->n_train + task->n_test;
  int biggest = 1, in_w = 0, out_w = 0, oh, ow;
  for (size_t k = 0; k < n; k++) {
    const arc_pair *p = nth_pair(task, k);
    output_shape(p, &oh, &ow);
    int side = tv_grid_h(p->input) > tv_grid_w(p->input) ? tv_grid_h(p->input) : tv_grid_w(p->input);
    side = side > oh ? side : oh;
    side = side > ow ? side : ow;
    biggest = side > biggest ? side : biggest;
  }
  layout L = {.cell = biggest <= 60 ? 16 : (biggest <= 480 ? 960 / biggest : 2)};
  *height = PNG_MARGIN;
  for (size_t k = 0; k < n; k++) {
    const arc_pair *p = nth_pair(task, k);
    output_shape(p, &oh, &ow);
    int iw = grid_px(tv_grid_w(p->input), L.cell);
    in_w = iw > in_w ? iw : in_w;
    out_w = grid_px(ow, L.cell) > out_w ? grid_px(ow, L.cell) : out_w;
    *height += row_height(p, L.cell) + PNG_MARGIN;
  }
  if (task->n_test && task->n_train) *height += PNG_MARGIN; /* train/test separator */
  L.input_width = in_w;
  L.output_x = PNG_MARGIN + in_w + PNG_ARROW_GAP;
  *width = L.output_x + out_w + PNG_MARGIN;
  return L;
}

/* ---- PNG painting ------------------------------------------------------------ */

static void put(image *img, int x, int y, arc_rgb c) {
  if (x < 0 || y < 0 || x >= img->width || y >= img->height) return;
  uint8_t *p = img->pixels + ((size_t)y * (size_t)img->width + (size_t)x) * 3;
  p[0] = c.r, p[1] = c.g, p[2] = c.b;
}

static void fill(image *img, int x, int y, int w, int h, arc_rgb c) {
  for (int yy = y; yy < y + h; yy++)
    for (int xx = x; xx < x + w; xx++) put(img, xx, yy, c);
}

/* Grid lines first, then each cell inside its frame. */
static void paint_grid(image *img, int x, int y, tv_val g, int cell) {
  int h = tv_grid_h(g), w = tv_grid_w(g);
  fill(img, x, y, grid_px(w, cell), grid_px(h, cell), GRID_LINE);
  for (int i = 0; i < h; i++)
    for (int j = 0; j < w; j++)
      fill(img, x + 1 + j * (cell + 1), y + 1 + i * (cell + 1), cell, cell,
           arc_palette(tv_grid_at(g, i, j)));
}

static void paint_unknown(image *img, int x, int y, int h, int w, int cell) {
  int pw = grid_px(w, cell), ph = grid_px(h, cell);
  fill(img, x, y, pw, ph, GRID_LINE);
  for (int yy = 1; yy < ph - 1; yy++)
    for (int xx = 1; xx < pw - 1; xx++)
      put(img, x + xx, y + yy, (xx + yy) % 8 < 2 ? UNKNOWN_STRIPE : UNKNOWN_FILL);
}

/* A right-pointing arrow centred vertically at y_mid in the gap. */
static void paint_arrow(image *img, int x, int y_mid) {
  int shaft = PNG_ARROW_GAP - 24;
  fill(img, x + 8, y_mid - 1, shaft, 3, INK);
  for (int d = 0; d < 7; d++) fill(img, x + 8 + shaft + d, y_mid - 6 + d, 1, 13 - 2 * d, INK);
}

static void paint_task(image *img, const arc_task *task, const layout *L) {
  int y = PNG_MARGIN, oh, ow;
  fill(img, 0, 0, img->width, img->height, BACKGROUND);
  for (size_t k = 0; k < task->n_train + task->n_test; k++) {
    const arc_pair *p = nth_pair(task, k);
    if (k == task->n_train && k > 0) {
      fill(img, PNG_MARGIN / 2, y, img->width - PNG_MARGIN, 2, INK);
      y += PNG_MARGIN;
    }
    output_shape(p, &oh, &ow);
    paint_grid(img, PNG_MARGIN, y, p->input, L->cell);
    if (p->output) paint_grid(img, L->output_x, y, p->output, L->cell);
    else paint_unknown(img, L->output_x, y, oh, ow, L->cell);
    paint_arrow(img, PNG_MARGIN + L->input_width, y + row_height(p, L->cell) / 2);
    y += row_height(p, L->cell) + PNG_MARGIN;
  }
}

/* ---- PNG writing -------------------------------------------------------------- */

/* libpng reports through these; a write error keeps the system's reason. */
typedef struct png_sink {
  FILE *f;
  arc_error *err;
  int write_errno; /* errno of a failed write, 0 if none */
} png_sink;

static void png_fail(png_structp png, png_const_charp message) {
  png_sink *sink = png_get_error_ptr(png);
  if (sink->write_errno) arc_fail(sink->err, ARC_ERR_FAILED, "cannot write: %s", strerror(sink->write_errno));
  else arc_fail(sink->err, ARC_ERR_FAILED, "libpng: %s", message);
  png_longjmp(png, 1);
}

static void png_warn(png_structp png, png_const_charp message) {
  (void)png;
  (void)message;
}

static void png_put(png_structp png, png_bytep data, size_t n) {
  png_sink *sink = png_get_io_ptr(png);
  if (fwrite(data, 1, n, sink->f) == n) return;
  sink->write_errno = errno ? errno : EIO;
  png_error(png, "write error");
}

static void png_flush_sink(png_structp png) { (void)png; }

static bool write_rows(png_structp png, png_infop info, png_sink *sink, const image *img) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_set_write_fn(png, sink, png_put, png_flush_sink);
  png_set_IHDR(png, info, (png_uint_32)img->width, (png_uint_32)img->height, 8, PNG_COLOR_TYPE_RGB,
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  for (int y = 0; y < img->height; y++)
    png_write_row(png, img->pixels + (size_t)y * (size_t)img->width * 3);
  png_write_end(png, NULL);
  return true;
}

/* Encodes the image onto f; nothing here opens, closes or removes files
 * (the caller's output file is whole or nothing: tessera/outfile.h). */
static bool write_png(FILE *f, const image *img, arc_error *err) {
  png_sink sink = {.f = f, .err = err};
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &sink, png_fail, png_warn);
  png_infop info = png ? png_create_info_struct(png) : NULL;
  arc_fail(err, ARC_ERR_FAILED, "libpng: out of memory");
  bool ok = png && info && write_rows(png, info, &sink, img);
  png_destroy_write_struct(png ? &png : NULL, info ? &info : NULL);
  if (ok && (fflush(f) != 0 || ferror(f))) ok = arc_fail(err, ARC_ERR_FAILED, "cannot write: %s", strerror(errno));
  return ok;
}

bool arc_render_png(FILE *out, const arc_task *task, arc_error *err) {
  image img = {0};
  layout L = plan_layout(task, &img.width, &img.height);
  if (img.width > PNG_MAX_SIDE || img.height > PNG_MAX_SIDE)
    return arc_fail(err, ARC_ERR_FAILED, "image would be %dx%d pixels, at most %d per side", img.width,
                    img.height, PNG_MAX_SIDE);
  img.pixels = tc_malloc((size_t)img.width * (size_t)img.height * 3);
  if (!img.pixels) return arc_fail(err, ARC_ERR_FAILED, "out of memory");
  paint_task(&img, task, &L);
  bool ok = write_png(out, &img, err);
  free(img.pixels);
  return ok;
}
