/*
 * test_prims_geometry.c - tests of the geometry primitives (tv_prims_geometry).
 *
 * Expected values are the results of the Python arc-dsl functions on the
 * same inputs, written as literal reprs in our canonical set order (reading
 * order for cells, (i, j) order for indices). Where Python's answer depends on
 * frozenset iteration order, the expectation follows our canonical order (see
 * docs/dsl-geometry.md). Property tests compare objects() with a direct
 * transcription of the Python algorithm on pseudo-random grids.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"
#include "tessera/prims.h"

/* ---- fixtures ------------------------------------------------------------ */

typedef struct fixture {
  ta_arena arena;
  tv_ctx ctx;
} fixture;

static tv_ctx *fixture_open(fixture *f, uint64_t budget) {
  ta_arena_init(&f->arena, 0);
  tv_ctx_init(&f->ctx, &f->arena, budget);
  return &f->ctx;
}

static void fixture_close(fixture *f) { ta_arena_free(&f->arena); }

#define SETUP    \
  fixture fix_;  \
  tv_ctx *c = fixture_open(&fix_, 0)
#define TEARDOWN fixture_close(&fix_)

/* A grid from rows of digits separated by '/': "012/345"; "" is (). */
static tv_val grid_from_rows(tv_ctx *ctx, const char *rows) {
  if (!*rows) return TV_EMPTY_TUPLE;
  int h = 1, w = 0;
  for (const char *p = rows; *p; p++) h += *p == '/';
  while (rows[w] && rows[w] != '/') w++;
  tv_val g = tv_grid_new(ctx, h, w);
  uint8_t *cells = tv_grid_cells(g);
  for (const char *p = rows; *p; p++)
    if (*p != '/') *cells++ = (uint8_t)(*p - '0');
  return tv_grid_seal(g);
}

/* A set of pairs from "i,j i,j ...". */
static tv_val pair_set(tv_ctx *ctx, const char *text) {
  tv_val items[64];
  size_t n = 0;
  const char *p = text;
  int i, j, used;
  while (n < 64 && sscanf(p, " %d,%d%n", &i, &j, &used) == 2) {
    items[n++] = tv_pair(ctx, i, j);
    p += used;
  }
  return tv_set(ctx, n, items);
}

/* A set of cells from "c@i,j c@i,j ...". */
static tv_val cell_set(tv_ctx *ctx, const char *text) {
  tv_val items[64];
  size_t n = 0;
  const char *p = text;
  int colour, i, j, used;
  while (n < 64 && sscanf(p, " %d@%d,%d%n", &colour, &i, &j, &used) == 3) {
    items[n++] = tv_cell(ctx, colour, i, j);
    p += used;
  }
  return tv_set(ctx, n, items);
}

static tv_val tuple_of(tv_ctx *ctx, size_t n, ...) {
  tv_val items[16];
  va_list ap;
  va_start(ap, n);
  for (size_t k = 0; k < n; k++) items[k] = va_arg(ap, tv_val);
  va_end(ap);
  return tv_tuple(ctx, n, items);
}

static tv_val set_of(tv_ctx *ctx, size_t n, ...) {
  tv_val items[16];
  va_list ap;
  va_start(ap, n);
  for (size_t k = 0; k < n; k++) items[k] = va_arg(ap, tv_val);
  va_end(ap);
  return tv_set(ctx, n, items);
}

static const tv_prim *geometry_prim(const char *name) {
  for (const tv_prim *p = tv_prims_geometry; p->name; p++)
    if (strcmp(p->name, name) == 0) return p;
  return NULL;
}

/* Calls a geometry primitive with its arity's worth of arguments. */
static tv_val call(tv_ctx *ctx, const char *name, ...) {
  const tv_prim *p = geometry_prim(name);
  if (!p) return tv_error(ctx, "test: no primitive %s", name);
  tv_val args[4] = {0};
  va_list ap;
  va_start(ap, name);
  for (int k = 0; k < p->arity; k++) args[k] = va_arg(ap, tv_val);
  va_end(ap);
  return p->fn(ctx, args);
}

#define G(text) grid_from_rows(c, text)
#define P(text) pair_set(c, text)
#define C(text) cell_set(c, text)
#define I(n) tv_int(n)
#define PAIR(a, b) tv_pair(c, a, b)
#define EXPECT(value, text) CHECK_STR(tv_repr(c, value), text)
#define EXPECT_ERROR(value) CHECK(tv_is_error(value))

/* ---- the table ----------------------------------------------------------- */

TEST(geometry_table_order_and_arity) {
  static const char *names[] = {
      "mostcolor", "leastcolor", "height",      "width",     "shape",      "portrait",
      "colorcount", "colorfilter", "sizefilter", "asindices", "ofcolor",    "ulcorner",
      "urcorner",  "llcorner",   "lrcorner",    "crop",      "toindices",  "recolor",
      "shift",     "normalize",  "dneighbors",  "ineighbors", "neighbors", "objects",
      "partition", "fgpartition", "uppermost",  "lowermost", "leftmost",   "rightmost",
      "square",    "vline",      "hline",       "hmatching", "vmatching",  "manhattan",
      "adjacent",  "bordering",  "centerofmass", "palette",  "numcolors",  "color",
      "toobject",  "asobject"};
  static const int arities[] = {1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 2, 1, 1, 1, 1, 3, 1, 2, 2, 1, 1, 1,
                                1, 4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 1, 1, 1, 1, 2, 1};
  size_t n = 0;
  while (tv_prims_geometry[n].name) n++;
  CHECK_INT(n, 44);
  for (size_t k = 0; k < n && k < 44; k++) {
    CHECK_STR(tv_prims_geometry[k].name, names[k]);
    CHECK_INT(tv_prims_geometry[k].arity, arities[k]);
    CHECK(tv_prims_geometry[k].fn != NULL);
  }
}

