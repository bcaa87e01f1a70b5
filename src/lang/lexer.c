/*
 * lexer.c - tokeniser for solver files.
 *
 * Validation (UTF-8, NUL bytes, line length) runs once over the whole text
 * before tokenising, so the tokeniser itself only has to treat non-ASCII
 * bytes outside comments as errors. Indentation is measured only at the start
 * of a logical line (outside parentheses), which is all the parser needs to
 * tell def bodies from top-level statements.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lang/lexer.h"

void tl_diag_set(tl_diag *diag, const char *file, int line, int col, const char *fmt, ...) {
  int w = snprintf(diag->message, sizeof diag->message, "%s:%d:%d: ", file, line, col);
  if (w < 0 || (size_t)w >= sizeof diag->message) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(diag->message + w, sizeof diag->message - (size_t)w, fmt, ap);
  va_end(ap);
}

void tl_lex_init(tl_lexer *lx, const char *file, const char *text, size_t len) {
  *lx = (tl_lexer){file, text, len, 0, 0, 1, 0, true};
  /* Python accepts a UTF-8 byte-order mark (Windows editors write one); the
   * first line's columns are counted after it, as Python counts them. */
  if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) lx->pos = lx->line_pos = 3;
}

/* Length of the UTF-8 sequence at s (1..4), or 0 when it is invalid. */
static size_t utf8_sequence(const unsigned char *s, size_t avail) {
  if (s[0] < 0x80) return 1;
  size_t n = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
  if (n == 0 || s[0] > 0xF4 || n > avail) return 0;
  for (size_t k = 1; k < n; k++)
    if ((s[k] & 0xC0) != 0x80) return 0;
  if (n == 3 && s[0] == 0xE0 && s[1] < 0xA0) return 0;  /* overlong */
  if (n == 3 && s[0] == 0xED && s[1] >= 0xA0) return 0; /* surrogate */
  if (n == 4 && s[0] == 0xF0 && s[1] < 0x90) return 0;  /* overlong */
  if (n == 4 && s[0] == 0xF4 && s[1] >= 0x90) return 0; /* > U+10FFFF */
  return n;
}

/* How many of the 8 bytes at p come before the first NUL, newline or
 * non-ASCII byte (8 when there is none): the common case, checked a word at
 * a time. A zero byte in x shows as a high bit of (x - 0x01..01) & ~x; the
 * lowest such bit always marks a real zero, and the lowest is the first
 * byte in memory on a little-endian machine (elsewhere: 0, byte by byte). */
static size_t plain_ascii_prefix(const unsigned char *p) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
  uint64_t v, nl;
  memcpy(&v, p, sizeof v);
  nl = v ^ (ones * '\n');
  uint64_t special = (((v - ones) & ~v) | ((nl - ones) & ~nl) | v) & highs;
  return special ? (size_t)__builtin_ctzll(special) / 8 : 8;
#else
  (void)p;
  return 0;
#endif
}

bool tl_lex_validate(const tl_lexer *lx, tl_diag *diag) {
  const unsigned char *s = (const unsigned char *)lx->text;
  size_t line_start = 0;
  int line = 1;
  for (size_t i = 0; i < lx->len;) {
    if (i + 8 <= lx->len && i + 7 - line_start < TL_MAX_LINE) {
      size_t plain = plain_ascii_prefix(s + i);
      i += plain;
      if (plain == 8) continue;
    }
    int col = (int)(i - line_start) + 1;
    if (s[i] == '\n') {
      line++;
      line_start = ++i;
      continue;
    }
    if (i - line_start >= TL_MAX_LINE) {
      tl_diag_set(diag, lx->file, line, col, "line too long (limit %d bytes)", TL_MAX_LINE);
      return false;
    }
    if (s[i] == 0) {
      tl_diag_set(diag, lx->file, line, col, "NUL byte in source");
      return false;
    }
    size_t n = utf8_sequence(s + i, lx->len - i);
    if (n == 0) {
      tl_diag_set(diag, lx->file, line, col, "invalid UTF-8 byte 0x%02x", s[i]);
      return false;
    }
    i += n;
  }
  return true;
}

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f'; }

static int current_col(const tl_lexer *lx) { return (int)(lx->pos - lx->line_pos) + 1; }

static void new_line(tl_lexer *lx) {
  lx->pos++;
  lx->line++;
  lx->line_pos = lx->pos;
}

static void skip_comment(tl_lexer *lx) {
  while (lx->pos < lx->len && lx->text[lx->pos] != '\n') lx->pos++;
}

/* At the start of a line outside parentheses: measures the indentation and
 * skips lines that hold nothing but whitespace or a comment. */
static int measure_indent(tl_lexer *lx) {
  for (;;) {
    int indent = 0;
    while (lx->pos < lx->len && is_blank(lx->text[lx->pos])) {
      indent = lx->text[lx->pos] == '\t' ? (indent / 8 + 1) * 8 : indent + 1;
      lx->pos++;
    }
    if (lx->pos < lx->len && lx->text[lx->pos] == '#') skip_comment(lx);
    if (lx->pos >= lx->len || lx->text[lx->pos] != '\n') return indent;
    new_line(lx);
  }
}

