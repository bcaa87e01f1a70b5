/*
 * cmd_design.c - `tessera design`: edit, check, fix, test, bench and
 * generate on UI blueprints (docs/DESIGN.md).
 *
 * edit prints the result JSON on stdout whatever the status, invalid input
 * included, and exits 0 / 1 / 2 as SPEC section 3 says. -o writes the new
 * blueprint to a file, -i replaces the input; both whole or not at all
 * (cli_output: a symbolic link stays a link and gets the content, a file
 * keeps its mode, a killed run leaves nothing behind). Running out of
 * memory, or failing to write, exits 1 with the reason. bench loads the
 * blueprint once (or generates one) and times design_edit (parse, plan,
 * execute, verify, result model); with --json it also times writing the
 * result document. Medians in microseconds.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "cli_util.h"
#include "cmd_design_studio.h"
#include "commands.h"
#include "tessera/clock.h"
#include "tessera/design.h"
#include "tessera/readfile.h"

#include <jansson.h>

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
        "  bench BLUEPRINT|--generate N --commands FILE [--repeat N] [--no-cache] [--json]\n"
        "        time each command on a blueprint or on a generated one of N\n"
        "        components; prints medians, peak memory, and a last line median_us=X\n"
        "        (--json: the report as JSON, the timings including the result JSON)\n"
        "  generate N [-o FILE]      write a valid generated blueprint of N components\n"
        "  generate BLUEPRINT --react DIR | --html FILE\n"
        "        the screen as a React project or one HTML page (design generate --help)\n"
        "  render BLUEPRINT --png FILE   draw the screen (design render --help)\n"
        "  import IMAGE.png [-o BLUEPRINT]   a screenshot or mock-up as a blueprint\n"
        "\n"
        "Options:\n"
        "  -o, --output FILE   write the resulting blueprint to FILE\n"
        "  -i, --in-place      replace BLUEPRINT with the result\n"
        "      --partial       keep the steps before the first failure\n"
        "  -h, --help          show this help\n",
        out);
}

/* Each subcommand's own page (GNU style: usage, what it does, every option). */
static const char *const SUB_HELP[][2] = {
    {"design edit",
     "Usage: tessera design edit BLUEPRINT \"COMMAND\" [--partial] [-o FILE | -i]\n"
     "\n"
     "Applies a plain-English command (\"make the button red and bigger\") to the blueprint and\n"
     "prints the result JSON (status, blueprint, steps, changes, violations, message, confidence).\n"
     "Atomic: all steps or none; an edit that brings in a violation is refused.\n"
     "\n"
     "  -o, --output FILE   write the new blueprint to FILE (whole or not at all)\n"
     "  -i, --in-place      replace BLUEPRINT with the new blueprint\n"
     "      --partial       keep the steps before the first failure (status partial)\n"
     "  -h, --help          show this help\n"
     "\n"
     "Exit status: 0 success, 1 refused (failed, conflict, ambiguous, partial) or a write\n"
     "that failed, 2 bad input or usage.\n"},
    {"design check",
     "Usage: tessera design check BLUEPRINT\n"
     "\n"
     "Lists the blueprint's violations (schema, bounds, overlap, min_height, font_size,\n"
     "contrast, ids) as JSON; at most 1000 are listed, \"violations_unlisted\" counts the rest.\n"
     "\n"
     "  -h, --help          show this help\n"
     "\n"
     "Exit status: 0 no violations, 1 some, 2 an invalid blueprint or usage.\n"},
    {"design fix",
     "Usage: tessera design fix BLUEPRINT [-o FILE | -i]\n"
     "\n"
     "Autocorrects (SPEC section 4): base_spacing snapped to 8, buttons grown to 44 high with\n"
     "reflow, product cards aspect 1.0, font sizes raised to 12, failing text colours set to\n"
     "black or white. Prints the result JSON with the changes and what remains.\n"
     "\n"
     "  -o, --output FILE   write the fixed blueprint to FILE (whole or not at all)\n"
     "  -i, --in-place      replace BLUEPRINT with the fixed blueprint\n"
     "  -h, --help          show this help\n"
     "\n"
     "Exit status: 0 done, 1 a write that failed, 2 bad input or usage.\n"},
    {"design test",
     "Usage: tessera design test CORPUS.jsonl --blueprints DIR\n"
     "\n"
     "Runs an acceptance corpus (SPEC section 5: one JSON case a line) and prints each failure\n"
     "and a last line \"N passed, M failed\". Every line is checked first; a malformed one is\n"
     "named as CORPUS:LINE and nothing runs.\n"
     "\n"
     "      --blueprints DIR   the folder of the blueprints the cases name\n"
     "  -h, --help             show this help\n"
     "\n"
     "Exit status: 0 all passed, 1 some failed, 2 a malformed corpus or usage.\n"},
    {"design bench",
     "Usage: tessera design bench (BLUEPRINT | --generate N) --commands FILE [--repeat N]\n"
     "                            [--no-cache] [--json]\n"
     "\n"
     "Times each command of FILE (one a line; # comments) on the blueprint, or on a generated\n"
     "one of N components, and prints per command its median in microseconds and status, then\n"
     "totals, peak memory and a last line median_us=X.\n"
     "\n"
     "      --commands FILE   the commands to time\n"
     "      --generate N      bench a generated blueprint of N components (0..10000000)\n"
     "      --repeat N        timed runs per command (default 1000)\n"
     "      --no-cache        plan every command afresh (no plan cache)\n"
     "      --json            also time writing the result JSON, and print the report as one\n"
     "                        JSON document instead of text\n"
     "  -h, --help            show this help\n"
     "\n"
     "Exit status: 0 done, 1 out of memory, 2 bad input or usage.\n"},
};

