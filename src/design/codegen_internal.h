/*
 * codegen_internal.h - shared by codegen.c, codegen_html.c and
 * codegen_react.c: elements and CSS declarations of components, the base
 * style sheet, and the escaping rules (see codegen.c for why each exists).
 *
 * A css_block is a fixed array of declarations in the order written; the
 * HTML generator prints them as `prop: value`, the React one as a style
 * object, so both carry exactly the same values. Nothing here allocates
 * except through the tc_text it is given.
 */
#ifndef TESSERA_CODEGEN_INTERNAL_H
#define TESSERA_CODEGEN_INTERNAL_H

#include "design/studio_internal.h"
#include "tessera/text.h"

#define CSS_MAX_DECLS 24

typedef struct css_decl {
  const char *prop;  /* CSS property name, e.g. "background-color" */
  char value[64];    /* formatted by us, never blueprint text */
} css_decl;
typedef struct css_block {
  css_decl items[CSS_MAX_DECLS];
  int count;
} css_block;

/* The component's own box, colours, font and text placement. */
void design_codegen_box_style(const studio_look *l, css_block *out);
/* A product card's picture area and its two text lines (relative to the
 * card); false when no picture fits. */
bool design_codegen_product_parts(const studio_look *l, css_block *image, css_block *name, css_block *price);
/* The image placeholder's picture sign as inline SVG (HTML, or JSX). */
void design_codegen_pictogram(tc_text *t, double w, double h, rgb_t fill, bool jsx);
/* <!DOCTYPE html> to the <title> line of a page. */
void design_codegen_html_head(tc_text *t, const char *title);
/* :root with the tokens as CSS variables, and the classes every page uses. */
void design_codegen_base_css(tc_text *t, const design_blueprint *bp, const studio_page *page);

const char *design_codegen_tag(int type);            /* HTML element of a type */
const char *design_codegen_component_name(int type); /* React component of a type ("ProductCard") */

void design_codegen_html_text(tc_text *t, const char *s); /* text or attribute value */
void design_codegen_html_text_n(tc_text *t, const char *s, size_t n);
void design_codegen_js_string(tc_text *t, const char *s); /* a quoted JS string literal */
void design_codegen_css_ident(tc_text *t, const char *s); /* letters and digits, others as _XX */
/* A URL that may go in src="...": http(s), a site path or a relative path. */
bool design_codegen_safe_url(const char *url);
/* The component's visual.image_url when it is safe, else NULL. */
const char *design_codegen_image_src(const design_component *c);
/* A number as CSS writes it: at most 4 decimals, no trailing zeros. */
void design_codegen_num(char out[32], double v);

#endif
