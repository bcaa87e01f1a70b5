/*
 * grow.h - room for one more element in a doubling array.
 *
 * Arrays that grow one push at a time all need the same few lines: when
 * count reaches cap, double cap (or start at `first_cap`) and move the
 * elements. tc_grow does it with realloc for malloc'd arrays; ta_grow (in
 * arena.h) does it in an arena for arena-owned ones.
 *
 * Ownership. tc_grow returns the array to use from now on (it may be the
 * same pointer) and updates *cap; on allocation failure it returns NULL and
 * leaves the old array and *cap untouched, still owned by the caller.
 */
#ifndef TESSERA_GROW_H
#define TESSERA_GROW_H

#include <stddef.h>

/* `items` holds `count` elements of `elem` bytes and room for *cap. When
 * count < *cap it is returned unchanged. */
void *tc_grow(void *items, size_t count, size_t *cap, size_t elem, size_t first_cap);

#endif
