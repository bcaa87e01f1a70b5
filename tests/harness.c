/* harness.c - registry and runner for TEST() functions; see harness.h. */
#include "harness.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_TESTS 4096

static struct {
  const char *name;
  test_fn fn;
} tests[MAX_TESTS];
static int test_count;
static int current_failures;
unsigned long test_checks;

void test_register(const char *name, test_fn fn) {
  if (test_count == MAX_TESTS) {
    fprintf(stderr, "harness: more than %d tests\n", MAX_TESTS);
    exit(2);
  }
  tests[test_count].name = name;
  tests[test_count].fn = fn;
  test_count++;
}

void test_fail(const char *file, int line, const char *fmt, ...) {
  va_list ap;
  fprintf(stdout, "  %s:%d: check failed: ", file, line);
  va_start(ap, fmt);
  vfprintf(stdout, fmt, ap);
  va_end(ap);
  fputc('\n', stdout);
  current_failures++;
}

const char *test_path(const char *relative) {
  static char buf[8][1024];
  static int next;
  char *out = buf[next++ % 8];
  snprintf(out, sizeof buf[0], "%s/%s", TESSERA_SOURCE_DIR, relative);
  return out;
}

static int by_name(const void *a, const void *b) {
  const char *x = *(const char *const *)a, *y = *(const char *const *)b;
  return strcmp(x, y);
}

int main(int argc, char **argv) {
  const char *filter = argc > 1 ? argv[1] : NULL;
  int passed = 0, failed = 0;
  /* Registration order depends on the linker; run in name order instead. */
  qsort(tests, (size_t)test_count, sizeof tests[0], by_name);
  for (int i = 0; i < test_count; i++) {
    if (filter && !strstr(tests[i].name, filter)) continue;
    current_failures = 0;
    unsigned long checks_before = test_checks;
    tests[i].fn();
    if (test_checks == checks_before) {
      fprintf(stdout, "  %s: the test checked nothing\n", tests[i].name);
      current_failures++;
    }
    if (current_failures) {
      fprintf(stdout, "FAIL %s\n", tests[i].name);
      failed++;
    } else {
      passed++;
    }
    fflush(stdout);
  }
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
