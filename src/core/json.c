/*
 * json.c - JSON string escaping and the shared parse rule (see json.h).
 *
 * Escaping walks the string once: the longest run of bytes that can be
 * copied (printable ASCII other than '"' and '\\', and complete valid UTF-8
 * sequences) goes out in one piece, then one escape, and so on, so both
 * writers (text buffer and FILE) share the scanner and differ only in the
 * sink.
 */
#include "tessera/json.h"

#include <string.h>

/* Length of the valid UTF-8 sequence starting at p (no overlong forms,
 * surrogates or code points past U+10FFFF), or 0. */
static size_t utf8_length(const unsigned char *p) {
  unsigned char c = p[0];
  size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
  if (c >= 0xF5) return 0;
  for (size_t k = 1; k < n; k++)
    if ((p[k] & 0xC0) != 0x80) return 0;
  if ((n == 3 && c == 0xE0 && p[1] < 0xA0) || (n == 3 && c == 0xED && p[1] >= 0xA0) ||
      (n == 4 && c == 0xF0 && p[1] < 0x90) || (n == 4 && c == 0xF4 && p[1] >= 0x90))
    return 0;
  return n;
}

/* Bytes of s that can be copied as they are. */
static size_t plain_span(const unsigned char *s) {
  size_t i = 0;
  for (;;) {
    unsigned char c = s[i];
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') i++;
    else if (c >= 0x80 && utf8_length(s + i)) i += utf8_length(s + i);
    else return i;
  }
}

/* The escape for the byte at s (not plain, not NUL) into out. */
static size_t escape(const unsigned char *s, char out[8]) {
  switch (*s) {
    case '"': return memcpy(out, "\\\"", 2), 2;
    case '\\': return memcpy(out, "\\\\", 2), 2;
    case '\n': return memcpy(out, "\\n", 2), 2;
    case '\t': return memcpy(out, "\\t", 2), 2;
    case '\r': return memcpy(out, "\\r", 2), 2;
  }
  if (*s >= 0x80) return memcpy(out, "\\ufffd", 6), 6;
  return (size_t)snprintf(out, 8, "\\u%04x", *s);
}

void tc_json_string(tc_text *t, const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  tc_text_append(t, "\"", 1);
  while (*p) {
    size_t n = plain_span(p);
    tc_text_append(t, (const char *)p, n);
    p += n;
    if (!*p) break;
    char esc[8];
    tc_text_append(t, esc, escape(p++, esc));
  }
  tc_text_append(t, "\"", 1);
}

bool tc_json_fputs(FILE *f, const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  bool ok = fputc('"', f) != EOF;
  while (*p && ok) {
    size_t n = plain_span(p);
    ok = fwrite(p, 1, n, f) == n;
    p += n;
    if (!*p || !ok) break;
    char esc[8];
    size_t e = escape(p++, esc);
    ok = fwrite(esc, 1, e, f) == e;
  }
  return ok && fputc('"', f) != EOF;
}

void tc_skip_bom(const char **text, size_t *len) {
  if (*len >= 3 && memcmp(*text, "\xef\xbb\xbf", 3) == 0) {
    *text += 3;
    *len -= 3;
  }
}

json_t *tc_json_parse(const char *label, const char *text, size_t len, char *err, size_t errlen) {
  tc_skip_bom(&text, &len);
  json_error_t jerr;
  json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
  /* jansson says column 0 (or -1) for an empty document */
  if (!root && err && errlen)
    snprintf(err, errlen, "%s:%d:%d: invalid JSON: %s", label, jerr.line > 0 ? jerr.line : 1,
             jerr.column > 0 ? jerr.column : 1, jerr.text);
  return root;
}
