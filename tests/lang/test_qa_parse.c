/* test_qa_parse.c - solver files found hard to load during QA (see "QA
 * findings" in docs/BATTERY.md): long inlined expressions, a byte-order mark,
 * the message for calling a non-function. Expectations follow Python: it
 * loads these files (or rejects them) the same way. */
#include <stdlib.h>

#include "lang_test.h"

/* "x1 = " and a complete binary tree of hconcat calls of the given depth
 * over I: 2^depth leaves, so the line grows long while nesting stays shallow. */
static void append_tree(char *out, int depth) {
  if (depth == 0) {
    strcat(out, "I");
    return;
  }
  strcat(out, "hconcat(");
  append_tree(out, depth - 1);
  strcat(out, ", ");
  append_tree(out, depth - 1);
  strcat(out, ")");
}

TEST(qa_parse_long_inlined_line) {
  /* depth 10: 1024 leaves, about 14 KB on one line, nesting 10 */
  char *src = malloc(64 * 1024);
  CHECK(src != NULL);
  if (!src) return;
  strcpy(src, "def f(I):\n    x1 = ");
  append_tree(src, 10);
  strcat(src, "\n    return x1\n");
  CHECK(strlen(src) > 10000);
  CHECK_STR(load_error(src), "");
  free(src);
}

TEST(qa_parse_byte_order_mark) {
  CHECK_STR(load_error("\xef\xbb\xbf" "def f(I):\n    x1 = vmirror(I)\n    return x1\n"), "");
  /* columns of the first line count after the mark, as in Python */
  CHECK_PREFIX(load_error("\xef\xbb\xbf" "x1 = vmirror(I)\n"), "t.py:1:1: statement outside a function");
  /* a mark anywhere else is still a stray non-ASCII character */
  CHECK_PREFIX(load_error("def f(I):\n    \xef\xbb\xbf" "return I\n"), "t.py:2:5: non-ASCII character");
}

TEST(qa_parse_not_callable_message) {
  CHECK_STR(load_error("def f(I):\n    x1 = 5(I)\n    return x1\n"),
            "t.py:2:10: this expression is not callable (its kind is integer)");
}

TEST(qa_parse_folder_given_as_file) {
  /* fopen succeeds on a folder; the read fails with EISDIR, which the
   * message must say (it used to be a bare "read error") */
  tl_library *lib = tl_library_new();
  tl_diag diag = {{0}};
  CHECK_INT(tl_library_add_file(lib, test_path("tests/lang/data"), &diag), -1);
  CHECK(strstr(diag.message, "data:1:1: cannot read file: Is a directory") != NULL);
  tl_library_free(lib);
}

TEST(qa_parse_zero_literals) {
  /* Python 3 reads 00 as 0 and rejects 01 */
  CHECK_STR(load_error("def f(I):\n    x1 = add(00, 1)\n    return I\n"), "");
  CHECK_PREFIX(load_error("def f(I):\n    x1 = add(01, 1)\n    return I\n"),
               "t.py:2:14: leading zeros in integer literal");
}
