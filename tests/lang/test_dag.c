/*
 * test_dag.c - structural sharing in the library DAG and canonical text.
 */
#include <stdlib.h>

#include "lang_test.h"

static size_t root_arg(const tl_library *lib, size_t program, size_t k) {
  tl_node_info info;
  if (!tl_node_get(lib, tl_program_root(lib, program), &info) || k >= info.nargs) return (size_t)-1;
  return info.args[k];
}

TEST(dag_shares_across_programs_and_files) {
  tl_library *lib = tl_library_new();
  tl_diag diag;
  CHECK_INT(tl_library_add_file(lib, test_path("tests/lang/data/shared_a.py"), &diag), 1);
  /* INPUT, vmirror(I), hconcat(vmirror(I), I) */
  CHECK_INT(tl_library_node_count(lib), 3);
  CHECK_INT(tl_library_add_file(lib, test_path("tests/lang/data/shared_b.py"), &diag), 2);
  /* solve_right adds only vconcat(..); solve_nested is solve_left written nested. */
  CHECK_INT(tl_library_node_count(lib), 4);
  long left = tl_library_find(lib, "solve_left"), right = tl_library_find(lib, "solve_right");
  long nested = tl_library_find(lib, "solve_nested");
  CHECK(left >= 0 && right >= 0 && nested >= 0);
  CHECK_INT(tl_program_root(lib, (size_t)left), tl_program_root(lib, (size_t)nested));
  CHECK_INT(root_arg(lib, (size_t)left, 0), root_arg(lib, (size_t)right, 0));
  CHECK_INT(root_arg(lib, (size_t)right, 0), root_arg(lib, (size_t)right, 1));
  CHECK_INT(tl_program_node_count(lib, (size_t)right), 3);
  CHECK_INT(tl_program_node_count(lib, (size_t)left), 3);
  tl_library_free(lib);
}

TEST(dag_nodes_are_topological) {
  tl_library *lib = tl_library_new();
  tl_diag diag;
  CHECK_INT(tl_library_add_file(lib, test_path("tests/lang/data/good.py"), &diag), 2);
  size_t n = tl_library_node_count(lib);
  CHECK(n > 5);
  for (size_t id = 0; id < n; id++) {
    tl_node_info info;
    CHECK(tl_node_get(lib, id, &info));
    for (size_t k = 0; k < info.nargs; k++) CHECK(info.args[k] < id);
  }
  tl_node_info info;
  CHECK(!tl_node_get(lib, n, &info));
  tl_library_free(lib);
}

TEST(dag_constants_and_literals_share) {
  /* TWO and 2, ORIGIN and (0, 0), T and True are the same constant. */
  tl_library *lib = load_library("def f(I):\n    return upscale(I, TWO)\n"
                                 "def g(I):\n    return upscale(I, 2)\n"
                                 "def h(I):\n    return crop(I, ORIGIN, UNITY)\n"
                                 "def k(I):\n    return crop(I, (0, 0), (1, 1))\n"
                                 "def m(I):\n    return objects(I, T, F, True)\n"
                                 "def n(I):\n    return objects(I, True, False, T)\n");
  CHECK(lib != NULL);
  if (!lib) return;
  CHECK_INT(tl_program_root(lib, 0), tl_program_root(lib, 1));
  CHECK_INT(tl_program_root(lib, 2), tl_program_root(lib, 3));
  CHECK_INT(tl_program_root(lib, 4), tl_program_root(lib, 5));
  tl_node_info info;
  CHECK(tl_node_get(lib, tl_program_root(lib, 4), &info));
  CHECK_INT(info.op, TL_OP_CALL);
  CHECK_STR(info.prim->name, "objects");
  CHECK(info.input_dependent);
  tl_library_free(lib);
}

