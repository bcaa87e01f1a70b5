/*
 * predict.c - Kaggle submissions from the store, and the competition score
 * of a submission (see store.h).
 *
 * Predictions are chosen per test input: results come ranked from SQL (the
 * battery's ranking), attempt_1 is the first stored grid for that input and
 * attempt_2 the first one after it that differs. Results of a task whose
 * stored content hash differs from the loaded task are ignored, so a stale
 * store can never answer for a changed task.
 *
 * Scoring reads the submission with jansson and is strict about its shape:
 * anything the competition would reject is an error naming the task.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arc/store_internal.h"
#include "tessera/fault.h"
#include "tessera/grow.h"
#include "tessera/arc_limits.h"
#include "tessera/readfile.h"

void arc_prediction_sets_free(arc_prediction_set *sets, size_t n) {
  for (size_t k = 0; sets && k < n; k++) {
    for (size_t t = 0; t < sets[k].n; t++) free(sets[k].grids[t].cells);
    free(sets[k].grids);
  }
  free(sets);
}

/* Parses one stored predictions row into `set`: a JSON list of n_test
 * entries, each a grid or null. False when the row is anything else (a
 * damaged or hand-edited store), with `why` saying what. */
static bool parse_prediction_set(const char *text, size_t n_test, arc_prediction_set *set,
                                 char *why, size_t whylen) {
  json_error_t jerr;
  json_t *j = text ? json_loads(text, JSON_REJECT_DUPLICATES, &jerr) : NULL;
  size_t n = json_is_array(j) ? json_array_size(j) : 0;
  bool ok = false;
  if (!text) snprintf(why, whylen, "no text");
  else if (!j) snprintf(why, whylen, "invalid JSON at %d:%d: %s", jerr.line, jerr.column, jerr.text);
  else if (!json_is_array(j)) snprintf(why, whylen, "not a list");
  else if (n != n_test) snprintf(why, whylen, "%zu entries for %zu test inputs", n, n_test);
  else if (!(set->grids = tc_calloc(n ? n : 1, sizeof *set->grids))) snprintf(why, whylen, "out of memory");
  else ok = true;
  for (size_t t = 0; ok && t < n; t++) {
    const json_t *g = json_array_get(j, t);
    size_t h, w;
    if (json_is_null(g)) continue;
    if (!arc_json_is_grid(g, &h, &w)) ok = false, snprintf(why, whylen, "[%zu] is neither a grid nor null", t);
    else if (!arc_grid_from_json(g, &set->grids[t])) ok = false, snprintf(why, whylen, "out of memory");
  }
  set->n = set->grids ? n : 0;
  json_decref(j);
  return ok;
}

/* The result rows of one task, best-ranked first. */
static const char *const predictions_sql =
    "SELECT r.program, r.predictions, r.status FROM results AS r JOIN tasks AS t"
    " ON t.id = r.task WHERE r.task=?1 AND t.content_hash=?2"
    " AND r.predictions IS NOT NULL"
    " ORDER BY r.matches DESC, r.score DESC, r.work ASC, r.length ASC, r.program ASC";

/* Parses the current row into the next slot of *sets. */
static bool take_row(arc_store *s, sqlite3_stmt *st, const char *task_id, size_t n_test,
                     arc_prediction_set **sets, size_t *n, size_t *cap, arc_error *err) {
  arc_prediction_set *grown = tc_grow(*sets, *n, cap, sizeof **sets, 8);
  if (!grown) return arc_fail(err, ARC_ERR_FAILED, "%s: out of memory while reading predictions", s->path);
  *sets = grown;
  arc_prediction_set *set = &(*sets)[(*n)++];
  *set = (arc_prediction_set){0};
  const char *program = (const char *)sqlite3_column_text(st, 0);
  const char *status = (const char *)sqlite3_column_text(st, 2);
  snprintf(set->program, sizeof set->program, "%s", program ? program : "?");
  set->solved = status && strcmp(status, "solved") == 0;
  char why[200];
  if (parse_prediction_set((const char *)sqlite3_column_text(st, 1), n_test, set, why, sizeof why))
    return true;
  if (strcmp(why, "out of memory") == 0)
    return arc_fail(err, ARC_ERR_FAILED, "%s: out of memory while reading predictions", s->path);
  return arc_fail(err, ARC_ERR_INPUT, "%s: task %s, program %s: stored predictions are damaged: %s",
                  s->path, task_id, set->program, why);
}

bool arc_store_predictions(arc_store *s, const char *task_id, const char *task_hash, size_t n_test,
                           arc_prediction_set **sets, size_t *n, arc_error *err) {
  *sets = NULL;
  *n = 0;
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, predictions_sql, -1, &st, NULL) != SQLITE_OK)
    return arc_store_fail(s, err, "cannot read predictions");
  sqlite3_bind_text(st, 1, task_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 2, task_hash, -1, SQLITE_TRANSIENT);
  size_t cap = 0;
  bool ok = true;
  int rc;
  while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) ok = take_row(s, st, task_id, n_test, sets, n, &cap, err);
  if (ok && rc != SQLITE_DONE) ok = arc_store_fail(s, err, "cannot read predictions");
  sqlite3_finalize(st);
  if (!ok) {
    arc_prediction_sets_free(*sets, *n);
    *sets = NULL;
    *n = 0;
  }
  return ok;
}

