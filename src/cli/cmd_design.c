/*
 * cmd_design.c - `tessera design`: edit, check, fix, test and bench on UI
 * blueprints (docs/DESIGN.md).
 *
 * edit prints the result JSON on stdout whatever the status, invalid input
 * included, and exits 0 / 1 / 2 as SPEC section 3 says. -o writes the new
 * blueprint to a file, -i replaces the input atomically (temporary file in
 * the same directory, then rename). bench loads the blueprint once and
 * times design_edit (parse, plan, execute, verify, result model); with
 * --json it also times writing the result document. Medians in microseconds.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli_util.h"
#include "cmd_design_studio.h"
#include "commands.h"
#include "tessera/design.h"

#define DEFAULT_CACHE 256

static void print_help(FILE *out) {
  fputs("Usage: tessera design COMMAND ...\n"
        "\n"
        "Edit UI blueprints with plain-English commands (see docs/DESIGN.md).\n"
        "\n"
        "  edit BLUEPRINT \"COMMAND\" [--partial] [-o FILE | -i]\n"
        "        apply a command; print the result JSON (exit 0 success, 1 refused, 2 bad input)\n"
        "  check BLUEPRINT           list violations (exit 0 none, 1 some, 2 invalid)\n"
        "  fix BLUEPRINT [-o FILE | -i]\n"
        "        autocorrect spacing, button heights, font sizes, contrast\n"
        "  test CORPUS.jsonl --blueprints DIR\n"
        "        run an acceptance corpus; prints failures and \"N passed, M failed\"\n"
        "  bench BLUEPRINT --commands FILE [--repeat N] [--no-cache] [--json]\n"
        "        time each command (--json: include writing the result JSON);\n"
        "        prints medians and a last line median_us=X\n"
        "  render BLUEPRINT --png FILE        draw the screen (tessera design render --help)\n"
        "  generate BLUEPRINT --react DIR | --html FILE   React project or HTML page\n"
        "  import IMAGE.png [-o BLUEPRINT]    a screenshot or mock-up as a blueprint\n",
        out);
}

/* Writes text to path: whole or not at all (see cli_output). */
static bool write_atomically(const char *path, const char *text) {
  cli_output out;
  bool ok = cli_output_open(&out, path) && fwrite(text, 1, strlen(text), out.f) == strlen(text);
  return cli_output_close(&out, ok);
}

typedef struct output_opts {
  const char *out_path;
  bool in_place;
  bool partial;
  const char *positional[2];
  int positional_count;
} output_opts;

static int parse_output_opts(const char *cmd, int argc, char **argv, output_opts *o, int max_positional) {
  memset(o, 0, sizeof *o);
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
      if (i + 1 >= argc) return cli_usage_error(cmd, "-o needs a file name");
      o->out_path = argv[++i];
    } else if (!strcmp(a, "-i") || !strcmp(a, "--in-place")) o->in_place = true;
    else if (!strcmp(a, "--partial") && !strcmp(cmd, "design edit")) o->partial = true;
    else if (a[0] == '-' && a[1]) return cli_usage_error(cmd, "unknown option '%s'", a);
    else if (o->positional_count < max_positional) o->positional[o->positional_count++] = a;
    else return cli_usage_error(cmd, "unexpected argument '%s'", a);
  }
  if (o->positional_count < max_positional) return cli_usage_error(cmd, "missing arguments");
  if (o->out_path && o->in_place) return cli_usage_error(cmd, "-o and -i cannot be used together");
  return -1;
}

/* Loads a blueprint file; on failure prints the invalid result (when
 * `print_invalid`) and returns NULL with *exit_code set. */
static design_blueprint *load_blueprint(const char *cmd, const char *path, bool print_invalid, int *exit_code) {
  size_t len = 0;
  char *text = design_read_file(path, &len);
  if (!text) {
    *exit_code = cli_fail(CLI_EXIT_USAGE, cmd, "cannot read %s: %s", path, strerror(errno));
    if (print_invalid) {
      char *out = design_invalid_result_json(NULL, 0, NULL, "the blueprint file cannot be read");
      if (out) fputs(out, stdout);
      free(out);
    }
    return NULL;
  }
  design_problems problems = {0};
  design_blueprint *bp = design_blueprint_load(text, len, &problems);
  if (!bp) {
    for (size_t i = 0; i < problems.count; i++) fprintf(stderr, "%s: %s\n", path, problems.items[i]);
    if (print_invalid) {
      char *out = design_invalid_result_json(text, len, &problems, "the blueprint is invalid");
      if (out) fputs(out, stdout);
      free(out);
    }
    *exit_code = CLI_EXIT_USAGE;
  }
  design_problems_free(&problems);
  free(text);
  return bp;
}

design_blueprint *cmd_design_load(const char *cmd, const char *path, int *exit_code) {
  return load_blueprint(cmd, path, false, exit_code);
}

