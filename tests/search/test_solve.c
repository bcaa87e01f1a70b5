/* test_solve.c - ts_solve end to end on small synthetic tasks: solved by the
 * obvious transform, texts that reproduce, tiny budgets, determinism. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "search/enumerate.h"
#include "search_test.h"
#include "tessera/lang.h"
#include "tessera/search.h"

typedef struct task {
  size_t n_demo, n_test;
  tv_val din[4], dout[4], tin[2], tout[2];
} task;

/* texts: n_demo (in, out) pairs, then n_test (in, expected out) pairs */
static void make_task(tv_ctx *ctx, task *t, size_t n_demo, size_t n_test, const char *const *x) {
  memset(t, 0, sizeof *t);
  t->n_demo = n_demo;
  t->n_test = n_test;
  for (size_t k = 0; k < n_demo; k++) {
    t->din[k] = st_grid(ctx, x[2 * k]);
    t->dout[k] = st_grid(ctx, x[2 * k + 1]);
  }
  for (size_t k = 0; k < n_test; k++) {
    t->tin[k] = st_grid(ctx, x[2 * (n_demo + k)]);
    t->tout[k] = st_grid(ctx, x[2 * (n_demo + k) + 1]);
  }
}

static int solve(const task *t, uint64_t budget, ts_result *r) {
  ts_problem pb = {t->n_demo, t->din, t->dout, t->n_test, t->tin};
  ts_options o = {0};
  o.budget = budget;
  ts_error err;
  return ts_solve(&pb, &o, r, &err);
}

static bool attempt_right(const ts_result *r, const task *t, size_t k) {
  return tv_eq(r->attempts[k][0], t->tout[k]) || tv_eq(r->attempts[k][1], t->tout[k]);
}

/* every program's text, run on the inputs, gives its predictions */
static void check_texts(const ts_result *r, const task *t) {
  for (size_t i = 0; i < r->n_programs; i++) {
    tl_library *lib = tl_library_new();
    tl_diag d;
    const char *s = r->programs[i].text;
    CHECK_INT(tl_library_add_source(lib, "p", s, strlen(s), &d), 1);
    ta_arena a;
    ta_arena_init(&a, 1 << 16);
    tv_ctx ctx;
    tv_ctx_init(&ctx, &a, 0);
    for (size_t k = 0; k < t->n_test; k++) {
      tv_val v = tl_run(lib, 0, &ctx, t->tin[k]);
      tv_val p = r->programs[i].predictions[k];
      CHECK(tv_is_grid(p) ? tv_eq(v, p) : !tv_is_grid(v));
    }
    for (size_t k = 0; k < t->n_demo && r->programs[i].demos_right == t->n_demo; k++)
      CHECK(tv_eq(tl_run(lib, 0, &ctx, t->din[k]), t->dout[k]));
    ta_arena_free(&a);
    tl_library_free(lib);
  }
}

static const char *const rot90_task[] = {"12/34", "31/42", "120/005", "01/02/50",
                                         "77/18/23", "217/387"};

TEST(solve_rot90) {
  st_fixture f;
  tv_ctx *ctx = st_open(&f);
  task t;
  make_task(ctx, &t, 2, 1, rot90_task);
  ts_result r;
  CHECK_INT(solve(&t, 0, &r), 0);
  CHECK_INT(r.status, TS_SOLVED);
  CHECK_STR(ts_status_name(r.status), "solved");
  CHECK(r.n_programs >= 1);
  CHECK(r.n_programs >= 1 && strstr(r.programs[0].text, "O = rot90(I)") != NULL);
  CHECK(r.n_programs >= 1 && strcmp(r.programs[0].origin, "enumeration") == 0);
  CHECK(tv_eq(r.attempts[0][0], t.tout[0]));
  CHECK(r.evaluations > 0);
  CHECK(!r.hit_budget);
  check_texts(&r, &t);
  ts_result_free(&r);
  st_close(&f);
}

/* A few tasks of different kinds; each must be right on its test and no
 * returned program may fail the reproduction check. */
TEST(solve_small_tasks_and_texts_reproduce) {
  static const char *const tasks[][12] = {
      /* colour swap 1 -> 2 */
      {"101/010", "202/020", "11/01", "22/02", "0110", "0220"},
      /* upscale by 2 */
      {"12", "1122/1122", "3/4", "33/33/44/44", "56", "5566/5566"},
      /* mirror concatenation */
      {"12/30", "1221/3003", "45/67", "4554/6776", "89/10", "8998/1001"},
      /* crop to the content */
      {"000/010/000", "1", "0000/0220/0220", "22/22", "00000/03300/00000", "33"},
      /* gravity of cells down */
      {"10/00", "00/10", "11/00/00", "00/00/11", "01/00/10", "00/00/11"},
  };
  st_fixture f;
  tv_ctx *ctx = st_open(&f);
  unsigned long before = ts_debug_unreproduced();
  for (size_t i = 0; i < sizeof tasks / sizeof tasks[0]; i++) {
    task t;
    make_task(ctx, &t, 2, 1, tasks[i]);
    ts_result r;
    CHECK_INT(solve(&t, 0, &r), 0);
    CHECK_INT(r.status, TS_SOLVED);
    if (!attempt_right(&r, &t, 0)) test_fail(__FILE__, __LINE__, "task %zu: test wrong", i);
    check_texts(&r, &t);
    ts_result_free(&r);
  }
  CHECK_INT(ts_debug_unreproduced() - before, 0);
  st_close(&f);
}

