/* test_render.c - terminal text and PNG drawings of tasks.
 * Expected text is derived by hand from the fixture grids and the layout
 * documented in arc_render.h; palette values are the standard ARC colours. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "tessera/arc_render.h"

/* Renders task `id` of `json` to a string (caller frees). */
static char *render(const char *json, bool ansi) {
  arc_error err = {0};
  arc_taskset *set = arc_taskset_from_text("r.json", json, NULL, NULL, &err);
  CHECK(set != NULL);
  if (!set) return NULL;
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  CHECK(arc_render_text(f, &set->tasks[0], ansi));
  fclose(f);
  arc_taskset_free(set);
  return text;
}

TEST(render_text_plain_pads_shorter_grids) {
  char *text = render("{\"train\": [{\"input\": [[1, 2], [3, 4], [5, 6]], \"output\": [[7]]},"
                      "            {\"input\": [[1]], \"output\": [[2, 3], [4, 5]]}],"
                      " \"test\": [{\"input\": [[0, 9]]}]}",
                      false);
  CHECK_STR(text, "task r: 2 train, 1 test\n"
                  "\n"
                  "train[0]: 3x2 -> 1x1\n"
                  "12  ->  7\n"
                  "34\n"
                  "56\n"
                  "\n"
                  "train[1]: 1x1 -> 2x2\n"
                  "1  ->  23\n"
                  "       45\n"
                  "\n"
                  "test[0]: 1x2 -> ?\n"
                  "09  ->  ?\n");
  free(text);
}

TEST(render_text_ansi_uses_palette_backgrounds) {
  char *text = render("{\"train\": [{\"input\": [[0, 4]], \"output\": [[5]]}], \"test\": [{\"input\": [[0]]}]}",
                      true);
  CHECK(text != NULL);
  if (!text) return;
  /* black -> 16, yellow -> 220, grey -> 248 in the xterm 256-colour table */
  CHECK(strstr(text, "\x1b[48;5;16m  \x1b[48;5;220m  \x1b[0m  ->  \x1b[48;5;248m  \x1b[0m\n") != NULL);
  free(text);
}

TEST(render_palette) {
  arc_rgb blue = arc_palette(1), maroon = arc_palette(9), other = arc_palette(12);
  CHECK(blue.r == 0x00 && blue.g == 0x74 && blue.b == 0xD9);
  CHECK(maroon.r == 0x87 && maroon.g == 0x0C && maroon.b == 0x25);
  CHECK(other.r == 0xFF && other.g == 0xFF && other.b == 0xFF);
  CHECK_INT(arc_palette_xterm(0), 16);
  CHECK_INT(arc_palette_xterm(4), 220);
  CHECK_INT(arc_palette_xterm(5), 248);
}

static bool read_png_size(const char *path, unsigned *w, unsigned *h) {
  unsigned char head[24];
  FILE *f = fopen(path, "rb");
  if (!f) return false;
  size_t n = fread(head, 1, sizeof head, f);
  fclose(f);
  if (n != sizeof head || memcmp(head, "\x89PNG\r\n\x1a\n", 8) != 0 || memcmp(head + 12, "IHDR", 4) != 0)
    return false;
  *w = (unsigned)head[16] << 24 | (unsigned)head[17] << 16 | (unsigned)head[18] << 8 | head[19];
  *h = (unsigned)head[20] << 24 | (unsigned)head[21] << 16 | (unsigned)head[22] << 8 | head[23];
  return true;
}

TEST(render_png_size_and_signature) {
  arc_error err = {0};
  arc_taskset *set = arc_taskset_from_text(
      "p.json", "{\"train\": [{\"input\": [[1]], \"output\": [[2, 3]]}], \"test\": [{\"input\": [[4]]}]}",
      NULL, NULL, &err);
  CHECK(set != NULL);
  if (!set) return;
  char path[] = "/tmp/tessera-render-XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0);
  close(fd);
  FILE *f = fopen(path, "wb");
  CHECK(f && arc_render_png(f, &set->tasks[0], &err));
  if (f) fclose(f);
  unsigned w = 0, h = 0;
  CHECK(read_png_size(path, &w, &h));
  /* 16 px cells, 1 px lines: 1 cell = 18 px, 2 cells = 35 px. Width: margin 16
   * + input column 18 + arrow gap 48 + output column 35 + margin 16 = 133.
   * Height: margin 16 + train row 18 + 16 + separator 16 + test row 18 + 16 = 100. */
  CHECK_INT(w, 133);
  CHECK_INT(h, 100);
  unlink(path);
  /* a write error is reported with its reason */
  FILE *full = fopen("/dev/full", "wb");
  CHECK(full && !arc_render_png(full, &set->tasks[0], &err));
  if (full) fclose(full);
  CHECK(strstr(err.message, "No space left on device") != NULL);
  arc_taskset_free(set);
}