static int save_blueprint(const char *cmd, const output_opts *o, const char *input_path, const design_result *r) {
  const char *target = o->in_place ? input_path : o->out_path;
  if (!target) return 0;
  char *text = design_result_blueprint_json(r);
  bool ok = text && write_atomically(target, text);
  free(text);
  if (!ok) return cli_fail(CLI_EXIT_USAGE, cmd, "cannot write %s", target);
  return 0;
}

static int cmd_edit(int argc, char **argv) {
  const char *cmd = "design edit";
  output_opts o;
  int rc = parse_output_opts(cmd, argc, argv, &o, 2);
  if (rc >= 0) return rc;
  int exit_code = 0;
  design_blueprint *bp = load_blueprint(cmd, o.positional[0], true, &exit_code);
  if (!bp) return exit_code;
  design_engine *e = design_engine_new(0);
  if (!e) {
    design_blueprint_free(bp);
    return cli_fail(CLI_EXIT_FAILURE, cmd, "out of memory");
  }
  design_edit_options opts = {o.partial};
  const design_result *r = design_edit(e, bp, o.positional[1], &opts);
  char *json = design_result_json(r);
  if (json) fputs(json, stdout);
  free(json);
  design_status st = design_result_status(r);
  exit_code = design_status_exit_code(st);
  if (st == DESIGN_SUCCESS || st == DESIGN_PARTIAL) {
    int save_rc = save_blueprint(cmd, &o, o.positional[0], r);
    if (save_rc) exit_code = save_rc;
  }
  design_engine_free(e);
  design_blueprint_free(bp);
  return exit_code;
}

static int cmd_check(int argc, char **argv) {
  const char *cmd = "design check";
  output_opts o;
  int rc = parse_output_opts(cmd, argc, argv, &o, 1);
  if (rc >= 0) return rc;
  if (o.out_path || o.in_place) return cli_usage_error(cmd, "check does not write files");
  int exit_code = 0;
  design_blueprint *bp = load_blueprint(cmd, o.positional[0], true, &exit_code);
  if (!bp) return exit_code;
  design_engine *e = design_engine_new(0);
  const design_result *r = e ? design_check(e, bp) : NULL;
  char *json = r ? design_result_json(r) : NULL;
  if (json) fputs(json, stdout);
  free(json);
  exit_code = !r ? CLI_EXIT_FAILURE : design_result_violation_count(r) ? 1 : 0;
  design_engine_free(e);
  design_blueprint_free(bp);
  return exit_code;
}

static int cmd_fix(int argc, char **argv) {
  const char *cmd = "design fix";
  output_opts o;
  int rc = parse_output_opts(cmd, argc, argv, &o, 1);
  if (rc >= 0) return rc;
  int exit_code = 0;
  design_blueprint *bp = load_blueprint(cmd, o.positional[0], true, &exit_code);
  if (!bp) return exit_code;
  design_engine *e = design_engine_new(0);
  const design_result *r = e ? design_fix(e, bp) : NULL;
  char *json = r ? design_result_json(r) : NULL;
  if (json) fputs(json, stdout);
  free(json);
  exit_code = r ? save_blueprint(cmd, &o, o.positional[0], r) : CLI_EXIT_FAILURE;
  design_engine_free(e);
  design_blueprint_free(bp);
  return exit_code;
}

static void print_line(void *ctx, const char *line) {
  (void)ctx;
  puts(line);
}

static int cmd_test(int argc, char **argv) {
  const char *cmd = "design test", *corpus_path = NULL, *dir = NULL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--blueprints")) {
      if (i + 1 >= argc) return cli_usage_error(cmd, "--blueprints needs a directory");
      dir = argv[++i];
    } else if (argv[i][0] == '-' && argv[i][1]) return cli_usage_error(cmd, "unknown option '%s'", argv[i]);
    else if (!corpus_path) corpus_path = argv[i];
    else return cli_usage_error(cmd, "unexpected argument '%s'", argv[i]);
  }
  if (!corpus_path) return cli_usage_error(cmd, "missing CORPUS.jsonl");
  if (!dir) return cli_usage_error(cmd, "missing --blueprints DIR");
  char *corpus = design_read_file(corpus_path, NULL);
  if (!corpus) return cli_fail(CLI_EXIT_USAGE, cmd, "cannot read %s: %s", corpus_path, strerror(errno));
  design_engine *e = design_engine_new(DEFAULT_CACHE);
  design_corpus_totals totals = {0, 0};
  bool ok = e && design_corpus_run(e, corpus, dir, print_line, NULL, &totals);
  printf("%d passed, %d failed\n", totals.passed, totals.failed);
  design_engine_free(e);
  free(corpus);
  if (!ok) return CLI_EXIT_USAGE;
  return totals.failed ? CLI_EXIT_FAILURE : CLI_EXIT_OK;
}

/* ---- bench --------------------------------------------------------------- */

