/*
 * outfile.c - whole-or-nothing output files (see outfile.h).
 *
 * Resolving the target. Symbolic links are followed by hand (lstat and
 * readlink, relative targets taken from the link's folder, at most 40
 * hops) rather than with realpath, because the final target may not exist
 * yet (a dangling link names the file to create).
 *
 * Committing an anonymous file. linkat gives the O_TMPFILE file a name:
 * straight at the target when there is none yet (nothing to replace, and
 * no temporary name ever exists), else at a fresh PATH.tmp-XXXXXX that is
 * renamed over the target at once. AT_EMPTY_PATH needs a capability, so
 * /proc/self/fd/N is tried next; when neither works the file was opened
 * the named way instead (checked at open time, see open_anonymous).
 *
 * Signals. Named temporary files are listed in a fixed static table that
 * the SIGINT/SIGTERM/SIGHUP handler can read without locks; the handler
 * removes them, restores the default action and re-raises, so the exit
 * status still says which signal ended the process. Handlers are installed
 * only over the default action, never over a program's own.
 */
#include "tessera/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tessera/clock.h"
#include "tessera/fault.h"

#define MAX_LINK_HOPS 40
#define MAX_PENDING 8
#define TMP_SUFFIX ".tmp-XXXXXX"

/* ---- temporary names removed on signals -------------------------------------------- */

static char pending[MAX_PENDING][PATH_MAX];
static volatile sig_atomic_t pending_used[MAX_PENDING];
static const int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP};

static void remove_pending_and_reraise(int sig) {
  for (int k = 0; k < MAX_PENDING; k++)
    if (pending_used[k]) unlink(pending[k]);
  signal(sig, SIG_DFL);
  raise(sig);
}

static void install_cleanup(void) {
  static bool installed;
  if (installed) return;
  installed = true;
  for (size_t k = 0; k < sizeof cleanup_signals / sizeof cleanup_signals[0]; k++) {
    struct sigaction old;
    if (sigaction(cleanup_signals[k], NULL, &old) != 0 || old.sa_handler != SIG_DFL) continue;
    struct sigaction sa = {.sa_handler = remove_pending_and_reraise};
    sigemptyset(&sa.sa_mask);
    for (size_t j = 0; j < sizeof cleanup_signals / sizeof cleanup_signals[0]; j++)
      sigaddset(&sa.sa_mask, cleanup_signals[j]);
    sigaction(cleanup_signals[k], &sa, NULL);
  }
}

/* Lists `name` for removal on a signal; the slot, or -1 when the table is
 * full (the name is then only removed by close). */
static int pending_add(const char *name) {
  if (strlen(name) >= PATH_MAX) return -1;
  install_cleanup();
  for (int k = 0; k < MAX_PENDING; k++) {
    if (pending_used[k]) continue;
    strcpy(pending[k], name);
    pending_used[k] = 1;
    return k;
  }
  return -1;
}

static void pending_remove(const char *name) {
  for (int k = 0; k < MAX_PENDING; k++)
    if (pending_used[k] && strcmp(pending[k], name) == 0) pending_used[k] = 0;
}

/* ---- where to write ------------------------------------------------------------------ */

/* "dir/name" with `link`'s folder for a relative link content. */
static char *join_link(const char *link, const char *content) {
  if (content[0] == '/') return tc_strdup(content);
  const char *slash = strrchr(link, '/');
  size_t dir = slash ? (size_t)(slash - link) + 1 : 0;
  char *out = tc_malloc(dir + strlen(content) + 1);
  if (out) {
    memcpy(out, link, dir);
    strcpy(out + dir, content);
  }
  return out;
}

/* The final target of `path` (malloc'd) with its lstat in *st; *exists
 * false when it does not exist yet. A link into /proc (/dev/stdout,
 * /dev/fd/N) names an open file of this process, not a place to create
 * one, so the chain stops there with *magic set. NULL with errno on
 * failure. */
