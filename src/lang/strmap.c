/*
 * strmap.c - a small open-addressing map from byte strings to uint32.
 *
 * Used for program names, the dsl namespace (primitives and constants) and
 * the variables of the def being compiled. Keys point into memory that
 * outlives the map (source text or the library arena), so nothing is copied;
 * linear probing over a power-of-two table kept at most half full.
 */
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "tessera/fault.h"
#include "lang/lang_internal.h"

static uint64_t key_hash(const char *key, size_t len) { return XXH3_64bits(key, len); }

static tl_strmap_slot *find_slot(const tl_strmap *m, const char *key, size_t len, uint64_t h) {
  size_t mask = m->cap - 1;
  for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
    tl_strmap_slot *s = &m->slots[i];
    if (!s->key) return s;
    if (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0) return s;
  }
}

static bool grow(tl_strmap *m) {
  size_t cap = m->cap ? m->cap * 2 : 64;
  tl_strmap_slot *slots = tc_calloc(cap, sizeof *slots);
  if (!slots) return false;
  tl_strmap bigger = {slots, cap, m->count};
  for (size_t i = 0; i < m->cap; i++) {
    const tl_strmap_slot *s = &m->slots[i];
    if (s->key) *find_slot(&bigger, s->key, s->len, s->hash) = *s;
  }
  free(m->slots);
  *m = bigger;
  return true;
}

void tl_strmap_clear(tl_strmap *m) {
  if (m->slots) memset(m->slots, 0, m->cap * sizeof *m->slots);
  m->count = 0;
}

void tl_strmap_free(tl_strmap *m) {
  free(m->slots);
  m->slots = NULL;
  m->cap = m->count = 0;
}

bool tl_strmap_get(const tl_strmap *m, const char *key, size_t len, uint32_t *value) {
  if (!m->cap) return false;
  const tl_strmap_slot *s = find_slot(m, key, len, key_hash(key, len));
  if (!s->key) return false;
  *value = s->value;
  return true;
}

bool tl_strmap_put(tl_strmap *m, const char *key, size_t len, uint32_t value) {
  if ((m->count + 1) * 2 > m->cap && !grow(m)) return false;
  uint64_t h = key_hash(key, len);
  tl_strmap_slot *s = find_slot(m, key, len, h);
  if (!s->key) {
    *s = (tl_strmap_slot){key, (uint32_t)len, value, h};
    m->count++;
  }
  s->value = value;
  return true;
}
