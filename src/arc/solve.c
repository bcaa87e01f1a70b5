/*
 * solve.c - the task-set driver of the program search (arc_solve.h):
 * libraries, worker threads, copies of the results, totals.
 *
 * Libraries. The caller's solver sources are compiled once into a shared
 * library, read-only during the run and used by every task the store has
 * nothing for. A task with stored programs gets its own library: the same
 * sources again plus each stored program as a source of its own (each is
 * "def solve(I):", and one source may not define a name twice), built by the
 * worker that searches the task and freed after it. A stored program that
 * no longer loads (a primitive renamed since) is skipped, never fatal.
 *
 * Threads. Workers take the next task index from an atomic counter and
 * write only that task's slot, so results are in task order whatever the
 * number of threads; the calling thread is a worker too, so the run goes on
 * when no thread can be started. Store reads happen before the workers
 * start (one arc_store is used by one thread at a time).
 *
 * Copies. Each ts_result is copied into malloc'd memory and freed at once:
 * a search arena can be large, and 400 of them must not pile up.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "tessera/arc_limits.h"
#include "tessera/arc_solve.h"
#include "tessera/clock.h"
#include "tessera/fault.h"
#include "tessera/threads.h"

typedef struct solve_shared {
  const arc_taskset *set;
  const arc_solve_options *opts;
  const tl_library *shared_lib;
  char ***stored;    /* per task: stored program texts */
  size_t *n_stored;
  arc_solve_task *tasks;
  atomic_size_t next;
  atomic_bool oom;
  pthread_mutex_t progress_lock;
  size_t done;
} solve_shared;

/* ---- copies ------------------------------------------------------------------ */

static bool copy_grid(tv_val v, arc_grid *out) {
  int h, w;
  const uint8_t *cells;
  *out = (arc_grid){0};
  if (!tv_is_grid(v) || !tv_as_grid(v, &h, &w, &cells)) return true; /* none: cells NULL */
  size_t n = (size_t)h * (size_t)w;
  out->cells = tc_malloc(n ? n : 1);
  if (!out->cells) return false;
  memcpy(out->cells, cells, n);
  out->h = h;
  out->w = w;
  return true;
}

static void free_grid(arc_grid *g) {
  free(g->cells);
  g->cells = NULL;
}

static bool grid_is(const arc_grid *g, tv_val v) {
  int h, w;
  const uint8_t *cells;
  return g->cells && v && tv_as_grid(v, &h, &w, &cells) && h == g->h && w == g->w &&
         memcmp(cells, g->cells, (size_t)h * (size_t)w) == 0;
}

static bool copy_program(const ts_program *p, size_t n_test, arc_solve_program *out) {
  *out = (arc_solve_program){.demos_right = p->demos_right, .demo_score = p->demo_score,
                             .cost = p->cost, .origin = p->origin ? p->origin : "search"};
  out->text = tc_strdup(p->text ? p->text : "");
  out->predictions = tc_calloc(n_test ? n_test : 1, sizeof *out->predictions);
  if (!out->text || !out->predictions) return false;
  for (size_t t = 0; t < n_test; t++)
    if (p->predictions && !copy_grid(p->predictions[t], &out->predictions[t])) return false;
  return true;
}

/* The attempts: the search's when it gave grids; else the test input
 * itself (as arc predict does), attempt_2 repeating attempt_1. */
static bool copy_attempts(const ts_result *r, bool have, const arc_task *task, arc_solve_task *out) {
  out->attempts = tc_calloc(task->n_test ? task->n_test : 1, sizeof *out->attempts);
  if (!out->attempts) return false;
  for (size_t t = 0; t < task->n_test; t++) {
    arc_grid *a = out->attempts[t];
    if (have && t < r->n_test && r->attempts) {
      if (!copy_grid(r->attempts[t][0], &a[0]) || !copy_grid(r->attempts[t][1], &a[1])) return false;
    }
    if (!a[0].cells && !copy_grid(task->test[t].input, &a[0])) return false;
    if (!a[1].cells) {
      a[1] = (arc_grid){.h = a[0].h, .w = a[0].w, .cells = tc_malloc((size_t)a[0].h * (size_t)a[0].w + 1)};
      if (!a[1].cells) return false;
      memcpy(a[1].cells, a[0].cells, (size_t)a[0].h * (size_t)a[0].w);
    }
  }
  return true;
}

