/*
 * store.c - the blueprint store on SQLite (model and guarantees in store.h).
 *
 * Every connection prepares its statements once; each public function is
 * one transaction. Writers hold the store mutex for the whole transaction
 * and start it with BEGIN IMMEDIATE, so the version check and the append
 * see the same head even when another process writes the same file (its
 * lock is waited for by the busy timeout). All writes of a process go
 * through one writer connection (begin_write says why), and the head each
 * write leaves is remembered for the next edit (srv_store_edit_head).
 */
#include "server/store.h"

#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <xxhash.h>

#include "tessera/fault.h"
#include "tessera/json.h"

#define SCHEMA_VERSION "1"
#define BUSY_TIMEOUT_MS 5000

struct srv_store {
  char *path; /* as given, for messages */
  char *uri;  /* what every connection opens (a file: URI) */
  bool read_only;
  pthread_mutex_t write_lock;
  srv_conn *writer; /* the one connection that writes (under write_lock), opened on first use */
  /* The head of each blueprint as this process last wrote it, by id modulo
   * HINT_SLOTS (srv_store_edit_head). Set and cleared under write_lock, in
   * the transaction's order; read under hint_lock. */
  pthread_mutex_t hint_lock;
  struct head_hint {
    int64_t id, version; /* id 0: empty */
    char *json;
    size_t len;
  } hints[64]; /* HINT_SLOTS */
};
#define HINT_SLOTS 64
/* Larger heads are not remembered (read from the file each time), so the
 * memory stays under HINT_SLOTS x this however large blueprints are. */
#define HINT_MAX_BYTES ((size_t)256 << 10)

enum {
  Q_BEGIN, Q_COMMIT, Q_ROLLBACK, Q_HEAD, Q_HEAD_ROW, Q_FIND_CONTENT, Q_INSERT_CONTENT,
  Q_INSERT_VERSION, Q_INSERT_BLUEPRINT, Q_UPDATE_HEAD, Q_CLEAR_REDO, Q_PARENT, Q_PUSH_REDO,
  Q_TOP_REDO, Q_POP_REDO, Q_DEL_VERSIONS, Q_DEL_CONTENTS, Q_DEL_BLUEPRINT, Q_LIST, Q_VERSIONS,
  Q_VERSION_JSON, Q_COUNT
};

static const char *const QUERIES[Q_COUNT] = {
    [Q_BEGIN] = "BEGIN IMMEDIATE",
    [Q_COMMIT] = "COMMIT",
    [Q_ROLLBACK] = "ROLLBACK",
    [Q_HEAD] = "SELECT b.name, b.head, c.json, v.parent IS NOT NULL,"
               " EXISTS(SELECT 1 FROM redo r WHERE r.blueprint = b.id)"
               " FROM blueprints b JOIN versions v ON v.blueprint = b.id AND v.version = b.head"
               " JOIN contents c ON c.id = v.content WHERE b.id = ?1",
    [Q_HEAD_ROW] = "SELECT b.head, b.latest, v.content FROM blueprints b"
                   " JOIN versions v ON v.blueprint = b.id AND v.version = b.head WHERE b.id = ?1",
    [Q_FIND_CONTENT] = "SELECT id, json FROM contents WHERE blueprint = ?1 AND hash = ?2",
    [Q_INSERT_CONTENT] = "INSERT INTO contents(blueprint, hash, json) VALUES(?1, ?2, ?3)",
    [Q_INSERT_VERSION] = "INSERT INTO versions(blueprint, version, parent, content, source, command,"
                         " created) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [Q_INSERT_BLUEPRINT] = "INSERT INTO blueprints(name, head, latest, created, updated)"
                           " VALUES(?1, 1, 1, ?2, ?2)",
    [Q_UPDATE_HEAD] = "UPDATE blueprints SET head = ?2, latest = MAX(latest, ?2), updated = ?3"
                      " WHERE id = ?1",
    [Q_CLEAR_REDO] = "DELETE FROM redo WHERE blueprint = ?1",
    [Q_PARENT] = "SELECT parent FROM versions WHERE blueprint = ?1 AND version = ?2",
    [Q_PUSH_REDO] = "INSERT INTO redo(blueprint, depth, version) VALUES(?1,"
                    " (SELECT COALESCE(MAX(depth), 0) + 1 FROM redo WHERE blueprint = ?1), ?2)",
    [Q_TOP_REDO] = "SELECT depth, version FROM redo WHERE blueprint = ?1 ORDER BY depth DESC LIMIT 1",
    [Q_POP_REDO] = "DELETE FROM redo WHERE blueprint = ?1 AND depth = ?2",
    [Q_DEL_VERSIONS] = "DELETE FROM versions WHERE blueprint = ?1",
    [Q_DEL_CONTENTS] = "DELETE FROM contents WHERE blueprint = ?1",
    [Q_DEL_BLUEPRINT] = "DELETE FROM blueprints WHERE id = ?1",
    [Q_LIST] = "SELECT id, name, head, latest, created, updated FROM blueprints ORDER BY id",
    [Q_VERSIONS] = "SELECT version, parent, source, command, created FROM versions"
                   " WHERE blueprint = ?1 ORDER BY version",
    [Q_VERSION_JSON] = "SELECT c.json FROM versions v JOIN contents c ON c.id = v.content"
                       " WHERE v.blueprint = ?1 AND v.version = ?2",
};

