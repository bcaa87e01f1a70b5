/*
 * cmd_arc.c - `tessera arc` and its built-in subcommands `run` and `show`.
 *
 * `arc` dispatches through the CLI_ARC_COMMANDS table (commands.h) so other
 * files can add subcommands. `run` loads solver files and tasks, hands them
 * to the runner (src/arc/runner.c) and prints a report; `show` draws one task.
 * Anything the user got wrong (options, solver files, task files) is exit
 * status 2 with the loader's message; a finished run is status 0 even when
 * tasks failed, so scripts can tell "bad input" from "unsolved".
 *
 * Without --task, `run` keeps only the tasks that have a solver: the other
 * files are still checked (so a bad one is reported as before) but their
 * grids are never built. `--profile` (benchmarks, see
 * docs/PERFORMANCE.md) times the phases and every primitive; the
 * primitive counters are process-wide, so it runs on one thread.
 */
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli_util.h"
#include "commands.h"
#include "tessera/arc_render.h"
#include "tessera/arc_runner.h"
#include "tessera/arc_task.h"
#include "tessera/lang.h"
#include "tessera/prims.h"
#include "tessera/prims_ext.h"

/* ---- tessera arc ------------------------------------------------------------- */

#define CLI_ARC_ENTRY(name, fn, summary) {name, fn, summary},
static const cli_command arc_commands[] = {CLI_ARC_COMMANDS(CLI_ARC_ENTRY)};
#define ARC_COMMAND_COUNT (sizeof arc_commands / sizeof arc_commands[0])

static void print_arc_usage(FILE *out) {
  fputs("Usage: tessera arc COMMAND [ARGS...]\n\nARC tasks.\n\nCommands:\n", out);
  for (size_t i = 0; i < ARC_COMMAND_COUNT; i++)
    fprintf(out, "  %-9s %s%s\n", arc_commands[i].name, arc_commands[i].summary,
            arc_commands[i].fn ? "" : " (not built)");
  fputs("\nRun 'tessera arc COMMAND --help' for a command's options.\n", out);
}

int cmd_arc_main(int argc, char **argv) {
  if (argc < 2) {
    print_arc_usage(stderr);
    return CLI_EXIT_USAGE;
  }
  const char *name = argv[1];
  if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
    print_arc_usage(stdout);
    return CLI_EXIT_OK;
  }
  for (size_t i = 0; i < ARC_COMMAND_COUNT; i++) {
    if (strcmp(arc_commands[i].name, name) != 0) continue;
    if (!arc_commands[i].fn) return cli_fail(CLI_EXIT_FAILURE, "arc", "%s: not built", name);
    return arc_commands[i].fn(argc - 1, argv + 1);
  }
  return cli_usage_error("arc", "unknown command '%s'", name);
}

/* ---- option parsing shared by run and show ------------------------------------ */

enum { OPT_TASKS = 256, OPT_SOLUTIONS, OPT_TASK, OPT_BUDGET, OPT_JSON, OPT_PNG, OPT_COLOR, OPT_PROFILE };

/* Resets getopt for a fresh scan and reports problems ourselves. */
static void getopt_reset(void) {
  optind = 0;
  opterr = 0;
}

/* Message for getopt's '?' or ':' result. */
static int bad_option(const char *cmd, int result, char **argv) {
  const char *arg = argv[optind - 1];
  if (result == ':') return cli_usage_error(cmd, "option '%s' requires an argument", arg);
  if (optopt && strncmp(arg, "--", 2) != 0) return cli_usage_error(cmd, "invalid option -- '%c'", optopt);
  return cli_usage_error(cmd, "unrecognized option '%s'", arg);
}

/* ---- tessera arc run ------------------------------------------------------------ */

typedef struct run_args {
  const char *tasks_path;
  const char *solutions_path;
  cli_strlist only_ids;
  cli_strlist files;
  long jobs;
  uint64_t budget;
  bool json;
  bool profile;
} run_args;

