/*
 * cli_util.c - messages, option values, string lists and output files for
 * the commands (see cli_util.h). Option scanning and number parsing are
 * core's (options.h); here they get the command's prefix and hint.
 */
#include "cli_util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tessera/arc_limits.h"
#include "tessera/fault.h"
#include "tessera/grow.h"

static void vreport(const char *cmd, const char *kind, const char *fmt, va_list ap) {
  fprintf(stderr, "tessera %s: %s", cmd, kind);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
}

int cli_usage_error(const char *cmd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vreport(cmd, "", fmt, ap);
  va_end(ap);
  fprintf(stderr, "Try 'tessera %s --help' for more information.\n", cmd);
  return CLI_EXIT_USAGE;
}

int cli_fail(int code, const char *cmd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vreport(cmd, "", fmt, ap);
  va_end(ap);
  return code;
}

void cli_warn(const char *cmd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vreport(cmd, "warning: ", fmt, ap);
  va_end(ap);
}

int cli_arc_error(const char *cmd, const arc_error *err) {
  return cli_fail(err->kind == ARC_ERR_INPUT ? CLI_EXIT_USAGE : CLI_EXIT_FAILURE, cmd, "%s", err->message);
}

void cli_arc_warning(void *cmd, const char *message) { cli_warn(cmd, "%s", message); }

/* ---- options ----------------------------------------------------------------------- */

int cli_bad_option(const char *cmd, const tc_opt_parser *p) { return cli_usage_error(cmd, "%s", p->message); }

int cli_number_option(const char *cmd, const char *option, const char *arg, long min, long max,
                      const char *what, long *out) {
  if (tc_parse_long(arg, min, max, out)) return -1;
  return cli_usage_error(cmd, "%s: expected %s, got '%s'", option, what, arg);
}

int cli_budget_option(const char *cmd, const char *arg, uint64_t *out) {
  if (tc_parse_u64(arg, out)) return -1;
  return cli_usage_error(cmd, "--budget: expected a number of work units (0 = unlimited), got '%s'", arg);
}

int cli_task_seconds_option(const char *cmd, const char *arg, double *out) {
  if (tc_parse_double(arg, 0, 1e9, out)) return -1;
  return cli_usage_error(cmd, "--task-seconds: expected seconds (0 = none), got '%s'", arg);
}

int cli_memory_mb_option(const char *cmd, const char *arg, long *out) {
  return cli_number_option(cmd, "--memory-mb", arg, 0, 1L << 30, "megabytes (0 = none)", out);
}

int cli_jobs_option(const char *cmd, const char *arg, long *out) {
  char what[64];
  snprintf(what, sizeof what, "a number of threads 1..%d", ARC_MAX_JOBS);
  return cli_number_option(cmd, "--jobs", arg, 1, ARC_MAX_JOBS, what, out);
}

int cli_default_jobs(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > ARC_MAX_JOBS ? ARC_MAX_JOBS : (int)n;
}

/* ---- string lists -------------------------------------------------------------------- */

bool cli_strlist_push(cli_strlist *list, const char *s) {
  char **items = tc_grow(list->items, list->count, &list->cap, sizeof *items, 8);
  if (!items) return false;
  list->items = items;
  char *copy = tc_strdup(s);
  if (!copy) return false;
  list->items[list->count++] = copy;
  return true;
}

static bool strlist_has(const cli_strlist *list, const char *s, size_t n) {
  for (size_t i = 0; i < list->count; i++)
    if (strlen(list->items[i]) == n && memcmp(list->items[i], s, n) == 0) return true;
  return false;
}

bool cli_has_list_item(const char *s) { return strspn(s, ",") < strlen(s); }

bool cli_strlist_push_split(cli_strlist *list, const char *s) {
  while (*s) {
    size_t n = strcspn(s, ",");
    if (n > 0 && !strlist_has(list, s, n)) {
      char *part = tc_malloc(n + 1);
      if (part) memcpy(part, s, n), part[n] = '\0';
      bool ok = part && cli_strlist_push(list, part);
      free(part);
      if (!ok) return false;
    }
    s += n;
    if (*s == ',') s++;
  }
  return true;
}

void cli_strlist_free(cli_strlist *list) {
  for (size_t i = 0; i < list->count; i++) free(list->items[i]);
  free(list->items);
  memset(list, 0, sizeof *list);
}

/* ---- output files ----------------------------------------------------------------------- */

int cli_check_output(const char *cmd, const char *out, const cli_input *inputs, size_t n) {
  struct stat o;
  if (out && stat(out, &o) == 0 && S_ISREG(o.st_mode) && ((o.st_mode & 0222) == 0 || access(out, W_OK) != 0))
    return cli_fail(CLI_EXIT_FAILURE, cmd, "%s: cannot write: the file is read-only (%s)", out,
                    (o.st_mode & 0222) == 0 ? "no write permission bit" : strerror(errno));
  return cli_check_not_input(cmd, out, inputs, n);
}

int cli_check_not_input(const char *cmd, const char *out, const cli_input *inputs, size_t n) {
  struct stat o, in;
  if (!out || stat(out, &o) != 0 || S_ISDIR(o.st_mode)) return -1; /* new, or refused later */
  for (size_t k = 0; k < n; k++)
    if (inputs[k].path && stat(inputs[k].path, &in) == 0 && in.st_dev == o.st_dev && in.st_ino == o.st_ino &&
        !S_ISCHR(o.st_mode)) /* /dev/stdout given twice is not an overwrite */
      return cli_fail(CLI_EXIT_USAGE, cmd, "%s: is the same file as the %s %s; refusing to overwrite it", out,
                      inputs[k].what, inputs[k].path);
  return -1;
}

int cli_output_failed(const char *cmd, const cli_output *o) {
  return cli_fail(CLI_EXIT_FAILURE, cmd, "%s: cannot write: %s", o->path,
                  strerror(o->error ? o->error : EIO));
}

int cli_write_file(const char *cmd, const char *path, const void *data, size_t len) {
  int error = 0;
  if (tc_outfile_write(path, data, len, &error)) return CLI_EXIT_OK;
  return cli_fail(CLI_EXIT_FAILURE, cmd, "%s: cannot write: %s", path, strerror(error ? error : EIO));
}

bool cli_is_tty(FILE *f) { return isatty(fileno(f)) == 1; }
