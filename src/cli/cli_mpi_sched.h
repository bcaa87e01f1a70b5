/*
 * cli_mpi_sched.h - handing tasks out to MPI ranks as they become free
 * (self-scheduling), for cli_mpi_arc_eval and cli_mpi_arc_solve.
 *
 * The tasks are ordered by expected cost, largest first (programs to run x
 * demo cells), and cut into chunks of --jobs tasks. Rank 0 holds the next
 * chunk number: its main thread answers the other ranks' requests while a
 * second thread of its own evaluates chunks too, so rank 0 works like the
 * others. A rank asks for a chunk when it has finished the previous one, so
 * a task that costs much more than expected delays only its own rank. Which
 * rank evaluates a task never changes its result (budgets are work units),
 * so the schedule needs no determinism of its own.
 *
 * Ownership: a share owns its results like an arc_eval_result (free with
 * cli_mpi_share_free); task pointers refer to the task set.
 */
#ifndef TESSERA_CLI_MPI_SCHED_H
#define TESSERA_CLI_MPI_SCHED_H

#include <stdbool.h>
#include <stddef.h>

#include "tessera/battery.h"

/* The tasks one rank evaluated, with their totals summed over its chunks. */
typedef struct cli_mpi_share {
  arc_eval_result r;  /* r.tasks[k] is task index[k] of the set */
  size_t *index;
  size_t cap;         /* room in r.tasks and index */
} cli_mpi_share;

/* Evaluates chunks until rank 0 has none left. False with err when this
 * rank failed; it still takes part until the end (without evaluating), so
 * the others finish and the failure is agreed on afterwards. Every rank
 * must call it. */
bool cli_mpi_eval_share(const arc_battery *b, const arc_taskset *set, const arc_eval_options *opts,
                        cli_mpi_share *share, arc_error *err);
void cli_mpi_share_free(cli_mpi_share *share);

/* The self-scheduling itself, for any per-task work (arc eval above, arc
 * solve in cli_mpi_solve.c): positions 0..count are cut into chunks of
 * `jobs`, handed out by rank 0 as ranks ask (rank 0 works on a second
 * thread of its own), and run(user, start, end) is called for every chunk
 * this rank gets. Messages use tags `tag` and `tag + 1`. Returns when every
 * rank is done (a barrier that sleeps rather than spins). Every rank must
 * call it with the same count, jobs and tag. */
typedef void (*cli_mpi_chunk_fn)(void *user, size_t start, size_t end);
void cli_mpi_dispatch(size_t count, int jobs, int tag, cli_mpi_chunk_fn run, void *user);

#endif
