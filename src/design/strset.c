/*
 * strset.c - a set of strings, each with an integer value, for looking up
 * ids (duplicate ids on load, free ids for new components, ids of created
 * components in the checks) and violation identities in constant time.
 *
 * Open addressing with linear probing over a power-of-two table kept at
 * most half full, so a probe sequence stays short; the hash is XXH3 of the
 * bytes. Keys are not copied: the caller keeps them alive as long as the
 * set (they are arena strings of the blueprint or the edit). The table
 * itself lives in an arena and is never freed on its own; it never grows
 * after creation, so the capacity is fixed by the expected count.
 */
#include <string.h>
#include <xxhash.h>

#include "design/design_internal.h"

struct design_strset {
  const char **keys; /* NULL: empty slot */
  int *values;
  size_t mask;       /* capacity - 1 */
  size_t count, limit;
};

design_strset *design_strset_new(ta_arena *a, size_t expected) {
  size_t cap = 16;
  while (cap < expected * 2 + 2) cap *= 2;
  design_strset *s = design_alloc_zero(a, sizeof *s);
  s->keys = design_alloc_zero(a, cap * sizeof *s->keys);
  s->values = design_alloc(a, cap * sizeof *s->values);
  s->mask = cap - 1;
  s->limit = cap / 2;
  return s;
}

static size_t probe_start(const design_strset *s, const char *key, size_t len) {
  return (size_t)XXH3_64bits(key, len) & s->mask;
}

/* Slot holding `key`, or the empty slot where it would go. */
static size_t find_slot(const design_strset *s, const char *key, size_t len) {
  size_t i = probe_start(s, key, len);
  while (s->keys[i] && (strncmp(s->keys[i], key, len) != 0 || s->keys[i][len] != 0)) i = (i + 1) & s->mask;
  return i;
}

bool design_strset_get_n(const design_strset *s, const char *key, size_t len, int *value) {
  if (!s) return false;
  size_t i = find_slot(s, key, len);
  if (!s->keys[i]) return false;
  if (value) *value = s->values[i];
  return true;
}

bool design_strset_get(const design_strset *s, const char *key, int *value) {
  return design_strset_get_n(s, key, strlen(key), value);
}

bool design_strset_add(design_strset *s, const char *key, int value, int *existing) {
  size_t i = find_slot(s, key, strlen(key));
  if (s->keys[i]) {
    if (existing) *existing = s->values[i];
    return false;
  }
  if (s->count >= s->limit) { /* full: sized for fewer keys by the caller */
    if (existing) *existing = -1;
    return false;
  }
  s->keys[i] = key;
  s->values[i] = value;
  s->count++;
  return true;
}
