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
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_arc.h"
#include "commands.h"
#include "tessera/arc_render.h"
#include "tessera/arc_runner.h"
#include "tessera/arc_task.h"
#include "tessera/clock.h"
#include "tessera/fault.h"
#include "tessera/json.h"
#include "tessera/lang.h"
#include "tessera/text.h"
#include "tessera/threads.h"

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

/* ---- tessera arc run ------------------------------------------------------------ */

enum { OPT_TASKS = 256, OPT_SOLUTIONS, OPT_TASK, OPT_BUDGET, OPT_JSON, OPT_PNG, OPT_COLOR, OPT_PROFILE,
       OPT_PROGRAM, OPT_TASK_SECONDS, OPT_MEMORY_MB };

typedef struct run_args {
  const char *tasks_path;
  const char *solutions_path;
  cli_strlist only_ids;
  cli_strlist files;
  long jobs;
  uint64_t budget;
  double task_seconds;
  long memory_mb;
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
          "  -j, --jobs N       worker threads, 1..%d (default: number of cores)\n"
          "  --budget W         work units per task, 0 for unlimited (default %llu)\n"
          "  --task-seconds S   wall-clock safety limit per task, a last resort for\n"
          "                     loops no budget bounds (default %.0f, 0 = none)\n"
          "  --memory-mb M      memory limit per worker and pair (default %zu, 0 = none):\n"
          "                     what stops a runaway under --budget 0\n"
          "  --json             print the results as JSON\n"
          "  --profile          time the phases, each primitive and the slowest tasks\n"
          "                     (one thread); the tables go to stderr\n"
          "  -h, --help         print this help\n"
          "\n"
          "Exit status: 0 when everything ran (even if tasks failed), 1 when the run\n"
          "could not be carried out, 2 for bad options, solver files or task files.\n",
          ARC_MAX_JOBS, (unsigned long long)ARC_DEFAULT_BUDGET, ARC_DEFAULT_TASK_SECONDS,
          ARC_DEFAULT_MEMORY_GUARD >> 20);
}

