/*
 * render.c - a blueprint drawn as an image (design_render, design_render_png
 * in design_studio.h), following the page look of render_layout.c.
 *
 * Each visible component is painted in paint order: its fill (rounded by
 * tokens.border_radius for buttons, cards and fields; edges are hard, so a
 * fill keeps its exact colour up to its bbox), its 1 px outline, then its
 * content: text wrapped at spaces inside the padded box and clipped to the
 * box, an image placeholder's pictogram, a select's arrow, a product card's
 * picture area. With `violations`, every component named by a violation of
 * design_check gets a dashed magenta frame just outside its box and the
 * rule's name. Box edges are the bbox times the scale, rounded half up.
 *
 * Work is bounded before anything is allocated: the image by the pixel and
 * side caps, the painting by a budget of pixel writes proportional to the
 * image (so a blueprint of a million overlapping full-page boxes is refused
 * instead of drawn for minutes), text by the number of lines that fit.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "design/studio_internal.h"
#include "tessera/fault.h"

#define MIN_SCALE 0.25
#define MAX_SCALE 8.0
#define PAINT_BUDGET_PER_PIXEL 16
#define PAINT_BUDGET_BASE ((size_t)1 << 22)
#define VIOLATION_LABEL_PX 11

typedef struct pixel_box {
  int x0, y0, x1, y1;
} pixel_box;

typedef struct render_job {
  studio_canvas cv;
  const studio_page *page;
  studio_fonts *fonts;
  double scale;
  bool oom; /* a drawing step ran out of memory: the image is incomplete */
} render_job;

/* Coordinates far outside any canvas (the image is capped well below this)
 * are clamped, so that later arithmetic on boxes cannot overflow an int. */
#define PX_LIMIT (1 << 24)

static int to_px(double v, double scale) {
  double px = floor(v * scale + 0.5);
  if (!(px > -PX_LIMIT)) return -PX_LIMIT; /* also NaN */
  return px < PX_LIMIT ? (int)px : PX_LIMIT;
}

static pixel_box box_of(const design_component *c, double scale) {
  pixel_box b = {to_px(c->x, scale), to_px(c->y, scale), to_px(c->x + c->w, scale), to_px(c->y + c->h, scale)};
  return b;
}

/* ---- pixels ------------------------------------------------------------------ */

static void clip_to(studio_canvas *cv, pixel_box b) {
  cv->clip_x0 = b.x0 > 0 ? b.x0 : 0;
  cv->clip_y0 = b.y0 > 0 ? b.y0 : 0;
  cv->clip_x1 = b.x1 < cv->img.width ? b.x1 : cv->img.width;
  cv->clip_y1 = b.y1 < cv->img.height ? b.y1 : cv->img.height;
}

static void clip_all(studio_canvas *cv) {
  pixel_box all = {0, 0, cv->img.width, cv->img.height};
  clip_to(cv, all);
}

void design_studio_fill_rect(studio_canvas *cv, int x0, int y0, int x1, int y1, rgb_t color) {
  if (x0 < cv->clip_x0) x0 = cv->clip_x0;
  if (y0 < cv->clip_y0) y0 = cv->clip_y0;
  if (x1 > cv->clip_x1) x1 = cv->clip_x1;
  if (y1 > cv->clip_y1) y1 = cv->clip_y1;
  uint8_t r = (uint8_t)(color >> 16), g = (uint8_t)(color >> 8), b = (uint8_t)color;
  for (int y = y0; y < y1; y++) {
    uint8_t *p = cv->img.rgb + ((size_t)y * (size_t)cv->img.width + (size_t)x0) * 3;
    for (int x = x0; x < x1; x++, p += 3) p[0] = r, p[1] = g, p[2] = b;
  }
}

