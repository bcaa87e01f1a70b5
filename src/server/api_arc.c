/*
 * api_arc.c - the ARC side of the studio: the tasks of the folder given at
 * start (as JSON or PNG) and running an arc-dsl program on one of them.
 *
 * Task ids from a request are only ever looked up in the task set loaded at
 * start (arc_taskset_find), never turned into a file name.
 *
 * A program run is bounded three ways: the source is at most the body
 * limit, the work budget is at most the server's --max-work (value.h work
 * units, so a result never depends on machine speed), and at most
 * MAX_RUNS runs go at once (memory grows with work: about 12 bytes a unit),
 * further ones are told to retry (503).
 *
 * A program search (POST /arc/tasks/<id>/solve, arc_solve_tasks on a
 * one-task view) is bounded the same ways, with its own figures: at most
 * SOLVE_MAX_BUDGET work units (SOLVE_DEFAULT_BUDGET when the body names
 * none), SOLVE_MEMORY_MB of search memory, one worker thread, and at most
 * MAX_SOLVES searches at once (503 "busy" beyond). It runs on the HTTP
 * thread that received it, like every request (the daemon's thread pool,
 * http.c), so other requests go on being answered by the other threads;
 * the cap keeps searches from taking them all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server/server_internal.h"
#include "tessera/arc_render.h"
#include "tessera/arc_runner.h"
#include "tessera/arc_solve.h"
#include "tessera/fault.h"
#include "tessera/json.h"
#include "tessera/lang.h"

#define MAX_RUNS 2
#define MAX_SOLVES 1
#define SOLVE_DEFAULT_BUDGET ((uint64_t)2000000)
#define SOLVE_MAX_BUDGET ((uint64_t)20000000)
#define SOLVE_MEMORY_MB 256

static bool no_tasks(srv_ctx *ctx) {
  return srv_fail(&ctx->err, 404, "not_found", "url", "the server was started without --tasks");
}

static void put_cells(tc_text *t, int h, int w, const uint8_t *cells) {
  tc_text_puts(t, "[");
  for (int i = 0; i < h; i++) {
    tc_text_puts(t, i ? ", [" : "[");
    for (int j = 0; j < w; j++)
      tc_text_printf(t, j ? ", %d" : "%d", tv_byte_colour(cells[(size_t)i * (size_t)w + (size_t)j]));
    tc_text_puts(t, "]");
  }
  tc_text_puts(t, "]");
}

static void put_grid(tc_text *t, tv_val g) {
  if (!g) tc_text_puts(t, "null");
  else put_cells(t, tv_grid_h(g), tv_grid_w(g), tv_grid_cells(g));
}

static void put_pairs(tc_text *t, const arc_pair *pairs, size_t n) {
  tc_text_puts(t, "[");
  for (size_t k = 0; k < n; k++) {
    tc_text_puts(t, k ? ",\n    {\"input\": " : "\n    {\"input\": ");
    put_grid(t, pairs[k].input);
    tc_text_puts(t, ", \"output\": ");
    put_grid(t, pairs[k].output);
    tc_text_puts(t, "}");
  }
  tc_text_puts(t, "]");
}

bool srv_list_tasks(srv_ctx *ctx) {
  const arc_taskset *set = ctx->app->tasks;
  if (!set) return no_tasks(ctx);
  tc_text t = {0};
  tc_text_printf(&t, "{\"count\": %zu, \"tasks\": [", set->count);
  for (size_t i = 0; i < set->count; i++) {
    tc_text_puts(&t, i ? ",\n  {\"id\": " : "\n  {\"id\": ");
    tc_json_string(&t, set->tasks[i].id);
    tc_text_printf(&t, ", \"train\": %zu, \"test\": %zu}", set->tasks[i].n_train, set->tasks[i].n_test);
  }
  tc_text_puts(&t, set->count ? "\n]}\n" : "]}\n");
  return srv_respond_text(ctx, 200, &t);
}

/* The task named by segment 2 ("<id>" or "<id>.png"); *png tells which. */
static const arc_task *find_task(srv_ctx *ctx, bool *png) {
  if (!ctx->app->tasks) {
    no_tasks(ctx);
    return NULL;
  }
  char id[256];
  snprintf(id, sizeof id, "%s", ctx->seg[2]);
  size_t n = strlen(id);
  *png = n > 4 && strcmp(id + n - 4, ".png") == 0;
  if (*png) id[n - 4] = 0;
  const arc_task *task = arc_taskset_find(ctx->app->tasks, id);
  if (!task) srv_fail(&ctx->err, 404, "not_found", "url", "there is no task '%.100s'", id);
  return task;
}

/* The PNG drawn by arc_render_png, into a memory buffer. */
static bool respond_png(srv_ctx *ctx, const arc_task *task) {
  char *buf = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&buf, &len);
  if (!out) return srv_fail(&ctx->err, 503, "out_of_memory", "", "out of memory");
  arc_error e;
  bool ok = arc_render_png(out, task, NULL, &e);
  if (fclose(out) != 0 && ok) {
    ok = false;
    snprintf(e.message, sizeof e.message, "out of memory");
  }
  if (!ok) {
    free(buf);
    return srv_fail(&ctx->err, 500, "render_error", "url", "%s", e.message);
  }
  return srv_respond_take(ctx, 200, "image/png", buf, len);
}

