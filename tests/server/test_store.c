/*
 * test_store.c - the blueprint store (src/server/store.c): versions and
 * their parents, stale versions, undo/redo and the redo stack, shared
 * contents, delete, read-only stores, two connections on one file, the
 * remembered head of edits, and a
 * first open killed at random moments never leaving half a schema.
 */
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "server/store.h"

static char *temp_db(void) {
  static int n;
  char *path = NULL;
  if (asprintf(&path, "/tmp/tessera-test-store-%d-%d.db", (int)getpid(), n++) < 0) return NULL;
  unlink(path);
  return path;
}

static void remove_db(char *path) {
  char side[512];
  unlink(path);
  snprintf(side, sizeof side, "%s-wal", path);
  unlink(side);
  snprintf(side, sizeof side, "%s-shm", path);
  unlink(side);
  free(path);
}

typedef struct fixture {
  char *path;
  srv_store *store;
  srv_conn *conn;
  srv_error err;
} fixture;

static void open_fixture(fixture *f) {
  char msg[256];
  memset(f, 0, sizeof *f);
  f->path = temp_db();
  f->store = srv_store_open(f->path, false, msg, sizeof msg);
  f->conn = f->store ? srv_conn_open(f->store, msg, sizeof msg) : NULL;
  CHECK(f->conn != NULL);
}

static void close_fixture(fixture *f) {
  srv_conn_close(f->conn);
  srv_store_close(f->store);
  remove_db(f->path);
}

static int64_t commit(fixture *f, int64_t id, int64_t expect, const char *json, bool *changed) {
  srv_change change = {"edit", "a command"};
  int64_t version = 0;
  bool ch = false;
  if (!srv_store_commit(f->conn, id, expect, json, strlen(json), &change, &version, &ch, &f->err)) return -f->err.status;
  if (changed) *changed = ch;
  return version;
}

static const char *head_json(fixture *f, int64_t id, int64_t *version) {
  static char buf[256];
  srv_head h;
  if (!srv_store_head(f->conn, id, &h, &f->err)) return NULL;
  snprintf(buf, sizeof buf, "%s", h.json);
  if (version) *version = h.version;
  srv_head_free(&h);
  return buf;
}

TEST(store_versions_count_up_and_keep_parents) {
  fixture f;
  open_fixture(&f);
  int64_t id = 0, v = 0;
  CHECK(srv_store_create(f.conn, "home", "{\"a\":1}", 7, &id, &f.err));
  CHECK_INT(id, 1);
  bool changed = false;
  CHECK_INT(commit(&f, id, 1, "{\"a\":2}", &changed), 2);
  CHECK(changed);
  CHECK_INT(commit(&f, id, -1, "{\"a\":3}", NULL), 3);
  CHECK_STR(head_json(&f, id, &v), "{\"a\":3}");
  CHECK_INT(v, 3);
  /* the same content as the head appends nothing */
  CHECK_INT(commit(&f, id, 3, "{\"a\":3}", &changed), 3);
  CHECK(!changed);
  tc_text t = {0};
  CHECK(srv_store_versions_json(f.conn, id, &t, &f.err));
  CHECK(strstr(t.s, "{\"version\": 3, \"parent\": 2, \"source\": \"edit\", \"command\": \"a command\"") != NULL);
  CHECK(strstr(t.s, "{\"version\": 1, \"parent\": null, \"source\": \"create\", \"command\": null") != NULL);
  tc_text_free(&t);
  char *old;
  size_t len;
  CHECK(srv_store_version(f.conn, id, 2, &old, &len, &f.err));
  CHECK_STR(old, "{\"a\":2}");
  free(old);
  CHECK(!srv_store_version(f.conn, id, 9, &old, &len, &f.err));
  CHECK_INT(f.err.status, 404);
  CHECK_STR(f.err.path, "version");
  close_fixture(&f);
}

TEST(store_refuses_a_stale_version) {
  fixture f;
  open_fixture(&f);
  int64_t id;
  CHECK(srv_store_create(f.conn, "x", "{}", 2, &id, &f.err));
  CHECK_INT(commit(&f, id, 1, "{\"b\":1}", NULL), 2);
  CHECK_INT(commit(&f, id, 1, "{\"b\":2}", NULL), -409);
  CHECK_STR(f.err.code, "stale_version");
  CHECK_STR(head_json(&f, id, NULL), "{\"b\":1}");
  CHECK_INT(commit(&f, 77, -1, "{}", NULL), -404);
  close_fixture(&f);
}