static void print_sub_help(const char *cmd, FILE *out) {
  for (size_t i = 0; i < sizeof SUB_HELP / sizeof SUB_HELP[0]; i++)
    if (!strcmp(cmd, SUB_HELP[i][0])) {
      fputs(SUB_HELP[i][1], out);
      return;
    }
  print_help(out);
}

/* ---- options --------------------------------------------------------------- */

enum {
  OPT_PARTIAL = 256, OPT_BLUEPRINTS, OPT_COMMANDS, OPT_REPEAT, OPT_GENERATE, OPT_NO_CACHE, OPT_JSON
};

typedef struct design_args {
  const char *out_path, *blueprints, *commands;
  bool in_place, partial, cache, json;
  long repeat, generate;
  char **operands;
  int operand_count;
} design_args;

/* Options of every design subcommand in one table; each subcommand then
 * refuses the ones it has no use for. Returns -1, or the exit status. */
static int parse_args(const char *cmd, int argc, char **argv, design_args *a) {
  static const struct option options[] = {
      {"output", required_argument, NULL, 'o'}, {"in-place", no_argument, NULL, 'i'},
      {"partial", no_argument, NULL, OPT_PARTIAL}, {"blueprints", required_argument, NULL, OPT_BLUEPRINTS},
      {"commands", required_argument, NULL, OPT_COMMANDS}, {"repeat", required_argument, NULL, OPT_REPEAT},
      {"generate", required_argument, NULL, OPT_GENERATE}, {"no-cache", no_argument, NULL, OPT_NO_CACHE},
      {"json", no_argument, NULL, OPT_JSON}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0},
  };
  memset(a, 0, sizeof *a);
  a->cache = true;
  a->repeat = 1000;
  a->generate = -1;
  tc_opt_parser p;
  tc_opt_init(&p, argc, argv, "o:ih", options);
  int opt, status;
  while ((opt = tc_opt_next(&p)) != -1) {
    switch (opt) {
    case 'h': print_sub_help(cmd, stdout); return CLI_EXIT_OK;
    case '?': return cli_bad_option(cmd, &p);
    case 'o': a->out_path = p.arg; break;
    case 'i': a->in_place = true; break;
    case OPT_PARTIAL: a->partial = true; break;
    case OPT_BLUEPRINTS: a->blueprints = p.arg; break;
    case OPT_COMMANDS: a->commands = p.arg; break;
    case OPT_NO_CACHE: a->cache = false; break;
    case OPT_JSON: a->json = true; break;
    case OPT_REPEAT:
      if ((status = cli_number_option(cmd, "--repeat", p.arg, 1, 10000000, "1..10000000", &a->repeat)) >= 0)
        return status;
      break;
    default: /* OPT_GENERATE */
      if ((status = cli_number_option(cmd, "--generate", p.arg, 0, 10000000, "0..10000000 components",
                                      &a->generate)) >= 0)
        return status;
    }
  }
  a->operands = argv + tc_opt_operands(&p);
  a->operand_count = argc - tc_opt_operands(&p);
  if (a->out_path && a->in_place) return cli_usage_error(cmd, "-o and -i cannot be used together");
  return -1;
}

