/*
 * cmd_arc_eval.c - `tessera arc eval`: the battery evaluator on the command
 * line (see include/tessera/battery.h and docs/BATTERY.md).
 *
 * Phases: parse the program files into one library, compile the battery,
 * evaluate it over the tasks on a thread pool, and store each finished task
 * as it arrives (tasks reach us in id order; every STORE_BATCH tasks are one
 * transaction, so a killed run keeps its committed prefix). Scoring happens
 * inside the workers; its time is summed over them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_arc.h"
#include "cli_mpi.h"
#include "commands.h"
#include "tessera/battery.h"
#include "tessera/clock.h"
#include "tessera/fault.h"
#include "tessera/json.h"
#include "tessera/store.h"

#define STORE_BATCH 16

typedef struct eval_args {
  cli_strlist files, only_ids;
  const char *tasks_path, *solutions_path, *store_path;
  bool cross, no_store, timing, json, partial, no_memo, profile, mpi;
  long jobs, keep;
  uint64_t budget;
  double task_seconds;
  long memory_mb;
} eval_args;

typedef struct eval_state {
  const eval_args *a;
  const arc_battery *b;
  arc_store *store;
  int64_t run;
  const arc_eval_task *pending[STORE_BATCH];
  size_t n_pending;
  bool store_failed;
  arc_error store_error;
  double store_seconds;
  bool progress;
} eval_state;

enum {
  OPT_PROGRAMS = 256, OPT_TASKS, OPT_SOLUTIONS, OPT_TASK, OPT_CROSS, OPT_STORE, OPT_NO_STORE,
  OPT_BUDGET, OPT_TIMING, OPT_JSON, OPT_PARTIAL, OPT_NO_MEMO, OPT_KEEP, OPT_TASK_SECONDS,
  OPT_MEMORY_MB, OPT_PROFILE, OPT_MPI
};

static void print_usage(FILE *out) {
  fprintf(out,
          "Usage: tessera arc eval [--programs] FILE... --tasks PATH [OPTIONS]\n"
          "\n"
          "Evaluates arc-dsl programs on ARC tasks as one battery: programs share\n"
          "common sub-expressions, identical programs collapse, each program stops at\n"
          "its first wrong demo pair, and the best programs per task go to the store.\n"
          "By default solve_<id> runs on task <id>; --cross runs every program on\n"
          "every task.\n"
          "\n"
          "Options:\n"
          "  --programs FILE    solver file (repeatable; plain FILE arguments too)\n"
          "  --tasks PATH       folder of <id>.json, one task file, or Kaggle challenges\n"
          "  --solutions FILE   Kaggle solutions file for the test outputs\n"
          "  --task ID          only task ID (repeatable, comma-separated)\n"
          "  --cross            every program on every task\n"
          "  --store DB         SQLite store (default ./%s)\n"
          "  --no-store         do not write a store\n"
          "  -j, --jobs N       worker threads (default: number of cores)\n"
          "  --budget W         work units per program per task, 0 = unlimited\n"
          "                     (default %llu)\n"
          "  --keep K           results kept per task in the store (default %d)\n"
          "  --partial          evaluate every demo pair (no early stop)\n"
          "  --no-memo          disable the value-hash memo (results are identical)\n"
          "  --task-seconds S   wall-clock safety limit per task (default %.0f, 0 = none)\n"
          "  --memory-mb M      memory safety limit per worker and input (default %zu, 0 = none)\n"
          "  --timing           time per phase and cache figures\n"
          "  --profile          time each primitive and the slowest tasks (one thread);\n"
          "                     the tables go to stderr\n"
          "  --json             JSON report on stdout\n"
          "  --mpi              under mpirun: spread the tasks over the ranks; rank 0\n"
          "                     writes the store and the report (docs/SCALE.md)\n"
          "  -h, --help         print this help\n",
          ARC_STORE_DEFAULT_PATH, (unsigned long long)ARC_DEFAULT_BUDGET, ARC_DEFAULT_KEEP,
          ARC_DEFAULT_TASK_SECONDS, ARC_DEFAULT_MEMORY_GUARD >> 20);
}

static int parse_number_option(eval_args *a, int opt, const char *arg) {
  switch (opt) {
    case 'j': return cli_jobs_option("arc eval", arg, &a->jobs);
    case OPT_KEEP: return cli_number_option("arc eval", "--keep", arg, 1, 1000000, "a number of results 1..1000000", &a->keep);
    case OPT_BUDGET: return cli_budget_option("arc eval", arg, &a->budget);
    case OPT_MEMORY_MB: return cli_number_option("arc eval", "--memory-mb", arg, 0, 1L << 30, "megabytes (0 = none)", &a->memory_mb);
    case OPT_TASK_SECONDS: return cli_task_seconds_option("arc eval", arg, &a->task_seconds);
  }
  return -1;
}

static int parse_option(eval_args *a, int opt, const char *arg) {
  switch (opt) {
    case OPT_PROGRAMS: return cli_strlist_push(&a->files, arg) ? -1 : cli_fail(CLI_EXIT_FAILURE, "arc eval", "out of memory");
    case OPT_TASKS: a->tasks_path = arg; return -1;
    case OPT_SOLUTIONS: a->solutions_path = arg; return -1;
    case OPT_TASK:
      if (!cli_has_list_item(arg)) return cli_usage_error("arc eval", "--task: expected a task ID, got '%s'", arg);
      return cli_strlist_push_split(&a->only_ids, arg) ? -1 : cli_fail(CLI_EXIT_FAILURE, "arc eval", "out of memory");
    case OPT_CROSS: a->cross = true; return -1;
    case OPT_STORE: a->store_path = arg; return -1;
    case OPT_NO_STORE: a->no_store = true; return -1;
    case OPT_TIMING: a->timing = true; return -1;
    case OPT_JSON: a->json = true; return -1;
    case OPT_PARTIAL: a->partial = true; return -1;
    case OPT_NO_MEMO: a->no_memo = true; return -1;
    case OPT_PROFILE: a->profile = true; return -1;
    case OPT_MPI: a->mpi = true; return -1;
    default: return parse_number_option(a, opt, arg);
  }
}

static int parse_args(int argc, char **argv, eval_args *a) {
  static const struct option options[] = {
      {"programs", required_argument, NULL, OPT_PROGRAMS},
      {"tasks", required_argument, NULL, OPT_TASKS},
      {"solutions", required_argument, NULL, OPT_SOLUTIONS},
      {"task", required_argument, NULL, OPT_TASK},
      {"cross", no_argument, NULL, OPT_CROSS},
      {"store", required_argument, NULL, OPT_STORE},
      {"no-store", no_argument, NULL, OPT_NO_STORE},
      {"jobs", required_argument, NULL, 'j'},
      {"budget", required_argument, NULL, OPT_BUDGET},
      {"keep", required_argument, NULL, OPT_KEEP},
      {"partial", no_argument, NULL, OPT_PARTIAL},
      {"no-memo", no_argument, NULL, OPT_NO_MEMO},
      {"task-seconds", required_argument, NULL, OPT_TASK_SECONDS},
      {"memory-mb", required_argument, NULL, OPT_MEMORY_MB},
      {"timing", no_argument, NULL, OPT_TIMING},
      {"profile", no_argument, NULL, OPT_PROFILE},
      {"json", no_argument, NULL, OPT_JSON},
      {"mpi", no_argument, NULL, OPT_MPI},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  tc_opt_parser p;
  tc_opt_init(&p, argc, argv, "hj:", options);
  int opt;
  while ((opt = tc_opt_next(&p)) != -1) {
    if (opt == 'h') {
      print_usage(stdout);
      return CLI_EXIT_OK;
    }
    if (opt == '?') return cli_bad_option("arc eval", &p);
    int status = parse_option(a, opt, p.arg);
    if (status >= 0) return status;
  }
  for (int i = tc_opt_operands(&p); i < argc; i++)
    if (!cli_strlist_push(&a->files, argv[i])) return cli_fail(CLI_EXIT_FAILURE, "arc eval", "out of memory");
  if (!a->files.count) return cli_usage_error("arc eval", "no program files given");
  if (!a->tasks_path) return cli_usage_error("arc eval", "--tasks PATH is required");
  if (a->mpi && a->profile) return cli_usage_error("arc eval", "--profile cannot be used with --mpi");
  return -1;
}

/* ---- loading -------------------------------------------------------------------- */

