/*
 * lexer.c - splits a command into tokens: words (lower-cased copies, spans
 * kept so text can be recovered exactly as typed), numbers with units
 * ("200px", "200 px", "30%"), quoted strings (double or single, straight or
 * curly quotes; a single quote only where it cannot be an apostrophe),
 * colours written as #hex, rgb(...) or hsl(...), commas, semicolons and
 * possessives ("header's", "its" stays a word).
 *
 * Colour notations are recognised here so that their commas never split a
 * command into steps. A full stop that ends a sentence (one '.', then a
 * space or the end) and a new line are separators too ("Make the header
 * navy. Make the button green."); a dot inside a number or a word, or a
 * run of them ("Loading..."), is not. "3x" / "1.5x" are factors; "150x50"
 * is read as "150 x 50", a width and a height. Nothing is rejected: an
 * unknown byte is skipped.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "design/design_internal.h"

typedef struct lexer {
  ta_arena *arena;
  const char *src;
  int pos, len;
  token *items;
  int count, cap;
} lexer;

static token *push(lexer *L, token_kind kind, int start, int end) {
  if (L->count == L->cap) {
    int cap = L->cap ? L->cap * 2 : 32;
    token *items = design_alloc(L->arena, (size_t)cap * sizeof *items);
    if (L->count) memcpy(items, L->items, (size_t)L->count * sizeof *items);
    L->items = items;
    L->cap = cap;
  }
  token *t = &L->items[L->count++];
  memset(t, 0, sizeof *t);
  t->kind = kind;
  t->start = start;
  t->end = end;
  return t;
}

static bool is_word_byte(unsigned char c) { return isalnum(c) || c == '_' || c == '-' || c >= 0x80; }

/* Curly quotes are the 3-byte UTF-8 sequences E2 80 9C / 9D (double) and
 * E2 80 98 / 99 (single). Returns the quote's length, 0 when none. */
static int curly_quote(const char *s, int left, bool *is_double) {
  if (left < 3 || (unsigned char)s[0] != 0xE2 || (unsigned char)s[1] != 0x80) return 0;
  unsigned char c = (unsigned char)s[2];
  if (c == 0x9C || c == 0x9D) { *is_double = true; return 3; }
  if (c == 0x98 || c == 0x99) { *is_double = false; return 3; }
  return 0;
}

static bool lex_quoted(lexer *L) {
  const char *s = L->src + L->pos;
  int left = L->len - L->pos;
  bool dbl = false;
  int open = 0;
  if (s[0] == '"') { open = 1; dbl = true; }
  else open = curly_quote(s, left, &dbl);
  if (!open || !dbl) return false;
  int start = L->pos, content = L->pos + open, i = content;
  int close_len = 0;
  while (i < L->len) {
    bool d2;
    if (L->src[i] == '"') { close_len = 1; break; }
    int q = curly_quote(L->src + i, L->len - i, &d2);
    if (q && d2) { close_len = q; break; }
    i++;
  }
  int content_end = i;
  if (!close_len) /* an unterminated quote runs to the end, without trailing spaces */
    while (content_end > content && isspace((unsigned char)L->src[content_end - 1])) content_end--;
  token *t = push(L, TK_QUOTED, start, close_len ? i + close_len : content_end);
  t->lower = design_arena_strndup(L->arena, L->src + content, (size_t)(content_end - content));
  L->pos = i + close_len;
  return true;
}

/* A single quote ('...' or ‘...’) opens a quote only at the start of a
 * word and when a closing one follows that no letter or digit comes right
 * after, so apostrophes ("don't", "the cards' colour") never open one. An
 * unmatched single quote is plain punctuation. */
static int single_quote_at(const char *s, int left) {
  bool dbl = false;
  if (left > 0 && s[0] == '\'') return 1;
  int q = curly_quote(s, left, &dbl);
  return q && !dbl ? q : 0;
}

static bool lex_single_quoted(lexer *L) {
  int open = single_quote_at(L->src + L->pos, L->len - L->pos);
  if (!open || (L->pos > 0 && !isspace((unsigned char)L->src[L->pos - 1]))) return false;
  int content = L->pos + open;
  for (int i = content; i < L->len; i++) {
    int close = single_quote_at(L->src + i, L->len - i);
    if (!close || i == content || isspace((unsigned char)L->src[i - 1])) continue;
    int after = i + close;
    if (after < L->len && isalnum((unsigned char)L->src[after])) continue;
    token *t = push(L, TK_QUOTED, L->pos, after);
    t->lower = design_arena_strndup(L->arena, L->src + content, (size_t)(i - content));
    L->pos = after;
    return true;
  }
  return false;
}

