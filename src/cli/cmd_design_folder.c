/*
 * cmd_design_folder.c - a generated project written as a folder, whole or
 * not at all (cli_design_write_folder, cmd_design_studio.h).
 *
 * The files go into a new temporary folder beside the target
 * (".NAME.tmp-XXXXXX", same file system), which is renamed to the target
 * once everything is written and flushed: a reader sees no folder, or the
 * complete project. An existing empty folder is replaced by the rename
 * itself. An existing non-empty folder is refused unless --force, which
 * swaps the two folders in one step (renameat2 RENAME_EXCHANGE) and then
 * removes the old contents, never following a symbolic link inside it. A
 * symbolic link or a file at the target is refused. On any failure the
 * temporary folder - the only thing created - is removed.
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

static bool commit(const char *tmp, const char *dir, bool replace) {
  if (!replace) return rename(tmp, dir) == 0;
  if (renameat2(AT_FDCWD, tmp, AT_FDCWD, dir, RENAME_EXCHANGE) != 0) return false;
  remove_tree(tmp); /* now the old folder */
  return true;
}

int cli_design_write_folder(const char *cmd, const char *dir, const design_files *files, bool force) {
  int state = target_state(cmd, dir);
  if (state < 0) return CLI_EXIT_FAILURE;
  if (state == 1 && !force)
    return cli_fail(CLI_EXIT_FAILURE, cmd, "%s exists and is not empty (--force replaces it)", dir);
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
  ok = ok && commit(tmp, dir, state == 1);
  int rc = CLI_EXIT_OK;
  if (!ok) {
    rc = cli_fail(CLI_EXIT_FAILURE, cmd, "cannot write %s: %s", dir, strerror(errno));
    remove_tree(tmp);
  }
  free(tmp);
  return rc;
}