/* ---- the submission --------------------------------------------------------------- */

static bool same_grid(const arc_grid *a, const arc_grid *b) {
  return a->h == b->h && a->w == b->w &&
         memcmp(a->cells, b->cells, (size_t)a->h * (size_t)a->w) == 0;
}

/* The attempts for test input t: indices into sets, or -1. */
static void choose_attempts(const arc_prediction_set *sets, size_t n, size_t t, long *first,
                            long *second) {
  *first = *second = -1;
  for (size_t k = 0; k < n; k++) {
    if (t >= sets[k].n || !sets[k].grids[t].cells) continue;
    if (*first < 0) *first = (long)k;
    else if (!same_grid(&sets[*first].grids[t], &sets[k].grids[t])) {
      *second = (long)k;
      return;
    }
  }
}

static void write_attempt(tc_text *out, const char *name, const arc_grid *g) {
  tc_text_printf(out, "\"%s\": ", name);
  arc_text_grid(out, g->h, g->w, g->cells);
}

/* A solved task whose best solving program has no grid for input t. */
static void warn_unanswered(const arc_task *task, const arc_prediction_set *sets, size_t n, size_t t,
                            arc_warn_fn warn, void *user, arc_predict_stats *stats) {
  for (size_t k = 0; k < n; k++) {
    if (!sets[k].solved) continue;
    if (sets[k].grids[t].cells) return;
    stats->unanswered++;
    if (!warn) return;
    char message[600];
    snprintf(message, sizeof message,
             "task %.300s test[%zu]: program %s solves every demo pair but gave no grid for this"
             " test input (it failed there)", task->id, t, sets[k].program);
    warn(user, message);
    return;
  }
}

static void write_task(tc_text *out, const arc_task *task, const arc_prediction_set *sets, size_t n,
                       arc_predict_stats *stats, arc_warn_fn warn, void *user) {
  tc_json_string(out, task->id);
  tc_text_append(out, ": [", 3);
  for (size_t t = 0; t < task->n_test; t++) {
    long first, second;
    choose_attempts(sets, n, t, &first, &second);
    warn_unanswered(task, sets, n, t, warn, user, stats);
    arc_grid input = {0};
    const uint8_t *cells = NULL;
    if (tv_as_grid(task->test[t].input, &input.h, &input.w, &cells)) input.cells = (uint8_t *)cells;
    const arc_grid *a1 = first >= 0 ? &sets[first].grids[t] : &input;
    const arc_grid *a2 = second >= 0 ? &sets[second].grids[t] : a1;
    tc_text_append(out, t ? ", {" : "{", t ? 3 : 1);
    write_attempt(out, "attempt_1", a1);
    tc_text_append(out, ", ", 2);
    write_attempt(out, "attempt_2", a2);
    tc_text_append(out, "}", 1);
    stats->test_inputs++;
    stats->predicted += first >= 0;
    stats->second_distinct += second >= 0;
  }
  tc_text_append(out, "]", 1);
  stats->tasks++;
}

bool arc_predict(arc_store *s, const arc_taskset *set, FILE *out, arc_predict_stats *stats,
                 arc_warn_fn warn, void *user, arc_error *err) {
  *stats = (arc_predict_stats){0};
  tc_text text = {0};
  tc_text_append(&text, "{", 1);
  for (size_t k = 0; k < set->count; k++) {
    const arc_task *task = &set->tasks[k];
    char hash[33];
    arc_task_hash(task, hash);
    arc_prediction_set *sets;
    size_t n;
    if (!arc_store_predictions(s, task->id, hash, task->n_test, &sets, &n, err)) {
      tc_text_free(&text);
      return false;
    }
    tc_text_append(&text, k ? ",\n" : "\n", k ? 2 : 1);
    write_task(&text, task, sets, n, stats, warn, user);
    arc_prediction_sets_free(sets, n);
  }
  tc_text_append(&text, "\n}\n", 3);
  if (text.failed) {
    tc_text_free(&text);
    return arc_fail(err, ARC_ERR_FAILED, "out of memory");
  }
  bool ok = fwrite(text.s, 1, text.len, out) == text.len;
  int why = errno;
  tc_text_free(&text);
  return ok || arc_fail(err, ARC_ERR_FAILED, "cannot write the submission: %s", strerror(why));
}

/* ---- scoring ------------------------------------------------------------------ */


static const char *json_kind_name(const json_t *j) {
  switch (json_typeof(j)) {
    case JSON_OBJECT: return "object";
    case JSON_ARRAY: return "list";
    case JSON_STRING: return "string";
    case JSON_INTEGER: return "integer";
    case JSON_REAL: return "number";
    case JSON_NULL: return "null";
    default: return "boolean";
  }
}

