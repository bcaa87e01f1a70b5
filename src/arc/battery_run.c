/*
 * battery_run.c - the battery's thread pool (see battery.h).
 *
 * A fixed number of workers is started once per run; each takes the next
 * task index from a shared counter, evaluates it in its own arena (reset per
 * task) and writes only that task's result slot. The calling thread waits on
 * a condition variable and hands finished tasks to the on_task callback
 * strictly in task order, so a store can commit a prefix of the run while
 * later tasks are still being evaluated.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arc/battery_internal.h"
#include "tessera/fault.h"
#include "tessera/threads.h"

typedef struct run_shared {
  const arc_battery *b;
  const arc_taskset *set;
  const arc_eval_options *opts;
  arc_eval_task *results;
  uint32_t *all_programs; /* 0..n-1, the cross plan */
  pthread_mutex_t lock;
  pthread_cond_t changed;
  bool inline_delivery;   /* no thread started: the caller works and delivers */
  size_t delivered;       /* tasks handed to on_task so far */
  size_t next;            /* next task to hand out */
  bool *done;             /* per task */
  bool failed;
  size_t failed_task;
  double score_seconds;
} run_shared;

arc_eval_options arc_eval_options_default(void) {
  return (arc_eval_options){.budget = ARC_DEFAULT_BUDGET, .jobs = 1, .memo = true,
                            .keep = ARC_DEFAULT_KEEP, .task_seconds = ARC_DEFAULT_TASK_SECONDS,
                            .memory_guard = ARC_DEFAULT_MEMORY_GUARD};
}

/* Which programs run on a task: all of them, or its own solve_<id> (one per
 * file that defines it). `own` has room for every battery program. */
static arc_battery_plan plan_for(const run_shared *S, const arc_task *task, uint32_t *own) {
  if (S->opts->cross) return (arc_battery_plan){S->all_programs, arc_battery_count(S->b)};
  char name[320];
  snprintf(name, sizeof name, "solve_%s", task->id);
  return (arc_battery_plan){own, arc_battery_find_all(S->b, name, own)};
}

/* Hands the next finished task to the callback; false when the next one
 * is not finished (with `wait`: until it is, or the run failed). */
static bool deliver_next(run_shared *S, bool wait) {
  size_t next = S->delivered, total = S->set->count;
  if (next >= total) return false;
  pthread_mutex_lock(&S->lock);
  while (wait && !S->done[next] && !S->failed) pthread_cond_wait(&S->changed, &S->lock);
  bool ready = S->done[next] && !S->failed;
  pthread_mutex_unlock(&S->lock);
  if (!ready) return false;
  if (S->opts->on_task) S->opts->on_task(S->opts->user, &S->results[next], next, total);
  S->delivered++;
  return true;
}

/* Every task finished so far, in order (inline runs). */
static void deliver_ready(run_shared *S) {
  while (deliver_next(S, false)) {}
}

static void *worker_main(void *arg) {
  run_shared *S = arg;
  arc_battery_worker *w = arc_battery_worker_new(S->b);
  uint32_t *own = tc_malloc((arc_battery_count(S->b) + 1) * sizeof *own);
  if (!own) {
    arc_battery_worker_free(w);
    w = NULL;
  }
  double score_seconds = 0;
  for (;;) {
    pthread_mutex_lock(&S->lock);
    size_t t = S->next < S->set->count && !S->failed && w ? S->next++ : SIZE_MAX;
    if (!w && !S->failed) S->failed = true, S->failed_task = S->next;
    pthread_mutex_unlock(&S->lock);
    if (t == SIZE_MAX) break;
    const arc_task *task = &S->set->tasks[t];
    arc_battery_plan plan = plan_for(S, task, own);
    bool ok = arc_battery_worker_run(w, S->opts, task, &plan, &S->results[t], &score_seconds);
    pthread_mutex_lock(&S->lock);
    S->done[t] = true;
    if (!ok && !S->failed) S->failed = true, S->failed_task = t;
    pthread_cond_broadcast(&S->changed);
    pthread_mutex_unlock(&S->lock);
    if (S->inline_delivery) deliver_ready(S);
  }
  pthread_mutex_lock(&S->lock);
  S->score_seconds += score_seconds;
  pthread_cond_broadcast(&S->changed);
  pthread_mutex_unlock(&S->lock);
  arc_battery_worker_free(w);
  free(own);
  return NULL;
}