static void print_run_usage(FILE *out) {
  fprintf(out,
          "Usage: tessera arc run FILE... --tasks PATH [OPTIONS]\n"
          "\n"
          "Runs each program solve_<id> of the solver FILEs on every train and test\n"
          "pair of task <id>, compares with the expected outputs, reports why each\n"
          "failing task failed and ends with 'N of M tasks solved in 0.012 s'.\n"
          "Tasks without a solver are not counted.\n"
          "\n"
          "Options:\n"
          "  --tasks PATH       folder of <id>.json tasks, one task file, or a Kaggle\n"
          "                     challenges file (required)\n"
          "  --solutions FILE   Kaggle solutions file giving the test outputs\n"
          "  --task ID          run only task ID (repeatable; IDs may be comma-separated)\n"
          "  -j, --jobs N       worker threads (default: number of cores)\n"
          "  --budget W         work units per task, 0 for unlimited (default %llu)\n"
          "  --json             print the results as JSON\n"
          "  --profile          time the phases and each primitive (one thread);\n"
          "                     the table goes to stderr\n"
          "  -h, --help         print this help\n"
          "\n"
          "Exit status: 0 when everything ran (even if tasks failed), 2 for bad\n"
          "options, solver files or task files.\n",
          (unsigned long long)ARC_DEFAULT_BUDGET);
}

static int parse_run_option(run_args *a, int opt, const char *arg) {
  switch (opt) {
  case OPT_TASKS: a->tasks_path = arg; return -1;
  case OPT_SOLUTIONS: a->solutions_path = arg; return -1;
  case OPT_TASK:
    if (!cli_has_list_item(arg)) return cli_usage_error("arc run", "--task: expected a task ID, got '%s'", arg);
    if (!cli_strlist_push_split(&a->only_ids, arg)) return cli_fail(CLI_EXIT_FAILURE, "arc run", "out of memory");
    return -1;
  case 'j':
    if (!cli_parse_long(arg, 1, 1024, &a->jobs))
      return cli_usage_error("arc run", "--jobs: expected a number of threads 1..1024, got '%s'", arg);
    return -1;
  case OPT_BUDGET:
    if (!cli_parse_u64(arg, &a->budget))
      return cli_usage_error("arc run", "--budget: expected a number of work units, got '%s'", arg);
    return -1;
  case OPT_JSON: a->json = true; return -1;
  case OPT_PROFILE: a->profile = true; return -1;
  }
  return CLI_EXIT_USAGE;
}

