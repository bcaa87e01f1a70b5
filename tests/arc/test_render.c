/* test_render.c - terminal text and PNG drawings of tasks.
 * Expected text is derived by hand from the fixture grids and the layout
 * documented in arc_render.h; palette values are the standard ARC colours. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include <png.h>

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
  CHECK(arc_render_text(f, &set->tasks[0], NULL, ansi));
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
  CHECK(f && arc_render_png(f, &set->tasks[0], NULL, &err));
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
  CHECK(full && !arc_render_png(full, &set->tasks[0], NULL, &err));
  if (full) fclose(full);
  CHECK(strstr(err.message, "No space left on device") != NULL);
  arc_taskset_free(set);
}

/* ---- a program's answers next to the expected outputs ------------------------------ */

/* Task r: train [[1,2]] -> [[2,1]], test [[3,4]] -> unknown; the program
 * answered [[2,2]] (one cell wrong) and [[4,3]]. */
static const char *answer_task =
    "{\"train\": [{\"input\": [[1, 2]], \"output\": [[2, 1]]}], \"test\": [{\"input\": [[3, 4]]}]}";
static uint8_t wrong_cells[] = {2, 2}, test_cells[] = {4, 3};

/* Loads the task and fills its answers; NULL (a failed check) if it fails. */
static arc_taskset *answer_fixture(arc_pair_result pairs[2], arc_task_result *answers) {
  arc_error err = {0};
  arc_taskset *set = arc_taskset_from_text("r.json", answer_task, NULL, NULL, &err);
  CHECK(set != NULL);
  if (!set) return NULL;
  pairs[0] = (arc_pair_result){.status = ARC_PAIR_WRONG, .has_output = true, .out_h = 1, .out_w = 2,
                               .out_cells = wrong_cells};
  pairs[1] = (arc_pair_result){.is_test = true, .status = ARC_PAIR_UNKNOWN, .has_output = true,
                               .out_h = 1, .out_w = 2, .out_cells = test_cells};
  *answers = (arc_task_result){.task = &set->tasks[0], .n_pairs = 2, .pairs = pairs};
  return set;
}

TEST(render_text_shows_the_program_and_marks_differences) {
  arc_pair_result pairs[2];
  arc_task_result answers;
  arc_taskset *set = answer_fixture(pairs, &answers);
  if (!set) return;
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  CHECK(arc_render_text(f, &set->tasks[0], &answers, false));
  fclose(f);
  CHECK_STR(text,
            "task r: 1 train, 1 test\n"
            "\n"
            "train[0]: 1x2 -> 1x2, program: wrong output: expected 1x2, got 1x2 (1 of 2 cells differ)\n"
            "12  ->  21  |  22  |  .x\n"
            "\n"
            "test[0]: 1x2 -> ?, program 1x2: expected output unknown\n"
            "34  ->  ?  |  43\n");
  free(text);
  /* in colour the differing cell is drawn as XX on its own colour (red: 2) */
  f = open_memstream(&text, &len);
  CHECK(arc_render_text(f, &set->tasks[0], &answers, true));
  fclose(f);
  char red_mark[64];
  snprintf(red_mark, sizeof red_mark, "\x1b[48;5;%dm\x1b[1;97mXX", arc_palette_xterm(2));
  CHECK(text && strstr(text, red_mark) != NULL);
  free(text);
  /* a program that failed shows no grid */
  pairs[0] = (arc_pair_result){.status = ARC_PAIR_ERROR, .error = "solvers.py:2: solve_r: boom"};
  f = open_memstream(&text, &len);
  CHECK(arc_render_text(f, &set->tasks[0], &answers, false));
  fclose(f);
  CHECK(text && strstr(text, "train[0]: 1x2 -> 1x2, program: error: solvers.py:2: solve_r: boom\n"
                             "12  ->  21  |  (no grid)\n") != NULL);
  free(text);
  arc_taskset_free(set);
}

/* Pixel (x, y) of an RGB PNG file. */
static bool png_pixel(const char *path, int x, int y, unsigned *w, unsigned *h, uint8_t rgb[3]) {
  png_image image = {.version = PNG_IMAGE_VERSION};
  if (!png_image_begin_read_from_file(&image, path)) return false;
  image.format = PNG_FORMAT_RGB;
  uint8_t *buf = malloc(PNG_IMAGE_SIZE(image));
  bool ok = buf && png_image_finish_read(&image, NULL, buf, 0, NULL);
  *w = image.width, *h = image.height;
  if (ok) memcpy(rgb, buf + ((size_t)y * image.width + (size_t)x) * 3, 3);
  free(buf);
  png_image_free(&image);
  return ok;
}

TEST(render_png_labels_answers_and_frames_differing_cells) {
  arc_pair_result pairs[2];
  arc_task_result answers;
  arc_taskset *set = answer_fixture(pairs, &answers);
  if (!set) return;
  char path[] = "/tmp/tessera-render-XXXXXX";
  int fd = mkstemp(path);
  FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
  arc_error err = {0};
  CHECK(f && arc_render_png(f, &set->tasks[0], &answers, &err));
  if (f) fclose(f);
  /* Width: the longest label, 88 characters of 12 px, plus two margins of
   * 16 = 1088 (the grids need only 16+35+48+35+48+35+16 = 233). Height:
   * margin 16 + title 14+16 + per pair (label 14+6, row 18, margin 16) x 2
   * + separator 16 = 170. */
  unsigned w = 0, h = 0;
  uint8_t marked[3] = {0}, plain[3] = {0};
  /* program column x = 16+35+48+35+48 = 182; train row y = 16+30+20 = 66;
   * cell (0,1) starts at (182+1+17, 67): its frame is white; cell (0,0)
   * at (183, 67) is the program's colour 2 (red), unframed. */
  CHECK(png_pixel(path, 200, 67, &w, &h, marked));
  CHECK(png_pixel(path, 183, 67, &w, &h, plain));
  CHECK_INT(w, 1088);
  CHECK_INT(h, 170);
  CHECK(marked[0] == 0xFF && marked[1] == 0xFF && marked[2] == 0xFF);
  CHECK(plain[0] == 0xFF && plain[1] == 0x41 && plain[2] == 0x36);
  unlink(path);
  arc_taskset_free(set);
}
