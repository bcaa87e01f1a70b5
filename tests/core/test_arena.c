/* test_arena.c - bump allocation, alignment, big blocks and reset. */
#include <stdint.h>

#include "harness.h"
#include "tessera/arena.h"

TEST(arena_blocks_are_aligned_and_distinct) {
  ta_arena a;
  ta_arena_init(&a, 1024);
  char *p = ta_alloc(&a, 3), *q = ta_alloc(&a, 5);
  CHECK(((uintptr_t)p & 15) == 0);
  CHECK(((uintptr_t)q & 15) == 0);
  CHECK(q >= p + 16 || p >= q + 16);
  ta_arena_free(&a);
}

TEST(arena_large_blocks_get_their_own_chunk) {
  ta_arena a;
  ta_arena_init(&a, 1024);
  char *small = ta_alloc(&a, 16);
  char *big = ta_alloc_zero(&a, 100000);
  char *small2 = ta_alloc(&a, 16);
  CHECK(big[99999] == 0);
  CHECK(small2 == small + 16); /* the head chunk keeps filling */
  CHECK(!ta_arena_failed(&a));
  ta_arena_free(&a);
}

TEST(arena_reset_reuses_memory) {
  ta_arena a;
  ta_arena_init(&a, 4096);
  for (int i = 0; i < 100; i++) ta_alloc(&a, 1000);
  CHECK(a.total >= 100000);
  ta_arena_reset(&a);
  CHECK_INT(a.total, 0);
  char *s = ta_printf(&a, "%s-%d", "x", 42);
  CHECK_STR(s, "x-42");
  CHECK_STR(ta_strdup(&a, "abc"), "abc");
  ta_arena_free(&a);
}

TEST(arena_failure_returns_null_never_a_shared_block) {
  ta_arena a;
  ta_arena_init(&a, 1024);
  CHECK(ta_alloc(&a, SIZE_MAX - 3) == NULL); /* rounding up would wrap to 0 */
  CHECK(ta_arena_failed(&a));
  CHECK(!ta_arena_over_limit(&a));
  CHECK(ta_alloc_array(&a, SIZE_MAX / 4, 8) == NULL);
  ta_arena_reset(&a);
  CHECK(!ta_arena_failed(&a));
  CHECK(ta_alloc(&a, 16) != NULL);
  ta_arena_free(&a);
}

TEST(arena_limit_refuses_the_allocation_that_would_pass_it) {
  ta_arena a;
  ta_arena_init(&a, 4096);
  ta_arena_set_limit(&a, 1000);
  CHECK(ta_alloc(&a, 512) != NULL);
  CHECK(ta_alloc(&a, 480) != NULL); /* 992 bytes handed out */
  CHECK(ta_alloc(&a, 16) == NULL);
  CHECK(ta_arena_failed(&a));
  CHECK(ta_arena_over_limit(&a));
  CHECK_INT(a.total, 992); /* the refused block is not counted */
  CHECK(ta_alloc(&a, 1u << 20) == NULL);
  ta_arena_reset(&a);
  CHECK(!ta_arena_over_limit(&a));
  CHECK(ta_alloc(&a, 992) != NULL); /* the limit holds per reset */
  CHECK(ta_alloc(&a, 16) == NULL);
  ta_arena_set_limit(&a, 0);
  CHECK(ta_alloc(&a, 1u << 20) != NULL);
  ta_arena_free(&a);
}

TEST(arena_grow_fails_cleanly) {
  ta_arena a;
  ta_arena_init(&a, 1024);
  ta_arena_set_limit(&a, 64);
  size_t cap = 0;
  int *items = ta_grow(&a, NULL, 0, &cap, sizeof *items, 8); /* 32 bytes */
  CHECK(items != NULL);
  CHECK_INT(cap, 8);
  int *bigger = ta_grow(&a, items, 8, &cap, sizeof *items, 8); /* 64 more: over */
  CHECK(bigger == NULL);
  CHECK_INT(cap, 8);
  ta_arena_free(&a);
}
