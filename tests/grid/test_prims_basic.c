/*
 * test_prims_basic.c - the basic arc-dsl primitives (numbers, containers,
 * higher-order functions). Expected values are Python literals derived from
 * arc-dsl's dsl.py semantics, parsed by a small literal reader below;
 * predicates must return real booleans. Property tests check algebraic
 * laws on pseudo-random sets and tuples.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"
#include "tessera/prims.h"

/* ---- fixture and helpers ------------------------------------------------- */

typedef struct fixture {
  ta_arena arena;
  tv_ctx ctx;
} fixture;

#define SETUP                   \
  fixture fx;                   \
  ta_arena_init(&fx.arena, 1 << 16); \
  tv_ctx_init(&fx.ctx, &fx.arena, 0); \
  tv_ctx *c = &fx.ctx
#define TEARDOWN ta_arena_free(&fx.arena)

/* Calls primitive `name` with the given arguments. */
static tv_val call(tv_ctx *ctx, const char *name, ...) {
  const tv_prim *p = tv_prim_lookup(name);
  if (!p) return tv_error(ctx, "test: no primitive %s", name);
  tv_val args[4] = {0, 0, 0, 0};
  va_list ap;
  va_start(ap, name);
  for (int i = 0; i < p->arity; i++) args[i] = va_arg(ap, tv_val);
  va_end(ap);
  return tv_prim_call(ctx, p, args);
}

static tv_val fn(const char *name) {
  const tv_prim *p = tv_prim_lookup(name);
  return p ? tv_func_of_prim(p) : 0;
}

static tv_val I(int64_t v) { return tv_int(v); }

/* A Python literal: ints, True/False, tuples, frozenset({...}) / {...}. */
static tv_val parse_value(tv_ctx *ctx, const char **s);

static void skip_space(const char **s) {
  while (**s == ' ') (*s)++;
}

static tv_val parse_items(tv_ctx *ctx, const char **s, char close, bool as_set) {
  tv_buf buf;
  tv_buf_init(&buf, ctx, 8);
  skip_space(s);
  while (**s && **s != close) {
    tv_buf_push(&buf, ctx, parse_value(ctx, s));
    skip_space(s);
    if (**s == ',') (*s)++;
    skip_space(s);
  }
  if (**s == close) (*s)++;
  return as_set ? tv_set(ctx, buf.n, buf.items) : tv_tuple(ctx, buf.n, buf.items);
}

static tv_val parse_value(tv_ctx *ctx, const char **s) {
  skip_space(s);
  if (strncmp(*s, "frozenset()", 11) == 0) {
    *s += 11;
    return TV_EMPTY_SET;
  }
  if (strncmp(*s, "frozenset({", 11) == 0) {
    *s += 11;
    tv_val v = parse_items(ctx, s, '}', true);
    if (**s == ')') (*s)++;
    return v;
  }
  if (**s == '{') return (*s)++, parse_items(ctx, s, '}', true);
  if (**s == '(') return (*s)++, parse_items(ctx, s, ')', false);
  if (strncmp(*s, "True", 4) == 0) return *s += 4, TV_TRUE;
  if (strncmp(*s, "False", 5) == 0) return *s += 5, TV_FALSE;
  char *end;
  long long v = strtoll(*s, &end, 10);
  if (end == *s) return tv_error(ctx, "test: bad literal at '%s'", *s);
  *s = end;
  return tv_int(v);
}

static tv_val lit(tv_ctx *ctx, const char *text) { return parse_value(ctx, &text); }

/* A grid from rows of digits separated by '/', e.g. "012/345". */
static tv_val grid(tv_ctx *ctx, const char *rows) {
  int h = 1, w = 0;
  for (const char *p = rows; *p; p++) h += *p == '/';
  while (rows[w] && rows[w] != '/') w++;
  tv_val g = tv_grid_new(ctx, h, w);
  uint8_t *cells = tv_grid_cells(g);
  for (const char *p = rows; *p; p++)
    if (*p != '/') *cells++ = (uint8_t)(*p - '0');
  return tv_grid_seal(g);
}

/* got must equal the literal; a bool literal also requires a bool result. */
static void expect_value(tv_ctx *ctx, const char *file, int line, tv_val got, tv_val want) {
  test_checks++;
  bool same = !tv_is_error(got) && tv_eq(got, want) && tv_is_bool(got) == tv_is_bool(want);
  if (!same)
    test_fail(file, line, "got %s, want %s",
              tv_is_error(got) ? tv_error_message(got) : tv_repr(ctx, got), tv_repr(ctx, want));
}
#define CHECK_VAL(got, text) expect_value(c, __FILE__, __LINE__, (got), lit(c, (text)))
#define CHECK_IS(got, want) expect_value(c, __FILE__, __LINE__, (got), (want))

static void expect_error(const char *file, int line, tv_val got, const char *fragment) {
  test_checks++;
  if (!tv_is_error(got))
    test_fail(file, line, "expected an error containing '%s'", fragment);
  else if (!strstr(tv_error_message(got), fragment))
    test_fail(file, line, "error '%s' lacks '%s'", tv_error_message(got), fragment);
}
#define CHECK_ERR(got, fragment) expect_error(__FILE__, __LINE__, (got), (fragment))

/* ---- the table ----------------------------------------------------------- */

TEST(basic_table_lists_the_group_in_order) {
  static const char *const names[] = {
      "identity", "add", "subtract", "multiply", "divide", "invert", "even", "double", "halve",
      "flip", "equality", "contained", "combine", "intersection", "difference", "dedupe",
      "order", "repeat", "greater", "size", "merge", "maximum", "minimum", "valmax", "valmin",
      "argmax", "argmin", "mostcommon", "leastcommon", "initset", "both", "either", "increment",
      "decrement", "crement", "sign", "positive", "toivec", "tojvec", "sfilter", "mfilter",
      "extract", "totuple", "first", "last", "insert", "remove", "other", "interval", "astuple",
      "product", "pair", "branch", "compose", "chain", "matcher", "rbind", "lbind", "power",
      "fork", "apply", "rapply", "mapply", "papply", "mpapply", "prapply"};
  size_t n = 0;
  while (tv_prims_basic[n].name) n++;
  CHECK_INT(n, sizeof names / sizeof names[0]);
  for (size_t i = 0; i < n && i < sizeof names / sizeof names[0]; i++) {
    CHECK_STR(tv_prims_basic[i].name, names[i]);
    CHECK(tv_prims_basic[i].fn != NULL);
    CHECK(tv_prims_basic[i].result != 0);
    for (int k = 0; k < tv_prims_basic[i].arity; k++) CHECK(tv_prims_basic[i].params[k] != 0);
  }
}

/* ---- numbers --------------------------------------------------------------- */

TEST(basic_identity) {
  SETUP;
  CHECK_VAL(call(c, "identity", I(5)), "5");
  tv_val g = grid(c, "01/23");
  CHECK(call(c, "identity", g) == g);
  CHECK(call(c, "identity", fn("size")) == fn("size"));
  TEARDOWN;
}