static int parse_run_option(run_args *a, int opt, const char *arg) {
  switch (opt) {
  case OPT_TASKS: a->tasks_path = arg; return -1;
  case OPT_SOLUTIONS: a->solutions_path = arg; return -1;
  case OPT_TASK:
    if (!cli_has_list_item(arg)) return cli_usage_error("arc run", "--task: expected a task ID, got '%s'", arg);
    if (!cli_strlist_push_split(&a->only_ids, arg)) return cli_fail(CLI_EXIT_FAILURE, "arc run", "out of memory");
    return -1;
  case 'j': return cli_jobs_option("arc run", arg, &a->jobs);
  case OPT_BUDGET: return cli_budget_option("arc run", arg, &a->budget);
  case OPT_TASK_SECONDS: return cli_task_seconds_option("arc run", arg, &a->task_seconds);
  case OPT_MEMORY_MB: return cli_memory_mb_option("arc run", arg, &a->memory_mb);
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
      {"task-seconds", required_argument, NULL, OPT_TASK_SECONDS},
      {"memory-mb", required_argument, NULL, OPT_MEMORY_MB},
      {"json", no_argument, NULL, OPT_JSON},
      {"profile", no_argument, NULL, OPT_PROFILE},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  tc_opt_parser p;
  tc_opt_init(&p, argc, argv, "hj:", options);
  int opt;
  while ((opt = tc_opt_next(&p)) != -1) {
    if (opt == 'h') {
      print_run_usage(stdout);
      return CLI_EXIT_OK;
    }
    if (opt == '?') return cli_bad_option("arc run", &p);
    int status = parse_run_option(a, opt, p.arg);
    if (status >= 0) return status;
  }
  for (int i = tc_opt_operands(&p); i < argc; i++)
    if (!cli_strlist_push(&a->files, argv[i])) return cli_fail(CLI_EXIT_FAILURE, "arc run", "out of memory");
  if (a->files.count == 0) return cli_usage_error("arc run", "no solver FILE given");
  if (!a->tasks_path) return cli_usage_error("arc run", "--tasks PATH is required");
  return -1;
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

/* Loading on a second thread: messages are kept and printed after the
 * solver files' (see load_solvers_and_tasks). */
typedef struct task_loading {
  const run_args *args;
  arc_taskset *set;
  arc_error err;
  tc_text warnings;
} task_loading;

static void keep_warning(void *user, const char *message) {
  tc_text_printf(&((task_loading *)user)->warnings, "tessera arc run: warning: %s\n", message);
}

static void *load_every_task(void *user) {
  task_loading *job = user;
  arc_load_options opts = {.solutions_path = job->args->solutions_path, .warn = keep_warning, .warn_user = job};
  job->set = arc_taskset_load(job->args->tasks_path, &opts, &job->err);
  return NULL;
}

/* Without --task, the tasks to run are those the solvers cover, so every
 * task file is read on a second thread while the solver files parse (the
 * two are independent and each takes a few milliseconds); the solver
 * error, if any, is reported first, as when done one after the other. */
static int load_solvers_and_tasks(const run_args *a, tl_library **lib, arc_taskset **set) {
  int status = -1;
  if (a->only_ids.count) {
    if ((*lib = cli_load_library("arc run", &a->files, &status)))
      *set = cli_load_tasks("arc run", a->tasks_path, a->solutions_path, &a->only_ids, &status);
    return status;
  }
  task_loading job = {.args = a};
  pthread_t thread;
  bool threaded = tc_threads_start(&thread, 1, load_every_task, &job) == 1;
  *lib = cli_load_library("arc run", &a->files, &status);
  if (threaded) tc_threads_join(&thread, 1);
  else load_every_task(&job);
  if (*lib && job.warnings.s) fputs(job.warnings.s, stderr);
  tc_text_free(&job.warnings);
  if (!*lib) {
    arc_taskset_free(job.set);
    return status;
  }
  if (!job.set) return cli_arc_error("arc run", &job.err);
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
  cli_progress("tasks", done, total);
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
  if (p->status == ARC_PAIR_ERROR) tc_json_fputs(stdout, p->error ? p->error : "out of memory");
  else fputs("null", stdout);
  putchar('}');
}

static void print_json_report(const arc_run_result *r) {
  fputs("{\"tasks\": [", stdout);
  for (size_t t = 0; t < r->count; t++) {
    const arc_task_result *tr = &r->tasks[t];
    fputs(t ? ",\n  {\"id\": " : "\n  {\"id\": ", stdout);
    tc_json_fputs(stdout, tr->task->id);
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

static cli_task_time run_task_time(const void *results, size_t k) {
  const arc_task_result *t = &((const arc_run_result *)results)->tasks[k];
  return (cli_task_time){t->task->id, t->seconds, t->work};
}

/* ---- running ------------------------------------------------------------------------ */

static int run_and_report(const tl_library *lib, const arc_taskset *set, const run_args *a) {
  arc_run_options opts = arc_run_options_default();
  opts.budget = a->budget;
  opts.task_seconds = a->task_seconds;
  opts.memory_limit = (size_t)a->memory_mb << 20;
  opts.jobs = a->profile ? 1 : (int)a->jobs;
  if (cli_is_tty(stderr)) opts.progress = show_progress;
  arc_run_result result;
  arc_error err;
  if (arc_run(lib, set, &opts, &result, &err) != 0) return cli_arc_error("arc run", &err);
  cli_note_threads("arc run", result.jobs_asked, result.threads);
  if (a->json) print_json_report(&result);
  else print_text_report(&result);
  if (a->profile) cli_profile_report(stderr, &result, result.count, run_task_time, "WORK");
  arc_run_result_free(&result);
  return CLI_EXIT_OK;
}

int cmd_arc_run_main(int argc, char **argv) {
  run_args a = {.jobs = cli_default_jobs(), .budget = ARC_DEFAULT_BUDGET,
                .task_seconds = ARC_DEFAULT_TASK_SECONDS,
                .memory_mb = (long)(ARC_DEFAULT_MEMORY_GUARD >> 20)};
  int status = parse_run_args(argc, argv, &a);
  tl_library *lib = NULL;
  arc_taskset *set = NULL;
  double t0 = tc_now_seconds(), t_tasks = t0;
  if (status < 0 && a.profile) cli_profile_start();
  if (status < 0) status = load_solvers_and_tasks(&a, &lib, &set);
  t_tasks = tc_now_seconds();
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
            (t_tasks - t0) * 1e3, set->count, (tc_now_seconds() - t_tasks) * 1e3);
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
  const char *program_path;
  uint64_t budget;
  long memory_mb;
  int colour; /* -1 auto, 0 never, 1 always */
} show_args;

static void print_show_usage(FILE *out) {
  fprintf(out,
          "Usage: tessera arc show ID --tasks PATH [OPTIONS]\n"
          "\n"
          "Draws the train and test pairs of task ID, input on the left and output\n"
          "on the right. On a terminal the cells are coloured with the ARC palette;\n"
          "otherwise each cell is printed as its digit. With --program, the grid\n"
          "solve_ID gives is drawn next to each expected output, the cells that\n"
          "differ marked, each pair labelled with its sizes and verdict.\n"
          "\n"
          "Options:\n"
          "  --tasks PATH         folder of <id>.json tasks, one task file, or a Kaggle\n"
          "                       challenges file (required)\n"
          "  --solutions FILE     Kaggle solutions file giving the test outputs\n"
          "  --program FILE       solver file defining solve_ID: draw its answers\n"
          "  --budget W           work units for the program, 0 = unlimited (default %llu)\n"
          "  --memory-mb M        memory safety limit per pair (default %zu, 0 = none)\n"
          "  --png FILE           write the drawing to a PNG image instead\n"
          "  --color[=WHEN]       colour the cells: auto (default), always or never\n"
          "  -h, --help           print this help\n",
          (unsigned long long)ARC_DEFAULT_BUDGET, ARC_DEFAULT_MEMORY_GUARD >> 20);
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
      {"program", required_argument, NULL, OPT_PROGRAM},
      {"budget", required_argument, NULL, OPT_BUDGET},
      {"memory-mb", required_argument, NULL, OPT_MEMORY_MB},
      {"color", optional_argument, NULL, OPT_COLOR},
      {"colour", optional_argument, NULL, OPT_COLOR},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  tc_opt_parser p;
  tc_opt_init(&p, argc, argv, "h", options);
  int opt, status = -1;
  while (status < 0 && (opt = tc_opt_next(&p)) != -1) {
    switch (opt) {
    case 'h': print_show_usage(stdout); return CLI_EXIT_OK;
    case OPT_TASKS: a->tasks_path = p.arg; break;
    case OPT_SOLUTIONS: a->solutions_path = p.arg; break;
    case OPT_PNG: a->png_path = p.arg; break;
    case OPT_PROGRAM: a->program_path = p.arg; break;
    case OPT_BUDGET: status = cli_budget_option("arc show", p.arg, &a->budget); break;
    case OPT_MEMORY_MB: status = cli_memory_mb_option("arc show", p.arg, &a->memory_mb); break;
    case OPT_COLOR: status = parse_colour(p.arg, &a->colour); break;
    default: return cli_bad_option("arc show", &p);
    }
  }
  if (status >= 0) return status;
  int first = tc_opt_operands(&p);
  if (first >= argc) return cli_usage_error("arc show", "no task ID given");
  if (argc - first > 1) return cli_usage_error("arc show", "expected one task ID, got %d", argc - first);
  a->id = argv[first];
  if (!a->tasks_path) return cli_usage_error("arc show", "--tasks PATH is required");
  return -1;
}

/* The PNG goes to a whole-or-nothing output file. */
static int show_png(const char *path, const arc_task *task, const arc_task_result *answers) {
  cli_output out;
  if (!cli_output_open(&out, path)) return cli_output_failed("arc show", &out);
  arc_error err;
  bool drawn = arc_render_png(out.f, task, answers, &err);
  if (!cli_output_close(&out, drawn) && drawn) return cli_output_failed("arc show", &out);
  return drawn ? CLI_EXIT_OK : cli_fail(CLI_EXIT_FAILURE, "arc show", "%s: %s", path, err.message);
}

/* Runs solve_ID of the program file on the one task of `set`. */
static int run_program(const show_args *a, const arc_taskset *set, arc_run_result *result) {
  cli_strlist files = {0};
  int status = cli_strlist_push(&files, a->program_path) ? -1 : cli_fail(CLI_EXIT_FAILURE, "arc show", "out of memory");
  tl_library *lib = status < 0 ? cli_load_library("arc show", &files, &status) : NULL;
  char name[320];
  snprintf(name, sizeof name, "solve_%s", a->id);
  if (lib && tl_library_find(lib, name) < 0)
    status = cli_fail(CLI_EXIT_USAGE, "arc show", "%s: no program %s", a->program_path, name);
  arc_run_options opts = arc_run_options_default();
  opts.budget = a->budget;
  opts.memory_limit = (size_t)a->memory_mb << 20;
  arc_error err;
  if (status < 0 && arc_run(lib, set, &opts, result, &err) != 0) status = cli_arc_error("arc show", &err);
  tl_library_free(lib);
  cli_strlist_free(&files);
  return status;
}

int cmd_arc_show_main(int argc, char **argv) {
  show_args a = {.colour = -1, .budget = ARC_DEFAULT_BUDGET,
                 .memory_mb = (long)(ARC_DEFAULT_MEMORY_GUARD >> 20)};
  int status = parse_show_args(argc, argv, &a);
  if (status >= 0) return status;
  const cli_input inputs[] = {{a.tasks_path, "tasks"}, {a.solutions_path, "solutions"}, {a.program_path, "program"}};
  status = cli_check_output("arc show", a.png_path, inputs, sizeof inputs / sizeof inputs[0]);
  if (status >= 0) return status;
  cli_strlist ids = {0};
  arc_taskset *set = NULL;
  arc_run_result result = {0};
  if (!cli_strlist_push(&ids, a.id)) status = cli_fail(CLI_EXIT_FAILURE, "arc show", "out of memory");
  else set = cli_load_tasks("arc show", a.tasks_path, a.solutions_path, &ids, &status);
  if (status < 0 && a.program_path) status = run_program(&a, set, &result);
  if (status < 0) {
    const arc_task *task = arc_taskset_find(set, a.id);
    const arc_task_result *answers = result.count ? &result.tasks[0] : NULL;
    if (a.png_path) status = show_png(a.png_path, task, answers);
    else if (!arc_render_text(stdout, task, answers, a.colour < 0 ? cli_is_tty(stdout) : a.colour == 1))
      status = cli_fail(CLI_EXIT_FAILURE, "arc show", "cannot write the output: %s", strerror(errno ? errno : EIO));
  }
  arc_run_result_free(&result);
  arc_taskset_free(set);
  cli_strlist_free(&ids);
  return status < 0 ? CLI_EXIT_OK : status;
}
