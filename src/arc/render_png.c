/*
 * render_png.c - PNG drawings of ARC tasks (see arc_render.h).
 *
 * Layout: one row per pair (train, a separator line, test), its grids as
 * columns: input -> expected output and, with a program's answers, | the
 * program's grid with the cells that differ framed. With answers every row
 * also gets a label line (pair, sizes, verdict) and the image a title with
 * the task id, in a 5x7 font drawn at twice its size (font.c). Cells are
 * 16 px with 1 px grid lines, smaller for very large grids.
 *
 * The image is painted into an RGB buffer first and encoded in one go, so
 * the libpng error path (a longjmp) only has to clean up libpng.
 */
#include <errno.h>
#include <png.h>
#include <stdlib.h>
#include <string.h>

#include "arc/font.h"
#include "arc/render_internal.h"
#include "tessera/fault.h"

#define PNG_MARGIN 16
#define PNG_ARROW_GAP 48
#define PNG_MAX_SIDE 16384
#define TEXT_SCALE 2
#define TEXT_H (ARC_FONT_H * TEXT_SCALE)
#define CHAR_W ((ARC_FONT_W + 1) * TEXT_SCALE)
#define LABEL_GAP 6
#define LABEL_MAX 100 /* characters; longer labels (error messages) are cut */
static const arc_rgb BACKGROUND = {0xF0, 0xF0, 0xF0};
static const arc_rgb GRID_LINE = {0x55, 0x55, 0x55};
static const arc_rgb INK = {0x44, 0x44, 0x44};
static const arc_rgb UNKNOWN_FILL = {0xCC, 0xCC, 0xCC};
static const arc_rgb UNKNOWN_STRIPE = {0xAA, 0xAA, 0xAA};
static const arc_rgb MARK_OUTER = {0xFF, 0xFF, 0xFF};
static const arc_rgb MARK_INNER = {0x00, 0x00, 0x00};
static const arc_rgb NO_GRID = {0xD0, 0x30, 0x30};

typedef struct image {
  int width, height;
  uint8_t *pixels; /* RGB rows */
} image;

typedef struct layout {
  int cell;             /* pixels per cell, without the grid line */
  int column_x[3];      /* x of the input, expected and program columns */
  int columns;          /* 2, or 3 with answers */
  int label_h;          /* label line above each row (0 without answers) */
  int title_h;          /* title band (0 without answers) */
} layout;

static int grid_px(int cells, int cell) { return cells * (cell + 1) + 1; }

static int max_int(int a, int b) { return a > b ? a : b; }

/* What a column shows, in cells: the grid, or a stand-in shaped like the
 * input (an unknown output, a program that gave no grid). */
static void shown_shape(const arc_view *v, const arc_view *input, int *h, int *w) {
  *h = v->h ? v->h : input->h;
  *w = v->h ? v->w : input->w;
}

static int row_height(const arc_pair_views *v, int columns, int cell) {
  int h = v->input.h, sh, sw;
  shown_shape(&v->expected, &v->input, &sh, &sw);
  h = max_int(h, sh);
  if (columns == 3) {
    shown_shape(&v->got, &v->input, &sh, &sw);
    h = max_int(h, sh);
  }
  return grid_px(h, cell);
}

static int label_width(const char *label) {
  size_t n = strlen(label);
  return (int)(n < LABEL_MAX ? n : LABEL_MAX) * CHAR_W;
}

/* The widest column of each kind and the biggest side, over all pairs. */
static void measure(const arc_task *task, const arc_task_result *answers, int widths[3], int *biggest) {
  *biggest = 1;
  for (size_t k = 0; k < arc_render_pair_count(task); k++) {
    arc_pair_views v = arc_render_views(task, answers, k);
    const arc_view *col[3] = {&v.input, &v.expected, &v.got};
    for (int c = 0; c < 3; c++) {
      int h, w;
      shown_shape(col[c], &v.input, &h, &w);
      widths[c] = max_int(widths[c], w);
      *biggest = max_int(*biggest, max_int(h, w));
    }
    free(v.marks);
  }
}