static bool copy_result(const ts_result *r, bool have, const arc_task *task, arc_solve_task *out) {
  if (have) {
    out->status = r->status;
    out->work = r->work;
    out->candidates = r->candidates;
    out->evaluations = r->evaluations;
    out->peak_bytes = r->peak_bytes;
    out->hit_budget = r->hit_budget;
    out->hit_memory = r->hit_memory;
    out->hit_deadline = r->hit_deadline;
    size_t n = r->n_programs < TS_MAX_PROGRAMS ? r->n_programs : TS_MAX_PROGRAMS;
    out->programs = tc_calloc(n ? n : 1, sizeof *out->programs);
    if (!out->programs) return false;
    for (size_t k = 0; k < n; k++) {
      out->n_programs = k + 1;
      if (!copy_program(&r->programs[k], task->n_test, &out->programs[k])) return false;
    }
  }
  if (!copy_attempts(r, have, task, out)) return false;
  for (size_t t = 0; t < task->n_test; t++) {
    if (!task->test[t].output) continue;
    out->tests_known++;
    out->tests_right += grid_is(&out->attempts[t][0], task->test[t].output) ||
                        grid_is(&out->attempts[t][1], task->test[t].output);
  }
  return true;
}

static void free_task(arc_solve_task *t) {
  for (size_t k = 0; t->programs && k < t->n_programs; k++) {
    free(t->programs[k].text);
    for (size_t i = 0; t->programs[k].predictions && i < t->task->n_test; i++)
      free_grid(&t->programs[k].predictions[i]);
    free(t->programs[k].predictions);
  }
  free(t->programs);
  for (size_t i = 0; t->attempts && i < t->task->n_test; i++) {
    free_grid(&t->attempts[i][0]);
    free_grid(&t->attempts[i][1]);
  }
  free(t->attempts);
}

void arc_solve_result_free(arc_solve_result *r) {
  for (size_t k = 0; r->tasks && k < r->count; k++) free_task(&r->tasks[k]);
  free(r->tasks);
  memset(r, 0, sizeof *r);
}

/* ---- libraries ------------------------------------------------------------------ */

static int add_sources(tl_library *lib, const arc_solve_options *o, arc_error *err) {
  for (size_t k = 0; k < o->n_sources; k++) {
    tl_diag diag = {{0}};
    if (tl_library_add_source(lib, o->sources[k].name, o->sources[k].text, o->sources[k].len, &diag) < 0) {
      if (err) arc_fail(err, ARC_ERR_INPUT, "%s", diag.message);
      return -1;
    }
  }
  return 0;
}

/* The library of task k: NULL (the shared one is used) when the store has
 * nothing for it. */
static tl_library *task_library(solve_shared *S, size_t k) {
  if (!S->n_stored[k]) return NULL;
  tl_library *lib = tl_library_new();
  if (!lib || add_sources(lib, S->opts, NULL) < 0) {
    tl_library_free(lib);
    return NULL;
  }
  for (size_t i = 0; i < S->n_stored[k]; i++) {
    char name[400];
    snprintf(name, sizeof name, "store:%s#%zu", S->set->tasks[k].id, i + 1);
    const char *text = S->stored[k][i];
    if (tl_library_add_source(lib, name, text, strlen(text), NULL) >= 0) S->tasks[k].stored++;
  }
  return lib;
}

/* ---- searching ------------------------------------------------------------------- */

