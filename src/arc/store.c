/*
 * store.c - the SQLite solver store: opening (read-only or for writing),
 * the schema, run records and the batched, transactional writes of battery
 * results (see store.h).
 *
 * Creating a store is one transaction. BEGIN IMMEDIATE takes the write
 * lock, the file is checked (empty, ours, or another program's), the whole
 * schema is created, COMMIT. So a process killed at any moment of the first
 * open leaves either an empty file or a complete store, never a half-built
 * schema, and two processes creating one store at once take turns on the
 * lock (busy timeout) instead of one seeing the other's half-made tables.
 * WAL mode is switched on only after the schema exists, so a mistyped
 * --store never changes another program's database.
 *
 * Reading never writes. list, show, export and predict open the file
 * read-only, so a store on a read-only mount (Kaggle's input folder) or a
 * 0444 file can be read. A WAL database read-only needs its -shm file,
 * which cannot be created in a read-only folder; when that is what failed
 * and there is no -wal file (so no writer is active: a writer always has
 * one), the file is reopened as immutable, which needs neither.
 *
 * What may be a store. The path is checked with stat before SQLite sees
 * it: a device, FIFO, socket or folder is refused (bad input), because
 * SQLite would open /dev/null and create /dev/null-journal beside it, and a
 * FIFO would block the open forever. stat never opens the file, so nothing
 * can block and no device is touched. A store to be written must be
 * writable: a file without any write bit (0444) is refused as read-only even
 * for root, who would otherwise overwrite it, and so is one that access()
 * says cannot be written (read-only mount, another user's file). Read-only is
 * exit 1, like any write that cannot be done; a damaged file is exit 2.
 *
 * Durability. WAL with synchronous=NORMAL: a committed transaction
 * survives the process being killed at any moment (only a power cut may
 * lose the last commits, never consistency). Every batch of tasks is one
 * BEGIN IMMEDIATE ... COMMIT; a failed statement rolls the whole batch back.
 *
 * Ranking in SQL mirrors battery.h: matches DESC, score DESC, work ASC,
 * length ASC, program hash ASC; pruning keeps the first K rows of a task.
 */
#include <errno.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arc/store_internal.h"
#include "tessera/fault.h"

#define BUSY_TIMEOUT_MS 10000

#define STORE_SCHEMA_VERSION "2"
/* arc solve's programs: every program the search found for a task, by the
 * hash of its text, with the task's content hash, cost and rank. */
#define SEARCH_TABLE_SQL                                                                        \
  "CREATE TABLE IF NOT EXISTS search_programs("                                                 \
  "  task TEXT NOT NULL, task_hash TEXT NOT NULL, hash TEXT NOT NULL, text TEXT NOT NULL,"      \
  "  cost INTEGER NOT NULL, rank INTEGER NOT NULL, demos_right INTEGER NOT NULL,"               \
  "  train_pairs INTEGER NOT NULL, demo_score REAL NOT NULL, origin TEXT, run INTEGER,"         \
  "  PRIMARY KEY(task, hash));"

static const char *const schema_sql =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);"
    "INSERT OR IGNORE INTO meta(key, value) VALUES('schema', '" STORE_SCHEMA_VERSION "');"
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
    "  seconds REAL);"
    SEARCH_TABLE_SQL;

/* Version 2 added the programs `arc solve` found (search_programs). A
 * version-1 store gets the table the first time it is opened for writing,
 * inside the same transaction that checks the file; read-only opens never
 * create it and read such a store as having no search programs. */
static const char *const migrate_2_sql =
    SEARCH_TABLE_SQL
    "UPDATE meta SET value='" STORE_SCHEMA_VERSION "' WHERE key='schema';";

/* The tables a complete store has (besides meta). */
static const char *const store_tables[] = {"programs", "tasks", "results", "runs"};

bool arc_store_fail(arc_store *s, arc_error *err, const char *what) {
  int code = s && s->db ? sqlite3_errcode(s->db) & 0xff : SQLITE_CANTOPEN;
  /* a damaged file is bad input; anything else kept the work from being done */
  bool damaged = code == SQLITE_CORRUPT || code == SQLITE_NOTADB;
  return arc_fail(err, damaged ? ARC_ERR_INPUT : ARC_ERR_FAILED, "%s: %s: %s%s",
                  s ? s->path : "store", what, s && s->db ? sqlite3_errmsg(s->db) : "cannot open",
                  damaged ? " (the store is damaged)"
                  : code == SQLITE_READONLY ? " (the store is read-only)" : "");
}

