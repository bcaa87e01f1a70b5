/*
 * test_battery.c - the battery evaluator: cross evaluation, collapsing of
 * identical programs, budgets, early stop, scorers, and results that do not
 * depend on the thread count or the value memo.
 *
 * Expected values come from the task files in tests/arc/data/battery (whose
 * outputs were written by hand from the arc-dsl definitions of vmirror,
 * hmirror and upscale) and from the scorer definitions in battery.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "tessera/battery.h"

static tl_library *library_of(const char *relative) {
  tl_library *lib = tl_library_new();
  tl_diag diag = {{0}};
  if (tl_library_add_file(lib, test_path(relative), &diag) < 0) {
    fprintf(stderr, "%s\n", diag.message);
    tl_library_free(lib);
    return NULL;
  }
  return lib;
}

static tl_library *library_from(const char *text) {
  tl_library *lib = tl_library_new();
  tl_diag diag = {{0}};
  if (tl_library_add_source(lib, "inline.py", text, strlen(text), &diag) < 0) {
    fprintf(stderr, "%s\n", diag.message);
    tl_library_free(lib);
    return NULL;
  }
  return lib;
}

static arc_taskset *battery_tasks(void) {
  arc_error err;
  arc_taskset *set = arc_taskset_load(test_path("tests/arc/data/battery/tasks"), NULL, &err);
  if (!set) fprintf(stderr, "%s\n", err.message);
  return set;
}

/* Compiles lib, printing why when it cannot (NULL lib gives NULL). */
static arc_battery *compile_battery(tl_library *lib) {
  arc_error err;
  arc_battery *b = lib ? arc_battery_compile(lib, &err) : NULL;
  if (lib && !b) fprintf(stderr, "%s\n", err.message);
  return b;
}

/* Every battery test: a library, the fixture tasks and their battery, or a
 * failed check and a jump to the test's `done:` label, which closes them. */
#define OPEN_BATTERY(solvers)                    \
  tl_library *lib = library_of(solvers);         \
  arc_taskset *set = battery_tasks();            \
  arc_battery *b = compile_battery(lib);          \
  CHECK(b && set);                               \
  if (!b || !set) goto done
#define CLOSE_BATTERY()  \
  arc_battery_free(b);    \
  arc_taskset_free(set); \
  tl_library_free(lib)

static const arc_eval_task *task_result(const arc_eval_result *r, const char *id) {
  for (size_t k = 0; k < r->count; k++)
    if (strcmp(r->tasks[k].task->id, id) == 0) return &r->tasks[k];
  return NULL;
}

static bool run_battery(const arc_battery *b, const arc_taskset *set, arc_eval_options opts,
                        arc_eval_result *out) {
  arc_error err;
  if (arc_eval(b, set, &opts, out, &err) == 0) return true;
  fprintf(stderr, "arc_eval: %s\n", err.message);
  return false;
}

TEST(battery_default_mode_runs_own_solver_only) {
  OPEN_BATTERY("tests/arc/data/battery/solvers.py");
  arc_eval_result r;
  CHECK(run_battery(b, set, arc_eval_options_default(), &r));
  CHECK_INT(r.count, 3);
  CHECK_INT(r.program_task_pairs, 3);
  /* solve_mirror1 and solve_swap2 are the wrong transformations. */
  CHECK_INT(r.solved, 1);
  const arc_eval_task *mirror = task_result(&r, "mirror1");
  CHECK(mirror && mirror->n_solved_by == 0);
  if (mirror && mirror->n_kept) {
    CHECK_INT(mirror->kept[0].status, ARC_EVAL_WRONG);
    CHECK_INT(mirror->kept[0].evaluated, 1); /* stopped at the first wrong pair */
  }
  arc_eval_result_free(&r);
done:
  CLOSE_BATTERY();
}

