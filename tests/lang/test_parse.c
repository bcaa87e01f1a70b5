/*
 * test_parse.c - the loader: accepted syntax and every class of load error,
 * with the exact "file:line:col:" position of each diagnostic.
 */
#include <stdlib.h>

#include "lang_test.h"

TEST(parse_good_fixture) {
  tl_library *lib = tl_library_new();
  tl_diag diag = {{0}};
  const char *path = test_path("tests/lang/data/good.py");
  int added = tl_library_add_file(lib, path, &diag);
  CHECK_STR(diag.message, "");
  CHECK_INT(added, 2);
  CHECK_INT(tl_library_count(lib), 2);
  CHECK_STR(tl_program_name(lib, 0), "solve_mirror");
  CHECK_STR(tl_program_name(lib, 1), "solve_forms");
  CHECK_INT(tl_library_find(lib, "solve_forms"), 1);
  CHECK_INT(tl_library_find(lib, "solve_absent"), -1);
  CHECK_INT(tl_program_line(lib, 1), 12);
  CHECK_STR(tl_program_file(lib, 1), path);
  CHECK(tl_program_name(lib, 2) == NULL);
  tl_library_free(lib);
}

TEST(parse_accepts_forms) {
  CHECK_STR(load_error("def f(I):\n    return I\n"), "");
  CHECK_STR(load_error("def f(I):\n    return vmirror(I)"), ""); /* no final newline */
  CHECK_STR(load_error("def f(I):\r\n    x1 = vmirror(I)\r\n    return x1\r\n"), "");
  CHECK_STR(load_error("def f(I):\n\tx1 = vmirror(I)\n\treturn x1\n"), "");
  CHECK_STR(load_error("def f(I):\n    x1 = (ONE,)\n    x2 = ()\n    return x1\n"), "");
  CHECK_STR(load_error("def f(I):\n    x1 = ((1, 2), (3, 4))\n    return x1\n"), "");
  CHECK_STR(load_error("def f(I):\n    x1 = (vmirror)(I)\n    return x1\n"), "");
  CHECK_STR(load_error("def f(I):\n    x1 = rbind(add, 1)(2)\n    return x1\n"), "");
  CHECK_STR(load_error("def f(I):\n    x1 = add(False, -0)\n    return x1\n"), "");
  CHECK_STR(load_error("def f(I):\n    I = vmirror(I)\n    I = hmirror(I)\n    return I\n"), "");
  CHECK_STR(load_error("# only a comment\n\nimport x as y\nfrom . import z\n"), "");
  CHECK_STR(load_error(""), "");
  CHECK_STR(load_error("def f(I):\n    return I  # caf\xc3\xa9\n"), "");
}

TEST(parse_error_syntax) {
  CHECK_PREFIX(load_error("def f(I):\n    x1 = = I\n    return x1\n"),
               "t.py:2:10: expected an expression");
  CHECK_PREFIX(load_error("def f(I):\n    x1 = vmirror(I\n"), "t.py:3:1: unexpected end of file");
  CHECK_PREFIX(load_error("def f(I):\n    x1 = vmirror(I))\n    return x1\n"),
               "t.py:2:20: unmatched ')'");
  CHECK_PREFIX(load_error("def f(I):\n    x1 = I + I\n    return x1\n"), "t.py:2:12:");
  CHECK_PREFIX(load_error("def f(I):\n    x1 = vmirror(I) x1\n    return x1\n"),
               "t.py:2:21: expected end of line");
  CHECK_PREFIX(load_error("def f(I):\n    vmirror(I)\n    return I\n"),
               "t.py:2:12: expected '=' after 'vmirror'");
  CHECK_PREFIX(load_error("def f(I):\n    x1 = 007\n    return x1\n"), "t.py:2:10: leading zeros");
  CHECK_PREFIX(load_error("def f(I):\n    x1 = 99999999999999999999\n    return x1\n"),
               "t.py:2:10: integer literal out of range");
  CHECK_PREFIX(load_error("def f(I):\n    x1 = -I\n    return x1\n"), "t.py:2:10:");
  CHECK_PREFIX(load_error("def f(I, J):\n    return I\n"), "t.py:1:8:");
  CHECK_PREFIX(load_error("def f():\n    return I\n"), "t.py:1:7:");
  CHECK_PREFIX(load_error("def f(I)\n    return I\n"), "t.py:1:9: expected ':'");
  CHECK_PREFIX(load_error("def f(I):\n    return\n"), "t.py:2:11: 'return' needs a value");
  CHECK_PREFIX(load_error("def f(I):\nreturn I\n"), "t.py:2:1: expected an indented body");
  CHECK_PREFIX(load_error("def f(I):\n    x1 = vmirror(I)\n      x2 = x1\n    return x2\n"),
               "t.py:3:7: indentation does not match");
  CHECK_PREFIX(load_error("def f(I):\n    return I\n    x1 = I\n"),
               "t.py:3:5: statement after 'return'");
  CHECK_PREFIX(load_error("def f(I):\n    if = I\n    return I\n"),
               "t.py:2:5: cannot assign to keyword 'if'");
  CHECK_PREFIX(load_error("def f(I):\n    rot90 = I\n    return I\n"),
               "t.py:2:5: cannot assign to 'rot90'");
  CHECK_PREFIX(load_error("def f(I):\n    x1 = \"text\"\n    return I\n"), "t.py:2:10:");
  CHECK_PREFIX(load_error("def f(I):\n    x1 = f(x=I)\n    return I\n"), "t.py:2:10:");
}

