/*
 * cmd_design_folder.c - a generated project written as a folder, whole or
 * not at all (cli_design_write_folder, cmd_design_studio.h).
 *
 * The files go into a new temporary folder beside the target
 * (".NAME.tmp-XXXXXX", same file system), which is renamed to the target
 * once everything is written and flushed: a reader sees no folder, or the
 * complete project. An existing empty folder is replaced by the rename
 * itself. An existing non-empty folder is refused unless --force, which
 * replaces only the files this run generates and leaves every other file
 * of the folder as it is (the user's own work, or files of an earlier run
 * that this one does not generate): each generated file is written to a
 * temporary file beside it and renamed over it once all are written, so
 * each file is whole, and nothing is ever removed that this run did not
 * create. A folder on the way that is a symbolic link, or a folder where a
 * file goes, is refused before anything is written. A symbolic link or a
 * file at the target is refused. On any failure the temporary files or
 * folder - the only things created - are removed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_util.h"
#include "cmd_design_studio.h"

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st, (void)flag, (void)ftw;
  return remove(path);
}

static void remove_tree(const char *path) { nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS); }

/* A relative path with no empty, "." or ".." part (generator output is
 * checked anyway: nothing may land outside the folder). */
static bool safe_relative(const char *p) {
  if (!*p || *p == '/') return false;
  for (const char *part = p; *part;) {
    size_t n = strcspn(part, "/");
    if (n == 0 || (n == 1 && part[0] == '.') || (n == 2 && part[0] == '.' && part[1] == '.')) return false;
    part += n;
    if (*part == '/') part++;
  }
  return true;
}

/* Creates the folders of `path` after its first `skip` bytes (the root). */
static bool make_parents(char *path, size_t skip) {
  for (char *slash = strchr(path + skip, '/'); slash; slash = strchr(slash + 1, '/')) {
    *slash = 0;
    bool ok = mkdir(path, 0755) == 0 || errno == EEXIST;
    *slash = '/';
    if (!ok) return false;
  }
  return true;
}

static bool write_one(const char *root, const design_file *f) {
  char *path = NULL;
  if (!safe_relative(f->path) || asprintf(&path, "%s/%s", root, f->path) < 0) return (errno = EINVAL), false;
  bool ok = make_parents(path, strlen(root) + 1);
  FILE *out = ok ? fopen(path, "wx") : NULL;
  ok = out && fwrite(f->data, 1, f->len, out) == f->len;
  ok = ok && fflush(out) == 0 && fsync(fileno(out)) == 0;
  int saved = errno;
  if (out && fclose(out) != 0) ok = false, saved = errno;
  free(path);
  errno = saved;
  return ok;
}

static bool is_empty_folder(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return false;
  int entries = 0;
  for (struct dirent *e; (e = readdir(d));)
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) entries++;
  closedir(d);
  return entries == 0;
}

/* What is at the target: 0 nothing or an empty folder, 1 a non-empty
 * folder, -1 something that must not be replaced (message printed). */
static int target_state(const char *cmd, const char *dir) {
  struct stat st;
  if (lstat(dir, &st) != 0) return errno == ENOENT ? 0 : -cli_fail(1, cmd, "cannot use %s: %s", dir, strerror(errno));
  if (S_ISLNK(st.st_mode)) return -cli_fail(1, cmd, "%s is a symbolic link; give the folder itself", dir);
  if (!S_ISDIR(st.st_mode)) return -cli_fail(1, cmd, "%s exists and is not a folder", dir);
  return is_empty_folder(dir) ? 0 : 1;
}

/* --force into a non-empty folder: where each file goes must be a plain
 * path of folders (no symbolic link, which could lead outside) ending in
 * nothing or a regular file. Returns false with the message printed. */
static bool check_place(const char *cmd, const char *dir, const char *rel) {
  char *path = NULL;
  if (!safe_relative(rel) || asprintf(&path, "%s/%s", dir, rel) < 0) {
    cli_fail(CLI_EXIT_FAILURE, cmd, "cannot write %s/%s: bad file name", dir, rel);
    free(path);
    return false;
  }
  bool ok = true;
  for (char *slash = strchr(path + strlen(dir) + 1, '/'); ok; slash = strchr(slash + 1, '/')) {
    if (slash) *slash = 0;
    struct stat st;
    if (lstat(path, &st) == 0) {
      bool last = !slash;
      if (S_ISLNK(st.st_mode))
        ok = !cli_fail(CLI_EXIT_FAILURE, cmd, "%s is a symbolic link; nothing written (a generated file goes there)", path);
      else if (!last && !S_ISDIR(st.st_mode))
        ok = !cli_fail(CLI_EXIT_FAILURE, cmd, "%s is not a folder; nothing written", path);
      else if (last && !S_ISREG(st.st_mode))
        ok = !cli_fail(CLI_EXIT_FAILURE, cmd, "%s is not a regular file; nothing written (a generated file goes there)", path);
    } else if (errno != ENOENT) ok = !cli_fail(CLI_EXIT_FAILURE, cmd, "cannot use %s: %s", path, strerror(errno));
    if (!slash) break;
    *slash = '/';
    if (!ok) break;
  }
  free(path);
  return ok;
}