void design_studio_blend(studio_canvas *cv, int x, int y, rgb_t color, unsigned a) {
  if (a == 0 || x < cv->clip_x0 || y < cv->clip_y0 || x >= cv->clip_x1 || y >= cv->clip_y1) return;
  uint8_t *p = cv->img.rgb + ((size_t)y * (size_t)cv->img.width + (size_t)x) * 3;
  unsigned src[3] = {color >> 16 & 0xFF, color >> 8 & 0xFF, color & 0xFF};
  for (int k = 0; k < 3; k++) p[k] = (uint8_t)((src[k] * a + p[k] * (255 - a) + 127) / 255);
}

/* Horizontal span [*a, *b) of row y inside a box with round corners of
 * radius r (pixel centres inside the shape). False when the row is out. */
static bool round_span(pixel_box b, int r, int y, int *a, int *e) {
  if (y < b.y0 || y >= b.y1 || b.x1 <= b.x0) return false;
  *a = b.x0;
  *e = b.x1;
  double cy = y + 0.5, dy = 0;
  if (cy < b.y0 + r) dy = b.y0 + r - cy;
  else if (cy > b.y1 - r) dy = cy - (b.y1 - r);
  if (dy <= 0) return true;
  double half = sqrt((double)r * r - dy * dy);
  int inset = (int)ceil(r - half - 0.5);
  *a += inset;
  *e -= inset;
  return *a < *e;
}

static int clamp_radius(pixel_box b, int r) {
  int half = (b.x1 - b.x0 < b.y1 - b.y0 ? b.x1 - b.x0 : b.y1 - b.y0) / 2;
  return r < 0 ? 0 : r > half ? half : r;
}

static void fill_round(studio_canvas *cv, pixel_box b, int r, rgb_t color) {
  r = clamp_radius(b, r);
  for (int y = b.y0 < cv->clip_y0 ? cv->clip_y0 : b.y0; y < b.y1 && y < cv->clip_y1; y++) {
    int a, e;
    if (round_span(b, r, y, &a, &e)) design_studio_fill_rect(cv, a, y, e, y + 1, color);
  }
}

/* The 1 px outline of a rounded box: its pixels with a neighbour (of the
 * 8) outside the box. That outline is 4-connected, so the inside is
 * closed even across the diagonal steps of round corners, which is what
 * lets the importer find the box and its fill again. */
static void outline_round(studio_canvas *cv, pixel_box b, int r, rgb_t color) {
  r = clamp_radius(b, r);
  for (int y = b.y0 < cv->clip_y0 ? cv->clip_y0 : b.y0; y < b.y1 && y < cv->clip_y1; y++) {
    int a, e, inner_a = b.x1, inner_e = b.x0, pa, pe;
    if (!round_span(b, r, y, &a, &e)) continue;
    bool closed = y > b.y0 && y + 1 < b.y1;
    for (int d = -1; closed && d <= 1; d++) {
      if (!round_span(b, r, y + d, &pa, &pe)) closed = false;
      else if (d == -1) inner_a = pa, inner_e = pe;
      else inner_a = pa > inner_a ? pa : inner_a, inner_e = pe < inner_e ? pe : inner_e;
    }
    if (!closed || inner_e - inner_a <= 2) {
      design_studio_fill_rect(cv, a, y, e, y + 1, color);
      continue;
    }
    design_studio_fill_rect(cv, a, y, inner_a + 1, y + 1, color);
    design_studio_fill_rect(cv, inner_e - 1, y, e, y + 1, color);
  }
}

/* ---- boxes -------------------------------------------------------------------- */

static void paint_fill(render_job *j, const studio_look *l, pixel_box b) {
  int r = to_px(l->radius, j->scale);
  if (l->has_fill) fill_round(&j->cv, b, r, l->fill);
  if (l->has_outline) outline_round(&j->cv, b, r, l->outline);
}

