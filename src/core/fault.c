/*
 * fault.c - the allocation counter and fault injector of fault.h.
 *
 * The state is three words: the armed flag (read on every allocation, so it
 * is a plain bool that the fast path tests first), the count of allocations
 * since arming, and the failure plan. The count is bumped with an atomic
 * add so that a multi-threaded run still counts every allocation once.
 */
#include "tessera/fault.h"

#include <stdlib.h>
#include <string.h>

bool tc_fault_armed;
static uint64_t counted;
static uint64_t failed;
static uint64_t fail_at;
static bool fail_persistent;

void tc_fault_arm(uint64_t nth, bool persistent) {
  __atomic_store_n(&counted, 0, __ATOMIC_RELAXED);
  __atomic_store_n(&failed, 0, __ATOMIC_RELAXED);
  fail_at = nth;
  fail_persistent = persistent;
  __atomic_store_n(&tc_fault_armed, true, __ATOMIC_RELEASE);
}

uint64_t tc_fault_disarm(void) {
  __atomic_store_n(&tc_fault_armed, false, __ATOMIC_RELEASE);
  return tc_fault_count();
}

uint64_t tc_fault_count(void) { return __atomic_load_n(&counted, __ATOMIC_RELAXED); }
uint64_t tc_fault_failures(void) { return __atomic_load_n(&failed, __ATOMIC_RELAXED); }

bool tc_fault_hit_armed(void) {
  uint64_t k = __atomic_add_fetch(&counted, 1, __ATOMIC_RELAXED);
  bool fail = fail_at && (k == fail_at || (fail_persistent && k > fail_at));
  if (fail) __atomic_add_fetch(&failed, 1, __ATOMIC_RELAXED);
  return fail;
}

void *tc_malloc(size_t size) { return tc_fault_hit() ? NULL : malloc(size); }

void *tc_calloc(size_t n, size_t size) {
  if (size && n > SIZE_MAX / size) return NULL;
  return tc_fault_hit() ? NULL : calloc(n, size);
}

void *tc_realloc(void *p, size_t size) { return tc_fault_hit() ? NULL : realloc(p, size); }

char *tc_strdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *copy = tc_malloc(n);
  if (copy) memcpy(copy, s, n);
  return copy;
}
