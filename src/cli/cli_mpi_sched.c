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

enum { TAG_EVAL = 2 }; /* and 3: cli_mpi_dispatch's two tags */

typedef struct sched {
  const arc_battery *b;
  const arc_taskset *set;
  const arc_eval_options *opts;
  size_t *order;        /* task indices, largest expected cost first */
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

/* ---- the dispatcher, shared with cli_mpi_solve.c --------------------------------------- */

typedef struct dispatch {
  size_t count;
  int jobs;
  int tag_want, tag_give;
  cli_mpi_chunk_fn run;
  void *user;
  pthread_mutex_t lock; /* guards next (rank 0's two threads) */
  size_t next;
} dispatch;

static size_t chunk_size(int jobs) { return jobs > 0 ? (size_t)jobs : 1; }

/* The next `want` positions: [*start, *end), empty when none are left. */
static void take(dispatch *D, size_t want, size_t *start, size_t *end) {
  pthread_mutex_lock(&D->lock);
  *start = D->next;
  *end = D->next + want < D->count ? D->next + want : D->count;
  D->next = *end;
  pthread_mutex_unlock(&D->lock);
}

static void *rank0_worker(void *arg) {
  dispatch *D = arg;
  for (;;) {
    size_t start, end;
    take(D, chunk_size(D->jobs), &start, &end);
    if (start == end) return NULL;
    D->run(D->user, start, end);
  }
}

/* Answers the other ranks until each has been told that nothing is left. */
static void serve(dispatch *D, int size) {
  int still_working = size - 1;
  while (still_working > 0) {
    int flag = 0, want = 1;
    MPI_Status st;
    MPI_Iprobe(MPI_ANY_SOURCE, D->tag_want, MPI_COMM_WORLD, &flag, &st);
    if (!flag) {
      nanosleep(&(struct timespec){0, 200000}, NULL);
      continue;
    }
    MPI_Recv(&want, 1, MPI_INT, st.MPI_SOURCE, D->tag_want, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    size_t start, end;
    take(D, chunk_size(want), &start, &end);
    long range[2] = {(long)start, (long)end};
    MPI_Send(range, 2, MPI_LONG, st.MPI_SOURCE, D->tag_give, MPI_COMM_WORLD);
    still_working -= start == end;
  }
}

static void run_rank0(dispatch *D, int size) {
  pthread_t worker;
  bool started = pthread_create(&worker, NULL, rank0_worker, D) == 0;
  if (size > 1) serve(D, size);
  if (started) pthread_join(worker, NULL);
  else rank0_worker(D); /* no second thread: work after serving */
}

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

static void ask(const dispatch *D, int *want, long *range, MPI_Request *reply) {
  MPI_Send(want, 1, MPI_INT, 0, D->tag_want, MPI_COMM_WORLD);
  MPI_Irecv(range, 2, MPI_LONG, 0, D->tag_give, MPI_COMM_WORLD, reply);
}

/* Asks for the next chunk before running the current one, so the answer
 * is there when it is needed. */
static void run_other(dispatch *D) {
  int want = (int)chunk_size(D->jobs);
  long range[2][2];
  MPI_Request reply;
  int cur = 0;
  ask(D, &want, range[cur], &reply);
  for (;;) {
    quiet_wait(&reply);
    long start = range[cur][0], end = range[cur][1];
    if (start >= end || end > (long)D->count || start < 0) return;
    cur ^= 1;
    ask(D, &want, range[cur], &reply);
    D->run(D->user, (size_t)start, (size_t)end);
  }
}

void cli_mpi_dispatch(size_t count, int jobs, int tag, cli_mpi_chunk_fn run, void *user) {
  dispatch D = {.count = count, .jobs = jobs, .tag_want = tag, .tag_give = tag + 1,
                .run = run, .user = user};
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  pthread_mutex_init(&D.lock, NULL);
  if (rank == 0) run_rank0(&D, size);
  else run_other(&D);
  pthread_mutex_destroy(&D.lock);
  MPI_Request all_done; /* ranks that finish first sleep here, not in a spinning collective */
  MPI_Ibarrier(MPI_COMM_WORLD, &all_done);
  quiet_wait(&all_done);
}

/* ---- arc eval's share -------------------------------------------------------------------- */

static void eval_chunk(void *user, size_t start, size_t end) { run_chunk(user, start, end); }

bool cli_mpi_eval_share(const arc_battery *b, const arc_taskset *set, const arc_eval_options *opts,
                        cli_mpi_share *share, arc_error *err) {
  *share = (cli_mpi_share){0};
  sched S = {.b = b, .set = set, .opts = opts, .share = share, .err = err};
  /* Without an order this rank still takes part, as a failed one: run_chunk
   * then evaluates nothing and never reads the order. */
  if (!make_order(&S)) S.failed = !arc_fail(err, ARC_ERR_FAILED, "out of memory");
  cli_mpi_dispatch(set->count, opts->jobs, TAG_EVAL, eval_chunk, &S);
  free(S.order);
  return !S.failed;
}

void cli_mpi_share_free(cli_mpi_share *share) {
  arc_eval_result_free(&share->r);
  free(share->index);
  *share = (cli_mpi_share){0};
}

#endif
