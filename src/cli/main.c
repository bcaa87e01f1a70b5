/*
 * main.c - the `tessera` program: global options and command dispatch.
 *
 * Each command parses its own options (see commands.h); main only handles
 * --help / --version and picks the command. Commands whose source files are
 * not part of the build are weak symbols and report "not built".
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli_util.h"
#include "commands.h"

#ifndef TESSERA_VERSION
#define TESSERA_VERSION "unknown"
#endif

static void print_usage(FILE *out) {
  fputs("Usage: tessera [--help] [--version] COMMAND [ARGS...]\n"
        "\n"
        "Tessera runs arc-dsl solver programs on ARC tasks and edits UI designs.\n"
        "\n"
        "Commands:\n"
        "  arc       ARC tasks: run solvers, show tasks (tessera arc --help)\n"
        "  design    the UI-design editor (tessera design --help)\n"
        "  serve     the design studio: HTTP API and web editor (tessera serve --help)\n"
        "  version   print the version\n"
        "  help      print this help\n"
        "\n"
        "Every command accepts --help. Errors go to stderr; exit status is 0 on\n"
        "success, 1 when something failed while running, 2 for bad usage or input.\n",
        out);
}

static int print_version(void) {
  printf("tessera %s\n", TESSERA_VERSION);
  return CLI_EXIT_OK;
}

static int run_design(int argc, char **argv) {
  if (!cmd_design_main) {
    fputs("tessera design: not built\n", stderr);
    return CLI_EXIT_FAILURE;
  }
  return cmd_design_main(argc, argv);
}

/* A report that could not be written (full disk, closed pipe) is a failure
 * even when the command itself succeeded, as GNU programs treat it: checked
 * once here for every command instead of after each printf. */
static int check_output(int status) {
  errno = 0;
  if (fflush(stdout) == 0 && !ferror(stdout)) return status;
  fprintf(stderr, "tessera: cannot write the output%s%s\n", errno ? ": " : "", errno ? strerror(errno) : "");
  return status == CLI_EXIT_OK ? CLI_EXIT_FAILURE : status;
}

static int run_command(int argc, char **argv) {
  if (argc < 2) {
    print_usage(stderr);
    return CLI_EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
    print_usage(stdout);
    return CLI_EXIT_OK;
  }
  if (strcmp(cmd, "version") == 0 && argc > 2 && strcmp(argv[2], "--help") == 0) {
    puts("Usage: tessera version\n\nPrints the program's name and version.");
    return CLI_EXIT_OK;
  }
  if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) return print_version();
  if (strcmp(cmd, "arc") == 0) return cmd_arc_main(argc - 1, argv + 1);
  if (strcmp(cmd, "design") == 0) return run_design(argc - 1, argv + 1);
  if (strcmp(cmd, "serve") == 0 && cmd_serve_main) return cmd_serve_main(argc - 1, argv + 1);
  fprintf(stderr, "tessera: unknown command '%s'\nTry 'tessera --help' for more information.\n", cmd);
  return CLI_EXIT_USAGE;
}

/* A write past RLIMIT_FSIZE (ulimit -f) raises SIGXFSZ, whose default
 * action kills the process without a word and may leave a half-written
 * output. Ignored, the write fails with EFBIG instead and takes the normal
 * path: "PATH: cannot write: File too large", exit status 1, the old file
 * intact (outfile.h). */
int main(int argc, char **argv) {
  signal(SIGXFSZ, SIG_IGN);
  return check_output(run_command(argc, argv));
}