TEST(basic_add) {
  SETUP;
  CHECK_VAL(call(c, "add", I(2), I(3)), "5");
  CHECK_VAL(call(c, "add", lit(c, "(1, 2)"), lit(c, "(3, 4)")), "(4, 6)");
  CHECK_VAL(call(c, "add", I(1), lit(c, "(2, 3)")), "(3, 4)");
  CHECK_VAL(call(c, "add", lit(c, "(2, 3)"), I(-1)), "(1, 2)");
  tv_val two = call(c, "add", TV_TRUE, TV_TRUE);
  CHECK_VAL(two, "2");
  CHECK(tv_is_int(two));
  /* Only the first two components count; tuple components concatenate. */
  CHECK_VAL(call(c, "add", lit(c, "(1, 2, 3)"), lit(c, "(10, 20, 30)")), "(11, 22)");
  CHECK_VAL(call(c, "add", lit(c, "(1, (2, 3))"), lit(c, "(4, (5, 6))")), "(5, (2, 3, 5, 6))");
  CHECK_ERR(call(c, "add", lit(c, "(1,)"), lit(c, "(2,)")), "index out of range");
  CHECK_ERR(call(c, "add", TV_EMPTY_SET, I(1)), "not subscriptable");
  CHECK_ERR(call(c, "add", I(1), lit(c, "{1}")), "not subscriptable");
  CHECK_ERR(call(c, "add", lit(c, "(1, 2)"), lit(c, "{1}")), "unsupported operand");
  TEARDOWN;
}

TEST(basic_add_overflow_and_large_pairs) {
  SETUP;
  CHECK_ERR(call(c, "add", I(TV_INT_MAX), I(1)), "overflow");
  tv_val big = call(c, "add", lit(c, "(200000000, 0)"), lit(c, "(200000000, 1)"));
  CHECK(tv_is_tuple(big)); /* beyond an immediate pair, still a 2-tuple */
  CHECK_VAL(big, "(400000000, 1)");
  CHECK_VAL(call(c, "subtract", big, lit(c, "(400000000, 1)")), "(0, 0)");
  TEARDOWN;
}

TEST(basic_subtract) {
  SETUP;
  CHECK_VAL(call(c, "subtract", I(5), I(7)), "-2");
  CHECK_VAL(call(c, "subtract", lit(c, "(1, 2)"), lit(c, "(3, 5)")), "(-2, -3)");
  CHECK_VAL(call(c, "subtract", I(10), lit(c, "(1, 2)")), "(9, 8)");
  CHECK_VAL(call(c, "subtract", lit(c, "(4, 4)"), I(1)), "(3, 3)");
  CHECK_VAL(call(c, "subtract", TV_FALSE, TV_TRUE), "-1");
  CHECK_ERR(call(c, "subtract", lit(c, "(1, (2, 3))"), lit(c, "(4, (5, 6))")), "unsupported");
  TEARDOWN;
}

TEST(basic_multiply) {
  SETUP;
  CHECK_VAL(call(c, "multiply", I(3), I(4)), "12");
  CHECK_VAL(call(c, "multiply", lit(c, "(2, 3)"), lit(c, "(4, 5)")), "(8, 15)");
  CHECK_VAL(call(c, "multiply", I(2), lit(c, "(3, 4)")), "(6, 8)");
  CHECK_VAL(call(c, "multiply", lit(c, "(3, 4)"), I(-1)), "(-3, -4)");
  CHECK_VAL(call(c, "multiply", TV_TRUE, I(5)), "5");
  /* A tuple component times an int repeats it, as in Python. */
  CHECK_VAL(call(c, "multiply", lit(c, "(1, (2, 3))"), I(2)), "(2, (2, 3, 2, 3))");
  CHECK_ERR(call(c, "multiply", I(TV_INT_MAX), I(4)), "overflow");
  TEARDOWN;
}

TEST(basic_divide_floors) {
  SETUP;
  CHECK_VAL(call(c, "divide", I(7), I(2)), "3");
  CHECK_VAL(call(c, "divide", I(-7), I(2)), "-4");
  CHECK_VAL(call(c, "divide", I(7), I(-2)), "-4");
  CHECK_VAL(call(c, "divide", I(-8), I(-2)), "4");
  CHECK_VAL(call(c, "divide", lit(c, "(7, -7)"), lit(c, "(2, 2)")), "(3, -4)");
  CHECK_VAL(call(c, "divide", I(10), lit(c, "(3, 4)")), "(3, 2)");
  CHECK_VAL(call(c, "divide", lit(c, "(9, 8)"), I(2)), "(4, 4)");
  CHECK_ERR(call(c, "divide", I(1), I(0)), "division by zero");
  CHECK_ERR(call(c, "divide", lit(c, "(1, 1)"), lit(c, "(1, 0)")), "division by zero");
  TEARDOWN;
}

TEST(basic_invert) {
  SETUP;
  CHECK_VAL(call(c, "invert", I(3)), "-3");
  CHECK_VAL(call(c, "invert", lit(c, "(1, -2)")), "(-1, 2)");
  CHECK_VAL(call(c, "invert", TV_TRUE), "-1");
  CHECK_ERR(call(c, "invert", TV_EMPTY_SET), "not subscriptable");
  CHECK_ERR(call(c, "invert", grid(c, "1/2")), "integers");
  TEARDOWN;
}

TEST(basic_even) {
  SETUP;
  CHECK_VAL(call(c, "even", I(4)), "True");
  CHECK_VAL(call(c, "even", I(0)), "True");
  CHECK_VAL(call(c, "even", I(-3)), "False");
  CHECK_VAL(call(c, "even", I(-4)), "True");
  CHECK_VAL(call(c, "even", TV_TRUE), "False");
  CHECK_ERR(call(c, "even", lit(c, "(2, 4)")), "even");
  TEARDOWN;
}

TEST(basic_double) {
  SETUP;
  CHECK_VAL(call(c, "double", I(3)), "6");
  CHECK_VAL(call(c, "double", lit(c, "(1, -2)")), "(2, -4)");
  CHECK_VAL(call(c, "double", TV_TRUE), "2");
  CHECK_VAL(call(c, "double", lit(c, "(1, (2, 3))")), "(2, (2, 3, 2, 3))");
  /* Rows of a grid repeat: ((1, 2), (3, 4)) -> ((1, 2, 1, 2), (3, 4, 3, 4)). */
  CHECK_IS(call(c, "double", grid(c, "12/34")), grid(c, "1212/3434"));
  CHECK_ERR(call(c, "double", TV_EMPTY_SET), "not subscriptable");
  TEARDOWN;
}

TEST(basic_halve) {
  SETUP;
  CHECK_VAL(call(c, "halve", I(7)), "3");
  CHECK_VAL(call(c, "halve", I(-7)), "-4");
  CHECK_VAL(call(c, "halve", lit(c, "(5, -5)")), "(2, -3)");
  CHECK_VAL(call(c, "halve", TV_TRUE), "0");
  CHECK_ERR(call(c, "halve", grid(c, "12/34")), "unsupported");
  TEARDOWN;
}

TEST(basic_flip) {
  SETUP;
  CHECK_VAL(call(c, "flip", TV_TRUE), "False");
  CHECK_VAL(call(c, "flip", TV_FALSE), "True");
  CHECK_VAL(call(c, "flip", I(0)), "True");
  CHECK_VAL(call(c, "flip", I(7)), "False");
  CHECK_VAL(call(c, "flip", TV_EMPTY_TUPLE), "True");
  CHECK_VAL(call(c, "flip", lit(c, "{1}")), "False");
  TEARDOWN;
}

