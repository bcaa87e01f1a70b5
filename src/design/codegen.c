/*
 * codegen.c - what the HTML and React generators share: the element and
 * CSS of every component (from the page look of render_layout.c, so code
 * and PNG agree), the base style sheet with the tokens as CSS variables,
 * and the escaping rules.
 *
 * Escaping. Blueprint strings reach the output in three places only, each
 * with its own rule: HTML text and double-quoted attribute values (& < > "
 * ' as entities), JavaScript string literals (JSON escapes plus < > & and
 * U+2028/2029 as \u escapes, so a string can never end a <script> or a
 * JSX element), and CSS identifiers built from palette names (anything but
 * ASCII letters and digits written as _XX hex). CSS values are never
 * copied from the blueprint: colours are re-formatted #RRGGBB, numbers
 * printed by us, keywords chosen from fixed lists. Invalid UTF-8 becomes
 * U+FFFD everywhere, as in the JSON output.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "design/codegen_internal.h"

/* ---- escaping ----------------------------------------------------------------- */

/* Calls `put` for each character of n bytes of s (invalid UTF-8 as U+FFFD). */
static void each_char(tc_text *t, const char *s, size_t n, void (*put)(tc_text *, uint32_t, const char *, size_t)) {
  for (size_t i = 0; i < n;) {
    size_t start = i;
    uint32_t cp = design_studio_utf8_next(s, n, &i);
    if (cp == 0xFFFD && !(i - start == 3 && (unsigned char)s[start] == 0xEF)) put(t, cp, "\xEF\xBF\xBD", 3);
    else put(t, cp, s + start, i - start);
  }
}

static void put_html(tc_text *t, uint32_t cp, const char *bytes, size_t n) {
  switch (cp) {
  case '&': tc_text_puts(t, "&amp;"); break;
  case '<': tc_text_puts(t, "&lt;"); break;
  case '>': tc_text_puts(t, "&gt;"); break;
  case '"': tc_text_puts(t, "&quot;"); break;
  case '\'': tc_text_puts(t, "&#39;"); break;
  case 0: break;
  default:
    if (cp < 0x20 && cp != '\n' && cp != '\t') tc_text_puts(t, "\xEF\xBF\xBD");
    else tc_text_append(t, bytes, n);
  }
}

void design_codegen_html_text(tc_text *t, const char *s) { each_char(t, s, strlen(s), put_html); }
void design_codegen_html_text_n(tc_text *t, const char *s, size_t n) { each_char(t, s, n, put_html); }

static void put_js(tc_text *t, uint32_t cp, const char *bytes, size_t n) {
  switch (cp) {
  case '"': tc_text_puts(t, "\\\""); break;
  case '\\': tc_text_puts(t, "\\\\"); break;
  case '\n': tc_text_puts(t, "\\n"); break;
  case '\t': tc_text_puts(t, "\\t"); break;
  case '\r': tc_text_puts(t, "\\r"); break;
  default:
    if (cp < 0x20 || cp == '<' || cp == '>' || cp == '&' || cp == 0x2028 || cp == 0x2029)
      tc_text_printf(t, "\\u%04x", (unsigned)cp);
    else tc_text_append(t, bytes, n);
  }
}

void design_codegen_js_string(tc_text *t, const char *s) {
  tc_text_puts(t, "\"");
  each_char(t, s, strlen(s), put_js);
  tc_text_puts(t, "\"");
}

void design_codegen_css_ident(tc_text *t, const char *s) {
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    bool plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9');
    if (plain) tc_text_append(t, (const char *)p, 1);
    else tc_text_printf(t, "_%02X", *p);
  }
}

bool design_codegen_safe_url(const char *url) {
  if (!url || !*url || strlen(url) > 2048) return false;
  for (const char *p = url; *p; p++)
    if ((unsigned char)*p <= ' ' || *p == '"' || *p == '\'' || *p == '<' || *p == '>' || *p == '\\') return false;
  if (url[0] == '/' && url[1] != '/') return true; /* a path on the same site */
  if (!strncmp(url, "https://", 8) || !strncmp(url, "http://", 7)) return true;
  return !strchr(url, ':') && url[0] != '/'; /* relative, no scheme */
}

const char *design_codegen_image_src(const design_component *c) {
  const json_t *url = c->visual_extra ? json_object_get(c->visual_extra, "image_url") : NULL;
  return json_is_string(url) && design_codegen_safe_url(json_string_value(url)) ? json_string_value(url) : NULL;
}

/* ---- numbers and colours --------------------------------------------------------- */

