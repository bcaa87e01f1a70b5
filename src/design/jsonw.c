/*
 * jsonw.c - a small deterministic JSON writer into a growing buffer.
 *
 * Whole numbers are written without a decimal point and other numbers with
 * the shortest "%.*g" form that reads back to the same double, so the same
 * model always gives the same bytes. Pretty output indents objects and
 * arrays by two spaces but keeps "inline" arrays (bboxes, id lists) on one
 * line. Out of memory is remembered and reported by design_jw_take.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "design/design_internal.h"
#include "tessera/json.h"

void design_jw_init(jw *w, bool pretty) {
  memset(w, 0, sizeof *w);
  w->pretty = pretty;
}

void design_jw_free(jw *w) { tc_text_free(&w->text); }

static void value_prologue(jw *w);

/* Appends through core's text; the common case - room left in its buffer -
 * is written here without a call (a result document is tens of thousands
 * of small pieces). The text stays NUL-terminated, as text.h promises. */
static inline void put(jw *w, const char *s, size_t n) {
  tc_text *t = &w->text;
  if (!t->failed && t->len + n + 1 <= t->cap) {
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = 0;
    return;
  }
  tc_text_append(t, s, n);
}

static inline void putc_(jw *w, char c) { put(w, &c, 1); }

char *design_jw_take(jw *w) { return tc_text_take(&w->text); }

char *design_jw_take_line(jw *w) {
  putc_(w, '\n');
  return tc_text_take(&w->text);
}

/* Deeper levels than this are written on one line: indenting every level
 * would make the output grow with the square of the depth (a `meta` nested
 * a thousand deep became megabytes), and no one reads such depths. */
#define PRETTY_DEPTH 32

static void newline(jw *w) {
  if (!w->pretty || w->inline_depth || w->text.len == 0 || w->depth > PRETTY_DEPTH) return;
  static const char SPACES[] = "                                                                ";
  putc_(w, '\n');
  put(w, SPACES, 2 * (size_t)(w->depth > 0 ? w->depth : 0)); /* depth <= PRETTY_DEPTH: 64 spaces at most */
}

/* Separator before a value or key at the current level. */
static void before_item(jw *w) {
  if (w->need_comma) {
    putc_(w, ',');
    if (w->inline_depth && w->pretty) putc_(w, ' ');
  }
  newline(w);
  w->need_comma = true;
}

void design_jw_obj_begin(jw *w) {
  value_prologue(w);
  putc_(w, '{');
  w->depth++;
  w->need_comma = false;
}

static void close_level(jw *w, char c) {
  bool had_items = w->need_comma;
  w->depth--;
  if (had_items) newline(w);
  putc_(w, c);
  w->need_comma = true;
}

void design_jw_obj_end(jw *w) { close_level(w, '}'); }

void design_jw_arr_begin(jw *w) {
  value_prologue(w);
  putc_(w, '[');
  w->depth++;
  w->need_comma = false;
}

void design_jw_arr_begin_inline(jw *w) {
  design_jw_arr_begin(w);
  w->inline_depth++;
}

void design_jw_arr_end(jw *w) {
  if (w->inline_depth) {
    w->inline_depth--;
    w->depth--;
    putc_(w, ']');
    w->need_comma = true;
    return;
  }
  close_level(w, ']');
}

/* Strings by core's rule (json.h): what JSON requires escaped, and bytes
 * that are not UTF-8 (possible only in a command typed with a broken
 * encoding) as U+FFFD, so every document is valid JSON and escapes exactly
 * as the ARC output does. */
static void write_string(jw *w, const char *s) { tc_json_string(&w->text, s); }

void design_jw_key(jw *w, const char *key) {
  before_item(w);
  write_string(w, key);
  put(w, w->pretty ? ": " : ":", w->pretty ? 2 : 1);
  w->after_key = true;
}

