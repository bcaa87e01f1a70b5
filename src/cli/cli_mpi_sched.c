/*
 * cli_mpi_sched.c - self-scheduling of battery tasks over MPI ranks (see
 * cli_mpi_sched.h).
 *
 * Protocol, all messages to or from rank 0 on MPI_COMM_WORLD:
 *   rank r -> 0   TAG_WANT  int: how many tasks it takes at once (its --jobs)
 *   0 -> rank r   TAG_GIVE  two longs: [start, end) in the cost order, or
 *                           start == end when nothing is left (then r stops)
 * Rank 0's main thread polls for requests (MPI_Iprobe, then a 0.2 ms sleep
 * when there was none, so it does not take a core from its own workers)
 * and stops when every other rank has been told that nothing is left. Only
 * that thread calls MPI (MPI_THREAD_FUNNELED). The other ranks ask for their
 * next chunk before evaluating the current one, and every wait sleeps
 * between tests instead of spinning.
 */
#include "cli_mpi_sched.h"

#ifdef TESSERA_HAVE_MPI

#include <mpi.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tessera/fault.h"

enum { TAG_WANT = 2, TAG_GIVE = 3 };

typedef struct sched {
  const arc_battery *b;
  const arc_taskset *set;
  const arc_eval_options *opts;
  size_t *order;        /* task indices, largest expected cost first */
  pthread_mutex_t lock; /* guards next (rank 0's two threads) */
  size_t next;
  cli_mpi_share *share;
  bool failed;
  arc_error *err;
} sched;

/* ---- the order -------------------------------------------------------------------- */

typedef struct costed {
  size_t task;
  uint64_t cost;
} costed;

static int by_cost_desc(const void *a, const void *b) {
  const costed *x = a, *y = b;
  if (x->cost != y->cost) return x->cost < y->cost ? 1 : -1;
  return (x->task > y->task) - (x->task < y->task);
}

/* Programs that will run on the task times its demo cells: what the
 * evaluation touches, up to the early stops no plan can foresee. */
static uint64_t task_cost(const sched *S, const arc_task *t, uint32_t *scratch) {
  uint64_t programs = arc_battery_count(S->b);
  if (!S->opts->cross) {
    char name[320];
    snprintf(name, sizeof name, "solve_%s", t->id);
    programs = arc_battery_find_all(S->b, name, scratch);
  }
  uint64_t cells = 1;
  for (size_t k = 0; k < t->n_train; k++)
    cells += (uint64_t)tv_grid_h(t->train[k].input) * (uint64_t)tv_grid_w(t->train[k].input);
  return programs * cells;
}

static bool make_order(sched *S) {
  size_t n = S->set->count;
  costed *c = tc_calloc(n + 1, sizeof *c);
  uint32_t *scratch = tc_calloc(arc_battery_count(S->b) + 1, sizeof *scratch);
  S->order = tc_calloc(n + 1, sizeof *S->order);
  bool ok = c && scratch && S->order;
  for (size_t t = 0; ok && t < n; t++) c[t] = (costed){t, task_cost(S, &S->set->tasks[t], scratch)};
  if (ok) qsort(c, n, sizeof *c, by_cost_desc);
  for (size_t k = 0; ok && k < n; k++) S->order[k] = c[k].task;
  free(c);
  free(scratch);
  return ok;
}

/* ---- evaluating a chunk ------------------------------------------------------------- */

static void add_chunk_totals(arc_eval_result *to, const arc_eval_result *r) {
  to->solved += r->solved;
  to->program_task_pairs += r->program_task_pairs;
  to->demo_evaluations += r->demo_evaluations;
  to->nodes_computed += r->nodes_computed;
  to->memo_hits += r->memo_hits;
  to->nodes_reused += r->nodes_reused;
  to->timeouts += r->timeouts;
  to->constants_folded = r->constants_folded;
  to->fold_seconds += r->fold_seconds;
  to->evaluate_seconds += r->evaluate_seconds;
  to->score_seconds += r->score_seconds;
  if (r->jobs_asked - r->threads >= to->jobs_asked - to->threads) { /* the worst shortfall */
    to->jobs_asked = r->jobs_asked;
    to->threads = r->threads;
  }
}

/* Room for `more` results in the share. */
static bool reserve(cli_mpi_share *sh, size_t more) {
  if (sh->r.count + more <= sh->cap) return true;
  size_t cap = sh->cap * 2 > sh->r.count + more ? sh->cap * 2 : sh->r.count + more + 64;
  arc_eval_task *tasks = tc_realloc(sh->r.tasks, cap * sizeof *tasks);
  if (tasks) sh->r.tasks = tasks;
  size_t *index = tasks ? tc_realloc(sh->index, cap * sizeof *index) : NULL;
  if (index) sh->index = index;
  if (!tasks || !index) return false; /* both arrays stay valid at the old size */
  sh->cap = cap;
  return true;
}

/* Moves a chunk's results (tasks order[start..end)) into the share. */
static bool keep_chunk(sched *S, arc_eval_result *r, size_t start) {
  cli_mpi_share *sh = S->share;
  if (!reserve(sh, r->count)) return false;
  for (size_t k = 0; k < r->count; k++) {
    sh->index[sh->r.count] = S->order[start + k];
    sh->r.tasks[sh->r.count] = r->tasks[k];
    sh->r.tasks[sh->r.count++].task = &S->set->tasks[S->order[start + k]];
  }
  add_chunk_totals(&sh->r, r);
  free(r->tasks); /* the results moved; only the array is left */
  *r = (arc_eval_result){0};
  return true;
}

