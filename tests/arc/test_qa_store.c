/*
 * test_qa_store.c - store opening found unsafe during QA (see "QA findings"
 * in docs/BATTERY.md): a --store path naming another program's SQLite
 * database, or an empty file, must be refused and left untouched.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "tessera/store.h"

static void temp_path(char *out, size_t n, const char *what) {
  snprintf(out, n, "/tmp/tessera_test_qa_store_%s_%d.db", what, (int)getpid());
  remove(out);
}

static long long table_count(const char *path) {
  sqlite3 *db = NULL;
  long long n = -1;
  sqlite3_stmt *st;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM sqlite_master WHERE type='table'", -1, &st, NULL) ==
          SQLITE_OK) {
    if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return n;
}

TEST(qa_store_refuses_a_foreign_database) {
  char path[128];
  arc_error err = {0};
  temp_path(path, sizeof path, "foreign");
  sqlite3 *db = NULL;
  CHECK(sqlite3_open(path, &db) == SQLITE_OK);
  CHECK(sqlite3_exec(db, "CREATE TABLE notes(x); INSERT INTO notes VALUES(1);", NULL, NULL, NULL) == SQLITE_OK);
  sqlite3_close(db);
  for (int mode = 0; mode <= 1; mode++) {
    arc_store *s = arc_store_open(path, mode ? ARC_STORE_READ : ARC_STORE_WRITE, &err);
    CHECK(s == NULL);
    arc_store_close(s);
    CHECK(strstr(err.message, "not a tessera store") != NULL);
  }
  CHECK_INT(table_count(path), 1); /* nothing added */
  remove(path);
}

TEST(qa_store_empty_file_is_no_store_to_read) {
  char path[128];
  arc_error err = {0};
  temp_path(path, sizeof path, "empty");
  FILE *f = fopen(path, "w");
  CHECK(f != NULL);
  if (f) fclose(f);
  arc_store *s = arc_store_open(path, ARC_STORE_READ, &err);
  CHECK(s == NULL);
  arc_store_close(s);
  CHECK(strstr(err.message, "not a tessera store (the database is empty)") != NULL);
  CHECK_INT(table_count(path), 0);
  /* writing to it makes it a store, which then opens for reading */
  s = arc_store_open(path, ARC_STORE_WRITE, &err);
  CHECK(s != NULL);
  arc_store_close(s);
  s = arc_store_open(path, ARC_STORE_READ, &err);
  CHECK(s != NULL);
  arc_store_close(s);
  remove(path);
  char wal[160];
  snprintf(wal, sizeof wal, "%s-wal", path);
  remove(wal);
  snprintf(wal, sizeof wal, "%s-shm", path);
  remove(wal);
}
