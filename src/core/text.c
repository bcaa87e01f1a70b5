/*
 * text.c - the growable string of text.h. Growth goes through tc_grow
 * (doubling, overflow-checked); printf formats into a stack buffer first
 * and only falls back to a heap buffer for long pieces.
 */
#include "tessera/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tessera/fault.h"
#include "tessera/grow.h"

static bool reserve(tc_text *t, size_t n) {
  if (t->failed) return false;
  while (t->len + n + 1 > t->cap) {
    char *grown = tc_grow(t->s, t->cap, &t->cap, 1, 256);
    if (!grown) return t->failed = true, false;
    t->s = grown;
  }
  return true;
}

void tc_text_append(tc_text *t, const char *s, size_t n) {
  if (!reserve(t, n)) return;
  memcpy(t->s + t->len, s, n);
  t->len += n;
  t->s[t->len] = '\0';
}

void tc_text_puts(tc_text *t, const char *s) { tc_text_append(t, s, strlen(s)); }

void tc_text_printf(tc_text *t, const char *fmt, ...) {
  char small[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) {
    t->failed = true;
    return;
  }
  if ((size_t)n < sizeof small) {
    tc_text_append(t, small, (size_t)n);
    return;
  }
  if (!reserve(t, (size_t)n)) return;
  va_start(ap, fmt);
  vsnprintf(t->s + t->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  t->len += (size_t)n;
}

char *tc_text_take(tc_text *t) {
  char *s = t->failed ? NULL : t->s ? t->s : tc_strdup("");
  if (t->failed) free(t->s);
  *t = (tc_text){0};
  return s;
}

void tc_text_free(tc_text *t) {
  free(t->s);
  *t = (tc_text){0};
}