/* ---- colours ------------------------------------------------------------- */

TEST(mostcolor_grid_object_and_ties) {
  SETUP;
  EXPECT(call(c, "mostcolor", G("112/233/333")), "3");
  EXPECT(call(c, "mostcolor", C("5@0,0 7@0,1 7@3,3")), "7");
  /* ties go to the colour CPython's set(values) yields first */
  EXPECT(call(c, "mostcolor", G("12/21")), "1");
  EXPECT(call(c, "mostcolor", G("28")), "8");
  EXPECT(call(c, "mostcolor", G("08/80")), "0");
  EXPECT(call(c, "mostcolor", G("80/08")), "8");
  EXPECT(call(c, "mostcolor", C("2@0,0 8@5,5")), "8");
  /* a set of indices: Python takes i from each (i, j) */
  EXPECT(call(c, "mostcolor", P("0,1 0,2 3,3")), "0");
  EXPECT_ERROR(call(c, "mostcolor", TV_EMPTY_TUPLE));
  EXPECT_ERROR(call(c, "mostcolor", TV_EMPTY_SET));
  EXPECT_ERROR(call(c, "mostcolor", I(3)));
  TEARDOWN;
}

TEST(leastcolor_grid_object_and_ties) {
  SETUP;
  EXPECT(call(c, "leastcolor", G("112/233/333")), "1");
  EXPECT(call(c, "leastcolor", G("12/21")), "1");
  EXPECT(call(c, "leastcolor", G("28")), "8");
  EXPECT(call(c, "leastcolor", G("9876")), "8");
  EXPECT(call(c, "leastcolor", G("98765")), "5"); /* 5 colours: the table grows, order ascends */
  EXPECT(call(c, "leastcolor", C("5@0,0 7@0,1 7@3,3")), "5");
  EXPECT_ERROR(call(c, "leastcolor", TV_EMPTY_SET));
  TEARDOWN;
}

TEST(colorcount_counts_cells_and_bools_as_ints) {
  SETUP;
  EXPECT(call(c, "colorcount", G("112/233/333"), I(3)), "5");
  EXPECT(call(c, "colorcount", G("112/233/333"), I(7)), "0");
  EXPECT(call(c, "colorcount", G("101/010"), TV_TRUE), "3");
  EXPECT(call(c, "colorcount", C("5@0,0 7@0,1 7@3,3"), I(7)), "2");
  EXPECT(call(c, "colorcount", TV_EMPTY_SET, I(7)), "0");
  EXPECT(call(c, "colorcount", TV_EMPTY_TUPLE, I(7)), "0");
  EXPECT(call(c, "colorcount", G("12"), PAIR(1, 2)), "0");
  TEARDOWN;
}

TEST(palette_and_numcolors) {
  SETUP;
  EXPECT(call(c, "palette", G("112/233")), "frozenset({1, 2, 3})");
  EXPECT(call(c, "palette", C("5@0,0 7@0,1 7@3,3")), "frozenset({5, 7})");
  EXPECT(call(c, "palette", TV_EMPTY_TUPLE), "frozenset()");
  EXPECT(call(c, "palette", TV_EMPTY_SET), "frozenset()");
  EXPECT(call(c, "numcolors", G("112/233")), "3");
  EXPECT(call(c, "numcolors", TV_EMPTY_SET), "0");
  /* a tuple of rows that is not a grid (a value above 255) */
  tv_val rows = tuple_of(c, 2, tuple_of(c, 3, I(300), I(1), I(1)), PAIR(1, 2));
  EXPECT(call(c, "palette", rows), "frozenset({1, 2, 300})");
  EXPECT(call(c, "numcolors", rows), "3");
  EXPECT(call(c, "mostcolor", rows), "1");
  EXPECT(call(c, "colorcount", rows, I(1)), "3");
  EXPECT_ERROR(call(c, "palette", I(5)));
  TEARDOWN;
}

TEST(color_first_cell_in_canonical_order) {
  SETUP;
  EXPECT(call(c, "color", C("5@3,3")), "5");
  /* Python's answer depends on hash order; ours is the first cell in canonical
   * order, which sorts cells as Python's sorted() does: colour, then position */
  EXPECT(call(c, "color", C("7@0,1 5@1,0")), "5");
  EXPECT(call(c, "color", tuple_of(c, 1, tv_cell(c, 4, 0, 0))), "4");
  EXPECT(call(c, "color", G("34/56")), "3");
  EXPECT_ERROR(call(c, "color", TV_EMPTY_SET));
  EXPECT_ERROR(call(c, "color", set_of(c, 2, I(1), I(2))));
  TEARDOWN;
}

TEST(colorfilter_by_first_cell) {
  SETUP;
  tv_val objs = set_of(c, 3, C("1@0,0 1@0,1"), C("2@3,3"), C("1@5,5"));
  EXPECT(call(c, "colorfilter", objs, I(1)),
         "frozenset({frozenset({(1, (0, 0)), (1, (0, 1))}), frozenset({(1, (5, 5))})})");
  EXPECT(call(c, "colorfilter", objs, I(4)), "frozenset()");
  EXPECT(call(c, "colorfilter", TV_EMPTY_SET, I(4)), "frozenset()");
  /* a tuple of objects gives a set too */
  EXPECT(call(c, "colorfilter", tuple_of(c, 2, C("2@3,3"), C("2@3,3")), I(2)),
         "frozenset({frozenset({(2, (3, 3))})})");
  /* next(iter(frozenset())) raises */
  EXPECT_ERROR(call(c, "colorfilter", set_of(c, 2, C("1@0,0"), TV_EMPTY_SET), I(1)));
  TEARDOWN;
}