/* ---- what a file holds ----------------------------------------------------------- */

/* Checked before anything is written, so that a mistyped --store never adds
 * tables to another program's database. */
typedef enum store_kind {
  KIND_UNREADABLE, KIND_EMPTY, KIND_STORE, KIND_INCOMPLETE, KIND_FOREIGN
} store_kind;

static long long count_rows(sqlite3 *db, const char *sql, const char *arg) {
  sqlite3_stmt *st;
  long long n = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return -1;
  if (arg) sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
  if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return n;
}

bool arc_store_has_search_table(sqlite3 *db) {
  return count_rows(db, "SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name=?1",
                    "search_programs") == 1;
}

/* A query that fails (-1) means the file could not be read, which is not
 * the same as "the row is not there": a damaged page under meta used to
 * make a damaged store look like another program's database. */
static store_kind kind_of(sqlite3 *db) {
  const char *has_table = "SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name=?1";
  long long tables = count_rows(db, "SELECT COUNT(*) FROM sqlite_master WHERE type='table'", NULL);
  if (tables < 0) return KIND_UNREADABLE;
  if (tables == 0) return KIND_EMPTY;
  long long meta = count_rows(db, has_table, "meta");
  if (meta < 0) return KIND_UNREADABLE;
  if (meta != 1) return KIND_FOREIGN;
  long long schema = count_rows(db, "SELECT COUNT(*) FROM meta WHERE key='schema'", NULL);
  if (schema < 0) return KIND_UNREADABLE;
  if (schema != 1) return KIND_FOREIGN;
  for (size_t k = 0; k < sizeof store_tables / sizeof store_tables[0]; k++) {
    long long n = count_rows(db, has_table, store_tables[k]);
    if (n < 0) return KIND_UNREADABLE;
    if (n != 1) return KIND_INCOMPLETE;
  }
  return KIND_STORE;
}

static bool refuse_kind(arc_store *s, store_kind kind, arc_error *err) {
  if (kind == KIND_FOREIGN)
    return arc_fail(err, ARC_ERR_INPUT, "%s: not a tessera store (the database holds other tables)", s->path);
  if (kind == KIND_EMPTY)
    return arc_fail(err, ARC_ERR_INPUT, "%s: not a tessera store (the database is empty)", s->path);
  return arc_fail(err, ARC_ERR_INPUT,
                  "%s: incomplete store (its creation was interrupted); 'tessera arc eval --store %s'"
                  " completes it", s->path, s->path);
}

/* ---- opening ----------------------------------------------------------------------- */

static const char *file_kind(mode_t mode) {
  if (S_ISCHR(mode)) return "character device";
  if (S_ISBLK(mode)) return "block device";
  if (S_ISFIFO(mode)) return "FIFO";
  if (S_ISSOCK(mode)) return "socket";
  return "special file";
}

/* Checks what `path` is before SQLite opens it (see the top of the file).
 * A missing file is fine for writing (it is created). */
static bool check_store_file(const char *path, arc_store_mode mode, arc_error *err) {
  struct stat st;
  if (stat(path, &st) != 0) {
    int why = errno;
    if (why == ENOENT && mode == ARC_STORE_WRITE) return true;
    return arc_fail(err, ARC_ERR_INPUT, why == ENOENT ? "%s: no such store (run 'tessera arc eval' first)"
                                                       : "%s: cannot open the store: %s", path, strerror(why));
  }
  if (S_ISDIR(st.st_mode)) return arc_fail(err, ARC_ERR_INPUT, "%s: is a directory, not a store", path);
  if (!S_ISREG(st.st_mode))
    return arc_fail(err, ARC_ERR_INPUT, "%s: is a %s, not a store (a store is a regular file)", path,
                    file_kind(st.st_mode));
  if (mode == ARC_STORE_READ) return true;
  int why = (st.st_mode & 0222) == 0 ? EACCES : access(path, W_OK) == 0 ? 0 : errno;
  if (why == EACCES || why == EPERM || why == EROFS)
    return arc_fail(err, ARC_ERR_FAILED, "%s: the store is read-only (%s): arc eval writes its results"
                    " there; use another --store or --no-store", path,
                    why == EROFS ? "read-only file system" : (st.st_mode & 0222) == 0 ? "no write permission bit"
                                                                                      : strerror(why));
  return true;
}