static void solve_task(solve_shared *S, size_t k) {
  const arc_task *task = &S->set->tasks[k];
  arc_solve_task *out = &S->tasks[k];
  double start = tc_now_seconds();
  tv_val in[TS_MAX_EXAMPLES], outs[TS_MAX_EXAMPLES], tests[TS_MAX_EXAMPLES];
  bool fits = task->n_train + task->n_test <= TS_MAX_EXAMPLES;
  for (size_t i = 0; fits && i < task->n_train; i++) {
    in[i] = task->train[i].input;
    outs[i] = task->train[i].output;
  }
  for (size_t i = 0; fits && i < task->n_test; i++) tests[i] = task->test[i].input;
  ts_problem problem = {.n_demo = task->n_train, .demo_in = in, .demo_out = outs, .n_test = task->n_test,
                        .test_in = tests};
  tl_library *own = task_library(S, k);
  ts_options o = {.budget = S->opts->budget, .memory_mb = S->opts->memory_mb, .disable = S->opts->disable,
                  .library = own ? own : S->shared_lib};
  if (S->opts->task_seconds > 0) o.deadline = start + S->opts->task_seconds;
  ts_result r;
  ts_error e = {{0}};
  bool have = true;
  if (!fits) {
    memset(&r, 0, sizeof r);
    snprintf(out->error, sizeof out->error, "%zu demo pairs and %zu test inputs: the search takes at most %d examples",
             task->n_train, task->n_test, TS_MAX_EXAMPLES);
    out->failed = true;
    have = false;
  } else if (ts_solve(&problem, &o, &r, &e) != 0) {
    snprintf(out->error, sizeof out->error, "%s", e.message[0] ? e.message : "the search refused the task");
    out->failed = true;
    have = false;
    ts_result_free(&r);
    memset(&r, 0, sizeof r);
  }
  if (!copy_result(&r, have, task, out)) atomic_store(&S->oom, true);
  if (have) ts_result_free(&r);
  tl_library_free(own);
  out->seconds = tc_now_seconds() - start;
}

static void report_progress(solve_shared *S, size_t k) {
  if (!S->opts->progress) return;
  pthread_mutex_lock(&S->progress_lock);
  S->done++;
  S->opts->progress(S->opts->progress_user, &S->tasks[k], S->done, S->set->count);
  pthread_mutex_unlock(&S->progress_lock);
}

static void *worker(void *arg) {
  solve_shared *S = arg;
  for (;;) {
    size_t k = atomic_fetch_add(&S->next, 1);
    if (k >= S->set->count) break;
    solve_task(S, k);
    report_progress(S, k);
  }
  return NULL;
}

/* ---- setting up ------------------------------------------------------------------- */

static bool read_store(solve_shared *S, arc_error *err) {
  for (size_t k = 0; k < S->set->count; k++) {
    if (!S->opts->store) continue;
    if (!arc_store_search_programs(S->opts->store, S->set->tasks[k].id, S->tasks[k].task_hash,
                                   TS_MAX_PROGRAMS, &S->stored[k], &S->n_stored[k], err))
      return false;
  }
  return true;
}

static void tally(arc_solve_result *out) {
  for (size_t k = 0; k < out->count; k++) {
    const arc_solve_task *t = &out->tasks[k];
    out->solved += t->status == TS_SOLVED;
    out->work += t->work;
    out->tests_known += t->tests_known;
    out->tests_right += t->tests_right;
    if (t->task->n_test && t->tests_known == t->task->n_test) {
      out->scored_tasks++;
      out->score += (double)t->tests_right / (double)t->task->n_test;
    }
  }
}

