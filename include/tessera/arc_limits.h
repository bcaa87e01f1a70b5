/*
 * arc_limits.h - the limits `arc run` and `arc eval` share, defined once so
 * the two commands (and their documentation) cannot drift apart.
 */
#ifndef TESSERA_ARC_LIMITS_H
#define TESSERA_ARC_LIMITS_H

#include <stddef.h>
#include <stdint.h>

/* Work units per task (arc run) and per program per task (arc eval) when
 * none is given: 20 million. The heaviest public reference solver needs
 * 5.4 million on its task, our example solvers under 30 thousand.
 * Intermediate values stay in the task's arena, about 12 bytes per unit,
 * so this also caps a runaway near 250 MB per worker. */
#define ARC_DEFAULT_BUDGET ((uint64_t)20000000)

/* Wall-clock safety limit per task, seconds (arc run, arc eval): a last
 * resort for loops no work budget bounds (--budget 0), reported when hit. */
#define ARC_DEFAULT_TASK_SECONDS 60.0

/* Work units one input-independent node may take while being folded once
 * per library. Folding is only a cache: a node that needs more (or any
 * node under --budget 0) is left to run time, where the task's own budget,
 * memory guard and time limit apply, so folding can never hang a run. */
#define ARC_FOLD_BUDGET ARC_DEFAULT_BUDGET

/* Memory guard per worker and input (arc eval) or pair (arc run): an arena
 * limit that fails the allocation which would pass it, inside the primitive.
 * Dozens of programs exhausting their budgets on one pair could otherwise
 * hold gigabytes, and under --budget 0 nothing else stops power(dmirror,
 * ...) (see docs/BATTERY.md). --memory-mb sets it, 0 = none. */
#define ARC_DEFAULT_MEMORY_GUARD ((size_t)3 << 30)

/* Largest task, challenges, solutions or submission file read: 256 MiB.
 * Kaggle's biggest challenges file is 4 MB; parsing costs about ten times
 * the file in memory, so this bounds a load near 2.5 GB. A bigger file is
 * refused by its size before it is read: "PATH: too large (limit 256 MB)",
 * exit 2. (Solver files: 64 MiB, docs/LANGUAGE.md.) */
#define ARC_INPUT_FILE_LIMIT ((size_t)256 << 20)

/* Worker threads: --jobs takes 1..ARC_MAX_JOBS in every command; the
 * default is the number of online processors, capped the same way. */
#define ARC_MAX_JOBS 256

#endif
