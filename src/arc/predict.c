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

void arc_prediction_sets_free(arc_prediction_set *sets, size_t n) {
  for (size_t k = 0; sets && k < n; k++) {
    for (size_t t = 0; t < sets[k].n; t++) free(sets[k].grids[t].cells);
    free(sets[k].grids);
  }
  free(sets);
}

/* Parses one stored predictions array into `set`. */
static bool parse_prediction_set(const char *program, const char *text, arc_prediction_set *set) {
  *set = (arc_prediction_set){0};
  snprintf(set->program, sizeof set->program, "%s", program);
  json_t *j = json_loads(text, 0, NULL);
  size_t n = json_is_array(j) ? json_array_size(j) : 0;
  set->grids = calloc(n ? n : 1, sizeof *set->grids);
  bool ok = j && set->grids;
  for (size_t t = 0; ok && t < n; t++) {
    const json_t *g = json_array_get(j, t);
    if (!json_is_null(g) && !arc_grid_from_json(g, &set->grids[t])) set->grids[t] = (arc_grid){0};
  }
  set->n = ok ? n : 0;
  json_decref(j);
  return ok;
}

bool arc_store_predictions(arc_store *s, const char *task_id, const char *task_hash,
                          arc_prediction_set **sets, size_t *n, char *err, size_t errlen) {
  *sets = NULL;
  *n = 0;
  sqlite3_stmt *st;
  const char *sql = "SELECT r.program, r.predictions FROM results AS r JOIN tasks AS t"
                    " ON t.id = r.task WHERE r.task=?1 AND t.content_hash=?2"
                    " AND r.predictions IS NOT NULL"
                    " ORDER BY r.matches DESC, r.score DESC, r.work ASC, r.length ASC, r.program ASC";
  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
    return arc_store_fail(s, err, errlen, "cannot read predictions");
  sqlite3_bind_text(st, 1, task_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 2, task_hash, -1, SQLITE_TRANSIENT);
  size_t cap = 0;
  bool ok = true;
  int rc;
  while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (*n == cap) {
      cap = cap ? 2 * cap : 8;
      arc_prediction_set *grown = realloc(*sets, cap * sizeof **sets);
      if (!grown) {
        ok = false;
        break;
      }
      *sets = grown;
    }
    ok = parse_prediction_set((const char *)sqlite3_column_text(st, 0),
                              (const char *)sqlite3_column_text(st, 1), &(*sets)[*n]);
    ++*n;
  }
  sqlite3_finalize(st);
  if (!ok) {
    arc_prediction_sets_free(*sets, *n);
    *sets = NULL;
    *n = 0;
    snprintf(err, errlen, "out of memory while reading predictions");
    return false;
  }
  return true;
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