/* Skips blanks and comments between tokens; inside parentheses newlines too. */
static void skip_blanks(tl_lexer *lx) {
  while (lx->pos < lx->len) {
    char c = lx->text[lx->pos];
    if (is_blank(c)) {
      lx->pos++;
    } else if (c == '#') {
      skip_comment(lx);
    } else if (c == '\n' && lx->depth > 0) {
      new_line(lx);
    } else {
      return;
    }
  }
}

static bool is_ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_ident_char(char c) { return is_ident_start(c) || is_digit(c); }

static tl_token lex_error(tl_token t, tl_diag *diag, const tl_lexer *lx, const char *msg) {
  tl_diag_set(diag, lx->file, t.line, t.col, "%s", msg);
  t.kind = T_ERROR;
  return t;
}

static tl_token lex_ident(tl_lexer *lx, tl_token t, tl_diag *diag) {
  while (lx->pos < lx->len && is_ident_char(lx->text[lx->pos])) lx->pos++;
  t.kind = T_IDENT;
  t.len = (size_t)(lx->text + lx->pos - t.start);
  if (t.len > TL_MAX_IDENT) {
    tl_diag_set(diag, lx->file, t.line, t.col, "identifier too long (limit %d characters)",
                TL_MAX_IDENT);
    t.kind = T_ERROR;
  }
  return t;
}

static tl_token lex_int(tl_lexer *lx, tl_token t, tl_diag *diag) {
  int64_t v = 0;
  bool overflow = false;
  while (lx->pos < lx->len && is_digit(lx->text[lx->pos])) {
    v = v * 10 + (lx->text[lx->pos++] - '0');
    if (v >= TV_INT_MAX) overflow = true, v = TV_INT_MAX;
  }
  t.kind = T_INT;
  t.len = (size_t)(lx->text + lx->pos - t.start);
  t.value = v;
  if (lx->pos < lx->len && (is_ident_start(lx->text[lx->pos]) || lx->text[lx->pos] == '.'))
    return lex_error(t, diag, lx, "invalid integer literal");
  /* Python allows "00" (zero written with zeros) but not "01" */
  if (t.len > 1 && t.start[0] == '0' && v != 0)
    return lex_error(t, diag, lx, "leading zeros in integer literal");
  if (overflow) return lex_error(t, diag, lx, "integer literal out of range");
  return t;
}

static tl_token lex_paren(tl_lexer *lx, tl_token t, tl_diag *diag, bool open) {
  lx->pos++;
  t.kind = open ? T_LPAREN : T_RPAREN;
  t.len = 1;
  if (!open && lx->depth == 0) return lex_error(t, diag, lx, "unmatched ')'");
  lx->depth += open ? 1 : -1;
  if (lx->depth > TL_MAX_DEPTH) {
    tl_diag_set(diag, lx->file, t.line, t.col, "expression nested too deeply (limit %d)",
                TL_MAX_DEPTH);
    t.kind = T_ERROR;
  }
  return t;
}

static tl_token lex_punct(tl_lexer *lx, tl_token t, tl_diag *diag) {
  unsigned char c = (unsigned char)lx->text[lx->pos];
  static const char punct[] = ",=:-";
  static const tl_tok_kind kinds[] = {T_COMMA, T_EQUALS, T_COLON, T_MINUS};
  const char *hit = c ? strchr(punct, c) : NULL;
  t.len = 1;
  if (c >= 0x80) return lex_error(t, diag, lx, "non-ASCII character outside a comment");
  lx->pos++;
  if (hit) {
    t.kind = kinds[hit - punct];
    if (t.kind == T_EQUALS && lx->pos < lx->len && lx->text[lx->pos] == '=') {
      lx->pos++;
      t.kind = T_OTHER, t.len = 2;
    }
    return t;
  }
  if (c == '\\') return lex_error(t, diag, lx, "line continuation '\\' is not supported");
  t.kind = T_OTHER;
  return t;
}

tl_token tl_lex_next(tl_lexer *lx, tl_diag *diag) {
  tl_token t = {0};
  if (lx->at_line_start && lx->depth == 0) {
    t.indent = measure_indent(lx);
    t.line_start = true;
    lx->at_line_start = false;
  }
  skip_blanks(lx);
  t.start = lx->text + lx->pos;
  t.line = lx->line;
  t.col = current_col(lx);
  if (lx->pos >= lx->len) {
    if (lx->depth > 0) return lex_error(t, diag, lx, "unexpected end of file inside '('");
    t.kind = T_EOF;
    return t;
  }
  char c = lx->text[lx->pos];
  if (c == '\n') {
    new_line(lx);
    lx->at_line_start = true;
    t.kind = T_NEWLINE;
    t.len = 1;
    return t;
  }
  if (is_ident_start(c)) return lex_ident(lx, t, diag);
  if (is_digit(c)) return lex_int(lx, t, diag);
  if (c == '(' || c == ')') return lex_paren(lx, t, diag, c == '(');
  return lex_punct(lx, t, diag);
}