/* The command line, for the runs table. */
static char *joined_arguments(int argc, char **argv) {
  size_t n = 1;
  for (int i = 0; i < argc; i++) n += strlen(argv[i]) + 1;
  char *s = tc_malloc(n), *at = s;
  if (!s) return NULL;
  for (int i = 0; i < argc; i++) at += sprintf(at, "%s%s", i ? " " : "", argv[i]);
  *at = '\0';
  return s;
}

/* ---- storing as tasks finish ------------------------------------------------------ */

/* Writes the pending batch. After a failed write nothing more is stored
 * (the run ends with the error), but the batch is emptied either way. */
static void flush_pending(eval_state *E) {
  if (!E->store || !E->n_pending) return;
  double t0 = tc_now_seconds();
  if (!E->store_failed && !arc_store_write_tasks(E->store, E->run, E->b, E->pending, E->n_pending,
                                                 (size_t)E->a->keep, &E->store_error))
    E->store_failed = true;
  E->n_pending = 0;
  E->store_seconds += tc_now_seconds() - t0;
}

static void on_task(void *user, const arc_eval_task *task, size_t index, size_t total) {
  eval_state *E = user;
  if (E->store && !E->store_failed) {
    E->pending[E->n_pending++] = task;
    if (E->n_pending == STORE_BATCH || index + 1 == total) flush_pending(E);
  }
  if (E->progress) {
    int width = 30, filled = (int)((index + 1) * (size_t)width / (total ? total : 1));
    fprintf(stderr, "\r[%.*s%*s] %zu/%zu tasks", filled, "##############################",
            width - filled, "", index + 1, total);
    if (index + 1 == total) fputc('\n', stderr);
  }
}

