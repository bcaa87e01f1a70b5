/*
 * text.h - a growable malloc'd string for building output (JSON reports,
 * submissions, solver files) before it is written in one go.
 *
 * Appending never fails loudly: when memory runs out the text remembers it
 * (failed) and ignores further appends, so a builder can append freely and
 * check once at the end (tc_text_take returns NULL then). The string is
 * always NUL-terminated while not failed.
 *
 * Ownership: the text owns its buffer until tc_text_take hands it to the
 * caller or tc_text_free releases it. A zeroed tc_text is an empty text.
 */
#ifndef TESSERA_TEXT_H
#define TESSERA_TEXT_H

#include <stdbool.h>
#include <stddef.h>

typedef struct tc_text {
  char *s;      /* NUL-terminated contents (NULL while empty) */
  size_t len, cap;
  bool failed;  /* an append ran out of memory */
} tc_text;

void tc_text_append(tc_text *t, const char *s, size_t n);
void tc_text_puts(tc_text *t, const char *s);
void tc_text_printf(tc_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The malloc'd string (an empty string for an empty text), or NULL when an
 * append failed; the text is empty afterwards either way. */
char *tc_text_take(tc_text *t);
void tc_text_free(tc_text *t);

#endif
