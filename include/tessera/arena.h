/*
 * arena.h - bump-pointer memory arenas.
 *
 * An arena hands out 16-byte aligned blocks from large chunks and frees them
 * all at once. Every value built during one evaluation lives in that
 * evaluation's arena, so no value is ever freed on its own: it is valid until
 * the arena is reset or destroyed.
 *
 * The allocation contract (one for the whole code base): an allocation that
 * cannot be satisfied returns NULL, and every caller checks the pointer it
 * gets before using it. Nothing aborts, so a runaway evaluation ends as an
 * error of that evaluation while the process goes on with the next one. An
 * allocation fails when malloc fails, when the byte count overflows, when
 * the fault hook says so (fault.h: tests fail the Nth allocation), or when
 * it would take the arena past its limit (ta_arena_set_limit: the memory
 * guard, which thus acts inside the allocating primitive rather than after
 * it). The arena also remembers the failure (ta_arena_failed, and
 * ta_arena_over_limit for the limit) until the next reset, so code that
 * batches several allocations may check once at the end - as long as no
 * NULL was dereferenced on the way.
 *
 * This is core's error convention too: a core function that fails returns
 * NULL or false (with errno and, where there is more to say, a message in
 * the caller's buffer); the arena has nothing to add but keeps the flags.
 *
 * Ownership: the arena owns every block; callers never free them.
 * Not thread-safe: one arena per thread.
 */
#ifndef TESSERA_ARENA_H
#define TESSERA_ARENA_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ta_chunk ta_chunk;
typedef struct ta_arena {
  ta_chunk *head;      /* chunk being filled */
  ta_chunk *spare;     /* standard chunks kept by the last reset, for reuse */
  size_t used;         /* bytes used in head */
  size_t total;        /* bytes handed out since the last reset */
  size_t chunk_size;   /* default size of a new chunk */
  size_t limit;        /* most bytes handed out between resets; 0 = no limit */
  bool failed;         /* an allocation failed since the last reset */
  bool over_limit;     /* ... because of `limit` */
} ta_arena;

void ta_arena_init(ta_arena *a, size_t chunk_size);
/* Sets the memory guard: allocations that would take `total` past `bytes`
 * fail (0 removes the limit). Kept across resets. */
void ta_arena_set_limit(ta_arena *a, size_t bytes);
/* NULL on failure (see the contract above). */
void *ta_alloc(ta_arena *a, size_t size);
void *ta_alloc_zero(ta_arena *a, size_t size);
/* n elements of `size` bytes; NULL also when n * size overflows. */
void *ta_alloc_array(ta_arena *a, size_t n, size_t size);
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
 * that resets per task stops paying for page faults). Clears the failure
 * flags; keeps the limit. */
void ta_arena_reset(ta_arena *a);
void ta_arena_free(ta_arena *a);
static inline bool ta_arena_failed(const ta_arena *a) { return a->failed; }
static inline bool ta_arena_over_limit(const ta_arena *a) { return a->over_limit; }

#endif
