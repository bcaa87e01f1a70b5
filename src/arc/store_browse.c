/*
 * store_browse.c - reading the store for people: `arc store list`, `show`
 * and `export` (see store.h). Every query is read-only; text output is one
 * line per row, JSON output is built with jansson so escaping is right.
 */
#include <stdlib.h>
#include <string.h>

#include "arc/store_internal.h"

/* Best result per task, ranked as in battery.h. */
#define BEST_PER_TASK_SQL                                                                  \
  "SELECT task, program, status, matches, train_pairs, score, work, length FROM ("          \
  " SELECT *, ROW_NUMBER() OVER (PARTITION BY task ORDER BY matches DESC, score DESC,"     \
  " work ASC, length ASC, program ASC) AS rank FROM results WHERE ?1 IS NULL OR task=?1)" \
  " WHERE rank=1 ORDER BY task"

static bool prepare(arc_store *s, const char *sql, sqlite3_stmt **st, arc_error *err) {
  if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) == SQLITE_OK) return true;
  return arc_store_fail(s, err, "cannot read the store");
}

static const char *column_text(sqlite3_stmt *st, int k) {
  const unsigned char *t = sqlite3_column_text(st, k);
  return t ? (const char *)t : "";
}

static json_t *row_object(sqlite3_stmt *st) {
  json_t *o = json_object();
  for (int k = 0; k < sqlite3_column_count(st); k++) {
    const char *name = sqlite3_column_name(st, k);
    switch (sqlite3_column_type(st, k)) {
      case SQLITE_INTEGER: json_object_set_new(o, name, json_integer(sqlite3_column_int64(st, k))); break;
      case SQLITE_FLOAT: json_object_set_new(o, name, json_real(sqlite3_column_double(st, k))); break;
      case SQLITE_NULL: json_object_set_new(o, name, json_null()); break;
      default: json_object_set_new(o, name, json_string(column_text(st, k)));
    }
  }
  return o;
}

/* Runs `sql` (binding ?1 to `arg` when given) and returns its rows as a JSON
 * array, or NULL on failure. */
static json_t *query_rows(arc_store *s, const char *sql, const char *arg, arc_error *err) {
  sqlite3_stmt *st;
  if (!prepare(s, sql, &st, err)) return NULL;
  if (arg) sqlite3_bind_text(st, 1, arg, -1, SQLITE_TRANSIENT);
  json_t *rows = json_array();
  int rc = rows ? SQLITE_ROW : SQLITE_NOMEM;
  while (rows && (rc = sqlite3_step(st)) == SQLITE_ROW)
    if (json_array_append_new(rows, row_object(st)) != 0) break;
  if (rc != SQLITE_DONE) {
    json_decref(rows);
    rows = NULL;
    if (rc == SQLITE_ROW || rc == SQLITE_NOMEM) arc_fail(err, ARC_ERR_FAILED, "%s: out of memory", s->path);
    else arc_store_fail(s, err, "cannot read the store");
  }
  sqlite3_finalize(st);
  return rows;
}

/* The single number `sql` (binding ?1 to `arg`) gives, or -1 with err. */
static long long count_of(arc_store *s, const char *sql, const char *arg, arc_error *err) {
  sqlite3_stmt *st;
  long long n = -1;
  if (!prepare(s, sql, &st, err)) return -1;
  if (arg) sqlite3_bind_text(st, 1, arg, -1, SQLITE_TRANSIENT);
  if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
  else arc_store_fail(s, err, "cannot read the store");
  sqlite3_finalize(st);
  return n;
}

/* A task id the user named must be one the store has seen. */
static bool check_task_known(arc_store *s, const char *task_id, arc_error *err) {
  if (!task_id) return true;
  long long n = count_of(s, "SELECT COUNT(*) FROM tasks WHERE id=?1", task_id, err);
  if (n < 0) return false;
  return n > 0 || arc_fail(err, ARC_ERR_INPUT, "%s: no task '%s' in the store", s->path, task_id);
}