TEST(sizefilter_by_len) {
  SETUP;
  tv_val objs = set_of(c, 3, C("1@0,0 1@0,1"), C("2@3,3"), C("1@5,5"));
  EXPECT(call(c, "sizefilter", objs, I(1)),
         "frozenset({frozenset({(1, (5, 5))}), frozenset({(2, (3, 3))})})");
  EXPECT(call(c, "sizefilter", objs, TV_TRUE),
         "frozenset({frozenset({(1, (5, 5))}), frozenset({(2, (3, 3))})})");
  EXPECT(call(c, "sizefilter", objs, I(0)), "frozenset()");
  tv_val mixed = tuple_of(c, 2, PAIR(1, 2), tuple_of(c, 1, I(3)));
  EXPECT(call(c, "sizefilter", mixed, I(2)), "frozenset({(1, 2)})");
  /* len() of an int raises */
  EXPECT_ERROR(call(c, "sizefilter", PAIR(1, 2), I(2)));
  EXPECT_ERROR(call(c, "sizefilter", set_of(c, 2, I(1), I(2)), I(1)));
  TEARDOWN;
}

/* ---- sizes and shapes ---------------------------------------------------- */

TEST(height_width_shape) {
  SETUP;
  EXPECT(call(c, "height", G("12/21/33")), "3");
  EXPECT(call(c, "height", TV_EMPTY_TUPLE), "0");
  EXPECT(call(c, "height", TV_EMPTY_SET), "0");
  EXPECT(call(c, "height", P("2,1 5,0 3,3")), "4");
  EXPECT(call(c, "height", C("1@-2,0 1@4,4")), "7");
  EXPECT(call(c, "height", PAIR(1, 2)), "2");
  EXPECT(call(c, "width", G("123/213")), "3");
  EXPECT(call(c, "width", P("2,1 5,0 3,3")), "4");
  EXPECT(call(c, "width", TV_EMPTY_SET), "0");
  EXPECT_ERROR(call(c, "width", PAIR(1, 2)));
  EXPECT_ERROR(call(c, "height", I(4)));
  EXPECT(call(c, "shape", G("123/213")), "(2, 3)");
  EXPECT(call(c, "shape", P("2,1 5,0 3,3")), "(4, 4)");
  EXPECT(call(c, "shape", TV_EMPTY_SET), "(0, 0)");
  EXPECT(call(c, "shape", G("/")), "(2, 0)"); /* "/" is the 2 x 0 grid ((), ()) */
  TEARDOWN;
}

TEST(portrait_compares_height_and_width) {
  SETUP;
  EXPECT(call(c, "portrait", G("123/213")), "False");
  EXPECT(call(c, "portrait", G("1/2")), "True");
  EXPECT(call(c, "portrait", P("0,0 1,0")), "True");
  EXPECT(call(c, "portrait", TV_EMPTY_SET), "False");
  TEARDOWN;
}

TEST(square_grids_and_patches) {
  SETUP;
  EXPECT(call(c, "square", G("12/34")), "True");
  EXPECT(call(c, "square", G("123/456")), "False");
  EXPECT_ERROR(call(c, "square", TV_EMPTY_TUPLE)); /* piece[0] of () */
  EXPECT(call(c, "square", P("0,0 0,1 1,0 1,1")), "True");
  EXPECT(call(c, "square", P("0,0 1,1")), "False");
  EXPECT(call(c, "square", TV_EMPTY_SET), "True");
  EXPECT(call(c, "square", P("4,4")), "True");
  TEARDOWN;
}

TEST(vline_and_hline) {
  SETUP;
  EXPECT(call(c, "vline", P("0,0 1,0 2,0")), "True");
  EXPECT(call(c, "vline", P("0,0 2,0")), "False");
  EXPECT(call(c, "vline", G("1/2")), "True");
  EXPECT(call(c, "vline", G("12")), "False");
  EXPECT(call(c, "vline", TV_EMPTY_SET), "False");
  EXPECT(call(c, "hline", P("3,0 3,1")), "True");
  EXPECT(call(c, "hline", P("3,0 3,2")), "False");
  EXPECT(call(c, "hline", G("12")), "False");
  EXPECT(call(c, "hline", G("1/2")), "False");
  /* two cells on one position: len 2 but a 1 x 1 extent */
  EXPECT(call(c, "hline", C("1@0,0 2@0,0")), "False");
  EXPECT(call(c, "vline", C("1@0,0 2@0,0")), "False");
  TEARDOWN;
}

/* ---- extremes and corners ------------------------------------------------ */

TEST(uppermost_lowermost_leftmost_rightmost) {
  SETUP;
  tv_val obj = C("1@2,1 2@5,0 3@3,3");
  EXPECT(call(c, "uppermost", obj), "2");
  EXPECT(call(c, "lowermost", obj), "5");
  EXPECT(call(c, "leftmost", obj), "0");
  EXPECT(call(c, "rightmost", obj), "3");
  EXPECT(call(c, "rightmost", tuple_of(c, 2, PAIR(1, 2), PAIR(0, 5))), "5");
  EXPECT(call(c, "uppermost", P("-3,7")), "-3");
  EXPECT_ERROR(call(c, "uppermost", TV_EMPTY_SET));
  EXPECT_ERROR(call(c, "lowermost", TV_EMPTY_TUPLE));
  EXPECT_ERROR(call(c, "leftmost", set_of(c, 2, I(1), I(2))));
  /* a patch mixing indices and cells */
  EXPECT_ERROR(call(c, "rightmost", set_of(c, 2, PAIR(1, 2), tv_cell(c, 1, 0, 0))));
  TEARDOWN;
}

