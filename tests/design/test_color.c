/*
 * test_color.c - colours: the 148 CSS names, #RGB / #RRGGBB, rgb() and
 * hsl() with half-up rounding, light/dark mixing and the WCAG 2.1 contrast
 * formula. Expected values come from the CSS Color 4 and WCAG 2.1 specs.
 */
#include <math.h>
#include <string.h>

#include "design/design_internal.h"
#include "harness.h"

static rgb_t named(const char *name) {
  rgb_t c = 0xFFFFFFFF;
  design_color_css_name(name, &c);
  return c;
}

TEST(css_table_has_148_sorted_unique_names) {
  CHECK_INT(design_color_css_count(), 148);
  const char *prev = NULL;
  for (size_t i = 0; i < design_color_css_count(); i++) {
    rgb_t c;
    const char *name = design_color_css_name_at(i, &c);
    if (prev) CHECK(strcmp(prev, name) < 0);
    rgb_t again;
    CHECK(design_color_css_name(name, &again) && again == c);
    prev = name;
  }
}

TEST(css_names_spot_values) {
  CHECK_INT(named("red"), 0xFF0000);
  CHECK_INT(named("navy"), 0x000080);
  CHECK_INT(named("purple"), 0x800080);
  CHECK_INT(named("green"), 0x008000);
  CHECK_INT(named("rebeccapurple"), 0x663399);
  CHECK_INT(named("lightgoldenrodyellow"), 0xFAFAD2);
  CHECK_INT(named("darkslategray"), 0x2F4F4F);
  CHECK_INT(named("papayawhip"), 0xFFEFD5);
  CHECK_INT(named("cornflowerblue"), 0x6495ED);
  CHECK_INT(named("mediumspringgreen"), 0x00FA9A);
  CHECK_INT(named("yellowgreen"), 0x9ACD32);
  CHECK_INT(named("aliceblue"), 0xF0F8FF);
}

TEST(grey_and_gray_spellings_agree) {
  static const char *const PAIRS[][2] = {{"gray", "grey"}, {"darkgray", "darkgrey"}, {"dimgray", "dimgrey"},
                                         {"lightgray", "lightgrey"}, {"slategray", "slategrey"},
                                         {"darkslategray", "darkslategrey"}, {"lightslategray", "lightslategrey"}};
  for (size_t i = 0; i < sizeof PAIRS / sizeof *PAIRS; i++) CHECK_INT(named(PAIRS[i][0]), named(PAIRS[i][1]));
  CHECK_INT(named("aqua"), named("cyan"));
  CHECK_INT(named("fuchsia"), named("magenta"));
  rgb_t c;
  CHECK(!design_color_css_name("Red", &c)); /* callers lower-case first */
  CHECK(!design_color_css_name("glorp", &c));
}

TEST(hex_forms) {
  rgb_t c = 0;
  CHECK(design_color_parse_hex("#abc", 4, &c));
  CHECK_INT(c, 0xAABBCC);
  CHECK(design_color_parse_hex("#C1121f", 7, &c));
  CHECK_INT(c, 0xC1121F);
  CHECK(!design_color_parse_hex("#12", 3, &c));
  CHECK(!design_color_parse_hex("#12345g", 7, &c));
  CHECK(!design_color_parse_hex("123456", 6, &c));
  char out[8];
  design_color_format(0x0a0b0c, out);
  CHECK_STR(out, "#0A0B0C");
}

static rgb_t fn(const char *s) {
  rgb_t c = 0xFFFFFFFF;
  if (!design_color_parse_function(s, strlen(s), &c)) return 0xFFFFFFFF;
  return c;
}

TEST(rgb_function_rounds_half_up) {
  CHECK_INT(fn("rgb(255, 0, 0)"), 0xFF0000);
  CHECK_INT(fn("rgb(255,0,0)"), 0xFF0000);
  CHECK_INT(fn("RGB(1 2 3)"), 0x010203);
  CHECK_INT(fn("rgb(127.5, 0, 0)"), 0x800000);
  CHECK_INT(fn("rgb(50%, 0%, 100%)"), 0x8000FF); /* 127.5 rounds up */
  CHECK_INT(fn("rgb(256, 0, 0)"), 0xFFFFFFFF);
  CHECK_INT(fn("rgb(1, 2)"), 0xFFFFFFFF);
  CHECK_INT(fn("rgb(a, b, c)"), 0xFFFFFFFF);
}

TEST(hsl_function_rounds_half_up) {
  CHECK_INT(fn("hsl(0, 100%, 50%)"), 0xFF0000);
  CHECK_INT(fn("hsl(120, 100%, 25%)"), 0x008000); /* 127.5 -> 128: CSS green */
  CHECK_INT(fn("hsl(240, 100%, 50%)"), 0x0000FF);
  CHECK_INT(fn("hsl(0, 0%, 50%)"), 0x808080); /* gray */
  CHECK_INT(fn("hsl(300, 100%, 25%)"), 0x800080);                   /* purple */
  CHECK_INT(fn("hsl(-120, 100%, 50%)"), 0x0000FF);                  /* hue wraps */
  CHECK_INT(fn("hsl(60deg, 100%, 50%)"), 0xFFFF00);
  CHECK_INT(fn("hsl(0, 150%, 50%)"), 0xFFFFFFFF);
}

TEST(mixing_toward_white_and_black) {
  CHECK_INT(design_color_mix(0xFF0000, 0xFFFFFF, 0.3), 0xFF4D4D); /* 76.5 -> 77 */
  CHECK_INT(design_color_mix(0xFF0000, 0x000000, 0.3), 0xB30000); /* 178.5 -> 179 */
  CHECK_INT(design_color_mix(0x000000, 0xFFFFFF, 0.0), 0x000000);
}

TEST(wcag_contrast) {
  CHECK(fabs(design_color_contrast(0x000000, 0xFFFFFF) - 21.0) < 1e-9);
  CHECK(fabs(design_color_contrast(0x123456, 0x123456) - 1.0) < 1e-9);
  CHECK(design_color_contrast(0x767676, 0xFFFFFF) >= 4.5); /* the classic 4.54:1 grey */
  CHECK(design_color_contrast(0x777777, 0xFFFFFF) < 4.5);  /* 4.48:1 */
  CHECK(fabs(design_color_contrast(0xFF0000, 0xFFFFFF) - 3.998) < 0.001);
  CHECK_INT(design_color_best_text_on(0xFF0000), 0x000000);
  CHECK_INT(design_color_best_text_on(0x800080), 0xFFFFFF);
  CHECK_INT(design_color_best_text_on(0x008000), 0xFFFFFF);
}

TEST(round_half_up_rule) {
  CHECK(design_round_half_up(19.2) == 19);
  CHECK(design_round_half_up(101.5) == 102);
  CHECK(design_round_half_up(67.2) == 67);
  CHECK(design_round_half_up(-0.5) == 0);
}