/* Returns -1 when the arguments are fine, else the exit status. */
static int parse_run_args(int argc, char **argv, run_args *a) {
  static const struct option options[] = {
      {"tasks", required_argument, NULL, OPT_TASKS},
      {"solutions", required_argument, NULL, OPT_SOLUTIONS},
      {"task", required_argument, NULL, OPT_TASK},
      {"jobs", required_argument, NULL, 'j'},
      {"budget", required_argument, NULL, OPT_BUDGET},
      {"json", no_argument, NULL, OPT_JSON},
      {"profile", no_argument, NULL, OPT_PROFILE},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  getopt_reset();
  int opt;
  while ((opt = getopt_long(argc, argv, ":hj:", options, NULL)) != -1) {
    if (opt == 'h') {
      print_run_usage(stdout);
      return CLI_EXIT_OK;
    }
    if (opt == '?' || opt == ':') return bad_option("arc run", opt, argv);
    int status = parse_run_option(a, opt, optarg);
    if (status >= 0) return status;
  }
  for (int i = optind; i < argc; i++)
    if (!cli_strlist_push(&a->files, argv[i])) return cli_fail(CLI_EXIT_FAILURE, "arc run", "out of memory");
  if (a->files.count == 0) return cli_usage_error("arc run", "no solver FILE given");
  if (!a->tasks_path) return cli_usage_error("arc run", "--tasks PATH is required");
  return -1;
}

static tl_library *load_solvers(const cli_strlist *files) {
  tl_library *lib = tl_library_new();
  if (!lib) {
    cli_fail(CLI_EXIT_FAILURE, "arc run", "out of memory");
    return NULL;
  }
  for (size_t i = 0; i < files->count; i++) {
    tl_diag diag = {{0}};
    if (tl_library_add_file(lib, files->items[i], &diag) < 0) {
      fprintf(stderr, "%s\n", diag.message);
      tl_library_free(lib);
      return NULL;
    }
  }
  return lib;
}

/* `ids` restricts the load (NULL: everything); an id without a task is an
 * error. */
static arc_taskset *load_tasks(const char *cmd, const char *path, const char *solutions,
                               const cli_strlist *ids) {
  arc_load_options load = {.solutions_path = solutions};
  if (ids) {
    load.only_ids = (const char *const *)ids->items;
    load.n_only_ids = ids->count;
  }
  arc_error err;
  arc_taskset *set = arc_taskset_load(path, &load, &err);
  if (!set) fprintf(stderr, "tessera %s: %s\n", cmd, err.message);
  return set;
}

/* Keeps, in order, the tasks some solve_<id> program of lib covers. */
static void keep_solved_tasks(arc_taskset *set, const tl_library *lib) {
  size_t kept = 0;
  for (size_t t = 0; t < set->count; t++) {
    char name[320];
    snprintf(name, sizeof name, "solve_%s", set->tasks[t].id);
    if (tl_library_find(lib, name) >= 0) set->tasks[kept++] = set->tasks[t];
  }
  set->count = kept;
}

typedef struct task_loading {
  const run_args *args;
  arc_taskset *set;
  arc_error err;
} task_loading;

static void *load_every_task(void *user) {
  task_loading *job = user;
  arc_load_options opts = {.solutions_path = job->args->solutions_path};
  job->set = arc_taskset_load(job->args->tasks_path, &opts, &job->err);
  return NULL;
}

/* Without --task, the tasks to run are those the solvers cover, so every
 * task file is read on a second thread while the solver files parse (the
 * two are independent and each takes a few milliseconds); the solver
 * error, if any, is reported first, as when done one after the other. */
static int load_solvers_and_tasks(const run_args *a, tl_library **lib, arc_taskset **set) {
  if (a->only_ids.count) {
    if (!(*lib = load_solvers(&a->files))) return CLI_EXIT_USAGE;
    *set = load_tasks("arc run", a->tasks_path, a->solutions_path, &a->only_ids);
    return *set ? -1 : CLI_EXIT_USAGE;
  }
  task_loading job = {.args = a};
  pthread_t thread;
  bool threaded = pthread_create(&thread, NULL, load_every_task, &job) == 0;
  *lib = load_solvers(&a->files);
  if (threaded) pthread_join(thread, NULL);
  else load_every_task(&job);
  if (!*lib) {
    arc_taskset_free(job.set);
    return CLI_EXIT_USAGE;
  }
  if (!job.set) {
    fprintf(stderr, "tessera arc run: %s\n", job.err.message);
    return CLI_EXIT_USAGE;
  }
  keep_solved_tasks(job.set, *lib);
  *set = job.set;
  return -1;
}

static void note_missing_solvers(const tl_library *lib, const cli_strlist *ids) {
  for (size_t i = 0; i < ids->count; i++) {
    char name[320];
    snprintf(name, sizeof name, "solve_%s", ids->items[i]);
    if (tl_library_find(lib, name) < 0)
      fprintf(stderr, "tessera arc run: note: no solver %s for task %s\n", name, ids->items[i]);
  }
}

/* arc run runs one solver per task: of several files defining the same
 * name, the first wins (arc eval runs them all). Say so. */
static void note_shadowed_solvers(const tl_library *lib) {
  for (size_t i = 0; i < tl_library_count(lib); i++) {
    const char *name = tl_program_name(lib, i);
    long first = tl_library_find(lib, name);
    if (first >= 0 && (size_t)first != i)
      fprintf(stderr, "tessera arc run: note: %s of %s:%d is not run; %s:%d defines it first\n",
              name, tl_program_file(lib, i), tl_program_line(lib, i),
              tl_program_file(lib, (size_t)first), tl_program_line(lib, (size_t)first));
  }
}

static void show_progress(void *user, size_t done, size_t total) {
  (void)user;
  fprintf(stderr, "\r[%zu/%zu] tasks", done, total);
  if (done == total) fputs("\r\x1b[K", stderr);
  fflush(stderr);
}

/* ---- run reports ------------------------------------------------------------------ */

static void print_text_report(const arc_run_result *r) {
  char why[1200];
  for (size_t t = 0; t < r->count; t++) {
    const arc_task_result *tr = &r->tasks[t];
    if (tr->solved) continue;
    printf("%s: failed\n", tr->task->id);
    for (size_t p = 0; p < tr->n_pairs; p++) {
      const arc_pair_result *pr = &tr->pairs[p];
      if (arc_pair_explain(tr->task, pr, why, sizeof why))
        printf("  %s[%zu]: %s\n", pr->is_test ? "test" : "train", pr->index, why);
    }
  }
  if (r->unknown_pairs)
    printf("%zu test pair%s without an expected output\n", r->unknown_pairs,
           r->unknown_pairs == 1 ? "" : "s");
  printf("%zu of %zu tasks solved in %.3f s\n", r->solved, r->count, r->seconds);
}

static void json_string(const char *s) {
  putchar('"');
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') printf("\\%c", c);
    else if (c == '\n') fputs("\\n", stdout);
    else if (c == '\t') fputs("\\t", stdout);
    else if (c < 0x20) printf("\\u%04x", c);
    else putchar(c);
  }
  putchar('"');
}

