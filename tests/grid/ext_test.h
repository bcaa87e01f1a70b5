/*
 * ext_test.h - helpers shared by the extension primitive tests
 * (tests/grid/test_prims_ext*.c): a fixture with its own arena and context,
 * grids written as text, calls by name, and grid checks that print the
 * value they got.
 *
 * Grid text: rows of one-character colours separated by '/', digits for
 * 0..9 and '-' for -1 (the solvers' marker); "" is the empty grid ().
 */
#ifndef TESSERA_EXT_TEST_H
#define TESSERA_EXT_TEST_H

#include "harness.h"
#include "tessera/prims_ext.h"

typedef struct ext_fixture {
  ta_arena arena;
  tv_ctx ctx;
} ext_fixture;

/* Opens a fixture with an unlimited budget (ctx->budget may be set later). */
tv_ctx *fx_open(ext_fixture *f);
void fx_close(ext_fixture *f);

tv_val gr(tv_ctx *ctx, const char *text);
/* Calls extension `name` with argc arguments (an error value when the name
 * is unknown or the count is not its arity). */
tv_val ext_call(tv_ctx *ctx, const char *name, size_t argc, const tv_val *argv);
#define EXT1(ctx, name, a) ext_call((ctx), (name), 1, (tv_val[]){a})
#define EXT2(ctx, name, a, b) ext_call((ctx), (name), 2, (tv_val[]){a, b})
#define EXT3(ctx, name, a, b, c) ext_call((ctx), (name), 3, (tv_val[]){a, b, c})
#define EXT4(ctx, name, a, b, c, d) ext_call((ctx), (name), 4, (tv_val[]){a, b, c, d})

/* Whether v is the grid written as `text` (the empty grid for ""). */
bool grid_is(tv_val v, const char *text);
/* Text of a grid value in the same notation (a static buffer), or a
 * description of any other value. */
const char *grid_text(tv_val v);

/* Text of a tuple or set of parts: each part as "(top,left)rows" where rows
 * are the part's bounding box in grid notation with '.' for positions the
 * part has no cell at, parts separated by spaces; a grid part is written as
 * "grid:rows". Other values are described as grid_text does. */
const char *parts_text(tv_val v);

#define CHECK_PARTS(v, text)                                                     \
  do {                                                                           \
    const char *check_got_ = parts_text(v), *check_t_ = (text);                  \
    test_checks++;                                                               \
    if (strcmp(check_got_, check_t_) != 0)                                       \
      test_fail(__FILE__, __LINE__, "%s is \"%s\", expected \"%s\"", #v,        \
                check_got_, check_t_);                                           \
  } while (0)

#define CHECK_GRID(v, text)                                                      \
  do {                                                                           \
    tv_val check_v_ = (v);                                                       \
    const char *check_t_ = (text);                                               \
    test_checks++;                                                               \
    if (!grid_is(check_v_, check_t_))                                            \
      test_fail(__FILE__, __LINE__, "%s is \"%s\", expected \"%s\"", #v,        \
                grid_text(check_v_), check_t_);                                  \
  } while (0)

/* v is an error value whose message contains `part`. */
#define CHECK_ERROR(v, part)                                                     \
  do {                                                                           \
    tv_val check_v_ = (v);                                                       \
    test_checks++;                                                               \
    if (!tv_is_error(check_v_) || !strstr(tv_error_message(check_v_), (part)))   \
      test_fail(__FILE__, __LINE__, "%s is \"%s\", expected an error with \"%s\"", \
                #v, tv_is_error(check_v_) ? tv_error_message(check_v_)           \
                                          : grid_text(check_v_), (part));        \
  } while (0)

#endif
