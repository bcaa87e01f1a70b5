/*
 * codegen_html.c - one static HTML page with its CSS (design_generate_html):
 * the screen as a positioned box, every component an absolutely placed
 * element in paint order (so later elements stack over earlier ones as in
 * the PNG), hidden components kept with the `hidden` attribute, ids as
 * data-id. Every blueprint string is escaped for where it lands (codegen.c).
 */
#include <stdlib.h>
#include <string.h>

#include "design/codegen_internal.h"

static void style_attr(tc_text *t, const css_block *b) {
  tc_text_puts(t, " style=\"");
  for (int i = 0; i < b->count; i++)
    tc_text_printf(t, "%s%s: %s;", i ? " " : "", b->items[i].prop, b->items[i].value);
  tc_text_puts(t, "\"");
}

static void attr(tc_text *t, const char *name, const char *value) {
  tc_text_printf(t, " %s=\"", name);
  design_codegen_html_text(t, value);
  tc_text_puts(t, "\"");
}

static void list_items(tc_text *t, const char *text) {
  for (const char *p = text;;) {
    size_t n = strcspn(p, "\n");
    tc_text_puts(t, "<li>");
    design_codegen_html_text_n(t, p, n);
    tc_text_puts(t, "</li>");
    if (!p[n]) break;
    p += n + 1;
  }
}

/* The placeholder's picture sign (w x h, on `fill`), then the image itself
 * over it when the blueprint names a safe URL. */
static void image_content(tc_text *t, const design_component *c, double w, double h, rgb_t fill) {
  design_codegen_pictogram(t, w, h, fill, false);
  const char *src = design_codegen_image_src(c);
  if (!src) return;
  tc_text_puts(t, "<img");
  attr(t, "src", src);
  tc_text_puts(t, " alt=\"\">");
}

/* Opens a product card part; the caller closes it. */
static void open_part(tc_text *t, const css_block *b) {
  tc_text_puts(t, "<div class=\"part\"");
  style_attr(t, b);
  tc_text_puts(t, ">");
}

static void text_part(tc_text *t, const css_block *b, const char *text) {
  open_part(t, b);
  design_codegen_html_text(t, text);
  tc_text_puts(t, "</div>");
}

static void product_content(tc_text *t, const studio_look *l) {
  css_block image, name, price;
  double x, y, w, h;
  design_studio_product_image(l, &x, &y, &w, &h);
  if (design_codegen_product_parts(l, &image, &name, &price)) {
    open_part(t, &image);
    image_content(t, l->c, w, h, STUDIO_IMAGE_FILL);
    tc_text_puts(t, "</div>");
  }
  if (l->text) text_part(t, &name, l->text);
  if (l->price) text_part(t, &price, l->price);
}

static void open_element(tc_text *t, const studio_look *l, const char *tag) {
  const design_component *c = l->c;
  css_block style;
  design_codegen_box_style(l, &style);
  tc_text_printf(t, "  <%s class=\"c c-%s\"", tag, design_comp_type_name(c->type));
  attr(t, "data-id", c->id);
  if (c->hidden) tc_text_puts(t, " hidden");
  if (c->type == CT_BUTTON) tc_text_puts(t, " type=\"button\"");
  if (c->type == CT_LINK) tc_text_puts(t, " href=\"#\"");
  if (l->kind == LOOK_IMAGE) {
    tc_text_puts(t, " role=\"img\"");
    attr(t, "aria-label", l->c->text_state == TEXT_STRING ? l->c->text : c->id);
  }
  if (c->type == CT_INPUT) attr(t, "placeholder", l->text ? l->text : "");
  style_attr(t, &style);
  tc_text_puts(t, ">");
}

static void element(tc_text *t, const studio_look *l) {
  const char *tag = design_codegen_tag(l->c->type);
  open_element(t, l, tag);
  if (l->c->type == CT_INPUT || l->c->type == CT_DIVIDER) {
    tc_text_puts(t, "\n");
    return;
  }
  if (l->kind == LOOK_IMAGE) image_content(t, l->c, l->c->w, l->c->h, l->fill);
  else if (l->kind == LOOK_PRODUCT) product_content(t, l);
  else if (l->c->type == CT_SELECT) {
    tc_text_puts(t, "<option>");
    if (l->text) design_codegen_html_text(t, l->text);
    tc_text_puts(t, "</option>");
  } else if (l->bullets && l->text) list_items(t, l->text);
  else if (l->text) design_codegen_html_text(t, l->text);
  tc_text_printf(t, "</%s>\n", tag);
}

char *design_generate_html(const design_blueprint *bp, size_t *len, design_error *err) {
  studio_page page;
  if (!design_studio_page_build(bp, true, &page, err)) return NULL;
  tc_text t = {0};
  design_codegen_html_head(&t, bp->screen_id);
  tc_text_puts(&t, "<style>\n");
  design_codegen_base_css(&t, bp, &page);
  tc_text_puts(&t, "</style>\n</head>\n<body>\n<div class=\"screen\"");
  attr(&t, "data-screen-id", bp->screen_id);
  tc_text_puts(&t, ">\n");
  for (size_t i = 0; i < page.count; i++) element(&t, &page.looks[i]);
  tc_text_puts(&t, "</div>\n</body>\n</html>\n");
  design_studio_page_free(&page);
  size_t n = t.len;
  char *out = tc_text_take(&t);
  if (!out) design_studio_fail(err, DESIGN_ERR_MEMORY, "", "out of memory while writing the HTML");
  else if (len) *len = n;
  return out;
}
