/*
 * test_ext_import.c - extension primitives in solver files: the names exist
 * only after `from tessera_ext import *`, other ways of importing them are
 * refused, and canonical text of a program that uses them reloads.
 */
#include <stdlib.h>

#include "lang_test.h"

static const char with_import[] =
    "from dsl import *\n"
    "from tessera_ext import *\n"
    "def solve_crop(I):\n"
    "    x1 = crop_content(I, ZERO)\n"
    "    O = rot90(x1)\n"
    "    return O\n"
    "def solve_plain(I):\n"
    "    return rot90(I)\n"
    "def solve_value(I):\n"
    "    x1 = rbind(crop_content, ZERO)\n"
    "    return x1(I)\n";

/* The 3x3 grid with one 2 at (1, 1) and one 3 at (1, 2). */
static tv_val sample_input(tv_ctx *ctx) {
  static const int cells[3][3] = {{0, 0, 0}, {0, 2, 3}, {0, 0, 0}};
  tv_val rows[3];
  for (int i = 0; i < 3; i++) {
    tv_val row[3];
    for (int j = 0; j < 3; j++) row[j] = tv_int(cells[i][j]);
    rows[i] = tv_tuple(ctx, 3, row);
  }
  return tv_tuple(ctx, 3, rows);
}

TEST(ext_import_enables_the_names) {
  tl_library *lib = load_library(with_import);
  CHECK(lib != NULL);
  if (!lib) return;
  ta_arena arena;
  tv_ctx ctx;
  ta_arena_init(&arena, 1 << 14);
  tv_ctx_init(&ctx, &arena, 0);
  tv_val input = sample_input(&ctx);
  CHECK_STR(tv_repr(&ctx, tl_run(lib, 0, &ctx, input)), "((2,), (3,))"); /* clockwise: the first cell on top */
  CHECK_STR(tv_repr(&ctx, tl_run(lib, 2, &ctx, input)), "((2, 3),)");
  ta_arena_free(&arena);
  tl_library_free(lib);
}

TEST(ext_names_without_import_are_unknown_with_a_hint) {
  const char *e = load_error("from dsl import *\ndef solve(I):\n    return crop_content(I, ZERO)\n");
  CHECK_PREFIX(e, "t.py:3:12: unknown name 'crop_content': it is a tessera extension");
  CHECK_CONTAINS(e, "'from tessera_ext import *' after 'from dsl import *'");
  /* As a value too, and in a def that comes before the import line. */
  CHECK_PREFIX(load_error("def solve(I):\n    x1 = rbind(crop_content, ZERO)\n    return x1(I)\n"),
               "t.py:2:16: unknown name 'crop_content': it is a tessera extension");
  CHECK_PREFIX(load_error("def a(I):\n    return blank(I, ZERO)\nfrom tessera_ext import *\n"),
               "t.py:2:12: unknown name 'blank'");
  CHECK_STR(load_error("from tessera_ext import *\ndef a(I):\n    return blank(I, ZERO)\n"), "");
  /* Without the import the names are free for variables; with it they are not. */
  CHECK_STR(load_error("def a(I):\n    blank = rot90(I)\n    return blank\n"), "");
  CHECK_PREFIX(load_error("from tessera_ext import *\ndef a(I):\n    blank = rot90(I)\n    return blank\n"),
               "t.py:3:5: cannot assign to 'blank': it is a dsl primitive");
  /* Arc-dsl names and other unknown names are unaffected. */
  CHECK_PREFIX(load_error("def a(I):\n    return nosuch(I)\n"), "t.py:2:12: unknown name 'nosuch'");
  CHECK_STR(load_error("def a(I):\n    return rot90(I)\n"), "");
}

TEST(ext_import_forms_other_than_star_are_refused) {
  CHECK_PREFIX(load_error("import tessera_ext\n"),
               "t.py:1:8: import the extensions as 'from tessera_ext import *'");
  CHECK_PREFIX(load_error("from tessera_ext import blank\n"),
               "t.py:1:6: import the extensions as 'from tessera_ext import *'");
  CHECK_PREFIX(load_error("from tessera_ext import *, x\n"),
               "t.py:1:6: import the extensions as 'from tessera_ext import *'");
  CHECK_PREFIX(load_error("from tessera_ext\n"), "t.py:1:6: import the extensions");
  /* Importing twice is harmless (files of several canonical programs do). */
  CHECK_STR(load_error("from tessera_ext import *\nfrom tessera_ext import *\n"), "");
}

TEST(ext_canonical_text_carries_the_import_and_reloads) {
  tl_library *lib = load_library(with_import);
  CHECK(lib != NULL);
  if (!lib) return;
  char *crop = tl_program_canonical(lib, 0), *plain = tl_program_canonical(lib, 1);
  CHECK_STR(crop,
            "from tessera_ext import *\n"
            "def solve_crop(I):\n"
            "    x1 = crop_content(I, ZERO)\n"
            "    O = rot90(x1)\n"
            "    return O\n");
  CHECK_STR(plain, "def solve_plain(I):\n    O = rot90(I)\n    return O\n");
  tl_library *again = crop ? load_library(crop) : NULL;
  CHECK(again != NULL);
  char *reloaded = again ? tl_program_canonical(again, 0) : NULL;
  CHECK_STR(reloaded, crop);
  free(reloaded);
  free(crop);
  free(plain);
  tl_library_free(again);
  tl_library_free(lib);
}
