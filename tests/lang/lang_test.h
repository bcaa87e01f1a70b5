/*
 * lang_test.h - helpers shared by the lang layer tests: loading sources into
 * a fresh library and checking diagnostics by prefix.
 */
#ifndef TESSERA_LANG_TEST_H
#define TESSERA_LANG_TEST_H

#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "tessera/lang.h"

#define CHECK_PREFIX(s, prefix)                                                    \
  do {                                                                             \
    const char *check_s_ = (s), *check_p_ = (prefix);                             \
    test_checks++;                                                                 \
    if (!check_s_ || strncmp(check_s_, check_p_, strlen(check_p_)) != 0)           \
      test_fail(__FILE__, __LINE__, "\"%s\" does not start with \"%s\"",          \
                check_s_ ? check_s_ : "(null)", check_p_);                        \
  } while (0)

#define CHECK_CONTAINS(s, part)                                                    \
  do {                                                                             \
    const char *check_s_ = (s), *check_p_ = (part);                               \
    test_checks++;                                                                 \
    if (!check_s_ || !strstr(check_s_, check_p_))                                  \
      test_fail(__FILE__, __LINE__, "\"%s\" does not contain \"%s\"",             \
                check_s_ ? check_s_ : "(null)", check_p_);                        \
  } while (0)

/* Loads `src` as file "t.py" into a new library; returns the diagnostic
 * (static buffer) or "" when the source loaded. */
static inline const char *load_error(const char *src) {
  static tl_diag diag;
  tl_library *lib = tl_library_new();
  int n = tl_library_add_source(lib, "t.py", src, strlen(src), &diag);
  tl_library_free(lib);
  return n < 0 ? diag.message : "";
}

/* A library holding `src` as "t.py" (NULL when it does not load). */
static inline tl_library *load_library(const char *src) {
  tl_diag diag;
  tl_library *lib = tl_library_new();
  if (tl_library_add_source(lib, "t.py", src, strlen(src), &diag) < 0) {
    fprintf(stderr, "load failed: %s\n", diag.message);
    tl_library_free(lib);
    return NULL;
  }
  return lib;
}

#endif