/* Created in one transaction (see store.h). */
static const char SCHEMA[] =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS blueprints(id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " name TEXT NOT NULL, head INTEGER NOT NULL, latest INTEGER NOT NULL,"
    " created REAL NOT NULL, updated REAL NOT NULL);"
    "CREATE TABLE IF NOT EXISTS contents(id INTEGER PRIMARY KEY, blueprint INTEGER NOT NULL,"
    " hash BLOB NOT NULL, json TEXT NOT NULL, UNIQUE(blueprint, hash));"
    "CREATE TABLE IF NOT EXISTS versions(blueprint INTEGER NOT NULL, version INTEGER NOT NULL,"
    " parent INTEGER, content INTEGER NOT NULL, source TEXT NOT NULL, command TEXT,"
    " created REAL NOT NULL, PRIMARY KEY(blueprint, version)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS redo(blueprint INTEGER NOT NULL, depth INTEGER NOT NULL,"
    " version INTEGER NOT NULL, PRIMARY KEY(blueprint, depth)) WITHOUT ROWID;"
    "INSERT OR IGNORE INTO meta(key, value) VALUES('schema', '" SCHEMA_VERSION "');";

struct srv_conn {
  srv_store *store;
  sqlite3 *db;
  sqlite3_stmt *q[Q_COUNT];
};

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void db_error(srv_error *err, sqlite3 *db, const char *what) {
  srv_fail(err, 500, "store_error", "", "blueprint store: %s: %s", what, sqlite3_errmsg(db));
}

static void set_open_error(char *err, size_t errlen, const char *path, sqlite3 *db, const char *what) {
  snprintf(err, errlen, "%s: %s: %s", path, what, db ? sqlite3_errmsg(db) : "out of memory");
}

/* A file: URI for path with the query (e.g. "mode=ro"); NULL without
 * memory. '?', '#' and '%' are escaped; an absolute path gets the empty
 * authority, so "//x" is never read as a host. */
static char *file_uri(const char *path, const char *query) {
  size_t n = strlen(path);
  char *uri = tc_malloc(3 * n + strlen(query) + 16);
  if (!uri) return NULL;
  char *o = uri + sprintf(uri, "file:%s", path[0] == '/' ? "//" : "");
  for (const char *p = path; *p; p++) {
    if (*p == '?' || *p == '#' || *p == '%') o += sprintf(o, "%%%02X", (unsigned char)*p);
    else *o++ = *p;
  }
  sprintf(o, "%s%s", query[0] ? "?" : "", query);
  return uri;
}

static sqlite3 *open_db(const char *uri, const char *path, bool read_only, char *err, size_t errlen) {
  sqlite3 *db = NULL;
  int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
              SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
  if (sqlite3_open_v2(uri, &db, flags, NULL) != SQLITE_OK) {
    set_open_error(err, errlen, path, db, "cannot open the store");
    sqlite3_close(db);
    return NULL;
  }
  sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes(db, 1);
  return db;
}

/* WAL first (it cannot change inside a transaction), then the schema. */
static bool create_schema(sqlite3 *db, const char *path, char *err, size_t errlen) {
  if (sqlite3_exec(db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL) != SQLITE_OK) {
    set_open_error(err, errlen, path, db, "cannot switch to WAL mode");
    return false;
  }
  if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
    set_open_error(err, errlen, path, db, "cannot create the schema");
    return false;
  }
  if (sqlite3_exec(db, SCHEMA, NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
    set_open_error(err, errlen, path, db, "cannot create the schema");
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return false;
  }
  return true;
}

static bool check_schema(sqlite3 *db, const char *path, char *err, size_t errlen) {
  sqlite3_stmt *st = NULL;
  bool ok = false;
  if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'schema'", -1, &st, NULL) != SQLITE_OK) {
    set_open_error(err, errlen, path, db, "not a tessera blueprint store");
  } else if (sqlite3_step(st) != SQLITE_ROW) {
    snprintf(err, errlen, "%s: not a tessera blueprint store (no schema version)", path);
  } else if (strcmp((const char *)sqlite3_column_text(st, 0), SCHEMA_VERSION) != 0) {
    snprintf(err, errlen, "%s: store schema version %s, this program knows %s", path,
             (const char *)sqlite3_column_text(st, 0), SCHEMA_VERSION);
  } else {
    ok = true;
  }
  sqlite3_finalize(st);
  return ok;
}

