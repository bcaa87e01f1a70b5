/* test_value.c - canonical forms, equality, order, hashing and printing. */
#include "harness.h"
#include "tessera/prims.h"

typedef struct fixture {
  ta_arena arena;
  tv_ctx ctx;
} fixture;

static void setup(fixture *f) {
  ta_arena_init(&f->arena, 1 << 16);
  tv_ctx_init(&f->ctx, &f->arena, 0);
}
static void teardown(fixture *f) { ta_arena_free(&f->arena); }

TEST(value_immediates_round_trip) {
  CHECK_INT(tv_num(tv_int(-7)), -7);
  CHECK_INT(tv_num(tv_int(TV_INT_MAX - 1)), TV_INT_MAX - 1);
  tv_val p = tv_pair_imm(-3, 29);
  CHECK(tv_is_pair(p));
  CHECK_INT(tv_pair_a(p), -3);
  CHECK_INT(tv_pair_b(p), 29);
  tv_val c = tv_cell_imm(9, -1, 30);
  CHECK_INT(tv_cell_color(c), 9);
  CHECK_INT(tv_cell_i(c), -1);
  CHECK_INT(tv_cell_j(c), 30);
  CHECK(tv_kind_of(TV_TRUE) == TV_BOOL);
}

TEST(value_bool_equals_int_like_python) {
  CHECK(tv_eq(TV_TRUE, tv_int(1)));
  CHECK(tv_eq(TV_FALSE, tv_int(0)));
  CHECK(!tv_eq(TV_TRUE, tv_int(2)));
  CHECK(tv_hash(TV_TRUE) == tv_hash(tv_int(1)));
  CHECK_INT(tv_cmp(TV_TRUE, tv_int(1)), 0);
}

TEST(value_tuple_of_two_ints_is_a_pair) {
  fixture f;
  setup(&f);
  tv_val items[2] = {tv_int(4), TV_TRUE};
  tv_val t = tv_tuple(&f.ctx, 2, items);
  CHECK(tv_is_pair(t));
  CHECK(tv_eq(t, tv_pair_imm(4, 1)));
  tv_val big = tv_pair(&f.ctx, (int64_t)1 << 40, 1);
  CHECK(tv_is_tuple(big));
  CHECK_INT(tv_len(big), 2);
  teardown(&f);
}

TEST(value_colour_and_pair_is_a_cell) {
  fixture f;
  setup(&f);
  tv_val items[2] = {tv_int(3), tv_pair_imm(1, 2)};
  tv_val c = tv_tuple(&f.ctx, 2, items);
  CHECK(tv_is_cell(c));
  CHECK(tv_eq(tv_at(&f.ctx, c, 0), tv_int(3)));
  CHECK(tv_eq(tv_at(&f.ctx, c, 1), tv_pair_imm(1, 2)));
  tv_val negative[2] = {tv_int(-200), tv_pair_imm(1, 2)};
  CHECK(tv_is_tuple(tv_tuple(&f.ctx, 2, negative)));
  teardown(&f);
}

TEST(value_tuple_of_rows_is_a_grid) {
  fixture f;
  setup(&f);
  tv_val r0[3] = {tv_int(1), tv_int(2), tv_int(3)};
  tv_val r1[3] = {tv_int(4), tv_int(5), tv_int(6)};
  tv_val rows[2] = {tv_tuple(&f.ctx, 3, r0), tv_tuple(&f.ctx, 3, r1)};
  tv_val g = tv_tuple(&f.ctx, 2, rows);
  CHECK(tv_is_grid(g));
  CHECK_INT(tv_grid_h(g), 2);
  CHECK_INT(tv_grid_w(g), 3);
  CHECK_INT(tv_grid_at(g, 1, 2), 6);
  CHECK(tv_eq(tv_at(&f.ctx, g, 1), rows[1]));
  CHECK_STR(tv_repr(&f.ctx, g), "((1, 2, 3), (4, 5, 6))");
  /* Width-2 rows are pairs; still a grid. */
  tv_val prow[2] = {tv_pair_imm(0, 1), tv_pair_imm(2, 3)};
  tv_val g2 = tv_tuple(&f.ctx, 2, prow);
  CHECK(tv_is_grid(g2));
  CHECK(tv_is_pair(tv_at(&f.ctx, g2, 0)));
  /* Ragged rows or values beyond a byte stay a tuple. */
  tv_val ragged[2] = {rows[0], prow[0]};
  CHECK(tv_is_tuple(tv_tuple(&f.ctx, 2, ragged)));
  tv_val wide[2] = {tv_pair_imm(0, 300), tv_pair_imm(2, 3)};
  CHECK(tv_is_tuple(tv_tuple(&f.ctx, 2, wide)));
  teardown(&f);
}

