/*
 * static.c - files of the web folder, through a checked resolver.
 *
 * A request path reaches the file system only as a walk from the web
 * folder's descriptor, one openat() per segment with O_NOFOLLOW: no
 * absolute path is ever built, a symbolic link anywhere on the way is
 * refused (so nothing outside the folder can be reached through one), and
 * the router has already refused "..", ".", NUL and encoded '/'. Segments
 * are further limited to letters, digits, '.', '-' and '_', not starting
 * with '.', so hidden files (.git, .env) are never served. Only regular
 * files are read (no devices, fifos or sockets, which could block), and at
 * most MAX_FILE bytes. A folder serves its index.html.
 *
 * HTML pages carry a Content-Security-Policy that allows only this server
 * as a source, so the editor cannot make requests anywhere else.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server/server_internal.h"
#include "tessera/fault.h"

#define MAX_FILE ((off_t)16 << 20)

static const char CSP[] = "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; "
                          "script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                          "frame-ancestors 'none'";

static const struct {
  const char *ext, *type;
} TYPES[] = {
    {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
    {".json", "application/json"}, {".png", "image/png"}, {".svg", "image/svg+xml"},
    {".ico", "image/x-icon"}, {".txt", "text/plain; charset=utf-8"},
};

static const char *content_type(const char *name) {
  size_t n = strlen(name);
  for (size_t i = 0; i < sizeof TYPES / sizeof TYPES[0]; i++) {
    size_t e = strlen(TYPES[i].ext);
    if (n > e && strcmp(name + n - e, TYPES[i].ext) == 0) return TYPES[i].type;
  }
  return "application/octet-stream";
}

static bool safe_segment(const char *s) {
  if (!*s || *s == '.') return false;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '.' ||
          *s == '-' || *s == '_'))
      return false;
  return true;
}

static bool not_found(srv_ctx *ctx) {
  return srv_fail(&ctx->err, 404, "not_found", "url", "no such resource");
}

/* Opens segment `name` below dir_fd without following links. */
static int open_below(int dir_fd, const char *name, bool want_dir) {
  int flags = O_NOFOLLOW | O_CLOEXEC | (want_dir ? O_PATH | O_DIRECTORY : O_RDONLY | O_NONBLOCK);
  return openat(dir_fd, name, flags);
}

static bool read_whole(srv_ctx *ctx, int fd, const char *name) {
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return not_found(ctx);
  if (st.st_size > MAX_FILE) return srv_fail(&ctx->err, 500, "internal", "url", "the web file is too large");
  size_t size = (size_t)st.st_size, got = 0;
  char *buf = tc_malloc(size ? size : 1);
  if (!buf) return srv_fail(&ctx->err, 503, "out_of_memory", "", "out of memory");
  while (got < size) {
    ssize_t n = read(fd, buf + got, size - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += (size_t)n;
  }
  const char *type = content_type(name);
  bool ok = srv_respond_take(ctx, 200, type, buf, got) && srv_add_header(ctx, "Cache-Control", "no-cache");
  if (ok && strncmp(type, "text/html", 9) == 0) ok = srv_add_header(ctx, "Content-Security-Policy", "%s", CSP);
  return ok;
}

bool srv_get_static(srv_ctx *ctx) {
  int dir = ctx->app->web_fd;
  if (dir < 0) return not_found(ctx);
  for (int i = 0; i < ctx->n_seg; i++)
    if (!safe_segment(ctx->seg[i])) return not_found(ctx);
  int fd = dup(dir);
  bool ok = fd >= 0;
  for (int i = 0; ok && i + 1 < ctx->n_seg; i++) {
    int next = open_below(fd, ctx->seg[i], true);
    close(fd);
    fd = next;
    ok = fd >= 0;
  }
  const char *name = ctx->n_seg ? ctx->seg[ctx->n_seg - 1] : "index.html";
  if (ok && ctx->n_seg) {
    /* a folder serves its index.html */
    int sub = open_below(fd, name, true);
    if (sub >= 0) {
      close(fd);
      fd = sub;
      name = "index.html";
    }
  }
  int file = ok ? open_below(fd, name, false) : -1;
  if (fd >= 0) close(fd);
  if (file < 0) return not_found(ctx);
  ok = read_whole(ctx, file, name);
  close(file);
  return ok;
}
