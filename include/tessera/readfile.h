/*
 * readfile.h - reading a whole file into memory.
 *
 * Every loader (tasks, solutions, submissions, solver files, blueprints,
 * corpora) starts by reading a file whole; this is the one place that does
 * it, so every caller gets the same messages and the same limits:
 *   "PATH: cannot open: No such file or directory"
 *   "PATH: cannot read: Is a directory"
 *   "PATH: too large (limit 256 MB)"
 * A size limit matters because PATH may be a device or a pipe that never
 * ends (/dev/zero): reading stops at `limit` bytes instead of exhausting
 * memory. A regular file whose size is over the limit is refused before
 * anything is read. A FIFO nobody writes to reads as empty (open() does not
 * wait for a writer). Callers pass the limit they document (ARC input files:
 * ARC_INPUT_FILE_LIMIT in arc_limits.h).
 *
 * Errors (the core convention): NULL is returned, a message naming the path
 * is written into err (when err is not NULL), and errno holds the reason
 * (EFBIG for the limit, ENOMEM when memory ran out).
 *
 * Ownership: the result is malloc'd, NUL-terminated (the NUL is not counted
 * in *len) and owned by the caller.
 */
#ifndef TESSERA_READFILE_H
#define TESSERA_READFILE_H

#include <stddef.h>

/* Default limit: 1 GiB, far above any ARC or blueprint file. */
#define TC_READ_LIMIT ((size_t)1 << 30)

/* Reads all of `path` (at most `limit` bytes; 0 means TC_READ_LIMIT). `len`
 * may be NULL. */
char *tc_read_file(const char *path, size_t limit, size_t *len, char *err, size_t errlen);

#endif