static char *resolve_target(const char *path, struct stat *st, bool *exists, bool *magic) {
  char *cur = tc_strdup(path);
  for (int hop = 0; cur && hop <= MAX_LINK_HOPS; hop++) {
    if (lstat(cur, st) != 0) {
      if (errno != ENOENT) break;
      *exists = false;
      return cur;
    }
    *exists = true;
    if (!S_ISLNK(st->st_mode)) return cur;
    char content[PATH_MAX];
    ssize_t n = readlink(cur, content, sizeof content - 1);
    if (n < 0) break;
    content[n] = '\0';
    if (strncmp(content, "/proc/", 6) == 0) {
      *magic = true;
      return cur;
    }
    char *next = join_link(cur, content);
    free(cur);
    cur = next;
    if (hop == MAX_LINK_HOPS) errno = ELOOP;
  }
  int why = cur ? errno : ENOMEM;
  free(cur);
  errno = why;
  return NULL;
}

/* The folder of `file` into buf ("." when it has none). */
static const char *folder_of(const char *file, char buf[PATH_MAX]) {
  const char *slash = strrchr(file, '/');
  if (!slash) return ".";
  if (slash == file) return "/";
  snprintf(buf, PATH_MAX, "%.*s", (int)(slash - file), file);
  return buf;
}

static mode_t new_file_mode(void) {
  mode_t mask = umask(0);
  umask(mask);
  return 0666 & ~mask;
}

/* ---- opening ------------------------------------------------------------------------- */

static bool fail(tc_outfile *o, int why) {
  if (!o->error) o->error = why ? why : EIO;
  return false;
}

/* Gives the new file the old one's permissions (and owner, as root). */
static void copy_attributes(int fd, const struct stat *old, bool existed) {
  if (!existed) {
    fchmod(fd, new_file_mode());
    return;
  }
  if (geteuid() == 0 && fchown(fd, old->st_uid, old->st_gid) != 0) { /* keep going */ }
  fchmod(fd, old->st_mode & 07777);
}

/* An O_TMPFILE file in the target's folder, when the file system and the
 * means to name it later (linkat) are both there; -1 otherwise. */
bool tc_outfile_test_named;

static int open_anonymous(const char *target) {
#ifdef O_TMPFILE
  if (tc_outfile_test_named) return -1;
  char buf[PATH_MAX];
  int fd = open(folder_of(target, buf), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0) return -1;
  char proc[64];
  snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
  if (access(proc, F_OK) == 0 || geteuid() == 0) return fd;
  close(fd);
#else
  (void)target;
#endif
  return -1;
}

static char *temporary_name(const char *target) {
  size_t n = strlen(target) + sizeof TMP_SUFFIX;
  char *name = tc_malloc(n);
  if (name) snprintf(name, n, "%s%s", target, TMP_SUFFIX);
  return name;
}

static int open_named(tc_outfile *o) {
  if (!(o->tmp = temporary_name(o->target))) return errno = ENOMEM, -1;
  int fd = mkostemp(o->tmp, O_CLOEXEC);
  if (fd < 0) {
    free(o->tmp);
    o->tmp = NULL;
    return -1;
  }
  pending_add(o->tmp);
  return fd;
}

/* Devices, pipes, terminals and this process's own open files. */
static bool open_in_place(tc_outfile *o) {
  o->in_place = true;
  o->f = fopen(o->path, "w");
  return o->f || fail(o, errno);
}

/* A regular or new file: the temporary file that will replace it. */
static bool open_replacement(tc_outfile *o, const struct stat *st, bool exists) {
  int fd = open_anonymous(o->target);
  o->anonymous = fd >= 0;
  if (fd < 0 && (fd = open_named(o)) < 0) return fail(o, errno);
  copy_attributes(fd, st, exists);
  if ((o->f = fdopen(fd, "w"))) return true;
  fail(o, errno);
  close(fd);
  return false;
}

