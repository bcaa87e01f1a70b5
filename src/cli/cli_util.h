/*
 * cli_util.h - what every tessera command shares: messages and exit
 * statuses, option scanning and values, output files, string lists.
 *
 * Conventions (GNU, docs/CLI.md): errors go to stderr as "tessera CMD:
 * message"; a usage error adds a hint to run --help. Exit statuses are one
 * rule for every command (docs/ARCHITECTURE.md, "Errors"):
 *   0  the command did its job (for arc run: even if tasks failed);
 *   1  it could not: a write failed, memory ran out, a store was locked,
 *      or a negative result the command defines (design check's violations);
 *   2  bad usage or bad input: an option, a file, an id that does not exist.
 * An arc_error's kind picks 1 or 2 (cli_arc_error).
 *
 * Ownership: nothing here allocates except cli_strlist, which owns copies
 * of the strings pushed into it until cli_strlist_free, and cli_output,
 * which owns its temporary file until cli_output_close.
 */
#ifndef TESSERA_CLI_UTIL_H
#define TESSERA_CLI_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tessera/arc_error.h"
#include "tessera/options.h"
#include "tessera/outfile.h"

enum { CLI_EXIT_OK = 0, CLI_EXIT_FAILURE = 1, CLI_EXIT_USAGE = 2 };

/* ---- messages ------------------------------------------------------------------ */

/* Prints "tessera CMD: message" and the --help hint to stderr; returns
 * CLI_EXIT_USAGE. `cmd` is e.g. "arc run". */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints "tessera CMD: message" to stderr (no hint); returns `code`. */
int cli_fail(int code, const char *cmd, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Prints "tessera CMD: warning: message" to stderr. */
void cli_warn(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints the error; returns 2 for ARC_ERR_INPUT, else 1. */
int cli_arc_error(const char *cmd, const arc_error *err);
/* An arc_warn_fn printing through cli_warn; `user` is the command name. */
void cli_arc_warning(void *cmd, const char *message);

/* ---- options --------------------------------------------------------------------- */

/* The usage error for a '?' from tc_opt_next. */
int cli_bad_option(const char *cmd, const tc_opt_parser *p);
/* Parses OPTION's value as a whole number in [min, max]; -1 when fine, else
 * the usage error "OPTION: expected WHAT, got 'ARG'" (its status). */
int cli_number_option(const char *cmd, const char *option, const char *arg, long min, long max,
                      const char *what, long *out);
/* --budget W: a number of work units, 0 = unlimited. -1 when fine. */
int cli_budget_option(const char *cmd, const char *arg, uint64_t *out);
/* --task-seconds S: a wall-clock safety limit, 0 = none. -1 when fine. */
int cli_task_seconds_option(const char *cmd, const char *arg, double *out);
/* --memory-mb M: the memory guard in megabytes, 0 = none (arc run, show,
 * eval share the wording and range). -1 when fine. */
int cli_memory_mb_option(const char *cmd, const char *arg, long *out);
/* -j/--jobs N: 1..ARC_MAX_JOBS in every command. -1 when fine. */
int cli_jobs_option(const char *cmd, const char *arg, long *out);
/* The default for --jobs: online processors, at most ARC_MAX_JOBS. */
int cli_default_jobs(void);

static inline bool cli_parse_long(const char *text, long min, long max, long *out) {
  return tc_parse_long(text, min, max, out);
}

/* ---- string lists ------------------------------------------------------------------ */

typedef struct cli_strlist {
  char **items;
  size_t count, cap;
} cli_strlist;
/* Appends a copy of s; false when out of memory. */
bool cli_strlist_push(cli_strlist *list, const char *s);
/* Appends each non-empty comma-separated part of s that is not in the
 * list yet (ids given twice mean the same task once). */
bool cli_strlist_push_split(cli_strlist *list, const char *s);
/* True when s has at least one non-empty comma-separated part (so that
 * "--task ," is refused instead of silently selecting every task). */
bool cli_has_list_item(const char *s);
void cli_strlist_free(cli_strlist *list);

/* ---- output files (whole or nothing: see tessera/outfile.h) ----------------------- */

/* o.f is the stream; o.error the errno of a failure. */
typedef tc_outfile cli_output;
static inline bool cli_output_open(cli_output *o, const char *path) { return tc_outfile_open(o, path); }
static inline bool cli_output_close(cli_output *o, bool ok) { return tc_outfile_close(o, ok); }
/* An input a command reads while it writes an output: its path and what it
 * is ("store", "tasks", "program"); a NULL path is skipped. */
typedef struct cli_input {
  const char *path, *what;
} cli_input;
/* Refuses an output that is the same file as one of the inputs (same
 * st_dev and st_ino, links followed, so "./x", "../d/x" and a link to x are
 * all x): writing it would replace the input it is made from (predict --out
 * onto the store). -1 when fine or when `out` does not exist yet; else
 * "tessera CMD: OUT: is the same file as the WHAT INPUT; refusing to
 * overwrite it" and CLI_EXIT_USAGE. An existing regular file without any
 * write bit, or one access() says cannot be written, is refused too (even
 * for root, whom the mode does not stop, and although the rename of a
 * whole-or-nothing write would replace it): "OUT: cannot write: the file is
 * read-only", CLI_EXIT_FAILURE, as GNU tools (cp, sort -o) refuse it. */
int cli_check_output(const char *cmd, const char *out, const cli_input *inputs, size_t n);
/* The same-file check alone, for a store written in place (the store has
 * its own read-only message, store.h). */
int cli_check_not_input(const char *cmd, const char *out, const cli_input *inputs, size_t n);
/* Prints "tessera CMD: PATH: cannot write: REASON"; returns CLI_EXIT_FAILURE. */
int cli_output_failed(const char *cmd, const cli_output *o);
/* Writes `len` bytes to `path` whole or not at all: CLI_EXIT_OK, or the
 * message above and CLI_EXIT_FAILURE. */
int cli_write_file(const char *cmd, const char *path, const void *data, size_t len);

/* ---- terminal -------------------------------------------------------------------------- */

/* True when f is a terminal (for colours and progress output). */
bool cli_is_tty(FILE *f);

#endif
