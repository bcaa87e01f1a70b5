/*
 * corpus.c - runs an acceptance corpus in the SPEC section 5 format.
 *
 * Each line names a blueprint, a command, options and expectations. The
 * command runs through the same engine as the CLI; the result document is
 * re-read with jansson so checks see exactly the bytes a user would. Paths
 * such as components[id=cta_button].bbox[3] are resolved segment by
 * segment; numbers compare by value (28 == 28.0).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "design/design_internal.h"
#include "tessera/json.h"
#include "tessera/readfile.h"

typedef struct corpus_ctx {
  design_report_fn report;
  void *ctx;
  const char *case_id;
  bool failed;
} corpus_ctx;

static void report(corpus_ctx *C, const char *fmt, const char *a, const char *b) {
  C->failed = true;
  if (!C->report) return;
  char line[1024];
  char msg[900];
  snprintf(msg, sizeof msg, fmt, a ? a : "", b ? b : "");
  snprintf(line, sizeof line, "FAIL %s: %s", C->case_id ? C->case_id : "?", msg);
  C->report(C->ctx, line);
}

static bool json_equal_loose(const json_t *a, const json_t *b) {
  if (!a || !b) return a == b;
  if (json_is_number(a) && json_is_number(b)) return json_number_value(a) == json_number_value(b);
  if (json_typeof(a) != json_typeof(b)) return false;
  if (json_is_array(a)) {
    if (json_array_size(a) != json_array_size(b)) return false;
    for (size_t i = 0; i < json_array_size(a); i++)
      if (!json_equal_loose(json_array_get(a, i), json_array_get(b, i))) return false;
    return true;
  }
  if (json_is_object(a)) {
    if (json_object_size(a) != json_object_size(b)) return false;
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)a, k, v)
      if (!json_equal_loose(v, json_object_get(b, k))) return false;
    return true;
  }
  return json_equal(a, b);
}

/* One "[...]" selector applied to v: an index or key=value. */
static json_t *select_item(json_t *v, const char *sel, size_t n) {
  if (!json_is_array(v)) return NULL;
  const char *eq = memchr(sel, '=', n);
  if (!eq) {
    char *end;
    long idx = strtol(sel, &end, 10);
    if (end != sel + n || idx < 0) return NULL;
    return json_array_get(v, (size_t)idx);
  }
  char key[128], want[256];
  size_t kn = (size_t)(eq - sel), vn = n - kn - 1;
  if (kn >= sizeof key || vn >= sizeof want) return NULL;
  memcpy(key, sel, kn); key[kn] = 0;
  memcpy(want, eq + 1, vn); want[vn] = 0;
  for (size_t i = 0; i < json_array_size(v); i++) {
    json_t *item = json_object_get(json_array_get(v, i), key);
    if (json_is_string(item) && strcmp(json_string_value(item), want) == 0) return json_array_get(v, i);
  }
  return NULL;
}

/* Resolves a path; a final ".length" gives a new integer returned in *owned
 * (the caller releases it). */
static json_t *resolve_path(json_t *root, const char *path, json_t **owned) {
  json_t *v = root;
  const char *p = path;
  *owned = NULL;
  while (*p && v) {
    const char *seg_end = p;
    while (*seg_end && *seg_end != '.' && *seg_end != '[') seg_end++;
    size_t n = (size_t)(seg_end - p);
    if (n == 6 && strncmp(p, "length", 6) == 0 && !*seg_end && (json_is_array(v) || json_is_string(v))) {
      size_t len = json_is_array(v) ? json_array_size(v) : strlen(json_string_value(v));
      *owned = json_integer((json_int_t)len);
      return *owned;
    }
    if (n) {
      char name[128];
      if (n >= sizeof name) return NULL;
      memcpy(name, p, n); name[n] = 0;
      v = json_object_get(v, name);
    }
    p = seg_end;
    while (v && *p == '[') {
      const char *close = strchr(p, ']');
      if (!close) return NULL;
      v = select_item(v, p + 1, (size_t)(close - p - 1));
      p = close + 1;
    }
    if (*p == '.') p++;
  }
  return v;
}

static bool is_blueprint_path(const char *path) {
  static const char *const ROOTS[] = {"tokens", "components", "screen_id", "viewport", "meta", "screen_type",
                                      "orientation", NULL};
  for (int i = 0; ROOTS[i]; i++) {
    size_t n = strlen(ROOTS[i]);
    if (strncmp(path, ROOTS[i], n) == 0 && (path[n] == 0 || path[n] == '.' || path[n] == '[')) return true;
  }
  return false;
}

static bool contains_value(const json_t *have, const json_t *want) {
  if (json_is_string(have) && json_is_string(want)) return strstr(json_string_value(have), json_string_value(want)) != NULL;
  if (json_is_array(have)) {
    for (size_t i = 0; i < json_array_size(have); i++)
      if (json_equal_loose(json_array_get(have, i), want)) return true;
  }
  return false;
}

static bool compare_numbers(const char *op, const json_t *have, const json_t *want) {
  if (!json_is_number(have) || !json_is_number(want)) return false;
  double a = json_number_value(have), b = json_number_value(want);
  if (!strcmp(op, "<")) return a < b;
  if (!strcmp(op, "<=")) return a <= b;
  if (!strcmp(op, ">")) return a > b;
  if (!strcmp(op, ">=")) return a >= b;
  return false;
}