TEST(corners) {
  SETUP;
  tv_val patch = P("2,1 5,0 3,3");
  EXPECT(call(c, "ulcorner", patch), "(2, 0)");
  EXPECT(call(c, "urcorner", patch), "(2, 3)");
  EXPECT(call(c, "llcorner", patch), "(5, 0)");
  EXPECT(call(c, "lrcorner", C("1@2,1 2@5,0 3@3,3")), "(5, 3)");
  /* zip() of nothing: the empty tuple */
  EXPECT(call(c, "ulcorner", TV_EMPTY_SET), "()");
  EXPECT(call(c, "lrcorner", TV_EMPTY_TUPLE), "()");
  /* a tuple of small pairs is a width-2 grid in canonical form */
  EXPECT(call(c, "lrcorner", tuple_of(c, 2, PAIR(1, 2), PAIR(0, 5))), "(1, 5)");
  EXPECT_ERROR(call(c, "ulcorner", I(1)));
  TEARDOWN;
}

TEST(bordering_short_circuits_like_python) {
  SETUP;
  tv_val grid = G("000/000/000");
  EXPECT(call(c, "bordering", P("1,1"), grid), "False");
  EXPECT(call(c, "bordering", P("2,1"), grid), "True");
  EXPECT(call(c, "bordering", P("1,2"), grid), "True");
  EXPECT(call(c, "bordering", P("0,1"), TV_EMPTY_TUPLE), "True");
  EXPECT_ERROR(call(c, "bordering", P("1,1"), TV_EMPTY_TUPLE));
  EXPECT_ERROR(call(c, "bordering", TV_EMPTY_SET, G("0")));
  TEARDOWN;
}

/* ---- indices and cells --------------------------------------------------- */

TEST(asindices_and_ofcolor) {
  SETUP;
  EXPECT(call(c, "asindices", G("12/34/56")),
         "frozenset({(0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1)})");
  EXPECT(call(c, "asindices", TV_EMPTY_TUPLE), "frozenset()");
  EXPECT(call(c, "ofcolor", G("121/212"), I(2)), "frozenset({(0, 1), (1, 0), (1, 2)})");
  EXPECT(call(c, "ofcolor", G("121/212"), I(9)), "frozenset()");
  EXPECT(call(c, "ofcolor", G("101"), TV_TRUE), "frozenset({(0, 0), (0, 2)})");
  EXPECT(call(c, "ofcolor", TV_EMPTY_TUPLE, I(9)), "frozenset()");
  EXPECT_ERROR(call(c, "ofcolor", I(3), I(0)));
  EXPECT_ERROR(call(c, "asindices", I(2)));
  TEARDOWN;
}

TEST(toindices_cells_indices_and_tuples) {
  SETUP;
  EXPECT(call(c, "toindices", C("1@0,0 2@0,0 3@2,1")), "frozenset({(0, 0), (2, 1)})");
  tv_val indices = P("0,0 2,1");
  CHECK(call(c, "toindices", indices) == indices); /* returned unchanged */
  EXPECT(call(c, "toindices", TV_EMPTY_SET), "frozenset()");
  EXPECT(call(c, "toindices", TV_EMPTY_TUPLE), "frozenset()");
  /* a tuple of indices is returned as it is, as in Python */
  EXPECT(call(c, "toindices", tuple_of(c, 2, PAIR(0, 1), PAIR(2, 3))), "((0, 1), (2, 3))");
  EXPECT(call(c, "toindices", tuple_of(c, 2, tv_cell(c, 1, 4, 4), tv_cell(c, 2, 0, 0))),
         "frozenset({(0, 0), (4, 4)})");
  EXPECT_ERROR(call(c, "toindices", set_of(c, 2, I(1), I(2))));
  TEARDOWN;
}

TEST(recolor_patch) {
  SETUP;
  EXPECT(call(c, "recolor", I(5), C("1@0,0 2@0,0 3@2,1")), "frozenset({(5, (0, 0)), (5, (2, 1))})");
  EXPECT(call(c, "recolor", I(5), P("1,0 0,3")), "frozenset({(5, (0, 3)), (5, (1, 0))})");
  EXPECT(call(c, "recolor", I(5), TV_EMPTY_SET), "frozenset()");
  /* (True, (0, 0)) == (1, (0, 0)); canonical form stores the bool as 1 */
  EXPECT(call(c, "recolor", TV_TRUE, P("0,0")), "frozenset({(1, (0, 0))})");
  /* colours outside 0..255 are heap tuples but still (value, index) */
  EXPECT(call(c, "recolor", I(300), P("0,0")), "frozenset({(300, (0, 0))})");
  EXPECT(call(c, "recolor", I(-1), P("2,2")), "frozenset({(-1, (2, 2))})");
  TEARDOWN;
}