/* True when path's write-ahead log holds frames (a writer is using the
 * file, or one was killed before checkpointing). */
static bool wal_has_frames(const char *path) {
  char wal[4096];
  struct stat st;
  if (snprintf(wal, sizeof wal, "%s-wal", path) >= (int)sizeof wal) return true;
  return stat(wal, &st) == 0 && st.st_size > 0;
}

/* Opens for reading. A WAL-mode file is read through its -shm index, which
 * SQLite must be able to create next to it; on a read-only mount or in a
 * folder we cannot write it cannot, and every query fails (SQLITE_READONLY_
 * CANTINIT or CANTOPEN). Then, if the log holds nothing, nobody can be
 * writing the file either (a writer needs that log), so it is opened
 * immutable: no locks, no index, the file read as it is. A log with frames
 * we cannot read is an error rather than a silently older store. */
static sqlite3 *open_read_only(const char *path, char **uri_out, char *err, size_t errlen) {
  const char *queries[] = {"mode=ro", "mode=ro&immutable=1"};
  for (int i = 0; i < 2; i++) {
    char *uri = file_uri(path, queries[i]);
    if (!uri) {
      snprintf(err, errlen, "%s: out of memory", path);
      return NULL;
    }
    sqlite3 *db = open_db(uri, path, true, err, errlen);
    if (db && check_schema(db, path, err, errlen)) {
      *uri_out = uri;
      return db;
    }
    int code = db ? sqlite3_extended_errcode(db) : 0;
    sqlite3_close(db);
    free(uri);
    bool no_index = code == SQLITE_READONLY_CANTINIT || (code & 0xff) == SQLITE_CANTOPEN ||
                    code == SQLITE_READONLY_RECOVERY || (code & 0xff) == SQLITE_READONLY;
    if (i == 1 || !db || !no_index) return NULL;
    if (wal_has_frames(path)) {
      snprintf(err, errlen,
               "%s: cannot read the store: its write-ahead log (%s-wal) holds changes, and reading them needs "
               "write access to the store's folder (open it once read-write to fold them in)",
               path, path);
      return NULL;
    }
  }
  return NULL;
}

srv_store *srv_store_open(const char *path, bool read_only, char *err, size_t errlen) {
  char *uri = NULL;
  sqlite3 *db = NULL;
  bool ro = read_only, ok = true;
  if (!ro) {
    uri = file_uri(path, "");
    db = uri ? open_db(uri, path, false, err, errlen) : NULL;
    if (!uri) snprintf(err, errlen, "%s: out of memory", path);
    /* SQLite falls back to read-only by itself when the file is not
     * writable; such a file is opened as --read-only would. */
    if (db && sqlite3_db_readonly(db, "main") == 1) {
      sqlite3_close(db);
      db = NULL;
      free(uri);
      uri = NULL;
      ro = true;
    }
    ok = db && create_schema(db, path, err, errlen) && check_schema(db, path, err, errlen);
  }
  if (ro) {
    db = open_read_only(path, &uri, err, errlen);
    ok = db != NULL;
  }
  sqlite3_close(db);
  if (!ok) {
    free(uri);
    return NULL;
  }
  srv_store *s = tc_calloc(1, sizeof *s);
  if (!s || !(s->path = tc_strdup(path))) {
    free(s);
    free(uri);
    snprintf(err, errlen, "%s: out of memory", path);
    return NULL;
  }
  s->uri = uri;
  s->read_only = ro;
  pthread_mutex_init(&s->write_lock, NULL);
  pthread_mutex_init(&s->hint_lock, NULL);
  return s;
}

