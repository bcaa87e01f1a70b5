/*
 * cmd_arc_score.c - `tessera arc score`: the ARC Prize score of a
 * submission file against the test outputs of a task set (rule in
 * arc_score_submission, include/tessera/store.h).
 *
 * The expected outputs come from --tasks (with --solutions for a Kaggle
 * challenges file) or from a Kaggle solutions file alone, which the arc
 * layer turns into an answer key (arc_taskset_load_answers).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "commands.h"
#include "tessera/store.h"

enum { OPT_TASKS = 256, OPT_SOLUTIONS, OPT_JSON };

static void print_usage(FILE *out) {
  fputs("Usage: tessera arc score SUBMISSION --tasks PATH [--solutions FILE] [--json]\n"
        "       tessera arc score SUBMISSION --solutions FILE [--json]\n"
        "\n"
        "Scores a Kaggle submission: a test input is correct when attempt_1 or\n"
        "attempt_2 equals its expected output; each task scores the fraction of\n"
        "its test inputs that are correct; the score is the sum over tasks with\n"
        "known outputs (a missing task scores 0), also given as a percentage.\n"
        "\n"
        "Options:\n"
        "  --tasks PATH       folder of <id>.json with test outputs, or Kaggle challenges\n"
        "  --solutions FILE   Kaggle solutions file giving the test outputs; alone,\n"
        "                     it is the whole answer key\n"
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
  tc_opt_parser p;
  tc_opt_init(&p, argc, argv, "h", options);
  int opt;
  while ((opt = tc_opt_next(&p)) != -1) {
    switch (opt) {
      case 'h': print_usage(stdout); return CLI_EXIT_OK;
      case OPT_TASKS: tasks = p.arg; break;
      case OPT_SOLUTIONS: solutions = p.arg; break;
      case OPT_JSON: json = true; break;
      default: return cli_bad_option("arc score", &p);
    }
  }
  int first = tc_opt_operands(&p);
  if (first + 1 != argc) return cli_usage_error("arc score", "expected one SUBMISSION file");
  if (!tasks && !solutions) return cli_usage_error("arc score", "--tasks PATH or --solutions FILE is required");
  arc_load_options load = {.solutions_path = solutions, .warn = cli_arc_warning, .warn_user = "arc score"};
  arc_error err;
  arc_taskset *set = tasks ? arc_taskset_load(tasks, &load, &err) : arc_taskset_load_answers(solutions, &err);
  if (!set) return cli_arc_error("arc score", &err);
  arc_submission_score sc;
  bool ok = arc_score_submission(argv[first], set, &sc, cli_arc_warning, "arc score", &err);
  arc_taskset_free(set);
  if (!ok) return cli_arc_error("arc score", &err);
  if (sc.tasks == 0)
    return cli_fail(CLI_EXIT_USAGE, "arc score", "no task of %s has known test outputs"
                    " (give them with --solutions FILE)", tasks ? tasks : solutions);
  double pct = 100.0 * sc.score / (double)sc.tasks;
  if (json)
    printf("{\"score\": %.6f, \"tasks\": %zu, \"percent\": %.4f, \"tasks_correct\": %zu,"
           " \"test_inputs\": %zu, \"test_correct\": %zu, \"missing_tasks\": %zu, \"unknown_ids\": %zu}\n",
           sc.score, sc.tasks, pct, sc.tasks_correct, sc.test_inputs, sc.test_correct,
           sc.missing_tasks, sc.unknown_ids);
  else
    printf("score %.3f of %zu tasks (%.2f%%); %zu of %zu test inputs correct; %zu tasks missing\n",
           sc.score, sc.tasks, pct, sc.test_correct, sc.test_inputs, sc.missing_tasks);
  return CLI_EXIT_OK;
}
