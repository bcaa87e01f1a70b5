/* test_options.c - option scanning and its GNU-style messages, and the
 * strict number parsers. */
#include <math.h>
#include <string.h>

#include "harness.h"
#include "tessera/options.h"

enum { OPT_TASKS = 256, OPT_JSON, OPT_STORE, OPT_STATS };
static const struct option longopts[] = {
    {"tasks", required_argument, NULL, OPT_TASKS}, {"json", no_argument, NULL, OPT_JSON},
    {"store", required_argument, NULL, OPT_STORE}, {"stats", no_argument, NULL, OPT_STATS},
    {"jobs", required_argument, NULL, 'j'},        {NULL, 0, NULL, 0},
};

/* Scans argv and returns the message of the first bad option ("" if none). */
static const char *problem(int argc, char **argv) {
  static tc_opt_parser p;
  tc_opt_init(&p, argc, argv, "hj:", longopts);
  int opt;
  while ((opt = tc_opt_next(&p)) != -1)
    if (opt == '?') return p.message;
  return "";
}

TEST(options_scan_values_and_operands) {
  char *argv[] = {"run", "a.py", "--tasks", "dir", "-j2", "--json", "b.py", "--store=x.db", NULL};
  tc_opt_parser p;
  tc_opt_init(&p, 8, argv, "hj:", longopts);
  const char *tasks = NULL, *jobs = NULL, *store = NULL;
  bool json = false;
  int opt;
  while ((opt = tc_opt_next(&p)) != -1) {
    if (opt == OPT_TASKS) tasks = p.arg;
    if (opt == 'j') jobs = p.arg;
    if (opt == OPT_JSON) json = true;
    if (opt == OPT_STORE) store = p.arg;
  }
  CHECK_STR(tasks, "dir");
  CHECK_STR(jobs, "2");
  CHECK_STR(store, "x.db");
  CHECK(json);
  int first = tc_opt_operands(&p);
  CHECK_INT(8 - first, 2);
  CHECK_STR(argv[first], "a.py");
  CHECK_STR(argv[first + 1], "b.py");
}

TEST(options_word_every_problem_like_gnu) {
  char *a[] = {"x", "--jsn", NULL};
  CHECK_STR(problem(2, a), "unrecognized option '--jsn'");
  char *b[] = {"x", "--tasks", NULL};
  CHECK_STR(problem(2, b), "option '--tasks' requires an argument");
  char *c[] = {"x", "--json=yes", NULL};
  CHECK_STR(problem(2, c), "option '--json' doesn't allow an argument");
  char *d[] = {"x", "--st", "q", NULL};
  CHECK_STR(problem(3, d), "option '--st' is ambiguous; possibilities: '--store' '--stats'");
  char *e[] = {"x", "-q", NULL};
  CHECK_STR(problem(2, e), "invalid option -- 'q'");
  char *f[] = {"x", "-j", NULL};
  CHECK_STR(problem(2, f), "option requires an argument -- 'j'");
  char *g[] = {"x", "file", "--bogus=1", NULL};
  CHECK_STR(problem(3, g), "unrecognized option '--bogus=1'");
  char *h[] = {"x", "--js", NULL}; /* a unique abbreviation is fine */
  CHECK_STR(problem(2, h), "");
}

TEST(options_numbers_are_strict) {
  long v = 0;
  CHECK(tc_parse_long("12", 1, 256, &v) && v == 12);
  CHECK(!tc_parse_long("2x", 1, 256, &v));
  CHECK(!tc_parse_long(" 2", 1, 256, &v));
  CHECK(!tc_parse_long("+2", 1, 256, &v));
  CHECK(!tc_parse_long("", 1, 256, &v));
  CHECK(!tc_parse_long("257", 1, 256, &v));
  CHECK(!tc_parse_long("99999999999999999999", 0, 1L << 40, &v));
  uint64_t u = 0;
  CHECK(tc_parse_u64("18446744073709551615", &u) && u == UINT64_MAX);
  CHECK(!tc_parse_u64("-1", &u));
  CHECK(!tc_parse_u64("18446744073709551616", &u));
  double d = 0;
  CHECK(tc_parse_double("2.5", 0, 1e9, &d) && d == 2.5);
  CHECK(!tc_parse_double("nan", 0, 1e9, &d));
  CHECK(!tc_parse_double("inf", 0, INFINITY, &d));
  CHECK(!tc_parse_double("-1", 0, 1e9, &d));
  CHECK(!tc_parse_double("1s", 0, 1e9, &d));
}