TEST(battery_cross_finds_solvers_written_for_other_tasks) {
  OPEN_BATTERY("tests/arc/data/battery/solvers.py");
  arc_eval_options opts = arc_eval_options_default();
  opts.cross = true;
  arc_eval_result r;
  CHECK(run_battery(b, set, opts, &r));
  CHECK_INT(r.program_task_pairs, 9);
  CHECK_INT(r.solved, 3);
  const arc_eval_task *mirror = task_result(&r, "mirror1");
  long swap_program = arc_battery_find_name(b, "solve_swap2");
  CHECK(mirror && mirror->n_solved_by == 1 && (long)mirror->solved_by[0] == swap_program);
  if (mirror && mirror->n_kept) {
    /* vmirror of the test input [[1,0,0],[2,2,0]] is [[0,0,1],[0,2,2]]. */
    const arc_program_result *best = &mirror->kept[0];
    CHECK_INT(best->status, ARC_EVAL_SOLVED);
    CHECK_INT(best->matches, 2);
    CHECK_INT(best->n_predictions, 1);
    static const uint8_t expected[] = {0, 0, 1, 0, 2, 2};
    CHECK(best->n_predictions == 1 && best->predictions[0].h == 2 && best->predictions[0].w == 3 &&
          memcmp(best->predictions[0].cells, expected, 6) == 0);
  }
  arc_eval_result_free(&r);
done:
  CLOSE_BATTERY();
}

TEST(battery_identical_programs_collapse_to_one_hash) {
  tl_library *lib = library_of("tests/arc/data/battery/same.py");
  arc_error err;
  arc_battery *b = lib ? arc_battery_compile(lib, &err) : NULL;
  CHECK(b != NULL);
  if (!b) goto done;
  CHECK_INT(tl_library_count(lib), 2);
  CHECK_INT(arc_battery_count(b), 1);
  CHECK_INT(arc_battery_find_name(b, "solve_grow3"), arc_battery_find_name(b, "solve_mirror1"));
  const arc_program *p = arc_battery_program(b, 0);
  CHECK(p && strlen(p->hash) == 32);
  CHECK(p && strstr(p->text, "rot90") == NULL); /* dead statements are not part of it */
  /* The same computation in a third spelling hashes the same. */
  tl_library *other = library_from("def f(I):\n    a = vmirror(hmirror(I))\n"
                                   "    return upscale(a, 2)\n");
  arc_battery *b2 = other ? arc_battery_compile(other, &err) : NULL;
  CHECK(b2 && p && strcmp(arc_battery_program(b2, 0)->hash, p->hash) == 0);
  arc_battery_free(b2);
  tl_library_free(other);
done:
  arc_battery_free(b);
  tl_library_free(lib);
}

TEST(battery_budget_stops_explosive_program) {
  OPEN_BATTERY("tests/arc/data/battery/explode.py");
  /* Unlimited: upscale by 100 then downscale by 50 is upscale by 2, which
   * solves grow3. The 200x200 intermediate costs far more than 10000. */
  arc_eval_options opts = arc_eval_options_default();
  opts.budget = 0;
  arc_eval_result r;
  CHECK(run_battery(b, set, opts, &r));
  const arc_eval_task *grow = task_result(&r, "grow3");
  CHECK(grow && grow->n_solved_by == 1);
  uint64_t unlimited_work = grow && grow->n_kept ? grow->kept[0].work : 0;
  CHECK(unlimited_work > 40000);
  arc_eval_result_free(&r);
  for (int jobs = 1; jobs <= 4; jobs += 3) {
    for (int memo = 0; memo <= 1; memo++) {
      opts.budget = 10000;
      opts.jobs = jobs;
      opts.memo = memo;
      CHECK(run_battery(b, set, opts, &r));
      grow = task_result(&r, "grow3");
      CHECK(grow && grow->n_solved_by == 0);
      /* Budget-stopped programs score 0 and are not kept. */
      CHECK(grow && grow->n_kept == 0);
      const arc_eval_task *swap = task_result(&r, "swap2");
      CHECK(swap && swap->n_solved_by == 1); /* the cheap program is unaffected */
      arc_eval_result_free(&r);
    }
  }
done:
  CLOSE_BATTERY();
}