void srv_store_close(srv_store *s) {
  if (!s) return;
  srv_conn_close(s->writer);
  for (int i = 0; i < HINT_SLOTS; i++) free(s->hints[i].json);
  pthread_mutex_destroy(&s->hint_lock);
  pthread_mutex_destroy(&s->write_lock);
  free(s->path);
  free(s->uri);
  free(s);
}

bool srv_store_read_only(const srv_store *s) { return s->read_only; }

srv_conn *srv_conn_open(srv_store *s, char *err, size_t errlen) {
  srv_conn *c = tc_calloc(1, sizeof *c);
  if (!c) {
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  c->store = s;
  c->db = open_db(s->uri, s->path, s->read_only, err, errlen);
  if (!c->db) {
    free(c);
    return NULL;
  }
  sqlite3_exec(c->db, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL);
  for (int i = 0; i < Q_COUNT; i++) {
    if (sqlite3_prepare_v3(c->db, QUERIES[i], -1, SQLITE_PREPARE_PERSISTENT, &c->q[i], NULL) != SQLITE_OK) {
      set_open_error(err, errlen, s->path, c->db, "cannot prepare a query");
      srv_conn_close(c);
      return NULL;
    }
  }
  return c;
}

void srv_conn_close(srv_conn *c) {
  if (!c) return;
  for (int i = 0; i < Q_COUNT; i++) sqlite3_finalize(c->q[i]);
  sqlite3_close(c->db);
  free(c);
}

void srv_head_free(srv_head *h) {
  free(h->name);
  free(h->json);
  memset(h, 0, sizeof *h);
}

/* ---- statement helpers ----------------------------------------------------- */

static sqlite3_stmt *query(srv_conn *c, int q) {
  sqlite3_stmt *st = c->q[q];
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  return st;
}

static sqlite3_stmt *query_id(srv_conn *c, int q, int64_t id) {
  sqlite3_stmt *st = query(c, q);
  sqlite3_bind_int64(st, 1, id);
  return st;
}

/* Runs a statement that returns no rows. */
static bool run(srv_conn *c, sqlite3_stmt *st, srv_error *err, const char *what) {
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  if (rc == SQLITE_DONE) return true;
  db_error(err, c->db, what);
  return false;
}

static char *column_copy(sqlite3_stmt *st, int col, size_t *len) {
  const unsigned char *text = sqlite3_column_text(st, col);
  size_t n = (size_t)sqlite3_column_bytes(st, col);
  char *copy = tc_malloc(n + 1);
  if (!copy) return NULL;
  if (n) memcpy(copy, text, n);
  copy[n] = 0;
  if (len) *len = n;
  return copy;
}

static bool not_found(srv_error *err, int64_t id) {
  char path[64];
  snprintf(path, sizeof path, "/blueprints/%lld", (long long)id);
  return srv_fail(err, 404, "not_found", path, "there is no blueprint %lld", (long long)id);
}

/* ---- transactions ------------------------------------------------------------ */

/* Every write of this process goes through the store's one writer
 * connection, under the write lock. One connection rather than the
 * caller's: SQLite drops a connection's page cache whenever another
 * connection has written since its last transaction, so with a connection
 * per thread every edit began by re-reading its pages; the writer's cache
 * now stays warm (only another process writing the file resets it). NULL
 * with err set (the lock is not held then). */
static srv_conn *begin_write(srv_conn *reader, srv_error *err) {
  srv_store *s = reader->store;
  if (s->read_only) {
    srv_fail(err, 403, "read_only", "",
             "the blueprint store is open read-only (--read-only, or the store file cannot be written): "
             "nothing can be changed");
    return NULL;
  }
  pthread_mutex_lock(&s->write_lock);
  if (!s->writer) {
    char msg[256];
    s->writer = srv_conn_open(s, msg, sizeof msg);
    if (!s->writer) {
      pthread_mutex_unlock(&s->write_lock);
      srv_fail(err, 503, "unavailable", "", "cannot open the store's writer: %s", msg);
      return NULL;
    }
  }
  srv_conn *c = s->writer;
  if (run(c, query(c, Q_BEGIN), err, "cannot start a transaction")) return c;
  pthread_mutex_unlock(&s->write_lock);
  return NULL;
}

/* What a write leaves as its blueprint's remembered head: json set, a
 * known head; json NULL, forget it (undo, redo, delete, a 409). */
typedef struct hint_update {
  int64_t id, version;
  const char *json;
  size_t len;
} hint_update;

/* Under write_lock, after the transaction ended (so in commit order). Out
 * of memory, or a head over HINT_MAX_BYTES, only forgets. */
static void apply_hint(srv_store *s, const hint_update *u) {
  struct head_hint *h = &s->hints[(uint64_t)u->id % HINT_SLOTS];
  char *copy = u->json && u->len <= HINT_MAX_BYTES ? tc_malloc(u->len + 1) : NULL;
  if (copy) {
    memcpy(copy, u->json, u->len);
    copy[u->len] = 0;
  }
  pthread_mutex_lock(&s->hint_lock);
  if (copy || h->id == u->id) {
    free(h->json);
    h->id = copy ? u->id : 0;
    h->version = u->version;
    h->json = copy;
    h->len = u->len;
  }
  pthread_mutex_unlock(&s->hint_lock);
}

/* Commits when ok, else rolls back; returns whether the transaction took.
 * The hint, if any, is applied when it took (or always, when it forgets). */
static bool end_write(srv_conn *c, bool ok, srv_error *err, const hint_update *hint) {
  if (ok) ok = run(c, query(c, Q_COMMIT), err, "cannot commit");
  if (!ok && sqlite3_get_autocommit(c->db) == 0) {
    sqlite3_stmt *st = query(c, Q_ROLLBACK);
    sqlite3_step(st);
    sqlite3_reset(st);
  }
  if (hint && (ok || !hint->json)) apply_hint(c->store, hint);
  pthread_mutex_unlock(&c->store->write_lock);
  return ok;
}

/* The row the writers work from. */
typedef struct head_row {
  int64_t head, latest, content;
} head_row;

static bool read_head_row(srv_conn *c, int64_t id, int64_t expect, head_row *row, srv_error *err) {
  sqlite3_stmt *st = query_id(c, Q_HEAD_ROW, id);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_DONE) return not_found(err, id);
  if (rc != SQLITE_ROW) {
    db_error(err, c->db, "cannot read the blueprint");
    return false;
  }
  row->head = sqlite3_column_int64(st, 0);
  row->latest = sqlite3_column_int64(st, 1);
  row->content = sqlite3_column_int64(st, 2);
  sqlite3_reset(st);
  if (expect >= 0 && expect != row->head)
    return srv_fail(err, 409, "stale_version", "version",
                    "blueprint %lld is at version %lld, not %lld: reload and try again",
                    (long long)id, (long long)row->head, (long long)expect);
  return true;
}

