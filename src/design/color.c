/*
 * color.c - colour values: the CSS named colours, #RGB/#RRGGBB, rgb() and
 * hsl() notations, mixing, and the WCAG 2.1 luminance and contrast formula.
 *
 * Names are kept sorted so lookup is a binary search. Channel linearisation
 * is precomputed once into a 256-entry table so contrast checks in the hot
 * path never call pow().
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "design/design_internal.h"

typedef struct css_color {
  const char *name;
  rgb_t rgb;
} css_color;

/* The 148 named colours of CSS Color Module Level 4, sorted by name. */
static const css_color CSS_COLORS[] = {
    {"aliceblue", 0xF0F8FF}, {"antiquewhite", 0xFAEBD7}, {"aqua", 0x00FFFF},
    {"aquamarine", 0x7FFFD4}, {"azure", 0xF0FFFF}, {"beige", 0xF5F5DC},
    {"bisque", 0xFFE4C4}, {"black", 0x000000}, {"blanchedalmond", 0xFFEBCD},
    {"blue", 0x0000FF}, {"blueviolet", 0x8A2BE2}, {"brown", 0xA52A2A},
    {"burlywood", 0xDEB887}, {"cadetblue", 0x5F9EA0}, {"chartreuse", 0x7FFF00},
    {"chocolate", 0xD2691E}, {"coral", 0xFF7F50}, {"cornflowerblue", 0x6495ED},
    {"cornsilk", 0xFFF8DC}, {"crimson", 0xDC143C}, {"cyan", 0x00FFFF},
    {"darkblue", 0x00008B}, {"darkcyan", 0x008B8B}, {"darkgoldenrod", 0xB8860B},
    {"darkgray", 0xA9A9A9}, {"darkgreen", 0x006400}, {"darkgrey", 0xA9A9A9},
    {"darkkhaki", 0xBDB76B}, {"darkmagenta", 0x8B008B}, {"darkolivegreen", 0x556B2F},
    {"darkorange", 0xFF8C00}, {"darkorchid", 0x9932CC}, {"darkred", 0x8B0000},
    {"darksalmon", 0xE9967A}, {"darkseagreen", 0x8FBC8F}, {"darkslateblue", 0x483D8B},
    {"darkslategray", 0x2F4F4F}, {"darkslategrey", 0x2F4F4F}, {"darkturquoise", 0x00CED1},
    {"darkviolet", 0x9400D3}, {"deeppink", 0xFF1493}, {"deepskyblue", 0x00BFFF},
    {"dimgray", 0x696969}, {"dimgrey", 0x696969}, {"dodgerblue", 0x1E90FF},
    {"firebrick", 0xB22222}, {"floralwhite", 0xFFFAF0}, {"forestgreen", 0x228B22},
    {"fuchsia", 0xFF00FF}, {"gainsboro", 0xDCDCDC}, {"ghostwhite", 0xF8F8FF},
    {"gold", 0xFFD700}, {"goldenrod", 0xDAA520}, {"gray", 0x808080},
    {"green", 0x008000}, {"greenyellow", 0xADFF2F}, {"grey", 0x808080},
    {"honeydew", 0xF0FFF0}, {"hotpink", 0xFF69B4}, {"indianred", 0xCD5C5C},
    {"indigo", 0x4B0082}, {"ivory", 0xFFFFF0}, {"khaki", 0xF0E68C},
    {"lavender", 0xE6E6FA}, {"lavenderblush", 0xFFF0F5}, {"lawngreen", 0x7CFC00},
    {"lemonchiffon", 0xFFFACD}, {"lightblue", 0xADD8E6}, {"lightcoral", 0xF08080},
    {"lightcyan", 0xE0FFFF}, {"lightgoldenrodyellow", 0xFAFAD2}, {"lightgray", 0xD3D3D3},
    {"lightgreen", 0x90EE90}, {"lightgrey", 0xD3D3D3}, {"lightpink", 0xFFB6C1},
    {"lightsalmon", 0xFFA07A}, {"lightseagreen", 0x20B2AA}, {"lightskyblue", 0x87CEFA},
    {"lightslategray", 0x778899}, {"lightslategrey", 0x778899}, {"lightsteelblue", 0xB0C4DE},
    {"lightyellow", 0xFFFFE0}, {"lime", 0x00FF00}, {"limegreen", 0x32CD32},
    {"linen", 0xFAF0E6}, {"magenta", 0xFF00FF}, {"maroon", 0x800000},
    {"mediumaquamarine", 0x66CDAA}, {"mediumblue", 0x0000CD}, {"mediumorchid", 0xBA55D3},
    {"mediumpurple", 0x9370DB}, {"mediumseagreen", 0x3CB371}, {"mediumslateblue", 0x7B68EE},
    {"mediumspringgreen", 0x00FA9A}, {"mediumturquoise", 0x48D1CC}, {"mediumvioletred", 0xC71585},
    {"midnightblue", 0x191970}, {"mintcream", 0xF5FFFA}, {"mistyrose", 0xFFE4E1},
    {"moccasin", 0xFFE4B5}, {"navajowhite", 0xFFDEAD}, {"navy", 0x000080},
    {"oldlace", 0xFDF5E6}, {"olive", 0x808000}, {"olivedrab", 0x6B8E23},
    {"orange", 0xFFA500}, {"orangered", 0xFF4500}, {"orchid", 0xDA70D6},
    {"palegoldenrod", 0xEEE8AA}, {"palegreen", 0x98FB98}, {"paleturquoise", 0xAFEEEE},
    {"palevioletred", 0xDB7093}, {"papayawhip", 0xFFEFD5}, {"peachpuff", 0xFFDAB9},
    {"peru", 0xCD853F}, {"pink", 0xFFC0CB}, {"plum", 0xDDA0DD},
    {"powderblue", 0xB0E0E6}, {"purple", 0x800080}, {"rebeccapurple", 0x663399},
    {"red", 0xFF0000}, {"rosybrown", 0xBC8F8F}, {"royalblue", 0x4169E1},
    {"saddlebrown", 0x8B4513}, {"salmon", 0xFA8072}, {"sandybrown", 0xF4A460},
    {"seagreen", 0x2E8B57}, {"seashell", 0xFFF5EE}, {"sienna", 0xA0522D},
    {"silver", 0xC0C0C0}, {"skyblue", 0x87CEEB}, {"slateblue", 0x6A5ACD},
    {"slategray", 0x708090}, {"slategrey", 0x708090}, {"snow", 0xFFFAFA},
    {"springgreen", 0x00FF7F}, {"steelblue", 0x4682B4}, {"tan", 0xD2B48C},
    {"teal", 0x008080}, {"thistle", 0xD8BFD8}, {"tomato", 0xFF6347},
    {"turquoise", 0x40E0D0}, {"violet", 0xEE82EE}, {"wheat", 0xF5DEB3},
    {"white", 0xFFFFFF}, {"whitesmoke", 0xF5F5F5}, {"yellow", 0xFFFF00},
    {"yellowgreen", 0x9ACD32},
};
#define CSS_COUNT (sizeof CSS_COLORS / sizeof CSS_COLORS[0])

