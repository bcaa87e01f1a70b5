/*
 * fuzz_task.c - fuzz target for ARC task JSON (src/arc/task.c and its fast
 * reader src/arc/task_fast.c).
 *
 * Input: one document, loaded as the task file "t.json"; when the input
 * holds a NUL byte, the bytes after it are a solutions file for it (so a
 * Kaggle challenges file and its solutions are fuzzed together).
 *
 * Besides crashes, leaks and undefined behaviour, the target checks what
 * arc_task.h promises: the fast reader and the jansson loader accept the
 * same documents with the same tasks and refuse the others with the same
 * message; loading from memory agrees with loading the file; a refusal
 * names the file. Any difference aborts, so libFuzzer keeps the input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tessera/arc_task.h"

static char dir[64], task_path[96], solutions_path[96];

static void remove_files(void) {
  unlink(task_path);
  unlink(solutions_path);
  rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  snprintf(dir, sizeof dir, "/tmp/fuzz_task.XXXXXX");
  if (!mkdtemp(dir)) abort();
  snprintf(task_path, sizeof task_path, "%s/t.json", dir);
  snprintf(solutions_path, sizeof solutions_path, "%s/s.json", dir);
  atexit(remove_files);
  return 0;
}

static void write_file(const char *path, const uint8_t *data, size_t size) {
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) abort();
}

static void differ(const char *what, const char *a, const char *b) {
  fprintf(stderr, "fuzz_task: %s\n  one:   %s\n  other: %s\n", what, a, b);
  abort();
}

static void same_sets(const char *what, const arc_taskset *x, const arc_error *ex,
                      const arc_taskset *y, const arc_error *ey) {
  if (!x || !y) {
    if (x || y) differ(what, x ? "accepted" : ex->message, y ? "accepted" : ey->message);
    if (strcmp(ex->message, ey->message) != 0) differ(what, ex->message, ey->message);
    return;
  }
  if (x->count != y->count) differ(what, "task count", "task count");
  for (size_t t = 0; t < x->count; t++) {
    const arc_task *a = &x->tasks[t], *b = &y->tasks[t];
    if (strcmp(a->id, b->id) || a->n_train != b->n_train || a->n_test != b->n_test)
      differ(what, a->id, b->id);
    for (size_t k = 0; k < a->n_train + a->n_test; k++) {
      const arc_pair *p = k < a->n_train ? &a->train[k] : &a->test[k - a->n_train];
      const arc_pair *q = k < a->n_train ? &b->train[k] : &b->test[k - a->n_train];
      bool outputs = p->output && q->output ? tv_eq(p->output, q->output) : p->output == q->output;
      if (!tv_eq(p->input, q->input) || !outputs) differ(what, a->id, "pair differs");
    }
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const uint8_t *nul = memchr(data, 0, size);
  size_t task_len = nul ? (size_t)(nul - data) : size;
  write_file(task_path, data, task_len);
  if (nul) write_file(solutions_path, nul + 1, size - task_len - 1);
  else unlink(solutions_path);

  arc_load_options fast = {.solutions_path = nul ? solutions_path : NULL};
  arc_load_options slow = fast;
  slow.json_only = true;
  arc_error ef, es, et;
  arc_taskset *a = arc_taskset_load(task_path, &fast, &ef);
  arc_taskset *b = arc_taskset_load(task_path, &slow, &es);
  same_sets("fast reader and jansson disagree", a, &ef, b, &es);
  if (!a && strncmp(ef.message, dir, strlen(dir)) != 0) differ("message names no file", ef.message, dir);

  /* In memory: text up to the first NUL, as a C string. */
  char *text = malloc(task_len + 1), *sol = nul ? strndup((const char *)nul + 1, size - task_len - 1) : NULL;
  if (!text || (nul && !sol)) abort();
  memcpy(text, data, task_len);
  text[task_len] = 0;
  arc_taskset *c = arc_taskset_from_text(task_path, text, nul ? solutions_path : NULL, sol, &et);
  bool solutions_are_text = !nul || !memchr(nul + 1, 0, size - task_len - 1);
  if (solutions_are_text) same_sets("text and file loads disagree", a, &ef, c, &et);
  free(text);
  free(sol);
  arc_taskset_free(a);
  arc_taskset_free(b);
  arc_taskset_free(c);
  return 0;
}
