/*
 * zip.c - a zip archive of generated files, built in memory
 * (srv_zip_files, for GET .../generate?format=zip).
 *
 * Each file is one deflate entry (zlib, raw deflate) with a CRC-32, UTF-8
 * names and a fixed time stamp (1980-01-01 00:00), so the same files give
 * the same bytes every time. No ZIP64: a generated project is a few
 * kilobytes, so anything past 4 GiB or 65535 files is refused. Names are
 * checked once more here (relative, no "..", no "\"), whatever made them,
 * since whoever unpacks the archive writes them to disk.
 */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "server/server_internal.h"
#include "tessera/design_studio.h"
#include "tessera/fault.h"

#define DOS_DATE 0x0021 /* 1980-01-01 */
#define UTF8_NAMES 0x0800

static void put16(tc_text *t, unsigned v) {
  char b[2] = {(char)(v & 0xff), (char)((v >> 8) & 0xff)};
  tc_text_append(t, b, 2);
}

static void put32(tc_text *t, uint32_t v) {
  put16(t, v & 0xffff);
  put16(t, v >> 16);
}

static bool safe_name(const char *p) {
  if (!*p || *p == '/' || strchr(p, '\\')) return false;
  for (const char *s = p; *s;) {
    const char *e = strchr(s, '/');
    size_t n = e ? (size_t)(e - s) : strlen(s);
    if (n == 0 || (n == 2 && s[0] == '.' && s[1] == '.') || (n == 1 && s[0] == '.')) return false;
    s += n + (e ? 1 : 0);
  }
  return true;
}

/* Raw deflate of data into a malloc'd buffer. */
static unsigned char *deflate_raw(const char *data, size_t len, size_t *out_len) {
  z_stream z = {0};
  if (deflateInit2(&z, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) return NULL;
  size_t cap = deflateBound(&z, (uLong)len);
  unsigned char *out = tc_malloc(cap ? cap : 1);
  if (out) {
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)len;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    if (deflate(&z, Z_FINISH) != Z_STREAM_END) {
      free(out);
      out = NULL;
    }
  }
  *out_len = z.total_out;
  deflateEnd(&z);
  return out;
}

typedef struct entry_info {
  uint32_t crc, csize, usize, offset;
} entry_info;

/* The fields local and central headers share, from "version needed" to
 * the name's length. */
static void common_fields(tc_text *t, const char *name, const entry_info *e) {
  put16(t, 20);         /* version needed: deflate */
  put16(t, UTF8_NAMES);
  put16(t, 8);          /* method: deflate */
  put16(t, 0);          /* time 00:00 */
  put16(t, DOS_DATE);
  put32(t, e->crc);
  put32(t, e->csize);
  put32(t, e->usize);
  put16(t, (unsigned)strlen(name));
}

static void local_header(tc_text *t, const char *name, const entry_info *e) {
  put32(t, 0x04034b50);
  common_fields(t, name, e);
  put16(t, 0); /* extra */
  tc_text_puts(t, name);
}

static void central_header(tc_text *t, const char *name, const entry_info *e) {
  put32(t, 0x02014b50);
  put16(t, 20); /* made by */
  common_fields(t, name, e);
  put16(t, 0); /* extra */
  put16(t, 0); /* comment */
  put16(t, 0); /* disk */
  put16(t, 0); /* internal attributes */
  put32(t, 0); /* external attributes */
  put32(t, e->offset);
  tc_text_puts(t, name);
}

char *srv_zip_files(const design_files *files, size_t *len, srv_error *err) {
  if (files->count > 0xffff) {
    srv_fail(err, 413, "too_large", "", "too many files for a zip archive");
    return NULL;
  }
  entry_info *info = tc_calloc(files->count ? files->count : 1, sizeof *info);
  tc_text t = {0};
  bool ok = info != NULL;
  for (size_t i = 0; ok && i < files->count; i++) {
    const design_file *f = &files->items[i];
    if (!safe_name(f->path) || strlen(f->path) > 0xffff) {
      srv_fail(err, 500, "internal", "", "generated file name '%.100s' is not a safe relative path", f->path);
      ok = false;
      break;
    }
    size_t clen = 0;
    unsigned char *c = f->len <= 0xffffffffu ? deflate_raw(f->data, f->len, &clen) : NULL;
    ok = c && t.len + clen + 4096 < 0xffffffffu;
    if (ok) {
      info[i] = (entry_info){(uint32_t)crc32(0L, (const Bytef *)f->data, (uInt)f->len), (uint32_t)clen,
                             (uint32_t)f->len, (uint32_t)t.len};
      local_header(&t, f->path, &info[i]);
      tc_text_append(&t, (const char *)c, clen);
    } else {
      srv_fail(err, 503, "out_of_memory", "", "cannot compress the generated files");
    }
    free(c);
  }
  size_t cd_start = t.len;
  for (size_t i = 0; ok && i < files->count; i++) central_header(&t, files->items[i].path, &info[i]);
  if (ok) {
    size_t cd_size = t.len - cd_start;
    put32(&t, 0x06054b50);
    put16(&t, 0);
    put16(&t, 0);
    put16(&t, (unsigned)files->count);
    put16(&t, (unsigned)files->count);
    put32(&t, (uint32_t)cd_size);
    put32(&t, (uint32_t)cd_start);
    put16(&t, 0);
  }
  free(info);
  *len = t.len;
  char *out = ok ? tc_text_take(&t) : NULL;
  if (ok && !out) srv_fail(err, 503, "out_of_memory", "", "out of memory");
  tc_text_free(&t);
  return out;
}