TEST(store_undo_redo_and_a_new_edit_clears_redo) {
  fixture f;
  open_fixture(&f);
  int64_t id = 0, v = 0;
  CHECK(srv_store_create(f.conn, "x", "{\"v\":1}", 7, &id, &f.err));
  CHECK(!srv_store_undo(f.conn, id, -1, &f.err));
  CHECK_STR(f.err.code, "nothing_to_undo");
  commit(&f, id, -1, "{\"v\":2}", NULL);
  commit(&f, id, -1, "{\"v\":3}", NULL);
  CHECK(srv_store_undo(f.conn, id, 3, &f.err));
  CHECK(srv_store_undo(f.conn, id, 2, &f.err));
  CHECK_STR(head_json(&f, id, &v), "{\"v\":1}");
  CHECK_INT(v, 1);
  CHECK(!srv_store_undo(f.conn, id, 3, &f.err)); /* stale */
  CHECK_INT(f.err.status, 409);
  CHECK(srv_store_redo(f.conn, id, -1, &f.err));
  CHECK_STR(head_json(&f, id, &v), "{\"v\":2}");
  srv_head h;
  CHECK(srv_store_head(f.conn, id, &h, &f.err) && h.can_undo && h.can_redo);
  srv_head_free(&h);
  /* a new version after undo: its parent is the head, redo is gone */
  CHECK_INT(commit(&f, id, 2, "{\"v\":4}", NULL), 4);
  CHECK(!srv_store_redo(f.conn, id, -1, &f.err));
  CHECK_STR(f.err.code, "nothing_to_redo");
  CHECK(srv_store_undo(f.conn, id, 4, &f.err));
  CHECK_STR(head_json(&f, id, &v), "{\"v\":2}");
  close_fixture(&f);
}

static int count_rows(const char *path, const char *sql) {
  sqlite3 *db;
  sqlite3_stmt *st;
  int n = -1;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
    if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return n;
}

TEST(store_shares_contents_and_delete_removes_everything) {
  fixture f;
  open_fixture(&f);
  int64_t id, other;
  CHECK(srv_store_create(f.conn, "x", "{\"c\":\"red\"}", 11, &id, &f.err));
  CHECK(srv_store_create(f.conn, "y", "{\"c\":\"red\"}", 11, &other, &f.err));
  for (int i = 0; i < 50; i++) commit(&f, id, -1, i % 2 ? "{\"c\":\"red\"}" : "{\"c\":\"blue\"}", NULL);
  CHECK_INT(count_rows(f.path, "SELECT COUNT(*) FROM versions WHERE blueprint = 1"), 51);
  CHECK_INT(count_rows(f.path, "SELECT COUNT(*) FROM contents WHERE blueprint = 1"), 2);
  CHECK(srv_store_delete(f.conn, id, -1, &f.err));
  CHECK_INT(count_rows(f.path, "SELECT COUNT(*) FROM versions WHERE blueprint = 1"), 0);
  CHECK_INT(count_rows(f.path, "SELECT COUNT(*) FROM contents WHERE blueprint = 1"), 0);
  CHECK(head_json(&f, id, NULL) == NULL);
  CHECK_INT(f.err.status, 404);
  CHECK_STR(head_json(&f, other, NULL), "{\"c\":\"red\"}");
  /* ids are never reused */
  int64_t third;
  CHECK(srv_store_create(f.conn, "z", "{}", 2, &third, &f.err));
  CHECK_INT(third, 3);
  close_fixture(&f);
}

TEST(store_read_only_serves_reads_and_refuses_writes) {
  fixture f;
  open_fixture(&f);
  int64_t id;
  CHECK(srv_store_create(f.conn, "x", "{\"r\":1}", 7, &id, &f.err));
  char msg[256];
  srv_store *ro = srv_store_open(f.path, true, msg, sizeof msg);
  srv_conn *rc = ro ? srv_conn_open(ro, msg, sizeof msg) : NULL;
  CHECK(rc != NULL);
  if (rc) {
    CHECK(srv_store_read_only(ro));
    srv_head h;
    CHECK(srv_store_head(rc, id, &h, &f.err));
    CHECK_STR(h.json, "{\"r\":1}");
    srv_head_free(&h);
    int64_t v;
    bool changed;
    srv_change change = {"edit", NULL};
    CHECK(!srv_store_commit(rc, id, -1, "{}", 2, &change, &v, &changed, &f.err));
    CHECK_INT(f.err.status, 403);
    CHECK_STR(f.err.code, "read_only");
  }
  srv_conn_close(rc);
  srv_store_close(ro);
  /* a read-only store that has no schema is refused, not created */
  char *empty = temp_db();
  CHECK(srv_store_open(empty, true, msg, sizeof msg) == NULL);
  remove_db(empty);
  close_fixture(&f);
}

TEST(store_refuses_a_file_that_is_not_a_store) {
  char *path = temp_db();
  FILE *fp = fopen(path, "w");
  fputs("this is not a database, it is a text file that is long enough to have a header......", fp);
  fclose(fp);
  char msg[256] = "";
  CHECK(srv_store_open(path, false, msg, sizeof msg) == NULL);
  CHECK(strstr(msg, path) != NULL);
  remove_db(path);
}

/* Two connections (as two servers on one file) writing in turn: the second
 * sees the first one's version and is refused when stale. */