/* Refuses options meant for other subcommands and a wrong operand count. */
static int expect(const char *cmd, const design_args *a, int operands, bool writes, bool partial) {
  if (a->operand_count < operands) return cli_usage_error(cmd, "missing arguments");
  if (a->operand_count > operands) return cli_usage_error(cmd, "unexpected argument '%s'", a->operands[operands]);
  if (!writes && (a->out_path || a->in_place)) return cli_usage_error(cmd, "this command does not write files");
  if (!partial && a->partial) return cli_usage_error(cmd, "--partial is an option of design edit");
  if (a->blueprints || a->commands || a->generate >= 0 || !a->cache || a->json || a->repeat != 1000)
    return cli_usage_error(cmd, "an option of design test or design bench was given");
  return -1;
}

/* ---- files ----------------------------------------------------------------- */

/* A whole text file; NULL with the message printed (exit 2: bad input). */
static char *read_input(const char *cmd, const char *path, size_t *len) {
  char why[1200];
  char *text = tc_read_file(path, 0, len, why, sizeof why);
  if (!text) cli_fail(CLI_EXIT_USAGE, cmd, "%s", why);
  return text;
}

static void print_invalid_result(const char *text, size_t len, const design_problems *problems,
                                 const char *message) {
  char *out = design_invalid_result_json(text, len, problems, message);
  if (out) fputs(out, stdout);
  free(out);
}

/* The library names the document "blueprint" ("blueprint:1:48: invalid
 * JSON", "blueprint: must be a JSON object"); people need the file:
 * "FILE:1:48: ...", "FILE: must be ...", "FILE: components[2].bbox: ...". */
static void print_problem(const char *path, const char *problem) {
  if (!strncmp(problem, "blueprint:", 10)) fprintf(stderr, "%s:%s\n", path, problem + 10);
  else fprintf(stderr, "%s: %s\n", path, problem);
}

/* Loads a blueprint file; on failure prints the invalid result (when
 * `print_invalid`) and returns NULL with *exit_code set: 2 for a file that
 * cannot be read or is invalid, 1 when memory ran out. */
static design_blueprint *load_blueprint(const char *cmd, const char *path, bool print_invalid, int *exit_code) {
  size_t len = 0;
  char *text = read_input(cmd, path, &len);
  if (!text) {
    *exit_code = CLI_EXIT_USAGE;
    if (print_invalid) print_invalid_result(NULL, 0, NULL, "the blueprint file cannot be read");
    return NULL;
  }
  design_problems problems = {0};
  design_blueprint *bp = design_blueprint_load(text, len, &problems);
  if (!bp) {
    bool memory = problems.code == DESIGN_ERR_MEMORY;
    for (size_t i = 0; i < problems.count; i++) print_problem(path, problems.items[i]);
    if (memory) *exit_code = cli_fail(CLI_EXIT_FAILURE, cmd, "%s: out of memory", path);
    else *exit_code = CLI_EXIT_USAGE;
    if (print_invalid && !memory) print_invalid_result(text, len, &problems, "the blueprint is invalid");
  }
  design_problems_free(&problems);
  free(text);
  return bp;
}

