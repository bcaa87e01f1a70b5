/*
 * store.c - the SQLite solver store: schema, run records and the batched,
 * transactional writes of battery results (see store.h).
 *
 * Durability. The database runs in WAL mode with synchronous=NORMAL: a
 * committed transaction survives the process being killed at any moment
 * (only a power cut may lose the last commits, never consistency). Every
 * batch of tasks is one BEGIN IMMEDIATE ... COMMIT, and a failed statement
 * rolls the whole batch back.
 *
 * Ranking in SQL mirrors battery.h: matches DESC, score DESC, work ASC,
 * length ASC, program hash ASC; pruning keeps the first K rows of a task.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "arc/store_internal.h"

static const char *const schema_sql =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);"
    "INSERT OR IGNORE INTO meta(key, value) VALUES('schema', '1');"
    "CREATE TABLE IF NOT EXISTS programs("
    "  hash TEXT PRIMARY KEY, text TEXT NOT NULL, length INTEGER NOT NULL,"
    "  name TEXT, first_run INTEGER);"
    "CREATE TABLE IF NOT EXISTS tasks("
    "  id TEXT PRIMARY KEY, content_hash TEXT NOT NULL,"
    "  train_pairs INTEGER NOT NULL, test_inputs INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS results("
    "  task TEXT NOT NULL REFERENCES tasks(id), program TEXT NOT NULL REFERENCES programs(hash),"
    "  run INTEGER, status TEXT NOT NULL, matches INTEGER NOT NULL, train_pairs INTEGER NOT NULL,"
    "  score REAL NOT NULL, exact REAL, cells REAL, shape REAL, palette REAL, counts REAL,"
    "  work INTEGER NOT NULL, length INTEGER NOT NULL, predictions TEXT,"
    "  PRIMARY KEY(task, program));"
    "CREATE TABLE IF NOT EXISTS runs("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT, started TEXT NOT NULL, finished TEXT,"
    "  arguments TEXT, programs INTEGER, tasks INTEGER, pairs INTEGER, solved INTEGER,"
    "  seconds REAL);";

bool arc_store_fail(arc_store *s, char *err, size_t errlen, const char *what) {
  snprintf(err, errlen, "%s: %s: %s", s ? s->path : "store", what,
           s && s->db ? sqlite3_errmsg(s->db) : "cannot open");
  return false;
}

/* What a database file holds, checked before anything is written to it, so
 * that a mistyped --store never adds tables to another program's database
 * (nor switches its journal mode). */
typedef enum store_kind { KIND_UNREADABLE, KIND_EMPTY, KIND_STORE, KIND_FOREIGN } store_kind;

static long long count_rows(sqlite3 *db, const char *sql) {
  sqlite3_stmt *st;
  long long n = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return -1;
  if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return n;
}

static store_kind kind_of(sqlite3 *db) {
  long long tables = count_rows(db, "SELECT COUNT(*) FROM sqlite_master WHERE type='table'");
  if (tables < 0) return KIND_UNREADABLE;
  if (tables == 0) return KIND_EMPTY;
  long long meta = count_rows(db, "SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name='meta'");
  if (meta != 1) return KIND_FOREIGN;
  long long marked = count_rows(db, "SELECT COUNT(*) FROM meta WHERE key='schema'");
  return marked == 1 ? KIND_STORE : KIND_FOREIGN;
}