TEST(basic_equality) {
  SETUP;
  CHECK_VAL(call(c, "equality", I(1), TV_TRUE), "True");
  CHECK_VAL(call(c, "equality", lit(c, "(1, 2)"), lit(c, "(1, 2)")), "True");
  CHECK_VAL(call(c, "equality", lit(c, "{1, 2}"), lit(c, "{2, 1}")), "True");
  CHECK_VAL(call(c, "equality", lit(c, "(1, 2)"), lit(c, "{1, 2}")), "False");
  CHECK_VAL(call(c, "equality", I(0), TV_EMPTY_TUPLE), "False");
  TEARDOWN;
}

TEST(basic_contained) {
  SETUP;
  CHECK_VAL(call(c, "contained", I(2), lit(c, "(1, 2)")), "True");
  CHECK_VAL(call(c, "contained", I(3), lit(c, "{1, 2}")), "False");
  CHECK_VAL(call(c, "contained", TV_TRUE, lit(c, "{1}")), "True");
  CHECK_VAL(call(c, "contained", lit(c, "(0, 1)"), grid(c, "01/23")), "True");
  CHECK_VAL(call(c, "contained", lit(c, "(1, 0)"), grid(c, "01/23")), "False");
  CHECK_VAL(call(c, "contained", I(0), lit(c, "(0, (1, 2))")), "True");
  CHECK_VAL(call(c, "contained", I(1), TV_EMPTY_SET), "False");
  CHECK_ERR(call(c, "contained", I(1), I(5)), "not iterable");
  TEARDOWN;
}

TEST(basic_combine) {
  SETUP;
  CHECK_VAL(call(c, "combine", lit(c, "{1, 2}"), lit(c, "{3, 4}")), "{1, 2, 3, 4}");
  CHECK_VAL(call(c, "combine", lit(c, "{1, 2}"), lit(c, "{2, 3}")), "{1, 2, 3}");
  CHECK_VAL(call(c, "combine", lit(c, "(1, 2)"), lit(c, "(3, 4)")), "(1, 2, 3, 4)");
  CHECK_VAL(call(c, "combine", lit(c, "(1, 2)"), lit(c, "{3, 4}")), "(1, 2, 3, 4)");
  CHECK_VAL(call(c, "combine", lit(c, "{1}"), lit(c, "(3, 3)")), "{1, 3}");
  CHECK_VAL(call(c, "combine", TV_EMPTY_TUPLE, TV_EMPTY_SET), "()");
  CHECK_IS(call(c, "combine", grid(c, "12"), grid(c, "34/56")), grid(c, "12/34/56"));
  CHECK_IS(call(c, "combine", TV_EMPTY_TUPLE, grid(c, "12")), grid(c, "12"));
  tv_val ragged = call(c, "combine", grid(c, "12"), grid(c, "3"));
  CHECK_VAL(ragged, "((1, 2), (3,))");
  CHECK(tv_is_tuple(ragged));
  CHECK_ERR(call(c, "combine", I(5), TV_EMPTY_TUPLE), "not iterable");
  TEARDOWN;
}

TEST(basic_intersection) {
  SETUP;
  CHECK_VAL(call(c, "intersection", lit(c, "{1, 2}"), lit(c, "{2, 3}")), "{2}");
  CHECK_VAL(call(c, "intersection", lit(c, "{1}"), TV_EMPTY_SET), "frozenset()");
  CHECK_VAL(call(c, "intersection", lit(c, "{(1, (0, 0)), (2, (0, 1))}"),
                 lit(c, "{(2, (0, 1)), (3, (5, 5))}")),
            "{(2, (0, 1))}");
  CHECK_VAL(call(c, "intersection", lit(c, "{(1, 2), 3}"), lit(c, "{(1, 2), (3, 4)}")),
            "{(1, 2)}");
  CHECK_VAL(call(c, "intersection", I(6), I(3)), "2");
  CHECK_VAL(call(c, "intersection", TV_TRUE, TV_TRUE), "True");
  CHECK_ERR(call(c, "intersection", lit(c, "(1, 2)"), lit(c, "(1, 2)")), "unsupported");
  TEARDOWN;
}

TEST(basic_difference) {
  SETUP;
  CHECK_VAL(call(c, "difference", lit(c, "{1, 2, 3}"), lit(c, "{1, 2}")), "{3}");
  CHECK_VAL(call(c, "difference", lit(c, "{1, 2}"), lit(c, "{5}")), "{1, 2}");
  CHECK_VAL(call(c, "difference", TV_EMPTY_SET, lit(c, "{5}")), "frozenset()");
  /* dsl.py builds type(a)(e for e in a if e not in b): tuples keep order,
   * numbers are not containers. */
  CHECK_VAL(call(c, "difference", lit(c, "(3, 1, 2, 3)"), lit(c, "(1,)")), "(3, 2, 3)");
  CHECK_VAL(call(c, "difference", lit(c, "(3, 1, 2)"), lit(c, "{3, 2}")), "(1,)");
  CHECK_VAL(call(c, "difference", lit(c, "{1, 2}"), lit(c, "(2, 7, 9)")), "{1}");
  CHECK_ERR(call(c, "difference", I(5), I(3)), "not a container");
  CHECK_ERR(call(c, "difference", lit(c, "(1, 2)"), I(3)), "not iterable");
  TEARDOWN;
}

TEST(basic_dedupe) {
  SETUP;
  CHECK_VAL(call(c, "dedupe", lit(c, "(1, 2, 3, 3, 2, 4, 1)")), "(1, 2, 3, 4)");
  CHECK_VAL(call(c, "dedupe", lit(c, "(3, 1, 3)")), "(3, 1)");
  CHECK_VAL(call(c, "dedupe", lit(c, "(1, True, 2)")), "(1, 2)");
  CHECK_VAL(call(c, "dedupe", TV_EMPTY_TUPLE), "()");
  CHECK_VAL(call(c, "dedupe", lit(c, "(5, 5)")), "(5,)");
  CHECK_IS(call(c, "dedupe", grid(c, "12/34/12")), grid(c, "12/34"));
  CHECK_ERR(call(c, "dedupe", lit(c, "{1}")), "index");
  TEARDOWN;
}

TEST(basic_order_is_stable) {
  SETUP;
  CHECK_VAL(call(c, "order", lit(c, "((1,), (1, 2, 3), (1, 2))"), fn("size")),
            "((1,), (1, 2), (1, 2, 3))");
  CHECK_VAL(call(c, "order", lit(c, "(3, 1, 2)"), fn("even")), "(3, 1, 2)");
  CHECK_VAL(call(c, "order", lit(c, "{3, 1, 2}"), fn("invert")), "(3, 2, 1)");
  CHECK_VAL(call(c, "order", lit(c, "((2, 1), (1, 5), (1, 2))"), fn("identity")),
            "((1, 2), (1, 5), (2, 1))");
  CHECK_VAL(call(c, "order", TV_EMPTY_SET, fn("size")), "()");
  CHECK_ERR(call(c, "order", lit(c, "(1, (1, 2))"), fn("identity")), "compare");
  CHECK_ERR(call(c, "order", lit(c, "(1, 2)"), fn("size")), "len");
  TEARDOWN;
}