design_blueprint *cmd_design_load(const char *cmd, const char *path, int *exit_code) {
  return load_blueprint(cmd, path, false, exit_code);
}

/* -o / -i: the resulting blueprint, whole or not at all. */
static int save_blueprint(const char *cmd, const design_args *a, const char *input_path, const design_result *r) {
  const char *target = a->in_place ? input_path : a->out_path;
  if (!target) return CLI_EXIT_OK;
  char *text = design_result_blueprint_json(r);
  if (!text) return cli_fail(CLI_EXIT_FAILURE, cmd, "%s: not written: out of memory", target);
  int status = cli_write_file(cmd, target, text, strlen(text));
  free(text);
  return status;
}

/* Prints the result document; its exit status, or 1 when memory ran out. */
static int print_result(const char *cmd, const design_result *r, int status) {
  char *json = r ? design_result_json(r) : NULL;
  if (json) fputs(json, stdout);
  free(json);
  if (!r || !json || design_result_out_of_memory(r)) return cli_fail(CLI_EXIT_FAILURE, cmd, "out of memory");
  if (fflush(stdout) != 0) return cli_fail(CLI_EXIT_FAILURE, cmd, "cannot write the result: %s", strerror(errno));
  return status;
}

/* ---- edit, check, fix -------------------------------------------------------- */

typedef enum { RUN_EDIT, RUN_CHECK, RUN_FIX } run_kind;

static int run_one(const char *cmd, run_kind kind, const design_args *a) {
  int exit_code = 0;
  const char *path = a->operands[0];
  design_blueprint *bp = load_blueprint(cmd, path, true, &exit_code);
  if (!bp) return exit_code;
  design_engine *e = design_engine_new(0);
  const design_result *r = NULL;
  if (e && kind == RUN_EDIT) {
    design_edit_options opts = {a->partial};
    r = design_edit(e, bp, a->operands[1], &opts);
  } else if (e) r = kind == RUN_CHECK ? design_check(e, bp) : design_fix(e, bp);
  design_status st = design_result_status(r);
  int status = kind == RUN_EDIT ? design_status_exit_code(st)
               : kind == RUN_CHECK ? (design_result_violation_count(r) ? CLI_EXIT_FAILURE : CLI_EXIT_OK)
                                   : CLI_EXIT_OK;
  exit_code = print_result(cmd, r, status);
  bool keep = r && !design_result_out_of_memory(r) && (st == DESIGN_SUCCESS || st == DESIGN_PARTIAL);
  if (keep && kind != RUN_CHECK) {
    int saved = save_blueprint(cmd, a, path, r);
    if (saved) exit_code = saved;
  }
  design_engine_free(e);
  design_blueprint_free(bp);
  return exit_code;
}

static int cmd_edit(int argc, char **argv) {
  design_args a;
  int rc = parse_args("design edit", argc, argv, &a);
  if (rc < 0) rc = expect("design edit", &a, 2, true, true);
  return rc >= 0 ? rc : run_one("design edit", RUN_EDIT, &a);
}

static int cmd_check(int argc, char **argv) {
  design_args a;
  int rc = parse_args("design check", argc, argv, &a);
  if (rc < 0) rc = expect("design check", &a, 1, false, false);
  return rc >= 0 ? rc : run_one("design check", RUN_CHECK, &a);
}

static int cmd_fix(int argc, char **argv) {
  design_args a;
  int rc = parse_args("design fix", argc, argv, &a);
  if (rc < 0) rc = expect("design fix", &a, 1, true, false);
  return rc >= 0 ? rc : run_one("design fix", RUN_FIX, &a);
}

/* ---- test -------------------------------------------------------------------- */

static void print_line(void *ctx, const char *line) {
  (void)ctx;
  puts(line);
}

/* A NUL byte cannot be in a JSON line or a command: refused with its line,
 * never a silent end of the file there. */