static bool lex_color_function(lexer *L) {
  const char *s = L->src + L->pos;
  int left = L->len - L->pos;
  if (left < 4 || (strncasecmp(s, "rgb", 3) && strncasecmp(s, "hsl", 3))) return false;
  int i = 3;
  if (i < left && (s[i] == 'a' || s[i] == 'A')) i++;
  while (i < left && s[i] == ' ') i++;
  if (i >= left || s[i] != '(') return false;
  const char *close = memchr(s + i, ')', (size_t)(left - i));
  int end = close ? (int)(close - s) + 1 : left;
  while (!close && end > i && isspace((unsigned char)s[end - 1])) end--; /* unterminated: no trailing spaces */
  token *t = push(L, TK_COLOR, L->pos, L->pos + end);
  t->color_ok = close && design_color_parse_function(s, (size_t)end, &t->color);
  t->lower = design_arena_lower(L->arena, s, (size_t)end);
  L->pos += close ? end : left;
  return true;
}

static void lex_hex(lexer *L) {
  int i = L->pos + 1;
  while (i < L->len && isalnum((unsigned char)L->src[i])) i++;
  token *t = push(L, TK_COLOR, L->pos, i);
  t->color_ok = design_color_parse_hex(L->src + L->pos, (size_t)(i - L->pos), &t->color);
  t->lower = design_arena_lower(L->arena, L->src + L->pos, (size_t)(i - L->pos));
  L->pos = i;
}

/* "px" or "pt" (points, read as px: the font-size unit of design tools)
 * as a whole word at s[i]. */
static bool px_unit_at(const char *s, int i, int len) {
  return i + 1 < len && tolower((unsigned char)s[i]) == 'p' &&
         (tolower((unsigned char)s[i + 1]) == 'x' || tolower((unsigned char)s[i + 1]) == 't') &&
         (i + 2 >= len || !is_word_byte((unsigned char)s[i + 2]));
}

/* After a number: "px" / "pt" / "%" directly or after one space. */
static void read_unit(lexer *L, token *t) {
  int i = L->pos;
  if (i < L->len && L->src[i] == '%') { t->unit = UNIT_PERCENT; L->pos = i + 1; }
  else {
    if (i < L->len && L->src[i] == ' ') i++;
    if (px_unit_at(L->src, i, L->len)) {
      t->unit = UNIT_PX;
      L->pos = i + 2;
    } else if (L->pos < L->len && L->src[L->pos] == ' ' && i < L->len && L->src[i] == '%') {
      t->unit = UNIT_PERCENT;
      L->pos = i + 1;
    }
  }
  t->end = L->pos;
}

static bool lex_number(lexer *L) {
  const char *s = L->src + L->pos;
  int left = L->len - L->pos, i = 0;
  if (s[0] == '-' || s[0] == '+') i++;
  if (i >= left || !(isdigit((unsigned char)s[i]) || (s[i] == '.' && i + 1 < left && isdigit((unsigned char)s[i + 1]))))
    return false;
  while (i < left && isdigit((unsigned char)s[i])) i++;
  if (i + 1 < left && s[i] == '.' && isdigit((unsigned char)s[i + 1])) {
    i++;
    while (i < left && isdigit((unsigned char)s[i])) i++;
  }
  /* "3x", "1.5x": a factor; "150x50": a width, then "x", then the height */
  bool times = i < left && (s[i] == 'x' || s[i] == 'X') && (i + 1 >= left || !is_word_byte((unsigned char)s[i + 1]));
  bool by = i + 1 < left && (s[i] == 'x' || s[i] == 'X') && isdigit((unsigned char)s[i + 1]);
  /* "2nd", "1st", "h1" style words stay words */
  if (!times && !by && i < left && isalpha((unsigned char)s[i]) && !px_unit_at(s, i, left)) return false;
  char tmp[64];
  int n = i < 63 ? i : 63;
  memcpy(tmp, s, (size_t)n);
  tmp[n] = 0;
  token *t = push(L, TK_NUMBER, L->pos, L->pos + i);
  t->number = strtod(tmp, NULL);
  L->pos += i;
  if (times) {
    t->unit = UNIT_TIMES;
    t->end = ++L->pos;
  } else if (by) {
    token *x = push(L, TK_WORD, L->pos, L->pos + 1);
    x->lower = "x";
    L->pos++;
  } else read_unit(L, t);
  return true;
}

