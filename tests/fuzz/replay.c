/*
 * replay.c - runs a fuzz target's committed corpus once, as an ordinary test.
 *
 * Linked with one tests/fuzz/fuzz_<name>.c into build/test_fuzz_<name>
 * (CMakeLists.txt), this main() feeds every file of the target's corpus
 * folder (FUZZ_CORPUS), or the files named on the command line, to
 * LLVMFuzzerTestOneInput in name order, so the corpus - seeds and every
 * crash ever found - is replayed by `make test` under gcc and under
 * ASan+UBSan. An input passes when the target returns; a crash ends the
 * process without the summary line, which tests/run_all.sh counts as a
 * failure, and the name of the input is printed first.
 */
#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));
void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

static char current[4096];

static void say_current(void) {
  ssize_t ignored = write(2, "replay: crashed on ", 19);
  ignored = write(2, current, strlen(current));
  ignored = write(2, "\n", 1);
  (void)ignored;
}

static void on_signal(int sig) {
  say_current();
  signal(sig, SIG_DFL);
  raise(sig);
}

static void report_crashes(void) {
  if (__sanitizer_set_death_callback) {
    __sanitizer_set_death_callback(say_current);
    return;
  }
  int sigs[] = {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL};
  for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) signal(sigs[i], on_signal);
}

/* Whole file in a malloc'd buffer of exactly its size (so ASan sees reads
 * past the end, as libFuzzer's copy would). */
static uint8_t *slurp(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 4096, n = 0;
  uint8_t *buf = malloc(cap);
  for (size_t got; buf && (got = fread(buf + n, 1, cap - n, f)) > 0;) {
    n += got;
    if (n == cap) {
      uint8_t *bigger = realloc(buf, cap *= 2);
      if (!bigger) free(buf);
      buf = bigger;
    }
  }
  fclose(f);
  uint8_t *exact = buf ? malloc(n ? n : 1) : NULL;
  if (exact) memcpy(exact, buf, n);
  free(buf);
  *size = n;
  return exact;
}

static int run_file(const char *path) {
  size_t size = 0;
  uint8_t *data = slurp(path, &size);
  if (!data) {
    fprintf(stdout, "  %s: cannot read\n", path);
    return 1;
  }
  snprintf(current, sizeof current, "%s", path);
  LLVMFuzzerTestOneInput(data, size);
  free(data);
  return 0;
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The regular files of the corpus folder, sorted; runs each. */
static void run_corpus(const char *dir, int *passed, int *failed) {
  DIR *d = opendir(dir);
  if (!d) {
    fprintf(stdout, "  %s: no corpus folder\n", dir);
    (*failed)++;
    return;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  for (struct dirent *e; (e = readdir(d));) {
    if (e->d_name[0] == '.') continue;
    if (n == cap) {
      char **grown = realloc(names, (cap = cap ? 2 * cap : 64) * sizeof *names);
      if (!grown) break;
      names = grown;
    }
    if (!(names[n] = strdup(e->d_name))) break;
    n++;
  }
  closedir(d);
  if (n) qsort(names, n, sizeof *names, by_name);
  char path[4096];
  for (size_t i = 0; i < n; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    if (run_file(path)) (*failed)++;
    else (*passed)++;
    free(names[i]);
  }
  free(names);
  if (n == 0) {
    fprintf(stdout, "  %s: empty corpus\n", dir);
    (*failed)++;
  }
}

int main(int argc, char **argv) {
  report_crashes();
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
  int passed = 0, failed = 0;
  if (argc > 1) {
    for (int i = 1; i < argc; i++) {
      if (run_file(argv[i])) failed++;
      else passed++;
    }
  } else {
    run_corpus(FUZZ_CORPUS, &passed, &failed);
  }
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
