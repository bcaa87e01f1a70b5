/*
 * util.c - small helpers shared by the design files: arena string copies,
 * problem lists, loose text comparison and hashing.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "design/design_internal.h"
#include "tessera/fault.h"
#include "tessera/grow.h"

char *design_arena_strndup(ta_arena *a, const char *s, size_t n) {
  char *out = design_alloc(a, n + 1);
  memcpy(out, s, n);
  out[n] = 0;
  return out;
}

char *design_arena_lower(ta_arena *a, const char *s, size_t n) {
  char *out = design_alloc(a, n + 1);
  for (size_t i = 0; i < n; i++) out[i] = (char)tolower((unsigned char)s[i]);
  out[n] = 0;
  return out;
}

void design_problems_add(design_problems *p, const char *fmt, ...) {
  if (!p) return;
  char **items = tc_grow(p->items, p->count, &p->cap, sizeof *items, 8);
  if (!items) {
    p->out_of_memory = true;
    return;
  }
  p->items = items;
  va_list ap, again;
  va_start(ap, fmt);
  va_copy(again, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *s = n >= 0 ? tc_malloc((size_t)n + 1) : NULL;
  if (s) {
    vsnprintf(s, (size_t)n + 1, fmt, again);
    p->items[p->count++] = s;
  } else p->out_of_memory = true;
  va_end(again);
}

void design_problems_free(design_problems *p) {
  if (!p) return;
  for (size_t i = 0; i < p->count; i++) free(p->items[i]);
  free(p->items);
  memset(p, 0, sizeof *p);
}

static const char *skip_space(const char *s) {
  while (*s && isspace((unsigned char)*s)) s++;
  return s;
}

/* Equal ignoring case, surrounding spaces and the length of space runs. */
bool design_text_equal_loose(const char *a, const char *b) {
  if (!a || !b) return false;
  a = skip_space(a);
  b = skip_space(b);
  while (*a && *b) {
    bool space_a = isspace((unsigned char)*a), space_b = isspace((unsigned char)*b);
    if (space_a || space_b) {
      if (!space_a || !space_b) return false;
      a = skip_space(a);
      b = skip_space(b);
      if (!*a || !*b) break;
      continue;
    }
    if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return false;
    a++;
    b++;
  }
  return !*skip_space(a) && !*skip_space(b);
}

uint64_t design_hash_bytes(const void *p, size_t n, uint64_t seed) { return XXH3_64bits_withSeed(p, n, seed); }
