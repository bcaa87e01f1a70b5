/*
 * harness.h - the unit-test harness shared by every tests/<layer> executable.
 *
 * A test is a function declared with TEST(name); it registers itself at
 * start-up (constructor attribute), so a test file needs no list to maintain.
 * CHECK(cond) and the typed CHECK_* macros record a failure with file:line and
 * let the test go on; a test passes when none of its checks failed.
 * The executable runs every test (or only those whose name contains argv[1])
 * and ends with the line "N passed, M failed"; exit code 1 when M > 0.
 * Test fixtures are found under TESSERA_SOURCE_DIR (set by CMake).
 */
#ifndef TESSERA_TEST_HARNESS_H
#define TESSERA_TEST_HARNESS_H

#include <stdint.h>
#include <string.h>

typedef void (*test_fn)(void);
void test_register(const char *name, test_fn fn);
void test_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Number of checks evaluated so far; a test that checks nothing fails. */
extern unsigned long test_checks;

#define TEST(name)                                                        \
  static void test_##name(void);                                          \
  __attribute__((constructor)) static void test_register_##name(void) {   \
    test_register(#name, test_##name);                                    \
  }                                                                       \
  static void test_##name(void)

#define CHECK(cond)                                                       \
  do {                                                                    \
    test_checks++;                                                        \
    if (!(cond)) test_fail(__FILE__, __LINE__, "%s", #cond);              \
  } while (0)

#define CHECK_INT(a, b)                                                   \
  do {                                                                    \
    long long check_a_ = (long long)(a), check_b_ = (long long)(b);      \
    test_checks++;                                                        \
    if (check_a_ != check_b_)                                             \
      test_fail(__FILE__, __LINE__, "%s == %s (%lld != %lld)", #a, #b,    \
                check_a_, check_b_);                                      \
  } while (0)

#define CHECK_STR(a, b)                                                   \
  do {                                                                    \
    const char *check_a_ = (a), *check_b_ = (b);                          \
    test_checks++;                                                        \
    if (!check_a_ || !check_b_ || strcmp(check_a_, check_b_) != 0)        \
      test_fail(__FILE__, __LINE__, "%s == %s (\"%s\" != \"%s\")", #a, #b,\
                check_a_ ? check_a_ : "(null)",                          \
                check_b_ ? check_b_ : "(null)");                         \
  } while (0)

/* Path of a file in the source tree, e.g. test_path("data/x.json"). */
const char *test_path(const char *relative);

#endif
