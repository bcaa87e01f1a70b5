/*
 * cli_util.c - option and message helpers for the commands (see cli_util.h).
 *
 * Number parsing is strict (strtoll/strtoull plus end and range checks) so
 * that "--jobs 2x" or "--budget -1" are usage errors instead of silently
 * becoming some other number.
 */
#include "cli_util.h"
#include "tessera/grow.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void vreport(const char *cmd, const char *fmt, va_list ap) {
  fprintf(stderr, "tessera %s: ", cmd);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
}

int cli_usage_error(const char *cmd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vreport(cmd, fmt, ap);
  va_end(ap);
  fprintf(stderr, "Try 'tessera %s --help' for more information.\n", cmd);
  return CLI_EXIT_USAGE;
}

int cli_fail(int code, const char *cmd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vreport(cmd, fmt, ap);
  va_end(ap);
  return code;
}

bool cli_parse_long(const char *text, long min, long max, long *out) {
  if (!text || !*text || isspace((unsigned char)*text)) return false;
  char *end = NULL;
  errno = 0;
  long long v = strtoll(text, &end, 10);
  if (errno || *end || v < min || v > max) return false;
  *out = (long)v;
  return true;
}

bool cli_parse_u64(const char *text, uint64_t *out) {
  if (!text || !isdigit((unsigned char)*text)) return false;
  char *end = NULL;
  errno = 0;
  unsigned long long v = strtoull(text, &end, 10);
  if (errno || *end) return false;
  *out = (uint64_t)v;
  return true;
}

bool cli_strlist_push(cli_strlist *list, const char *s) {
  char **items = tc_grow(list->items, list->count, &list->cap, sizeof *items, 8);
  if (!items) return false;
  list->items = items;
  char *copy = strdup(s);
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
      char *part = strndup(s, n);
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

bool cli_is_tty(FILE *f) { return isatty(fileno(f)) == 1; }

int cli_cpu_count(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n >= 1 ? (int)n : 1;
}

bool cli_output_open(cli_output *o, const char *path) {
  struct stat st;
  o->path = path;
  o->tmp = NULL;
  if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) return (o->f = fopen(path, "w")) != NULL;
  size_t n = strlen(path) + 16;
  if (!(o->tmp = malloc(n))) return (o->f = NULL), false;
  snprintf(o->tmp, n, "%s.tmp-XXXXXX", path);
  int fd = mkstemp(o->tmp);
  /* mkstemp makes the file private; outputs are ordinary files */
  o->f = fd >= 0 && fchmod(fd, 0644) == 0 ? fdopen(fd, "w") : NULL;
  if (!o->f) {
    if (fd >= 0) {
      close(fd);
      remove(o->tmp);
    }
    free(o->tmp);
    o->tmp = NULL;
    return false;
  }
  return true;
}

bool cli_output_close(cli_output *o, bool ok) {
  if (o->f && fclose(o->f) != 0) ok = false;
  if (!o->f) ok = false;
  if (ok && o->tmp && rename(o->tmp, o->path) != 0) ok = false;
  if (!ok && o->tmp) remove(o->tmp);
  free(o->tmp);
  o->f = NULL;
  o->tmp = NULL;
  return ok;
}
