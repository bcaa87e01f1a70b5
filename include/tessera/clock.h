/*
 * clock.h - the monotonic clock, for reporting how long things took.
 *
 * Timings are only ever reported (--timing, --profile, "in 0.012 s"); no
 * result depends on them except the documented wall-clock safety limits.
 * The clock is CLOCK_MONOTONIC, so it never jumps with the system time.
 */
#ifndef TESSERA_CLOCK_H
#define TESSERA_CLOCK_H

#include <stdint.h>

/* Seconds since an arbitrary fixed point. */
double tc_now_seconds(void);
/* Nanoseconds since the same point. */
uint64_t tc_now_nanos(void);

#endif
