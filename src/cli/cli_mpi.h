/*
 * cli_mpi.h - spreading an `arc` command over MPI ranks (`--mpi`, run under
 * mpirun; docs/SCALE.md).
 *
 * Model. Every rank is the same command with the same arguments: each loads
 * the programs and tasks itself (from a shared file system, or identical
 * copies), evaluates the tasks rank 0 hands it with its own --jobs threads,
 * and sends the results to rank 0, which alone writes the store and the report.
 * Results of one task never depend on which other tasks share its process
 * (budgets are counted in work units), so the output is byte for byte that of
 * a single process.
 *
 * Talking. Only rank 0 prints. The others' stdout goes to /dev/null and
 * their stderr is held back; at each agreement point (cli_mpi_agree) a rank
 * that failed where rank 0 did not has its messages printed by rank 0 as
 * "tessera CMD: rank N: ...". Every rank then takes the same exit status, so
 * no rank is left waiting for one that gave up.
 *
 * Builds. With MPI found at build time (CMake option TESSERA_MPI) a second
 * executable, tessera-mpi, holds this code; the plain tessera stays free of
 * libmpi and its cli_mpi_start executes tessera-mpi with the same command
 * line. Without MPI, cli_mpi_start refuses --mpi with a usage error.
 *
 * Ownership: the MPI state is process-wide, between cli_mpi_start and
 * cli_mpi_finish; call them once, from the main thread (worker threads never
 * call MPI).
 */
#ifndef TESSERA_CLI_MPI_H
#define TESSERA_CLI_MPI_H

#include <stdbool.h>

#include "tessera/arc_solve.h"
#include "tessera/battery.h"

/* Joins the MPI job. -1 when it worked, else the exit status (message
 * printed). */
int cli_mpi_start(const char *cmd);
/* Leaves the MPI job (after every rank's last collective call); returns
 * `status` for convenience. */
int cli_mpi_finish(int status);
/* True outside MPI and on rank 0: the process that writes and reports. */
bool cli_mpi_is_root(void);

/* Every rank brings its status (-1: fine so far, else the exit status it
 * would end with) and gets the same answer: -1 when every rank is fine,
 * else the highest status. Messages of failing ranks are shown as above. */
int cli_mpi_agree(const char *cmd, int status);

/* arc_eval over the ranks: rank 0 hands out chunks of --jobs tasks, the
 * largest expected cost first, to whichever rank is free (itself too;
 * cli_mpi_sched.h). On rank 0 `out` is the whole result, as arc_eval
 * gives it (opts->on_task called for each task in order); on the other
 * ranks it is empty. Every rank returns the same 0 or -1 (err set: the
 * first failing rank's message). The ranks must have loaded the same
 * programs and tasks; a rank that did not is an error. */
int cli_mpi_arc_eval(const arc_battery *b, const arc_taskset *set, const arc_eval_options *opts,
                     arc_eval_result *out, arc_error *err);

/* arc_solve_tasks over the ranks (cli_mpi_solve.c): chunks of --jobs
 * tasks handed out by rank 0, largest demo area first. On rank 0 `out` is
 * the whole result, as arc_solve_tasks gives it (opts->progress called for
 * each task in order once all are in); on the other ranks it is empty.
 * opts->store, when given, is this rank's own handle (read only here).
 * Every rank returns the same 0 or -1 (err: the first failing rank's
 * message); ranks that loaded other tasks, sources or options are an
 * error. */
int cli_mpi_arc_solve(const arc_taskset *set, const arc_solve_options *opts, arc_solve_result *out,
                      arc_error *err);

#endif