static void run_chunk(sched *S, size_t start, size_t end) {
  if (S->failed) return; /* keep taking part, evaluate nothing */
  arc_taskset view = {0}; /* arc_eval reads only tasks and count */
  view.tasks = tc_calloc(end - start, sizeof *view.tasks);
  if (!view.tasks) {
    S->failed = !arc_fail(S->err, ARC_ERR_FAILED, "out of memory");
    return;
  }
  for (size_t k = start; k < end; k++) view.tasks[view.count++] = S->set->tasks[S->order[k]];
  arc_eval_options o = *S->opts;
  o.on_task = NULL; /* rank 0 delivers every task once all are in */
  o.user = NULL;
  arc_eval_result r;
  if (arc_eval(S->b, &view, &o, &r, S->err) != 0) S->failed = true;
  else if (!keep_chunk(S, &r, start)) S->failed = !arc_fail(S->err, ARC_ERR_FAILED, "out of memory");
  arc_eval_result_free(&r);
  free(view.tasks);
}

/* ---- rank 0 ------------------------------------------------------------------------- */

static size_t chunk_size(int jobs) { return jobs > 0 ? (size_t)jobs : 1; }

/* The next `want` tasks of the order: [*start, *end), empty when none left. */
static void take(sched *S, size_t want, size_t *start, size_t *end) {
  pthread_mutex_lock(&S->lock);
  *start = S->next;
  *end = S->next + want < S->set->count ? S->next + want : S->set->count;
  S->next = *end;
  pthread_mutex_unlock(&S->lock);
}

static void *rank0_worker(void *arg) {
  sched *S = arg;
  for (;;) {
    size_t start, end;
    take(S, chunk_size(S->opts->jobs), &start, &end);
    if (start == end) return NULL;
    run_chunk(S, start, end);
  }
}

/* Answers the other ranks until each has been told that nothing is left. */
static void serve(sched *S, int size) {
  int still_working = size - 1;
  while (still_working > 0) {
    int flag = 0, want = 1;
    MPI_Status st;
    MPI_Iprobe(MPI_ANY_SOURCE, TAG_WANT, MPI_COMM_WORLD, &flag, &st);
    if (!flag) {
      nanosleep(&(struct timespec){0, 200000}, NULL);
      continue;
    }
    MPI_Recv(&want, 1, MPI_INT, st.MPI_SOURCE, TAG_WANT, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    size_t start, end;
    take(S, chunk_size(want), &start, &end);
    long range[2] = {(long)start, (long)end};
    MPI_Send(range, 2, MPI_LONG, st.MPI_SOURCE, TAG_GIVE, MPI_COMM_WORLD);
    still_working -= start == end;
  }
}

static void run_rank0(sched *S, int size) {
  pthread_t worker;
  bool started = pthread_create(&worker, NULL, rank0_worker, S) == 0;
  if (size > 1) serve(S, size);
  if (started) pthread_join(worker, NULL);
  else rank0_worker(S); /* no second thread: work after serving */
}

/* ---- the other ranks ------------------------------------------------------------------ */

/* Waits for a request without spinning: Open MPI's blocking calls poll at
 * full speed, which takes a core from the workers when ranks share cores. */
static void quiet_wait(MPI_Request *request) {
  int done = 0;
  for (;;) {
    MPI_Test(request, &done, MPI_STATUS_IGNORE);
    if (done) return;
    nanosleep(&(struct timespec){0, 100000}, NULL);
  }
}

static void ask(int *want, long *range, MPI_Request *reply) {
  MPI_Send(want, 1, MPI_INT, 0, TAG_WANT, MPI_COMM_WORLD);
  MPI_Irecv(range, 2, MPI_LONG, 0, TAG_GIVE, MPI_COMM_WORLD, reply);
}

/* Asks for the next chunk before evaluating the current one, so the
 * answer is there when it is needed. */
static void run_other(sched *S) {
  int want = (int)chunk_size(S->opts->jobs);
  long range[2][2];
  MPI_Request reply;
  int cur = 0;
  ask(&want, range[cur], &reply);
  for (;;) {
    quiet_wait(&reply);
    long start = range[cur][0], end = range[cur][1];
    if (start >= end || end > (long)S->set->count || start < 0) return;
    cur ^= 1;
    ask(&want, range[cur], &reply);
    run_chunk(S, (size_t)start, (size_t)end);
  }
}

bool cli_mpi_eval_share(const arc_battery *b, const arc_taskset *set, const arc_eval_options *opts,
                        cli_mpi_share *share, arc_error *err) {
  *share = (cli_mpi_share){0};
  sched S = {.b = b, .set = set, .opts = opts, .share = share, .err = err};
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  /* Without an order this rank still takes part, as a failed one: run_chunk
   * then evaluates nothing and never reads the order. */
  if (!make_order(&S)) S.failed = !arc_fail(err, ARC_ERR_FAILED, "out of memory");
  pthread_mutex_init(&S.lock, NULL);
  if (rank == 0) run_rank0(&S, size);
  else run_other(&S);
  pthread_mutex_destroy(&S.lock);
  free(S.order);
  MPI_Request all_done; /* ranks that finish first sleep here, not in a spinning collective */
  MPI_Ibarrier(MPI_COMM_WORLD, &all_done);
  quiet_wait(&all_done);
  return !S.failed;
}

void cli_mpi_share_free(cli_mpi_share *share) {
  arc_eval_result_free(&share->r);
  free(share->index);
  *share = (cli_mpi_share){0};
}

#endif