/* A picture sign (a sun and a mountain) centred in an image placeholder. */
static void paint_pictogram(render_job *j, pixel_box b, rgb_t ink) {
  int side = (b.x1 - b.x0 < b.y1 - b.y0 ? b.x1 - b.x0 : b.y1 - b.y0) / 2;
  if (side < 4) return;
  int left = b.x0 + (b.x1 - b.x0 - side) / 2, top = b.y0 + (b.y1 - b.y0 - side) / 2;
  int sun_r = side / 8 > 1 ? side / 8 : 1, sun_x = left + side * 3 / 4, sun_y = top + side / 4;
  pixel_box sun = {sun_x - sun_r, sun_y - sun_r, sun_x + sun_r, sun_y + sun_r};
  fill_round(&j->cv, sun, sun_r, ink);
  int peak_x = left + side * 2 / 5, peak_y = top + side * 2 / 5, bottom = top + side;
  for (int y = peak_y; y < bottom; y++) {
    int half = (y - peak_y) * 2 / 3 + 1;
    design_studio_fill_rect(&j->cv, peak_x - half, y, peak_x + half, y + 1, ink);
  }
}

static void paint_chevron(render_job *j, pixel_box b, rgb_t color) {
  int w = to_px(8, j->scale), h = (w + 1) / 2, right = b.x1 - to_px(12, j->scale);
  int top = b.y0 + (b.y1 - b.y0 - h) / 2;
  for (int k = 0; k < h; k++) design_studio_fill_rect(&j->cv, right - w + k, top + k, right - k, top + k + 1, color);
}

/* ---- text ---------------------------------------------------------------------- */

typedef struct text_line {
  const char *s;
  size_t n;
  bool bullet; /* first line of a list item */
  bool indent; /* continuation of a list item */
} text_line;

typedef struct line_set {
  text_line *items;
  size_t count, max;
} line_set;

static void push_line(line_set *ls, const char *s, size_t n, bool bullet, bool indent) {
  if (ls->count < ls->max) ls->items[ls->count++] = (text_line){s, n, bullet, indent};
}

/* Greedy wrap of one paragraph at spaces; a word longer than the width
 * overflows and is clipped, as CSS does without word breaking. */
static void wrap_paragraph(const text_font *tf, const char *s, size_t n, int width, bool list, line_set *ls) {
  size_t start = 0;
  bool first = true;
  while (start < n && ls->count < ls->max) {
    size_t end = start, fit = start;
    while (end < n) {
      size_t next = end;
      while (next < n && s[next] == ' ') next++;
      while (next < n && s[next] != ' ') next++;
      if (fit > start && design_studio_text_width(tf, s + start, next - start) > width) break;
      fit = end = next;
    }
    push_line(ls, s + start, fit - start, list && first, list && !first);
    first = false;
    start = fit;
    while (start < n && s[start] == ' ') start++;
  }
  if (n == 0) push_line(ls, s, 0, list, false);
}

static void wrap_text(const text_font *tf, const char *text, int width, bool list, line_set *ls) {
  for (const char *p = text; ls->count < ls->max;) {
    size_t n = strcspn(p, "\n");
    wrap_paragraph(tf, p, n, width, list, ls);
    if (!p[n]) break;
    p += n + 1;
  }
}

static char *uppercase_copy(const char *s) {
  char *u = tc_strdup(s);
  for (char *p = u; p && *p; p++)
    if (*p >= 'a' && *p <= 'z') *p = (char)(*p - 'a' + 'A');
  return u;
}

#define BULLET "\xE2\x80\xA2 "