TEST(value_grid_equality_and_hash_follow_content) {
  fixture f;
  setup(&f);
  tv_val a = tv_grid_new(&f.ctx, 2, 2), b = tv_grid_new(&f.ctx, 2, 2);
  tv_grid_cells(a)[3] = 7;
  tv_grid_cells(b)[3] = 7;
  tv_grid_seal(a);
  tv_grid_seal(b);
  CHECK(a != b);
  CHECK(tv_eq(a, b));
  CHECK(tv_hash(a) == tv_hash(b));
  tv_val c = tv_grid_new(&f.ctx, 1, 4);
  tv_grid_cells(c)[3] = 7;
  tv_grid_seal(c);
  CHECK(!tv_eq(a, c));
  CHECK(tv_is_error(tv_grid_new(&f.ctx, TV_GRID_MAX_SIDE + 1, 1)));
  CHECK(tv_eq(tv_grid_new(&f.ctx, 0, 0), TV_EMPTY_TUPLE));
  teardown(&f);
}

TEST(value_set_sorts_and_dedups) {
  fixture f;
  setup(&f);
  tv_val items[5] = {tv_int(3), tv_int(-1), TV_TRUE, tv_int(1), tv_int(3)};
  tv_val s = tv_set(&f.ctx, 5, items);
  CHECK_INT(tv_len(s), 3);
  CHECK_STR(tv_repr(&f.ctx, s), "frozenset({-1, 1, 3})");
  CHECK(tv_contains(s, TV_TRUE));
  CHECK(!tv_contains(s, tv_int(2)));
  CHECK(tv_eq(tv_set(&f.ctx, 0, NULL), TV_EMPTY_SET));
  teardown(&f);
}

TEST(value_cells_sort_as_python_sorted) {
  /* (colour, (i, j)) tuples order as Python's sorted(): colour first, then
   * position; negative colours (NEG_ONE markers) come first. */
  fixture f;
  setup(&f);
  tv_val items[5] = {tv_cell_imm(1, 2, 0), tv_cell_imm(5, 0, 3), tv_cell_imm(2, 0, 1),
                     tv_cell_imm(-1, 9, 9), tv_cell_imm(1, 0, 7)};
  tv_val s = tv_set(&f.ctx, 5, items);
  CHECK(tv_eq(tv_items(s)[0], tv_cell_imm(-1, 9, 9)));
  CHECK(tv_eq(tv_items(s)[1], tv_cell_imm(1, 0, 7)));
  CHECK(tv_eq(tv_items(s)[2], tv_cell_imm(1, 2, 0)));
  CHECK(tv_eq(tv_items(s)[3], tv_cell_imm(2, 0, 1)));
  CHECK(tv_eq(tv_items(s)[4], tv_cell_imm(5, 0, 3)));
  tv_val pairs[3] = {tv_pair_imm(1, -5), tv_pair_imm(-2, 7), tv_pair_imm(1, -6)};
  tv_val ps = tv_set(&f.ctx, 3, pairs);
  CHECK_STR(tv_repr(&f.ctx, ps), "frozenset({(-2, 7), (1, -6), (1, -5)})");
  teardown(&f);
}

TEST(value_set_of_sets_is_order_independent) {
  fixture f;
  setup(&f);
  tv_val a_items[2] = {tv_pair_imm(0, 0), tv_pair_imm(0, 1)};
  tv_val b_items[1] = {tv_pair_imm(5, 5)};
  tv_val a = tv_set(&f.ctx, 2, a_items), b = tv_set(&f.ctx, 1, b_items);
  tv_val ab[2] = {a, b}, ba[2] = {b, a};
  tv_val s1 = tv_set(&f.ctx, 2, ab), s2 = tv_set(&f.ctx, 2, ba);
  CHECK(tv_eq(s1, s2));
  CHECK(tv_hash(s1) == tv_hash(s2));
  CHECK(tv_eq(tv_items(s1)[0], a));
  tv_val dup[3] = {a, b, tv_set(&f.ctx, 2, a_items)};
  CHECK_INT(tv_len(tv_set(&f.ctx, 3, dup)), 2);
  teardown(&f);
}