static layout plan_layout(const arc_task *task, const arc_task_result *answers, int *width, int *height) {
  int widths[3] = {0}, biggest;
  measure(task, answers, widths, &biggest);
  layout L = {.cell = biggest <= 60 ? 16 : (biggest <= 480 ? 960 / biggest : 2), .columns = answers ? 3 : 2};
  if (answers) L.label_h = TEXT_H + LABEL_GAP, L.title_h = TEXT_H + PNG_MARGIN;
  int x = PNG_MARGIN;
  for (int c = 0; c < L.columns; c++) {
    L.column_x[c] = x;
    x += grid_px(widths[c], L.cell) + PNG_ARROW_GAP;
  }
  *width = x - PNG_ARROW_GAP + PNG_MARGIN;
  *height = PNG_MARGIN + L.title_h;
  char label[800];
  for (size_t k = 0; k < arc_render_pair_count(task); k++) {
    arc_pair_views v = arc_render_views(task, answers, k);
    *height += L.label_h + row_height(&v, L.columns, L.cell) + PNG_MARGIN;
    if (answers) *width = max_int(*width, 2 * PNG_MARGIN + label_width(arc_render_label(task, &v, k, label, sizeof label)));
    free(v.marks);
  }
  if (task->n_test && task->n_train) *height += PNG_MARGIN; /* train/test separator */
  return L;
}

/* ---- painting ---------------------------------------------------------------------- */

static void put(image *img, int x, int y, arc_rgb c) {
  if (x < 0 || y < 0 || x >= img->width || y >= img->height) return;
  uint8_t *p = img->pixels + ((size_t)y * (size_t)img->width + (size_t)x) * 3;
  p[0] = c.r, p[1] = c.g, p[2] = c.b;
}

static void fill(image *img, int x, int y, int w, int h, arc_rgb c) {
  for (int yy = y; yy < y + h; yy++)
    for (int xx = x; xx < x + w; xx++) put(img, xx, yy, c);
}

/* A frame of thickness t inside the w x h box at (x, y). */
static void frame(image *img, int x, int y, int w, int h, int t, arc_rgb c) {
  fill(img, x, y, w, t, c);
  fill(img, x, y + h - t, w, t, c);
  fill(img, x, y, t, h, c);
  fill(img, x + w - t, y, t, h, c);
}

/* Labels are drawn in capitals, but the 'x' of a size ("3x4") stays small. */
static void paint_text(image *img, int x, int y, const char *text) {
  for (size_t n = 0; text[n] && n < LABEL_MAX; n++, x += CHAR_W) {
    bool size_x = text[n] == 'x' && n > 0 && text[n - 1] >= '0' && text[n - 1] <= '9';
    const uint8_t *rows = arc_font_glyph(text[n] == 'x' && !size_x ? 'X' : text[n]);
    for (int r = 0; r < ARC_FONT_H; r++)
      for (int c = 0; c < ARC_FONT_W; c++)
        if (rows[r] & (0x10 >> c)) fill(img, x + c * TEXT_SCALE, y + r * TEXT_SCALE, TEXT_SCALE, TEXT_SCALE, INK);
  }
}

/* Grid lines first, then each cell inside its frame; a marked cell (it
 * differs from the expected output) gets a white and black inner frame,
 * visible on every palette colour. */
static void paint_grid(image *img, int x, int y, const arc_view *g, int cell) {
  fill(img, x, y, grid_px(g->w, cell), grid_px(g->h, cell), GRID_LINE);
  for (int i = 0; i < g->h; i++)
    for (int j = 0; j < g->w; j++) {
      int cx = x + 1 + j * (cell + 1), cy = y + 1 + i * (cell + 1);
      size_t at = (size_t)i * (size_t)g->w + (size_t)j;
      fill(img, cx, cy, cell, cell, arc_palette(g->cells[at]));
      if (g->marks && g->marks[at] && cell >= 6) {
        frame(img, cx, cy, cell, cell, cell / 8 + 1, MARK_OUTER);
        frame(img, cx + cell / 8 + 1, cy + cell / 8 + 1, cell - 2 * (cell / 8 + 1), cell - 2 * (cell / 8 + 1), 1, MARK_INNER);
      }
    }
}

