/*
 * arc_search.c - score and throughput benchmark of the program search
 * (ts_solve), run by hand, never as a test:
 *
 *   build/bench_arc_search TASK_DIR [--limit N] [--threads T] [--budget U]
 *                          [--disable BITS] [--verbose]
 *
 * Loads the tasks (sorted by id), runs ts_solve on each with T threads (tasks
 * handed out in order; results are per task, so the output does not depend
 * on T), and prints tasks solved on the demos, the top-2 test score (a task's
 * test outputs each count 1/n_test, as on Kaggle), wall time, and the median
 * of the per-task evaluation rates (candidate-example evaluations per
 * second of that task's thread CPU time). Test outputs are used for scoring
 * only. TS_RANK_DIAG=1 prints (stderr) every returned program per task with
 * its demos right and test outputs right, to see what the ranking lost.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tessera/arc_task.h"
#include "tessera/clock.h"
#include "tessera/search.h"

/* solve.c: programs whose text did not reproduce the engine's values */
unsigned long ts_debug_unreproduced(void);
extern uint64_t *ts_debug_work;
#include "tessera/prims_ext.h"

typedef struct job {
  const arc_taskset *set;
  size_t n;
  ts_options opts;
  atomic_size_t next;
  /* per task */
  int *solved;
  double *score;
  double *rate;
  double *secs;
  char **first_text;
  int *status;
  uint64_t *evals;
  uint64_t *work, *cands;
  int *hit;
  const char **origin; /* origin of the first program (static strings) */
  int loo;             /* leave-one-out: skip the library program solve_<task id> */
} job;