TEST(shift_indices_cells_and_errors) {
  SETUP;
  EXPECT(call(c, "shift", P("0,0 1,2"), PAIR(2, -1)), "frozenset({(2, -1), (3, 1)})");
  EXPECT(call(c, "shift", C("3@0,0 4@1,2"), PAIR(-1, 1)), "frozenset({(3, (-1, 1)), (4, (0, 3))})");
  /* dsl.py returns an empty patch unchanged, whatever the directions */
  EXPECT(call(c, "shift", TV_EMPTY_SET, PAIR(1, 1)), "frozenset()");
  EXPECT(call(c, "shift", TV_EMPTY_TUPLE, I(3)), "()");
  EXPECT(call(c, "shift", tuple_of(c, 2, PAIR(0, 0), PAIR(1, 2)), PAIR(1, 1)),
         "frozenset({(1, 1), (2, 3)})");
  EXPECT(call(c, "shift", P("0,0"), tuple_of(c, 2, TV_TRUE, TV_FALSE)), "frozenset({(1, 0)})");
  EXPECT_ERROR(call(c, "shift", P("0,0"), I(1)));
  EXPECT_ERROR(call(c, "shift", P("0,0"), tuple_of(c, 3, I(1), I(1), I(1))));
  /* a heap cell (colour 300) keeps its colour */
  tv_val big = set_of(c, 1, tv_cell(c, 300, 1, 1));
  EXPECT(call(c, "shift", big, PAIR(1, 0)), "frozenset({(300, (2, 1))})");
  /* coordinates beyond the immediate range */
  int64_t far = (int64_t)1 << 40;
  EXPECT(call(c, "shift", P("1,1"), PAIR(0, 0)), "frozenset({(1, 1)})");
  tv_val shifted = call(c, "shift", P("1,1"), tv_pair(c, far, 0));
  EXPECT(shifted, "frozenset({(1099511627777, 1)})");
  EXPECT(call(c, "uppermost", shifted), "1099511627777");
  TEARDOWN;
}

TEST(normalize_moves_to_origin) {
  SETUP;
  EXPECT(call(c, "normalize", C("3@4,5 4@2,7")), "frozenset({(3, (2, 0)), (4, (0, 2))})");
  EXPECT(call(c, "normalize", P("-1,-1 3,3")), "frozenset({(0, 0), (4, 4)})");
  EXPECT(call(c, "normalize", TV_EMPTY_SET), "frozenset()");
  TEARDOWN;
}

TEST(neighbour_sets) {
  SETUP;
  EXPECT(call(c, "dneighbors", PAIR(1, 1)), "frozenset({(0, 1), (1, 0), (1, 2), (2, 1)})");
  EXPECT(call(c, "dneighbors", PAIR(0, 0)), "frozenset({(-1, 0), (0, -1), (0, 1), (1, 0)})");
  EXPECT(call(c, "ineighbors", PAIR(1, 1)), "frozenset({(0, 0), (0, 2), (2, 0), (2, 2)})");
  EXPECT(call(c, "neighbors", PAIR(0, 0)),
         "frozenset({(-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1)})");
  /* loc[0], loc[1] of a longer tuple */
  EXPECT(call(c, "dneighbors", tuple_of(c, 3, I(5), I(5), I(9))),
         "frozenset({(4, 5), (5, 4), (5, 6), (6, 5)})");
  EXPECT_ERROR(call(c, "neighbors", I(3)));
  EXPECT_ERROR(call(c, "ineighbors", tv_cell(c, 1, 0, 0)));
  TEARDOWN;
}

TEST(crop_python_slices) {
  SETUP;
  tv_val g = G("123/456/789");
  EXPECT(call(c, "crop", g, PAIR(1, 1), PAIR(2, 2)), "((5, 6), (8, 9))");
  EXPECT(call(c, "crop", g, PAIR(0, 1), PAIR(5, 1)), "((2,), (5,), (8,))");
  EXPECT(call(c, "crop", g, PAIR(-1, 0), PAIR(2, 2)), "()");
  EXPECT(call(c, "crop", g, PAIR(-2, -2), PAIR(1, 2)), "((),)");
  EXPECT(call(c, "crop", g, PAIR(3, 0), PAIR(1, 1)), "()");
  EXPECT(call(c, "crop", g, PAIR(0, 0), PAIR(2, 0)), "((), ())");
  EXPECT(call(c, "crop", g, PAIR(1, 0), PAIR(-1, 2)), "()");
  EXPECT(call(c, "crop", g, PAIR(-2, 1), PAIR(1, 9)), "((5, 6),)");
  EXPECT(call(c, "crop", TV_EMPTY_TUPLE, PAIR(0, 0), PAIR(1, 1)), "()");
  /* a tuple that is not a grid is sliced generically */
  tv_val rows = tuple_of(c, 2, tuple_of(c, 3, I(300), I(1), I(2)), tuple_of(c, 3, I(3), I(4), I(5)));
  EXPECT(call(c, "crop", rows, PAIR(0, 1), PAIR(2, 2)), "((1, 2), (4, 5))");
  EXPECT(call(c, "crop", rows, PAIR(0, 0), PAIR(1, 2)), "((300, 1),)");
  EXPECT_ERROR(call(c, "crop", g, I(0), PAIR(1, 1)));
  EXPECT_ERROR(call(c, "crop", P("0,0"), PAIR(0, 0), PAIR(1, 1)));
  TEARDOWN;
}

TEST(toobject_and_asobject) {
  SETUP;
  tv_val g = G("123/456");
  EXPECT(call(c, "toobject", P("0,0 1,2 5,5 -1,0"), g), "frozenset({(1, (0, 0)), (6, (1, 2))})");
  EXPECT(call(c, "toobject", C("9@0,1 8@1,1"), g), "frozenset({(2, (0, 1)), (5, (1, 1))})");
  EXPECT(call(c, "toobject", TV_EMPTY_SET, G("1")), "frozenset()");
  EXPECT_ERROR(call(c, "toobject", TV_EMPTY_SET, TV_EMPTY_TUPLE));
  EXPECT(call(c, "asobject", G("12/30")), "frozenset({(0, (1, 1)), (1, (0, 0)), (2, (0, 1)), (3, (1, 0))})");
  EXPECT(call(c, "asobject", TV_EMPTY_TUPLE), "frozenset()");
  TEARDOWN;
}

