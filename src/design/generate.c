/*
 * generate.c - synthetic blueprints of any size, for measuring the agent at
 * scale (`tessera design bench --generate N`, `tessera design generate N`)
 * and for the scale tests.
 *
 * The page is a header followed by a repeated block of seven components: a
 * filled section holding a heading and a text (so the contrast check has
 * containers to look through), a row of two product cards (a grid row, for
 * the row-aware reflow), a button and an image, stacked with base_spacing
 * between rows. It is valid and has no violations, so every SPEC command
 * that applies to it succeeds; the last block is cut to give exactly N
 * components. The same N always gives the same bytes.
 */
#include <stdio.h>

#include "design/design_internal.h"

typedef struct page {
  jw *w;
  size_t left;   /* components still to write */
  int count[CT_COUNT];
} page;

static void visual(jw *w, const char *bg, const char *fg, double font_size) {
  design_jw_key(w, "visual");
  design_jw_obj_begin(w);
  if (bg) { design_jw_key(w, "bg_color"); design_jw_str(w, bg); }
  if (fg) { design_jw_key(w, "text_color"); design_jw_str(w, fg); }
  if (font_size > 0) { design_jw_key(w, "font_size"); design_jw_num(w, font_size); }
  design_jw_obj_end(w);
}

/* One component; returns false once N have been written. */
static bool component(page *p, int type, const char *role, double x, double y, double w, double h,
                      const char *text, const char *bg, const char *fg, double font_size) {
  if (!p->left) return false;
  p->left--;
  char id[64];
  snprintf(id, sizeof id, "%s_%d", design_comp_type_name(type), ++p->count[type]);
  jw *j = p->w;
  design_jw_obj_begin(j);
  design_jw_key(j, "id"); design_jw_str(j, id);
  design_jw_key(j, "type"); design_jw_str(j, design_comp_type_name(type));
  if (role) { design_jw_key(j, "role"); design_jw_str(j, role); }
  design_jw_key(j, "bbox");
  design_jw_arr_begin_inline(j);
  design_jw_num(j, x); design_jw_num(j, y); design_jw_num(j, w); design_jw_num(j, h);
  design_jw_arr_end(j);
  if (text) { design_jw_key(j, "text"); design_jw_str(j, text); }
  visual(j, bg, fg, font_size);
  design_jw_obj_end(j);
  return true;
}

/* One block from y; returns the top of the next, or -1 when N is reached. */
static double block(page *p, int k, double y) {
  char heading[48], text[64], item_a[32], item_b[32], buy[32];
  snprintf(heading, sizeof heading, "Section %d", k);
  snprintf(text, sizeof text, "Details for section %d", k);
  snprintf(item_a, sizeof item_a, "Item %d", 2 * k - 1);
  snprintf(item_b, sizeof item_b, "Item %d", 2 * k);
  snprintf(buy, sizeof buy, "Buy %d", k);
  if (!component(p, CT_SECTION, NULL, 0, y, 375, 120, NULL, "#F1FAEE", NULL, 0) ||
      !component(p, CT_HEADING, NULL, 16, y + 16, 343, 32, heading, NULL, "#1D3557", 24) ||
      !component(p, CT_TEXT, "content", 16, y + 56, 343, 48, text, NULL, "#1D3557", 16))
    return -1;
  y += 136;
  if (!component(p, CT_PRODUCT_CARD, "product", 16, y, 163, 200, item_a, "#FFFFFF", NULL, 0) ||
      !component(p, CT_PRODUCT_CARD, "product", 196, y, 163, 200, item_b, "#FFFFFF", NULL, 0))
    return -1;
  y += 216;
  if (!component(p, CT_BUTTON, NULL, 16, y, 343, 48, buy, "#C1121F", "#FFFFFF", 16)) return -1;
  y += 64;
  if (!component(p, CT_IMAGE, "media", 16, y, 343, 160, NULL, NULL, NULL, 0)) return -1;
  return y + 176;
}

static void tokens(jw *w) {
  design_jw_key(w, "tokens");
  design_jw_obj_begin(w);
  design_jw_key(w, "primary_color"); design_jw_str(w, "#C1121F");
  design_jw_key(w, "accent_color"); design_jw_str(w, "#F1FAEE");
  design_jw_key(w, "text_color"); design_jw_str(w, "#1D3557");
  design_jw_key(w, "background_color"); design_jw_str(w, "#FFFFFF");
  design_jw_key(w, "base_spacing"); design_jw_num(w, 16);
  design_jw_key(w, "border_radius"); design_jw_num(w, 8);
  design_jw_key(w, "font_scale");
  design_jw_obj_begin(w);
  design_jw_key(w, "h1"); design_jw_num(w, 28);
  design_jw_key(w, "h2"); design_jw_num(w, 20);
  design_jw_key(w, "body"); design_jw_num(w, 16);
  design_jw_obj_end(w);
  design_jw_obj_end(w);
}

char *design_generate_blueprint(size_t n) {
  jw w;
  design_jw_init(&w, true);
  design_jw_obj_begin(&w);
  design_jw_key(&w, "screen_id"); design_jw_str(&w, "generated");
  design_jw_key(&w, "viewport");
  design_jw_obj_begin(&w);
  design_jw_key(&w, "width"); design_jw_num(&w, 375);
  design_jw_key(&w, "height"); design_jw_num(&w, 812);
  design_jw_obj_end(&w);
  tokens(&w);
  design_jw_key(&w, "components");
  design_jw_arr_begin(&w);
  page p = {&w, n, {0}};
  double y = 80;
  if (component(&p, CT_HEADER, NULL, 0, 0, 375, 64, "Store", "#1D3557", "#FFFFFF", 20))
    for (int k = 1; y >= 0; k++) y = block(&p, k, y);
  design_jw_arr_end(&w);
  design_jw_obj_end(&w);
  return design_jw_take_line(&w);
}