/* The content row for json in blueprint id, inserted when new. The key is
 * the hash in XXH's canonical (big-endian) form, the same on every machine. */
static bool content_id(srv_conn *c, int64_t id, const char *json, size_t len, int64_t *out,
                       srv_error *err) {
  XXH128_canonical_t hash;
  XXH128_canonicalFromHash(&hash, XXH3_128bits(json, len));
  sqlite3_stmt *st = query_id(c, Q_FIND_CONTENT, id);
  sqlite3_bind_blob(st, 2, &hash, sizeof hash, SQLITE_STATIC);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    bool same = (size_t)sqlite3_column_bytes(st, 1) == len &&
                memcmp(sqlite3_column_text(st, 1), json, len) == 0;
    *out = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (same) return true;
    return srv_fail(err, 500, "store_error", "", "blueprint store: content hash collision");
  }
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) {
    db_error(err, c->db, "cannot look up content");
    return false;
  }
  st = query_id(c, Q_INSERT_CONTENT, id);
  sqlite3_bind_blob(st, 2, &hash, sizeof hash, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, json, (int)len, SQLITE_STATIC);
  if (!run(c, st, err, "cannot store content")) return false;
  *out = sqlite3_last_insert_rowid(c->db);
  return true;
}

static bool insert_version(srv_conn *c, int64_t id, int64_t version, int64_t parent, int64_t content,
                           const srv_change *change, double now, srv_error *err) {
  sqlite3_stmt *st = query_id(c, Q_INSERT_VERSION, id);
  sqlite3_bind_int64(st, 2, version);
  if (parent > 0) sqlite3_bind_int64(st, 3, parent);
  sqlite3_bind_int64(st, 4, content);
  sqlite3_bind_text(st, 5, change->source, -1, SQLITE_STATIC);
  if (change->command) sqlite3_bind_text(st, 6, change->command, -1, SQLITE_STATIC);
  sqlite3_bind_double(st, 7, now);
  return run(c, st, err, "cannot store the version");
}