static void print_runs_text(const json_t *runs, FILE *out) {
  size_t i;
  const json_t *r;
  json_array_foreach(runs, i, r) {
    const json_t *finished = json_object_get(r, "finished");
    fprintf(out, "run %lld  %s  %s", (long long)json_integer_value(json_object_get(r, "id")),
            json_string_value(json_object_get(r, "started")),
            json_is_null(finished) ? "interrupted" : "finished");
    if (!json_is_null(finished))
      fprintf(out, "  %lld/%lld tasks solved, %lld pairs, %.3f s",
              (long long)json_integer_value(json_object_get(r, "solved")),
              (long long)json_integer_value(json_object_get(r, "tasks")),
              (long long)json_integer_value(json_object_get(r, "pairs")),
              json_real_value(json_object_get(r, "seconds")));
    fprintf(out, "\n    %s\n", json_string_value(json_object_get(r, "arguments")));
  }
}

static void print_best_text(const json_t *best, FILE *out) {
  size_t i;
  const json_t *r;
  fprintf(out, "%-12s %-32s %-8s %7s %8s %10s\n", "task", "best program", "status", "demo",
          "score", "work");
  json_array_foreach(best, i, r) {
    fprintf(out, "%-12s %-32s %-8s %3lld/%-3lld %8.4f %10lld\n",
            json_string_value(json_object_get(r, "task")),
            json_string_value(json_object_get(r, "program")),
            json_string_value(json_object_get(r, "status")),
            (long long)json_integer_value(json_object_get(r, "matches")),
            (long long)json_integer_value(json_object_get(r, "train_pairs")),
            json_real_value(json_object_get(r, "score")),
            (long long)json_integer_value(json_object_get(r, "work")));
  }
}

bool arc_store_print_list(arc_store *s, const char *task_id, bool json, FILE *out, arc_error *err) {
  if (!check_task_known(s, task_id, err)) return false;
  json_t *runs = query_rows(s, "SELECT * FROM runs ORDER BY id", NULL, err);
  json_t *best = runs ? query_rows(s, BEST_PER_TASK_SQL, task_id, err) : NULL;
  long long programs = best ? count_of(s, "SELECT COUNT(*) FROM programs", NULL, err) : -1;
  long long tasks = programs >= 0 ? count_of(s, "SELECT COUNT(*) FROM tasks", NULL, err) : -1;
  long long solved = tasks >= 0 ? count_of(s, "SELECT COUNT(DISTINCT task) FROM results WHERE status='solved'", NULL, err) : -1;
  if (solved < 0) {
    json_decref(runs);
    json_decref(best);
    return false;
  }
  if (json) {
    json_t *o = json_pack("{s:o, s:I, s:I, s:I, s:o}", "runs", runs, "programs",
                          (json_int_t)programs, "tasks", (json_int_t)tasks, "tasks_solved",
                          (json_int_t)solved, "best", best);
    json_dumpf(o, out, JSON_INDENT(2));
    fputc('\n', out);
    json_decref(o);
    return true;
  }
  print_runs_text(runs, out);
  fprintf(out, "%lld programs, %lld tasks, %lld tasks solved\n", programs, tasks, solved);
  print_best_text(best, out);
  json_decref(runs);
  json_decref(best);
  return true;
}

/* ---- show ---------------------------------------------------------------------- */

/* The full hash of the only program starting with `prefix`. */
static bool resolve_hash(arc_store *s, const char *prefix, char full[33], arc_error *err) {
  size_t n = strlen(prefix);
  if (n < 4 || n > 32 || strspn(prefix, "0123456789abcdef") != n)
    return arc_fail(err, ARC_ERR_INPUT, "'%s' is not a program hash (4 to 32 lowercase hex digits)", prefix);
  sqlite3_stmt *st;
  if (!prepare(s, "SELECT hash FROM programs WHERE substr(hash, 1, ?2) = ?1 LIMIT 2", &st, err))
    return false;
  sqlite3_bind_text(st, 1, prefix, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 2, (sqlite3_int64)n);
  int found = 0, rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    if (found++ == 0) snprintf(full, 33, "%s", column_text(st, 0));
  bool read = rc == SQLITE_DONE || arc_store_fail(s, err, "cannot read the store");
  sqlite3_finalize(st);
  if (!read) return false;
  if (found == 1) return true;
  return arc_fail(err, ARC_ERR_INPUT, found ? "%s: hash prefix '%s' is ambiguous" : "%s: no program with hash '%s'",
                  s->path, prefix);
}

