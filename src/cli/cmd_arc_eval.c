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
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli_util.h"
#include "commands.h"
#include "tessera/battery.h"
#include "tessera/store.h"

#define STORE_BATCH 16

typedef struct eval_args {
  cli_strlist files, only_ids;
  const char *tasks_path, *solutions_path, *store_path;
  bool cross, no_store, timing, json, partial, no_memo;
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
  char store_error[512];
  double store_seconds;
  bool progress;
} eval_state;

enum {
  OPT_PROGRAMS = 256, OPT_TASKS, OPT_SOLUTIONS, OPT_TASK, OPT_CROSS, OPT_STORE, OPT_NO_STORE,
  OPT_BUDGET, OPT_TIMING, OPT_JSON, OPT_PARTIAL, OPT_NO_MEMO, OPT_KEEP, OPT_TASK_SECONDS,
  OPT_MEMORY_MB
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
          "  --json             JSON report on stdout\n"
          "  -h, --help         print this help\n",
          ARC_STORE_DEFAULT_PATH, (unsigned long long)ARC_DEFAULT_BUDGET, ARC_DEFAULT_KEEP,
          ARC_DEFAULT_TASK_SECONDS, ARC_DEFAULT_MEMORY_GUARD >> 20);
}

static int bad_option(int result, char **argv) {
  const char *arg = argv[optind - 1];
  if (result == ':') return cli_usage_error("arc eval", "option '%s' requires an argument", arg);
  return cli_usage_error("arc eval", "unrecognized option '%s'", arg);
}

static int parse_number_option(eval_args *a, int opt, const char *arg) {
  if (opt == 'j' && !cli_parse_long(arg, 1, 256, &a->jobs))
    return cli_usage_error("arc eval", "--jobs: expected 1..256, got '%s'", arg);
  if (opt == OPT_KEEP && !cli_parse_long(arg, 1, 1000000, &a->keep))
    return cli_usage_error("arc eval", "--keep: expected a positive number, got '%s'", arg);
  if (opt == OPT_BUDGET && !cli_parse_u64(arg, &a->budget))
    return cli_usage_error("arc eval", "--budget: expected a number of work units, got '%s'", arg);
  if (opt == OPT_MEMORY_MB && !cli_parse_long(arg, 0, 1L << 30, &a->memory_mb))
    return cli_usage_error("arc eval", "--memory-mb: expected megabytes, got '%s'", arg);
  if (opt == OPT_TASK_SECONDS) {
    char *end;
    a->task_seconds = strtod(arg, &end);
    if (*end || end == arg || !(a->task_seconds >= 0)) /* also refuses "nan" */
      return cli_usage_error("arc eval", "--task-seconds: expected seconds, got '%s'", arg);
  }
  return -1;
}

