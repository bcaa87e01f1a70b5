/* test_grow.c - the doubling helpers for malloc'd and arena-owned arrays. */
#include <stdlib.h>

#include "harness.h"
#include "tessera/arena.h"
#include "tessera/grow.h"

TEST(grow_malloc_array_keeps_elements_and_doubles) {
  int *items = NULL;
  size_t count = 0, cap = 0;
  for (int v = 0; v < 1000; v++) {
    int *grown = tc_grow(items, count, &cap, sizeof *grown, 4);
    CHECK(grown != NULL);
    items = grown;
    items[count++] = v;
  }
  CHECK_INT(cap, 1024);
  bool intact = true;
  for (int v = 0; v < 1000; v++) intact = intact && items[v] == v;
  CHECK(intact);
  /* room left: the same array comes back, cap unchanged */
  CHECK(tc_grow(items, 1000, &cap, sizeof *items, 4) == items);
  CHECK_INT(cap, 1024);
  free(items);
}

TEST(grow_refuses_overflowing_sizes) {
  size_t cap = (size_t)1 << 62;
  CHECK(tc_grow(NULL, cap, &cap, 8, 4) == NULL);
  CHECK_INT(cap == (size_t)1 << 62, 1);
}

TEST(grow_arena_array_copies_into_the_arena) {
  ta_arena a;
  ta_arena_init(&a, 4096);
  long *items = NULL;
  size_t cap = 0;
  for (long v = 0; v < 300; v++) {
    long *grown = ta_grow(&a, items, (size_t)v, &cap, sizeof *grown, 2);
    CHECK(grown != NULL);
    items = grown;
    items[v] = v * 3;
  }
  CHECK_INT(cap, 512);
  CHECK_INT(items[299], 897);
  CHECK_INT(items[0], 0);
  ta_arena_free(&a);
}