/* ---- reports ---------------------------------------------------------------------- */

typedef struct phase_times {
  double parse, compile, total;
} phase_times;

static void json_best(FILE *out, const arc_battery *b, const arc_program_result *r) {
  const arc_program *p = arc_battery_program(b, r->program);
  fprintf(out, "{\"hash\": \"%s\", \"name\": ", p->hash);
  tc_json_fputs(out, p->name);
  fprintf(out, ", \"status\": \"%s\", \"matches\": %u, \"train_pairs\": %u, \"score\": %.6f",
          arc_eval_status_name(r->status), r->matches, r->train_pairs, r->score);
  for (int s = 0; s < ARC_SCORER_COUNT; s++)
    fprintf(out, ", \"%s\": %.6f", arc_scorer_name((arc_scorer)s), r->scores[s]);
  fprintf(out, ", \"work\": %llu, \"length\": %zu}", (unsigned long long)r->work, p->length);
}

static void json_task(FILE *out, const arc_battery *b, const arc_eval_task *t) {
  fprintf(out, "    {\"id\": ");
  tc_json_fputs(out, t->task->id);
  fprintf(out, ", \"solved_by\": [");
  for (size_t k = 0; k < t->n_solved_by; k++)
    fprintf(out, "%s\"%s\"", k ? ", " : "", arc_battery_program(b, t->solved_by[k])->hash);
  fprintf(out, "], \"programs_run\": %zu, \"timed_out\": %s, \"best\": ", t->programs_run,
          t->timed_out ? "true" : "false");
  if (t->n_kept) json_best(out, b, &t->kept[0]);
  else fputs("null", out);
  fputc('}', out);
}