/* A full stop that ends a sentence: one '.', not after another, followed
 * by white space or the end, and not the dot of "no." / "nr." before a
 * number ("card no. 2"). */
static bool sentence_end(const lexer *L) {
  int i = L->pos;
  if (L->src[i] != '.' || (i > 0 && L->src[i - 1] == '.')) return false;
  if (i + 1 < L->len && !isspace((unsigned char)L->src[i + 1])) return false;
  int w = i;
  while (w > 0 && isalpha((unsigned char)L->src[w - 1])) w--;
  bool abbreviation = (i - w == 2 && (!strncasecmp(L->src + w, "no", 2) || !strncasecmp(L->src + w, "nr", 2))) ||
                      (i - w == 3 && !strncasecmp(L->src + w, "num", 3));
  return !(abbreviation && (w == 0 || !isalnum((unsigned char)L->src[w - 1])));
}

static void lex_word(lexer *L) {
  int start = L->pos, i = L->pos;
  while (i < L->len) {
    unsigned char c = (unsigned char)L->src[i];
    bool dummy;
    if (c >= 0x80 && curly_quote(L->src + i, L->len - i, &dummy)) break;
    if (!is_word_byte(c)) break;
    i++;
  }
  /* an apostrophe inside a word ("don't") belongs to it, "'s" is a possessive */
  while (i + 1 < L->len && L->src[i] == '\'' && isalpha((unsigned char)L->src[i + 1])) {
    if (tolower((unsigned char)L->src[i + 1]) == 's' && (i + 2 >= L->len || !is_word_byte((unsigned char)L->src[i + 2])))
      break;
    i++;
    while (i < L->len && is_word_byte((unsigned char)L->src[i])) i++;
  }
  token *t = push(L, TK_WORD, start, i);
  t->lower = design_arena_lower(L->arena, L->src + start, (size_t)(i - start));
  L->pos = i;
}

static bool lex_possessive(lexer *L) {
  const char *s = L->src + L->pos;
  int left = L->len - L->pos, q = 0;
  bool d;
  if (s[0] == '\'') q = 1;
  else if (curly_quote(s, left, &d) && !d) q = 3;
  if (!q || q >= left || tolower((unsigned char)s[q]) != 's') return false;
  if (q + 1 < left && is_word_byte((unsigned char)s[q + 1])) return false;
  if (L->count == 0 || L->items[L->count - 1].end != L->pos) return false;
  push(L, TK_POSS, L->pos, L->pos + q + 1);
  L->pos += q + 1;
  return true;
}

void design_lex_command(ta_arena *a, const char *command, token_list *out) {
  lexer L = {a, command ? command : "", 0, 0, NULL, 0, 0};
  L.len = (int)strnlen(L.src, 1 << 20);
  while (L.pos < L.len) {
    unsigned char c = (unsigned char)L.src[L.pos];
    if (c == '\n' || (c == '.' && sentence_end(&L))) { push(&L, TK_STOP, L.pos, L.pos + 1); L.pos++; continue; }
    if (isspace(c)) { L.pos++; continue; }
    if (lex_quoted(&L) || lex_possessive(&L) || lex_single_quoted(&L)) continue;
    if (c == ',') { push(&L, TK_COMMA, L.pos, L.pos + 1); L.pos++; continue; }
    if (c == ';') { push(&L, TK_SEMI, L.pos, L.pos + 1); L.pos++; continue; }
    if (c == '#') { lex_hex(&L); continue; }
    bool may_be_function = c == 'r' || c == 'R' || c == 'h' || c == 'H';
    if (lex_number(&L) || (may_be_function && lex_color_function(&L))) continue;
    if (is_word_byte(c)) {
      bool d;
      if (c >= 0x80 && curly_quote(L.src + L.pos, L.len - L.pos, &d)) { L.pos += 3; continue; }
      lex_word(&L);
      continue;
    }
    L.pos++; /* punctuation such as . ! ? ( ) is not meaningful */
  }
  push(&L, TK_END, L.len, L.len);
  out->items = L.items;
  out->count = L.count - 1;
}