TEST(basic_repeat) {
  SETUP;
  CHECK_VAL(call(c, "repeat", I(5), I(3)), "(5, 5, 5)");
  CHECK_VAL(call(c, "repeat", I(5), I(0)), "()");
  CHECK_VAL(call(c, "repeat", I(5), I(-2)), "()");
  CHECK_VAL(call(c, "repeat", TV_TRUE, I(2)), "(1, 1)");
  CHECK_IS(call(c, "repeat", lit(c, "(1, 2)"), I(2)), grid(c, "12/12"));
  CHECK_VAL(call(c, "repeat", lit(c, "{1}"), I(1)), "({1},)");
  CHECK_ERR(call(c, "repeat", I(1), I(TV_INT_MAX)), "too many");
  TEARDOWN;
}

TEST(basic_greater) {
  SETUP;
  CHECK_VAL(call(c, "greater", I(2), I(1)), "True");
  CHECK_VAL(call(c, "greater", I(4), I(10)), "False");
  CHECK_VAL(call(c, "greater", I(2), I(2)), "False");
  CHECK_VAL(call(c, "greater", TV_TRUE, I(0)), "True");
  CHECK_VAL(call(c, "greater", lit(c, "(1, 3)"), lit(c, "(1, 2)")), "True");
  CHECK_VAL(call(c, "greater", lit(c, "(1, 2, 0)"), lit(c, "(1, 2)")), "True");
  CHECK_VAL(call(c, "greater", lit(c, "{1, 2}"), lit(c, "{1}")), "True");
  CHECK_VAL(call(c, "greater", lit(c, "{1, 2}"), lit(c, "{1, 2}")), "False");
  CHECK_VAL(call(c, "greater", lit(c, "{1, 2}"), lit(c, "{3}")), "False");
  CHECK_ERR(call(c, "greater", I(1), lit(c, "(1, 2)")), "compare");
  TEARDOWN;
}

TEST(basic_size) {
  SETUP;
  CHECK_VAL(call(c, "size", lit(c, "(1, 2, 3)")), "3");
  CHECK_VAL(call(c, "size", TV_EMPTY_SET), "0");
  CHECK_VAL(call(c, "size", TV_EMPTY_TUPLE), "0");
  CHECK_VAL(call(c, "size", grid(c, "123/456")), "2");
  CHECK_VAL(call(c, "size", lit(c, "(7, 8)")), "2");
  CHECK_VAL(call(c, "size", lit(c, "(7, (8, 9))")), "2");
  CHECK_ERR(call(c, "size", I(5)), "len");
  CHECK_ERR(call(c, "size", fn("size")), "len");
  TEARDOWN;
}

TEST(basic_merge) {
  SETUP;
  CHECK_VAL(call(c, "merge", lit(c, "{{(1, (0, 0))}, {(1, (1, 1)), (1, (0, 1))}}")),
            "{(1, (0, 0)), (1, (1, 1)), (1, (0, 1))}");
  CHECK_VAL(call(c, "merge", lit(c, "((1, 2), (3, 4, 5))")), "(1, 2, 3, 4, 5)");
  CHECK_VAL(call(c, "merge", lit(c, "((4, 5), (7,))")), "(4, 5, 7)");
  CHECK_VAL(call(c, "merge", grid(c, "12/34")), "(1, 2, 3, 4)");
  CHECK_VAL(call(c, "merge", lit(c, "({3, 1}, (2,))")), "(1, 3, 2)");
  CHECK_VAL(call(c, "merge", lit(c, "{(1, 2), (2, 3)}")), "{1, 2, 3}");
  CHECK_VAL(call(c, "merge", TV_EMPTY_TUPLE), "()");
  CHECK_VAL(call(c, "merge", TV_EMPTY_SET), "frozenset()");
  tv_val grids[2] = {grid(c, "12"), grid(c, "34/56")};
  CHECK_IS(call(c, "merge", tv_tuple(c, 2, grids)), grid(c, "12/34/56"));
  CHECK_ERR(call(c, "merge", lit(c, "(1, 2, 3)")), "not iterable");
  CHECK_ERR(call(c, "merge", lit(c, "(1, (2, 3))")), "not iterable");
  TEARDOWN;
}

TEST(basic_maximum_minimum) {
  SETUP;
  CHECK_VAL(call(c, "maximum", lit(c, "{1, 2, 5, 3}")), "5");
  CHECK_VAL(call(c, "maximum", lit(c, "(4, 2, 6)")), "6");
  CHECK_VAL(call(c, "minimum", lit(c, "{1, 2, 5, 3}")), "1");
  CHECK_VAL(call(c, "minimum", lit(c, "(4, -2, 6)")), "-2");
  CHECK_VAL(call(c, "maximum", TV_EMPTY_SET), "0");
  CHECK_VAL(call(c, "minimum", TV_EMPTY_TUPLE), "0");
  CHECK_VAL(call(c, "maximum", lit(c, "{(1, 5), (2, 0), (-1, 9)}")), "(2, 0)");
  CHECK_VAL(call(c, "minimum", lit(c, "((1, 5), (2, 0), (-1, 9))")), "(-1, 9)");
  CHECK_VAL(call(c, "maximum", grid(c, "12/31/30")), "(3, 1)");
  CHECK_ERR(call(c, "maximum", lit(c, "(1, (1, 2))")), "compare");
  CHECK_ERR(call(c, "minimum", I(3)), "not iterable");
  TEARDOWN;
}

TEST(basic_valmax_valmin) {
  SETUP;
  CHECK_VAL(call(c, "valmax", lit(c, "(1, -5, 3)"), fn("invert")), "5");
  CHECK_VAL(call(c, "valmin", lit(c, "(1, -5, 3)"), fn("invert")), "-3");
  CHECK_VAL(call(c, "valmax", lit(c, "{(1, 2), (1,), (4, 5, 6)}"), fn("size")), "3");
  CHECK_VAL(call(c, "valmax", TV_EMPTY_TUPLE, fn("identity")), "0");
  CHECK_VAL(call(c, "valmin", TV_EMPTY_SET, fn("increment")), "1");
  /* default=0 is passed to compfunc: size(0) raises in Python. */
  CHECK_ERR(call(c, "valmax", TV_EMPTY_SET, fn("size")), "len");
  TEARDOWN;
}

TEST(basic_argmax_argmin_keep_first_tie) {
  SETUP;
  CHECK_VAL(call(c, "argmax", lit(c, "((1,), (1, 2), (3, 4))"), fn("size")), "(1, 2)");
  CHECK_VAL(call(c, "argmin", lit(c, "((1,), (1, 2), (3,))"), fn("size")), "(1,)");
  CHECK_VAL(call(c, "argmax", lit(c, "{{1}, {2, 3}}"), fn("size")), "{2, 3}");
  CHECK_VAL(call(c, "argmin", lit(c, "(4, -7, 2)"), fn("identity")), "-7");
  /* Ties in a set: the first in canonical order. */
  CHECK_VAL(call(c, "argmax", lit(c, "{3, 1, 2}"), fn("even")), "2");
  CHECK_VAL(call(c, "argmin", lit(c, "{3, 1, 2}"), fn("even")), "1");
  CHECK_ERR(call(c, "argmax", TV_EMPTY_TUPLE, fn("size")), "argmax: empty");
  CHECK_ERR(call(c, "argmin", TV_EMPTY_SET, fn("size")), "argmin: empty");
  CHECK_ERR(call(c, "argmax", lit(c, "(1, 2)"), fn("size")), "len");
  TEARDOWN;
}

