/*
 * store_search.c - the store's search_programs table: the programs `arc
 * solve` found, read back as library programs of later runs (store.h,
 * arc_solve.h).
 *
 * A row is (task, hash of the program text) with the task's content hash,
 * so programs found for a task whose file later changed are dropped when
 * the task is written again and never offered for the changed task. Rows
 * accumulate across runs (a later run with a smaller budget does not erase
 * what a bigger one found); each task is pruned to its best
 * ARC_SEARCH_KEEP rows by the order programs are read back in: all demos
 * right first, then lower cost, then hash (ties broken the same way
 * everywhere). Each arc_store_put_search call is one transaction.
 */
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "arc/store_internal.h"
#include "tessera/arc_solve.h"
#include "tessera/fault.h"
#include "tessera/grow.h"

#define ARC_SEARCH_KEEP 16

static const char *const order_sql = " ORDER BY (demos_right = train_pairs) DESC, cost ASC, hash ASC";

void arc_store_texts_free(char **texts, size_t n) {
  for (size_t k = 0; texts && k < n; k++) free(texts[k]);
  free(texts);
}

bool arc_store_search_programs(arc_store *s, const char *task_id, const char *task_hash, size_t max,
                               char ***texts, size_t *n, arc_error *err) {
  *texts = NULL;
  *n = 0;
  if (!arc_store_has_search_table(s->db)) return true;
  char sql[256];
  snprintf(sql, sizeof sql, "SELECT text FROM search_programs WHERE task=?1 AND task_hash=?2%s LIMIT ?3",
           order_sql);
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
    return arc_store_fail(s, err, "cannot read search programs");
  sqlite3_bind_text(st, 1, task_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 2, task_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 3, (sqlite3_int64)max);
  size_t cap = 0;
  bool ok = true;
  int rc;
  while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *text = (const char *)sqlite3_column_text(st, 0);
    char **grown = tc_grow(*texts, *n, &cap, sizeof **texts, 4);
    char *copy = grown ? tc_strdup(text ? text : "") : NULL;
    if (grown) *texts = grown;
    if (!copy) ok = arc_fail(err, ARC_ERR_FAILED, "%s: out of memory while reading search programs", s->path);
    else (*texts)[(*n)++] = copy;
  }
  if (ok && rc != SQLITE_DONE) ok = arc_store_fail(s, err, "cannot read search programs");
  sqlite3_finalize(st);
  if (!ok) {
    arc_store_texts_free(*texts, *n);
    *texts = NULL;
    *n = 0;
  }
  return ok;
}

enum { ST_DROP_CHANGED, ST_PUT, ST_PRUNE, ST_COUNT };

static void text_hash(const char *text, char out[33]) {
  XXH128_hash_t h = XXH3_128bits(text, strlen(text));
  snprintf(out, 33, "%016llx%016llx", (unsigned long long)h.high64, (unsigned long long)h.low64);
}

static bool step_done(sqlite3_stmt *st) {
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  return rc == SQLITE_DONE;
}

static bool put_task(sqlite3_stmt *const st[ST_COUNT], int64_t run, const arc_solve_task *t) {
  const char *id = t->task->id;
  sqlite3_bind_text(st[ST_DROP_CHANGED], 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text(st[ST_DROP_CHANGED], 2, t->task_hash, -1, SQLITE_STATIC);
  if (!step_done(st[ST_DROP_CHANGED])) return false;
  for (size_t k = 0; k < t->n_programs; k++) {
    const arc_solve_program *p = &t->programs[k];
    char hash[33];
    text_hash(p->text, hash);
    sqlite3_stmt *put = st[ST_PUT];
    sqlite3_bind_text(put, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(put, 2, t->task_hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(put, 3, hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(put, 4, p->text, -1, SQLITE_STATIC);
    sqlite3_bind_int64(put, 5, (sqlite3_int64)p->cost);
    sqlite3_bind_int64(put, 6, (sqlite3_int64)k + 1);
    sqlite3_bind_int64(put, 7, (sqlite3_int64)p->demos_right);
    sqlite3_bind_int64(put, 8, (sqlite3_int64)t->task->n_train);
    sqlite3_bind_double(put, 9, p->demo_score);
    sqlite3_bind_text(put, 10, p->origin ? p->origin : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(put, 11, run);
    if (!step_done(put)) return false;
  }
  sqlite3_bind_text(st[ST_PRUNE], 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st[ST_PRUNE], 2, ARC_SEARCH_KEEP);
  return step_done(st[ST_PRUNE]);
}

bool arc_store_put_search(arc_store *s, int64_t run, const arc_solve_result *r, arc_error *err) {
  if (s->read_only) return arc_fail(err, ARC_ERR_FAILED, "%s: opened read-only", s->path);
  char prune[400];
  snprintf(prune, sizeof prune,
           "DELETE FROM search_programs WHERE task=?1 AND hash NOT IN (SELECT hash FROM"
           " search_programs WHERE task=?1%s LIMIT ?2)", order_sql);
  const char *sql[ST_COUNT] = {
      "DELETE FROM search_programs WHERE task=?1 AND task_hash<>?2",
      /* a program found again keeps its best cost and rank */
      "INSERT INTO search_programs(task, task_hash, hash, text, cost, rank, demos_right, train_pairs,"
      " demo_score, origin, run) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)"
      " ON CONFLICT(task, hash) DO UPDATE SET cost=MIN(cost, excluded.cost),"
      " rank=MIN(rank, excluded.rank), demos_right=excluded.demos_right,"
      " demo_score=excluded.demo_score, run=excluded.run",
      prune,
  };
  if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return arc_store_fail(s, err, "cannot start a transaction");
  sqlite3_stmt *st[ST_COUNT] = {0};
  bool ok = true;
  for (int k = 0; k < ST_COUNT && ok; k++) ok = sqlite3_prepare_v2(s->db, sql[k], -1, &st[k], NULL) == SQLITE_OK;
  for (size_t t = 0; t < r->count && ok; t++)
    if (!r->tasks[t].failed) ok = put_task(st, run, &r->tasks[t]);
  if (!ok) arc_store_fail(s, err, "cannot write search programs");
  for (int k = 0; k < ST_COUNT; k++) sqlite3_finalize(st[k]);
  if (ok && sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) ok = arc_store_fail(s, err, "cannot commit");
  if (!ok) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  return ok;
}