TEST(battery_partial_scores_every_pair) {
  OPEN_BATTERY("tests/arc/data/battery/solvers.py");
  arc_eval_options opts = arc_eval_options_default();
  opts.partial = true;
  arc_eval_result r;
  CHECK(run_battery(b, set, opts, &r));
  const arc_eval_task *mirror = task_result(&r, "mirror1");
  CHECK(mirror && mirror->n_kept == 1);
  if (mirror && mirror->n_kept) {
    const arc_program_result *k = &mirror->kept[0];
    CHECK_INT(k->evaluated, 2);
    CHECK_INT(k->matches, 0);
    /* hmirror of a 2x3 grid keeps the shape: shape score 1 on both pairs. */
    CHECK(k->scores[ARC_SCORE_SHAPE] == 1.0);
    /* Pair 1: hmirror [[4,5,6],[1,2,3]] vs [[3,2,1],[6,5,4]]: no cell
     * agrees. Pair 2: [[0,8],[7,0]] vs [[0,7],[8,0]]: the two zeros agree,
     * 2 of 4. Mean (0 + 1/2) / 2. */
    CHECK(k->scores[ARC_SCORE_CELLS] == 0.25);
    CHECK(k->n_predictions == 1); /* partial mode predicts for unsolved kept programs */
  }
  arc_eval_result_free(&r);
done:
  CLOSE_BATTERY();
}

TEST(scorers_follow_their_definitions) {
  double s[ARC_SCORER_COUNT];
  static const uint8_t a[] = {1, 2, 3, 4}, e[] = {1, 2, 3, 5};
  arc_score_pair(2, 2, a, 2, 2, e, s);
  CHECK(s[ARC_SCORE_EXACT] == 0.0);
  CHECK(s[ARC_SCORE_CELLS] == 0.75);
  CHECK(s[ARC_SCORE_SHAPE] == 1.0);
  CHECK(s[ARC_SCORE_PALETTE] == 0.6); /* {1,2,3} of {1,2,3,4,5} */
  CHECK(s[ARC_SCORE_COUNTS] == 0.75);
  static const uint8_t row[] = {1, 1, 1}, col[] = {1, 2};
  arc_score_pair(1, 3, row, 2, 1, col, s);
  CHECK(s[ARC_SCORE_CELLS] == 0.0 && s[ARC_SCORE_SHAPE] == 0.0);
  CHECK(s[ARC_SCORE_PALETTE] == 0.5);
  CHECK(s[ARC_SCORE_COUNTS] > 0.3333 && s[ARC_SCORE_COUNTS] < 0.3334); /* min(3,1) / 3 */
  arc_score_pair(2, 2, e, 2, 2, e, s);
  for (int k = 0; k < ARC_SCORER_COUNT; k++) CHECK(s[k] == 1.0);
  CHECK(arc_combined_score(s) == 1.0);
  arc_score_pair(0, 0, NULL, 2, 2, e, s); /* no output at all */
  for (int k = 0; k < ARC_SCORER_COUNT; k++) CHECK(s[k] == 0.0);
  CHECK(arc_combined_score(s) == 0.0);
  CHECK_STR(arc_scorer_name(ARC_SCORE_PALETTE), "palette");
}

/* ---- determinism ------------------------------------------------------------- */

static bool same_grid(const arc_grid *a, const arc_grid *b) {
  if (a->h != b->h || a->w != b->w || !a->cells != !b->cells) return false;
  return !a->cells || memcmp(a->cells, b->cells, (size_t)a->h * (size_t)a->w) == 0;
}

static bool same_result(const arc_program_result *a, const arc_program_result *b) {
  if (a->program != b->program || a->status != b->status || a->matches != b->matches ||
      a->evaluated != b->evaluated || a->work != b->work || a->score != b->score ||
      a->n_predictions != b->n_predictions)
    return false;
  for (int s = 0; s < ARC_SCORER_COUNT; s++)
    if (a->scores[s] != b->scores[s]) return false;
  for (size_t t = 0; t < a->n_predictions; t++)
    if (!same_grid(&a->predictions[t], &b->predictions[t])) return false;
  return true;
}