static bool set_head(srv_conn *c, int64_t id, int64_t version, double now, srv_error *err) {
  sqlite3_stmt *st = query_id(c, Q_UPDATE_HEAD, id);
  sqlite3_bind_int64(st, 2, version);
  sqlite3_bind_double(st, 3, now);
  return run(c, st, err, "cannot move the head");
}

/* ---- the operations ------------------------------------------------------------ */

bool srv_store_create(srv_conn *reader, const char *name, const char *json, size_t len, int64_t *id,
                      srv_error *err) {
  if (len > INT32_MAX) return srv_fail(err, 413, "too_large", "blueprint", "the blueprint is too large");
  srv_conn *c = begin_write(reader, err);
  if (!c) return false;
  double now = now_seconds();
  sqlite3_stmt *st = query(c, Q_INSERT_BLUEPRINT);
  sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_double(st, 2, now);
  bool ok = run(c, st, err, "cannot create the blueprint");
  int64_t content = 0;
  if (ok) *id = sqlite3_last_insert_rowid(c->db);
  ok = ok && content_id(c, *id, json, len, &content, err);
  srv_change change = {"create", NULL};
  ok = ok && insert_version(c, *id, 1, 0, content, &change, now, err);
  hint_update hint = {*id, 1, json, len};
  return end_write(c, ok, err, ok ? &hint : NULL);
}

bool srv_store_head(srv_conn *c, int64_t id, srv_head *out, srv_error *err) {
  memset(out, 0, sizeof *out);
  sqlite3_stmt *st = query_id(c, Q_HEAD, id);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_DONE) {
    sqlite3_reset(st);
    return not_found(err, id);
  }
  if (rc != SQLITE_ROW) {
    db_error(err, c->db, "cannot read the blueprint");
    sqlite3_reset(st);
    return false;
  }
  out->id = id;
  out->name = column_copy(st, 0, NULL);
  out->version = sqlite3_column_int64(st, 1);
  out->json = column_copy(st, 2, &out->len);
  out->can_undo = sqlite3_column_int(st, 3) != 0;
  out->can_redo = sqlite3_column_int(st, 4) != 0;
  sqlite3_reset(st);
  if (out->name && out->json) return true;
  srv_head_free(out);
  return srv_fail(err, 503, "out_of_memory", "", "out of memory");
}

bool srv_store_edit_head(srv_conn *c, int64_t id, int64_t expect, srv_head *out, srv_error *err) {
  srv_store *s = c->store;
  struct head_hint *h = &s->hints[(uint64_t)id % HINT_SLOTS];
  memset(out, 0, sizeof *out);
  pthread_mutex_lock(&s->hint_lock);
  if (h->id == id && (expect < 0 || expect == h->version) && (out->json = tc_malloc(h->len + 1))) {
    memcpy(out->json, h->json, h->len + 1);
    out->len = h->len;
    out->version = h->version;
    out->id = id;
  }
  pthread_mutex_unlock(&s->hint_lock);
  return out->json ? true : srv_store_head(c, id, out, err);
}

