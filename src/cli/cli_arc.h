/*
 * cli_arc.h - what the `tessera arc` commands share on top of cli_util.h:
 * loading solver files and task sets with the commands' messages, the
 * progress line, and the --profile tables of arc run and arc eval.
 *
 * Messages: a solver file's error is printed as the parser words it
 * ("file:line:col: message"); a task loading error as "tessera CMD: ...";
 * both are bad input (exit status 2) unless memory ran out (1).
 */
#ifndef TESSERA_CLI_ARC_H
#define TESSERA_CLI_ARC_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cli_util.h"
#include "tessera/arc_task.h"
#include "tessera/lang.h"

/* Loads every file into one library; NULL with the message printed and
 * *status set (2 for a bad file, 1 for memory). */
tl_library *cli_load_library(const char *cmd, const cli_strlist *files, int *status);

/* Loads PATH (and the solutions file) with warnings printed; `ids` (may
 * be NULL or empty) restricts the load and an id without a task is an
 * error. NULL with the message printed and *status set. */
arc_taskset *cli_load_tasks(const char *cmd, const char *path, const char *solutions,
                            const cli_strlist *ids, int *status);

/* Says so on stderr when fewer worker threads started than asked for. */
void cli_note_threads(const char *cmd, int asked, int started);

/* "\r[done/total] tasks" on stderr (for terminals only). */
void cli_progress(const char *unit, size_t done, size_t total);

/* --profile: turns the per-primitive counters on (process-wide, so the
 * command then runs on one thread). */
void cli_profile_start(void);
/* One task's time in a profile, and a figure about it (work units for
 * arc run, programs evaluated for arc eval). */
typedef struct cli_task_time {
  const char *id;
  double seconds;
  uint64_t figure;
} cli_task_time;
/* Prints the --profile tables on `out`: one line per primitive that ran,
 * most time first (inclusive times), then the ten slowest of n tasks,
 * task k described by at(results, k), the figure's column headed
 * `figure_name`. */
void cli_profile_report(FILE *out, const void *results, size_t n,
                        cli_task_time (*at)(const void *results, size_t k), const char *figure_name);

#endif
