/* test_perf_lex.c - source validation skips plain ASCII eight bytes at a
 * time. A NUL, a newline or a non-ASCII byte at any position inside such a
 * word must still be found at its exact line and column (1-based, counted
 * in bytes as the existing messages count them), and valid UTF-8 in
 * comments must still pass. */
#include "lang_test.h"

/* "def f(I):\n    return I  # " followed by `pad` x's and then `bad`. */
static const char *with_byte_at(int pad, const char *bad, char *buf, size_t size) {
  char xs[64];
  memset(xs, 'x', (size_t)pad);
  xs[pad] = 0;
  snprintf(buf, size, "def f(I):\n    return I  # %s%s tail\n", xs, bad);
  return buf;
}

TEST(perf_lex_bad_bytes_found_at_every_offset) {
  char src[256], want[64];
  /* The comment text starts at column 17 of line 2 (after 16 bytes). */
  for (int pad = 0; pad < 20; pad++) {
    with_byte_at(pad, "\xff", src, sizeof src);
    snprintf(want, sizeof want, "t.py:2:%d: invalid UTF-8 byte 0xff", 17 + pad);
    CHECK_PREFIX(load_error(src), want);
  }
  for (int pad = 0; pad < 20; pad++) {
    with_byte_at(pad, "\xc3\xa9", src, sizeof src); /* é is valid UTF-8 */
    CHECK_STR(load_error(src), "");
  }
}

TEST(perf_lex_nul_found_at_every_offset) {
  for (int pad = 0; pad < 20; pad++) {
    char src[256], want[64];
    int n = snprintf(src, sizeof src, "def f(I):\n    return I  # ");
    memset(src + n, 'x', (size_t)pad);
    src[n + pad] = 0; /* the NUL itself */
    memcpy(src + n + pad + 1, " tail\n", 7);
    size_t len = (size_t)n + (size_t)pad + 7;
    tl_diag diag;
    tl_library *lib = tl_library_new();
    CHECK(tl_library_add_source(lib, "t.py", src, len, &diag) < 0);
    tl_library_free(lib);
    snprintf(want, sizeof want, "t.py:2:%d: NUL byte", 17 + pad);
    CHECK_PREFIX(diag.message, want);
  }
}

TEST(perf_lex_lines_counted_across_words) {
  /* Many short lines, then a bad byte: its line number must be exact. */
  char src[2048];
  size_t n = 0;
  for (int k = 0; k < 40; k++) n += (size_t)snprintf(src + n, sizeof src - n, "# %d\n", k);
  snprintf(src + n, sizeof src - n, "#ab\xfe\n");
  CHECK_PREFIX(load_error(src), "t.py:41:4: invalid UTF-8 byte 0xfe");
}