arc_store *arc_store_open(const char *path, bool must_exist, char *err, size_t errlen) {
  struct stat st;
  if (must_exist && stat(path, &st) != 0) {
    snprintf(err, errlen, "%s: no such store (run 'tessera arc eval' first)", path);
    return NULL;
  }
  arc_store *s = calloc(1, sizeof *s);
  if (!s || !(s->path = strdup(path))) {
    free(s);
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  int flags = SQLITE_OPEN_READWRITE | (must_exist ? 0 : SQLITE_OPEN_CREATE);
  bool ok = sqlite3_open_v2(path, &s->db, flags, NULL) == SQLITE_OK;
  if (ok) sqlite3_busy_timeout(s->db, 10000);
  store_kind kind = ok ? kind_of(s->db) : KIND_UNREADABLE;
  ok = ok && kind != KIND_UNREADABLE;
  if (ok && (kind == KIND_FOREIGN || (must_exist && kind == KIND_EMPTY))) {
    snprintf(err, errlen, kind == KIND_FOREIGN
                              ? "%s: not a tessera store (the database holds other tables)"
                              : "%s: not a tessera store (the database is empty)", path);
    arc_store_close(s);
    return NULL;
  }
  ok = ok && sqlite3_exec(s->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                                 "PRAGMA foreign_keys=ON;", NULL, NULL, NULL) == SQLITE_OK;
  ok = ok && (kind == KIND_STORE || sqlite3_exec(s->db, schema_sql, NULL, NULL, NULL) == SQLITE_OK);
  if (!ok) {
    arc_store_fail(s, err, errlen, "cannot open the store");
    arc_store_close(s);
    return NULL;
  }
  return s;
}

void arc_store_close(arc_store *s) {
  if (!s) return;
  sqlite3_close(s->db);
  free(s->path);
  free(s);
}

static void utc_now(char out[32]) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int64_t arc_store_begin_run(arc_store *s, const char *arguments, char *err, size_t errlen) {
  sqlite3_stmt *st = NULL;
  char now[32];
  utc_now(now);
  if (sqlite3_prepare_v2(s->db, "INSERT INTO runs(started, arguments) VALUES(?, ?)", -1, &st,
                         NULL) != SQLITE_OK)
    return arc_store_fail(s, err, errlen, "cannot record the run"), -1;
  sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 2, arguments, -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) return arc_store_fail(s, err, errlen, "cannot record the run"), -1;
  return sqlite3_last_insert_rowid(s->db);
}

bool arc_store_end_run(arc_store *s, int64_t run, const arc_store_totals *t, char *err, size_t errlen) {
  sqlite3_stmt *st = NULL;
  char now[32];
  utc_now(now);
  if (sqlite3_prepare_v2(s->db,
                         "UPDATE runs SET finished=?, programs=?, tasks=?, pairs=?, solved=?,"
                         " seconds=? WHERE id=?",
                         -1, &st, NULL) != SQLITE_OK)
    return arc_store_fail(s, err, errlen, "cannot finish the run");
  sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 2, (sqlite3_int64)t->programs);
  sqlite3_bind_int64(st, 3, (sqlite3_int64)t->tasks);
  sqlite3_bind_int64(st, 4, (sqlite3_int64)t->pairs);
  sqlite3_bind_int64(st, 5, (sqlite3_int64)t->solved);
  sqlite3_bind_double(st, 6, t->seconds);
  sqlite3_bind_int64(st, 7, run);
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  return rc == SQLITE_DONE || arc_store_fail(s, err, errlen, "cannot finish the run");
}

/* ---- batched writes ------------------------------------------------------------ */

enum { ST_TASK_OLD, ST_TASK_DROP, ST_TASK_PUT, ST_PROGRAM, ST_RESULT, ST_PRUNE, ST_COUNT };