static void json_grid(const arc_pair_result *p) {
  if (!p->has_output) {
    fputs("null", stdout);
    return;
  }
  putchar('[');
  for (int i = 0; i < p->out_h; i++) {
    fputs(i ? ", [" : "[", stdout);
    for (int j = 0; j < p->out_w; j++)
      printf(j ? ", %d" : "%d", p->out_cells[(size_t)i * (size_t)p->out_w + (size_t)j]);
    putchar(']');
  }
  putchar(']');
}

static void json_pair(const arc_pair_result *p) {
  static const char *const verdicts[] = {"true", "false", "false", "null"};
  printf("{\"kind\": \"%s\", \"index\": %zu, \"ok\": %s, \"output\": ", p->is_test ? "test" : "train",
         p->index, verdicts[p->status]);
  json_grid(p);
  fputs(", \"error\": ", stdout);
  if (p->status == ARC_PAIR_ERROR) json_string(p->error ? p->error : "out of memory");
  else fputs("null", stdout);
  putchar('}');
}

static void print_json_report(const arc_run_result *r) {
  fputs("{\"tasks\": [", stdout);
  for (size_t t = 0; t < r->count; t++) {
    const arc_task_result *tr = &r->tasks[t];
    fputs(t ? ",\n  {\"id\": " : "\n  {\"id\": ", stdout);
    json_string(tr->task->id);
    printf(", \"solved\": %s, \"pairs\": [", tr->solved ? "true" : "false");
    for (size_t p = 0; p < tr->n_pairs; p++) {
      if (p) fputs(", ", stdout);
      json_pair(&tr->pairs[p]);
    }
    fputs("]}", stdout);
  }
  printf("%s], \"solved\": %zu, \"total\": %zu, \"seconds\": %.3f}\n", r->count ? "\n" : "",
         r->solved, r->count, r->seconds);
}

/* ---- --profile -------------------------------------------------------------------- */

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int by_nanos_desc(const void *a, const void *b) {
  uint64_t x = tv_prim_stats()[*(const size_t *)a].nanos, y = tv_prim_stats()[*(const size_t *)b].nanos;
  return (x < y) - (x > y);
}

/* One line per primitive that ran (arc-dsl and extensions), most time
 * first. Times are inclusive: a higher-order primitive's time contains the
 * calls it makes. */