bool srv_store_commit(srv_conn *reader, int64_t id, int64_t expect, const char *json, size_t len,
                      const srv_change *change, int64_t *version, bool *changed, srv_error *err) {
  if (len > INT32_MAX) return srv_fail(err, 413, "too_large", "blueprint", "the blueprint is too large");
  srv_conn *c = begin_write(reader, err);
  if (!c) return false;
  head_row row;
  bool ok = read_head_row(c, id, expect, &row, err);
  /* A stale remembered head is forgotten (another process wrote). */
  bool stale = !ok && err->status == 409;
  int64_t content = 0;
  ok = ok && content_id(c, id, json, len, &content, err);
  *changed = ok && content != row.content;
  if (ok && !*changed) *version = row.head;
  if (ok && *changed) {
    double now = now_seconds();
    *version = row.latest + 1;
    ok = insert_version(c, id, *version, row.head, content, change, now, err) &&
         set_head(c, id, *version, now, err) && run(c, query_id(c, Q_CLEAR_REDO, id), err, "cannot clear redo");
  }
  hint_update hint = {id, ok ? *version : 0, ok ? json : NULL, len};
  return end_write(c, ok, err, ok || stale ? &hint : NULL);
}

bool srv_store_undo(srv_conn *reader, int64_t id, int64_t expect, srv_error *err) {
  srv_conn *c = begin_write(reader, err);
  if (!c) return false;
  head_row row;
  bool ok = read_head_row(c, id, expect, &row, err);
  int64_t parent = 0;
  if (ok) {
    sqlite3_stmt *st = query_id(c, Q_PARENT, id);
    sqlite3_bind_int64(st, 2, row.head);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
      parent = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (!parent) ok = srv_fail(err, 409, "nothing_to_undo", "", "version %lld is the first one", (long long)row.head);
  }
  if (ok) {
    sqlite3_stmt *st = query_id(c, Q_PUSH_REDO, id);
    sqlite3_bind_int64(st, 2, row.head);
    ok = run(c, st, err, "cannot push redo") && set_head(c, id, parent, now_seconds(), err);
  }
  hint_update forget = {id, 0, NULL, 0}; /* the head moved without its JSON at hand */
  return end_write(c, ok, err, &forget);
}