bool srv_get_task(srv_ctx *ctx) {
  bool png;
  const arc_task *task = find_task(ctx, &png);
  if (!task) return false;
  if (png) return respond_png(ctx, task);
  tc_text t = {0};
  tc_text_puts(&t, "{\"id\": ");
  tc_json_string(&t, task->id);
  tc_text_puts(&t, ",\n  \"train\": ");
  put_pairs(&t, task->train, task->n_train);
  tc_text_puts(&t, ",\n  \"test\": ");
  put_pairs(&t, task->test, task->n_test);
  tc_text_puts(&t, "}\n");
  return srv_respond_text(ctx, 200, &t);
}

/* ---- running a program ------------------------------------------------------------ */

static const char *const PAIR_STATUS[] = {"ok", "wrong", "error", "unknown"};

static bool respond_run(srv_ctx *ctx, const arc_task_result *r, uint64_t budget) {
  tc_text t = {0};
  tc_text_puts(&t, "{\"task\": ");
  tc_json_string(&t, r->task->id);
  tc_text_printf(&t, ", \"solved\": %s, \"work\": %llu, \"budget\": %llu, \"pairs\": [",
                 r->solved ? "true" : "false", (unsigned long long)r->work, (unsigned long long)budget);
  for (size_t k = 0; k < r->n_pairs; k++) {
    const arc_pair_result *p = &r->pairs[k];
    tc_text_printf(&t, "%s\n  {\"kind\": \"%s\", \"index\": %zu, \"status\": \"%s\", \"output\": ", k ? "," : "",
                   p->is_test ? "test" : "train", p->index, PAIR_STATUS[p->status]);
    if (p->has_output) put_cells(&t, p->out_h, p->out_w, p->out_cells);
    else tc_text_puts(&t, "null");
    tc_text_puts(&t, ", \"error\": ");
    if (p->error) tc_json_string(&t, p->error);
    else tc_text_puts(&t, "null");
    tc_text_puts(&t, "}");
  }
  tc_text_puts(&t, r->n_pairs ? "\n]}\n" : "]}\n");
  return srv_respond_text(ctx, 200, &t);
}

static bool read_budget(srv_ctx *ctx, json_t *body, uint64_t *budget) {
  json_t *v = json_object_get(body, "budget");
  *budget = ctx->app->max_work;
  if (!v) return true;
  if (!json_is_integer(v) || json_integer_value(v) < 1 || (uint64_t)json_integer_value(v) > ctx->app->max_work)
    return srv_fail(&ctx->err, 400, "bad_request", "budget", "\"budget\" must be a whole number from 1 to %llu",
                    (unsigned long long)ctx->app->max_work);
  *budget = (uint64_t)json_integer_value(v);
  return true;
}

static bool take_run_slot(srv_ctx *ctx) {
  pthread_mutex_lock(&ctx->app->lock);
  bool ok = ctx->app->runs_active < MAX_RUNS;
  if (ok) ctx->app->runs_active++;
  pthread_mutex_unlock(&ctx->app->lock);
  if (ok) return true;
  srv_fail(&ctx->err, 503, "busy", "", "%d programs are running already; try again shortly", MAX_RUNS);
  srv_add_header(ctx, "Retry-After", "1");
  return false;
}

static void give_run_slot(srv_app *app) {
  pthread_mutex_lock(&app->lock);
  app->runs_active--;
  pthread_mutex_unlock(&app->lock);
}

static bool run_program(srv_ctx *ctx, const arc_task *task, const char *source, uint64_t budget) {
  tl_library *lib = tl_library_new();
  if (!lib) return srv_fail(&ctx->err, 503, "out_of_memory", "", "out of memory");
  tl_diag diag;
  char name[300];
  snprintf(name, sizeof name, "solve_%s", task->id);
  bool ok = tl_library_add_source(lib, "program", source, strlen(source), &diag) >= 0;
  if (!ok) srv_fail(&ctx->err, 400, "bad_program", "program", "%s", diag.message);
  else if (tl_library_find(lib, name) < 0)
    ok = srv_fail(&ctx->err, 400, "bad_program", "program", "the program must define %s(I)", name);
  arc_run_result result = {0};
  if (ok) {
    /* a one-task view of the set: the runner reads only tasks and count */
    arc_taskset one = {.tasks = (arc_task *)task, .count = 1};
    arc_run_options opts = arc_run_options_default();
    opts.budget = budget;
    arc_error e;
    ok = arc_run(lib, &one, &opts, &result, &e) == 0;
    if (!ok) srv_fail(&ctx->err, 503, "unavailable", "", "%s", e.message);
  }
  if (ok) ok = result.count == 1 && respond_run(ctx, &result.tasks[0], budget);
  arc_run_result_free(&result);
  tl_library_free(lib);
  return ok;
}

