/*
 * arc_limits.h - the limits `arc run` and `arc eval` share, defined once so
 * the two commands (and their documentation) cannot drift apart.
 */
#ifndef TESSERA_ARC_LIMITS_H
#define TESSERA_ARC_LIMITS_H

#include <stdint.h>

/* Work units per task (arc run) and per program per task (arc eval) when
 * none is given: 20 million. The heaviest public reference solver needs
 * 5.4 million on its task, our example solvers under 30 thousand.
 * Intermediate values stay in the task's arena, about 12 bytes per unit,
 * so this also caps a runaway near 250 MB per worker. */
#define ARC_DEFAULT_BUDGET ((uint64_t)20000000)

/* Worker threads: --jobs takes 1..ARC_MAX_JOBS in every command; the
 * default is the number of online processors, capped the same way. */
#define ARC_MAX_JOBS 256

#endif