static bool same_run(const arc_eval_result *a, const arc_eval_result *b) {
  if (a->count != b->count || a->solved != b->solved || a->demo_evaluations != b->demo_evaluations)
    return false;
  for (size_t t = 0; t < a->count; t++) {
    const arc_eval_task *x = &a->tasks[t], *y = &b->tasks[t];
    if (x->n_kept != y->n_kept || x->n_solved_by != y->n_solved_by) return false;
    if (memcmp(x->solved_by, y->solved_by, x->n_solved_by * sizeof *x->solved_by) != 0) return false;
    for (size_t k = 0; k < x->n_kept; k++)
      if (!same_result(&x->kept[k], &y->kept[k])) return false;
  }
  return true;
}

TEST(battery_results_identical_for_jobs_and_memo) {
  tl_library *lib = library_of("data/solvers/tessera.py");
  static const char *const ids[] = {"007bbfb7", "0d3d703e", "25ff71a9", "3c9b0459", "6150a2bd",
                                    "67a3c6ac", "68b16354", "74dd1130", "9dfd6313", "a416b8f3",
                                    "b1948b0a", "c8f0f002", "d511f180", "ed36ccf7", "f25ffba3"};
  arc_load_options load = {.only_ids = ids, .n_only_ids = sizeof ids / sizeof ids[0]};
  arc_error aerr;
  arc_taskset *set = arc_taskset_load(test_path("data/arc-agi-1/training"), &load, &aerr);
  arc_error err;
  arc_battery *b = lib ? arc_battery_compile(lib, &err) : NULL;
  CHECK(b && set);
  if (!b || !set) goto done;
  for (int partial = 0; partial <= 1; partial++) {
    arc_eval_options opts = arc_eval_options_default();
    opts.cross = true;
    opts.partial = partial;
    opts.budget = 200000; /* small enough that some programs hit it */
    arc_eval_result base;
    opts.jobs = 1;
    opts.memo = false;
    CHECK(run_battery(b, set, opts, &base));
    CHECK(base.solved >= 10);
    for (int variant = 0; variant < 3; variant++) {
      opts.jobs = variant == 1 ? 1 : 4;
      opts.memo = variant != 2;
      arc_eval_result other;
      CHECK(run_battery(b, set, opts, &other));
      CHECK(same_run(&base, &other));
      if (variant == 0) CHECK(other.memo_hits > 0);
      arc_eval_result_free(&other);
    }
    arc_eval_result_free(&base);
  }
done:
  CLOSE_BATTERY();
}

static size_t delivered_in_order;
static void count_in_order(void *user, const arc_eval_task *task, size_t index, size_t total) {
  (void)user;
  (void)task;
  (void)total;
  if (index == delivered_in_order) delivered_in_order++;
}

TEST(battery_delivers_tasks_in_order) {
  OPEN_BATTERY("tests/arc/data/battery/solvers.py");
  arc_eval_options opts = arc_eval_options_default();
  opts.jobs = 3;
  opts.on_task = count_in_order;
  delivered_in_order = 0;
  arc_eval_result r;
  CHECK(run_battery(b, set, opts, &r));
  CHECK_INT(delivered_in_order, 3);
  arc_eval_result_free(&r);
done:
  CLOSE_BATTERY();
}

TEST(battery_wall_clock_limit_is_reported) {
  OPEN_BATTERY("tests/arc/data/battery/explode.py");
  arc_eval_options opts = arc_eval_options_default();
  opts.budget = 0;
  opts.task_seconds = 1e-9; /* expires before the first node finishes */
  arc_eval_result r;
  CHECK(run_battery(b, set, opts, &r));
  const arc_eval_task *grow = task_result(&r, "grow3");
  CHECK(grow && grow->timed_out && grow->n_solved_by == 0);
  CHECK(r.timeouts >= 1);
  arc_eval_result_free(&r);
done:
  CLOSE_BATTERY();
}