static void draw_lines(render_job *j, const studio_look *l, const text_font *tf, const line_set *ls, pixel_box area,
                       int top, int lh) {
  int bullet_w = design_studio_text_width(tf, BULLET, strlen(BULLET));
  for (size_t k = 0; k < ls->count; k++) {
    const text_line *line = &ls->items[k];
    int indent = line->bullet || line->indent ? bullet_w : 0;
    int w = design_studio_text_width(tf, line->s, line->n) + indent;
    int x = l->center_x ? area.x0 + (area.x1 - area.x0 - w) / 2 : area.x0;
    int baseline = top + (int)k * lh + (lh - tf->ascent - tf->descent) / 2 + tf->ascent;
    if (line->bullet) design_studio_draw_text(&j->cv, tf, x, baseline, BULLET, strlen(BULLET), l->text_color);
    design_studio_draw_text(&j->cv, tf, x + indent, baseline, line->s, line->n, l->text_color);
    if (l->underline && w > indent) {
      int t = tf->px >= 28 ? 2 : 1, uy = baseline + (tf->descent + 1) / 2;
      design_studio_fill_rect(&j->cv, x + indent, uy, x + w, uy + t, l->text_color);
    }
  }
}

/* Text of a look inside `area` (the box less its padding). */
static void paint_text(render_job *j, const studio_look *l, const char *text, pixel_box area, pixel_box box) {
  text_font tf;
  int face = (l->bold ? FACE_BOLD : FACE_REGULAR) | (l->italic ? FACE_ITALIC : 0);
  design_studio_text_font(j->fonts, face, to_px(l->font_size, j->scale), &tf);
  int lh = to_px(l->font_size * STUDIO_LINE_HEIGHT, j->scale);
  if (lh < 1) lh = 1;
  line_set ls = {NULL, 0, (size_t)((box.y1 - area.y0) / lh + 1)};
  if (ls.max > 4096) ls.max = 4096;
  char *upper = l->uppercase ? uppercase_copy(text) : NULL;
  ls.items = tc_malloc(ls.max * sizeof *ls.items);
  if (!ls.items || (l->uppercase && !upper)) j->oom = true;
  else {
    wrap_text(&tf, upper ? upper : text, area.x1 - area.x0, l->bullets, &ls);
    int block = (int)ls.count * lh;
    int top = l->center_y ? box.y0 + (box.y1 - box.y0 - block) / 2 : area.y0;
    draw_lines(j, l, &tf, &ls, area, top, lh);
  }
  free(ls.items);
  free(upper);
}

static void paint_product(render_job *j, const studio_look *l, pixel_box b) {
  double x, y, w, h;
  design_studio_product_image(l, &x, &y, &w, &h);
  int text_top = b.y0 + to_px(STUDIO_PRODUCT_PAD, j->scale);
  if (h > 0) {
    pixel_box pic = {to_px(x, j->scale), to_px(y, j->scale), to_px(x + w, j->scale), to_px(y + h, j->scale)};
    rgb_t fill = STUDIO_IMAGE_FILL;
    fill_round(&j->cv, pic, 0, fill);
    paint_pictogram(j, pic, design_studio_image_ink(fill));
    text_top = pic.y1 + to_px(STUDIO_PRODUCT_PAD, j->scale);
  }
  int pad = to_px(STUDIO_PRODUCT_PAD, j->scale), lh = to_px(l->font_size * STUDIO_LINE_HEIGHT, j->scale);
  pixel_box area = {b.x0 + pad, text_top, b.x1 - pad, b.y1};
  if (l->text) paint_text(j, l, l->text, area, area);
  area.y0 += lh;
  if (l->price) paint_text(j, l, l->price, area, area);
}

static void paint_look(render_job *j, const studio_look *l) {
  pixel_box b = box_of(l->c, j->scale);
  clip_to(&j->cv, b);
  paint_fill(j, l, b);
  if (l->kind == LOOK_IMAGE) paint_pictogram(j, b, design_studio_image_ink(l->fill));
  if (l->chevron) paint_chevron(j, b, l->text_color);
  if (l->kind == LOOK_PRODUCT) {
    paint_product(j, l, b);
    return;
  }
  int px = to_px(l->pad_x, j->scale), py = to_px(l->pad_y, j->scale);
  pixel_box area = {b.x0 + px, b.y0 + py, b.x1 - px, b.y1 - py};
  if (l->chevron) area.x1 -= to_px(20, j->scale);
  if (l->text) paint_text(j, l, l->text, area, b);
}