static arc_store *store_new(const char *path, arc_error *err) {
  arc_store *s = tc_calloc(1, sizeof *s);
  if (s && (s->path = tc_strdup(path))) return s;
  free(s);
  arc_fail(err, ARC_ERR_FAILED, "%s: out of memory", path);
  return NULL;
}

void arc_store_close(arc_store *s) {
  if (!s) return;
  sqlite3_close(s->db);
  free(s->path);
  free(s);
}

static bool exec(arc_store *s, const char *sql) {
  return sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK;
}

/* Checks the file and creates or completes the schema, in one transaction. */
static bool create_schema(arc_store *s, arc_error *err) {
  if (!exec(s, "BEGIN IMMEDIATE")) return arc_store_fail(s, err, "cannot open the store");
  store_kind kind = kind_of(s->db);
  bool ok = kind != KIND_UNREADABLE || arc_store_fail(s, err, "cannot read the store");
  if (ok && kind == KIND_FOREIGN) ok = refuse_kind(s, kind, err);
  if (ok && kind != KIND_STORE && !exec(s, schema_sql)) ok = arc_store_fail(s, err, "cannot create the store");
  if (ok && kind == KIND_STORE && !arc_store_has_search_table(s->db) && !exec(s, migrate_2_sql))
    ok = arc_store_fail(s, err, "cannot add the search programs table to the store");
  if (ok && !exec(s, "COMMIT")) ok = arc_store_fail(s, err, "cannot create the store");
  if (!ok) exec(s, "ROLLBACK");
  return ok;
}

/* WAL mode, once the schema is ours. Changing the journal mode may meet
 * another process's lock without the busy handler being asked, so it is
 * retried for as long as the busy timeout would wait. */