TEST(store_two_connections_share_one_head) {
  fixture f;
  open_fixture(&f);
  char msg[256];
  srv_store *s2 = srv_store_open(f.path, false, msg, sizeof msg);
  srv_conn *c2 = s2 ? srv_conn_open(s2, msg, sizeof msg) : NULL;
  CHECK(c2 != NULL);
  int64_t id = 0, v = 0;
  bool changed;
  srv_change change = {"edit", NULL};
  CHECK(srv_store_create(f.conn, "x", "{}", 2, &id, &f.err));
  CHECK(c2 && srv_store_commit(c2, id, 1, "{\"two\":1}", 9, &change, &v, &changed, &f.err));
  CHECK_INT(commit(&f, id, 1, "{\"one\":1}", NULL), -409);
  CHECK_INT(commit(&f, id, 2, "{\"one\":1}", NULL), 3);
  srv_conn_close(c2);
  srv_store_close(s2);
  close_fixture(&f);
}

static const char *edit_head(fixture *f, int64_t id, int64_t expect, int64_t *version) {
  static char buf[256];
  srv_head h;
  if (!srv_store_edit_head(f->conn, id, expect, &h, &f->err)) return NULL;
  snprintf(buf, sizeof buf, "%s", h.json);
  *version = h.version;
  srv_head_free(&h);
  return buf;
}

/* The head an edit starts from is this process's last write of it, without
 * a query; when another store handle (another process) moved the head, the
 * commit after the remembered one is refused, the memory forgotten, and the
 * next edit head is read from the file. Undo forgets it too; a client's
 * expected version other than the remembered one is read from the file. */
TEST(store_edit_head_remembers_own_writes_and_forgets_stale_ones) {
  fixture f;
  open_fixture(&f);
  char msg[256];
  srv_store *s2 = srv_store_open(f.path, false, msg, sizeof msg);
  srv_conn *c2 = s2 ? srv_conn_open(s2, msg, sizeof msg) : NULL;
  CHECK(c2 != NULL);
  int64_t id = 0, v = 0;
  bool changed;
  srv_change change = {"edit", NULL};
  CHECK(srv_store_create(f.conn, "x", "{\"a\":1}", 7, &id, &f.err));
  CHECK_STR(edit_head(&f, id, -1, &v), "{\"a\":1}");
  CHECK_INT(v, 1);
  CHECK_INT(commit(&f, id, 1, "{\"a\":2}", NULL), 2);
  CHECK_STR(edit_head(&f, id, -1, &v), "{\"a\":2}");
  CHECK_INT(v, 2);
  /* the other handle writes version 3: ours still remembers 2 ... */
  CHECK(c2 && srv_store_commit(c2, id, 2, "{\"b\":3}", 7, &change, &v, &changed, &f.err));
  CHECK_STR(edit_head(&f, id, -1, &v), "{\"a\":2}");
  CHECK_INT(v, 2);
  /* ... unless the client names version 3, which is read from the file */
  CHECK_STR(edit_head(&f, id, 3, &v), "{\"b\":3}");
  CHECK_INT(v, 3);
  /* a commit after the stale 2 is refused and forgets it */
  CHECK_INT(commit(&f, id, 2, "{\"a\":4}", NULL), -409);
  CHECK_STR(edit_head(&f, id, -1, &v), "{\"b\":3}");
  CHECK_INT(v, 3);
  CHECK_INT(commit(&f, id, 3, "{\"a\":4}", NULL), 4);
  /* undo moves the head without its text at hand: forgotten, read again */
  CHECK(srv_store_undo(f.conn, id, 4, &f.err));
  CHECK_STR(edit_head(&f, id, -1, &v), "{\"b\":3}");
  CHECK_INT(v, 3);
  /* a commit of the head's own content remembers the head as it is */
  CHECK_INT(commit(&f, id, 3, "{\"b\":3}", &changed), 3);
  CHECK(!changed);
  CHECK_STR(edit_head(&f, id, -1, &v), "{\"b\":3}");
  CHECK_INT(v, 3);
  /* deleted: nothing remembered, the file says 404 */
  CHECK(srv_store_delete(f.conn, id, -1, &f.err));
  CHECK(edit_head(&f, id, -1, &v) == NULL);
  CHECK_INT(f.err.status, 404);
  srv_conn_close(c2);
  srv_store_close(s2);
  close_fixture(&f);
}

/* A child opens a new store and is killed at a random moment: the file
 * then holds no schema at all or the whole of it, and opens either way. */
TEST(store_first_open_killed_leaves_no_half_schema) {
  srand(7);
  int whole = 0, none = 0;
  for (int round = 0; round < 24; round++) {
    char *path = temp_db();
    pid_t pid = fork();
    if (pid == 0) {
      char msg[256];
      srv_store *s = srv_store_open(path, false, msg, sizeof msg);
      (void)s;
      _exit(0);
    }
    struct timespec pause = {0, (long)(rand() % 3000) * 1000};
    nanosleep(&pause, NULL);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    int tables = count_rows(path, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'");
    int schema = count_rows(path, "SELECT COUNT(*) FROM meta");
    CHECK(tables <= 0 || (tables >= 5 && schema == 1));
    if (tables >= 5) whole++;
    else none++;
    char msg[256];
    srv_store *s = srv_store_open(path, false, msg, sizeof msg);
    CHECK(s != NULL);
    srv_store_close(s);
    remove_db(path);
  }
  CHECK(whole + none == 24);
}