/* One file as a temporary beside its place (the mode of the file it will
 * replace, else 0666 less the umask); its name in *tmp_out. */
static bool write_temp(const char *dir, const design_file *f, char **tmp_out) {
  char *path = NULL, *tmp = NULL;
  *tmp_out = NULL;
  if (asprintf(&path, "%s/%s", dir, f->path) < 0) return false;
  bool ok = make_parents(path, strlen(dir) + 1) && asprintf(&tmp, "%s.tmp-XXXXXX", path) >= 0;
  int fd = ok ? mkstemp(tmp) : -1;
  if (fd < 0) {
    int saved = errno;
    free(path);
    free(tmp);
    errno = saved;
    return false;
  }
  struct stat st;
  mode_t mask = umask(0);
  umask(mask);
  mode_t mode = stat(path, &st) == 0 && S_ISREG(st.st_mode) ? st.st_mode & 07777 : 0666 & ~mask;
  ok = fchmod(fd, mode) == 0;
  for (size_t done = 0; ok && done < f->len;) {
    ssize_t n = write(fd, f->data + done, f->len - done);
    if (n < 0) ok = false;
    else done += (size_t)n;
  }
  ok = ok && fsync(fd) == 0;
  int saved = errno;
  if (close(fd) != 0 && ok) ok = false, saved = errno;
  if (!ok) unlink(tmp);
  free(path);
  if (ok) *tmp_out = tmp;
  else free(tmp);
  errno = saved;
  return ok;
}

/* --force: every file written beside its place, then all renamed in. */
static int replace_files(const char *cmd, const char *dir, const design_files *files) {
  for (size_t i = 0; i < files->count; i++)
    if (!check_place(cmd, dir, files->items[i].path)) return CLI_EXIT_FAILURE;
  char **tmps = calloc(files->count + 1, sizeof *tmps);
  if (!tmps) return cli_fail(CLI_EXIT_FAILURE, cmd, "out of memory");
  bool ok = true;
  size_t made = 0;
  const char *failed = NULL;
  for (; ok && made < files->count; made++)
    if (!(ok = write_temp(dir, &files->items[made], &tmps[made]))) failed = files->items[made].path;
  int saved = errno;
  for (size_t i = 0; ok && i < files->count; i++) {
    char *path = NULL;
    ok = asprintf(&path, "%s/%s", dir, files->items[i].path) >= 0 && rename(tmps[i], path) == 0;
    if (!ok) saved = errno, failed = files->items[i].path;
    free(path);
    if (ok) {
      free(tmps[i]);
      tmps[i] = NULL;
    }
  }
  for (size_t i = 0; i < files->count; i++) {
    if (tmps[i]) unlink(tmps[i]);
    free(tmps[i]);
  }
  free(tmps);
  if (!ok) return cli_fail(CLI_EXIT_FAILURE, cmd, "cannot write %s/%s: %s", dir, failed ? failed : "?", strerror(saved));
  return CLI_EXIT_OK;
}

int cli_design_write_folder(const char *cmd, const char *dir, const design_files *files, bool force) {
  int state = target_state(cmd, dir);
  if (state < 0) return CLI_EXIT_FAILURE;
  if (state == 1 && !force)
    return cli_fail(CLI_EXIT_FAILURE, cmd,
                    "%s exists and is not empty (--force replaces the generated files in it, keeping the others)", dir);
  if (state == 1) return replace_files(cmd, dir, files);
  char *copy = strdup(dir), *copy2 = strdup(dir), *tmp = NULL;
  if (!copy || !copy2 || asprintf(&tmp, "%s/.%s.tmp-XXXXXX", dirname(copy), basename(copy2)) < 0) tmp = NULL;
  free(copy);
  free(copy2);
  if (!tmp) return cli_fail(CLI_EXIT_FAILURE, cmd, "out of memory");
  if (!mkdtemp(tmp)) {
    int rc = cli_fail(CLI_EXIT_FAILURE, cmd, "cannot write %s: %s", dir, strerror(errno));
    free(tmp);
    return rc;
  }
  mode_t mask = umask(0); /* mkdtemp makes it private; a project folder is an ordinary one */
  umask(mask);
  chmod(tmp, 0777 & ~mask);
  bool ok = true;
  for (size_t i = 0; ok && i < files->count; i++) ok = write_one(tmp, &files->items[i]);
  ok = ok && rename(tmp, dir) == 0;
  int rc = CLI_EXIT_OK;
  if (!ok) {
    rc = cli_fail(CLI_EXIT_FAILURE, cmd, "cannot write %s: %s", dir, strerror(errno));
    remove_tree(tmp);
  }
  free(tmp);
  return rc;
}