TEST(basic_mostcommon_leastcommon) {
  SETUP;
  CHECK_VAL(call(c, "mostcommon", lit(c, "(1, 2, 2, 3, 3, 3)")), "3");
  CHECK_VAL(call(c, "leastcommon", lit(c, "(1, 2, 3, 4, 2, 3, 4)")), "1");
  CHECK_VAL(call(c, "mostcommon", lit(c, "(2, 2, 1, 1)")), "1");
  CHECK_VAL(call(c, "leastcommon", lit(c, "(3, 3, 2, 1)")), "1");
  CHECK_VAL(call(c, "mostcommon", lit(c, "(7,)")), "7");
  CHECK_VAL(call(c, "mostcommon", grid(c, "12/34/12")), "(1, 2)");
  CHECK_VAL(call(c, "mostcommon", lit(c, "((1, 2), (3,), (3,))")), "(3,)");
  CHECK_ERR(call(c, "mostcommon", TV_EMPTY_TUPLE), "empty");
  CHECK_ERR(call(c, "mostcommon", lit(c, "{1}")), "count");
  CHECK_ERR(call(c, "leastcommon", lit(c, "{1}")), "count");
  TEARDOWN;
}

TEST(basic_initset) {
  SETUP;
  CHECK_VAL(call(c, "initset", I(2)), "{2}");
  CHECK_VAL(call(c, "initset", TV_EMPTY_SET), "{frozenset()}");
  CHECK_VAL(call(c, "initset", lit(c, "(3, (1, 1))")), "{(3, (1, 1))}");
  CHECK_VAL(call(c, "initset", TV_TRUE), "{1}");
  TEARDOWN;
}

TEST(basic_both_either_return_an_operand) {
  SETUP;
  CHECK_VAL(call(c, "both", TV_TRUE, TV_FALSE), "False");
  CHECK_VAL(call(c, "both", TV_TRUE, TV_TRUE), "True");
  CHECK_VAL(call(c, "both", TV_FALSE, TV_FALSE), "False");
  CHECK_VAL(call(c, "both", I(0), I(5)), "0");
  CHECK_VAL(call(c, "both", I(2), I(5)), "5");
  CHECK_VAL(call(c, "either", TV_FALSE, TV_FALSE), "False");
  CHECK_VAL(call(c, "either", TV_FALSE, TV_TRUE), "True");
  CHECK_VAL(call(c, "either", I(0), I(5)), "5");
  CHECK_VAL(call(c, "either", I(2), I(5)), "2");
  CHECK_VAL(call(c, "either", TV_EMPTY_SET, TV_EMPTY_TUPLE), "()");
  TEARDOWN;
}

TEST(basic_increment_decrement) {
  SETUP;
  CHECK_VAL(call(c, "increment", I(5)), "6");
  CHECK_VAL(call(c, "increment", lit(c, "(1, 2)")), "(2, 3)");
  CHECK_VAL(call(c, "increment", TV_TRUE), "2");
  CHECK_VAL(call(c, "decrement", I(0)), "-1");
  CHECK_VAL(call(c, "decrement", lit(c, "(0, -4)")), "(-1, -5)");
  CHECK_ERR(call(c, "increment", lit(c, "(1, (2, 3))")), "unsupported");
  CHECK_ERR(call(c, "decrement", lit(c, "{1, 2}")), "not subscriptable");
  TEARDOWN;
}

TEST(basic_crement_sign) {
  SETUP;
  CHECK_VAL(call(c, "crement", I(0)), "0");
  CHECK_VAL(call(c, "crement", I(3)), "4");
  CHECK_VAL(call(c, "crement", I(-3)), "-4");
  CHECK_VAL(call(c, "crement", lit(c, "(0, -2)")), "(0, -3)");
  CHECK_VAL(call(c, "crement", TV_TRUE), "2");
  CHECK_VAL(call(c, "sign", I(0)), "0");
  CHECK_VAL(call(c, "sign", I(5)), "1");
  CHECK_VAL(call(c, "sign", I(-5)), "-1");
  CHECK_VAL(call(c, "sign", lit(c, "(3, -2)")), "(1, -1)");
  CHECK_VAL(call(c, "sign", lit(c, "(0, 0)")), "(0, 0)");
  CHECK_ERR(call(c, "sign", lit(c, "(1, (2, 3))")), "integers");
  CHECK_ERR(call(c, "crement", lit(c, "(1,)")), "index out of range");
  TEARDOWN;
}

TEST(basic_positive) {
  SETUP;
  CHECK_VAL(call(c, "positive", I(1)), "True");
  CHECK_VAL(call(c, "positive", I(0)), "False");
  CHECK_VAL(call(c, "positive", I(-1)), "False");
  CHECK_VAL(call(c, "positive", TV_TRUE), "True");
  CHECK_ERR(call(c, "positive", lit(c, "(1, 1)")), "compare");
  TEARDOWN;
}

TEST(basic_toivec_tojvec_astuple) {
  SETUP;
  CHECK_VAL(call(c, "toivec", I(3)), "(3, 0)");
  CHECK_VAL(call(c, "tojvec", I(-3)), "(0, -3)");
  CHECK_VAL(call(c, "toivec", TV_TRUE), "(1, 0)");
  tv_val cell = call(c, "tojvec", lit(c, "(1, 2)"));
  CHECK_VAL(cell, "(0, (1, 2))");
  CHECK(tv_is_cell(cell));
  CHECK_VAL(call(c, "astuple", I(3), I(4)), "(3, 4)");
  CHECK_VAL(call(c, "astuple", TV_TRUE, TV_FALSE), "(1, 0)");
  CHECK_VAL(call(c, "astuple", lit(c, "{1}"), I(4)), "({1}, 4)");
  TEARDOWN;
}

TEST(basic_interval) {
  SETUP;
  CHECK_VAL(call(c, "interval", I(1), I(4), I(1)), "(1, 2, 3)");
  CHECK_VAL(call(c, "interval", I(5), I(2), I(-1)), "(5, 4, 3)");
  CHECK_VAL(call(c, "interval", I(0), I(10), I(3)), "(0, 3, 6, 9)");
  CHECK_VAL(call(c, "interval", I(10), I(0), I(-3)), "(10, 7, 4, 1)");
  CHECK_VAL(call(c, "interval", I(0), I(2), I(1)), "(0, 1)");
  CHECK_VAL(call(c, "interval", I(0), I(0), I(1)), "()");
  CHECK_VAL(call(c, "interval", I(3), I(0), I(1)), "()");
  CHECK_VAL(call(c, "interval", TV_FALSE, I(2), TV_TRUE), "(0, 1)");
  CHECK_ERR(call(c, "interval", I(0), I(5), I(0)), "step");
  CHECK_ERR(call(c, "interval", I(0), I(TV_INT_MAX), I(1)), "too many");
  TEARDOWN;
}

TEST(basic_branch) {
  SETUP;
  CHECK_VAL(call(c, "branch", TV_TRUE, I(1), I(3)), "1");
  CHECK_VAL(call(c, "branch", TV_FALSE, I(4), I(2)), "2");
  CHECK_VAL(call(c, "branch", I(0), I(4), I(2)), "2");
  CHECK_VAL(call(c, "branch", TV_EMPTY_TUPLE, I(4), I(2)), "2");
  CHECK_VAL(call(c, "branch", lit(c, "{0}"), I(4), I(2)), "4");
  TEARDOWN;
}

/* ---- container access ------------------------------------------------------ */

