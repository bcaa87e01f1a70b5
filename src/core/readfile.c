/*
 * readfile.c - whole-file reads with one message style (see readfile.h).
 *
 * The buffer doubles from 64 KiB; stat's size is not trusted (a file may
 * grow while read, and devices and pipes report 0), so the loop simply reads
 * until end of file, an error or the limit. The size is used one way only:
 * a regular file whose size is already over the limit is refused before a
 * byte is read (a 64 GiB file used to be read up to the limit first). The file is opened with O_NONBLOCK, so that a FIFO nobody writes
 * to does not block open() forever, and switched back to blocking reads at
 * once: a FIFO without a writer then reads as empty, a pipe with one
 * (--tasks <(...)) reads as usual.
 */
#include "tessera/readfile.h"
#include "tessera/fault.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void say(char *err, size_t errlen, const char *path, const char *what, const char *why) {
  if (err && errlen) snprintf(err, errlen, "%s: %s: %s", path, what, why);
}

/* Reads f to the end into a malloc'd buffer; NULL with errno set. Reads
 * at most limit + 1 bytes, so an endless stream is noticed at the limit. */
static char *read_stream(FILE *f, size_t limit, size_t *len) {
  size_t cap = limit + 2 < (1u << 16) ? limit + 2 : (1u << 16), n = 0;
  char *buf = tc_malloc(cap);
  for (;;) {
    if (!buf) return errno = ENOMEM, NULL;
    size_t want = cap - 1 - n; /* one byte stays for the NUL */
    if (want > limit + 1 - n) want = limit + 1 - n;
    size_t got = fread(buf + n, 1, want, f);
    n += got;
    if (n > limit) return free(buf), errno = EFBIG, NULL;
    if (got < want) break; /* end of file or an error */
    size_t next = cap > limit / 2 ? limit + 2 : cap * 2;
    char *grown = tc_realloc(buf, next);
    if (!grown) free(buf);
    buf = grown;
    cap = next;
  }
  if (ferror(f)) {
    int why = errno ? errno : EIO;
    free(buf);
    return errno = why, NULL;
  }
  buf[n] = '\0';
  *len = n;
  return buf;
}

static char *too_large(char *err, size_t errlen, const char *path, size_t limit) {
  if (err && errlen) {
    if (limit >= (1u << 20)) snprintf(err, errlen, "%s: too large (limit %zu MB)", path, limit >> 20);
    else snprintf(err, errlen, "%s: too large (limit %zu bytes)", path, limit);
  }
  errno = EFBIG;
  return NULL;
}

char *tc_read_file(const char *path, size_t limit, size_t *len, char *err, size_t errlen) {
  if (!limit) limit = TC_READ_LIMIT;
  if (limit > SIZE_MAX / 2) limit = SIZE_MAX / 2;
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  struct stat st;
  int flags = fd >= 0 ? fcntl(fd, F_GETFL) : -1;
  FILE *f = NULL;
  if (flags >= 0 && fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == 0 && fstat(fd, &st) == 0) {
    if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > limit) errno = EFBIG;
    else f = fdopen(fd, "rb");
  }
  if (!f) {
    int why = errno;
    if (fd >= 0) close(fd);
    if (why == EFBIG) return too_large(err, errlen, path, limit);
    say(err, errlen, path, "cannot open", strerror(why));
    errno = why;
    return NULL;
  }
  size_t n = 0;
  errno = 0;
  char *text = read_stream(f, limit, &n);
  int why = errno;
  fclose(f);
  if (!text && why == EFBIG) return too_large(err, errlen, path, limit);
  if (!text) {
    say(err, errlen, path, "cannot read", strerror(why));
    errno = why;
    return NULL;
  }
  if (len) *len = n;
  return text;
}