int arc_solve_tasks(const arc_taskset *set, const arc_solve_options *opts, arc_solve_result *out,
                    arc_error *err) {
  memset(out, 0, sizeof *out);
  double start = tc_now_seconds();
  solve_shared S = {.set = set, .opts = opts};
  atomic_init(&S.next, 0);
  atomic_init(&S.oom, false);
  size_t n = set->count ? set->count : 1;
  S.tasks = tc_calloc(n, sizeof *S.tasks);
  S.stored = tc_calloc(n, sizeof *S.stored);
  S.n_stored = tc_calloc(n, sizeof *S.n_stored);
  tl_library *lib = NULL;
  int rc = 0;
  if (!S.tasks || !S.stored || !S.n_stored) rc = -1, arc_fail(err, ARC_ERR_FAILED, "out of memory");
  if (rc == 0 && opts->n_sources) {
    lib = tl_library_new();
    if (!lib) rc = -1, arc_fail(err, ARC_ERR_FAILED, "out of memory");
    else if (add_sources(lib, opts, err) < 0) rc = -1;
  }
  S.shared_lib = lib;
  for (size_t k = 0; rc == 0 && k < set->count; k++) {
    S.tasks[k].task = &set->tasks[k];
    arc_task_hash(&set->tasks[k], S.tasks[k].task_hash);
  }
  if (rc == 0 && !read_store(&S, err)) rc = -1;
  if (rc == 0) {
    pthread_mutex_init(&S.progress_lock, NULL);
    int jobs = opts->jobs < 1 ? 1 : opts->jobs > ARC_MAX_JOBS ? ARC_MAX_JOBS : opts->jobs;
    if ((size_t)jobs > set->count) jobs = set->count ? (int)set->count : 1;
    pthread_t threads[ARC_MAX_JOBS];
    int started = jobs > 1 ? tc_threads_start(threads, jobs - 1, worker, &S) : 0;
    worker(&S);
    tc_threads_join(threads, started);
    pthread_mutex_destroy(&S.progress_lock);
    out->jobs_asked = jobs;
    out->threads = started + 1;
  }
  out->tasks = S.tasks;
  out->count = S.tasks ? set->count : 0;
  if (rc == 0 && atomic_load(&S.oom)) rc = -1, arc_fail(err, ARC_ERR_FAILED, "out of memory while keeping results");
  for (size_t k = 0; S.stored && k < set->count; k++) arc_store_texts_free(S.stored[k], S.n_stored ? S.n_stored[k] : 0);
  free(S.stored);
  free(S.n_stored);
  tl_library_free(lib);
  if (rc != 0) {
    arc_solve_result_free(out);
    return -1;
  }
  tally(out);
  out->seconds = tc_now_seconds() - start;
  return 0;
}

/* ---- part names ------------------------------------------------------------------ */

static const struct {
  const char *name;
  unsigned bit;
} SOLVE_PARTS[] = {
    {"size", TS_PART_SIZE},         {"normalise", TS_PART_NORMALISE},
    {"compose", TS_PART_COMPOSE},   {"ext", TS_PART_EXT},
    {"depth3", TS_PART_DEPTH3},     {"library", TS_PART_LIBRARY},
    {"dedup", TS_PART_DEDUP},       {"objects", TS_PART_OBJECTS},
    {"neighbours", TS_PART_NEIGHBOURS}, {"libseeds", TS_PART_LIBSEEDS},
    {"lambdas", TS_PART_LAMBDAS},
};

bool arc_solve_parse_parts(const char *list, unsigned *bits, arc_error *err) {
  *bits = 0;
  for (const char *at = list ? list : ""; *at;) {
    size_t len = strcspn(at, ",");
    bool found = false;
    for (size_t k = 0; len && k < sizeof SOLVE_PARTS / sizeof SOLVE_PARTS[0]; k++)
      if (strlen(SOLVE_PARTS[k].name) == len && strncmp(SOLVE_PARTS[k].name, at, len) == 0)
        *bits |= SOLVE_PARTS[k].bit, found = true;
    if (len && !found)
      return arc_fail(err, ARC_ERR_INPUT,
                      "unknown part '%.*s' (expected size, normalise, compose, ext, depth3,"
                      " library, dedup, objects, neighbours, libseeds or lambdas)",
                      (int)(len > 100 ? 100 : len), at);
    at += len + (at[len] == ',');
  }
  return true;
}