static double now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int compare_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double median(double *v, size_t n) {
  qsort(v, n, sizeof *v, compare_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* One timed run: the edit, and with `with_json` the result document too. */
static double timed_edit(design_engine *e, const design_blueprint *bp, const char *command, bool with_json) {
  double t0 = now_us();
  const design_result *r = design_edit(e, bp, command, NULL);
  if (with_json) free(design_result_json(r));
  return now_us() - t0;
}

static int run_bench(design_blueprint *bp, cli_strlist *commands, long repeat, bool cache, bool with_json) {
  design_engine *e = design_engine_new(cache ? DEFAULT_CACHE : 0);
  size_t total = commands->count * (size_t)repeat;
  double *all = malloc((total ? total : 1) * sizeof *all);
  double *one = malloc((size_t)repeat * sizeof *one);
  if (!e || !all || !one) {
    design_engine_free(e);
    free(all);
    free(one);
    return cli_fail(CLI_EXIT_FAILURE, "design bench", "out of memory");
  }
  size_t k = 0;
  for (size_t c = 0; c < commands->count; c++) {
    timed_edit(e, bp, commands->items[c], with_json); /* warm-up */
    for (long r = 0; r < repeat; r++) {
      one[r] = timed_edit(e, bp, commands->items[c], with_json);
      all[k++] = one[r];
    }
    const design_result *res = design_edit(e, bp, commands->items[c], NULL);
    printf("%8.2f us  %-9s %s\n", median(one, (size_t)repeat), design_status_name(design_result_status(res)),
           commands->items[c]);
  }
  uint64_t hits, misses;
  design_engine_cache_stats(e, &hits, &misses);
  printf("commands=%zu repeat=%ld cache=%s json=%s hits=%llu misses=%llu\n", commands->count, repeat,
         cache ? "on" : "off", with_json ? "on" : "off", (unsigned long long)hits, (unsigned long long)misses);
  printf("median_us=%.2f\n", total ? median(all, total) : 0.0);
  design_engine_free(e);
  free(all);
  free(one);
  return CLI_EXIT_OK;
}

static bool read_commands(const char *path, cli_strlist *out) {
  char *text = design_read_file(path, NULL);
  if (!text) return false;
  for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
    size_t n = strlen(line);
    while (n && (line[n - 1] == '\r' || line[n - 1] == ' ')) line[--n] = 0;
    if (n && line[0] != '#') cli_strlist_push(out, line);
  }
  free(text);
  return true;
}

static int cmd_bench(int argc, char **argv) {
  const char *cmd = "design bench", *bp_path = NULL, *commands_path = NULL;
  long repeat = 1000;
  bool cache = true, with_json = false;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--commands")) {
      if (i + 1 >= argc) return cli_usage_error(cmd, "--commands needs a file");
      commands_path = argv[++i];
    } else if (!strcmp(argv[i], "--repeat")) {
      if (i + 1 >= argc || !cli_parse_long(argv[i + 1], 1, 10000000, &repeat))
        return cli_usage_error(cmd, "--repeat needs a whole number from 1");
      i++;
    } else if (!strcmp(argv[i], "--no-cache")) cache = false;
    else if (!strcmp(argv[i], "--json")) with_json = true;
    else if (argv[i][0] == '-' && argv[i][1]) return cli_usage_error(cmd, "unknown option '%s'", argv[i]);
    else if (!bp_path) bp_path = argv[i];
    else return cli_usage_error(cmd, "unexpected argument '%s'", argv[i]);
  }
  if (!bp_path || !commands_path) return cli_usage_error(cmd, "usage: bench BLUEPRINT --commands FILE");
  cli_strlist commands = {0};
  if (!read_commands(commands_path, &commands))
    return cli_fail(CLI_EXIT_USAGE, cmd, "cannot read %s: %s", commands_path, strerror(errno));
  if (!commands.count) {
    cli_strlist_free(&commands);
    return cli_fail(CLI_EXIT_USAGE, cmd, "%s holds no commands", commands_path);
  }
  int exit_code = 0;
  design_blueprint *bp = load_blueprint(cmd, bp_path, false, &exit_code);
  if (bp) {
    exit_code = run_bench(bp, &commands, repeat, cache, with_json);
    design_blueprint_free(bp);
  }
  cli_strlist_free(&commands);
  return exit_code;
}

int cmd_design_main(int argc, char **argv) {
  if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
    print_help(argc < 2 ? stderr : stdout);
    return argc < 2 ? CLI_EXIT_USAGE : CLI_EXIT_OK;
  }
  const char *sub = argv[1];
  int studio = cmd_design_studio_main(argc - 1, argv + 1); /* render, generate, import */
  if (studio >= 0) return studio;
  for (int i = 2; i < argc; i++) {
    if (!strcmp(argv[i], "--")) break;
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      print_help(stdout); /* one page covers every design command */
      return CLI_EXIT_OK;
    }
  }
  if (!strcmp(sub, "edit")) return cmd_edit(argc - 1, argv + 1);
  if (!strcmp(sub, "check")) return cmd_check(argc - 1, argv + 1);
  if (!strcmp(sub, "fix")) return cmd_fix(argc - 1, argv + 1);
  if (!strcmp(sub, "test")) return cmd_test(argc - 1, argv + 1);
  if (!strcmp(sub, "bench")) return cmd_bench(argc - 1, argv + 1);
  return cli_usage_error("design", "unknown subcommand '%s'", sub);
}
