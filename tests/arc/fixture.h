/*
 * fixture.h - a task set and a solver library made from text, the starting
 * point of the arc tests that run programs (test_api.c so far; test_runner.c
 * and test_store.c hold copies that could move here). Header-only, so a test
 * file takes it without a build change.
 *
 * Ownership: arc_fixture_open fills the fixture even when it fails; always
 * release it with arc_fixture_close.
 */
#ifndef TESSERA_TESTS_ARC_FIXTURE_H
#define TESSERA_TESTS_ARC_FIXTURE_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "tessera/arc_task.h"
#include "tessera/lang.h"

typedef struct arc_fixture {
  arc_taskset *set;
  tl_library *lib;
} arc_fixture;

/* Tasks from Kaggle-style JSON text, programs from solver text; checks (and
 * returns) that both load and that the solver text defines `programs`. */
static inline bool arc_fixture_open(arc_fixture *f, const char *tasks_json, const char *solvers,
                                    int programs) {
  arc_error err = {0};
  tl_diag diag = {{0}};
  f->set = arc_taskset_from_text("fixture.json", tasks_json, NULL, NULL, &err);
  f->lib = tl_library_new();
  int added = f->set && f->lib ? tl_library_add_source(f->lib, "fixture.py", solvers, strlen(solvers), &diag) : -1;
  if (!f->set) printf("  tasks: %s\n", err.message);
  if (added < 0 && f->lib) printf("  solvers: %s\n", diag.message);
  CHECK_INT(added, programs);
  return added == programs;
}

static inline void arc_fixture_close(arc_fixture *f) {
  arc_taskset_free(f->set);
  tl_library_free(f->lib);
  f->set = NULL;
  f->lib = NULL;
}

#endif
