/*
 * render_text.c - text for the renderer: DejaVu Sans through FreeType when
 * the font files are there (Debian's fonts-dejavu-core, found at run time),
 * marked placeholders when they are not.
 *
 * Fonts are opened per render (one FT_Library each), so renders on several
 * threads share nothing. Glyphs are placed by their hinted integer
 * advances without kerning, and blended with FreeType's 8-bit coverage:
 * integer arithmetic only, so the same FreeType and font give the same
 * pixels. A placeholder is a hollow box 0.5 em wide and 0.7 em tall on the
 * baseline for each character (spaces stay blank), the usual look of a
 * missing glyph; the advance is 0.6 em, close to the real font's, so lines
 * wrap in about the same places either way.
 */
#include <ft2build.h>
#include FT_FREETYPE_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "design/studio_internal.h"
#include "tessera/fault.h"

#define DEFAULT_FONT_DIR "/usr/share/fonts/truetype/dejavu"

static const char *const FACE_FILES[FACE_COUNT] = {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf",
                                                   "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf"};

struct studio_fonts {
  FT_Library lib;
  FT_Face faces[FACE_COUNT]; /* a missing style falls back to regular */
  int sized_face, sized_px;  /* the face and size last set */
};

const char *design_studio_font_dir(const char *dir) {
  if (dir && *dir) return dir;
  const char *env = getenv("TESSERA_FONT_DIR");
  return env && *env ? env : DEFAULT_FONT_DIR;
}

studio_fonts *design_studio_fonts_open(const char *dir, bool *oom) {
  dir = design_studio_font_dir(dir);
  studio_fonts *f = tc_calloc(1, sizeof *f);
  if (oom) *oom = !f;
  if (!f) return NULL;
  f->sized_face = -1;
  if (FT_Init_FreeType(&f->lib) != 0) {
    free(f);
    return NULL;
  }
  for (int i = 0; i < FACE_COUNT; i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, FACE_FILES[i]);
    if (FT_New_Face(f->lib, path, 0, &f->faces[i]) != 0) f->faces[i] = NULL;
  }
  if (!f->faces[FACE_REGULAR]) {
    design_studio_fonts_close(f);
    return NULL;
  }
  return f;
}

void design_studio_fonts_close(studio_fonts *f) {
  if (!f) return;
  for (int i = 0; i < FACE_COUNT; i++)
    if (f->faces[i]) FT_Done_Face(f->faces[i]);
  FT_Done_FreeType(f->lib);
  free(f);
}

static FT_Face sized_face(studio_fonts *f, int face, int px) {
  FT_Face ft = f->faces[face] ? f->faces[face] : f->faces[face & FACE_ITALIC ? FACE_ITALIC : FACE_REGULAR];
  if (!ft) ft = f->faces[FACE_REGULAR];
  if (f->sized_face != face || f->sized_px != px) {
    FT_Set_Pixel_Sizes(ft, 0, (FT_UInt)px);
    f->sized_face = face;
    f->sized_px = px;
  }
  return ft;
}

void design_studio_text_font(studio_fonts *f, int face, int px, text_font *out) {
  out->fonts = f;
  out->face = face;
  out->px = px < 1 ? 1 : px;
  if (f) {
    FT_Face ft = sized_face(f, face, out->px);
    out->ascent = (int)(ft->size->metrics.ascender >> 6);
    out->descent = (int)(-ft->size->metrics.descender >> 6);
  } else {
    out->ascent = (out->px * 4 + 2) / 5;
    out->descent = out->px - out->ascent;
  }
}

uint32_t design_studio_utf8_next(const char *s, size_t n, size_t *i) {
  const unsigned char *u = (const unsigned char *)s;
  unsigned char b = u[*i];
  int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
  if (len == 0 || *i + (size_t)len > n) {
    (*i)++;
    return 0xFFFD;
  }
  uint32_t cp = len == 1 ? b : (uint32_t)(b & (0x7F >> len));
  for (int k = 1; k < len; k++) {
    if ((u[*i + (size_t)k] & 0xC0) != 0x80) {
      (*i)++;
      return 0xFFFD;
    }
    cp = cp << 6 | (u[*i + (size_t)k] & 0x3F);
  }
  *i += (size_t)len;
  return cp;
}

static int placeholder_advance(int px) { return (px * 3 + 2) / 5; }

static int glyph_advance(const text_font *tf, uint32_t cp) {
  if (!tf->fonts) return placeholder_advance(tf->px);
  FT_Face ft = sized_face(tf->fonts, tf->face, tf->px);
  if (FT_Load_Char(ft, cp, FT_LOAD_DEFAULT) != 0) return 0;
  return (int)((ft->glyph->advance.x + 32) >> 6);
}

int design_studio_text_width(const text_font *tf, const char *s, size_t n) {
  int width = 0;
  for (size_t i = 0; i < n;) width += glyph_advance(tf, design_studio_utf8_next(s, n, &i));
  return width;
}

static void draw_placeholder(studio_canvas *cv, const text_font *tf, int x, int baseline, rgb_t color) {
  int w = (tf->px + 1) / 2, h = (tf->px * 7 + 5) / 10, t = tf->px >= 28 ? 2 : 1;
  int x0 = x + (placeholder_advance(tf->px) - w) / 2, y0 = baseline - h;
  design_studio_fill_rect(cv, x0, y0, x0 + w, y0 + t, color);
  design_studio_fill_rect(cv, x0, baseline - t, x0 + w, baseline, color);
  design_studio_fill_rect(cv, x0, y0, x0 + t, baseline, color);
  design_studio_fill_rect(cv, x0 + w - t, y0, x0 + w, baseline, color);
}

static int draw_glyph(studio_canvas *cv, const text_font *tf, int x, int baseline, uint32_t cp, rgb_t color) {
  FT_Face ft = sized_face(tf->fonts, tf->face, tf->px);
  if (FT_Load_Char(ft, cp, FT_LOAD_RENDER) != 0) return 0;
  const FT_Bitmap *bm = &ft->glyph->bitmap;
  int left = x + ft->glyph->bitmap_left, top = baseline - ft->glyph->bitmap_top;
  if (bm->pixel_mode == FT_PIXEL_MODE_GRAY)
    for (unsigned r = 0; r < bm->rows; r++)
      for (unsigned c = 0; c < bm->width; c++)
        design_studio_blend(cv, left + (int)c, top + (int)r, color, bm->buffer[(int)r * bm->pitch + (int)c]);
  return (int)((ft->glyph->advance.x + 32) >> 6);
}

void design_studio_draw_text(studio_canvas *cv, const text_font *tf, int x, int baseline, const char *s, size_t n,
                      rgb_t color) {
  for (size_t i = 0; i < n && x < cv->clip_x1;) {
    uint32_t cp = design_studio_utf8_next(s, n, &i);
    if (tf->fonts) {
      x += draw_glyph(cv, tf, x, baseline, cp, color);
      continue;
    }
    if (cp != ' ' && cp != 0xA0) draw_placeholder(cv, tf, x, baseline, color);
    x += placeholder_advance(tf->px);
  }
}
