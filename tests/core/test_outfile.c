/* test_outfile.c - whole-or-nothing output files: replace, keep the mode,
 * follow links, leave devices alone, and leave no trace when a write fails
 * or the process is killed half-way. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "tessera/outfile.h"

/* A fresh folder for one test. */
static const char *fresh_dir(void) {
  static char dir[64];
  snprintf(dir, sizeof dir, "/tmp/tessera-outfile-XXXXXX");
  return mkdtemp(dir);
}

static const char *in(const char *dir, const char *name) {
  static char buf[4][512];
  static int next;
  char *p = buf[next++ % 4];
  snprintf(p, sizeof buf[0], "%s/%s", dir, name);
  return p;
}

static void put_file(const char *path, const char *text, mode_t mode) {
  FILE *f = fopen(path, "w");
  if (f) {
    fputs(text, f);
    fclose(f);
  }
  chmod(path, mode);
}

static bool has_contents(const char *path, const char *want) {
  char buf[4096] = "";
  FILE *f = fopen(path, "r");
  if (!f) return false;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = '\0';
  return strcmp(buf, want) == 0;
}

/* Entries of dir other than . and .. */
static int entries(const char *dir) {
  DIR *d = opendir(dir);
  int n = 0;
  for (struct dirent *e; d && (e = readdir(d));) n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
  if (d) closedir(d);
  return n;
}

static void remove_dir(const char *dir) {
  DIR *d = opendir(dir);
  for (struct dirent *e; d && (e = readdir(d));)
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) unlink(in(dir, e->d_name));
  if (d) closedir(d);
  rmdir(dir);
}

TEST(outfile_creates_and_replaces_whole_files) {
  const char *dir = fresh_dir();
  const char *path = in(dir, "out.json");
  mode_t mask = umask(022);
  CHECK(tc_outfile_write(path, "new\n", 4, NULL));
  umask(mask);
  struct stat st;
  CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0644);
  CHECK(has_contents(path, "new\n"));
  CHECK(tc_outfile_write(path, "second\n", 7, NULL));
  CHECK(has_contents(path, "second\n"));
  CHECK_INT(entries(dir), 1);
  remove_dir(dir);
}

TEST(outfile_keeps_the_mode_of_the_file_it_replaces) {
  const char *dir = fresh_dir();
  const char *path = in(dir, "secret.json");
  put_file(path, "old", 0600);
  CHECK(tc_outfile_write(path, "new", 3, NULL));
  struct stat st;
  CHECK(stat(path, &st) == 0 && (st.st_mode & 07777) == 0600);
  put_file(path, "old", 0751);
  CHECK(tc_outfile_write(path, "new", 3, NULL));
  CHECK(stat(path, &st) == 0 && (st.st_mode & 07777) == 0751);
  remove_dir(dir);
}

TEST(outfile_discards_on_failure_and_keeps_the_old_file) {
  const char *dir = fresh_dir();
  const char *path = in(dir, "keep.json");
  put_file(path, "old", 0644);
  tc_outfile o;
  CHECK(tc_outfile_open(&o, path));
  fputs("half", o.f);
  CHECK(!tc_outfile_close(&o, false));
  CHECK(has_contents(path, "old"));
  CHECK_INT(entries(dir), 1);
  remove_dir(dir);
}

TEST(outfile_follows_links_and_keeps_them) {
  const char *dir = fresh_dir();
  const char *target = in(dir, "target.json"), *link = in(dir, "link.json");
  put_file(target, "old", 0600);
  CHECK(symlink("target.json", link) == 0); /* relative to the link's folder */
  CHECK(tc_outfile_write(link, "new", 3, NULL));
  struct stat st;
  CHECK(lstat(link, &st) == 0 && S_ISLNK(st.st_mode));
  CHECK(has_contents(target, "new"));
  CHECK(stat(target, &st) == 0 && (st.st_mode & 07777) == 0600);
  /* a dangling link names the file to create */
  const char *dangling = in(dir, "dangling.json");
  CHECK(symlink("created.json", dangling) == 0);
  CHECK(tc_outfile_write(dangling, "made", 4, NULL));
  CHECK(lstat(dangling, &st) == 0 && S_ISLNK(st.st_mode));
  CHECK(has_contents(in(dir, "created.json"), "made"));
  CHECK_INT(entries(dir), 4);
  remove_dir(dir);
}