TEST(parse_error_names) {
  CHECK_PREFIX(load_error("def f(I):\n    x1 = foo(I)\n    return x1\n"),
               "t.py:2:10: unknown name 'foo'");
  CHECK_PREFIX(load_error("def f(I):\n    x1 = vmirror(x2)\n    x2 = hmirror(I)\n    return x1\n"),
               "t.py:2:18: name 'x2' is used before its definition on line 3");
  CHECK_PREFIX(load_error("def f(I):\n    x1 = vmirror(x1)\n    return x1\n"),
               "t.py:2:18: name 'x1' is used before its definition on line 2");
  /* A variable of another def is not visible. */
  CHECK_PREFIX(load_error("def f(I):\n    x1 = vmirror(I)\n    return x1\n"
                          "def g(I):\n    return x1\n"),
               "t.py:5:12: unknown name 'x1'");
  CHECK_PREFIX(load_error("def f(I):\n    return None\n"), "t.py:2:12: unexpected keyword 'None'");
}

TEST(parse_error_arity_and_types) {
  CHECK_PREFIX(load_error("def f(I):\n    x1 = vmirror(I, I)\n    return x1\n"),
               "t.py:2:10: vmirror takes 1 argument but 2 were given");
  CHECK_PREFIX(load_error("def f(I):\n    x1 = vmirror\n    x2 = x1()\n    return x2\n"),
               "t.py:3:10: vmirror takes 1 argument but 0 were given");
  CHECK_PREFIX(load_error("def f(I):\n    x1 = ONE(I)\n    return x1\n"),
               "t.py:2:10: 'ONE' is a constant (integer), not a function");
  CHECK_PREFIX(load_error("def f(I):\n    x1 = vmirror(I)(I)\n    return x1\n"),
               "t.py:2:10: this expression is not callable");
  CHECK_PREFIX(load_error("def f(I):\n    x1 = hconcat(I, ONE)\n    return x1\n"),
               "t.py:2:21: argument 2 of hconcat must be grid");
  CHECK_PREFIX(load_error("def f(I):\n    x1 = size(I)\n    x2 = hconcat(I, x1)\n    return x2\n"),
               "t.py:3:21: argument 2 of hconcat must be grid");
  CHECK_PREFIX(load_error("def f(I):\n    x1 = hconcat(I, (1, 2))\n    return x1\n"),
               "t.py:2:21: argument 2 of hconcat must be grid");
  /* A dynamic result may be anything, so it is accepted. */
  CHECK_STR(load_error("def f(I):\n    x1 = rbind(hconcat, I)\n    x2 = x1(I)\n"
                       "    x3 = hconcat(x2, I)\n    return x3\n"),
            "");
}

TEST(parse_error_structure) {
  CHECK_PREFIX(load_error("def f(I):\n    x1 = vmirror(I)\n"),
               "t.py:1:1: function 'f' has no return statement");
  CHECK_PREFIX(load_error("def f(I):\n    return I\n\n\ndef f(I):\n    return I\n"),
               "t.py:5:5: duplicate function 'f' (first defined at t.py:1)");
  CHECK_PREFIX(load_error("x1 = vmirror(I)\n"), "t.py:1:1: statement outside a function");
  CHECK_PREFIX(load_error("\n\n    x1 = 1\n"), "t.py:3:5: unexpected indentation");
  CHECK_PREFIX(load_error("def f(I):\n    return I\nx1 = 2\n"), "t.py:3:1: statement outside");
}

