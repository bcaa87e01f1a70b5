/*
 * test_codegen.c - the code generators (design_generate_html / _react) and
 * their escaping rules: HTML text and attributes, JS strings, CSS
 * identifiers, URLs, invalid UTF-8; one component's element and style;
 * hidden components; the React file set and its order; determinism. The
 * browser check of the same output is tests/browser/test_codegen_layout.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "design/codegen_internal.h"
#include "harness.h"

static char *escaped(void (*fn)(tc_text *, const char *), const char *s) {
  tc_text t = {0};
  fn(&t, s);
  return tc_text_take(&t);
}

#define CHECK_ESCAPE(fn, in, want)      \
  do {                                  \
    char *got_ = escaped(fn, in);       \
    CHECK_STR(got_, want);              \
    free(got_);                         \
  } while (0)

TEST(codegen_escapes_html_js_and_css) {
  CHECK_ESCAPE(design_codegen_html_text, "<script>a&b</script>", "&lt;script&gt;a&amp;b&lt;/script&gt;");
  CHECK_ESCAPE(design_codegen_html_text, "\"x' onload=", "&quot;x&#39; onload=");
  CHECK_ESCAPE(design_codegen_html_text, "caf\xC3\xA9 \xFF!", "caf\xC3\xA9 \xEF\xBF\xBD!");
  CHECK_ESCAPE(design_codegen_js_string, "</script>\"\\\n", "\"\\u003c/script\\u003e\\\"\\\\\\n\"");
  CHECK_ESCAPE(design_codegen_js_string, "a\xE2\x80\xA8" "b&", "\"a\\u2028b\\u0026\"");
  CHECK_ESCAPE(design_codegen_css_ident, "brand blue}", "brand_20blue_7D");
  CHECK(design_codegen_safe_url("/p1.jpg"));
  CHECK(design_codegen_safe_url("https://example.com/a.png"));
  CHECK(design_codegen_safe_url("img/a.png"));
  CHECK(!design_codegen_safe_url("javascript:alert(1)"));
  CHECK(!design_codegen_safe_url("//evil.example/x.png"));
  CHECK(!design_codegen_safe_url("a\"onerror=x"));
  CHECK(!design_codegen_safe_url(""));
  char n[32];
  design_codegen_num(n, 162.5);
  CHECK_STR(n, "162.5");
  design_codegen_num(n, 0.1 + 0.2);
  CHECK_STR(n, "0.3");
  design_codegen_num(n, -0.00001);
  CHECK_STR(n, "0");
}

static design_blueprint *load(const char *components) {
  char *json = NULL;
  if (asprintf(&json, "{\"screen_id\": \"s<1>\", \"tokens\": {\"text_color\": \"#222222\", \"border_radius\": 8,"
                      " \"colors\": {\"brand\": \"#C1121F\"}}, \"components\": [%s]}",
               components) < 0)
    return NULL;
  design_blueprint *bp = design_blueprint_load(json, strlen(json), NULL);
  free(json);
  return bp;
}

TEST(codegen_html_places_and_colours_each_component) {
  design_blueprint *bp = load(
      "{\"id\": \"b\", \"type\": \"button\", \"bbox\": [16, 548, 343.5, 56], \"text\": \"Shop <now>\","
      " \"visual\": {\"bg_color\": \"#c1121f\", \"text_color\": \"#FFFFFF\", \"font_size\": 18, \"font_weight\": \"bold\"}},"
      "{\"id\": \"h\", \"type\": \"text\", \"bbox\": [16, 16, 100, 24], \"text\": \"gone\", \"hidden\": true}");
  CHECK(bp != NULL);
  size_t len = 0;
  char *html = design_generate_html(bp, &len, NULL);
  CHECK(html && strlen(html) == len);
  CHECK(strstr(html, "<title>s&lt;1&gt;</title>") != NULL);
  CHECK(strstr(html, "--color-brand: #C1121F;") != NULL);
  CHECK(strstr(html, "<button class=\"c c-button\" data-id=\"b\" type=\"button\" style=\"left: 16px; top: 548px;"
                     " width: 343.5px; height: 56px; background-color: #C1121F; border-radius: 8px;"
                     " color: #FFFFFF; font-size: 18px; font-weight: 700;") != NULL);
  CHECK(strstr(html, ">Shop &lt;now&gt;</button>") != NULL);
  CHECK(strstr(html, "data-id=\"h\" hidden") != NULL);
  char *again = design_generate_html(bp, NULL, NULL);
  CHECK(again && strcmp(html, again) == 0);
  free(html);
  free(again);
  design_blueprint_free(bp);
}

TEST(codegen_react_files_are_sorted_and_complete) {
  design_blueprint *bp = load(
      "{\"id\": \"p\", \"type\": \"product_card\", \"bbox\": [16, 16, 160, 200], \"text\": \"Mug\","
      " \"visual\": {\"bg_color\": \"#FFFFFF\", \"price\": \"$9\"}},"
      "{\"id\": \"t\", \"type\": \"title\", \"bbox\": [16, 232, 300, 40], \"text\": \"</h1>\"}");
  design_files files;
  CHECK(design_generate_react(bp, &files, NULL));
  const char *want[] = {"README.md", "index.html", "package.json", "src/App.jsx", "src/components/ProductCard.jsx",
                        "src/components/Title.jsx", "src/main.jsx", "src/styles.css", "src/tokens.js"};
  CHECK_INT(files.count, sizeof want / sizeof *want);
  for (size_t i = 0; i < files.count && i < sizeof want / sizeof *want; i++) CHECK_STR(files.items[i].path, want[i]);
  const design_file *app = &files.items[3];
  CHECK(strstr(app->data, "text={\"\\u003c/h1\\u003e\"}") != NULL);
  CHECK(strstr(app->data, "price={\"$9\"}") != NULL);
  CHECK(strstr(app->data, "import ProductCard from \"./components/ProductCard.jsx\";") != NULL);
  CHECK(strstr(files.items[2].data, "\"react\": \"19.3.1\"") != NULL);
  CHECK(strstr(files.items[2].data, "\"name\": \"s-1--screen\"") != NULL);
  design_files again;
  CHECK(design_generate_react(bp, &again, NULL));
  bool same = again.count == files.count;
  for (size_t i = 0; same && i < files.count; i++)
    same = files.items[i].len == again.items[i].len && !memcmp(files.items[i].data, again.items[i].data, files.items[i].len);
  CHECK(same);
  design_files_free(&files);
  design_files_free(&again);
  design_blueprint_free(bp);
}
