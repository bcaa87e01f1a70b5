/*
 * grow.c - the doubling step shared by growable arrays (see grow.h).
 * Overflow of the byte count is treated like an allocation failure.
 */
#include "tessera/grow.h"

#include "tessera/fault.h"

#include <stdint.h>
#include <stdlib.h>

void *tc_grow(void *items, size_t count, size_t *cap, size_t elem, size_t first_cap) {
  if (count < *cap) return items;
  size_t grown = *cap ? *cap * 2 : first_cap;
  if (grown <= *cap || grown > SIZE_MAX / elem) return NULL;
  void *moved = tc_realloc(items, grown * elem);
  if (moved) *cap = grown;
  return moved;
}
