/*
 * fault.h - allocation counting and fault injection ("fail the Nth
 * allocation"), the way SQLite tests its out-of-memory paths.
 *
 * Every allocation that may fail passes through one check, tc_fault_hit():
 * the arenas call it once per ta_alloc, and code that uses the C heap calls
 * tc_malloc / tc_calloc / tc_realloc / tc_strdup (below) instead of the libc
 * functions, which check first and then allocate. Outside tests the hook is
 * disarmed and costs one well-predicted branch on a global flag.
 *
 * A test arms the hook, runs the code under test and disarms it:
 *
 *     tc_fault_arm(0, false);            // count only
 *     run();
 *     uint64_t n = tc_fault_disarm();    // allocations the run made
 *     for (uint64_t k = 1; k <= n; k++) {
 *       tc_fault_arm(k, true);           // allocation k and all later fail
 *       run();                           // must fail cleanly, no leak
 *       tc_fault_disarm();
 *     }
 *
 * Modes. With `persistent` every allocation from the Nth on fails (memory
 * is gone for good, the usual real case); without it only the Nth fails and
 * later ones succeed (a transient failure: code must not go on as if the
 * failed allocation had worked just because the next one did).
 *
 * Threads. The counter is atomic, so allocations of every thread count;
 * a sweep is only reproducible when the code under test is single-threaded.
 * Arming and disarming are not synchronised with running code: arm before
 * starting threads, disarm after joining them.
 *
 * Ownership: the hook is process-wide state of the core layer; memory from
 * tc_malloc and friends is ordinary heap memory, released with free().
 */
#ifndef TESSERA_FAULT_H
#define TESSERA_FAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Starts counting allocations from zero. When fail_at > 0, allocation number
 * fail_at (1-based, counted from this call) fails, and with `persistent`
 * every one after it too. fail_at == 0 only counts. */
void tc_fault_arm(uint64_t fail_at, bool persistent);
/* Stops injecting and counting; returns the number of allocations counted
 * since tc_fault_arm (failed ones included). */
uint64_t tc_fault_disarm(void);
/* Allocations counted since tc_fault_arm (0 when the hook never was armed). */
uint64_t tc_fault_count(void);
/* Failures injected since tc_fault_arm. */
uint64_t tc_fault_failures(void);

/* Read through tc_fault_hit only. */
extern bool tc_fault_armed;
bool tc_fault_hit_armed(void);
/* Counts one allocation; true when it must fail (the caller then behaves
 * exactly as when the real allocator returns NULL). */
static inline bool tc_fault_hit(void) {
  return __builtin_expect(__atomic_load_n(&tc_fault_armed, __ATOMIC_RELAXED), 0) &&
         tc_fault_hit_armed();
}

/* malloc, calloc, realloc and strdup behind the hook. tc_calloc also fails
 * (NULL) when n * size overflows; tc_realloc leaves `p` untouched when it
 * fails, as realloc does. */
void *tc_malloc(size_t size);
void *tc_calloc(size_t n, size_t size);
void *tc_realloc(void *p, size_t size);
char *tc_strdup(const char *s);

#endif