static bool refuse_nul(const char *cmd, const char *path, const char *text, size_t len, int *exit_code) {
  const unsigned char *u = (const unsigned char *)text;
  if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF) || (u[0] && !u[1]) || (!u[0] && u[1]))) {
    *exit_code = cli_fail(CLI_EXIT_USAGE, cmd, "%s: UTF-16 is not supported, save the file as UTF-8", path);
    return true;
  }
  const char *nul = memchr(text, 0, len);
  if (!nul) return false;
  int line = 1;
  for (const char *p = text; p < nul; p++) line += *p == '\n';
  *exit_code = cli_fail(CLI_EXIT_USAGE, cmd, "%s:%d: contains a NUL byte", path, line);
  return true;
}

static int cmd_test(int argc, char **argv) {
  const char *cmd = "design test";
  design_args a;
  int rc = parse_args(cmd, argc, argv, &a);
  if (rc >= 0) return rc;
  if (a.operand_count < 1) return cli_usage_error(cmd, "missing CORPUS.jsonl");
  if (a.operand_count > 1) return cli_usage_error(cmd, "unexpected argument '%s'", a.operands[1]);
  if (!a.blueprints) return cli_usage_error(cmd, "missing --blueprints DIR");
  size_t len;
  char *corpus = read_input(cmd, a.operands[0], &len);
  if (!corpus) return CLI_EXIT_USAGE;
  int exit_code = 0;
  if (refuse_nul(cmd, a.operands[0], corpus, len, &exit_code)) {
    free(corpus);
    return exit_code;
  }
  if ((exit_code = cli_design_check_corpus(cmd, a.operands[0], corpus, len)) != CLI_EXIT_OK) {
    free(corpus);
    return exit_code; /* nothing run: a malformed expectation would pass or fail for the wrong reason */
  }
  design_engine *e = design_engine_new(DEFAULT_CACHE);
  design_corpus_totals totals = {0, 0};
  bool ok = e && design_corpus_run(e, corpus, a.blueprints, print_line, NULL, &totals);
  printf("%d passed, %d failed\n", totals.passed, totals.failed);
  design_engine_free(e);
  free(corpus);
  if (!e) return cli_fail(CLI_EXIT_FAILURE, cmd, "out of memory");
  if (!ok) return CLI_EXIT_USAGE;
  return totals.failed ? CLI_EXIT_FAILURE : CLI_EXIT_OK;
}

/* ---- bench ------------------------------------------------------------------- */

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
  uint64_t t0 = tc_now_nanos();
  const design_result *r = design_edit(e, bp, command, NULL);
  if (with_json) free(design_result_json(r));
  return (double)(tc_now_nanos() - t0) / 1e3;
}

/* --json: the report as one JSON document (built with jansson, so every
 * command text is escaped), the same figures as the text lines. */
static int print_bench_json(json_t *report) {
  char *text = report ? json_dumps(report, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12)) : NULL;
  json_decref(report);
  if (!text) return cli_fail(CLI_EXIT_FAILURE, "design bench", "out of memory");
  int rc = puts(text) == EOF || fflush(stdout) != 0
               ? cli_fail(CLI_EXIT_FAILURE, "design bench", "cannot write the report: %s", strerror(errno))
               : CLI_EXIT_OK;
  free(text);
  return rc;
}

