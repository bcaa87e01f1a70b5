/*
 * cmd_design_corpus.c - `tessera design test`: the corpus file is checked
 * line by line before any case runs (SPEC section 5), so that a typo in an
 * expectation is an error naming FILE:LINE (exit 2), never a check that
 * silently passes or a case counted as failed.
 *
 * A line is blank or one JSON object with: "blueprint" (a file name) and
 * "command" (strings); "expect", an object whose optional "status" is a
 * status name and whose optional "checks" is an array of [PATH, OP] or
 * [PATH, OP, VALUE] (PATH and OP strings, OP one of SPEC's, VALUE a number
 * for < <= > >=, and given for == != contains); optional "id" (a string)
 * and "options" (an object; "partial" a boolean). Other keys ("note") are
 * kept for people.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cli_util.h"
#include "cmd_design_studio.h"
#include "tessera/json.h"

static const char *const STATUSES[] = {"success", "partial", "failed", "conflict", "ambiguous", "invalid", NULL};
static const char *const OPS[] = {"==", "!=", "<", "<=", ">", ">=", "contains", "exists", "absent", "==input", NULL};

static bool one_of(const char *s, const char *const *list) {
  for (int i = 0; list[i]; i++)
    if (!strcmp(s, list[i])) return true;
  return false;
}

typedef struct corpus_checker {
  const char *cmd, *path;
  int line;
  int problems;
} corpus_checker;

static void problem(corpus_checker *k, const char *fmt, const char *a, const char *b) {
  char what[600];
  snprintf(what, sizeof what, fmt, a ? a : "", b ? b : "");
  fprintf(stderr, "tessera %s: %s:%d: %s\n", k->cmd, k->path, k->line, what);
  k->problems++;
}

static void check_check(corpus_checker *k, const json_t *c, size_t i) {
  char at[48];
  snprintf(at, sizeof at, "expect.checks[%zu]", i);
  size_t n = json_array_size(c);
  if (!json_is_array(c) || n < 2 || n > 3) {
    problem(k, "%s: must be [PATH, OP] or [PATH, OP, VALUE]%s", at, NULL);
    return;
  }
  const char *path = json_string_value(json_array_get(c, 0)), *op = json_string_value(json_array_get(c, 1));
  if (!path || !*path) problem(k, "%s: PATH must be a non-empty string%s", at, NULL);
  if (!op) {
    problem(k, "%s: OP must be a string%s", at, NULL);
    return;
  }
  if (!one_of(op, OPS)) {
    problem(k, "%s: unknown OP \"%s\" (==, !=, <, <=, >, >=, contains, exists, absent, ==input)", at, op);
    return;
  }
  bool needs_value = !strcmp(op, "==") || !strcmp(op, "!=") || !strcmp(op, "contains");
  bool numeric = op[0] == '<' || op[0] == '>';
  const json_t *v = json_array_get(c, 2);
  if ((needs_value || numeric) && n < 3) problem(k, "%s: \"%s\" needs a VALUE", at, op);
  else if (numeric && !json_is_number(v)) problem(k, "%s: \"%s\" compares numbers; VALUE must be a number", at, op);
}

static void check_line(corpus_checker *k, const json_t *line) {
  if (!json_is_object(line)) {
    problem(k, "a case must be a JSON object%s%s", NULL, NULL);
    return;
  }
  const json_t *id = json_object_get(line, "id"), *options = json_object_get(line, "options");
  if (id && !json_is_string(id)) problem(k, "\"id\" must be a string%s%s", NULL, NULL);
  const char *keys[] = {"blueprint", "command"};
  for (int i = 0; i < 2; i++) {
    const json_t *v = json_object_get(line, keys[i]);
    if (!v) problem(k, "missing \"%s\"%s", keys[i], NULL);
    else if (!json_is_string(v) || (i == 0 && !json_string_length(v))) problem(k, "\"%s\" must be a%s string", keys[i], i == 0 ? " non-empty" : "");
  }
  if (options) {
    if (!json_is_object(options)) problem(k, "\"options\" must be an object%s%s", NULL, NULL);
    else {
      const char *key;
      json_t *v;
      json_object_foreach((json_t *)options, key, v) {
        if (strcmp(key, "partial")) problem(k, "options: unknown option \"%s\" (known: partial)%s", key, NULL);
        else if (!json_is_boolean(v)) problem(k, "options.partial must be true or false%s%s", NULL, NULL);
      }
    }
  }
  const json_t *expect = json_object_get(line, "expect");
  if (!expect) {
    problem(k, "missing \"expect\"%s%s", NULL, NULL);
    return;
  }
  if (!json_is_object(expect)) {
    problem(k, "\"expect\" must be an object%s%s", NULL, NULL);
    return;
  }
  const json_t *status = json_object_get(expect, "status"), *checks = json_object_get(expect, "checks");
  if (status && !(json_is_string(status) && one_of(json_string_value(status), STATUSES)))
    problem(k, "expect.status must be one of success, partial, failed, conflict, ambiguous, invalid%s%s", NULL, NULL);
  if (checks && !json_is_array(checks)) problem(k, "expect.checks must be an array%s%s", NULL, NULL);
  if (!status && !json_array_size(checks)) problem(k, "expect has neither a status nor checks: it would test nothing%s%s", NULL, NULL);
  for (size_t i = 0; i < json_array_size(checks); i++) check_check(k, json_array_get(checks, i), i);
}

int cli_design_check_corpus(const char *cmd, const char *path, const char *text, size_t len) {
  corpus_checker k = {cmd, path, 0, 0};
  const char *p = text, *end = text + len;
  size_t skip = len;
  tc_skip_bom(&p, &skip);
  while (p < end) {
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    size_t n = eol ? (size_t)(eol - p) : (size_t)(end - p);
    k.line++;
    bool blank = true;
    for (size_t i = 0; i < n; i++)
      if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r') blank = false;
    if (!blank) {
      char err[512];
      json_t *line = tc_json_parse("corpus", p, n, err, sizeof err);
      if (!line) {
        const char *why = strstr(err, "invalid JSON");
        problem(&k, "not a JSON object: %s%s", why ? why : err, NULL);
      } else check_line(&k, line);
      json_decref(line);
    }
    p += n + (eol ? 1 : 0);
  }
  return k.problems ? CLI_EXIT_USAGE : CLI_EXIT_OK;
}
