/*
 * options.c - getopt_long with GNU-style messages (see options.h).
 *
 * getopt is run with a leading ':' in the short options and opterr = 0, so
 * it reports problems only by its return value; the message is rebuilt here
 * from the argument that caused it, which is more precise than getopt's own
 * ('?' covers unknown, ambiguous and "no argument allowed" alike).
 */
#include "tessera/options.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void tc_opt_init(tc_opt_parser *p, int argc, char **argv, const char *shortopts,
                 const struct option *longopts) {
  static const struct option none[] = {{NULL, 0, NULL, 0}};
  *p = (tc_opt_parser){.argc = argc, .argv = argv, .shortopts = shortopts ? shortopts : "",
                       .longopts = longopts ? longopts : none};
  optind = 0; /* 0, not 1: also resets glibc's internal state */
  opterr = 0;
}

/* "--name=value" -> length of "name". */
static size_t name_length(const char *name) { return strcspn(name, "="); }

/* Words a '?' for the long option `arg` ("--something"): getopt accepts
 * exact names and unique abbreviations, so a '?' with one candidate means
 * a value was given to an option that takes none. */
static void long_option_problem(tc_opt_parser *p, const char *arg) {
  const char *name = arg + 2;
  size_t n = name_length(name);
  const char *only = NULL;
  int matches = 0;
  char list[160] = "";
  for (const struct option *o = p->longopts; o->name; o++) {
    if (strncmp(o->name, name, n) != 0) continue;
    if (strlen(o->name) == n) {
      only = o->name, matches = 1;
      break;
    }
    only = o->name;
    matches++;
    size_t used = strlen(list);
    snprintf(list + used, sizeof list - used, " '--%s'", o->name);
  }
  if (matches == 1)
    snprintf(p->message, sizeof p->message, "option '--%s' doesn't allow an argument", only);
  else if (matches > 1)
    snprintf(p->message, sizeof p->message, "option '%.*s' is ambiguous; possibilities:%s",
             (int)(n + 2), arg, list);
  else
    snprintf(p->message, sizeof p->message, "unrecognized option '%s'", arg);
}

int tc_opt_next(tc_opt_parser *p) {
  char shortopts[64];
  snprintf(shortopts, sizeof shortopts, ":%s", p->shortopts);
  int prev = optind ? optind : 1;
  int opt = getopt_long(p->argc, p->argv, shortopts, p->longopts, NULL);
  p->arg = optarg;
  if (opt != '?' && opt != ':') return opt;
  const char *arg = p->argv[optind > prev ? optind - 1 : prev];
  if (opt == ':' && strncmp(arg, "--", 2) == 0)
    snprintf(p->message, sizeof p->message, "option '%.*s' requires an argument",
             (int)(name_length(arg + 2) + 2), arg);
  else if (opt == ':')
    snprintf(p->message, sizeof p->message, "option requires an argument -- '%c'", optopt);
  else if (strncmp(arg, "--", 2) == 0)
    long_option_problem(p, arg);
  else
    snprintf(p->message, sizeof p->message, "invalid option -- '%c'", optopt);
  return '?';
}

int tc_opt_operands(const tc_opt_parser *p) {
  (void)p;
  return optind;
}

bool tc_parse_long(const char *text, long min, long max, long *out) {
  if (!text || !*text || isspace((unsigned char)*text) || *text == '+') return false;
  char *end = NULL;
  errno = 0;
  long long v = strtoll(text, &end, 10);
  if (errno || *end || v < min || v > max) return false;
  *out = (long)v;
  return true;
}

bool tc_parse_u64(const char *text, uint64_t *out) {
  if (!text || !isdigit((unsigned char)*text)) return false;
  char *end = NULL;
  errno = 0;
  unsigned long long v = strtoull(text, &end, 10);
  if (errno || *end) return false;
  *out = (uint64_t)v;
  return true;
}

bool tc_parse_double(const char *text, double min, double max, double *out) {
  if (!text || !*text || isspace((unsigned char)*text)) return false;
  char *end = NULL;
  errno = 0;
  double v = strtod(text, &end);
  if (errno || *end || !isfinite(v) || v < min || v > max) return false;
  *out = v;
  return true;
}