/* Checks one entry {"attempt_1": grid, "attempt_2": grid}; messages name the
 * file and the JSON path, like the task loader's. */
static bool check_entry(const char *path, const char *id, size_t t, const json_t *e, arc_error *err) {
  if (!json_is_object(e))
    return arc_fail(err, ARC_ERR_INPUT, "%s: %s[%zu]: expected an object with attempt_1 and attempt_2, got %s",
                    path, id, t, json_kind_name(e));
  for (int k = 1; k <= 2; k++) {
    const json_t *a = json_object_get(e, k == 1 ? "attempt_1" : "attempt_2");
    size_t h, w;
    if (!a) return arc_fail(err, ARC_ERR_INPUT, "%s: %s[%zu]: missing key \"attempt_%d\"", path, id, t, k);
    if (!arc_json_is_grid(a, &h, &w))
      return arc_fail(err, ARC_ERR_INPUT,
                      "%s: %s[%zu].attempt_%d: not a grid (a non-empty list of equal-length rows of"
                      " colours 0..9)", path, id, t, k);
  }
  return true;
}

/* Checks one task's entries; false + err when malformed. */
static bool score_task(const char *path, const json_t *entries, const arc_task *task,
                       arc_submission_score *out, arc_error *err) {
  if (!json_is_array(entries))
    return arc_fail(err, ARC_ERR_INPUT, "%s: %s: expected a list of %zu entries, got %s", path, task->id,
                    task->n_test, json_kind_name(entries));
  if (json_array_size(entries) != task->n_test)
    return arc_fail(err, ARC_ERR_INPUT, "%s: %s: expected %zu entr%s (one per test input), got %zu", path,
                    task->id, task->n_test, task->n_test == 1 ? "y" : "ies", json_array_size(entries));
  size_t correct = 0;
  for (size_t t = 0; t < task->n_test; t++) {
    const json_t *e = json_array_get(entries, t);
    if (!check_entry(path, task->id, t, e, err)) return false;
    const json_t *a1 = json_object_get(e, "attempt_1"), *a2 = json_object_get(e, "attempt_2");
    correct += arc_json_grid_equals(a1, task->test[t].output) || arc_json_grid_equals(a2, task->test[t].output);
  }
  out->test_inputs += task->n_test;
  out->test_correct += correct;
  out->tasks_correct += correct == task->n_test;
  out->score += task->n_test ? (double)correct / (double)task->n_test : 0.0;
  return true;
}

static bool has_test_outputs(const arc_task *task) {
  if (!task->n_test) return false;
  for (size_t t = 0; t < task->n_test; t++)
    if (!task->test[t].output) return false;
  return true;
}

/* The submission as a JSON object, or NULL with err set: an unreadable
 * file (a folder says so), invalid JSON (with line:col, duplicate keys
 * included) or another top-level value. */
static json_t *load_submission(const char *path, arc_error *err) {
  char why[1024];
  size_t len = 0;
  char *text = tc_read_file(path, ARC_INPUT_FILE_LIMIT, &len, why, sizeof why);
  if (!text) return arc_fail(err, errno == ENOMEM ? ARC_ERR_FAILED : ARC_ERR_INPUT, "%s", why), NULL;
  json_t *sub = tc_json_parse(path, text, len, why, sizeof why);
  free(text);
  if (!sub) return arc_fail(err, ARC_ERR_INPUT, "%s", why), NULL;
  if (!json_is_object(sub)) {
    arc_fail(err, ARC_ERR_INPUT, "%s: expected an object of entries by task id, got %s", path,
             json_kind_name(sub));
    json_decref(sub);
    return NULL;
  }
  return sub;
}

/* Entries whose id no task of the set has are not scored: say so. */
static void note_unknown_ids(const char *path, const json_t *sub, const arc_taskset *set,
                             arc_submission_score *out, arc_warn_fn warn, void *user) {
  const char *id;
  const json_t *value;
  json_object_foreach((json_t *)sub, id, value) {
    if (arc_taskset_find(set, id)) continue;
    out->unknown_ids++;
    if (!warn) continue;
    char message[700];
    snprintf(message, sizeof message, "%s: task '%.300s' is not in the task set; not scored", path, id);
    warn(user, message);
  }
}

bool arc_score_submission(const char *path, const arc_taskset *set, arc_submission_score *out,
                          arc_warn_fn warn, void *user, arc_error *err) {
  *out = (arc_submission_score){0};
  json_t *sub = load_submission(path, err);
  if (!sub) return false;
  bool ok = true;
  for (size_t k = 0; ok && k < set->count; k++) {
    const arc_task *task = &set->tasks[k];
    if (!has_test_outputs(task)) continue;
    out->tasks++;
    const json_t *entries = json_object_get(sub, task->id);
    if (!entries) {
      out->missing_tasks++;
      out->test_inputs += task->n_test; /* all wrong, but still out of the total */
    }
    else ok = score_task(path, entries, task, out, err);
  }
  if (ok) note_unknown_ids(path, sub, set, out, warn, user);
  json_decref(sub);
  return ok;
}
