/*
 * commands.h - the entry points of the tessera command line and the table of
 * `tessera arc` subcommands.
 *
 * Every command is `int name(int argc, char **argv)` where argv[0] is the
 * command's own name ("run", "design", ...) and the result is the process
 * exit code (0 success, 1 failure while running, 2 bad usage or bad input).
 *
 * Commands implemented in files that may not be part of every build are
 * declared weak: the program still links without them and the dispatcher
 * sees a NULL function ("not built"). A new file only has to define the
 * function; a new `arc` subcommand also needs one line in CLI_ARC_COMMANDS.
 */
#ifndef TESSERA_CLI_COMMANDS_H
#define TESSERA_CLI_COMMANDS_H

typedef int (*cli_command_fn)(int argc, char **argv);

typedef struct cli_command {
  const char *name;
  cli_command_fn fn; /* NULL when its source file is not in this build */
  const char *summary;
} cli_command;

/* src/cli/cmd_arc.c */
int cmd_arc_main(int argc, char **argv);
int cmd_arc_run_main(int argc, char **argv);
int cmd_arc_show_main(int argc, char **argv);

/* Defined in other files (src/cli/cmd_design.c, src/cli/cmd_arc_*.c). */
__attribute__((weak)) int cmd_design_main(int argc, char **argv);
__attribute__((weak)) int cmd_serve_main(int argc, char **argv); /* src/cli/cmd_serve.c */
__attribute__((weak)) int cmd_arc_eval_main(int argc, char **argv);
__attribute__((weak)) int cmd_arc_store_main(int argc, char **argv);
__attribute__((weak)) int cmd_arc_predict_main(int argc, char **argv);
__attribute__((weak)) int cmd_arc_score_main(int argc, char **argv);
__attribute__((weak)) int cmd_arc_solve_main(int argc, char **argv);

/* The `tessera arc` subcommands, in help order: X(name, function, summary). */
#define CLI_ARC_COMMANDS(X)                                                         \
  X("run", cmd_arc_run_main, "run solver programs on tasks and check their outputs") \
  X("show", cmd_arc_show_main, "draw a task's grids in the terminal or to a PNG")    \
  X("eval", cmd_arc_eval_main, "evaluate programs on tasks")                         \
  X("store", cmd_arc_store_main, "manage the program store")                         \
  X("predict", cmd_arc_predict_main, "predict test outputs")                         \
  X("score", cmd_arc_score_main, "score predictions against solutions")            \
  X("solve", cmd_arc_solve_main, "search programs for tasks and predict test outputs")

#endif