static void add_totals(arc_eval_result *out) {
  for (size_t t = 0; t < out->count; t++) {
    const arc_eval_task *r = &out->tasks[t];
    out->solved += r->n_solved_by > 0;
    out->program_task_pairs += r->programs_run;
    out->demo_evaluations += r->demo_evaluations;
    out->nodes_computed += r->nodes_computed;
    out->memo_hits += r->memo_hits;
    out->nodes_reused += r->nodes_reused;
    out->timeouts += r->timed_out;
  }
}

/* Workers on their own threads while the caller delivers results in task
 * order; when no thread starts (an address-space limit), the caller does
 * the work itself and delivers as it goes. Returns the threads that
 * evaluated (the caller counts as one when inline). */
static int run_pool(run_shared *S, int jobs, arc_error *err) {
  pthread_t threads[ARC_MAX_JOBS];
  int started = tc_threads_start(threads, jobs, worker_main, S);
  S->inline_delivery = started == 0;
  if (S->inline_delivery) worker_main(S);
  else while (deliver_next(S, true)) {}
  tc_threads_join(threads, started);
  if (S->failed)
    return arc_fail(err, ARC_ERR_FAILED, "out of memory while evaluating task %s",
                    S->failed_task < S->set->count ? S->set->tasks[S->failed_task].id : "?"), -1;
  return started ? started : 1;
}

int arc_eval(const arc_battery *b, const arc_taskset *set, const arc_eval_options *opts,
             arc_eval_result *out, arc_error *err) {
  *out = (arc_eval_result){0};
  double t0 = tc_now_seconds();
  ta_arena_set_limit(&((arc_battery *)b)->fold_arena, opts->memory_guard);
  out->constants_folded = arc_battery_fold((arc_battery *)b, opts->budget);
  out->fold_seconds = tc_now_seconds() - t0;
  size_t n = arc_battery_count(b), count = set->count;
  run_shared S = {.b = b, .set = set, .opts = opts};
  S.results = tc_calloc(count ? count : 1, sizeof *S.results);
  S.done = tc_calloc(count ? count : 1, sizeof *S.done);
  S.all_programs = tc_calloc(n ? n : 1, sizeof *S.all_programs);
  if (!S.results || !S.done || !S.all_programs) {
    free(S.results);
    free(S.done);
    free(S.all_programs);
    return arc_fail(err, ARC_ERR_FAILED, "out of memory"), -1;
  }
  for (size_t i = 0; i < n; i++) S.all_programs[i] = (uint32_t)i;
  pthread_mutex_init(&S.lock, NULL);
  pthread_cond_init(&S.changed, NULL);
  int jobs = opts->jobs < 1 ? 1 : opts->jobs > ARC_MAX_JOBS ? ARC_MAX_JOBS : opts->jobs;
  if ((size_t)jobs > count && count > 0) jobs = (int)count;
  t0 = tc_now_seconds();
  int threads = count ? run_pool(&S, jobs, err) : 0;
  out->evaluate_seconds = tc_now_seconds() - t0;
  out->score_seconds = S.score_seconds;
  pthread_cond_destroy(&S.changed);
  pthread_mutex_destroy(&S.lock);
  free(S.done);
  free(S.all_programs);
  out->tasks = S.results;
  out->count = count;
  if (threads < 0) {
    arc_eval_result_free(out);
    return -1;
  }
  out->jobs_asked = jobs;
  out->threads = threads;
  add_totals(out);
  return 0;
}

void arc_eval_result_free(arc_eval_result *r) {
  if (!r) return;
  for (size_t t = 0; t < r->count; t++) arc_eval_task_clear(&r->tasks[t]);
  free(r->tasks);
  *r = (arc_eval_result){0};
}