void design_codegen_num(char out[32], double v) {
  if (!isfinite(v)) v = 0;
  snprintf(out, 32, "%.4f", v);
  char *end = out + strlen(out) - 1;
  while (*end == '0') *end-- = 0;
  if (*end == '.') *end = 0;
  if (!strcmp(out, "-0")) strcpy(out, "0");
}

static void decl(css_block *b, const char *prop, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void decl(css_block *b, const char *prop, const char *fmt, ...) {
  if (b->count >= CSS_MAX_DECLS) return;
  css_decl *d = &b->items[b->count++];
  d->prop = prop;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(d->value, sizeof d->value, fmt, ap);
  va_end(ap);
}

static void decl_px(css_block *b, const char *prop, double v) {
  char n[32];
  design_codegen_num(n, v);
  decl(b, prop, "%spx", n);
}

static void decl_color(css_block *b, const char *prop, rgb_t c) {
  char hex[8];
  design_color_format(c, hex);
  decl(b, prop, "%s", hex);
}

/* ---- elements ------------------------------------------------------------------------ */

const char *design_codegen_tag(int type) {
  switch (type) {
  case CT_HEADER: return "header";
  case CT_NAVBAR: return "nav";
  case CT_FOOTER: return "footer";
  case CT_HERO: case CT_SECTION: return "section";
  case CT_TITLE: return "h1";
  case CT_SUBTITLE: case CT_HEADING: return "h2";
  case CT_TEXT: case CT_DESCRIPTION: return "p";
  case CT_LABEL: return "span";
  case CT_LIST: return "ul";
  case CT_LINK: return "a";
  case CT_BUTTON: return "button";
  case CT_INPUT: return "input";
  case CT_SELECT: return "select";
  case CT_DIVIDER: return "hr";
  case CT_PRODUCT_CARD: return "article";
  default: return "div";
  }
}

const char *design_codegen_component_name(int type) {
  static const char *const NAMES[CT_COUNT] = {
      "Header", "Navbar", "Hero", "Title", "Subtitle", "Heading", "Text", "Description", "Label", "List", "Button",
      "Link", "Image", "Icon", "ProductCard", "Card", "Container", "Section", "Input", "Select", "Divider", "Footer"};
  return type >= 0 && type < CT_COUNT ? NAMES[type] : "Box";
}

static void text_style(const studio_look *l, css_block *b) {
  decl_color(b, "color", l->text_color);
  decl_px(b, "font-size", l->font_size);
  decl(b, "font-weight", "%s", l->bold ? "700" : "400");
  decl(b, "font-style", "%s", l->italic ? "italic" : "normal");
  decl(b, "text-decoration", "%s", l->underline ? "underline" : "none");
  if (l->uppercase) decl(b, "text-transform", "uppercase");
}

void design_codegen_box_style(const studio_look *l, css_block *b) {
  const design_component *c = l->c;
  b->count = 0;
  decl_px(b, "left", c->x);
  decl_px(b, "top", c->y);
  decl_px(b, "width", c->w);
  decl_px(b, "height", c->h);
  if (l->has_fill) decl_color(b, "background-color", l->fill);
  if (l->has_outline) decl(b, "border", "1px solid #%06X", (unsigned)l->outline);
  if (l->radius > 0) decl_px(b, "border-radius", l->radius);
  text_style(l, b);
  if (l->pad_x > 0 || l->pad_y > 0) {
    char x[32], y[32];
    design_codegen_num(x, l->pad_x);
    design_codegen_num(y, l->pad_y);
    decl(b, "padding", "%spx %spx", y, x);
  }
  if (l->center_x || l->center_y) {
    decl(b, "display", "flex");
    decl(b, "align-items", "%s", l->center_y ? "center" : "flex-start");
    decl(b, "justify-content", "%s", l->center_x ? "center" : "flex-start");
    if (l->center_x) decl(b, "text-align", "center");
  }
}

bool design_codegen_product_parts(const studio_look *l, css_block *image, css_block *name, css_block *price) {
  double x, y, w, h, pad = STUDIO_PRODUCT_PAD, lh = l->font_size * STUDIO_LINE_HEIGHT;
  design_studio_product_image(l, &x, &y, &w, &h);
  double text_top = h > 0 ? pad + h + pad : pad;
  image->count = name->count = price->count = 0;
  decl_px(image, "left", pad);
  decl_px(image, "top", pad);
  decl_px(image, "width", w);
  decl_px(image, "height", h);
  decl_color(image, "background-color", STUDIO_IMAGE_FILL);
  css_block *parts[2] = {name, price};
  for (int k = 0; k < 2; k++) {
    decl_px(parts[k], "left", pad);
    decl_px(parts[k], "top", text_top + k * lh);
    decl_px(parts[k], "width", l->c->w - 2 * pad);
    decl_px(parts[k], "height", lh);
  }
  return h > 0;
}

/* The renderer's picture sign as SVG (render.c paint_pictogram: a square
 * of half the smaller side, a sun at (3/4, 1/4) and a mountain from
 * (2/5, 2/5) down to the bottom), drawn under the image so that a missing
 * or loading image looks as in the PNG. */
void design_codegen_pictogram(tc_text *t, double w, double h, rgb_t fill, bool jsx) {
  double side = floor((w < h ? w : h) / 2);
  if (side < 4) return;
  char n[32];
  design_codegen_num(n, side);
  unsigned ink = (unsigned)design_studio_image_ink(fill);
  tc_text_printf(t, "<svg %s=\"pictogram\" viewBox=\"0 0 100 100\" aria-hidden=\"true\"", jsx ? "className" : "class");
  if (jsx) tc_text_printf(t, " style={{ width: \"%spx\", height: \"%spx\" }}>", n, n);
  else tc_text_printf(t, " style=\"width: %spx; height: %spx;\">", n, n);
  const char *close_circle = jsx ? " />" : "></circle>", *close_polygon = jsx ? " />" : "></polygon>";
  tc_text_printf(t, "<circle cx=\"75\" cy=\"25\" r=\"12.5\" fill=\"#%06X\"%s", ink, close_circle);
  tc_text_printf(t, "<polygon points=\"40,40 0,100 80,100\" fill=\"#%06X\"%s</svg>", ink, close_polygon);
}

void design_codegen_html_head(tc_text *t, const char *title) {
  tc_text_puts(t, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
  design_codegen_html_text(t, title);
  tc_text_puts(t, "</title>\n");
}

/* ---- the base style sheet ------------------------------------------------------------- */

static void var_color(tc_text *t, const char *name, bool has, rgb_t c) {
  if (has) tc_text_printf(t, "  --%s: #%06X;\n", name, (unsigned)c);
}

static void var_px(tc_text *t, const char *name, double v) {
  char n[32];
  design_codegen_num(n, v);
  tc_text_printf(t, "  --%s: %spx;\n", name, n);
}

void design_codegen_base_css(tc_text *t, const design_blueprint *bp, const studio_page *page) {
  const design_tokens *k = &bp->tokens;
  tc_text_puts(t, ":root {\n");
  var_color(t, "primary-color", k->has_primary, k->primary);
  var_color(t, "accent-color", k->has_accent, k->accent);
  var_color(t, "text-color", true, page->text_color);
  var_color(t, "background-color", true, page->background);
  var_px(t, "base-spacing", page->spacing);
  var_px(t, "border-radius", k->has_radius ? k->radius : 0);
  var_px(t, "font-h1", design_studio_font_scale(bp, "h1", 28));
  var_px(t, "font-h2", design_studio_font_scale(bp, "h2", 20));
  var_px(t, "font-body", k->font_body > 0 ? k->font_body : 16);
  for (size_t i = 0; i < k->palette_count; i++) {
    if (!k->palette[i].name) continue;
    tc_text_puts(t, "  --color-");
    design_codegen_css_ident(t, k->palette[i].name);
    tc_text_printf(t, ": #%06X;\n", (unsigned)k->palette[i].color);
  }
  tc_text_puts(t, "}\n"
                  "html, body { margin: 0; padding: 0; }\n"
                  "body { background: var(--background-color); color: var(--text-color);\n"
                  "  font-family: \"DejaVu Sans\", Verdana, sans-serif; }\n");
  char w[32], h[32];
  design_codegen_num(w, page->width);
  design_codegen_num(h, page->height);
  tc_text_printf(t, ".screen { position: relative; width: %spx; height: %spx; overflow: hidden;\n"
                    "  background: var(--background-color); }\n", w, h);
  tc_text_puts(t, ".c { position: absolute; box-sizing: border-box; margin: 0; padding: 0; border: 0;\n"
                  "  overflow: hidden; line-height: 1.25; white-space: pre-wrap; font-family: inherit;\n"
                  "  background: none; appearance: none; -webkit-appearance: none; outline-offset: -2px; }\n"
                  ".c[hidden] { display: none !important; }\n"
                  "ul.c { list-style: disc inside; }\n"
                  "ul.c li { margin: 0; padding: 0; }\n"
                  "input.c::placeholder { color: inherit; opacity: 1; }\n"
                  ".c .part { position: absolute; box-sizing: border-box; margin: 0; overflow: hidden;\n"
                  "  white-space: nowrap; }\n"
                  ".c .pictogram { position: absolute; left: 50%; top: 50%; transform: translate(-50%, -50%); }\n"
                  ".c img { position: absolute; left: 0; top: 0; display: block; width: 100%; height: 100%;\n"
                  "  object-fit: cover; }\n");
}
