/* test_readfile.c - whole-file reads: contents, messages, the size limit. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "tessera/readfile.h"

static const char *temp_file(const char *contents, size_t n) {
  static char path[64];
  snprintf(path, sizeof path, "/tmp/tessera-readfile-XXXXXX");
  int fd = mkstemp(path);
  if (fd >= 0) {
    if (write(fd, contents, n) != (ssize_t)n) path[0] = '\0';
    close(fd);
  }
  return path;
}

TEST(read_file_returns_contents_with_nul) {
  const char *path = temp_file("ab\0cd", 5);
  size_t len = 0;
  char err[256] = "";
  char *text = tc_read_file(path, 0, &len, err, sizeof err);
  CHECK(text != NULL);
  CHECK_INT(len, 5);
  CHECK(text && memcmp(text, "ab\0cd", 6) == 0);
  free(text);
  unlink(path);
}

TEST(read_file_grows_past_the_first_buffer) {
  size_t n = 200000;
  char *big = malloc(n);
  for (size_t i = 0; i < n; i++) big[i] = (char)('a' + i % 26);
  const char *path = temp_file(big, n);
  size_t len = 0;
  char *text = tc_read_file(path, 0, &len, NULL, 0);
  CHECK_INT(len, n);
  CHECK(text && memcmp(text, big, n) == 0 && text[n] == '\0');
  free(text);
  free(big);
  unlink(path);
}

TEST(read_file_names_the_reason) {
  char err[256] = "";
  errno = 0;
  CHECK(tc_read_file("/nonexistent/x.json", 0, NULL, err, sizeof err) == NULL);
  CHECK_INT(errno, ENOENT);
  CHECK_STR(err, "/nonexistent/x.json: cannot open: No such file or directory");
  CHECK(tc_read_file("/tmp", 0, NULL, err, sizeof err) == NULL);
  CHECK_INT(errno, EISDIR);
  CHECK_STR(err, "/tmp: cannot read: Is a directory");
}

TEST(read_file_stops_at_the_limit) {
  char err[256] = "";
  /* an endless device stops at the limit instead of filling memory */
  CHECK(tc_read_file("/dev/zero", 3u << 20, NULL, err, sizeof err) == NULL);
  CHECK_INT(errno, EFBIG);
  CHECK_STR(err, "/dev/zero: too large (limit 3 MB)");
  const char *path = temp_file("12345", 5);
  size_t len = 0;
  char *text = tc_read_file(path, 5, &len, err, sizeof err); /* exactly the limit */
  CHECK(text != NULL && len == 5);
  free(text);
  CHECK(tc_read_file(path, 4, &len, err, sizeof err) == NULL);
  unlink(path);
}

/* A regular file over the limit is refused from its size, before a byte is
 * read: a 64 GiB sparse file would otherwise be read up to the limit (1 GiB
 * by default) first. */
TEST(read_file_refuses_a_big_file_by_its_size) {
  char path[] = "/tmp/tessera-readfile-big-XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0);
  if (fd < 0) return;
  bool sized = ftruncate(fd, (off_t)64 << 30) == 0;
  close(fd);
  if (sized) {
    char err[256] = "";
    errno = 0;
    CHECK(tc_read_file(path, 0, NULL, err, sizeof err) == NULL);
    CHECK_INT(errno, EFBIG);
    char want[300];
    snprintf(want, sizeof want, "%s: too large (limit 1024 MB)", path);
    CHECK_STR(err, want);
    CHECK(tc_read_file(path, 5u << 20, NULL, err, sizeof err) == NULL);
    snprintf(want, sizeof want, "%s: too large (limit 5 MB)", path);
    CHECK_STR(err, want);
  }
  unlink(path);
}

static void on_alarm(int sig) {
  (void)sig;
  fputs("FAIL reading a FIFO without a writer blocked\n", stderr);
  _exit(1);
}

/* A FIFO nobody writes to is an empty file, not a reader blocked forever in
 * open(). */
TEST(read_file_does_not_block_on_a_fifo) {
  char path[] = "/tmp/tessera-readfile-fifo-XXXXXX";
  int fd = mkstemp(path);
  if (fd >= 0) close(fd), unlink(path);
  CHECK(mkfifo(path, 0600) == 0);
  signal(SIGALRM, on_alarm);
  alarm(10);
  size_t len = 99;
  char *text = tc_read_file(path, 0, &len, NULL, 0);
  alarm(0);
  CHECK(text != NULL && len == 0);
  free(text);
  unlink(path);
}