static void print_prim_profile(FILE *out) {
  size_t core = tv_prim_count(), n = core + tv_prim_ext_count(), used = 0;
  size_t *order = malloc((n ? n : 1) * sizeof *order);
  if (!order) return;
  for (size_t i = 0; i < n; i++)
    if (tv_prim_stats()[i].calls) order[used++] = i;
  qsort(order, used, sizeof *order, by_nanos_desc);
  fprintf(out, "profile: prim NAME CALLS MS NS/CALL (inclusive times)\n");
  for (size_t k = 0; k < used; k++) {
    const tv_prim_stat *st = &tv_prim_stats()[order[k]];
    const tv_prim *p = order[k] < core ? tv_prim_at(order[k]) : tv_prim_ext_at(order[k] - core);
    fprintf(out, "profile: prim %-16s %9llu %9.3f %9.0f\n", p->name,
            (unsigned long long)st->calls, (double)st->nanos * 1e-6, (double)st->nanos / (double)st->calls);
  }
  free(order);
}

static const arc_run_result *sorted_result; /* for by_task_seconds_desc */

static int by_task_seconds_desc(const void *a, const void *b) {
  double x = sorted_result->tasks[*(const size_t *)a].seconds;
  double y = sorted_result->tasks[*(const size_t *)b].seconds;
  return (x < y) - (x > y);
}

/* The slowest tasks: where a faster primitive would matter most. */
static void print_task_profile(FILE *out, const arc_run_result *r) {
  size_t *order = malloc((r->count ? r->count : 1) * sizeof *order);
  if (!order) return;
  for (size_t t = 0; t < r->count; t++) order[t] = t;
  sorted_result = r;
  qsort(order, r->count, sizeof *order, by_task_seconds_desc);
  fprintf(out, "profile: task ID MS WORK (the slowest)\n");
  for (size_t k = 0; k < r->count && k < 10; k++) {
    const arc_task_result *tr = &r->tasks[order[k]];
    fprintf(out, "profile: task %s %.3f %llu\n", tr->task->id, tr->seconds * 1e3,
            (unsigned long long)tr->work);
  }
  free(order);
}

/* ---- running ------------------------------------------------------------------------ */

static int run_and_report(const tl_library *lib, const arc_taskset *set, const run_args *a) {
  arc_run_options opts = arc_run_options_default();
  opts.budget = a->budget;
  opts.jobs = a->profile ? 1 : (int)a->jobs;
  if (cli_is_tty(stderr)) opts.progress = show_progress;
  arc_run_result result;
  arc_error err;
  if (arc_run(lib, set, &opts, &result, &err) != 0)
    return cli_fail(CLI_EXIT_FAILURE, "arc run", "%s", err.message);
  if (a->json) print_json_report(&result);
  else print_text_report(&result);
  if (a->profile) {
    print_prim_profile(stderr);
    print_task_profile(stderr, &result);
  }
  arc_run_result_free(&result);
  return fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
}

int cmd_arc_run_main(int argc, char **argv) {
  run_args a = {.jobs = cli_cpu_count(), .budget = ARC_DEFAULT_BUDGET};
  int status = parse_run_args(argc, argv, &a);
  tl_library *lib = NULL;
  arc_taskset *set = NULL;
  double t0 = now_seconds(), t_tasks = t0;
  if (status < 0 && a.profile) tv_prim_stats_enable(true);
  if (status < 0) status = load_solvers_and_tasks(&a, &lib, &set);
  t_tasks = now_seconds();
  if (status < 0) {
    note_missing_solvers(lib, &a.only_ids);
    note_shadowed_solvers(lib);
    if (!a.only_ids.count && set->count == 0)
      fprintf(stderr, "tessera arc run: note: no program is named solve_<id> for a task of %s\n",
              a.tasks_path);
    status = run_and_report(lib, set, &a);
  }
  if (a.profile && set)
    fprintf(stderr, "profile: phases ms: solvers and tasks %.3f (in parallel, %zu tasks kept) run+report %.3f\n",
            (t_tasks - t0) * 1e3, set->count, (now_seconds() - t_tasks) * 1e3);
  arc_taskset_free(set);
  tl_library_free(lib);
  cli_strlist_free(&a.only_ids);
  cli_strlist_free(&a.files);
  return status;
}