bool tc_outfile_open(tc_outfile *o, const char *path) {
  *o = (tc_outfile){.path = path};
  struct stat st;
  bool exists = false, magic = false, ok;
  if (!(o->target = resolve_target(path, &st, &exists, &magic))) ok = fail(o, errno);
  else if (magic || (exists && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))) ok = open_in_place(o);
  else if (exists && S_ISDIR(st.st_mode)) ok = fail(o, EISDIR);
  else ok = open_replacement(o, &st, exists);
  if (!ok) {
    int why = o->error;
    tc_outfile_close(o, false);
    o->error = why;
  }
  return ok;
}

/* ---- committing ------------------------------------------------------------------------ */

/* Gives the anonymous file behind fd the name `name`. */
static bool link_anonymous(int fd, const char *name) {
#ifdef AT_EMPTY_PATH
  if (linkat(fd, "", AT_FDCWD, name, AT_EMPTY_PATH) == 0) return true;
  if (errno == EEXIST) return false;
#endif
  char proc[64];
  snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
  return linkat(AT_FDCWD, proc, AT_FDCWD, name, AT_SYMLINK_FOLLOW) == 0;
}

/* A fresh PATH.tmp-XXXXXX for the anonymous file, then renamed over the
 * target; the name exists only between the two calls. */
static bool link_and_rename(tc_outfile *o, int fd) {
  if (link_anonymous(fd, o->target)) return true; /* nothing was there */
  if (errno != EEXIST) return false;
  char *name = temporary_name(o->target);
  if (!name) return errno = ENOMEM, false;
  size_t n = strlen(name);
  bool ok = false;
  for (int attempt = 0; attempt < 100 && !ok; attempt++) {
    uint64_t r = tc_now_nanos() ^ ((uint64_t)getpid() << 20) ^ (uint64_t)attempt * 0x9E3779B97F4A7C15u;
    for (size_t k = 0; k < 6; k++, r /= 36) name[n - 6 + k] = "abcdefghijklmnopqrstuvwxyz0123456789"[r % 36];
    int slot = pending_add(name);
    ok = link_anonymous(fd, name);
    if (!ok) {
      if (slot >= 0) pending_remove(name);
      if (errno != EEXIST) break;
      continue;
    }
    ok = rename(name, o->target) == 0;
    int why = errno;
    if (!ok) unlink(name);
    pending_remove(name);
    errno = why;
    if (!ok) break;
  }
  free(name);
  return ok;
}

static bool flush_and_sync(tc_outfile *o) {
  if (fflush(o->f) != 0 || ferror(o->f)) return fail(o, errno);
  if (!o->in_place && fsync(fileno(o->f)) != 0) return fail(o, errno);
  return true;
}

static bool commit(tc_outfile *o) {
  if (o->anonymous) return link_and_rename(o, fileno(o->f)) || fail(o, errno);
  if (o->tmp && rename(o->tmp, o->target) != 0) return fail(o, errno);
  return true;
}

bool tc_outfile_close(tc_outfile *o, bool ok) {
  bool committed = false;
  if (o->f) {
    ok = ok && flush_and_sync(o) && (committed = commit(o));
    if (fclose(o->f) != 0 && ok) ok = fail(o, errno);
  } else {
    ok = false;
  }
  if (o->tmp) {
    if (!committed) unlink(o->tmp);
    pending_remove(o->tmp);
  }
  free(o->tmp);
  free(o->target);
  o->f = NULL;
  o->tmp = o->target = NULL;
  return ok;
}

bool tc_outfile_write(const char *path, const void *data, size_t len, int *error) {
  tc_outfile o;
  bool ok = tc_outfile_open(&o, path);
  if (ok) ok = tc_outfile_close(&o, fwrite(data, 1, len, o.f) == len || (fail(&o, errno), false));
  if (error) *error = ok ? 0 : o.error;
  return ok;
}