bool srv_run_task(srv_ctx *ctx) {
  bool png;
  const arc_task *task = find_task(ctx, &png);
  if (!task) return false;
  if (png) return srv_fail(&ctx->err, 404, "not_found", "url", "no such resource");
  json_t *body = srv_body_object(ctx);
  const char *source;
  uint64_t budget;
  if (!body || !srv_member_string(ctx, body, "program", true, &source) || !read_budget(ctx, body, &budget))
    return false;
  if (!take_run_slot(ctx)) return false;
  bool ok = run_program(ctx, task, source, budget);
  give_run_slot(ctx->app);
  return ok;
}

/* ---- searching for a program --------------------------------------------------------- */

static bool read_solve_budget(srv_ctx *ctx, json_t *body, uint64_t *budget) {
  *budget = SOLVE_DEFAULT_BUDGET;
  const char *key;
  json_t *value;
  json_object_foreach(body, key, value) {
    if (strcmp(key, "budget") != 0)
      return srv_fail(&ctx->err, 400, "bad_request", key, "unknown member \"%.100s\" (the body takes only \"budget\")", key);
  }
  json_t *v = json_object_get(body, "budget");
  if (!v) return true;
  if (!json_is_integer(v) || json_integer_value(v) < 1 || (uint64_t)json_integer_value(v) > SOLVE_MAX_BUDGET)
    return srv_fail(&ctx->err, 400, "bad_request", "budget", "\"budget\" must be a whole number from 1 to %llu",
                    (unsigned long long)SOLVE_MAX_BUDGET);
  *budget = (uint64_t)json_integer_value(v);
  return true;
}

static bool take_solve_slot(srv_ctx *ctx) {
  pthread_mutex_lock(&ctx->app->lock);
  bool ok = ctx->app->solves_active < MAX_SOLVES;
  if (ok) ctx->app->solves_active++;
  pthread_mutex_unlock(&ctx->app->lock);
  if (ok) return true;
  srv_fail(&ctx->err, 503, "busy", "", "%d program search%s running already; try again shortly", MAX_SOLVES,
           MAX_SOLVES == 1 ? " is" : "es are");
  srv_add_header(ctx, "Retry-After", "1");
  return false;
}

static void give_solve_slot(srv_app *app) {
  pthread_mutex_lock(&app->lock);
  app->solves_active--;
  pthread_mutex_unlock(&app->lock);
}

static void put_cells_or_null(tc_text *t, const arc_grid *g) {
  if (g->cells) put_cells(t, g->h, g->w, g->cells);
  else tc_text_puts(t, "null");
}

/* The task's object of `arc solve --json` with the budget and the
 * attempts added before its closing brace. */
static bool respond_solve(srv_ctx *ctx, const arc_solve_task *r, uint64_t budget) {
  tc_text t = {0};
  arc_solve_task_json(&t, r);
  if (!t.failed && t.len) t.s[--t.len] = '\0';
  tc_text_printf(&t, ", \"budget\": %llu, \"attempts\": [", (unsigned long long)budget);
  for (size_t i = 0; i < r->task->n_test; i++) {
    tc_text_puts(&t, i ? ",\n  [" : "\n  [");
    put_cells_or_null(&t, &r->attempts[i][0]);
    tc_text_puts(&t, ", ");
    put_cells_or_null(&t, &r->attempts[i][1]);
    tc_text_puts(&t, "]");
  }
  tc_text_puts(&t, r->task->n_test ? "\n]}\n" : "]}\n");
  return srv_respond_text(ctx, 200, &t);
}

static bool solve_task(srv_ctx *ctx, const arc_task *task, uint64_t budget) {
  arc_taskset one = {.tasks = (arc_task *)task, .count = 1}; /* the driver reads only tasks and count */
  arc_solve_options opts = {.budget = budget, .memory_mb = SOLVE_MEMORY_MB, .jobs = 1};
  arc_solve_result r;
  arc_error e;
  if (arc_solve_tasks(&one, &opts, &r, &e) != 0) return srv_fail(&ctx->err, 503, "unavailable", "", "%s", e.message);
  bool ok = r.count == 1 ? respond_solve(ctx, &r.tasks[0], budget)
                         : srv_fail(&ctx->err, 500, "internal", "", "the search gave no result");
  arc_solve_result_free(&r);
  return ok;
}

bool srv_solve_task(srv_ctx *ctx) {
  bool png;
  const arc_task *task = find_task(ctx, &png);
  if (!task) return false;
  if (png) return srv_fail(&ctx->err, 404, "not_found", "url", "no such resource");
  json_t *body = srv_body_object(ctx);
  uint64_t budget;
  if (!body || !read_solve_budget(ctx, body, &budget)) return false;
  if (!take_solve_slot(ctx)) return false;
  bool ok = solve_task(ctx, task, budget);
  give_solve_slot(ctx->app);
  return ok;
}