/* ---- objects and partitions ---------------------------------------------- */

TEST(objects_all_flag_combinations) {
  SETUP;
  tv_val g = G("0110/0100/0002/3002");
  const char *fg = "frozenset({frozenset({(1, (0, 1)), (1, (0, 2)), (1, (1, 1))}), "
                   "frozenset({(2, (2, 3)), (2, (3, 3))}), frozenset({(3, (3, 0))})})";
  EXPECT(call(c, "objects", g, TV_TRUE, TV_FALSE, TV_TRUE), fg);
  EXPECT(call(c, "objects", g, TV_TRUE, TV_TRUE, TV_TRUE), fg);
  EXPECT(call(c, "objects", g, TV_FALSE, TV_FALSE, TV_TRUE), fg);
  EXPECT(call(c, "objects", g, TV_FALSE, TV_TRUE, TV_TRUE), fg);
  EXPECT(call(c, "objects", g, TV_FALSE, TV_FALSE, TV_FALSE),
         "frozenset({frozenset({(0, (0, 0)), (0, (0, 3)), (0, (1, 0)), (0, (1, 2)), (0, (1, 3)), "
         "(0, (2, 0)), (0, (2, 1)), (0, (2, 2)), (0, (3, 1)), (0, (3, 2)), (1, (0, 1)), "
         "(1, (0, 2)), (1, (1, 1)), (2, (2, 3)), (2, (3, 3)), (3, (3, 0))})})");
  EXPECT(call(c, "objects", g, TV_TRUE, TV_FALSE, TV_FALSE),
         "frozenset({frozenset({(0, (0, 0)), (0, (0, 3)), (0, (1, 0)), (0, (1, 2)), (0, (1, 3)), "
         "(0, (2, 0)), (0, (2, 1)), (0, (2, 2)), (0, (3, 1)), (0, (3, 2))}), "
         "frozenset({(1, (0, 1)), (1, (0, 2)), (1, (1, 1))}), "
         "frozenset({(2, (2, 3)), (2, (3, 3))}), frozenset({(3, (3, 0))})})");
  TEARDOWN;
}

TEST(objects_diagonal_and_mixed_colours) {
  SETUP;
  tv_val g = G("001/021/300");
  EXPECT(call(c, "objects", g, TV_TRUE, TV_FALSE, TV_TRUE),
         "frozenset({frozenset({(1, (0, 2)), (1, (1, 2))}), frozenset({(2, (1, 1))}), "
         "frozenset({(3, (2, 0))})})");
  EXPECT(call(c, "objects", g, TV_FALSE, TV_TRUE, TV_TRUE),
         "frozenset({frozenset({(1, (0, 2)), (1, (1, 2)), (2, (1, 1)), (3, (2, 0))})})");
  EXPECT(call(c, "objects", G("12/21"), TV_TRUE, TV_TRUE, TV_TRUE),
         "frozenset({frozenset({(2, (0, 1)), (2, (1, 0))})})");
  EXPECT(call(c, "objects", G("12/21"), TV_TRUE, TV_FALSE, TV_TRUE),
         "frozenset({frozenset({(2, (0, 1))}), frozenset({(2, (1, 0))})})");
  /* flags are read by truthiness, as Python's `if` does */
  EXPECT(call(c, "objects", G("12/21"), I(7), PAIR(0, 0), I(1)),
         "frozenset({frozenset({(2, (0, 1)), (2, (1, 0))})})");
  TEARDOWN;
}

TEST(objects_edge_cases) {
  SETUP;
  EXPECT(call(c, "objects", G("000/000"), TV_TRUE, TV_FALSE, TV_TRUE), "frozenset()");
  EXPECT(call(c, "objects", G("5"), TV_TRUE, TV_FALSE, TV_TRUE), "frozenset()");
  EXPECT(call(c, "objects", G("5"), TV_TRUE, TV_FALSE, TV_FALSE), "frozenset({frozenset({(5, (0, 0))})})");
  EXPECT_ERROR(call(c, "objects", TV_EMPTY_TUPLE, TV_TRUE, TV_FALSE, TV_FALSE));
  EXPECT_ERROR(call(c, "objects", TV_EMPTY_TUPLE, TV_TRUE, TV_FALSE, TV_TRUE));
  EXPECT(call(c, "objects", G("/"), TV_TRUE, TV_FALSE, TV_FALSE), "frozenset()");
  EXPECT_ERROR(call(c, "objects", G("/"), TV_TRUE, TV_FALSE, TV_TRUE));
  EXPECT_ERROR(call(c, "objects", P("0,0"), TV_TRUE, TV_FALSE, TV_TRUE));
  TEARDOWN;
}

TEST(objects_respects_budget) {
  fixture fix;
  tv_ctx *c = fixture_open(&fix, 10);
  tv_val out = call(c, "objects", G("0110/0100/0002/3002"), TV_TRUE, TV_FALSE, TV_TRUE);
  CHECK(tv_is_error(out));
  CHECK(c->work > c->budget);
  fixture_close(&fix);
}