TEST(basic_totuple) {
  SETUP;
  CHECK_VAL(call(c, "totuple", lit(c, "{1}")), "(1,)");
  CHECK_VAL(call(c, "totuple", lit(c, "{3, 1, 2}")), "(1, 2, 3)");
  CHECK_IS(call(c, "totuple", lit(c, "{(2, 3), (0, 1)}")), grid(c, "01/23"));
  CHECK_VAL(call(c, "totuple", TV_EMPTY_SET), "()");
  CHECK_VAL(call(c, "totuple", lit(c, "(3, 1)")), "(3, 1)");
  CHECK_ERR(call(c, "totuple", I(5)), "not iterable");
  TEARDOWN;
}

TEST(basic_first_last) {
  SETUP;
  CHECK_VAL(call(c, "first", lit(c, "(2, 3)")), "2");
  CHECK_VAL(call(c, "last", lit(c, "(2, 3)")), "3");
  CHECK_VAL(call(c, "first", lit(c, "(5, 6, 7)")), "5");
  CHECK_VAL(call(c, "last", lit(c, "(5, 6, 7)")), "7");
  CHECK_VAL(call(c, "first", lit(c, "{3, 1}")), "1");
  CHECK_VAL(call(c, "last", lit(c, "{3, 1}")), "3");
  CHECK_VAL(call(c, "first", lit(c, "(4, (1, 2))")), "4");
  CHECK_VAL(call(c, "last", lit(c, "(4, (1, 2))")), "(1, 2)");
  CHECK_VAL(call(c, "first", grid(c, "12/34")), "(1, 2)");
  CHECK_VAL(call(c, "last", grid(c, "12/34")), "(3, 4)");
  CHECK_ERR(call(c, "first", TV_EMPTY_TUPLE), "empty");
  CHECK_ERR(call(c, "last", TV_EMPTY_SET), "empty");
  CHECK_ERR(call(c, "first", I(3)), "not iterable");
  TEARDOWN;
}

TEST(basic_insert) {
  SETUP;
  CHECK_VAL(call(c, "insert", I(1), lit(c, "{2}")), "{1, 2}");
  CHECK_VAL(call(c, "insert", I(2), lit(c, "{1, 2}")), "{1, 2}");
  CHECK_VAL(call(c, "insert", I(9), TV_EMPTY_SET), "{9}");
  CHECK_VAL(call(c, "insert", lit(c, "(1, 1)"), lit(c, "{(0, 0), (2, 2)}")),
            "{(0, 0), (1, 1), (2, 2)}");
  CHECK_VAL(call(c, "insert", TV_TRUE, lit(c, "{1}")), "{1}");
  CHECK_ERR(call(c, "insert", I(1), lit(c, "(2, 3)")), "union");
  TEARDOWN;
}

TEST(basic_remove) {
  SETUP;
  CHECK_VAL(call(c, "remove", I(1), lit(c, "{1, 2}")), "{2}");
  CHECK_VAL(call(c, "remove", I(1), lit(c, "(1, 2, 1, 3)")), "(2, 3)");
  CHECK_VAL(call(c, "remove", TV_TRUE, lit(c, "(1, 0)")), "(0,)");
  CHECK_VAL(call(c, "remove", I(7), TV_EMPTY_SET), "frozenset()");
  CHECK_IS(call(c, "remove", lit(c, "(3, 4)"), grid(c, "12/34/56")), grid(c, "12/56"));
  CHECK_ERR(call(c, "remove", I(1), I(1)), "not iterable");
  TEARDOWN;
}

TEST(basic_other) {
  SETUP;
  CHECK_VAL(call(c, "other", lit(c, "{1, 2}"), I(1)), "2");
  CHECK_VAL(call(c, "other", lit(c, "{1}"), I(2)), "1");
  CHECK_VAL(call(c, "other", lit(c, "(5, 5, 6)"), I(5)), "6");
  CHECK_ERR(call(c, "other", lit(c, "(5, 5)"), I(5)), "other");
  CHECK_ERR(call(c, "other", TV_EMPTY_SET, I(5)), "other");
  TEARDOWN;
}

TEST(basic_product) {
  SETUP;
  CHECK_VAL(call(c, "product", lit(c, "{1, 2}"), lit(c, "{2, 3}")),
            "{(1, 2), (1, 3), (2, 2), (2, 3)}");
  CHECK_VAL(call(c, "product", lit(c, "(1, 1)"), lit(c, "(0,)")), "{(1, 0)}");
  CHECK_VAL(call(c, "product", TV_EMPTY_SET, lit(c, "{2, 3}")), "frozenset()");
  CHECK_VAL(call(c, "product", lit(c, "(7,)"), lit(c, "((1, 2),)")), "{(7, (1, 2))}");
  CHECK_ERR(call(c, "product", I(1), lit(c, "{2}")), "not iterable");
  /* b is the outer loop: when it is empty, a is never iterated */
  CHECK_VAL(call(c, "product", I(4), TV_EMPTY_TUPLE), "frozenset()");
  CHECK_VAL(call(c, "product", TV_FALSE, TV_EMPTY_SET), "frozenset()");
  CHECK_ERR(call(c, "product", I(4), lit(c, "(1,)")), "not iterable");
  TEARDOWN;
}

TEST(basic_pair) {
  SETUP;
  CHECK_IS(call(c, "pair", lit(c, "(1, 2)"), lit(c, "(4, 3)")), grid(c, "14/23"));
  CHECK_VAL(call(c, "pair", lit(c, "(1, 2, 3)"), lit(c, "(4,)")), "((1, 4),)");
  CHECK_VAL(call(c, "pair", TV_EMPTY_TUPLE, lit(c, "(1,)")), "()");
  CHECK_VAL(call(c, "pair", lit(c, "(-1, 2)"), lit(c, "(4, 3)")), "((-1, 4), (2, 3))");
  CHECK_ERR(call(c, "pair", I(1), lit(c, "(1,)")), "not iterable");
  TEARDOWN;
}

/* ---- functions ------------------------------------------------------------- */

TEST(basic_compose_applies_inner_first) {
  SETUP;
  tv_val f = call(c, "compose", fn("increment"), fn("double"));
  CHECK(tv_is_func(f));
  CHECK_INT(tv_func_arity(f), 1);
  CHECK_VAL(tv_call1(c, f, I(3)), "7");
  CHECK_VAL(tv_call1(c, call(c, "compose", fn("double"), fn("increment")), I(3)), "8");
  TEARDOWN;
}

TEST(basic_chain) {
  SETUP;
  tv_val f = call(c, "chain", fn("increment"), fn("double"), fn("invert"));
  CHECK_VAL(tv_call1(c, f, I(3)), "-5");
  TEARDOWN;
}

TEST(basic_matcher) {
  SETUP;
  tv_val f = call(c, "matcher", fn("size"), I(2));
  CHECK_VAL(tv_call1(c, f, lit(c, "(1, 2)")), "True");
  CHECK_VAL(tv_call1(c, f, lit(c, "(1,)")), "False");
  CHECK_ERR(tv_call1(c, f, I(1)), "len");
  TEARDOWN;
}