bool arc_store_print_show(arc_store *s, const char *hash_prefix, bool json, FILE *out, arc_error *err) {
  char hash[33];
  if (!resolve_hash(s, hash_prefix, hash, err)) return false;
  json_t *program = query_rows(s, "SELECT * FROM programs WHERE hash=?1", hash, err);
  json_t *results = program ? query_rows(s,
                                         "SELECT task, program, status, matches, train_pairs, score, exact,"
                                         " cells, shape, palette, counts, work, run FROM results"
                                         " WHERE program=?1 ORDER BY task",
                                         hash, err)
                            : NULL;
  if (!results) {
    json_decref(program);
    return false;
  }
  json_t *p = json_array_get(program, 0);
  if (json) {
    json_object_set(p, "results", results);
    json_dumpf(p, out, JSON_INDENT(2));
    fputc('\n', out);
  } else {
    fprintf(out, "program %s (first seen as %s)\n%s", hash,
            json_string_value(json_object_get(p, "name")),
            json_string_value(json_object_get(p, "text")));
    print_best_text(results, out);
  }
  json_decref(program);
  json_decref(results);
  return true;
}

/* ---- export -------------------------------------------------------------------- */

/* Task ids come from file names and Kaggle keys, so they may hold anything;
 * only letters, digits and '_' can follow "solve_" in a function name. */
static bool is_identifier_tail(const char *id) {
  if (!*id) return false;
  for (; *id; id++)
    if (!((*id >= 'a' && *id <= 'z') || (*id >= 'A' && *id <= 'Z') || (*id >= '0' && *id <= '9') ||
          *id == '_'))
      return false;
  return true;
}

/* A comment instead of the program, with the id's unsafe bytes shown as '?'
 * so that no id can break out of the comment line. */
static void write_skipped_task(FILE *out, const char *id) {
  fputs("\n\n# task '", out);
  for (; *id; id++) fputc((unsigned char)*id >= 0x20 && (unsigned char)*id < 0x7f ? *id : '?', out);
  fputs("' skipped: its id cannot be part of a function name\n", out);
}

bool arc_store_export(arc_store *s, const char *task_id, FILE *out, size_t *count, arc_error *err) {
  sqlite3_stmt *st;
  *count = 0;
  if (!check_task_known(s, task_id, err)) return false;
  const char *sql = "SELECT b.task, b.program, b.status, b.matches, b.train_pairs, p.text FROM ("
                    BEST_PER_TASK_SQL ") AS b JOIN programs AS p ON p.hash = b.program"
                    " ORDER BY b.task";
  if (!prepare(s, sql, &st, err)) return false;
  if (task_id) sqlite3_bind_text(st, 1, task_id, -1, SQLITE_TRANSIENT);
  /* The header goes out with the first program, so that `--task ID` of a
   * task without one prints nothing before the caller's message; a whole
   * store without programs is still a (valid, empty) solver file. */
  static const char header[] = "# Best program per task, exported from a tessera store.\nfrom dsl import *\n"
                               "from constants import *\nfrom tessera_ext import *\n";
  bool headed = false;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *id = column_text(st, 0);
    if (!headed) fputs(header, out), headed = true;
    if (!is_identifier_tail(id)) {
      write_skipped_task(out, id);
      continue;
    }
    fprintf(out, "\n\n# %s: %s, %d of %d demo pairs, program %s\ndef solve_%s(I):\n%s",
            id, column_text(st, 2), sqlite3_column_int(st, 3),
            sqlite3_column_int(st, 4), column_text(st, 1), id, column_text(st, 5));
    ++*count;
  }
  bool ok = rc == SQLITE_DONE || arc_store_fail(s, err, "cannot read the store");
  if (ok && !headed && !task_id) fputs(header, out);
  sqlite3_finalize(st);
  return ok;
}
