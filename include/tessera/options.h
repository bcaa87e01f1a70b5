/*
 * options.h - command-line option parsing with one message style.
 *
 * A thin layer over GNU getopt_long (long options, "--name=value", short
 * clusters, operands anywhere) that words every problem the same way for
 * every command, as GNU tools do:
 *   "unrecognized option '--jsn'"
 *   "option '--tasks' requires an argument"
 *   "option '--json' doesn't allow an argument"
 *   "option '--st' is ambiguous; possibilities: '--store' '--stats'"
 *   "invalid option -- 'x'"
 * and parses option values strictly: "--jobs 2x", "--budget -1" or
 * "--task-seconds nan" are refused instead of becoming some other number.
 * Messages go into the parser (or the caller's buffer); printing them, with
 * the program's "tessera CMD: " prefix and --help hint, is the caller's job.
 *
 * getopt keeps global state, so one parser runs at a time (tc_opt_init
 * resets it). Nothing here allocates.
 */
#ifndef TESSERA_OPTIONS_H
#define TESSERA_OPTIONS_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct tc_opt_parser {
  int argc;
  char **argv;
  const char *shortopts;        /* as for getopt, without a leading ':' */
  const struct option *longopts;
  const char *arg;              /* the value of the option just returned */
  char message[256];            /* set when tc_opt_next returned '?' */
} tc_opt_parser;

/* Starts a scan of argv[1..argc-1] (argv[0] is the command's name). */
void tc_opt_init(tc_opt_parser *p, int argc, char **argv, const char *shortopts,
                 const struct option *longopts);
/* The next option's value (its `val`, or the short letter); -1 when the
 * options are done; '?' with p->message set for a bad option. */
int tc_opt_next(tc_opt_parser *p);
/* Index in argv of the first operand, once tc_opt_next returned -1 (getopt
 * moves the operands after the options). */
int tc_opt_operands(const tc_opt_parser *p);

/* Whole decimal numbers in [min, max]; false on anything else (signs other
 * than a leading '-', spaces, trailing text, overflow). */
bool tc_parse_long(const char *text, long min, long max, long *out);
/* A whole decimal number of 0..UINT64_MAX (no sign). */
bool tc_parse_u64(const char *text, uint64_t *out);
/* A finite decimal number in [min, max] (no nan, no inf). */
bool tc_parse_double(const char *text, double min, double max, double *out);

#endif
