/* test_mpi_wire.c - the encoding of battery results between MPI ranks
 * (src/cli/cli_mpi_wire.c, compiled in here: the cli is not a library).
 * A real arc_eval result goes through encode and decode and must come back
 * field for field; every truncation and some corruptions must fail cleanly
 * (no reads past the end - ASan watches - and nothing leaked). */
#include <stdlib.h>
#include <string.h>

#include "cli/cli_mpi_wire.c"
#include "harness.h"
#include "tessera/battery.h"

static const char *TASKS =
    "{\"flip\": {\"train\": [{\"input\": [[1, 2], [3, 4]], \"output\": [[2, 1], [4, 3]]},"
    "                        {\"input\": [[5, 6]], \"output\": [[6, 5]]}],"
    "            \"test\": [{\"input\": [[7, 8]]}, {\"input\": [[9, 1, 2]]}]},"
    " \"same\": {\"train\": [{\"input\": [[1]], \"output\": [[1]]}], \"test\": [{\"input\": [[2]]}]}}";

static const char *SOLVERS =
    "def solve_flip(I):\n    O = vmirror(I)\n    return O\n"
    "def solve_same(I):\n    O = identity(I)\n    return O\n"
    "def other(I):\n    O = hmirror(I)\n    return O\n";

typedef struct fixture {
  arc_taskset *set;
  tl_library *lib;
  arc_battery *b;
  arc_eval_result r;
} fixture;

static bool fixture_open(fixture *f) {
  memset(f, 0, sizeof *f);
  arc_error err = {0};
  tl_diag diag = {{0}};
  f->set = arc_taskset_from_text("wire.json", TASKS, NULL, NULL, &err);
  f->lib = tl_library_new();
  bool ok = f->set && f->lib && tl_library_add_source(f->lib, "wire.py", SOLVERS, strlen(SOLVERS), &diag) == 3;
  f->b = ok ? arc_battery_compile(f->lib, &err) : NULL;
  arc_eval_options o = arc_eval_options_default();
  o.cross = true;
  ok = ok && f->b && arc_eval(f->b, f->set, &o, &f->r, &err) == 0 && f->r.count == 2;
  CHECK(ok);
  return ok;
}

static void fixture_close(fixture *f) {
  arc_eval_result_free(&f->r);
  arc_battery_free(f->b);
  arc_taskset_free(f->set);
  tl_library_free(f->lib);
}

static bool same_grid(const arc_grid *a, const arc_grid *b) {
  if (!a->cells || !b->cells) return a->cells == b->cells;
  return a->h == b->h && a->w == b->w && memcmp(a->cells, b->cells, (size_t)a->h * (size_t)a->w) == 0;
}

static bool same_task(const arc_eval_task *a, const arc_eval_task *b) {
  bool same = a->task == b->task && !strcmp(a->task_hash, b->task_hash) && a->n_kept == b->n_kept &&
              a->n_solved_by == b->n_solved_by && a->programs_run == b->programs_run &&
              a->demo_evaluations == b->demo_evaluations && a->nodes_computed == b->nodes_computed &&
              a->memo_hits == b->memo_hits && a->nodes_reused == b->nodes_reused &&
              a->seconds == b->seconds && a->timed_out == b->timed_out;
  for (size_t k = 0; same && k < a->n_solved_by; k++) same = a->solved_by[k] == b->solved_by[k];
  for (size_t k = 0; same && k < a->n_kept; k++) {
    const arc_program_result *x = &a->kept[k], *y = &b->kept[k];
    same = x->program == y->program && x->status == y->status && x->matches == y->matches &&
           x->evaluated == y->evaluated && x->train_pairs == y->train_pairs && x->score == y->score &&
           !memcmp(x->scores, y->scores, sizeof x->scores) && x->work == y->work &&
           x->n_predictions == y->n_predictions;
    for (size_t j = 0; same && j < x->n_predictions; j++) same = same_grid(&x->predictions[j], &y->predictions[j]);
  }
  return same;
}

/* Decodes every task of `bytes` into a fresh result; true when all decode. */
static bool decode_all(const fixture *f, const uint8_t *bytes, size_t len, arc_eval_result *out) {
  *out = (arc_eval_result){0};
  out->tasks = calloc(f->set->count, sizeof *out->tasks);
  if (!out->tasks) return false;
  out->count = f->set->count;
  cli_wire_reader rd = {bytes, bytes + len, false};
  uint64_t t;
  size_t n = 0;
  while (cli_wire_next_index(&rd, f->set->count, &t)) {
    if (!cli_wire_get_eval_task(&rd, &f->set->tasks[t], arc_battery_count(f->b), &out->tasks[t])) break;
    n++;
  }
  return !rd.failed && n == f->set->count;
}

static tc_text encode_all(const fixture *f) {
  tc_text t = {0};
  for (size_t k = f->r.count; k-- > 0;) cli_wire_put_eval_task(&t, k, &f->r.tasks[k]); /* any order */
  return t;
}

TEST(mpi_wire_round_trip) {
  fixture f;
  if (!fixture_open(&f)) return fixture_close(&f);
  tc_text t = encode_all(&f);
  CHECK(!t.failed && t.len > 0);
  arc_eval_result back;
  CHECK(decode_all(&f, (const uint8_t *)t.s, t.len, &back));
  for (size_t k = 0; k < f.r.count; k++) CHECK(same_task(&f.r.tasks[k], &back.tasks[k]));
  CHECK(f.r.tasks[0].n_kept >= 2);                          /* flip keeps several programs */
  CHECK(f.r.tasks[0].kept[0].n_predictions == 2);           /* with predictions to carry */
  arc_eval_result_free(&back);
  tc_text_free(&t);
  fixture_close(&f);
}

TEST(mpi_wire_truncated_and_damaged) {
  fixture f;
  if (!fixture_open(&f)) return fixture_close(&f);
  tc_text t = encode_all(&f);
  size_t failures = 0;
  for (size_t len = 0; len < t.len; len++) { /* every cut but the whole */
    uint8_t *copy = malloc(len + 1);           /* exactly len bytes readable */
    memcpy(copy, t.s, len);
    arc_eval_result back;
    failures += !decode_all(&f, copy, len, &back);
    arc_eval_result_free(&back);
    free(copy);
  }
  CHECK_INT(failures, t.len);
  uint8_t *bad = malloc(t.len);
  memcpy(bad, t.s, t.len);
  uint64_t index = 99; /* a task the set does not have */
  memcpy(bad, &index, sizeof index);
  arc_eval_result back;
  CHECK(!decode_all(&f, bad, t.len, &back));
  arc_eval_result_free(&back);
  memcpy(bad, t.s, t.len);
  uint64_t huge = (uint64_t)1 << 60; /* n_kept larger than the bytes left */
  memcpy(bad + 8 + 33, &huge, sizeof huge);
  CHECK(!decode_all(&f, bad, t.len, &back));
  arc_eval_result_free(&back);
  free(bad);
  tc_text_free(&t);
  fixture_close(&f);
}