/* ---- tessera arc show -------------------------------------------------------------- */

typedef struct show_args {
  const char *id;
  const char *tasks_path;
  const char *solutions_path;
  const char *png_path;
  int colour; /* -1 auto, 0 never, 1 always */
} show_args;

static void print_show_usage(FILE *out) {
  fputs("Usage: tessera arc show ID --tasks PATH [OPTIONS]\n"
        "\n"
        "Draws the train and test pairs of task ID, input on the left and output\n"
        "on the right. On a terminal the cells are coloured with the ARC palette;\n"
        "otherwise each cell is printed as its digit.\n"
        "\n"
        "Options:\n"
        "  --tasks PATH         folder of <id>.json tasks, one task file, or a Kaggle\n"
        "                       challenges file (required)\n"
        "  --solutions FILE     Kaggle solutions file giving the test outputs\n"
        "  --png FILE           write the drawing to a PNG image instead\n"
        "  --color[=WHEN]       colour the cells: auto (default), always or never\n"
        "  -h, --help           print this help\n",
        out);
}

static int parse_colour(const char *arg, int *colour) {
  if (!arg || strcmp(arg, "always") == 0) *colour = 1;
  else if (strcmp(arg, "never") == 0) *colour = 0;
  else if (strcmp(arg, "auto") == 0) *colour = -1;
  else return cli_usage_error("arc show", "--color: expected auto, always or never, got '%s'", arg);
  return -1;
}

static int parse_show_args(int argc, char **argv, show_args *a) {
  static const struct option options[] = {
      {"tasks", required_argument, NULL, OPT_TASKS},
      {"solutions", required_argument, NULL, OPT_SOLUTIONS},
      {"png", required_argument, NULL, OPT_PNG},
      {"color", optional_argument, NULL, OPT_COLOR},
      {"colour", optional_argument, NULL, OPT_COLOR},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  getopt_reset();
  int opt, status = -1;
  while (status < 0 && (opt = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
    switch (opt) {
    case 'h': print_show_usage(stdout); return CLI_EXIT_OK;
    case OPT_TASKS: a->tasks_path = optarg; break;
    case OPT_SOLUTIONS: a->solutions_path = optarg; break;
    case OPT_PNG: a->png_path = optarg; break;
    case OPT_COLOR: status = parse_colour(optarg, &a->colour); break;
    default: return bad_option("arc show", opt, argv);
    }
  }
  if (status >= 0) return status;
  if (optind >= argc) return cli_usage_error("arc show", "no task ID given");
  if (argc - optind > 1) return cli_usage_error("arc show", "expected one task ID, got %d", argc - optind);
  a->id = argv[optind];
  if (!a->tasks_path) return cli_usage_error("arc show", "--tasks PATH is required");
  return -1;
}

int cmd_arc_show_main(int argc, char **argv) {
  show_args a = {.colour = -1};
  int status = parse_show_args(argc, argv, &a);
  if (status >= 0) return status;
  cli_strlist ids = {0};
  arc_taskset *set = NULL;
  if (!cli_strlist_push(&ids, a.id)) status = cli_fail(CLI_EXIT_FAILURE, "arc show", "out of memory");
  else if (!(set = load_tasks("arc show", a.tasks_path, a.solutions_path, &ids))) status = CLI_EXIT_USAGE;
  if (status < 0) {
    const arc_task *task = arc_taskset_find(set, a.id);
    arc_error err;
    if (a.png_path) {
      if (!arc_render_png(a.png_path, task, &err)) status = cli_fail(CLI_EXIT_FAILURE, "arc show", "%s", err.message);
    } else if (!arc_render_text(stdout, task, a.colour < 0 ? cli_is_tty(stdout) : a.colour == 1)) {
      status = cli_fail(CLI_EXIT_FAILURE, "arc show", "cannot write the output");
    }
  }
  arc_taskset_free(set);
  cli_strlist_free(&ids);
  return status < 0 ? CLI_EXIT_OK : status;
}