static int parse_option(eval_args *a, int opt, const char *arg) {
  switch (opt) {
    case OPT_PROGRAMS: return cli_strlist_push(&a->files, arg) ? -1 : CLI_EXIT_FAILURE;
    case OPT_TASKS: a->tasks_path = arg; return -1;
    case OPT_SOLUTIONS: a->solutions_path = arg; return -1;
    case OPT_TASK:
      if (!cli_has_list_item(arg)) return cli_usage_error("arc eval", "--task: expected a task ID, got '%s'", arg);
      return cli_strlist_push_split(&a->only_ids, arg) ? -1 : CLI_EXIT_FAILURE;
    case OPT_CROSS: a->cross = true; return -1;
    case OPT_STORE: a->store_path = arg; return -1;
    case OPT_NO_STORE: a->no_store = true; return -1;
    case OPT_TIMING: a->timing = true; return -1;
    case OPT_JSON: a->json = true; return -1;
    case OPT_PARTIAL: a->partial = true; return -1;
    case OPT_NO_MEMO: a->no_memo = true; return -1;
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
      {"json", no_argument, NULL, OPT_JSON},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  optind = 0;
  opterr = 0;
  int opt;
  while ((opt = getopt_long(argc, argv, ":hj:", options, NULL)) != -1) {
    if (opt == 'h') {
      print_usage(stdout);
      return CLI_EXIT_OK;
    }
    if (opt == '?' || opt == ':') return bad_option(opt, argv);
    int status = parse_option(a, opt, optarg);
    if (status >= 0) return status;
  }
  for (int i = optind; i < argc; i++)
    if (!cli_strlist_push(&a->files, argv[i])) return CLI_EXIT_FAILURE;
  if (!a->files.count) return cli_usage_error("arc eval", "no program files given");
  if (!a->tasks_path) return cli_usage_error("arc eval", "--tasks PATH is required");
  return -1;
}

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- loading -------------------------------------------------------------------- */

static tl_library *load_programs(const cli_strlist *files) {
  tl_library *lib = tl_library_new();
  for (size_t i = 0; lib && i < files->count; i++) {
    tl_diag diag = {{0}};
    if (tl_library_add_file(lib, files->items[i], &diag) < 0) {
      fprintf(stderr, "%s\n", diag.message);
      tl_library_free(lib);
      return NULL;
    }
  }
  if (!lib) fprintf(stderr, "tessera arc eval: out of memory\n");
  return lib;
}

static arc_taskset *load_tasks(const eval_args *a) {
  arc_load_options load = {.solutions_path = a->solutions_path};
  if (a->only_ids.count) {
    load.only_ids = (const char *const *)a->only_ids.items;
    load.n_only_ids = a->only_ids.count;
  }
  arc_error err;
  arc_taskset *set = arc_taskset_load(a->tasks_path, &load, &err);
  if (!set) fprintf(stderr, "tessera arc eval: %s\n", err.message);
  return set;
}

/* The command line, for the runs table. */
static char *joined_arguments(int argc, char **argv) {
  size_t n = 1;
  for (int i = 0; i < argc; i++) n += strlen(argv[i]) + 1;
  char *s = malloc(n), *at = s;
  if (!s) return NULL;
  for (int i = 0; i < argc; i++) at += sprintf(at, "%s%s", i ? " " : "", argv[i]);
  *at = '\0';
  return s;
}

/* ---- storing as tasks finish ------------------------------------------------------ */

static void flush_pending(eval_state *E) {
  if (!E->store || E->store_failed || !E->n_pending) return;
  double t0 = now_seconds();
  if (!arc_store_write_tasks(E->store, E->run, E->b, E->pending, E->n_pending,
                            (size_t)E->a->keep, E->store_error, sizeof E->store_error))
    E->store_failed = true;
  E->n_pending = 0;
  E->store_seconds += now_seconds() - t0;
}

static void on_task(void *user, const arc_eval_task *task, size_t index, size_t total) {
  eval_state *E = user;
  if (E->store) {
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

static void json_string(FILE *out, const char *s) {
  fputc('"', out);
  for (; *s; s++) {
    if (*s == '"' || *s == '\\') fprintf(out, "\\%c", *s);
    else if ((unsigned char)*s < 0x20) fprintf(out, "\\u%04x", *s);
    else fputc(*s, out);
  }
  fputc('"', out);
}

static void json_best(FILE *out, const arc_battery *b, const arc_program_result *r) {
  const arc_program *p = arc_battery_program(b, r->program);
  fprintf(out, "{\"hash\": \"%s\", \"name\": ", p->hash);
  json_string(out, p->name);
  fprintf(out, ", \"status\": \"%s\", \"matches\": %u, \"train_pairs\": %u, \"score\": %.6f",
          arc_eval_status_name(r->status), r->matches, r->train_pairs, r->score);
  for (int s = 0; s < ARC_SCORER_COUNT; s++)
    fprintf(out, ", \"%s\": %.6f", arc_scorer_name((arc_scorer)s), r->scores[s]);
  fprintf(out, ", \"work\": %llu, \"length\": %zu}", (unsigned long long)r->work, p->length);
}

static void json_task(FILE *out, const arc_battery *b, const arc_eval_task *t) {
  fprintf(out, "    {\"id\": ");
  json_string(out, t->task->id);
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
  if (E->a->no_store) return -1;
  char err[512];
  E->store = arc_store_open(E->a->store_path, false, err, sizeof err);
  char *args = E->store ? joined_arguments(argc, argv) : NULL;
  E->run = E->store && args ? arc_store_begin_run(E->store, args, err, sizeof err) : -1;
  free(args);
  if (E->run < 0) return cli_fail(CLI_EXIT_FAILURE, "arc eval", "%s", err);
  return -1;
}

static int finish_store(eval_state *E, const arc_eval_result *r, double seconds) {
  if (!E->store) return CLI_EXIT_OK;
  if (E->store_failed) return cli_fail(CLI_EXIT_FAILURE, "arc eval", "%s", E->store_error);
  arc_store_totals totals = {arc_battery_count(E->b), r->count, r->solved, r->program_task_pairs,
                          seconds};
  char err[512];
  if (!arc_store_end_run(E->store, E->run, &totals, err, sizeof err))
    return cli_fail(CLI_EXIT_FAILURE, "arc eval", "%s", err);
  return CLI_EXIT_OK;
}

static int evaluate(eval_state *E, const arc_taskset *set, phase_times *ph, double t_start) {
  arc_eval_options opts = arc_eval_options_default();
  opts.budget = E->a->budget;
  opts.jobs = (int)E->a->jobs;
  opts.cross = E->a->cross;
  opts.partial = E->a->partial;
  opts.memo = !E->a->no_memo;
  opts.keep = (size_t)E->a->keep;
  opts.task_seconds = E->a->task_seconds;
  opts.memory_guard = (size_t)E->a->memory_mb << 20;
  opts.on_task = on_task;
  opts.user = E;
  arc_eval_result r;
  char err[512];
  if (arc_eval(E->b, set, &opts, &r, err, sizeof err) != 0)
    return cli_fail(CLI_EXIT_FAILURE, "arc eval", "%s", err);
  ph->total = now_seconds() - t_start;
  int status = finish_store(E, &r, ph->total);
  if (E->a->json) print_json(E, &r, ph);
  else print_text(E, &r, ph);
  arc_eval_result_free(&r);
  return status;
}

static int run_eval(const eval_args *a, int argc, char **argv) {
  phase_times ph = {0};
  double t0 = now_seconds();
  tl_library *lib = load_programs(&a->files);
  arc_taskset *set = lib ? load_tasks(a) : NULL;
  ph.parse = now_seconds() - t0;
  int status = CLI_EXIT_USAGE;
  char err[512];
  double t1 = now_seconds();
  arc_battery *b = set ? arc_battery_compile(lib, err, sizeof err) : NULL;
  ph.compile = now_seconds() - t1;
  if (set && !b) fprintf(stderr, "tessera arc eval: %s\n", err);
  eval_state E = {.a = a, .b = b, .progress = cli_is_tty(stderr) && !a->json};
  if (b && (status = open_store(&E, argc, argv)) < 0) status = evaluate(&E, set, &ph, t0);
  arc_store_close(E.store);
  arc_battery_free(b);
  arc_taskset_free(set);
  tl_library_free(lib);
  return status;
}

int cmd_arc_eval_main(int argc, char **argv) {
  eval_args a = {.store_path = ARC_STORE_DEFAULT_PATH, .jobs = cli_cpu_count(), .keep = ARC_DEFAULT_KEEP,
                 .budget = ARC_DEFAULT_BUDGET, .task_seconds = ARC_DEFAULT_TASK_SECONDS,
                 .memory_mb = (long)(ARC_DEFAULT_MEMORY_GUARD >> 20)};
  int status = parse_args(argc, argv, &a);
  if (status < 0) status = run_eval(&a, argc, argv);
  cli_strlist_free(&a.files);
  cli_strlist_free(&a.only_ids);
  return status;
}
