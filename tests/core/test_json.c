/* test_json.c - JSON string escaping (any bytes give valid JSON) and the
 * shared parse rule (BOM skipped, duplicate keys refused, positions). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "tessera/json.h"

static char *escaped(const char *s) {
  tc_text t = {0};
  tc_json_string(&t, s);
  return tc_text_take(&t);
}

/* The escaped form must read back with a strict parser. */
static bool parses_back(const char *quoted, const char *expect) {
  json_t *j = json_loads(quoted, JSON_DECODE_ANY, NULL);
  bool ok = j && json_is_string(j) && (!expect || strcmp(json_string_value(j), expect) == 0);
  json_decref(j);
  return ok;
}

TEST(json_string_escapes_quotes_controls_and_keeps_utf8) {
  char *s = escaped("a\"b\\c\n\t\x01 caf\xc3\xa9");
  CHECK_STR(s, "\"a\\\"b\\\\c\\n\\t\\u0001 caf\xc3\xa9\"");
  CHECK(parses_back(s, "a\"b\\c\n\t\x01 caf\xc3\xa9"));
  free(s);
}

TEST(json_string_replaces_invalid_utf8) {
  /* Latin-1 e-acute, a lone continuation byte, an overlong slash, a
   * surrogate, a truncated sequence at the end */
  char *s = escaped("caf\xe9 \x80 \xc0\xaf \xed\xa0\x80 \xe2\x82");
  CHECK(s != NULL);
  CHECK(parses_back(s, NULL));
  CHECK(s && strstr(s, "caf\\ufffd ") != NULL);
  CHECK(s && strchr(s, '\xe9') == NULL);
  free(s);
}

TEST(json_fputs_writes_the_same_bytes) {
  const char *in = "x\"\xff\xc3\xa9\n";
  char *want = escaped(in);
  char buf[128] = "";
  FILE *f = fmemopen(buf, sizeof buf, "w");
  CHECK(tc_json_fputs(f, in));
  fclose(f);
  CHECK_STR(buf, want);
  free(want);
}

TEST(json_parse_skips_bom_and_refuses_duplicates) {
  char err[256] = "";
  const char *bom = "\xef\xbb\xbf{\"a\": 1}";
  json_t *j = tc_json_parse("x.json", bom, strlen(bom), err, sizeof err);
  CHECK(j && json_integer_value(json_object_get(j, "a")) == 1);
  json_decref(j);
  const char *dup = "{\"a\": 1,\n \"a\": 2}";
  CHECK(tc_json_parse("x.json", dup, strlen(dup), err, sizeof err) == NULL);
  CHECK(strncmp(err, "x.json:2:", 9) == 0 && strstr(err, "invalid JSON: duplicate object key"));
  CHECK(tc_json_parse("empty.json", "", 0, err, sizeof err) == NULL);
  CHECK(strncmp(err, "empty.json:1:1: invalid JSON:", 29) == 0);
}

TEST(text_builds_and_reports_nothing_lost) {
  tc_text t = {0};
  for (int i = 0; i < 1000; i++) tc_text_printf(&t, "%d,", i);
  tc_text_puts(&t, "end");
  char long_piece[600];
  memset(long_piece, 'x', sizeof long_piece - 1);
  long_piece[sizeof long_piece - 1] = '\0';
  tc_text_printf(&t, "%s", long_piece);
  CHECK(!t.failed);
  CHECK(strncmp(t.s, "0,1,2,", 6) == 0);
  CHECK_INT(t.len, strlen(t.s));
  CHECK(strstr(t.s, "999,end") != NULL);
  char *s = tc_text_take(&t);
  CHECK(s && strlen(s) == 3890 + 3 + 599);
  free(s);
  CHECK(t.s == NULL && t.len == 0);
  char *empty = tc_text_take(&t);
  CHECK_STR(empty, "");
  free(empty);
}