/* Separator and indentation before a value: none right after a key. */
static void value_prologue(jw *w) {
  if (w->after_key) {
    w->after_key = false;
    w->need_comma = true;
    return;
  }
  before_item(w);
}

void design_jw_str(jw *w, const char *s) {
  value_prologue(w);
  write_string(w, s ? s : "");
}

static void format_number(double v, char *out, size_t cap) {
  if (!isfinite(v)) {
    snprintf(out, cap, "null");
    return;
  }
  if (v == floor(v) && fabs(v) < 1e15) { /* whole: digits only, no snprintf */
    long long n = (long long)v;
    char tmp[24];
    int len = 0;
    unsigned long long u = n < 0 ? (unsigned long long)(-n) : (unsigned long long)n;
    do { tmp[len++] = (char)('0' + u % 10); u /= 10; } while (u);
    size_t k = 0;
    if (n < 0) out[k++] = '-';
    while (len && k + 1 < cap) out[k++] = tmp[--len];
    out[k] = 0;
    return;
  }
  /* short decimals (0.9, 2.858) without printf: the first d that reads back exactly */
  static const double TEN[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
  double mag = fabs(v);
  for (int d = 1; d <= 6 && mag < 1e9 && cap > 24; d++) {
    double scaled = mag * TEN[d], whole = floor(scaled + 0.5);
    if (whole != scaled || whole / TEN[d] != mag) continue;
    long long n = (long long)whole, unit = (long long)TEN[d];
    int k = snprintf(out, cap, "%s%lld.", v < 0 ? "-" : "", n / unit);
    for (long long frac = n % unit, div = unit / 10; div > 0; div /= 10) out[k++] = (char)('0' + (frac / div) % 10);
    out[k] = 0;
    return;
  }
  for (int prec = 15; prec <= 17; prec++) {
    snprintf(out, cap, "%.*g", prec, v);
    if (strtod(out, NULL) == v) return;
  }
}

void design_jw_num(jw *w, double v) {
  value_prologue(w);
  char tmp[40];
  format_number(v, tmp, sizeof tmp);
  put(w, tmp, strlen(tmp));
}

void design_jw_bool(jw *w, bool v) {
  value_prologue(w);
  put(w, v ? "true" : "false", v ? 4 : 5);
}

void design_jw_null(jw *w) {
  value_prologue(w);
  put(w, "null", 4);
}

void design_jw_color(jw *w, rgb_t c) {
  char tmp[8];
  design_color_format(c, tmp);
  design_jw_str(w, tmp);
}

void design_jw_json(jw *w, const json_t *v) {
  if (!v) {
    design_jw_null(w);
    return;
  }
  switch (json_typeof(v)) {
  case JSON_OBJECT: {
    design_jw_obj_begin(w);
    const char *k;
    json_t *item;
    json_object_foreach((json_t *)v, k, item) {
      design_jw_key(w, k);
      design_jw_json(w, item);
    }
    design_jw_obj_end(w);
    break;
  }
  case JSON_ARRAY: {
    bool scalars = true;
    for (size_t i = 0; i < json_array_size(v); i++)
      if (json_is_object(json_array_get(v, i)) || json_is_array(json_array_get(v, i))) scalars = false;
    if (scalars) design_jw_arr_begin_inline(w); else design_jw_arr_begin(w);
    for (size_t i = 0; i < json_array_size(v); i++) design_jw_json(w, json_array_get(v, i));
    design_jw_arr_end(w);
    break;
  }
  case JSON_STRING: design_jw_str(w, json_string_value(v)); break;
  case JSON_INTEGER: { /* written as is: a double would round big integers */
    value_prologue(w);
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    put(w, tmp, (size_t)n);
    break;
  }
  case JSON_REAL: design_jw_num(w, json_real_value(v)); break;
  case JSON_TRUE: design_jw_bool(w, true); break;
  case JSON_FALSE: design_jw_bool(w, false); break;
  default: design_jw_null(w); break;
  }
}