size_t design_color_css_count(void) { return CSS_COUNT; }

const char *design_color_css_name_at(size_t i, rgb_t *out) {
  if (i >= CSS_COUNT) return NULL;
  if (out) *out = CSS_COLORS[i].rgb;
  return CSS_COLORS[i].name;
}

static int compare_name(const void *key, const void *item) {
  return strcmp((const char *)key, ((const css_color *)item)->name);
}

bool design_color_css_name(const char *lower_name, rgb_t *out) {
  const css_color *c = bsearch(lower_name, CSS_COLORS, CSS_COUNT, sizeof *CSS_COLORS, compare_name);
  if (!c) return false;
  *out = c->rgb;
  return true;
}

double design_round_half_up(double v) { return floor(v + 0.5); }

static int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = (char)tolower((unsigned char)c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

bool design_color_parse_hex(const char *s, size_t len, rgb_t *out) {
  if (len != 4 && len != 7) return false;
  if (s[0] != '#') return false;
  rgb_t v = 0;
  for (size_t i = 1; i < len; i++) {
    int d = hex_digit(s[i]);
    if (d < 0) return false;
    v = (v << 4) | (rgb_t)d;
    if (len == 4) v = (v << 4) | (rgb_t)d; /* #RGB doubles each digit */
  }
  *out = v;
  return true;
}

/* Reads up to 3 comma- or space-separated numbers inside "name(...)";
 * `percent[i]` tells whether number i carried a % sign. */
static bool read_arguments(const char *s, size_t len, double vals[3], bool percent[3]) {
  const char *open = memchr(s, '(', len);
  if (!open || s[len - 1] != ')') return false;
  const char *p = open + 1, *end = s + len - 1;
  for (int i = 0; i < 3; i++) {
    while (p < end && (*p == ' ' || *p == ',' || *p == '\t')) p++;
    if (p >= end) return false;
    char tmp[32];
    size_t n = 0;
    while (p < end && n < sizeof tmp - 1 && (isdigit((unsigned char)*p) || *p == '.' || *p == '-' || *p == '+'))
      tmp[n++] = *p++;
    tmp[n] = 0;
    if (n == 0) return false;
    char *stop;
    vals[i] = strtod(tmp, &stop);
    if (*stop) return false;
    percent[i] = false;
    if (p < end && *p == '%') { percent[i] = true; p++; }
    else if (p + 2 < end && strncmp(p, "deg", 3) == 0) p += 3;
  }
  while (p < end && (*p == ' ' || *p == '\t')) p++;
  return p == end;
}

static double clamp(double v, double lo, double hi) { return v < lo ? lo : v > hi ? hi : v; }

/* Channels are rounded half up; the tiny tolerance absorbs floating-point
 * error in hsl() so exact halves (127.5) are not read as 127.4999. */
static rgb_t channel(double v) { return (rgb_t)floor(clamp(v, 0, 255) + 0.5 + 1e-9); }

static rgb_t pack(double r, double g, double b) {
  rgb_t R = channel(r), G = channel(g), B = channel(b);
  return (R << 16) | (G << 8) | B;
}

static double hue_channel(double p, double q, double t) {
  if (t < 0) t += 1;
  if (t > 1) t -= 1;
  if (t < 1.0 / 6) return p + (q - p) * 6 * t;
  if (t < 0.5) return q;
  if (t < 2.0 / 3) return p + (q - p) * (2.0 / 3 - t) * 6;
  return p;
}

static rgb_t hsl_to_rgb(double h, double s, double l) {
  h = fmod(h, 360);
  if (h < 0) h += 360;
  h /= 360;
  s = clamp(s, 0, 1);
  l = clamp(l, 0, 1);
  if (s == 0) return pack(l * 255, l * 255, l * 255);
  double q = l < 0.5 ? l * (1 + s) : l + s - l * s;
  double p = 2 * l - q;
  return pack(hue_channel(p, q, h + 1.0 / 3) * 255, hue_channel(p, q, h) * 255,
              hue_channel(p, q, h - 1.0 / 3) * 255);
}

bool design_color_parse_function(const char *s, size_t len, rgb_t *out) {
  double v[3];
  bool pct[3];
  if (len < 5) return false;
  bool is_rgb = strncasecmp(s, "rgb(", 4) == 0;
  bool is_hsl = strncasecmp(s, "hsl(", 4) == 0;
  if ((!is_rgb && !is_hsl) || !read_arguments(s, len, v, pct)) return false;
  if (is_rgb) {
    for (int i = 0; i < 3; i++) {
      if (pct[i]) v[i] = v[i] * 255 / 100;
      if (v[i] < 0 || v[i] > 255) return false;
    }
    *out = pack(v[0], v[1], v[2]);
    return true;
  }
  if (pct[0] || v[1] < 0 || v[1] > 100 || v[2] < 0 || v[2] > 100) return false;
  *out = hsl_to_rgb(v[0], v[1] / 100, v[2] / 100);
  return true;
}

rgb_t design_color_mix(rgb_t c, rgb_t toward, double amount) {
  double ch[3];
  for (int i = 0; i < 3; i++) {
    int shift = 16 - 8 * i;
    double from = (c >> shift) & 0xFF, to = (toward >> shift) & 0xFF;
    ch[i] = from + (to - from) * amount;
  }
  return pack(ch[0], ch[1], ch[2]);
}

/* Filled when the program starts (a constructor), so the contrast check in
 * the hot path needs no once-only test. */
static double LINEAR[256];

__attribute__((constructor)) static void init_linear(void) {
  for (int i = 0; i < 256; i++) {
    double c = i / 255.0;
    LINEAR[i] = c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
  }
}

static double luminance(rgb_t c) {
  return 0.2126 * LINEAR[(c >> 16) & 0xFF] + 0.7152 * LINEAR[(c >> 8) & 0xFF] +
         0.0722 * LINEAR[c & 0xFF];
}

double design_color_contrast(rgb_t a, rgb_t b) {
  double la = luminance(a), lb = luminance(b);
  if (la < lb) { double t = la; la = lb; lb = t; }
  return (la + 0.05) / (lb + 0.05);
}

rgb_t design_color_best_text_on(rgb_t bg) {
  return design_color_contrast(0x000000, bg) >= design_color_contrast(0xFFFFFF, bg) ? 0x000000 : 0xFFFFFF;
}

void design_color_format(rgb_t c, char out[8]) {
  static const char HEX[] = "0123456789ABCDEF";
  out[0] = '#';
  for (int i = 0; i < 6; i++) out[1 + i] = HEX[(c >> (20 - 4 * i)) & 0xF];
  out[7] = 0;
}