static int run_bench(design_blueprint *bp, const cli_strlist *commands, const design_args *a) {
  design_engine *e = design_engine_new(a->cache ? DEFAULT_CACHE : 0);
  size_t repeat = (size_t)a->repeat, total = commands->count * repeat;
  double *all = malloc((total ? total : 1) * sizeof *all);
  double *one = malloc(repeat * sizeof *one);
  if (!e || !all || !one) {
    design_engine_free(e);
    free(all);
    free(one);
    return cli_fail(CLI_EXIT_FAILURE, "design bench", "out of memory");
  }
  size_t k = 0, max_bytes = 0;
  json_t *report = a->json ? json_object() : NULL, *rows = a->json ? json_array() : NULL;
  for (size_t c = 0; c < commands->count; c++) {
    timed_edit(e, bp, commands->items[c], a->json); /* warm-up */
    for (size_t r = 0; r < repeat; r++) {
      one[r] = timed_edit(e, bp, commands->items[c], a->json);
      all[k++] = one[r];
    }
    const design_result *res = design_edit(e, bp, commands->items[c], NULL);
    if (design_engine_last_bytes(e) > max_bytes) max_bytes = design_engine_last_bytes(e);
    const char *status = design_status_name(design_result_status(res));
    double med = median(one, repeat);
    if (rows) {
      json_t *text = json_string(commands->items[c]);
      if (!text) { /* not UTF-8: shown with a U+FFFD per byte outside ASCII, as JSON cannot hold it */
        char *clean = malloc(strlen(commands->items[c]) * 3 + 1), *o = clean;
        for (const unsigned char *p = (const unsigned char *)commands->items[c]; clean && *p; p++)
          if (*p < 0x80) *o++ = (char)*p;
          else o += sprintf(o, "\xEF\xBF\xBD");
        if (clean) *o = 0;
        text = clean ? json_string(clean) : NULL;
        free(clean);
      }
      json_array_append_new(rows, json_pack("{s:o*, s:s, s:f}", "command", text, "status", status, "median_us", round(med * 100) / 100));
    }
    else printf("%8.2f us  %-9s %s\n", med, status, commands->items[c]);
  }
  uint64_t hits, misses;
  design_engine_cache_stats(e, &hits, &misses);
  struct rusage usage;
  long rss_kb = getrusage(RUSAGE_SELF, &usage) == 0 ? usage.ru_maxrss : -1;
  double overall = total ? median(all, total) : 0.0;
  int rc = CLI_EXIT_OK;
  if (report) {
    json_object_set_new(report, "commands", rows);
    json_object_set_new(report, "repeat", json_integer((json_int_t)repeat));
    json_object_set_new(report, "cache", json_boolean(a->cache));
    json_object_set_new(report, "json", json_true());
    json_object_set_new(report, "hits", json_integer((json_int_t)hits));
    json_object_set_new(report, "misses", json_integer((json_int_t)misses));
    json_object_set_new(report, "components", json_integer((json_int_t)design_blueprint_component_count(bp)));
    json_object_set_new(report, "peak_rss_kb", json_integer(rss_kb));
    json_object_set_new(report, "max_edit_bytes", json_integer((json_int_t)max_bytes));
    json_object_set_new(report, "median_us", json_real(round(overall * 100) / 100));
    rc = print_bench_json(report);
  } else {
    printf("commands=%zu repeat=%zu cache=%s json=off hits=%llu misses=%llu\n", commands->count, repeat,
           a->cache ? "on" : "off", (unsigned long long)hits, (unsigned long long)misses);
    printf("components=%zu peak_rss_kb=%ld max_edit_bytes=%zu\n", design_blueprint_component_count(bp), rss_kb,
           max_bytes);
    printf("median_us=%.2f\n", overall);
  }
  design_engine_free(e);
  free(all);
  free(one);
  return rc;
}

/* One command a line; blank lines and lines starting with # are skipped; a
 * UTF-8 byte-order mark at the start is skipped, as for blueprints. */
static bool read_commands(const char *cmd, const char *path, cli_strlist *out, int *exit_code) {
  size_t len = 0;
  char *text = read_input(cmd, path, &len);
  if (!text) {
    *exit_code = CLI_EXIT_USAGE;
    return false;
  }
  if (refuse_nul(cmd, path, text, len, exit_code)) {
    free(text);
    return false;
  }
  size_t at = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  while (at < len) {
    char *line = text + at, *eol = memchr(line, '\n', len - at);
    size_t n = eol ? (size_t)(eol - line) : len - at;
    at += n + 1;
    while (n && (line[n - 1] == '\r' || line[n - 1] == ' ')) n--;
    line[n] = 0;
    if (n && line[0] != '#' && !cli_strlist_push(out, line)) {
      *exit_code = cli_fail(CLI_EXIT_FAILURE, cmd, "out of memory");
      free(text);
      return false;
    }
  }
  free(text);
  return true;
}

