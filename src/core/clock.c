/* clock.c - the monotonic clock of clock.h. */
#include "tessera/clock.h"

#include <time.h>

uint64_t tc_now_nanos(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

double tc_now_seconds(void) { return (double)tc_now_nanos() * 1e-9; }
