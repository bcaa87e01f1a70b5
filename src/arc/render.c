/*
 * render.c - the palette, the views shared with the PNG renderer, and the
 * terminal drawing of ARC tasks (see arc_render.h; PNG in render_png.c).
 *
 * The ARC palette is defined once as RGB; the terminal colours are derived
 * from it (nearest xterm-256 cube or grey-ramp entry, skipping the 16 system
 * colours whose look depends on the terminal theme).
 *
 * Text layout: one block per pair, its grids side by side as columns
 * (input -> expected, then | program and, without colours, | the marks),
 * each column padded only when a later column still has a row, so lines
 * carry no trailing blanks.
 */
#include "arc/render_internal.h"
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

/* ---- views ------------------------------------------------------------------ */

static arc_view view_of(tv_val g) {
  if (!g) return (arc_view){0};
  return (arc_view){.h = tv_grid_h(g), .w = tv_grid_w(g), .cells = tv_grid_cells(g)};
}

size_t arc_render_pair_count(const arc_task *task) { return task->n_train + task->n_test; }

arc_pair_views arc_render_views(const arc_task *task, const arc_task_result *answers, size_t k) {
  arc_pair_views v = {.pair = k < task->n_train ? &task->train[k] : &task->test[k - task->n_train]};
  v.input = view_of(v.pair->input);
  v.expected = view_of(v.pair->output);
  v.answer = answers && k < answers->n_pairs ? &answers->pairs[k] : NULL;
  if (!v.answer || !v.answer->has_output) return v;
  v.got = (arc_view){.h = v.answer->out_h, .w = v.answer->out_w, .cells = v.answer->out_cells};
  size_t n = (size_t)v.got.h * (size_t)v.got.w;
  if (!v.got.cells || v.expected.h != v.got.h || v.expected.w != v.got.w || !(v.marks = tc_malloc(n ? n : 1)))
    return v;
  for (size_t i = 0; i < n; i++) v.marks[i] = v.got.cells[i] != v.expected.cells[i];
  v.got.marks = v.marks;
  return v;
}

const char *arc_render_label(const arc_task *task, const arc_pair_views *v, size_t k, char *buf,
                             size_t size) {
  bool test = k >= task->n_train;
  int n = snprintf(buf, size, "%s[%zu]: %dx%d -> ", test ? "test" : "train", test ? k - task->n_train : k,
                   v->input.h, v->input.w);
  if (n < 0 || (size_t)n >= size) return buf;
  n += v->expected.h ? snprintf(buf + n, size - (size_t)n, "%dx%d", v->expected.h, v->expected.w)
                     : snprintf(buf + n, size - (size_t)n, "?");
  if (!v->answer || (size_t)n >= size) return buf;
  char why[600];
  const char *verdict = arc_pair_explain(task, v->answer, why, sizeof why);
  if (verdict) snprintf(buf + n, size - (size_t)n, ", program: %s", verdict);
  else if (v->answer->status == ARC_PAIR_OK) snprintf(buf + n, size - (size_t)n, ", program: ok");
  else snprintf(buf + n, size - (size_t)n, ", program %dx%d: expected output unknown", v->got.h, v->got.w);
  return buf;
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

/* A text column: a grid, or a one-line placeholder ("?" for an unknown
 * output, "(no grid)" for a program that gave none); `marks_only` draws
 * the marks as '.' and 'x' instead of the cells. */
typedef struct text_column {
  arc_view view;
  const char *placeholder;
  const char *separator; /* printed before the column on its first row */
  bool marks_only;
} text_column;

static int column_rows(const text_column *c) { return c->view.h ? c->view.h : 1; }

static int column_width(const text_column *c, bool ansi) {
  return c->view.h ? c->view.w * (ansi && !c->marks_only ? 2 : 1) : (int)strlen(c->placeholder);
}

/* One row of a column; blank padding when it has no such row. */
static void text_column_row(FILE *out, const text_column *c, int r, bool ansi, bool pad) {
  if (r >= column_rows(c)) {
    if (pad) fprintf(out, "%*s", column_width(c, ansi), "");
    return;
  }
  if (!c->view.h) {
    fputs(c->placeholder, out);
    return;
  }
  for (int j = 0; j < c->view.w; j++) {
    size_t at = (size_t)r * (size_t)c->view.w + (size_t)j;
    int colour = c->view.cells[at];
    bool marked = c->view.marks && c->view.marks[at];
    if (c->marks_only) fputc(marked ? 'x' : '.', out);
    else if (ansi) fprintf(out, marked ? "\x1b[48;5;%dm\x1b[1;97mXX" : "\x1b[48;5;%dm  ", arc_palette_xterm(colour));
    else fputc(colour < 10 ? '0' + colour : '+', out);
  }
  if (ansi && !c->marks_only) fputs("\x1b[0m", out);
}

static void text_columns(FILE *out, const text_column *cols, int n, bool ansi) {
  int rows = 0;
  for (int k = 0; k < n; k++) rows = column_rows(&cols[k]) > rows ? column_rows(&cols[k]) : rows;
  for (int r = 0; r < rows; r++) {
    int last = -1; /* the last column with something on this row */
    for (int k = 0; k < n; k++)
      if (r < column_rows(&cols[k])) last = k;
    for (int k = 0; k <= last; k++) {
      if (k) fprintf(out, "%*s", (int)strlen(cols[k].separator), r == 0 ? cols[k].separator : "");
      text_column_row(out, &cols[k], r, ansi, k < last);
    }
    fputc('\n', out);
  }
}

static void text_pair(FILE *out, const arc_task *task, const arc_task_result *answers, size_t k, bool ansi) {
  arc_pair_views v = arc_render_views(task, answers, k);
  char label[800];
  fprintf(out, "\n%s\n", arc_render_label(task, &v, k, label, sizeof label));
  text_column cols[4] = {
      {.view = v.input, .separator = ""},
      {.view = v.expected, .placeholder = "?", .separator = "  ->  "},
      {.view = v.got, .placeholder = "(no grid)", .separator = "  |  "},
      {.view = v.got, .placeholder = "", .separator = "  |  ", .marks_only = true},
  };
  int n = !v.answer ? 2 : v.marks && !ansi ? 4 : 3;
  text_columns(out, cols, n, ansi);
  free(v.marks);
}

bool arc_render_text(FILE *out, const arc_task *task, const arc_task_result *answers, bool ansi) {
  fprintf(out, "task %s: %zu train, %zu test\n", task->id, task->n_train, task->n_test);
  for (size_t k = 0; k < arc_render_pair_count(task); k++) text_pair(out, task, answers, k, ansi);
  return fflush(out) == 0 && !ferror(out);
}
