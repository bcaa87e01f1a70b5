/*
 * arena.h - bump-pointer memory arenas.
 *
 * An arena hands out 16-byte aligned blocks from large chunks and frees them
 * all at once. Every value built during one evaluation lives in that
 * evaluation's arena, so no value is ever freed on its own: it is valid until
 * the arena is reset or destroyed. Allocation never returns NULL: if malloc
 * fails the arena reports it (ta_arena_failed) and hands out a static spare
 * block so callers can finish and report an error; evaluation code checks the
 * flag through its budget (see value.h).
 *
 * Ownership: the arena owns every block; callers never free them.
 * Not thread-safe: one arena per thread.
 */
#ifndef TESSERA_ARENA_H
#define TESSERA_ARENA_H

#include <stddef.h>
#include <stdbool.h>

typedef struct ta_chunk ta_chunk;
typedef struct ta_arena {
  ta_chunk *head;      /* chunk being filled */
  ta_chunk *spare;     /* standard chunks kept by the last reset, for reuse */
  size_t used;         /* bytes used in head */
  size_t total;        /* bytes handed out since the last reset */
  size_t chunk_size;   /* default size of a new chunk */
  bool failed;         /* an allocation could not be satisfied */
} ta_arena;

void ta_arena_init(ta_arena *a, size_t chunk_size);
void *ta_alloc(ta_arena *a, size_t size);
void *ta_alloc_zero(ta_arena *a, size_t size);
/* Copies `size` bytes of `src` into the arena. */
void *ta_memdup(ta_arena *a, const void *src, size_t size);
char *ta_strdup(ta_arena *a, const char *s);
/* Room for one more element in an arena-owned doubling array of `count`
 * elements of `elem` bytes (see grow.h): returns the array to use (a fresh
 * arena copy when it grew) and updates *cap; NULL, with the array and *cap
 * untouched, when the arena cannot grow. */
void *ta_grow(ta_arena *a, void *items, size_t count, size_t *cap, size_t elem, size_t first_cap);
char *ta_printf(ta_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Frees every block; keeps the standard-size chunks for reuse (so a worker
 * that resets per task stops paying for page faults). */
void ta_arena_reset(ta_arena *a);
void ta_arena_free(ta_arena *a);
static inline bool ta_arena_failed(const ta_arena *a) { return a->failed; }

#endif
