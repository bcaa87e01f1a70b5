/*
 * fuzz_store.c - fuzz target for the store's reader (src/arc/store.c
 * opening, store_browse.c, predict.c): everything `arc store list|show|
 * export` and `arc predict` do with a store file someone hands us.
 *
 * Input: the bytes of a database file. It is opened read-only like the
 * commands open it, then listed (text and JSON), exported, shown by the
 * first program hash the export names, and turned into a submission for a
 * fixed Kaggle task set (the tasks the seed stores were evaluated on, so
 * the seeds' rows match by content hash and their stored predictions are
 * parsed), and that submission is scored.
 *
 * Besides crashes, leaks and undefined behaviour, the target checks the
 * error contract of store.h: every refusal carries a message and a kind,
 * and a store that opens read-only is never modified (the file's bytes are
 * compared before and after). Any violation aborts.
 *
 * Seeds (tests/fuzz/corpus/store/) are real stores written by `arc eval`
 * on these tasks with 512-byte pages (small files mutate better), plus a
 * few hand-damaged ones; see docs/FUZZING.md.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tessera/store.h"

/* tests/arc/data/kaggle/challenges.json with its solutions inlined. */
static const char challenges[] =
    "{\"k2\": {\"train\": [{\"input\": [[1, 2, 3]], \"output\": [[3, 2, 1]]}], \"test\": [{\"input\": [[4, 5]]}]},"
    " \"k1\": {\"train\": [{\"input\": [[1], [2]], \"output\": [[2], [1]]}],"
    " \"test\": [{\"input\": [[7], [8]]}, {\"input\": [[9, 9], [0, 0]]}]}}";
static const char solutions[] = "{\"k1\": [[[8], [7]], [[0, 0], [9, 9]]], \"k2\": [[[5, 4]]]}";

static char dir[64], db_path[96], sub_path[96];
static arc_taskset *tasks;

/* The database and whatever SQLite left beside it: a -wal file kept from
 * one input would be replayed into the next. */
static void remove_db(void) {
  char side[128];
  unlink(db_path);
  snprintf(side, sizeof side, "%s-wal", db_path);
  unlink(side);
  snprintf(side, sizeof side, "%s-shm", db_path);
  unlink(side);
}

static void clean_up(void) {
  remove_db();
  unlink(sub_path);
  rmdir(dir);
  arc_taskset_free(tasks);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  snprintf(dir, sizeof dir, "/tmp/fuzz_store.XXXXXX");
  if (!mkdtemp(dir)) abort();
  snprintf(db_path, sizeof db_path, "%s/s.db", dir);
  snprintf(sub_path, sizeof sub_path, "%s/sub.json", dir);
  arc_error err;
  tasks = arc_taskset_from_text("challenges.json", challenges, "solutions.json", solutions, &err);
  if (!tasks) abort();
  atexit(clean_up);
  return 0;
}

static void check_error(const char *what, const arc_error *err) {
  if ((err->kind == ARC_ERR_INPUT || err->kind == ARC_ERR_FAILED) && err->message[0]) return;
  fprintf(stderr, "fuzz_store: %s failed without a proper error (kind %d, '%s')\n", what, err->kind,
          err->message);
  abort();
}

/* Runs one reading command into a throw-away stream; its error, if any,
 * must follow the contract. */
static void browse(arc_store *s, char *hash) {
  FILE *out = fopen("/dev/null", "w");
  if (!out) abort();
  arc_error err = {0};
  if (!arc_store_print_list(s, NULL, false, out, &err)) check_error("list", &err);
  if (!arc_store_print_list(s, NULL, true, out, &err)) check_error("list --json", &err);
  if (!arc_store_print_list(s, "k1", false, out, &err)) check_error("list --task", &err);
  char *text = NULL;
  size_t len = 0, count = 0;
  FILE *mem = open_memstream(&text, &len);
  if (!mem) abort();
  if (!arc_store_export(s, NULL, mem, &count, &err)) check_error("export", &err);
  fclose(mem);
  const char *at = text ? strstr(text, " program ") : NULL;
  if (at && sscanf(at, " program %32[0-9a-f]", hash) == 1 && strlen(hash) >= 4 &&
      !arc_store_print_show(s, hash, true, out, &err))
    check_error("show", &err);
  free(text);
  fclose(out);
}

static void predict_and_score(arc_store *s) {
  FILE *out = fopen(sub_path, "w");
  if (!out) abort();
  arc_predict_stats stats;
  arc_error err = {0};
  bool written = arc_predict(s, tasks, out, &stats, NULL, NULL, &err);
  fclose(out);
  if (!written) {
    check_error("predict", &err);
    return;
  }
  arc_submission_score score;
  if (!arc_score_submission(sub_path, tasks, &score, NULL, NULL, &err)) {
    /* our own submission must always be valid */
    fprintf(stderr, "fuzz_store: the submission predict wrote does not score: %s\n", err.message);
    abort();
  }
}

static void write_db(const uint8_t *data, size_t size) {
  remove_db();
  FILE *f = fopen(db_path, "wb");
  if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  write_db(data, size);
  arc_error err = {0};
  arc_store *s = arc_store_open(db_path, ARC_STORE_READ, &err);
  if (!s) {
    check_error("open", &err);
    return 0;
  }
  char hash[33] = "";
  browse(s, hash);
  predict_and_score(s);
  arc_store_close(s);
  /* reading never writes */
  FILE *f = fopen(db_path, "rb");
  uint8_t *after = malloc(size + 1);
  size_t got = f && after ? fread(after, 1, size + 1, f) : 0;
  if (f) fclose(f);
  if (got != size || memcmp(after, data, size) != 0) {
    fprintf(stderr, "fuzz_store: a read-only open changed the file\n");
    abort();
  }
  free(after);
  return 0;
}