static void write_task(tc_text *out, const arc_task *task, const arc_prediction_set *sets, size_t n,
                       arc_predict_stats *stats) {
  tc_json_string(out, task->id);
  tc_text_append(out, ": [", 3);
  for (size_t t = 0; t < task->n_test; t++) {
    long first, second;
    choose_attempts(sets, n, t, &first, &second);
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
                char *err, size_t errlen) {
  *stats = (arc_predict_stats){0};
  tc_text text = {0};
  tc_text_append(&text, "{", 1);
  for (size_t k = 0; k < set->count; k++) {
    const arc_task *task = &set->tasks[k];
    char hash[33];
    arc_task_hash(task, hash);
    arc_prediction_set *sets;
    size_t n;
    if (!arc_store_predictions(s, task->id, hash, &sets, &n, err, errlen)) {
      free(text.s);
      return false;
    }
    tc_text_append(&text, k ? ",\n" : "\n", k ? 2 : 1);
    write_task(&text, task, sets, n, stats);
    arc_prediction_sets_free(sets, n);
  }
  tc_text_append(&text, "\n}\n", 3);
  bool ok = !text.failed && fwrite(text.s, 1, text.len, out) == text.len;
  if (!ok) snprintf(err, errlen, text.failed ? "out of memory" : "cannot write the submission");
  free(text.s);
  return ok;
}

/* ---- scoring ------------------------------------------------------------------ */

static bool grid_equals_value(const json_t *j, tv_val expected) {
  arc_grid g;
  int h, w;
  const uint8_t *cells;
  if (!j || !arc_grid_from_json(j, &g)) return false;
  bool same = tv_as_grid(expected, &h, &w, &cells) && h == g.h && w == g.w &&
              memcmp(cells, g.cells, (size_t)h * (size_t)w) == 0;
  free(g.cells);
  return same;
}

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
static bool check_entry(const char *path, const char *id, size_t t, const json_t *e, char *err,
                        size_t errlen) {
  if (!json_is_object(e)) {
    snprintf(err, errlen, "%s: %s[%zu]: expected an object with attempt_1 and attempt_2, got %s",
             path, id, t, json_kind_name(e));
    return false;
  }
  for (int k = 1; k <= 2; k++) {
    const json_t *a = json_object_get(e, k == 1 ? "attempt_1" : "attempt_2");
    arc_grid probe;
    if (!a) {
      snprintf(err, errlen, "%s: %s[%zu]: missing key \"attempt_%d\"", path, id, t, k);
      return false;
    }
    if (!arc_grid_from_json(a, &probe)) {
      snprintf(err, errlen,
               "%s: %s[%zu].attempt_%d: not a grid (a non-empty list of equal-length rows of"
               " colours 0..9)", path, id, t, k);
      return false;
    }
    free(probe.cells);
  }
  return true;
}

/* Checks one task's entries; false + err when malformed. */
static bool score_task(const char *path, const json_t *entries, const arc_task *task,
                       arc_submission_score *out, char *err, size_t errlen) {
  if (!json_is_array(entries)) {
    snprintf(err, errlen, "%s: %s: expected a list of %zu entries, got %s", path, task->id,
             task->n_test, json_kind_name(entries));
    return false;
  }
  if (json_array_size(entries) != task->n_test) {
    snprintf(err, errlen, "%s: %s: expected %zu entr%s (one per test input), got %zu", path,
             task->id, task->n_test, task->n_test == 1 ? "y" : "ies", json_array_size(entries));
    return false;
  }
  size_t correct = 0;
  for (size_t t = 0; t < task->n_test; t++) {
    const json_t *e = json_array_get(entries, t);
    if (!check_entry(path, task->id, t, e, err, errlen)) return false;
    const json_t *a1 = json_object_get(e, "attempt_1"), *a2 = json_object_get(e, "attempt_2");
    correct += grid_equals_value(a1, task->test[t].output) || grid_equals_value(a2, task->test[t].output);
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
 * file, invalid JSON (with line:col, duplicate keys included) or another
 * top-level value. */
static json_t *load_submission(const char *path, char *err, size_t errlen) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
    return NULL;
  }
  json_error_t jerr;
  json_t *sub = json_loadf(f, JSON_REJECT_DUPLICATES, &jerr);
  fclose(f);
  if (!sub) {
    snprintf(err, errlen, "%s:%d:%d: invalid JSON: %s", path, jerr.line > 0 ? jerr.line : 1,
             jerr.column > 0 ? jerr.column : 1, jerr.text);
    return NULL;
  }
  if (!json_is_object(sub)) {
    snprintf(err, errlen, "%s: expected an object of entries by task id, got %s", path,
             json_kind_name(sub));
    json_decref(sub);
    return NULL;
  }
  return sub;
}

bool arc_score_submission(const char *path, const arc_taskset *set, arc_submission_score *out, char *err,
                         size_t errlen) {
  *out = (arc_submission_score){0};
  json_t *sub = load_submission(path, err, errlen);
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
    else ok = score_task(path, entries, task, out, err, errlen);
  }
  json_decref(sub);
  return ok;
}