/* A striped box for an unknown output; a crossed one for a missing answer. */
static void paint_stand_in(image *img, int x, int y, int h, int w, int cell, bool missing_answer) {
  int pw = grid_px(w, cell), ph = grid_px(h, cell);
  fill(img, x, y, pw, ph, GRID_LINE);
  for (int yy = 1; yy < ph - 1; yy++)
    for (int xx = 1; xx < pw - 1; xx++)
      put(img, x + xx, y + yy, (xx + yy) % 8 < 2 ? UNKNOWN_STRIPE : UNKNOWN_FILL);
  if (!missing_answer) return;
  int n = pw < ph ? pw : ph;
  for (int d = 0; d < n; d++) {
    fill(img, x + d * pw / n - 1, y + d * ph / n - 1, 3, 3, NO_GRID);
    fill(img, x + pw - 1 - d * pw / n - 1, y + d * ph / n - 1, 3, 3, NO_GRID);
  }
}

/* A right-pointing arrow centred vertically at y_mid in the gap. */
static void paint_arrow(image *img, int x, int y_mid) {
  int shaft = PNG_ARROW_GAP - 24;
  fill(img, x + 8, y_mid - 1, shaft, 3, INK);
  for (int d = 0; d < 7; d++) fill(img, x + 8 + shaft + d, y_mid - 6 + d, 1, 13 - 2 * d, INK);
}

static void paint_column(image *img, const layout *L, int c, int y, const arc_view *v, const arc_view *input) {
  if (v->h) {
    paint_grid(img, L->column_x[c], y, v, L->cell);
    return;
  }
  paint_stand_in(img, L->column_x[c], y, input->h, input->w, L->cell, c == 2);
}

static void paint_pair(image *img, const arc_task *task, const arc_task_result *answers, const layout *L,
                       size_t k, int *y) {
  arc_pair_views v = arc_render_views(task, answers, k);
  char label[800];
  if (answers) paint_text(img, PNG_MARGIN, *y, arc_render_label(task, &v, k, label, sizeof label));
  *y += L->label_h;
  int row_h = row_height(&v, L->columns, L->cell);
  paint_grid(img, L->column_x[0], *y, &v.input, L->cell);
  paint_column(img, L, 1, *y, &v.expected, &v.input);
  paint_arrow(img, L->column_x[1] - PNG_ARROW_GAP, *y + row_h / 2);
  if (L->columns == 3) {
    paint_column(img, L, 2, *y, &v.got, &v.input);
    fill(img, L->column_x[2] - PNG_ARROW_GAP / 2 - 1, *y, 3, row_h, INK);
  }
  *y += row_h + PNG_MARGIN;
  free(v.marks);
}

static void paint_task(image *img, const arc_task *task, const arc_task_result *answers, const layout *L) {
  int y = PNG_MARGIN;
  fill(img, 0, 0, img->width, img->height, BACKGROUND);
  if (answers) {
    char title[400];
    snprintf(title, sizeof title, "task %.300s", task->id);
    paint_text(img, PNG_MARGIN, y, title);
    y += L->title_h;
  }
  for (size_t k = 0; k < arc_render_pair_count(task); k++) {
    if (k == task->n_train && k > 0) {
      fill(img, PNG_MARGIN / 2, y, img->width - PNG_MARGIN, 2, INK);
      y += PNG_MARGIN;
    }
    paint_pair(img, task, answers, L, k, &y);
  }
}

/* ---- encoding ------------------------------------------------------------------------ */

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

bool arc_render_png(FILE *out, const arc_task *task, const arc_task_result *answers, arc_error *err) {
  image img = {0};
  layout L = plan_layout(task, answers, &img.width, &img.height);
  if (img.width > PNG_MAX_SIDE || img.height > PNG_MAX_SIDE)
    return arc_fail(err, ARC_ERR_FAILED, "image would be %dx%d pixels, at most %d per side", img.width,
                    img.height, PNG_MAX_SIDE);
  img.pixels = tc_malloc((size_t)img.width * (size_t)img.height * 3);
  if (!img.pixels) return arc_fail(err, ARC_ERR_FAILED, "out of memory");
  paint_task(&img, task, answers, &L);
  bool ok = write_png(out, &img, err);
  free(img.pixels);
  return ok;
}
