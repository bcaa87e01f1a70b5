/*
 * test_robust.c - the loader never crashes: random bytes, truncated and
 * mutated files, deep nesting; every failure is a well-formed diagnostic.
 * Also loads the reference solvers.py (when present) and times it.
 */
#include <stdlib.h>
#include <time.h>

#include "lang_test.h"

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;
static uint32_t rng(void) {
  rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
  return (uint32_t)(rng_state >> 33);
}

/* True when msg looks like "file:LINE:COL: text". */
static bool well_formed(const char *msg, const char *file) {
  size_t n = strlen(file);
  if (strncmp(msg, file, n) != 0 || msg[n] != ':') return false;
  const char *s = msg + n + 1;
  for (int field = 0; field < 2; field++) {
    if (*s < '1' || *s > '9') return false;
    while (*s >= '0' && *s <= '9') s++;
    if (*s++ != ':') return false;
  }
  return *s == ' ' && s[1] != '\0';
}

/* Loads bytes and checks the outcome is consistent; returns the result. */
static int load_bytes(const char *bytes, size_t len) {
  tl_library *lib = tl_library_new();
  tl_diag diag;
  int n = tl_library_add_source(lib, "fuzz.py", bytes, len, &diag);
  if (n < 0) {
    CHECK(well_formed(diag.message, "fuzz.py"));
    CHECK_INT(tl_library_count(lib), 0);
  } else {
    CHECK_INT(tl_library_count(lib), n);
    for (size_t i = 0; i < (size_t)n; i++) free(tl_program_canonical(lib, i));
  }
  tl_library_free(lib);
  return n;
}

static char *read_fixture(const char *relative, size_t *len) {
  FILE *f = fopen(test_path(relative), "rb");
  if (!f) return NULL;
  char *buf = malloc(1 << 16);
  *len = buf ? fread(buf, 1, 1 << 16, f) : 0;
  fclose(f);
  return buf;
}

TEST(robust_random_bytes) {
  char buf[512];
  for (int round = 0; round < 300; round++) {
    size_t len = rng() % sizeof buf;
    for (size_t k = 0; k < len; k++) buf[k] = (char)rng();
    load_bytes(buf, len);
  }
  /* Random text from the language's own alphabet gets further in. */
  static const char alphabet[] = "def solve_(I):\n    x1=, ()-#0123ORIGIN vmirror return\t";
  for (int round = 0; round < 300; round++) {
    size_t len = rng() % sizeof buf;
    for (size_t k = 0; k < len; k++) buf[k] = alphabet[rng() % (sizeof alphabet - 1)];
    load_bytes(buf, len);
  }
}

TEST(robust_truncated_and_mutated) {
  size_t len = 0;
  char *good = read_fixture("tests/lang/data/good.py", &len);
  CHECK(good != NULL && len > 100);
  if (!good) return;
  CHECK_INT(load_bytes(good, len), 2);
  int loaded_prefixes = 0;
  for (size_t cut = 0; cut < len; cut++) loaded_prefixes += load_bytes(good, cut) >= 0;
  CHECK(loaded_prefixes > 0);
  char *copy = malloc(len);
  for (int round = 0; round < 400 && copy; round++) {
    memcpy(copy, good, len);
    for (int flips = 1 + (int)(rng() % 3); flips > 0; flips--) copy[rng() % len] = (char)rng();
    load_bytes(copy, len);
  }
  free(copy);
  free(good);
}

TEST(robust_deep_and_wide) {
  /* Deep parentheses, a long chain of statements, many arguments. */
  size_t cap = 1 << 20;
  char *src = malloc(cap);
  CHECK(src != NULL);
  if (!src) return;
  strcpy(src, "def f(I):\n    x0 = ");
  for (int k = 0; k < 500; k++) strcat(src, "(");
  load_bytes(src, strlen(src));

  size_t n = (size_t)sprintf(src, "def f(I):\n    x0 = I\n");
  for (int k = 1; k <= 20000; k++) n += (size_t)sprintf(src + n, "    x%d = vmirror(x%d)\n", k, k - 1);
  n += (size_t)sprintf(src + n, "    return x20000\n");
  CHECK_INT(load_bytes(src, n), 1);

  n = (size_t)sprintf(src, "def f(I):\n    x1 = (");
  for (int k = 0; k < 100; k++) n += (size_t)sprintf(src + n, "1, ");
  n += (size_t)sprintf(src + n, ")\n    return x1\n");
  CHECK_INT(load_bytes(src, n), -1); /* more than 64 elements */
  free(src);
}

TEST(robust_reference_solvers) {
  const char *path = "/tmp/arc-dsl/solvers.py";
  FILE *probe = fopen(path, "rb");
  if (!probe) {
    printf("  note: %s not present; skipping the reference-solvers check\n", path);
    CHECK(true);
    return;
  }
  fclose(probe);
  tl_library *lib = tl_library_new();
  tl_diag diag = {{0}};
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  int n = tl_library_add_file(lib, path, &diag);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
  CHECK_STR(diag.message, "");
  CHECK_INT(n, 400);
  size_t statements = 0;
  for (size_t i = 0; i < tl_library_count(lib); i++) {
    char *text = tl_program_canonical(lib, i);
    CHECK(text != NULL);
    for (char *s = text; s && *s; s++) statements += *s == '\n';
    free(text);
  }
  printf("  note: solvers.py: %d programs, %zu DAG nodes, %zu canonical lines, loaded in %.2f ms\n",
         n, tl_library_node_count(lib), statements, ms);
  tl_library_free(lib);
}