TEST(dag_input_independence) {
  tl_library *lib = load_library("def f(I):\n    x1 = compose(vmirror, hmirror)\n"
                                 "    x2 = rbind(hconcat, I)\n    return x1(I)\n");
  CHECK(lib != NULL);
  if (!lib) return;
  size_t independent = 0, dependent_calls = 0;
  for (size_t id = 0; id < tl_library_node_count(lib); id++) {
    tl_node_info info;
    tl_node_get(lib, id, &info);
    if (info.op == TL_OP_CALL && !info.input_dependent) independent++;
    if (info.op != TL_OP_CONST && info.input_dependent) dependent_calls++;
  }
  CHECK_INT(independent, 1);     /* compose(vmirror, hmirror) */
  CHECK_INT(dependent_calls, 3); /* I, rbind(hconcat, I), x1(I) */
  /* The dead rbind is not needed: I, vmirror, hmirror, compose, x1(I). */
  CHECK_INT(tl_program_node_count(lib, 0), 5);
  tl_library_free(lib);
}

static const char canonical_p[] =
    "def p(I):\n"
    "    x1 = vmirror(I)\n"
    "    x2 = upscale(I, TWO)\n"
    "    O = hconcat(x1, x2)\n"
    "    return O\n";

TEST(canonical_ignores_names_nesting_and_dead_code) {
  tl_library *lib = load_library("def p(I):\n    a = vmirror(I)\n    b = a\n"
                                 "    O = hconcat(b, upscale(I, 2))\n    return O\n"
                                 "def q(I):\n    x9 = upscale(I, TWO)\n    x1 = vmirror(I)\n"
                                 "    unused = rot90(I)\n    return hconcat(x1, x9)\n");
  CHECK(lib != NULL);
  if (!lib) return;
  char *p = tl_program_canonical(lib, 0), *q = tl_program_canonical(lib, 1);
  CHECK_STR(p, canonical_p);
  CHECK(q && strncmp(q, "def q(I):\n", 10) == 0);
  CHECK_STR(q ? q + 10 : NULL, canonical_p + 10);
  free(p);
  free(q);
  CHECK(tl_program_canonical(lib, 2) == NULL);
  tl_library_free(lib);
}

TEST(canonical_forms) {
  tl_library *lib = load_library(
      "def f(I):\n    x1 = rbind(hconcat, I)\n    x2 = x1(vmirror(I))\n"
      "    x3 = (x2, 1)\n    x4 = (x2,)\n    x5 = astuple(-3, 11)\n"
      "    return branch(T, combine(x3, x4), (x5, NEG_ONE))\n"
      "def g(I):\n    return I\n"
      "def h(I):\n    return (2, 2)\n");
  CHECK(lib != NULL);
  if (!lib) return;
  char *f = tl_program_canonical(lib, 0);
  CHECK_STR(f, "def f(I):\n"
               "    x1 = rbind(hconcat, I)\n"
               "    x2 = vmirror(I)\n"
               "    x3 = x1(x2)\n"
               "    x4 = (x3, ONE)\n"
               "    x5 = (x3,)\n"
               "    x6 = combine(x4, x5)\n"
               "    x7 = astuple(-3, 11)\n"
               "    x8 = (x7, NEG_ONE)\n"
               "    O = branch(T, x6, x8)\n"
               "    return O\n");
  char *g = tl_program_canonical(lib, 1), *h = tl_program_canonical(lib, 2);
  CHECK_STR(g, "def g(I):\n    return I\n");
  CHECK_STR(h, "def h(I):\n    return TWO_BY_TWO\n");
  /* Canonical text loads again and is a fixed point. */
  tl_library *again = tl_library_new();
  tl_diag diag = {{0}};
  CHECK_INT(tl_library_add_source(again, "c.py", f ? f : "", f ? strlen(f) : 0, &diag), 1);
  char *f2 = tl_program_canonical(again, 0);
  CHECK_STR(f2, f);
  free(f);
  free(f2);
  free(g);
  free(h);
  tl_library_free(again);
  tl_library_free(lib);
}