static bool enable_wal(arc_store *s, arc_error *err) {
  for (int waited = 0;; waited += 10) {
    int rc = sqlite3_exec(s->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
    if (rc == SQLITE_OK) break;
    if ((rc & 0xff) != SQLITE_BUSY || waited >= BUSY_TIMEOUT_MS)
      return arc_store_fail(s, err, "cannot open the store");
    usleep(10000);
  }
  return exec(s, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;") ||
         arc_store_fail(s, err, "cannot open the store");
}

static arc_store *open_for_writing(const char *path, arc_error *err) {
  if (!check_store_file(path, ARC_STORE_WRITE, err)) return NULL;
  arc_store *s = store_new(path, err);
  if (!s) return NULL;
  bool ok = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) == SQLITE_OK;
  if (!ok) arc_store_fail(s, err, "cannot open the store");
  if (ok) sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
  ok = ok && create_schema(s, err) && enable_wal(s, err);
  if (ok) return s;
  arc_store_close(s);
  return NULL;
}

/* "file:PATH?immutable=1" with the URI's special characters escaped. */
static char *immutable_uri(const char *path) {
  size_t n = strlen(path);
  char *uri = tc_malloc(3 * n + 32), *at = uri;
  if (!uri) return NULL;
  at += sprintf(at, "file:");
  for (const unsigned char *p = (const unsigned char *)path; *p; p++)
    at += (*p == '%' || *p == '?' || *p == '#' || *p < 0x21 || *p >= 0x7f) ? sprintf(at, "%%%02X", *p)
                                                                           : sprintf(at, "%c", *p);
  strcpy(at, "?immutable=1");
  return uri;
}

/* A read-only folder cannot hold the -shm file a WAL reader needs; with no
 * -wal file there is no writer, so the file is safe to read as immutable. */
static bool may_read_immutable(const char *path) {
  size_t n = strlen(path);
  char *wal = tc_malloc(n + 5);
  if (!wal) return false;
  snprintf(wal, n + 5, "%s-wal", path);
  bool no_writer = access(wal, F_OK) != 0 && errno == ENOENT;
  free(wal);
  return no_writer;
}

static store_kind open_read_only(arc_store *s) {
  if (sqlite3_open_v2(s->path, &s->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) return KIND_UNREADABLE;
  sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
  store_kind kind = kind_of(s->db);
  int code = sqlite3_errcode(s->db) & 0xff;
  if (kind != KIND_UNREADABLE || (code != SQLITE_CANTOPEN && code != SQLITE_READONLY) ||
      !may_read_immutable(s->path))
    return kind;
  char *uri = immutable_uri(s->path);
  if (!uri) return KIND_UNREADABLE;
  sqlite3_close(s->db);
  s->db = NULL;
  int rc = sqlite3_open_v2(uri, &s->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
  free(uri);
  return rc == SQLITE_OK ? kind_of(s->db) : KIND_UNREADABLE;
}

static arc_store *open_for_reading(const char *path, arc_error *err) {
  if (!check_store_file(path, ARC_STORE_READ, err)) return NULL;
  arc_store *s = store_new(path, err);
  if (!s) return NULL;
  s->read_only = true;
  store_kind kind = open_read_only(s);
  bool ok = kind != KIND_UNREADABLE || arc_store_fail(s, err, "cannot open the store");
  ok = ok && (kind == KIND_STORE || refuse_kind(s, kind, err));
  if (ok) return s;
  arc_store_close(s);
  return NULL;
}

arc_store *arc_store_open(const char *path, arc_store_mode mode, arc_error *err) {
  return mode == ARC_STORE_READ ? open_for_reading(path, err) : open_for_writing(path, err);
}

/* ---- runs ---------------------------------------------------------------------------- */

static void utc_now(char out[32]) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int64_t arc_store_begin_run(arc_store *s, const char *arguments, arc_error *err) {
  sqlite3_stmt *st = NULL;
  char now[32];
  utc_now(now);
  if (sqlite3_prepare_v2(s->db, "INSERT INTO runs(started, arguments) VALUES(?, ?)", -1, &st,
                         NULL) != SQLITE_OK)
    return arc_store_fail(s, err, "cannot record the run"), -1;
  sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 2, arguments, -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) return arc_store_fail(s, err, "cannot record the run"), -1;
  return sqlite3_last_insert_rowid(s->db);
}

bool arc_store_end_run(arc_store *s, int64_t run, const arc_store_totals *t, arc_error *err) {
  sqlite3_stmt *st = NULL;
  char now[32];
  utc_now(now);
  if (sqlite3_prepare_v2(s->db,
                         "UPDATE runs SET finished=?, programs=?, tasks=?, pairs=?, solved=?,"
                         " seconds=? WHERE id=?",
                         -1, &st, NULL) != SQLITE_OK)
    return arc_store_fail(s, err, "cannot finish the run");
  sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 2, (sqlite3_int64)t->programs);
  sqlite3_bind_int64(st, 3, (sqlite3_int64)t->tasks);
  sqlite3_bind_int64(st, 4, (sqlite3_int64)t->pairs);
  sqlite3_bind_int64(st, 5, (sqlite3_int64)t->solved);
  sqlite3_bind_double(st, 6, t->seconds);
  sqlite3_bind_int64(st, 7, run);
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  return rc == SQLITE_DONE || arc_store_fail(s, err, "cannot finish the run");
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
  int rc = sqlite3_step(old);
  const unsigned char *stored = rc == SQLITE_ROW ? sqlite3_column_text(old, 0) : NULL;
  bool changed = stored && strcmp((const char *)stored, t->task_hash) != 0;
  sqlite3_reset(old);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return false;
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
                           const arc_eval_task *const *tasks, size_t n, size_t keep, arc_error *err) {
  batch B = {.s = s, .run = run, .b = b};
  if (!exec(s, "BEGIN IMMEDIATE")) return arc_store_fail(s, err, "cannot start a transaction");
  bool ok = true;
  for (int k = 0; k < ST_COUNT && ok; k++)
    ok = sqlite3_prepare_v2(s->db, write_sql[k], -1, &B.st[k], NULL) == SQLITE_OK;
  for (size_t t = 0; t < n && ok; t++) ok = put_task_results(&B, tasks[t], keep ? keep : ARC_DEFAULT_KEEP);
  if (!ok) arc_store_fail(s, err, "cannot write results");
  for (int k = 0; k < ST_COUNT; k++) sqlite3_finalize(B.st[k]);
  if (ok && !exec(s, "COMMIT")) ok = arc_store_fail(s, err, "cannot commit");
  if (!ok) exec(s, "ROLLBACK");
  return ok;
}