static double thread_cpu(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void *worker(void *arg) {
  job *j = arg;
  for (;;) {
    size_t i = atomic_fetch_add(&j->next, 1);
    if (i >= j->n) break;
    const arc_task *t = &j->set->tasks[i];
    tv_val din[TS_MAX_EXAMPLES], dout[TS_MAX_EXAMPLES], tin[TS_MAX_EXAMPLES];
    size_t nd = t->n_train < TS_MAX_EXAMPLES / 2 ? t->n_train : TS_MAX_EXAMPLES / 2;
    size_t nt = t->n_test < TS_MAX_EXAMPLES / 2 ? t->n_test : TS_MAX_EXAMPLES / 2;
    for (size_t k = 0; k < nd; k++) {
      din[k] = t->train[k].input;
      dout[k] = t->train[k].output;
    }
    for (size_t k = 0; k < nt; k++) tin[k] = t->test[k].input;
    ts_problem pb = {nd, din, dout, nt, tin};
    ts_result r;
    ts_error err;
    ts_options o = j->opts;
    char skip[96];
    snprintf(skip, sizeof skip, "solve_%s", t->id);
    if (j->loo) o.library_skip = skip;
    double c0 = thread_cpu();
    int rc = ts_solve(&pb, &o, &r, &err);
    double c1 = thread_cpu();
    j->secs[i] = c1 - c0;
    if (rc != 0) {
      fprintf(stderr, "%s: %s\n", t->id, err.message);
      ts_result_free(&r);
      continue;
    }
    j->status[i] = (int)r.status;
    j->solved[i] = r.status == TS_SOLVED;
    j->evals[i] = r.evaluations;
    j->work[i] = r.work;
    j->cands[i] = r.candidates;
    j->hit[i] = r.hit_budget | r.hit_memory << 1 | r.hit_deadline << 2;
    j->rate[i] = c1 > c0 ? (double)r.evaluations / (c1 - c0) : 0;
    double sc = 0;
    for (size_t k = 0; k < nt; k++) {
      tv_val want = t->test[k].output;
      if (!want) continue;
      if ((tv_is_grid(r.attempts[k][0]) && tv_eq(r.attempts[k][0], want)) ||
          (tv_is_grid(r.attempts[k][1]) && tv_eq(r.attempts[k][1], want)))
        sc += 1.0 / (double)nt;
    }
    j->score[i] = sc;
    if (getenv("TS_RANK_DIAG")) { /* per program: right on the demos and on the tests */
      static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
      pthread_mutex_lock(&mu);
      for (size_t p = 0; p < r.n_programs; p++) {
        size_t tr = 0;
        for (size_t k = 0; k < nt; k++)
          tr += tv_is_grid(r.programs[p].predictions[k]) && t->test[k].output &&
                tv_eq(r.programs[p].predictions[k], t->test[k].output);
        const char *tx = r.programs[p].text ? r.programs[p].text : "";
        const char *body = strstr(tx, "def solve");
        fprintf(stderr, "DIAG %s p%zu demos=%zu/%zu test=%zu/%zu cost=%llu origin=%s score=%.2f | ",
                t->id, p, r.programs[p].demos_right, nd, tr, nt,
                (unsigned long long)r.programs[p].cost, r.programs[p].origin, sc);
        for (const char *c = body ? body + 14 : tx; *c; c++) fputc(*c == '\n' ? ';' : *c, stderr);
        fputc('\n', stderr);
      }
      pthread_mutex_unlock(&mu);
    }
    if (r.n_programs && r.programs[0].text) j->first_text[i] = strdup(r.programs[0].text);
    j->origin[i] = r.n_programs ? r.programs[0].origin : "-";
    ts_result_free(&r);
  }
  return NULL;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s TASK_DIR [--limit N] [--threads T] [--budget U] [--disable BITS] "
                    "[--verbose] [--library FILE.py]... [--loo]\n", argv[0]);
    return 2;
  }
  size_t limit = 0;
  int threads = 2, verbose = 0;
  const char *only[64];
  size_t n_only = 0;
  ts_options opts = {0};
  tl_library *lib = NULL;
  int loo = 0;
  for (int i = 2; i < argc; i++) {
    if (!strcmp(argv[i], "--limit") && i + 1 < argc) limit = strtoul(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--threads") && i + 1 < argc) threads = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--budget") && i + 1 < argc) opts.budget = strtoull(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--disable") && i + 1 < argc) opts.disable = (unsigned)strtoul(argv[++i], NULL, 0);
    else if (!strcmp(argv[i], "--verbose")) verbose = 1;
    else if (!strcmp(argv[i], "--only") && i + 1 < argc) {
      char *list = argv[++i];
      for (char *tok = strtok(list, ","); tok && n_only < 64; tok = strtok(NULL, ",")) only[n_only++] = tok;
    }
    else if (!strcmp(argv[i], "--loo")) loo = 1;
    else if (!strcmp(argv[i], "--library") && i + 1 < argc) {
      if (!lib) lib = tl_library_new();
      tl_diag d;
      if (!lib || tl_library_add_file(lib, argv[++i], &d) < 0) {
        fprintf(stderr, "%s: %s\n", argv[0], lib ? d.message : "out of memory");
        return 2;
      }
      opts.library = lib;
    }
    else {
      fprintf(stderr, "%s: unknown argument %s\n", argv[0], argv[i]);
      return 2;
    }
  }
  if (threads < 1 || threads > 64) threads = 2;
  arc_error aerr;
  arc_load_options lo;
  memset(&lo, 0, sizeof lo);
  lo.only_ids = n_only ? only : NULL;
  lo.n_only_ids = n_only;
  arc_taskset *set = arc_taskset_load(argv[1], &lo, &aerr);
  if (!set) {
    fprintf(stderr, "%s\n", aerr.message);
    return 2;
  }
  job j;
  memset(&j, 0, sizeof j);
  j.set = set;
  j.n = limit && limit < set->count ? limit : set->count;
  j.opts = opts;
  atomic_init(&j.next, 0);
  j.solved = calloc(j.n, sizeof *j.solved);
  j.score = calloc(j.n, sizeof *j.score);
  j.rate = calloc(j.n, sizeof *j.rate);
  j.secs = calloc(j.n, sizeof *j.secs);
  j.first_text = calloc(j.n, sizeof *j.first_text);
  j.status = calloc(j.n, sizeof *j.status);
  j.evals = calloc(j.n, sizeof *j.evals);
  j.work = calloc(j.n, sizeof *j.work);
  j.cands = calloc(j.n, sizeof *j.cands);
  j.hit = calloc(j.n, sizeof *j.hit);
  j.origin = calloc(j.n, sizeof *j.origin);
  j.loo = loo;
  static uint64_t work_by_prim[1024];
  if (getenv("TS_PRIM_WORK")) {
    ts_debug_work = work_by_prim;
    threads = 1;
  }
  double t0 = tc_now_seconds();
  pthread_t th[64];
  for (int i = 0; i < threads; i++) pthread_create(&th[i], NULL, worker, &j);
  for (int i = 0; i < threads; i++) pthread_join(th[i], NULL);
  double wall = tc_now_seconds() - t0;
  size_t solved = 0;
  double score = 0, cpu = 0;
  uint64_t evals = 0;
  for (size_t i = 0; i < j.n; i++) {
    solved += (size_t)j.solved[i];
    score += j.score[i];
    cpu += j.secs[i];
    evals += j.evals[i];
    if (verbose)
      printf("%s %s test=%.2f cpu=%.3f evals=%llu work=%llu nodes=%llu hit=%d origin=%s\n%s",
             set->tasks[i].id, ts_status_name((ts_status)j.status[i]), j.score[i], j.secs[i],
             (unsigned long long)j.evals[i], (unsigned long long)j.work[i],
             (unsigned long long)j.cands[i], j.hit[i], j.origin[i] ? j.origin[i] : "-",
             j.solved[i] && j.first_text[i] ? j.first_text[i] : "");
  }
  qsort(j.rate, j.n, sizeof *j.rate, cmp_double);
  printf("tasks %zu  solved-on-demos %zu  top2-test %.2f  wall %.1fs  cpu %.1fs  threads %d  "
         "budget %llu\n",
         j.n, solved, score, wall, cpu, threads,
         (unsigned long long)(opts.budget ? opts.budget : TS_DEFAULT_BUDGET));
  printf("evaluations %llu  overall %.0f/s per core  median task rate %.0f/s\n",
         (unsigned long long)evals, cpu > 0 ? (double)evals / cpu : 0, j.rate[j.n / 2]);
  if (ts_debug_work) {
    size_t np = tv_prim_count() + tv_prim_ext_count();
    for (int r = 0; r < 25; r++) {
      size_t best = 0;
      for (size_t i = 1; i < np; i++)
        if (work_by_prim[i] > work_by_prim[best]) best = i;
      if (!work_by_prim[best]) break;
      const tv_prim *p = best < tv_prim_count() ? tv_prim_at(best) : tv_prim_ext_at(best - tv_prim_count());
      printf("  work %-22s %llu\n", p->name, (unsigned long long)work_by_prim[best]);
      work_by_prim[best] = 0;
    }
  }
  printf("unreproduced programs %lu\n", ts_debug_unreproduced());
  for (size_t i = 0; i < j.n; i++) free(j.first_text[i]);
  free(j.solved);
  free(j.score);
  free(j.rate);
  free(j.secs);
  free(j.first_text);
  free(j.status);
  free(j.evals);
  free(j.work);
  free(j.cands);
  free(j.hit);
  free(j.origin);
  tl_library_free(lib);
  arc_taskset_free(set);
  return 0;
}