static void print_json(const eval_state *E, const arc_eval_result *r, const phase_times *ph) {
  FILE *out = stdout;
  fprintf(out, "{\n  \"tasks_solved\": %zu,\n  \"tasks_total\": %zu,\n  \"programs\": %zu,\n",
          r->solved, r->count, arc_battery_count(E->b));
  fprintf(out, "  \"pairs_evaluated\": %llu,\n  \"demo_evaluations\": %llu,\n",
          (unsigned long long)r->program_task_pairs, (unsigned long long)r->demo_evaluations);
  fprintf(out, "  \"seconds\": %.6f,\n  \"timeouts\": %zu,\n", ph->total, r->timeouts);
  if (E->a->timing)
    fprintf(out,
            "  \"timing\": {\"parse\": %.6f, \"compile\": %.6f, \"evaluate\": %.6f, \"score\": %.6f,"
            " \"store\": %.6f},\n  \"cache\": {\"dag_nodes\": %zu, \"nodes_shared\": %zu,"
            " \"node_reuses\": %llu, \"node_computations\": %llu, \"memo_hits\": %llu,"
            " \"constants_folded\": %zu},\n",
            ph->parse, ph->compile, r->evaluate_seconds, r->score_seconds, E->store_seconds,
            arc_battery_node_count(E->b), arc_battery_nodes_shared(E->b),
            (unsigned long long)r->nodes_reused, (unsigned long long)r->nodes_computed,
            (unsigned long long)r->memo_hits, r->constants_folded);
  fputs("  \"tasks\": [\n", out);
  for (size_t t = 0; t < r->count; t++) {
    json_task(out, E->b, &r->tasks[t]);
    fputs(t + 1 < r->count ? ",\n" : "\n", out);
  }
  fputs("  ]\n}\n", out);
}

static void print_text(const eval_state *E, const arc_eval_result *r, const phase_times *ph) {
  size_t programs = arc_battery_count(E->b);
  double rate = ph->total > 0 ? (double)r->program_task_pairs / ph->total : 0;
  printf("%zu of %zu tasks solved; %zu programs, %llu program-task pairs, %llu demo evaluations"
         " in %.3f s (%.0f programs x tasks per second)\n",
         r->solved, r->count, programs, (unsigned long long)r->program_task_pairs,
         (unsigned long long)r->demo_evaluations, ph->total, rate);
  size_t without = 0;
  for (size_t t = 0; t < r->count; t++) without += r->tasks[t].programs_run == 0;
  if (without)
    printf("note: %zu tasks have no solve_<id> program (use --cross to try every program)\n",
           without);
  if (r->timeouts)
    printf("note: %zu tasks hit a safety limit (--task-seconds or --memory-mb)\n", r->timeouts);
  if (!E->a->timing) return;
  printf("phases: parse %.3f s, compile %.3f s (fold %.3f s), evaluate %.3f s, score %.3f s"
         " (summed over workers), store %.3f s\n",
         ph->parse, ph->compile, r->fold_seconds, r->evaluate_seconds, r->score_seconds,
         E->store_seconds);
  printf("cache: %zu DAG nodes, %zu node computations shared per input by the DAG,"
         " %llu node reuses, %llu node computations, %llu memo hits, %zu constants folded\n",
         arc_battery_node_count(E->b), arc_battery_nodes_shared(E->b),
         (unsigned long long)r->nodes_reused, (unsigned long long)r->nodes_computed,
         (unsigned long long)r->memo_hits, r->constants_folded);
}

/* ---- the command ------------------------------------------------------------------ */

static int open_store(eval_state *E, int argc, char **argv) {
  if (E->a->no_store || !cli_mpi_is_root()) return -1;
  const cli_input inputs[] = {{E->a->tasks_path, "tasks"}, {E->a->solutions_path, "solutions"}};
  int status = cli_check_not_input("arc eval", E->a->store_path, inputs, 2);
  for (size_t k = 0; status < 0 && k < E->a->files.count; k++)
    status = cli_check_not_input("arc eval", E->a->store_path, &(cli_input){E->a->files.items[k], "program"}, 1);
  if (status >= 0) return status;
  arc_error err;
  E->store = arc_store_open(E->a->store_path, ARC_STORE_WRITE, &err);
  if (!E->store) return cli_arc_error("arc eval", &err);
  char *args = joined_arguments(argc, argv);
  if (!args) return cli_fail(CLI_EXIT_FAILURE, "arc eval", "out of memory");
  E->run = arc_store_begin_run(E->store, args, &err);
  free(args);
  return E->run < 0 ? cli_arc_error("arc eval", &err) : -1;
}

static int finish_store(eval_state *E, const arc_eval_result *r, double seconds) {
  if (!E->store) return CLI_EXIT_OK;
  if (E->store_failed) return cli_arc_error("arc eval", &E->store_error);
  arc_store_totals totals = {arc_battery_count(E->b), r->count, r->solved, r->program_task_pairs,
                             seconds};
  arc_error err;
  return arc_store_end_run(E->store, E->run, &totals, &err) ? CLI_EXIT_OK : cli_arc_error("arc eval", &err);
}