TEST(parse_error_limits_and_encoding) {
  size_t long_len = ((size_t)1 << 20) + 200; /* the documented limit is 1 MiB */
  char *long_src = malloc(long_len + 64);
  CHECK(long_src != NULL);
  if (!long_src) return;
  memcpy(long_src, "def f(I):\n# ", 12);
  memset(long_src + 12, 'a', long_len);
  strcpy(long_src + 12 + long_len, "\n    return I\n");
  char expected[64];
  snprintf(expected, sizeof expected, "t.py:2:%d: line too long", (1 << 20) + 1);
  CHECK_PREFIX(load_error(long_src), expected);
  free(long_src);
  char src[1400];

  char ident[200];
  memset(ident, 'x', sizeof ident);
  ident[199] = '\0';
  snprintf(src, sizeof src, "def f(I):\n    %s = I\n    return I\n", ident);
  CHECK_PREFIX(load_error(src), "t.py:2:5: identifier too long");

  CHECK_PREFIX(load_error("def f(I):\n    return I  # caf\xe9\n"), "t.py:2:20: invalid UTF-8");
  CHECK_PREFIX(load_error("def f(I):\n    return I  # \xc0\xaf\n"), "t.py:2:17: invalid UTF-8");
  CHECK_PREFIX(load_error("def f(I):\n    x\xc3\xa9 = I\n    return I\n"),
               "t.py:2:6: non-ASCII character");
  static const char with_nul[] = "def f(I):\n    return I\0\n";
  tl_library *lib = tl_library_new();
  tl_diag diag;
  CHECK_INT(tl_library_add_source(lib, "t.py", with_nul, sizeof with_nul - 1, &diag), -1);
  CHECK_PREFIX(diag.message, "t.py:2:13: NUL byte");
  tl_library_free(lib);
}

TEST(parse_error_nesting) {
  char src[2000] = "def f(I):\n    x1 = ";
  for (int k = 0; k < 100; k++) strcat(src, "vmirror(");
  strcat(src, "I");
  for (int k = 0; k < 100; k++) strcat(src, ")");
  strcat(src, "\n    return x1\n");
  /* The 65th '(' is at column 10 + 65 * 8 - 1. */
  char expected[64];
  snprintf(expected, sizeof expected, "t.py:2:%d: expression nested too deeply", 10 + 65 * 8 - 1);
  CHECK_PREFIX(load_error(src), expected);
  /* Depth 20 is fine. */
  char ok[1000] = "def f(I):\n    x1 = ";
  for (int k = 0; k < 20; k++) strcat(ok, "vmirror(");
  strcat(ok, "I");
  for (int k = 0; k < 20; k++) strcat(ok, ")");
  strcat(ok, "\n    return x1\n");
  CHECK_STR(load_error(ok), "");
}

TEST(parse_all_or_nothing) {
  tl_library *lib = tl_library_new();
  tl_diag diag;
  CHECK_INT(tl_library_add_file(lib, test_path("tests/lang/data/shared_a.py"), &diag), 1);
  size_t nodes = tl_library_node_count(lib);
  CHECK_INT(tl_library_add_file(lib, test_path("tests/lang/data/half_bad.py"), &diag), -1);
  CHECK_CONTAINS(diag.message, "half_bad.py:11:16: unknown name 'x2'");
  CHECK_INT(tl_library_count(lib), 1);
  CHECK_INT(tl_library_node_count(lib), nodes);
  CHECK_INT(tl_library_find(lib, "solve_fine"), -1);
  /* The library still works and can take the good definition again. */
  const char *fine = "def solve_fine(I):\n    return rot90(I)\n";
  CHECK_INT(tl_library_add_source(lib, "fine.py", fine, strlen(fine), &diag), 1);
  CHECK_INT(tl_library_find(lib, "solve_fine"), 1);
  /* Another file may define the same name: both programs exist, look-ups
   * by name find the first. */
  size_t before = tl_library_count(lib);
  const char *again = "def solve_left(I):\n    return rot90(I)\n";
  CHECK_INT(tl_library_add_source(lib, "other.py", again, strlen(again), &diag), 1);
  CHECK_INT(tl_library_count(lib), before + 1);
  CHECK_INT(tl_library_find(lib, "solve_left"), 0);
  CHECK_STR(tl_program_file(lib, before), "other.py");
  CHECK_INT(tl_library_add_file(lib, "/nonexistent/x.py", &diag), -1);
  CHECK_PREFIX(diag.message, "/nonexistent/x.py:1:1: cannot open file");
  tl_library_free(lib);
}