TEST(value_errors_propagate_through_constructors) {
  fixture f;
  setup(&f);
  f.ctx.line = 12;
  tv_val e = tv_error(&f.ctx, "boom %d", 3);
  CHECK(tv_is_error(e));
  CHECK_STR(tv_error_message(e), "boom 3");
  CHECK_INT(tv_error_line(e), 12);
  CHECK(f.ctx.error == e);
  tv_val items[2] = {tv_int(1), e};
  CHECK(tv_tuple(&f.ctx, 2, items) == e);
  CHECK(tv_set(&f.ctx, 2, items) == e);
  teardown(&f);
}

TEST(value_budget_counts_work) {
  fixture f;
  setup(&f);
  f.ctx.budget = 10;
  CHECK(tv_charge(&f.ctx, 6));
  CHECK(!tv_ctx_exhausted(&f.ctx));
  CHECK(!tv_charge(&f.ctx, 6));
  CHECK(tv_ctx_exhausted(&f.ctx));
  CHECK(tv_is_error(tv_budget_error(&f.ctx)));
  teardown(&f);
}

TEST(value_python_order_of_tuples) {
  fixture f;
  setup(&f);
  bool ok;
  CHECK(tv_py_cmp(tv_pair_imm(1, 9), tv_pair_imm(2, 0), &ok) < 0 && ok);
  CHECK(tv_py_cmp(tv_int(3), TV_TRUE, &ok) > 0 && ok);
  tv_val t3[3] = {tv_int(1), tv_int(2), tv_int(3)};
  CHECK(tv_py_cmp(tv_pair_imm(1, 2), tv_tuple(&f.ctx, 3, t3), &ok) < 0 && ok);
  tv_py_cmp(tv_int(1), tv_pair_imm(1, 2), &ok);
  CHECK(!ok);
  teardown(&f);
}

TEST(value_truthiness_matches_python) {
  CHECK(!tv_truthy(tv_int(0)));
  CHECK(tv_truthy(tv_int(-2)));
  CHECK(!tv_truthy(TV_EMPTY_SET));
  CHECK(!tv_truthy(TV_EMPTY_TUPLE));
  CHECK(tv_truthy(tv_pair_imm(0, 0)));
}

TEST(value_constants_match_constants_py) {
  tv_val v;
  CHECK(tv_constant_lookup("UP_RIGHT", &v) && tv_eq(v, tv_pair_imm(-1, 1)));
  CHECK(tv_constant_lookup("DOWN_LEFT", &v) && tv_eq(v, tv_pair_imm(1, -1)));
  CHECK(tv_constant_lookup("NEG_TWO", &v) && tv_eq(v, tv_int(-2)));
  CHECK(tv_constant_lookup("T", &v) && tv_is_bool(v) && tv_num(v) == 1);
  CHECK(tv_constant_lookup("THREE_BY_THREE", &v) && tv_eq(v, tv_pair_imm(3, 3)));
  CHECK(!tv_constant_lookup("ELEVEN", &v));
  CHECK_INT(tv_constant_count(), 28);
}

TEST(value_grids_hold_negative_colours) {
  /* Solvers write NEG_ONE into grids as a marker (underfill(I, NEG_ONE, p)). */
  fixture f;
  setup(&f);
  tv_val row[2] = {tv_int(-1), tv_int(3)};
  tv_val rows[1] = {tv_tuple(&f.ctx, 2, row)};
  tv_val g = tv_tuple(&f.ctx, 1, rows);
  CHECK(tv_is_grid(g));
  CHECK_INT(tv_grid_at(g, 0, 0), -1);
  CHECK_STR(tv_repr(&f.ctx, g), "((-1, 3),)");
  tv_val c = tv_cell(&f.ctx, -1, 2, 3);
  CHECK(tv_is_cell(c));
  CHECK_INT(tv_cell_color(c), -1);
  tv_val too_big[2] = {tv_int(128), tv_int(3)};
  tv_val rows2[2] = {tv_tuple(&f.ctx, 2, too_big), rows[0]};
  CHECK(tv_is_tuple(tv_tuple(&f.ctx, 2, rows2)));
  teardown(&f);
}
