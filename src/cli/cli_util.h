/*
 * cli_util.h - small helpers shared by the tessera commands: usage errors,
 * number parsing for options, growable string lists, TTY detection.
 *
 * Conventions (GNU): errors go to stderr as "tessera CMD: message" followed
 * by a hint to run --help, and usage errors exit with status 2
 * (CLI_EXIT_USAGE). Nothing here allocates except cli_strlist, which owns
 * copies of the strings pushed into it until cli_strlist_free.
 */
#ifndef TESSERA_CLI_UTIL_H
#define TESSERA_CLI_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum { CLI_EXIT_OK = 0, CLI_EXIT_FAILURE = 1, CLI_EXIT_USAGE = 2 };

/* Prints "tessera CMD: message" and the --help hint to stderr; returns
 * CLI_EXIT_USAGE. `cmd` is e.g. "arc run". */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints "tessera CMD: message" to stderr (no hint); returns `code`. */
int cli_fail(int code, const char *cmd, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Parses a whole decimal integer in [min, max]; false on anything else. */
bool cli_parse_long(const char *text, long min, long max, long *out);
/* Parses a whole decimal unsigned 64-bit integer; false on anything else. */
bool cli_parse_u64(const char *text, uint64_t *out);

/* A growable list of owned strings. */
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

/* An output file that appears whole or not at all. A regular (or new) file
 * is written to a unique temporary file beside it, renamed over it when
 * closed successfully; anything else (a link such as /dev/stdout, a device,
 * a pipe) is written in place, since renaming over it would replace the
 * link or device itself. */
typedef struct cli_output {
  FILE *f;         /* write here */
  char *tmp;       /* temporary name (malloc'd), or NULL when in place */
  const char *path;
} cli_output;
/* Opens; false (errno set) when the file cannot be created. */
bool cli_output_open(cli_output *o, const char *path);
/* Closes; when ok, commits (rename) and returns whether everything was
 * written; otherwise discards the temporary file and returns false. */
bool cli_output_close(cli_output *o, bool ok);

/* True when f is a terminal (for colours and progress output). */
bool cli_is_tty(FILE *f);
/* Number of online processors, at least 1. */
int cli_cpu_count(void);

#endif