TEST(partition_and_fgpartition) {
  SETUP;
  EXPECT(call(c, "partition", G("0110/0100")),
         "frozenset({frozenset({(0, (0, 0)), (0, (0, 3)), (0, (1, 0)), (0, (1, 2)), (0, (1, 3))}), "
         "frozenset({(1, (0, 1)), (1, (0, 2)), (1, (1, 1))})})");
  EXPECT(call(c, "partition", TV_EMPTY_TUPLE), "frozenset()");
  EXPECT(call(c, "fgpartition", G("0110/0100")),
         "frozenset({frozenset({(1, (0, 1)), (1, (0, 2)), (1, (1, 1))})})");
  EXPECT(call(c, "fgpartition", G("7")), "frozenset()");
  EXPECT_ERROR(call(c, "fgpartition", TV_EMPTY_TUPLE));
  /* the tied background is 8, as in Python */
  EXPECT(call(c, "fgpartition", G("28")), "frozenset({frozenset({(2, (0, 0))})})");
  EXPECT(call(c, "objects", G("28"), TV_TRUE, TV_FALSE, TV_TRUE), "frozenset({frozenset({(2, (0, 0))})})");
  EXPECT_ERROR(call(c, "partition", I(3)));
  TEARDOWN;
}

/* ---- relations ----------------------------------------------------------- */

TEST(hmatching_and_vmatching) {
  SETUP;
  EXPECT(call(c, "hmatching", P("0,0 3,5"), P("3,9")), "True");
  EXPECT(call(c, "hmatching", P("0,0 3,5"), P("4,5")), "False");
  EXPECT(call(c, "hmatching", TV_EMPTY_SET, P("4,5")), "False");
  EXPECT(call(c, "vmatching", P("0,0 3,5"), P("4,5")), "True");
  EXPECT(call(c, "vmatching", C("1@0,0 1@3,5"), P("4,6")), "False");
  /* a wide coordinate range takes the sort-and-merge path */
  EXPECT(call(c, "vmatching", P("0,0 0,10000"), P("7,10000")), "True");
  EXPECT(call(c, "vmatching", P("0,0 0,10000"), P("7,9999")), "False");
  EXPECT_ERROR(call(c, "hmatching", I(1), P("4,5")));
  TEARDOWN;
}

TEST(manhattan_and_adjacent) {
  SETUP;
  EXPECT(call(c, "manhattan", P("0,0 1,1"), P("3,3 1,4")), "3");
  EXPECT(call(c, "manhattan", P("0,0"), P("0,0")), "0");
  EXPECT(call(c, "manhattan", C("1@0,0"), P("2,-3")), "5");
  EXPECT_ERROR(call(c, "manhattan", TV_EMPTY_SET, P("0,0")));
  EXPECT_ERROR(call(c, "manhattan", P("0,0"), TV_EMPTY_SET));
  EXPECT(call(c, "adjacent", P("0,0 0,1"), P("1,1")), "True");
  EXPECT(call(c, "adjacent", P("0,0"), P("1,1")), "False");
  EXPECT(call(c, "adjacent", P("0,0"), P("0,0 0,1")), "False");
  EXPECT_ERROR(call(c, "adjacent", TV_EMPTY_SET, P("0,0")));
  TEARDOWN;
}

TEST(centerofmass_floor_division_and_duplicates) {
  SETUP;
  EXPECT(call(c, "centerofmass", P("0,0 1,1 3,3")), "(1, 1)");
  EXPECT(call(c, "centerofmass", P("0,0 0,1")), "(0, 0)");
  EXPECT(call(c, "centerofmass", P("-1,-1 0,0")), "(-1, -1)");
  /* toindices dedups positions, but the divisor is len(patch) = 3 */
  EXPECT(call(c, "centerofmass", C("1@0,0 2@0,0 3@1,1")), "(0, 0)");
  EXPECT(call(c, "centerofmass", TV_EMPTY_SET), "()");
  /* a tuple of indices keeps its duplicates */
  EXPECT(call(c, "centerofmass", tuple_of(c, 3, PAIR(0, 0), PAIR(0, 0), PAIR(3, 3))), "(1, 1)");
  TEARDOWN;
}

/* ---- properties ---------------------------------------------------------- */

static uint32_t rng_state = 12345;
static uint32_t rng(void) {
  rng_state = rng_state * 1103515245u + 12345u;
  return rng_state >> 16;
}

/* A random h x w grid over `colours` colours, biased towards colour 0. */
static tv_val random_grid(tv_ctx *ctx, int h, int w, int colours) {
  tv_val g = tv_grid_new(ctx, h, w);
  uint8_t *cells = tv_grid_cells(g);
  for (int k = 0; k < h * w; k++) cells[k] = rng() % 3 == 0 ? 0 : (uint8_t)(rng() % colours);
  return tv_grid_seal(g);
}

/* A transcription of the Python objects(): repeated frontier expansion from
 * each unvisited cell in reading order, with the same membership rule. */