bool srv_store_redo(srv_conn *reader, int64_t id, int64_t expect, srv_error *err) {
  srv_conn *c = begin_write(reader, err);
  if (!c) return false;
  head_row row;
  bool ok = read_head_row(c, id, expect, &row, err);
  int64_t depth = 0, version = 0;
  if (ok) {
    sqlite3_stmt *st = query_id(c, Q_TOP_REDO, id);
    if (sqlite3_step(st) == SQLITE_ROW) {
      depth = sqlite3_column_int64(st, 0);
      version = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    if (!version) ok = srv_fail(err, 409, "nothing_to_redo", "", "nothing was undone since the last change");
  }
  if (ok) {
    sqlite3_stmt *st = query_id(c, Q_POP_REDO, id);
    sqlite3_bind_int64(st, 2, depth);
    ok = run(c, st, err, "cannot pop redo") && set_head(c, id, version, now_seconds(), err);
  }
  hint_update forget = {id, 0, NULL, 0}; /* the head moved without its JSON at hand */
  return end_write(c, ok, err, &forget);
}

bool srv_store_delete(srv_conn *reader, int64_t id, int64_t expect, srv_error *err) {
  srv_conn *c = begin_write(reader, err);
  if (!c) return false;
  head_row row;
  bool ok = read_head_row(c, id, expect, &row, err) &&
            run(c, query_id(c, Q_CLEAR_REDO, id), err, "cannot delete") &&
            run(c, query_id(c, Q_DEL_VERSIONS, id), err, "cannot delete") &&
            run(c, query_id(c, Q_DEL_CONTENTS, id), err, "cannot delete") &&
            run(c, query_id(c, Q_DEL_BLUEPRINT, id), err, "cannot delete");
  hint_update forget = {id, 0, NULL, 0}; /* the head moved without its JSON at hand */
  return end_write(c, ok, err, &forget);
}

bool srv_store_version(srv_conn *c, int64_t id, int64_t version, char **json, size_t *len,
                       srv_error *err) {
  sqlite3_stmt *st = query_id(c, Q_VERSION_JSON, id);
  sqlite3_bind_int64(st, 2, version);
  int rc = sqlite3_step(st);
  *json = rc == SQLITE_ROW ? column_copy(st, 0, len) : NULL;
  sqlite3_reset(st);
  if (rc == SQLITE_ROW && *json) return true;
  if (rc == SQLITE_ROW) return srv_fail(err, 503, "out_of_memory", "", "out of memory");
  if (rc != SQLITE_DONE) {
    db_error(err, c->db, "cannot read the version");
    return false;
  }
  srv_head head;
  if (!srv_store_head(c, id, &head, err)) return false;
  srv_head_free(&head);
  return srv_fail(err, 404, "not_found", "version", "blueprint %lld has no version %lld", (long long)id,
                  (long long)version);
}

/* Times are written as UTC ISO 8601 to the second. */
static void put_time(tc_text *out, double t) {
  time_t secs = (time_t)t;
  struct tm tm;
  char buf[32];
  gmtime_r(&secs, &tm);
  strftime(buf, sizeof buf, "\"%Y-%m-%dT%H:%M:%SZ\"", &tm);
  tc_text_puts(out, buf);
}

static void put_text_column(tc_text *out, sqlite3_stmt *st, int col) {
  if (sqlite3_column_type(st, col) == SQLITE_NULL) tc_text_puts(out, "null");
  else tc_json_string(out, (const char *)sqlite3_column_text(st, col));
}

bool srv_store_list_json(srv_conn *c, tc_text *out, srv_error *err) {
  sqlite3_stmt *st = query(c, Q_LIST);
  tc_text_puts(out, "{\"blueprints\": [");
  int rc, n = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    tc_text_printf(out, "%s\n  {\"id\": %lld, \"name\": ", n++ ? "," : "", (long long)sqlite3_column_int64(st, 0));
    put_text_column(out, st, 1);
    tc_text_printf(out, ", \"version\": %lld, \"versions\": %lld, \"created\": ",
                   (long long)sqlite3_column_int64(st, 2), (long long)sqlite3_column_int64(st, 3));
    put_time(out, sqlite3_column_double(st, 4));
    tc_text_puts(out, ", \"updated\": ");
    put_time(out, sqlite3_column_double(st, 5));
    tc_text_puts(out, "}");
  }
  sqlite3_reset(st);
  tc_text_puts(out, n ? "\n]}\n" : "]}\n");
  if (rc == SQLITE_DONE) return true;
  db_error(err, c->db, "cannot list blueprints");
  return false;
}

bool srv_store_versions_json(srv_conn *c, int64_t id, tc_text *out, srv_error *err) {
  srv_head head;
  if (!srv_store_head(c, id, &head, err)) return false;
  tc_text_printf(out, "{\"id\": %lld, \"name\": ", (long long)id);
  tc_json_string(out, head.name);
  tc_text_printf(out, ", \"version\": %lld, \"can_undo\": %s, \"can_redo\": %s, \"versions\": [",
                 (long long)head.version, head.can_undo ? "true" : "false", head.can_redo ? "true" : "false");
  srv_head_free(&head);
  sqlite3_stmt *st = query_id(c, Q_VERSIONS, id);
  int rc, n = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    tc_text_printf(out, "%s\n  {\"version\": %lld, \"parent\": ", n++ ? "," : "",
                   (long long)sqlite3_column_int64(st, 0));
    if (sqlite3_column_type(st, 1) == SQLITE_NULL) tc_text_puts(out, "null");
    else tc_text_printf(out, "%lld", (long long)sqlite3_column_int64(st, 1));
    tc_text_puts(out, ", \"source\": ");
    put_text_column(out, st, 2);
    tc_text_puts(out, ", \"command\": ");
    put_text_column(out, st, 3);
    tc_text_puts(out, ", \"created\": ");
    put_time(out, sqlite3_column_double(st, 4));
    tc_text_puts(out, "}");
  }
  sqlite3_reset(st);
  tc_text_puts(out, n ? "\n]}\n" : "]}\n");
  if (rc == SQLITE_DONE) return true;
  db_error(err, c->db, "cannot list versions");
  return false;
}
