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

const char *design_error_code_name(design_error_code code) {
  switch (code) {
  case DESIGN_ERR_NONE: return "none";
  case DESIGN_ERR_INPUT: return "invalid_input";
  case DESIGN_ERR_TOO_LARGE: return "too_large";
  case DESIGN_ERR_MEMORY: return "out_of_memory";
  }
  return "unknown";
}

bool design_problems_error(const design_problems *p, design_error *err) {
  if (!p || !p->count || !err) return false;
  const char *item = p->items[0], *sep = strstr(item, ": ");
  size_t path_len = sep ? (size_t)(sep - item) : 0;
  err->code = p->code ? p->code : DESIGN_ERR_INPUT;
  snprintf(err->path, sizeof err->path, "%.*s", (int)(path_len < sizeof err->path ? path_len : sizeof err->path - 1), item);
  snprintf(err->message, sizeof err->message, "%s", sep ? sep + 2 : item);
  return true;
}

void design_problems_add(design_problems *p, const char *fmt, ...) {
  if (!p) return;
  if (p->code == DESIGN_ERR_NONE) p->code = DESIGN_ERR_INPUT;
  char **items = tc_grow(p->items, p->count, &p->cap, sizeof *items, 8);
  if (!items) {
    p->code = DESIGN_ERR_MEMORY;
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
  } else p->code = DESIGN_ERR_MEMORY;
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

/* Pages are mostly listed in reading order already, so a sort starts with a
 * scan: an ordered array is left as it is, O(n) instead of O(n log n). */
void design_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *, void *), void *ctx) {
  const char *p = base;
  size_t i = 1;
  while (i < n && cmp(p + (i - 1) * size, p + i * size, ctx) <= 0) i++;
  if (i < n) qsort_r(base, n, size, cmp, ctx);
}

uint64_t design_hash_bytes(const void *p, size_t n, uint64_t seed) { return XXH3_64bits_withSeed(p, n, seed); }