TEST(outfile_writes_devices_in_place_and_never_removes_them) {
  int error = 0;
  CHECK(tc_outfile_write("/dev/null", "x", 1, &error));
  CHECK(!tc_outfile_write("/dev/full", "x", 1, &error));
  CHECK_INT(error, ENOSPC);
  struct stat st;
  CHECK(stat("/dev/full", &st) == 0 && S_ISCHR(st.st_mode));
  /* through a link as well: the link stays, the device stays */
  const char *dir = fresh_dir();
  const char *link = in(dir, "full");
  CHECK(symlink("/dev/full", link) == 0);
  CHECK(!tc_outfile_write(link, "x", 1, &error));
  CHECK_INT(error, ENOSPC);
  CHECK(lstat(link, &st) == 0 && S_ISLNK(st.st_mode));
  CHECK(stat("/dev/full", &st) == 0 && S_ISCHR(st.st_mode));
  remove_dir(dir);
}

TEST(outfile_refuses_folders_and_missing_folders) {
  int error = 0;
  const char *dir = fresh_dir();
  CHECK(!tc_outfile_write(dir, "x", 1, &error));
  CHECK_INT(error, EISDIR);
  CHECK(!tc_outfile_write(in(dir, "no/such/file"), "x", 1, &error));
  CHECK_INT(error, ENOENT);
  CHECK_INT(entries(dir), 0);
  remove_dir(dir);
}

/* Writes "half" into an output over `path` in a child, which then dies by
 * `sig` (raised, or the write limit when sig is SIGXFSZ). Returns true when
 * the child died as planned. */
static bool child_dies_mid_write(const char *path, int sig) {
  pid_t pid = fork();
  if (pid == 0) {
    if (sig == SIGXFSZ) {
      signal(SIGXFSZ, SIG_IGN);
      struct rlimit lim = {.rlim_cur = 2, .rlim_max = 2};
      setrlimit(RLIMIT_FSIZE, &lim);
    }
    tc_outfile o;
    if (!tc_outfile_open(&o, path)) _exit(3);
    fputs("half of the new contents", o.f);
    fflush(o.f);
    if (sig != SIGXFSZ) raise(sig);
    _exit(tc_outfile_close(&o, true) ? 4 : 5); /* 5: the write failed, as it must */
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (sig == SIGXFSZ) return WIFEXITED(status) && WEXITSTATUS(status) == 5;
  return WIFSIGNALED(status) && WTERMSIG(status) == sig;
}

/* Whether dir's file system has anonymous temporary files (O_TMPFILE);
 * where it has not (overlayfs before Linux 6.6), only SIGKILL can leave
 * the named temporary file behind. */
static bool has_tmpfile(const char *dir) {
  int fd = open(dir, O_TMPFILE | O_WRONLY, 0600);
  if (fd >= 0) close(fd);
  return fd >= 0;
}

TEST(outfile_leaves_nothing_behind_when_killed_or_failing) {
  const int sigs[] = {SIGKILL, SIGTERM, SIGINT, SIGXFSZ};
  for (size_t k = 0; k < sizeof sigs / sizeof sigs[0]; k++) {
    const char *dir = fresh_dir();
    const char *path = in(dir, "sub.json");
    put_file(path, "old", 0644);
    CHECK(child_dies_mid_write(path, sigs[k]));
    CHECK(has_contents(path, "old"));
    if (sigs[k] != SIGKILL || has_tmpfile(dir)) CHECK_INT(entries(dir), 1);
    else printf("  note: no O_TMPFILE in %s: SIGKILL may leave the named temporary file\n", dir);
    remove_dir(dir);
  }
}

TEST(outfile_named_fallback_is_removed_on_signals) {
  tc_outfile_test_named = true; /* as on a file system without O_TMPFILE */
  const int sigs[] = {SIGTERM, SIGINT, SIGHUP};
  for (size_t k = 0; k < sizeof sigs / sizeof sigs[0]; k++) {
    const char *dir = fresh_dir();
    const char *path = in(dir, "sub.json");
    put_file(path, "old", 0600);
    CHECK(child_dies_mid_write(path, sigs[k]));
    CHECK(has_contents(path, "old"));
    CHECK_INT(entries(dir), 1);
    remove_dir(dir);
  }
  const char *dir = fresh_dir();
  const char *path = in(dir, "sub.json");
  put_file(path, "old", 0600);
  CHECK(tc_outfile_write(path, "new", 3, NULL));
  struct stat st;
  CHECK(has_contents(path, "new") && stat(path, &st) == 0 && (st.st_mode & 07777) == 0600);
  CHECK_INT(entries(dir), 1);
  remove_dir(dir);
  tc_outfile_test_named = false;
}