/* ---- violations ------------------------------------------------------------------ */

static int by_id(const void *a, const void *b) {
  const studio_look *const *x = a, *const *y = b;
  return strcmp((*x)->c->id, (*y)->c->id);
}

static const studio_look *find_look(const studio_look **sorted, size_t n, const char *id) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = strcmp(sorted[mid]->c->id, id);
    if (c == 0) return sorted[mid];
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return NULL;
}

/* Dashed 2 px frame just outside the box, and the rule's name above it. */
static void frame_violation(render_job *j, const studio_look *l, const char *rule) {
  pixel_box b = box_of(l->c, j->scale);
  clip_all(&j->cv);
  int t = 2;
  for (int x = b.x0 - t; x < b.x1 + t; x++)
    if ((x - b.x0) / 6 % 2 == 0) {
      design_studio_fill_rect(&j->cv, x, b.y0 - t, x + 1, b.y0, STUDIO_VIOLATION);
      design_studio_fill_rect(&j->cv, x, b.y1, x + 1, b.y1 + t, STUDIO_VIOLATION);
    }
  for (int y = b.y0; y < b.y1; y++)
    if ((y - b.y0) / 6 % 2 == 0) {
      design_studio_fill_rect(&j->cv, b.x0 - t, y, b.x0, y + 1, STUDIO_VIOLATION);
      design_studio_fill_rect(&j->cv, b.x1, y, b.x1 + t, y + 1, STUDIO_VIOLATION);
    }
  text_font tf;
  design_studio_text_font(j->fonts, FACE_BOLD, to_px(VIOLATION_LABEL_PX, j->scale), &tf);
  int baseline = b.y0 - t - 2 - tf.descent;
  if (baseline - tf.ascent < 0) baseline = b.y0 + tf.ascent + 2;
  design_studio_draw_text(&j->cv, &tf, b.x0, baseline, rule, strlen(rule), STUDIO_VIOLATION);
}

static bool paint_violations(render_job *j, const design_blueprint *bp, design_error *err) {
  design_engine *e = design_engine_new(0);
  const design_result *r = e ? design_check(e, bp) : NULL;
  const studio_look **sorted = tc_malloc((j->page->count ? j->page->count : 1) * sizeof *sorted);
  bool ok = r && !design_result_out_of_memory(r) && sorted;
  if (ok) {
    for (size_t i = 0; i < j->page->count; i++) sorted[i] = &j->page->looks[i];
    qsort(sorted, j->page->count, sizeof *sorted, by_id);
    for (size_t i = 0; i < r->violations.count; i++) {
      const violation *v = &r->violations.items[i];
      const studio_look *a = v->id ? find_look(sorted, j->page->count, v->id) : NULL;
      const studio_look *b = v->other ? find_look(sorted, j->page->count, v->other) : NULL;
      if (a) frame_violation(j, a, v->rule);
      if (b) frame_violation(j, b, v->rule);
    }
  }
  free(sorted);
  design_engine_free(e);
  return ok || design_studio_fail(err, DESIGN_ERR_MEMORY, "", "out of memory while checking the blueprint");
}

/* ---- entry points ------------------------------------------------------------------ */

static bool check_options(const design_render_options *o, double *scale, design_error *err) {
  *scale = o && o->scale != 0 ? o->scale : 1;
  if (!(*scale >= MIN_SCALE && *scale <= MAX_SCALE))
    return design_studio_fail(err, DESIGN_ERR_INPUT, "", "scale must be from %g to %g", MIN_SCALE, MAX_SCALE);
  return true;
}

