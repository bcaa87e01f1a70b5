/* test_fault.c - the allocation counter and fault injector (fault.h). */
#include <stdlib.h>

#include "harness.h"
#include "tessera/arena.h"
#include "tessera/fault.h"
#include "tessera/grow.h"

TEST(fault_counts_without_failing) {
  tc_fault_arm(0, false);
  void *p = tc_malloc(10), *q = tc_calloc(3, 4);
  char *s = tc_strdup("abc");
  CHECK(p && q && s);
  CHECK_INT(tc_fault_count(), 3); /* tc_strdup is one allocation */
  CHECK_INT(tc_fault_failures(), 0);
  CHECK_INT(tc_fault_disarm(), 3);
  free(p), free(q), free(s);
  void *r = tc_malloc(1); /* disarmed: not counted */
  CHECK_INT(tc_fault_count(), 3);
  free(r);
}

TEST(fault_one_shot_fails_only_the_nth) {
  tc_fault_arm(2, false);
  void *a = tc_malloc(8), *b = tc_malloc(8), *c = tc_malloc(8);
  tc_fault_disarm();
  CHECK(a != NULL);
  CHECK(b == NULL);
  CHECK(c != NULL);
  CHECK_INT(tc_fault_failures(), 1);
  free(a), free(c);
}

TEST(fault_persistent_fails_from_the_nth_on) {
  tc_fault_arm(2, true);
  void *a = tc_malloc(8), *b = tc_realloc(NULL, 8), *c = tc_calloc(1, 8);
  tc_fault_disarm();
  CHECK(a != NULL);
  CHECK(b == NULL && c == NULL);
  CHECK_INT(tc_fault_failures(), 2);
  free(a);
}

TEST(fault_calloc_refuses_overflow) {
  CHECK(tc_calloc(SIZE_MAX / 2, 4) == NULL);
}

TEST(fault_reaches_the_arena_and_grow) {
  ta_arena a;
  ta_arena_init(&a, 1024);
  tc_fault_arm(1, false);
  void *p = ta_alloc(&a, 100000); /* bigger than any spare block */
  tc_fault_disarm();
  CHECK(p == NULL);
  CHECK(ta_arena_failed(&a));
  ta_arena_free(&a);

  int *items = NULL;
  size_t cap = 0;
  tc_fault_arm(1, false);
  int *grown = tc_grow(items, 0, &cap, sizeof *items, 4);
  tc_fault_disarm();
  CHECK(grown == NULL);
  CHECK_INT(cap, 0);
}
