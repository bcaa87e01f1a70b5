/*
 * test_store.c - the SQLite solver store: one row per computation, results
 * kept per task by rank, changed tasks dropping stale results, runs, export
 * that loads back as solvers, and predictions read back in rank order.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "tessera/store.h"

typedef struct fixture {
  tl_library *lib;
  arc_battery *b;
  arc_taskset *set;
  arc_eval_result run;
  char path[64];
} fixture;

static bool fixture_open(fixture *f, const char *solvers, bool cross) {
  memset(f, 0, sizeof *f);
  snprintf(f->path, sizeof f->path, "/tmp/tessera_test_store_%d.db", (int)getpid());
  remove(f->path);
  f->lib = tl_library_new();
  tl_diag diag = {{0}};
  arc_error aerr;
  arc_error err;
  if (tl_library_add_file(f->lib, test_path(solvers), &diag) < 0) return false;
  f->set = arc_taskset_load(test_path("tests/arc/data/battery/tasks"), NULL, &aerr);
  f->b = f->set ? arc_battery_compile(f->lib, &err) : NULL;
  arc_eval_options opts = arc_eval_options_default();
  opts.cross = cross;
  return f->b && arc_eval(f->b, f->set, &opts, &f->run, &err) == 0;
}

static void fixture_close(fixture *f) {
  arc_eval_result_free(&f->run);
  arc_battery_free(f->b);
  arc_taskset_free(f->set);
  tl_library_free(f->lib);
  char wal[80];
  remove(f->path);
  snprintf(wal, sizeof wal, "%s-wal", f->path);
  remove(wal);
  snprintf(wal, sizeof wal, "%s-shm", f->path);
  remove(wal);
}

static bool store_all(arc_store *s, const fixture *f, size_t keep) {
  arc_error err;
  int64_t run = arc_store_begin_run(s, "test", &err);
  const arc_eval_task *tasks[8];
  for (size_t k = 0; k < f->run.count; k++) tasks[k] = &f->run.tasks[k];
  bool ok = run > 0 && arc_store_write_tasks(s, run, f->b, tasks, f->run.count, keep, &err);
  arc_store_totals totals = {arc_battery_count(f->b), f->run.count, f->run.solved, 0, 0.1};
  ok = ok && arc_store_end_run(s, run, &totals, &err);
  if (!ok) fprintf(stderr, "%s\n", err.message);
  return ok;
}

static long long count_rows(const char *path, const char *sql) {
  sqlite3 *db;
  sqlite3_stmt *st;
  long long n = -1;
  if (sqlite3_open(path, &db) != SQLITE_OK) return -1;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

TEST(store_identical_programs_share_one_row) {
  fixture f;
  CHECK(fixture_open(&f, "tests/arc/data/battery/same.py", true));
  arc_error err;
  arc_store *s = arc_store_open(f.path, ARC_STORE_WRITE, &err);
  CHECK(s != NULL);
  if (s) {
    CHECK(store_all(s, &f, 32));
    CHECK(store_all(s, &f, 32)); /* a second run adds nothing new */
    arc_store_close(s);
  }
  /* Two library programs, one computation: one row, one result per task. */
  CHECK_INT(count_rows(f.path, "SELECT COUNT(*) FROM programs"), 1);
  CHECK_INT(count_rows(f.path, "SELECT COUNT(*) FROM results WHERE task='grow3'"), 1);
  CHECK_INT(count_rows(f.path, "SELECT COUNT(*) FROM runs WHERE finished IS NOT NULL"), 2);
  fixture_close(&f);
}

TEST(store_keeps_best_k_per_task) {
  fixture f;
  CHECK(fixture_open(&f, "tests/arc/data/battery/solvers.py", true));
  arc_error err;
  arc_store *s = arc_store_open(f.path, ARC_STORE_WRITE, &err);
  CHECK(s != NULL);
  if (s) {
    CHECK(store_all(s, &f, 1));
    arc_store_close(s);
  }
  /* Three tasks, at most one result each; the kept one is the solver. */
  CHECK_INT(count_rows(f.path, "SELECT COUNT(*) FROM results"), 3);
  CHECK_INT(count_rows(f.path, "SELECT COUNT(*) FROM results WHERE status='solved'"), 3);
  CHECK_INT(count_rows(f.path, "SELECT COUNT(*) FROM tasks"), 3);
  fixture_close(&f);
}