static tv_val reference_objects(tv_ctx *ctx, tv_val grid, bool univalued, bool diagonal,
                                bool without_bg) {
  int h = tv_grid_h(grid), w = tv_grid_w(grid), n = h * w;
  int bg = without_bg ? (int)tv_num(call(ctx, "mostcolor", grid)) : -1;
  bool *occupied = calloc((size_t)n, 1), *in_obj = calloc((size_t)n, 1);
  bool *cands = calloc((size_t)n, 1), *next = calloc((size_t)n, 1);
  tv_val *objs = calloc((size_t)n + 1, sizeof *objs), *cells = calloc((size_t)n + 1, sizeof *cells);
  size_t nobjs = 0;
  for (int loc = 0; loc < n; loc++) {
    int val = tv_grid_cells(grid)[loc];
    if (occupied[loc] || val == bg) continue;
    memset(in_obj, 0, (size_t)n);
    memset(cands, 0, (size_t)n);
    in_obj[loc] = cands[loc] = true;
    for (bool any = true; any;) {
      memset(next, 0, (size_t)n);
      for (int p = 0; p < n; p++) {
        if (!cands[p]) continue;
        int v = tv_grid_cells(grid)[p];
        if (univalued ? v != val : v == bg) continue;
        in_obj[p] = occupied[p] = true;
        for (int di = -1; di <= 1; di++)
          for (int dj = -1; dj <= 1; dj++) {
            int i = p / w + di, j = p % w + dj;
            if ((di == 0 && dj == 0) || (!diagonal && di && dj)) continue;
            if (i >= 0 && i < h && j >= 0 && j < w) next[i * w + j] = true;
          }
      }
      any = false;
      for (int p = 0; p < n; p++) {
        cands[p] = next[p] && !occupied[p];
        any |= cands[p];
      }
    }
    size_t m = 0;
    for (int p = 0; p < n; p++)
      if (in_obj[p]) cells[m++] = tv_cell(ctx, tv_grid_cells(grid)[p], p / w, p % w);
    objs[nobjs++] = tv_set(ctx, m, cells);
  }
  tv_val out = tv_set(ctx, nobjs, objs);
  free(occupied), free(in_obj), free(cands), free(next), free(objs), free(cells);
  return out;
}

TEST(objects_matches_python_algorithm_on_random_grids) {
  SETUP;
  for (int round = 0; round < 40; round++) {
    int h = 1 + (int)(rng() % 9), w = 1 + (int)(rng() % 9);
    tv_val g = random_grid(c, h, w, 2 + (int)(rng() % 4));
    for (int flags = 0; flags < 8; flags++) {
      bool uni = flags & 1, diag = flags & 2, nobg = flags & 4;
      tv_val got = call(c, "objects", g, tv_bool(uni), tv_bool(diag), tv_bool(nobg));
      tv_val want = reference_objects(c, g, uni, diag, nobg);
      CHECK(tv_eq(got, want));
      if (!tv_eq(got, want)) {
        printf("    grid %s flags %d\n", tv_repr(c, g), flags);
        break;
      }
    }
  }
  TEARDOWN;
}

TEST(objects_partition_the_foreground) {
  SETUP;
  tv_val g = random_grid(c, 40, 40, 5); /* larger than the stack scratch */
  int bg = (int)tv_num(call(c, "mostcolor", g));
  tv_val objs = call(c, "objects", g, TV_FALSE, TV_TRUE, TV_TRUE);
  size_t covered = 0;
  bool disjoint = true, no_bg = true;
  bool seen[40 * 40] = {false};
  for (size_t k = 0; k < tv_len(objs); k++) {
    tv_val obj = tv_items(objs)[k];
    for (size_t m = 0; m < tv_len(obj); m++) {
      tv_val cell = tv_items(obj)[m];
      int p = (int)(tv_cell_i(cell) * 40 + tv_cell_j(cell));
      disjoint &= !seen[p];
      seen[p] = true;
      no_bg &= tv_cell_color(cell) != bg;
      covered++;
    }
  }
  CHECK(disjoint);
  CHECK(no_bg);
  CHECK_INT(covered, 1600 - tv_num(call(c, "colorcount", g, I(bg))));
  /* univalued objects have one colour each, and partition by colour covers all */
  tv_val mono = call(c, "objects", g, TV_TRUE, TV_FALSE, TV_FALSE);
  bool single = true;
  for (size_t k = 0; k < tv_len(mono); k++)
    single &= tv_num(call(c, "numcolors", tv_items(mono)[k])) == 1;
  CHECK(single);
  tv_val parts = call(c, "partition", g);
  CHECK_INT(tv_len(parts), tv_num(call(c, "numcolors", g)));
  CHECK_INT(tv_len(call(c, "fgpartition", g)), tv_len(parts) - 1);
  TEARDOWN;
}

TEST(patch_round_trips) {
  SETUP;
  tv_val g = random_grid(c, 12, 15, 4);
  tv_val objs = call(c, "objects", g, TV_TRUE, TV_TRUE, TV_FALSE);
  CHECK(tv_len(objs) > 0);
  for (size_t k = 0; k < tv_len(objs); k++) {
    tv_val obj = tv_items(objs)[k];
    tv_val norm = call(c, "normalize", obj);
    EXPECT(call(c, "ulcorner", norm), "(0, 0)");
    CHECK(tv_eq(call(c, "shape", norm), call(c, "shape", obj)));
    tv_val back = call(c, "shift", norm, call(c, "ulcorner", obj));
    CHECK(tv_eq(back, obj));
    tv_val indices = call(c, "toindices", obj);
    CHECK(tv_eq(call(c, "toobject", indices, g), obj));
    CHECK(tv_eq(call(c, "recolor", call(c, "color", obj), indices), obj));
    tv_val box = call(c, "crop", g, call(c, "ulcorner", obj), call(c, "shape", obj));
    CHECK(tv_eq(call(c, "shape", box), call(c, "shape", obj)));
    CHECK_INT(tv_num(call(c, "colorcount", obj, call(c, "color", obj))), tv_len(obj));
  }
  tv_val all = call(c, "asobject", g);
  CHECK(tv_eq(call(c, "toindices", all), call(c, "asindices", g)));
  CHECK_INT(tv_len(all), 12 * 15);
  TEARDOWN;
}
