/*
 * outfile.h - output files that appear whole or not at all.
 *
 * Every file the project writes (submissions, exported solvers, PNG images,
 * blueprints edited with -o or -i) goes through here, so that a full disk,
 * an error half-way or a kill never leaves a truncated file and never
 * destroys the old one:
 *
 *   - A regular file (or a new one) is written to a temporary file in the
 *     same folder and renamed over the target when closed successfully.
 *     The temporary file is anonymous (O_TMPFILE) where the file system
 *     allows, so a process killed even with SIGKILL leaves nothing behind;
 *     it gets a name (PATH.tmp-XXXXXX) only for the instant of the rename.
 *     Where O_TMPFILE is not supported the named temporary file is removed
 *     on SIGINT, SIGTERM and SIGHUP (SIGKILL can leave it; the target is
 *     intact either way).
 *   - A symbolic link is followed: the temporary file goes next to the
 *     link's final target and replaces the target, so the link stays a link.
 *   - Anything else (a device such as /dev/null or /dev/full, a pipe, a
 *     terminal) is written in place and never removed or replaced.
 *   - A folder is refused (EISDIR).
 *   - A replaced file keeps its permission bits (a 0600 file stays 0600)
 *     and, when running as root, its owner; a new file gets 0666 minus the
 *     umask, like any other program's output.
 *
 * Errors: every function returns false with o->error set to the errno of
 * the first failure (open, write, flush, sync, rename), so callers can say
 * why: "out.json: cannot write: No space left on device".
 *
 * Ownership: the caller owns the tc_outfile; tc_outfile_close must be
 * called exactly once after a successful open. Not thread-safe (the
 * signal cleanup list is process-wide); one open file per thread at a time
 * is the intended use.
 */
#ifndef TESSERA_OUTFILE_H
#define TESSERA_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>

typedef struct tc_outfile {
  FILE *f;            /* write here */
  const char *path;   /* as given (not copied) */
  char *target;       /* the file that will be replaced (links followed); malloc'd */
  char *tmp;          /* named temporary file, or NULL (anonymous or in place) */
  bool in_place;      /* device, pipe, terminal: written directly */
  bool anonymous;     /* O_TMPFILE: no name until committed */
  int error;          /* errno of the first failure; 0 while none */
} tc_outfile;

/* Opens the output for `path`. False (o->error set) when it cannot be
 * created; nothing exists to close then. */
bool tc_outfile_open(tc_outfile *o, const char *path);
/* With ok, commits: everything written reaches the target, or false with
 * o->error. Without ok (the caller failed), discards what was written and
 * leaves the target as it was; returns false. Frees o's memory either way. */
bool tc_outfile_close(tc_outfile *o, bool ok);
/* Opens, writes `len` bytes and commits: the whole file in one call.
 * *error (may be NULL) gets the errno of the failure, 0 on success. */
bool tc_outfile_write(const char *path, const void *data, size_t len, int *error);

/* Tests only: true makes open use a named temporary file, as on a file
 * system without O_TMPFILE. */
extern bool tc_outfile_test_named;

#endif