TEST(store_drops_results_when_a_task_changes) {
  fixture f;
  CHECK(fixture_open(&f, "tests/arc/data/battery/solvers.py", true));
  arc_error err;
  arc_store *s = arc_store_open(f.path, ARC_STORE_WRITE, &err);
  CHECK(s && store_all(s, &f, 32));
  arc_store_close(s);
  sqlite3 *db;
  CHECK(sqlite3_open(f.path, &db) == SQLITE_OK);
  sqlite3_exec(db, "UPDATE tasks SET content_hash='0' WHERE id='mirror1';"
                   "INSERT INTO programs(hash, text, length) VALUES('ff', 'x', 1);"
                   "INSERT INTO results(task, program, status, matches, train_pairs, score, work,"
                   " length) VALUES('mirror1', 'ff', 'solved', 2, 2, 1.0, 0, 1);",
               NULL, NULL, NULL);
  sqlite3_close(db);
  s = arc_store_open(f.path, ARC_STORE_WRITE, &err);
  CHECK(s && store_all(s, &f, 32));
  arc_store_close(s);
  /* The stale result of the old content is gone. */
  CHECK_INT(count_rows(f.path, "SELECT COUNT(*) FROM results WHERE program='ff'"), 0);
  fixture_close(&f);
}

TEST(store_predictions_come_back_ranked) {
  fixture f;
  CHECK(fixture_open(&f, "tests/arc/data/battery/solvers.py", true));
  arc_error err;
  arc_store *s = arc_store_open(f.path, ARC_STORE_WRITE, &err);
  CHECK(s && store_all(s, &f, 32));
  const arc_task *swap = f.set ? arc_taskset_find(f.set, "swap2") : NULL;
  arc_prediction_set *sets = NULL;
  size_t n = 0;
  char hash[33];
  if (s && swap) {
    arc_task_hash(swap, hash);
    CHECK(arc_store_predictions(s, "swap2", hash, 2, &sets, &n, &err));
    CHECK_INT(n, 1); /* only the solving program has predictions */
    /* hmirror of [[1],[2],[3]] and [[4,4],[0,4]]. */
    CHECK(n == 1 && sets[0].n == 2 && sets[0].grids[0].h == 3 && sets[0].grids[0].w == 1 &&
          memcmp(sets[0].grids[0].cells, "\3\2\1", 3) == 0);
    CHECK(n == 1 && sets[0].grids[1].h == 2 && memcmp(sets[0].grids[1].cells, "\0\4\4\4", 4) == 0);
    arc_prediction_sets_free(sets, n);
    /* A different content hash sees nothing. */
    CHECK(arc_store_predictions(s, "swap2", "00000000000000000000000000000000", 2, &sets, &n, &err));
    CHECK_INT(n, 0);
    arc_prediction_sets_free(sets, n);
  }
  arc_store_close(s);
  fixture_close(&f);
}

TEST(store_export_loads_back_as_solvers) {
  fixture f;
  CHECK(fixture_open(&f, "tests/arc/data/battery/solvers.py", true));
  arc_error err;
  arc_store *s = arc_store_open(f.path, ARC_STORE_WRITE, &err);
  CHECK(s && store_all(s, &f, 32));
  char *text = NULL;
  size_t len = 0, count = 0;
  FILE *out = open_memstream(&text, &len);
  CHECK(s && arc_store_export(s, NULL, out, &count, &err));
  fclose(out);
  CHECK_INT(count, 3);
  tl_library *lib = tl_library_new();
  tl_diag diag = {{0}};
  CHECK_INT(tl_library_add_source(lib, "export.py", text, len, &diag), 3);
  /* solve_mirror1 of the export is the vmirror written for swap2. */
  long i = tl_library_find(lib, "solve_mirror1");
  char *canon = i >= 0 ? tl_program_canonical(lib, (size_t)i) : NULL;
  CHECK(canon && strstr(canon, "vmirror(I)") != NULL);
  free(canon);
  tl_library_free(lib);
  free(text);
  arc_store_close(s);
  fixture_close(&f);
}

TEST(store_open_rejects_missing_and_garbage) {
  arc_error err;
  CHECK(arc_store_open("/nonexistent/dir/x.db", ARC_STORE_READ, &err) == NULL);
  CHECK(strstr(err.message, "no such store") != NULL);
  CHECK_INT(err.kind, ARC_ERR_INPUT);
  char path[64];
  snprintf(path, sizeof path, "/tmp/tessera_test_garbage_%d.db", (int)getpid());
  FILE *g = fopen(path, "w");
  if (g) {
    fputs("this is not a database, just some text that is long enough to matter\n", g);
    fclose(g);
  }
  arc_store *s = arc_store_open(path, ARC_STORE_READ, &err);
  CHECK(s == NULL);
  CHECK_INT(err.kind, ARC_ERR_INPUT);
  arc_store_close(s);
  remove(path);
}