static void run_check(corpus_ctx *C, json_t *result, json_t *input, json_t *check) {
  const char *path = json_string_value(json_array_get(check, 0));
  const char *op = json_string_value(json_array_get(check, 1));
  json_t *want = json_array_get(check, 2);
  if (!path || !op) {
    report(C, "malformed check%s%s", NULL, NULL);
    return;
  }
  char full[512];
  snprintf(full, sizeof full, "%s%s", is_blueprint_path(path) ? "blueprint." : "", path);
  json_t *owned, *owned_in = NULL;
  json_t *have = resolve_path(result, full, &owned);
  bool ok;
  if (!strcmp(op, "exists")) ok = have != NULL;
  else if (!strcmp(op, "absent")) ok = have == NULL;
  else if (!strcmp(op, "==input")) {
    json_t *in = is_blueprint_path(path) ? resolve_path(input, path, &owned_in) : NULL;
    ok = have && in && json_equal_loose(have, in);
  } else if (!strcmp(op, "==")) ok = have && json_equal_loose(have, want);
  else if (!strcmp(op, "!=")) ok = !have || !json_equal_loose(have, want);
  else if (!strcmp(op, "contains")) ok = have && contains_value(have, want);
  else ok = have && compare_numbers(op, have, want);
  if (!ok) {
    char *got = have ? json_dumps(have, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
    char what[300];
    snprintf(what, sizeof what, "%s %s", path, op);
    report(C, "%s failed (got %s)", what, got ? got : "nothing");
    free(got);
  }
  if (owned) json_decref(owned);
  if (owned_in) json_decref(owned_in);
}

static char *result_for(design_engine *e, const char *bp_text, size_t bp_len, const char *command, bool partial) {
  design_problems problems = {0};
  design_blueprint *bp = design_blueprint_load(bp_text, bp_len, &problems);
  char *out;
  if (!bp) {
    out = design_invalid_result_json(bp_text, bp_len, &problems, "the blueprint is invalid");
  } else {
    design_edit_options opts = {partial};
    out = design_result_json(design_edit(e, bp, command, &opts));
    design_blueprint_free(bp);
  }
  design_problems_free(&problems);
  return out;
}

static void run_case(design_engine *e, corpus_ctx *C, json_t *line, const char *dir) {
  const char *bp_name = json_string_value(json_object_get(line, "blueprint"));
  const char *command = json_string_value(json_object_get(line, "command"));
  json_t *expect = json_object_get(line, "expect");
  if (!bp_name || !command || !json_is_object(expect)) {
    report(C, "malformed case%s%s", NULL, NULL);
    return;
  }
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", dir, bp_name);
  size_t len;
  char why[1200];
  char *text = tc_read_file(path, 0, &len, why, sizeof why);
  if (!text) {
    report(C, "%s%s", why, NULL);
    return;
  }
  bool partial = json_is_true(json_object_get(json_object_get(line, "options"), "partial"));
  char *out = result_for(e, text, len, command, partial);
  json_t *result = out ? json_loads(out, 0, NULL) : NULL;
  json_t *input = tc_json_parse(path, text, len, NULL, 0);
  const char *want_status = json_string_value(json_object_get(expect, "status"));
  const char *got_status = json_string_value(json_object_get(result, "status"));
  if (!result) report(C, "no result document%s%s", NULL, NULL);
  else if (want_status && (!got_status || strcmp(want_status, got_status) != 0))
    report(C, "status %s, expected %s", got_status ? got_status : "none", want_status);
  json_t *checks = json_object_get(expect, "checks");
  for (size_t i = 0; result && i < json_array_size(checks); i++) run_check(C, result, input, json_array_get(checks, i));
  if (C->failed && C->report && result) {
    const char *message = json_string_value(json_object_get(result, "message"));
    char line_buf[600];
    snprintf(line_buf, sizeof line_buf, "     command: %s | message: %s", command, message ? message : "");
    C->report(C->ctx, line_buf);
  }
  if (result) json_decref(result);
  if (input) json_decref(input);
  free(out);
  free(text);
}

bool design_corpus_run(design_engine *e, const char *corpus_text, const char *blueprint_dir,
                       design_report_fn report_fn, void *ctx, design_corpus_totals *totals) {
  totals->passed = totals->failed = 0;
  if (!corpus_text) return false;
  design_json_alloc_init();
  const char *p = corpus_text;
  size_t skipped = strlen(p);
  tc_skip_bom(&p, &skipped);
  int line_no = 0;
  while (*p) {
    const char *eol = strchr(p, '\n');
    size_t n = eol ? (size_t)(eol - p) : strlen(p);
    line_no++;
    corpus_ctx C = {report_fn, ctx, NULL, false};
    bool blank = true;
    for (size_t i = 0; i < n; i++)
      if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r') blank = false;
    if (!blank) {
      json_t *line = tc_json_parse("corpus", p, n, NULL, 0);
      char fallback[32];
      snprintf(fallback, sizeof fallback, "line %d", line_no);
      C.case_id = json_string_value(json_object_get(line, "id"));
      if (!C.case_id) C.case_id = fallback;
      if (!line) report(&C, "not valid JSON%s%s", NULL, NULL);
      else run_case(e, &C, line, blueprint_dir);
      if (line) json_decref(line);
      if (C.failed) totals->failed++;
      else totals->passed++;
    }
    p += n;
    if (*p == '\n') p++;
  }
  return true;
}