static const char *const write_sql[ST_COUNT] = {
    "SELECT content_hash FROM tasks WHERE id=?",
    "DELETE FROM results WHERE task=?",
    "INSERT OR REPLACE INTO tasks(id, content_hash, train_pairs, test_inputs) VALUES(?,?,?,?)",
    "INSERT OR IGNORE INTO programs(hash, text, length, name, first_run) VALUES(?,?,?,?,?)",
    "INSERT OR REPLACE INTO results(task, program, run, status, matches, train_pairs, score,"
    " exact, cells, shape, palette, counts, work, length, predictions)"
    " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    "DELETE FROM results WHERE task=?1 AND program NOT IN (SELECT program FROM results"
    " WHERE task=?1 ORDER BY matches DESC, score DESC, work ASC, length ASC, program ASC"
    " LIMIT ?2)",
};

typedef struct batch {
  arc_store *s;
  sqlite3_stmt *st[ST_COUNT];
  int64_t run;
  const arc_battery *b;
} batch;

static bool step_done(sqlite3_stmt *st) {
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  return rc == SQLITE_DONE || rc == SQLITE_ROW;
}

/* Task row; drops the task's old results when its content changed. */
static bool put_task(batch *B, const arc_eval_task *t) {
  sqlite3_stmt *old = B->st[ST_TASK_OLD];
  sqlite3_bind_text(old, 1, t->task->id, -1, SQLITE_STATIC);
  bool changed = sqlite3_step(old) == SQLITE_ROW &&
                 strcmp((const char *)sqlite3_column_text(old, 0), t->task_hash) != 0;
  sqlite3_reset(old);
  if (changed) {
    sqlite3_bind_text(B->st[ST_TASK_DROP], 1, t->task->id, -1, SQLITE_STATIC);
    if (!step_done(B->st[ST_TASK_DROP])) return false;
  }
  sqlite3_stmt *put = B->st[ST_TASK_PUT];
  sqlite3_bind_text(put, 1, t->task->id, -1, SQLITE_STATIC);
  sqlite3_bind_text(put, 2, t->task_hash, -1, SQLITE_STATIC);
  sqlite3_bind_int64(put, 3, (sqlite3_int64)t->task->n_train);
  sqlite3_bind_int64(put, 4, (sqlite3_int64)t->task->n_test);
  return step_done(put);
}

static bool put_program(batch *B, const arc_program *p) {
  sqlite3_stmt *st = B->st[ST_PROGRAM];
  sqlite3_bind_text(st, 1, p->hash, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, p->text, (int)p->length, SQLITE_STATIC);
  sqlite3_bind_int64(st, 3, (sqlite3_int64)p->length);
  sqlite3_bind_text(st, 4, p->name, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 5, B->run);
  return step_done(st);
}

static bool put_result(batch *B, const arc_eval_task *t, const arc_program_result *r) {
  const arc_program *p = arc_battery_program(B->b, r->program);
  if (!p || !put_program(B, p)) return false;
  char *predictions = r->predictions ? arc_predictions_json(r->predictions, r->n_predictions) : NULL;
  if (r->predictions && !predictions) return false;
  sqlite3_stmt *st = B->st[ST_RESULT];
  sqlite3_bind_text(st, 1, t->task->id, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, p->hash, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 3, B->run);
  sqlite3_bind_text(st, 4, arc_eval_status_name(r->status), -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 5, r->matches);
  sqlite3_bind_int64(st, 6, r->train_pairs);
  sqlite3_bind_double(st, 7, r->score);
  for (int k = 0; k < ARC_SCORER_COUNT; k++) sqlite3_bind_double(st, 8 + k, r->scores[k]);
  sqlite3_bind_int64(st, 13, (sqlite3_int64)r->work);
  sqlite3_bind_int64(st, 14, (sqlite3_int64)p->length);
  if (predictions) sqlite3_bind_text(st, 15, predictions, -1, free);
  else sqlite3_bind_null(st, 15);
  return step_done(st);
}

static bool put_task_results(batch *B, const arc_eval_task *t, size_t keep) {
  if (!put_task(B, t)) return false;
  for (size_t k = 0; k < t->n_kept; k++)
    if (!put_result(B, t, &t->kept[k])) return false;
  sqlite3_bind_text(B->st[ST_PRUNE], 1, t->task->id, -1, SQLITE_STATIC);
  sqlite3_bind_int64(B->st[ST_PRUNE], 2, (sqlite3_int64)keep);
  return step_done(B->st[ST_PRUNE]);
}

bool arc_store_write_tasks(arc_store *s, int64_t run, const arc_battery *b,
                          const arc_eval_task *const *tasks, size_t n, size_t keep, char *err,
                          size_t errlen) {
  batch B = {.s = s, .run = run, .b = b};
  if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return arc_store_fail(s, err, errlen, "cannot start a transaction");
  bool ok = true;
  for (int k = 0; k < ST_COUNT && ok; k++)
    ok = sqlite3_prepare_v2(s->db, write_sql[k], -1, &B.st[k], NULL) == SQLITE_OK;
  for (size_t t = 0; t < n && ok; t++) ok = put_task_results(&B, tasks[t], keep ? keep : ARC_DEFAULT_KEEP);
  if (!ok) arc_store_fail(s, err, errlen, "cannot write results");
  for (int k = 0; k < ST_COUNT; k++) sqlite3_finalize(B.st[k]);
  if (ok && sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    ok = arc_store_fail(s, err, errlen, "cannot commit");
  if (!ok) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  return ok;
}