TEST(solve_tiny_budget_degrades) {
  st_fixture f;
  tv_ctx *ctx = st_open(&f);
  static const char *const hard[] = {"123/456/789", "9", "111/222/333", "3", "321/654", "6"};
  task t;
  make_task(ctx, &t, 2, 1, hard);
  ts_result r;
  CHECK_INT(solve(&t, 1000, &r), 0);
  CHECK(r.hit_budget);
  CHECK(r.status != TS_SOLVED || r.n_programs > 0);
  CHECK_INT(r.n_test, 1);
  CHECK(tv_is_grid(r.attempts[0][0]));
  CHECK(tv_is_grid(r.attempts[0][1]));
  CHECK(!tv_eq(r.attempts[0][0], r.attempts[0][1]));
  CHECK(r.work < 100000);
  ts_result_free(&r);
  /* budget 1: nothing at all can run, still two attempts */
  CHECK_INT(solve(&t, 1, &r), 0);
  CHECK(tv_is_grid(r.attempts[0][0]) && tv_is_grid(r.attempts[0][1]));
  ts_result_free(&r);
  st_close(&f);
}

TEST(solve_rejects_bad_problems) {
  ts_problem pb = {0, NULL, NULL, 0, NULL};
  ts_result r;
  ts_error err;
  CHECK_INT(ts_solve(&pb, NULL, &r, &err), -1);
  CHECK(strstr(err.message, "no demo") != NULL);
  ts_result_free(&r);
  st_fixture f;
  tv_ctx *ctx = st_open(&f);
  tv_val g = st_grid(ctx, "1"), bad = tv_int(3);
  ts_problem pb2 = {1, &g, &bad, 0, NULL};
  CHECK_INT(ts_solve(&pb2, NULL, &r, &err), -1);
  ts_result_free(&r);
  st_close(&f);
}

TEST(solve_is_deterministic) {
  st_fixture f;
  tv_ctx *ctx = st_open(&f);
  static const char *const x[] = {"1200/0030/0000", "21/03", "0000/0450/0060", "54/06",
                                  "7800/0900/0000", "87/09"};
  task t;
  make_task(ctx, &t, 2, 1, x);
  ts_result a, b;
  CHECK_INT(solve(&t, 2000000, &a), 0);
  CHECK_INT(solve(&t, 2000000, &b), 0);
  CHECK_INT(a.status, b.status);
  CHECK_INT(a.n_programs, b.n_programs);
  CHECK_INT(a.work, b.work);
  CHECK_INT(a.candidates, b.candidates);
  CHECK_INT(a.evaluations, b.evaluations);
  for (size_t i = 0; i < a.n_programs && i < b.n_programs; i++)
    CHECK_STR(a.programs[i].text, b.programs[i].text);
  CHECK(tv_eq(a.attempts[0][0], b.attempts[0][0]));
  CHECK(tv_eq(a.attempts[0][1], b.attempts[0][1]));
  ts_result_free(&a);
  ts_result_free(&b);
  st_close(&f);
}

TEST(solve_library_program_first) {
  st_fixture f;
  tv_ctx *ctx = st_open(&f);
  /* the library has the answer: it is tried first and wins */
  static const char *const x[] = {"12/34", "34/12/12/34", "56/78", "78/56/56/78", "90/11",
                                  "11/90/90/11"};
  task t;
  make_task(ctx, &t, 2, 1, x);
  tl_library *lib = tl_library_new();
  static const char src[] = "def solve_a(I):\n    O = rot90(I)\n    return O\n\n"
                            "def solve_b(I):\n    x1 = hmirror(I)\n    O = vconcat(x1, I)\n"
                            "    return O\n";
  tl_diag d;
  CHECK_INT(tl_library_add_source(lib, "lib", src, strlen(src), &d), 2);
  ts_problem pb = {t.n_demo, t.din, t.dout, t.n_test, t.tin};
  ts_options o = {0};
  o.library = lib;
  o.budget = 2000000;
  ts_result r;
  ts_error err;
  CHECK_INT(ts_solve(&pb, &o, &r, &err), 0);
  CHECK_INT(r.status, TS_SOLVED);
  CHECK(r.n_programs >= 1 && strcmp(r.programs[0].origin, "library") == 0);
  CHECK(r.n_programs >= 1 && strstr(r.programs[0].text, "vconcat") != NULL);
  CHECK(attempt_right(&r, &t, 0));
  check_texts(&r, &t);
  ts_result_free(&r);
  /* switched off: not from the library */
  o.disable = TS_PART_LIBRARY;
  CHECK_INT(ts_solve(&pb, &o, &r, &err), 0);
  for (size_t i = 0; i < r.n_programs; i++) CHECK(strcmp(r.programs[i].origin, "library") != 0);
  ts_result_free(&r);
  tl_library_free(lib);
  st_close(&f);
}