TEST(basic_rbind_lbind) {
  SETUP;
  CHECK_VAL(tv_call1(c, call(c, "rbind", fn("subtract"), I(1)), I(5)), "4");
  CHECK_VAL(tv_call1(c, call(c, "lbind", fn("subtract"), I(1)), I(5)), "-4");
  CHECK_VAL(tv_call1(c, call(c, "rbind", fn("equality"), I(2)), I(2)), "True");
  tv_val r3 = call(c, "rbind", fn("interval"), I(1));
  CHECK_INT(tv_func_arity(r3), 2);
  CHECK_VAL(tv_call2(c, r3, I(0), I(3)), "(0, 1, 2)");
  tv_val l3 = call(c, "lbind", fn("interval"), I(0));
  CHECK_VAL(tv_call2(c, l3, I(3), I(1)), "(0, 1, 2)");
  TEARDOWN;
}

TEST(basic_power) {
  SETUP;
  CHECK_VAL(tv_call1(c, call(c, "power", fn("increment"), I(3)), I(4)), "7");
  CHECK_VAL(tv_call1(c, call(c, "power", fn("double"), I(2)), I(3)), "12");
  CHECK(call(c, "power", fn("increment"), I(1)) == fn("increment"));
  CHECK_ERR(call(c, "power", fn("increment"), I(0)), "power");
  CHECK_ERR(call(c, "power", fn("increment"), I(-2)), "power");
  TEARDOWN;
}

TEST(basic_fork) {
  SETUP;
  CHECK_VAL(tv_call1(c, call(c, "fork", fn("add"), fn("increment"), fn("double")), I(2)), "7");
  tv_val plus2 = call(c, "rbind", fn("add"), I(2));
  CHECK_VAL(tv_call1(c, call(c, "fork", fn("multiply"), fn("increment"), plus2), I(2)), "12");
  TEARDOWN;
}

TEST(basic_apply) {
  SETUP;
  CHECK_VAL(call(c, "apply", fn("double"), lit(c, "(1, 2, 3)")), "(2, 4, 6)");
  CHECK_VAL(call(c, "apply", fn("even"), lit(c, "{1, 2}")), "{False, True}");
  CHECK_VAL(call(c, "apply", fn("halve"), lit(c, "{2, 3}")), "{1}");
  CHECK_VAL(call(c, "apply", fn("size"), grid(c, "12/34")), "(2, 2)");
  CHECK_VAL(call(c, "apply", fn("size"), TV_EMPTY_TUPLE), "()");
  CHECK_VAL(call(c, "apply", I(5), TV_EMPTY_SET), "frozenset()"); /* never called */
  CHECK_ERR(call(c, "apply", fn("size"), lit(c, "(1, 2)")), "len");
  CHECK_ERR(call(c, "apply", I(5), lit(c, "(1,)")), "not callable");
  TEARDOWN;
}

TEST(basic_rapply) {
  SETUP;
  tv_val fs[2] = {fn("increment"), fn("double")};
  CHECK_VAL(call(c, "rapply", tv_tuple(c, 2, fs), I(3)), "(4, 6)");
  CHECK_VAL(call(c, "rapply", tv_set(c, 2, fs), I(3)), "{4, 6}");
  tv_val same[2] = {fn("increment"), fn("increment")};
  CHECK_VAL(call(c, "rapply", tv_set(c, 2, same), I(3)), "{4}");
  TEARDOWN;
}

TEST(basic_mapply) {
  SETUP;
  CHECK_VAL(call(c, "mapply", fn("totuple"), lit(c, "{{1, 2}, {3}}")), "{1, 2, 3}");
  CHECK_VAL(call(c, "mapply", fn("dedupe"), lit(c, "((1, 1, 2), (3, 3))")), "(1, 2, 3)");
  CHECK_VAL(call(c, "mapply", fn("initset"), lit(c, "(4, 4, 5)")), "(4, 4, 5)");
  CHECK_VAL(call(c, "mapply", fn("initset"), TV_EMPTY_SET), "frozenset()");
  CHECK_ERR(call(c, "mapply", fn("size"), lit(c, "((1,),)")), "not iterable");
  TEARDOWN;
}

TEST(basic_papply_mpapply) {
  SETUP;
  CHECK_VAL(call(c, "papply", fn("add"), lit(c, "(1, 2, 3)"), lit(c, "(10, 20)")), "(11, 22)");
  CHECK_IS(call(c, "papply", fn("astuple"), lit(c, "(1, 2)"), lit(c, "(3, 4)")),
           grid(c, "13/24"));
  CHECK_VAL(call(c, "papply", fn("add"), TV_EMPTY_TUPLE, lit(c, "(1,)")), "()");
  CHECK_VAL(call(c, "mpapply", fn("astuple"), lit(c, "(1, 2)"), lit(c, "(3, 4)")),
            "(1, 3, 2, 4)");
  CHECK_VAL(call(c, "mpapply", fn("combine"), lit(c, "({1}, {2})"), lit(c, "({1}, {3})")),
            "(1, 2, 3)");
  CHECK_ERR(call(c, "mpapply", fn("add"), lit(c, "(1, 2)"), lit(c, "(3, 4)")), "not iterable");
  TEARDOWN;
}

TEST(basic_prapply) {
  SETUP;
  CHECK_VAL(call(c, "prapply", fn("add"), lit(c, "{1, 2}"), lit(c, "{10, 20}")),
            "{11, 12, 21, 22}");
  CHECK_VAL(call(c, "prapply", fn("equality"), lit(c, "(1, 2)"), lit(c, "(1, 2)")),
            "{False, True}");
  CHECK_VAL(call(c, "prapply", fn("add"), TV_EMPTY_SET, lit(c, "{1}")), "frozenset()");
  TEARDOWN;
}

/* ---- filters ----------------------------------------------------------------- */

TEST(basic_sfilter) {
  SETUP;
  CHECK_VAL(call(c, "sfilter", lit(c, "(1, 2, 3, 4)"), fn("even")), "(2, 4)");
  CHECK_VAL(call(c, "sfilter", lit(c, "{1, 2, 3, 4}"), fn("even")), "{2, 4}");
  CHECK_VAL(call(c, "sfilter", lit(c, "(0, 1, 2)"), fn("identity")), "(1, 2)");
  CHECK_VAL(call(c, "sfilter", TV_EMPTY_SET, fn("even")), "frozenset()");
  tv_val starts_with_one = call(c, "matcher", fn("first"), I(1));
  CHECK_IS(call(c, "sfilter", grid(c, "12/34/15"), starts_with_one), grid(c, "12/15"));
  CHECK_ERR(call(c, "sfilter", lit(c, "((1,), 2)"), fn("size")), "len");
  TEARDOWN;
}

TEST(basic_mfilter) {
  SETUP;
  tv_val single = call(c, "matcher", fn("size"), I(1));
  CHECK_VAL(call(c, "mfilter", lit(c, "{{(2, (3, 3))}, {(1, (0, 0))}, {(1, (1, 1)), (1, (0, 1))}}"),
                 single),
            "{(1, (0, 0)), (2, (3, 3))}");
  CHECK_VAL(call(c, "mfilter", lit(c, "((1,), (2, 3), (4,))"), single), "(1, 4)");
  CHECK_VAL(call(c, "mfilter", TV_EMPTY_TUPLE, single), "()");
  CHECK_ERR(call(c, "mfilter", lit(c, "(1, 2)"), fn("positive")), "not iterable");
  TEARDOWN;
}