/* The pixel writes the fills will need, against the budget. */
static bool within_budget(const studio_page *page, double scale, size_t pixels, design_error *err) {
  size_t budget = pixels * PAINT_BUDGET_PER_PIXEL + PAINT_BUDGET_BASE, spent = 0;
  for (size_t i = 0; i < page->count; i++) {
    const design_component *c = page->looks[i].c;
    double w = fmin(c->w, page->width) * scale + 1, h = fmin(c->h, page->height) * scale + 1;
    spent += (size_t)(w * h);
    if (spent > budget)
      return design_studio_fail(err, DESIGN_ERR_TOO_LARGE, "components",
                         "drawing would paint more than %zu pixels (%zu components)", budget, page->count);
  }
  return true;
}

static bool canvas_fits(const studio_page *page, double scale, const design_render_options *o, design_error *err) {
  double w = page->width * scale, h = ceil(page->height * scale - 1e-9);
  size_t cap = o && o->max_pixels ? o->max_pixels : DESIGN_IMAGE_MAX_PIXELS;
  const char *path = w > DESIGN_IMAGE_MAX_SIDE ? "viewport.width" : "components";
  if (w > DESIGN_IMAGE_MAX_SIDE || h > DESIGN_IMAGE_MAX_SIDE || w * h > (double)cap)
    return design_studio_fail(err, DESIGN_ERR_TOO_LARGE, path,
                       "the screen would be %.0f x %.0f pixels, at most %d per side and %zu in all", w, h,
                       DESIGN_IMAGE_MAX_SIDE, cap);
  return true;
}

static bool alloc_canvas(const studio_page *page, double scale, const design_render_options *o, studio_canvas *cv,
                         design_error *err) {
  double h = ceil(page->height * scale - 1e-9);
  size_t cap = o && o->max_pixels ? o->max_pixels : DESIGN_IMAGE_MAX_PIXELS;
  if (!canvas_fits(page, scale, o, err)) return false;
  if (!design_studio_image_alloc(&cv->img, to_px(page->width, scale), (int)h, cap, err)) return false;
  clip_all(cv);
  return true;
}

bool design_render(const design_blueprint *bp, const design_render_options *o, design_image *out,
                   design_error *err) {
  memset(out, 0, sizeof *out);
  double scale;
  studio_page page;
  if (!check_options(o, &scale, err) || !design_studio_page_collect(bp, false, &page, err)) return false;
  render_job j = {.page = &page, .scale = scale};
  /* limits first: the canvas size and the paint budget need only the collected page */
  bool ok = canvas_fits(&page, scale, o, err) &&
            within_budget(&page, scale, (size_t)(page.width * scale * page.height * scale), err) &&
            design_studio_page_resolve(bp, &page, err) && alloc_canvas(&page, scale, o, &j.cv, err);
  if (ok) {
    j.fonts = o && o->placeholders ? NULL : design_studio_fonts_open(o ? o->font_dir : NULL, &j.oom);
    design_studio_fill_rect(&j.cv, 0, 0, j.cv.img.width, j.cv.img.height, page.background);
    for (size_t i = 0; i < page.count && !j.oom; i++) paint_look(&j, &page.looks[i]);
    if (!j.oom && o && o->violations) ok = paint_violations(&j, bp, err);
    design_studio_fonts_close(j.fonts);
    if (j.oom) ok = design_studio_fail(err, DESIGN_ERR_MEMORY, "", "out of memory while drawing");
  }
  design_studio_page_free(&page);
  if (!ok) design_image_free(&j.cv.img);
  else *out = j.cv.img;
  return ok;
}

bool design_render_png(const design_blueprint *bp, const design_render_options *o, unsigned char **png, size_t *len,
                       design_error *err) {
  design_image img;
  if (!design_render(bp, o, &img, err)) return false;
  bool ok = design_png_encode(&img, png, len, err);
  design_image_free(&img);
  return ok;
}

bool design_render_has_font(const design_render_options *o) {
  if (o && o->placeholders) return false;
  studio_fonts *f = design_studio_fonts_open(o ? o->font_dir : NULL, NULL);
  design_studio_fonts_close(f);
  return f != NULL;
}