static cli_task_time eval_task_time(const void *results, size_t k) {
  const arc_eval_task *t = &((const arc_eval_result *)results)->tasks[k];
  return (cli_task_time){t->task->id, t->seconds, t->programs_run};
}

static int evaluate(eval_state *E, const arc_taskset *set, phase_times *ph, double t_start) {
  arc_eval_options opts = arc_eval_options_default();
  opts.budget = E->a->budget;
  opts.jobs = E->a->profile ? 1 : (int)E->a->jobs;
  opts.cross = E->a->cross;
  opts.partial = E->a->partial;
  opts.memo = !E->a->no_memo;
  opts.keep = (size_t)E->a->keep;
  opts.task_seconds = E->a->task_seconds;
  opts.memory_guard = (size_t)E->a->memory_mb << 20;
  opts.on_task = on_task;
  opts.user = E;
  arc_eval_result r;
  arc_error err;
  int rc = E->a->mpi ? cli_mpi_arc_eval(E->b, set, &opts, &r, &err) : arc_eval(E->b, set, &opts, &r, &err);
  if (rc != 0) return cli_arc_error("arc eval", &err);
  if (!cli_mpi_is_root()) return arc_eval_result_free(&r), CLI_EXIT_OK; /* rank 0 reports */
  ph->total = tc_now_seconds() - t_start;
  cli_note_threads("arc eval", r.jobs_asked, r.threads);
  int status = finish_store(E, &r, ph->total);
  if (E->a->json) print_json(E, &r, ph);
  else print_text(E, &r, ph);
  if (E->a->profile) cli_profile_report(stderr, &r, r.count, eval_task_time, "PROGRAMS");
  arc_eval_result_free(&r);
  return status;
}

static int run_eval(const eval_args *a, int argc, char **argv) {
  phase_times ph = {0};
  double t0 = tc_now_seconds();
  if (a->profile) cli_profile_start();
  int status = -1;
  tl_library *lib = cli_load_library("arc eval", &a->files, &status);
  arc_taskset *set = lib ? cli_load_tasks("arc eval", a->tasks_path, a->solutions_path, &a->only_ids, &status) : NULL;
  ph.parse = tc_now_seconds() - t0;
  double t1 = tc_now_seconds();
  arc_error err;
  arc_battery *b = set ? arc_battery_compile(lib, &err) : NULL;
  ph.compile = tc_now_seconds() - t1;
  if (set && !b) status = cli_arc_error("arc eval", &err);
  eval_state E = {.a = a, .b = b, .progress = cli_is_tty(stderr) && !a->json};
  if (a->mpi) status = cli_mpi_agree("arc eval", status); /* a rank that could not load stops all */
  if (status < 0) status = open_store(&E, argc, argv);
  if (a->mpi) status = cli_mpi_agree("arc eval", status); /* ... and so does rank 0's store */
  if (status < 0) status = evaluate(&E, set, &ph, t0);
  if (a->profile)
    fprintf(stderr, "profile: phases ms: parse %.3f compile %.3f evaluate+store+report %.3f\n",
            ph.parse * 1e3, ph.compile * 1e3, (tc_now_seconds() - t1 - ph.compile) * 1e3);
  arc_store_close(E.store);
  arc_battery_free(b);
  arc_taskset_free(set);
  tl_library_free(lib);
  return status;
}

int cmd_arc_eval_main(int argc, char **argv) {
  eval_args a = {.store_path = ARC_STORE_DEFAULT_PATH, .jobs = cli_default_jobs(), .keep = ARC_DEFAULT_KEEP,
                 .budget = ARC_DEFAULT_BUDGET, .task_seconds = ARC_DEFAULT_TASK_SECONDS,
                 .memory_mb = (long)(ARC_DEFAULT_MEMORY_GUARD >> 20)};
  int status = parse_args(argc, argv, &a);
  if (status < 0 && a.mpi) status = cli_mpi_start("arc eval");
  if (status < 0) status = run_eval(&a, argc, argv);
  if (a.mpi) status = cli_mpi_finish(status);
  cli_strlist_free(&a.files);
  cli_strlist_free(&a.only_ids);
  return status;
}