TEST(basic_extract) {
  SETUP;
  tv_val above_two = call(c, "rbind", fn("greater"), I(2));
  CHECK_VAL(call(c, "extract", lit(c, "(1, 2, 3, 4)"), above_two), "3");
  CHECK_VAL(call(c, "extract", lit(c, "{4, 2, 3}"), above_two), "3");
  CHECK_VAL(call(c, "extract", lit(c, "(1, 2)"), fn("even")), "2");
  CHECK_ERR(call(c, "extract", lit(c, "(1, 2)"), above_two), "extract");
  CHECK_ERR(call(c, "extract", TV_EMPTY_SET, above_two), "extract");
  TEARDOWN;
}

TEST(basic_set_algebra_with_negative_and_mixed_items) {
  SETUP;
  CHECK_VAL(call(c, "intersection", lit(c, "{-1, 2}"), lit(c, "{-1, 3}")), "{-1}");
  CHECK_VAL(call(c, "difference", lit(c, "{-3, -1, 2}"), lit(c, "{-1, 2}")), "{-3}");
  CHECK_VAL(call(c, "combine", lit(c, "{-2, 5}"), lit(c, "{-7, 5}")), "{-7, -2, 5}");
  CHECK_VAL(call(c, "intersection", lit(c, "{1, (0, 1)}"), lit(c, "{-4, 1, (0, 1), (2, (0, 0))}")),
            "{1, (0, 1)}");
  CHECK_VAL(call(c, "difference", lit(c, "{-4, (0, 1), (2, (0, 0))}"), lit(c, "{(0, 1)}")),
            "{-4, (2, (0, 0))}");
  CHECK_VAL(call(c, "merge", lit(c, "{{-1, 4}, {(0, 0)}, {-9}}")), "{-9, -1, 4, (0, 0)}");
  CHECK_VAL(call(c, "maximum", lit(c, "{-1, -5}")), "-1");
  TEARDOWN;
}

/* ---- budget and properties ------------------------------------------------- */

TEST(basic_budget_is_enforced) {
  ta_arena arena;
  ta_arena_init(&arena, 1 << 16);
  tv_ctx ctx;
  tv_ctx_init(&ctx, &arena, 50);
  tv_ctx *c = &ctx;
  tv_val r = call(c, "interval", I(0), I(1000), I(1));
  CHECK(tv_is_error(r));
  CHECK(ctx.work > 50);
  ta_arena_free(&arena);
}

/* Deterministic pseudo-random numbers for the property tests. */
static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static int64_t rnd(int64_t lo, int64_t hi) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return lo + (int64_t)(rng_state % (uint64_t)(hi - lo + 1));
}

static tv_val random_pairs(tv_ctx *ctx, size_t n) {
  tv_val items[64];
  for (size_t k = 0; k < n; k++) items[k] = tv_pair_imm(rnd(-3, 3), rnd(-3, 3));
  return tv_set(ctx, n, items);
}

static tv_val random_ints(tv_ctx *ctx, size_t n) {
  tv_val items[64];
  for (size_t k = 0; k < n; k++) items[k] = tv_int(rnd(-5, 5));
  return tv_tuple(ctx, n, items);
}

TEST(basic_property_set_algebra) {
  SETUP;
  for (int round = 0; round < 40; round++) {
    tv_val a = random_pairs(c, (size_t)rnd(0, 20)), b = random_pairs(c, (size_t)rnd(0, 20));
    tv_val u = call(c, "combine", a, b), i = call(c, "intersection", a, b);
    tv_val d = call(c, "difference", a, b);
    CHECK_INT(tv_len(u) + tv_len(i), tv_len(a) + tv_len(b));
    CHECK(tv_eq(call(c, "combine", d, i), a));
    CHECK_INT(tv_len(call(c, "intersection", d, b)), 0);
    CHECK(tv_eq(call(c, "combine", b, a), u));
    CHECK(tv_eq(call(c, "merge", call(c, "apply", fn("initset"), a)), a));
    CHECK(tv_eq(call(c, "totuple", a), call(c, "order", a, fn("identity"))));
    if (tv_len(a) > 0) {
      tv_val x = call(c, "first", a);
      CHECK(tv_eq(call(c, "insert", x, call(c, "remove", x, a)), a));
      CHECK(tv_eq(call(c, "maximum", a), call(c, "last", a)));
    }
  }
  TEARDOWN;
}

TEST(basic_property_tuples) {
  SETUP;
  tv_val odd = call(c, "compose", fn("flip"), fn("even"));
  for (int round = 0; round < 40; round++) {
    tv_val t = random_ints(c, (size_t)rnd(0, 30));
    size_t n = tv_len(t);
    tv_val evens = call(c, "sfilter", t, fn("even")), odds = call(c, "sfilter", t, odd);
    CHECK_INT(tv_len(evens) + tv_len(odds), n);
    tv_val sorted = call(c, "order", t, fn("identity"));
    CHECK_INT(tv_len(sorted), n);
    for (size_t k = 1; k < n; k++)
      CHECK(tv_num(tv_at(c, sorted, k - 1)) <= tv_num(tv_at(c, sorted, k)));
    tv_val once = call(c, "dedupe", t);
    CHECK(tv_eq(call(c, "dedupe", once), once));
    CHECK(tv_eq(call(c, "apply", fn("identity"), t), t));
    CHECK(tv_eq(call(c, "apply", fn("decrement"), call(c, "apply", fn("increment"), t)), t));
    if (n > 0) {
      tv_val lo = call(c, "minimum", t), hi = call(c, "maximum", t);
      CHECK(tv_eq(lo, call(c, "first", sorted)) && tv_eq(hi, call(c, "last", sorted)));
      CHECK(tv_eq(call(c, "valmax", t, fn("identity")), hi));
      tv_val common = call(c, "mostcommon", t);
      CHECK(tv_num(call(c, "size", call(c, "sfilter", t, call(c, "matcher", fn("identity"), common)))) >=
            tv_num(call(c, "size", call(c, "sfilter", t, call(c, "matcher", fn("identity"), call(c, "leastcommon", t))))));
    }
    int64_t x = rnd(-100, 100), y = rnd(1, 9);
    tv_val q = call(c, "divide", I(x), I(y));
    CHECK_INT(tv_num(q) * y + (x - tv_num(q) * y), x);
    CHECK(x - tv_num(q) * y >= 0 && x - tv_num(q) * y < y);
  }
  TEARDOWN;
}

TEST(basic_property_vectors) {
  SETUP;
  for (int round = 0; round < 40; round++) {
    tv_val v = tv_pair_imm(rnd(-50, 50), rnd(-50, 50)), w = tv_pair_imm(rnd(-50, 50), rnd(-50, 50));
    CHECK(tv_eq(call(c, "subtract", call(c, "add", v, w), w), v));
    CHECK(tv_eq(call(c, "invert", call(c, "invert", v)), v));
    CHECK(tv_eq(call(c, "add", v, call(c, "invert", v)), tv_pair_imm(0, 0)));
    CHECK(tv_eq(call(c, "halve", call(c, "double", v)), v));
    CHECK(tv_eq(call(c, "multiply", v, I(2)), call(c, "double", v)));
    CHECK(tv_eq(call(c, "add", call(c, "toivec", I(tv_pair_a(v))), call(c, "tojvec", I(tv_pair_b(v)))), v));
    CHECK(tv_eq(call(c, "sign", call(c, "crement", v)), call(c, "sign", v)));
  }
  TEARDOWN;
}