/* The blueprint to bench: a file, or a generated one of N components. */
static design_blueprint *bench_blueprint(const char *cmd, const design_args *a, int *exit_code) {
  if (a->generate < 0) return load_blueprint(cmd, a->operands[0], false, exit_code);
  char *text = design_generate_blueprint((size_t)a->generate);
  design_blueprint *bp = text ? design_blueprint_load(text, strlen(text), NULL) : NULL;
  free(text);
  if (!bp) *exit_code = cli_fail(CLI_EXIT_FAILURE, cmd, "out of memory generating %ld components", a->generate);
  return bp;
}

static int cmd_bench(int argc, char **argv) {
  const char *cmd = "design bench";
  design_args a;
  int rc = parse_args(cmd, argc, argv, &a);
  if (rc >= 0) return rc;
  if ((a.operand_count == 1) == (a.generate >= 0) || a.operand_count > 1 || !a.commands)
    return cli_usage_error(cmd, "usage: bench BLUEPRINT|--generate N --commands FILE");
  if (a.out_path || a.in_place || a.partial || a.blueprints)
    return cli_usage_error(cmd, "an option of another design command was given");
  cli_strlist commands = {0};
  int exit_code = 0;
  if (!read_commands(cmd, a.commands, &commands, &exit_code)) {
    cli_strlist_free(&commands);
    return exit_code;
  }
  if (!commands.count) {
    cli_strlist_free(&commands);
    return cli_fail(CLI_EXIT_USAGE, cmd, "%s holds no commands", a.commands);
  }
  design_blueprint *bp = bench_blueprint(cmd, &a, &exit_code);
  if (bp) {
    exit_code = run_bench(bp, &commands, &a);
    design_blueprint_free(bp);
  }
  cli_strlist_free(&commands);
  return exit_code;
}

/* ---- generate ---------------------------------------------------------------- */

static int cmd_generate(int argc, char **argv) {
  const char *cmd = "design generate";
  design_args a;
  int rc = parse_args(cmd, argc, argv, &a);
  if (rc < 0) rc = expect(cmd, &a, 1, true, false);
  if (rc >= 0) return rc;
  long n;
  if (!tc_parse_long(a.operands[0], 0, 10000000, &n))
    return cli_usage_error(cmd, "N: expected 0..10000000 components, got '%s'", a.operands[0]);
  if (a.in_place) return cli_usage_error(cmd, "generate writes to stdout or -o FILE");
  char *text = design_generate_blueprint((size_t)n);
  if (!text) return cli_fail(CLI_EXIT_FAILURE, cmd, "out of memory");
  int exit_code = CLI_EXIT_OK;
  if (a.out_path) exit_code = cli_write_file(cmd, a.out_path, text, strlen(text));
  else if (fputs(text, stdout) == EOF || fflush(stdout) != 0)
    exit_code = cli_fail(CLI_EXIT_FAILURE, cmd, "cannot write the output: %s", strerror(errno));
  free(text);
  return exit_code;
}

int cmd_design_main(int argc, char **argv) {
  if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
    print_help(argc < 2 ? stderr : stdout);
    return argc < 2 ? CLI_EXIT_USAGE : CLI_EXIT_OK;
  }
  const char *sub = argv[1];
  int studio = cmd_design_studio_main(argc - 1, argv + 1); /* render, generate --react/--html, import */
  if (studio >= 0) return studio;
  if (!strcmp(sub, "edit")) return cmd_edit(argc - 1, argv + 1);
  if (!strcmp(sub, "check")) return cmd_check(argc - 1, argv + 1);
  if (!strcmp(sub, "fix")) return cmd_fix(argc - 1, argv + 1);
  if (!strcmp(sub, "test")) return cmd_test(argc - 1, argv + 1);
  if (!strcmp(sub, "bench")) return cmd_bench(argc - 1, argv + 1);
  if (!strcmp(sub, "generate")) return cmd_generate(argc - 1, argv + 1);
  return cli_usage_error("design", "unknown subcommand '%s'", sub);
}
