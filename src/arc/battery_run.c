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

#define TB_MAX_JOBS 256

typedef struct run_shared {
  const tb_battery *b;
  const arc_taskset *set;
  const tb_options *opts;
  tb_task_result *results;
  uint32_t *all_programs; /* 0..n-1, the cross plan */
  pthread_mutex_t lock;
  pthread_cond_t changed;
  size_t next;            /* next task to hand out */
  bool *done;             /* per task */
  bool failed;
  size_t failed_task;
  double score_seconds;
} run_shared;

tb_options tb_options_default(void) {
  return (tb_options){.budget = TB_DEFAULT_BUDGET, .jobs = 1, .memo = true,
                      .keep = TB_DEFAULT_KEEP, .task_seconds = TB_DEFAULT_TASK_SECONDS,
                      .memory_guard = TB_DEFAULT_MEMORY_GUARD};
}

/* Which programs run on a task: all of them, or its own solve_<id> (one per
 * file that defines it). `own` has room for every battery program. */
static tb_task_plan plan_for(const run_shared *S, const arc_task *task, uint32_t *own) {
  if (S->opts->cross) return (tb_task_plan){S->all_programs, tb_battery_count(S->b)};
  char name[320];
  snprintf(name, sizeof name, "solve_%s", task->id);
  return (tb_task_plan){own, tb_battery_find_all(S->b, name, own)};
}

static void *worker_main(void *arg) {
  run_shared *S = arg;
  tb_worker *w = tb_worker_new(S->b);
  uint32_t *own = malloc((tb_battery_count(S->b) + 1) * sizeof *own);
  if (!own) {
    tb_worker_free(w);
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
    tb_task_plan plan = plan_for(S, task, own);
    bool ok = tb_worker_run_task(w, S->opts, task, &plan, &S->results[t], &score_seconds);
    pthread_mutex_lock(&S->lock);
    S->done[t] = true;
    if (!ok && !S->failed) S->failed = true, S->failed_task = t;
    pthread_cond_broadcast(&S->changed);
    pthread_mutex_unlock(&S->lock);
  }
  pthread_mutex_lock(&S->lock);
  S->score_seconds += score_seconds;
  pthread_cond_broadcast(&S->changed);
  pthread_mutex_unlock(&S->lock);
  tb_worker_free(w);
  free(own);
  return NULL;
}

/* Hands finished tasks to the callback in order until all are done or the
 * run failed; the workers keep going meanwhile. */
static void deliver_in_order(run_shared *S) {
  size_t delivered = 0, total = S->set->count;
  while (delivered < total) {
    pthread_mutex_lock(&S->lock);
    while (!S->done[delivered] && !S->failed) pthread_cond_wait(&S->changed, &S->lock);
    bool ready = S->done[delivered] && !S->failed;
    pthread_mutex_unlock(&S->lock);
    if (!ready) return;
    if (S->opts->on_task) S->opts->on_task(S->opts->user, &S->results[delivered], delivered, total);
    delivered++;
  }
}

static void add_totals(tb_run_result *out) {
  for (size_t t = 0; t < out->count; t++) {
    const tb_task_result *r = &out->tasks[t];
    out->solved += r->n_solved_by > 0;
    out->program_task_pairs += r->programs_run;
    out->demo_evaluations += r->demo_evaluations;
    out->nodes_computed += r->nodes_computed;
    out->memo_hits += r->memo_hits;
    out->nodes_reused += r->nodes_reused;
    out->timeouts += r->timed_out;
  }
}

static int run_pool(run_shared *S, int jobs, char *err, size_t errlen) {
  pthread_t threads[TB_MAX_JOBS];
  int started = 0;
  for (; started < jobs; started++)
    if (pthread_create(&threads[started], NULL, worker_main, S) != 0) break;
  if (started == 0) {
    snprintf(err, errlen, "could not start a worker thread");
    return -1;
  }
  deliver_in_order(S);
  for (int i = 0; i < started; i++) pthread_join(threads[i], NULL);
  if (S->failed) {
    snprintf(err, errlen, "out of memory while evaluating task %s",
             S->failed_task < S->set->count ? S->set->tasks[S->failed_task].id : "?");
    return -1;
  }
  return 0;
}

int tb_run(const tb_battery *b, const arc_taskset *set, const tb_options *opts,
           tb_run_result *out, char *err, size_t errlen) {
  *out = (tb_run_result){0};
  double t0 = tb_now_seconds();
  ta_arena_set_limit(&((tb_battery *)b)->fold_arena, opts->memory_guard);
  out->constants_folded = tb_battery_fold((tb_battery *)b, opts->budget);
  out->fold_seconds = tb_now_seconds() - t0;
  size_t n = tb_battery_count(b), count = set->count;
  run_shared S = {.b = b, .set = set, .opts = opts};
  S.results = calloc(count ? count : 1, sizeof *S.results);
  S.done = calloc(count ? count : 1, sizeof *S.done);
  S.all_programs = malloc((n ? n : 1) * sizeof *S.all_programs);
  if (!S.results || !S.done || !S.all_programs) {
    free(S.results);
    free(S.done);
    free(S.all_programs);
    snprintf(err, errlen, "out of memory");
    return -1;
  }
  for (size_t i = 0; i < n; i++) S.all_programs[i] = (uint32_t)i;
  pthread_mutex_init(&S.lock, NULL);
  pthread_cond_init(&S.changed, NULL);
  int jobs = opts->jobs < 1 ? 1 : opts->jobs > TB_MAX_JOBS ? TB_MAX_JOBS : opts->jobs;
  if ((size_t)jobs > count && count > 0) jobs = (int)count;
  t0 = tb_now_seconds();
  int status = count ? run_pool(&S, jobs, err, errlen) : 0;
  out->evaluate_seconds = tb_now_seconds() - t0;
  out->score_seconds = S.score_seconds;
  pthread_cond_destroy(&S.changed);
  pthread_mutex_destroy(&S.lock);
  free(S.done);
  free(S.all_programs);
  out->tasks = S.results;
  out->count = count;
  if (status != 0) {
    tb_run_result_free(out);
    return -1;
  }
  add_totals(out);
  return 0;
}

void tb_run_result_free(tb_run_result *r) {
  if (!r) return;
  for (size_t t = 0; t < r->count; t++) tb_task_result_clear(&r->tasks[t]);
  free(r->tasks);
  *r = (tb_run_result){0};
}
