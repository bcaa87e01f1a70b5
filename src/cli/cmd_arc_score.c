/*
 * cmd_arc_score.c - `tessera arc score`: the ARC Prize score of a
 * submission file against the test outputs of a task set (rule in
 * ts_score_submission, include/tessera/store.h).
 */
#include <getopt.h>
#include <stdio.h>

#include "cli_util.h"
#include "commands.h"
#include "tessera/store.h"

enum { OPT_TASKS = 256, OPT_SOLUTIONS, OPT_JSON };

static void print_usage(FILE *out) {
  fputs("Usage: tessera arc score SUBMISSION --tasks PATH [--solutions FILE] [--json]\n"
        "\n"
        "Scores a Kaggle submission: a test input is correct when attempt_1 or\n"
        "attempt_2 equals its expected output; each task scores the fraction of\n"
        "its test inputs that are correct; the score is the sum over tasks with\n"
        "known outputs (a missing task scores 0), also given as a percentage.\n"
        "\n"
        "Options:\n"
        "  --tasks PATH       folder of <id>.json with test outputs, or Kaggle challenges\n"
        "  --solutions FILE   Kaggle solutions file giving the test outputs\n"
        "  --json             JSON output\n"
        "  -h, --help         print this help\n",
        out);
}

int cmd_arc_score_main(int argc, char **argv) {
  static const struct option options[] = {
      {"tasks", required_argument, NULL, OPT_TASKS}, {"solutions", required_argument, NULL, OPT_SOLUTIONS},
      {"json", no_argument, NULL, OPT_JSON},         {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  const char *tasks = NULL, *solutions = NULL;
  bool json = false;
  optind = 0;
  opterr = 0;
  int opt;
  while ((opt = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
    switch (opt) {
      case 'h': print_usage(stdout); return CLI_EXIT_OK;
      case OPT_TASKS: tasks = optarg; break;
      case OPT_SOLUTIONS: solutions = optarg; break;
      case OPT_JSON: json = true; break;
      case ':': return cli_usage_error("arc score", "option '%s' requires an argument", argv[optind - 1]);
      default: return cli_usage_error("arc score", "unrecognized option '%s'", argv[optind - 1]);
    }
  }
  if (optind + 1 != argc) return cli_usage_error("arc score", "expected one SUBMISSION file");
  if (!tasks) return cli_usage_error("arc score", "--tasks PATH is required");
  arc_load_options load = {.solutions_path = solutions};
  arc_error aerr;
  arc_taskset *set = arc_taskset_load(tasks, &load, &aerr);
  if (!set) return cli_fail(CLI_EXIT_USAGE, "arc score", "%s", aerr.message);
  ts_score sc;
  char err[512];
  bool ok = ts_score_submission(argv[optind], set, &sc, err, sizeof err);
  arc_taskset_free(set);
  if (!ok) return cli_fail(CLI_EXIT_USAGE, "arc score", "%s", err);
  if (sc.tasks == 0)
    return cli_fail(CLI_EXIT_USAGE, "arc score", "no task of %s has known test outputs"
                    " (give them with --solutions FILE)", tasks);
  double pct = sc.tasks ? 100.0 * sc.score / (double)sc.tasks : 0.0;
  if (json)
    printf("{\"score\": %.6f, \"tasks\": %zu, \"percent\": %.4f, \"tasks_correct\": %zu,"
           " \"test_inputs\": %zu, \"test_correct\": %zu, \"missing_tasks\": %zu}\n",
           sc.score, sc.tasks, pct, sc.tasks_correct, sc.test_inputs, sc.test_correct,
           sc.missing_tasks);
  else
    printf("score %.3f of %zu tasks (%.2f%%); %zu of %zu test inputs correct; %zu tasks missing\n",
           sc.score, sc.tasks, pct, sc.test_correct, sc.test_inputs, sc.missing_tasks);
  return CLI_EXIT_OK;
}
