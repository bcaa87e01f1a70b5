/*
 * cmd_design_studio.c - `tessera design render | generate | import`: a
 * blueprint drawn as PNG, turned into a React project or an HTML file, and
 * a PNG turned back into a blueprint (docs/DESIGN.md, "Studio"; the
 * library is include/tessera/design_studio.h).
 *
 * Exit codes as the other design commands: 0 done, 1 the output could not
 * be written (with the reason), 2 bad usage or bad input (an invalid
 * blueprint names each JSON path, a bad image says what is wrong with it).
 * Files are written whole or not at all (cli_output); a project folder is
 * built in a temporary sibling folder and renamed into place
 * (cli_design_write_folder, cmd_design_folder.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "cmd_design_studio.h"
#include "tessera/design_studio.h"
#include "tessera/options.h"
#include "tessera/readfile.h"

static void render_help(FILE *out) {
  fputs("Usage: tessera design render BLUEPRINT --png FILE [--scale S] [--violations]\n"
        "                             [--placeholders] [--font-dir DIR]\n"
        "\n"
        "Draws the blueprint's screen as a PNG image: fills, outlines, text (DejaVu Sans when\n"
        "fonts-dejavu-core is installed, else a hollow box per character), image placeholders;\n"
        "hidden components are left out. The image is the viewport's width and as tall as the\n"
        "viewport or the lowest component, times the scale. Same blueprint, same bytes.\n"
        "\n"
        "  --png FILE        write the image here (whole or not at all)\n"
        "  --scale S         pixels per blueprint px, 0.25 to 8 (default 1)\n"
        "  --violations      frame every component of a violation (design check) in magenta\n"
        "  --placeholders    draw text as placeholders even when the font is there\n"
        "  --font-dir DIR    folder of DejaVuSans.ttf and DejaVuSans-Bold.ttf (default\n"
        "                    $TESSERA_FONT_DIR, else /usr/share/fonts/truetype/dejavu)\n"
        "  -h, --help        show this help\n"
        "\n"
        "Exit status: 0 written, 1 the file could not be written, 2 bad usage or blueprint.\n",
        out);
}

int cli_design_studio_error(const char *cmd, const char *source, const design_error *err) {
  int code = err->code == DESIGN_ERR_MEMORY ? CLI_EXIT_FAILURE : CLI_EXIT_USAGE;
  if (err->path[0]) return cli_fail(code, cmd, "%s: %s: %s", source, err->path, err->message);
  return cli_fail(code, cmd, "%s: %s", source, err->message);
}

int cli_design_write_bytes(const char *cmd, const char *path, const void *data, size_t len) {
  cli_output out;
  errno = 0;
  bool ok = cli_output_open(&out, path) && fwrite(data, 1, len, out.f) == len;
  int saved = errno;
  ok = cli_output_close(&out, ok);
  if (!ok) return cli_fail(CLI_EXIT_FAILURE, cmd, "cannot write %s: %s", path, strerror(saved ? saved : errno));
  return CLI_EXIT_OK;
}

static int render_usage(const char *fmt, const char *arg) {
  return cli_usage_error("design render", fmt, arg);
}

int cmd_design_render(int argc, char **argv) {
  static const struct option longopts[] = {{"png", required_argument, NULL, 'p'},
                                           {"scale", required_argument, NULL, 's'},
                                           {"violations", no_argument, NULL, 'v'},
                                           {"placeholders", no_argument, NULL, 'P'},
                                           {"font-dir", required_argument, NULL, 'f'},
                                           {"help", no_argument, NULL, 'h'},
                                           {0, 0, 0, 0}};
  const char *cmd = "design render", *png_path = NULL;
  design_render_options o = {.scale = 1};
  tc_opt_parser p;
  tc_opt_init(&p, argc, argv, "h", longopts);
  for (int opt; (opt = tc_opt_next(&p)) != -1;) {
    if (opt == '?') return render_usage("%s", p.message);
    if (opt == 'h') return render_help(stdout), CLI_EXIT_OK;
    if (opt == 'p') png_path = p.arg;
    if (opt == 's' && !tc_parse_double(p.arg, 0.25, 8, &o.scale))
      return render_usage("--scale: expected a number from 0.25 to 8, got '%s'", p.arg);
    if (opt == 'v') o.violations = true;
    if (opt == 'P') o.placeholders = true;
    if (opt == 'f') o.font_dir = p.arg;
  }
  int first = tc_opt_operands(&p);
  if (first >= argc) return render_usage("%s", "missing BLUEPRINT");
  if (first + 1 < argc) return render_usage("unexpected argument '%s'", argv[first + 1]);
  if (!png_path) return render_usage("%s", "missing --png FILE");
  int rc = CLI_EXIT_OK;
  design_blueprint *bp = cmd_design_load(cmd, argv[first], &rc);
  if (!bp) return rc;
  unsigned char *png = NULL;
  size_t len = 0;
  design_error err;
  if (design_render_png(bp, &o, &png, &len, &err)) rc = cli_design_write_bytes(cmd, png_path, png, len);
  else rc = cli_design_studio_error(cmd, argv[first], &err);
  free(png);
  design_blueprint_free(bp);
  return rc;
}

static void generate_help(FILE *out) {
  fputs("Usage: tessera design generate BLUEPRINT (--react DIR | --html FILE) [--force]\n"
        "\n"
        "Writes the screen as code: every component an element placed absolutely at its bbox,\n"
        "with its colours and font size, ids as data-id attributes, hidden components kept with\n"
        "the hidden attribute, all text escaped. Same blueprint, same bytes.\n"
        "\n"
        "  --react DIR   a React project: package.json, index.html, src/main.jsx, src/App.jsx,\n"
        "                src/tokens.js, src/styles.css, src/components/<Type>.jsx\n"
        "                (npm install && npm run build, then open index.html)\n"
        "  --html FILE   one static HTML page with its CSS\n"
        "  --force       write into a non-empty DIR (otherwise refused): the generated\n"
        "                files are replaced, each whole; every other file is kept\n"
        "  -h, --help    show this help\n"
        "\n"
        "Without --react or --html, `tessera design generate N [-o FILE]` writes a generated\n"
        "blueprint of N components instead (see tessera design --help).\n"
        "\n"
        "Files and folders appear whole or not at all (built beside the target, then renamed).\n"
        "Nothing that this run did not create is ever removed.\n"
        "Exit status: 0 written, 1 the output could not be written, 2 bad usage or blueprint.\n",
        out);
}

static int write_generated(const char *cmd, const design_blueprint *bp, const char *source, const char *react_dir,
                           const char *html_path, bool force) {
  design_error err;
  if (html_path) {
    size_t len = 0;
    char *html = design_generate_html(bp, &len, &err);
    int rc = html ? cli_design_write_bytes(cmd, html_path, html, len) : cli_design_studio_error(cmd, source, &err);
    free(html);
    return rc;
  }
  design_files files;
  if (!design_generate_react(bp, &files, &err)) return cli_design_studio_error(cmd, source, &err);
  int rc = cli_design_write_folder(cmd, react_dir, &files, force);
  design_files_free(&files);
  return rc;
}

int cmd_design_generate(int argc, char **argv) {
  static const struct option longopts[] = {{"react", required_argument, NULL, 'r'},
                                           {"html", required_argument, NULL, 'H'},
                                           {"force", no_argument, NULL, 'f'},
                                           {"help", no_argument, NULL, 'h'},
                                           {0, 0, 0, 0}};
  const char *cmd = "design generate", *react_dir = NULL, *html_path = NULL;
  bool force = false;
  tc_opt_parser p;
  tc_opt_init(&p, argc, argv, "h", longopts);
  for (int opt; (opt = tc_opt_next(&p)) != -1;) {
    if (opt == '?') return cli_usage_error(cmd, "%s", p.message);
    if (opt == 'h') return generate_help(stdout), CLI_EXIT_OK;
    if (opt == 'r') react_dir = p.arg;
    if (opt == 'H') html_path = p.arg;
    if (opt == 'f') force = true;
  }
  int first = tc_opt_operands(&p);
  if (first >= argc) return cli_usage_error(cmd, "missing BLUEPRINT");
  if (first + 1 < argc) return cli_usage_error(cmd, "unexpected argument '%s'", argv[first + 1]);
  if (!react_dir == !html_path) return cli_usage_error(cmd, "give one of --react DIR or --html FILE");
  if (react_dir && !*react_dir) return cli_usage_error(cmd, "--react needs a folder name");
  int rc = CLI_EXIT_OK;
  design_blueprint *bp = cmd_design_load(cmd, argv[first], &rc);
  if (!bp) return rc;
  rc = write_generated(cmd, bp, argv[first], react_dir, html_path, force);
  design_blueprint_free(bp);
  return rc;
}

static void import_help(FILE *out) {
  fputs("Usage: tessera design import IMAGE.png [-o BLUEPRINT] [--scale S] [--screen-id ID]\n"
        "\n"
        "Turns a screenshot or a flat mock-up into a blueprint: colours quantised to the\n"
        "image's solid colours, regions found and classified (bars, hero, footer, buttons,\n"
        "fields, cards, product cards, images, icons, dividers, text lines grouped into\n"
        "titles, headings, lists, links, text), then autocorrected as `design fix` does.\n"
        "Text is not read (no OCR): components keep their colours and font sizes.\n"
        "Prints the blueprint on stdout, or writes it with -o (whole or not at all).\n"
        "\n"
        "  -o, --output FILE   write the blueprint here\n"
        "  --scale S           image pixels per blueprint px (2 for a @2x screenshot)\n"
        "  --screen-id ID      the blueprint's screen_id (default \"imported\")\n"
        "  -h, --help          show this help\n"
        "\n"
        "Images over 16384 pixels a side or 16,777,216 pixels are refused.\n"
        "Exit status: 0 done, 1 the output could not be written, 2 bad usage or a bad image.\n",
        out);
}

#define IMPORT_FILE_LIMIT ((size_t)256 << 20)

int cmd_design_import(int argc, char **argv) {
  static const struct option longopts[] = {{"output", required_argument, NULL, 'o'},
                                           {"scale", required_argument, NULL, 's'},
                                           {"screen-id", required_argument, NULL, 'i'},
                                           {"help", no_argument, NULL, 'h'},
                                           {0, 0, 0, 0}};
  const char *cmd = "design import", *out_path = NULL;
  design_import_options o = {.scale = 1, .screen_id = "imported"};
  tc_opt_parser p;
  tc_opt_init(&p, argc, argv, "ho:", longopts);
  for (int opt; (opt = tc_opt_next(&p)) != -1;) {
    if (opt == '?') return cli_usage_error(cmd, "%s", p.message);
    if (opt == 'h') return import_help(stdout), CLI_EXIT_OK;
    if (opt == 'o') out_path = p.arg;
    if (opt == 's' && !tc_parse_double(p.arg, 0.25, 8, &o.scale))
      return cli_usage_error(cmd, "--scale: expected a number from 0.25 to 8, got '%s'", p.arg);
    if (opt == 'i') o.screen_id = p.arg;
  }
  int first = tc_opt_operands(&p);
  if (first >= argc) return cli_usage_error(cmd, "missing IMAGE.png");
  if (first + 1 < argc) return cli_usage_error(cmd, "unexpected argument '%s'", argv[first + 1]);
  char why[512];
  size_t len = 0;
  unsigned char *png = (unsigned char *)tc_read_file(argv[first], IMPORT_FILE_LIMIT, &len, why, sizeof why);
  if (!png) return cli_fail(CLI_EXIT_USAGE, cmd, "%s", why);
  design_error err;
  char *json = design_import_png(png, len, &o, &err);
  free(png);
  if (!json) return cli_design_studio_error(cmd, argv[first], &err);
  int rc = out_path ? cli_design_write_bytes(cmd, out_path, json, strlen(json)) : CLI_EXIT_OK;
  if (!out_path) fputs(json, stdout);
  free(json);
  return rc;
}

/* `design generate` is also the blueprint generator (`generate N`, in
 * cmd_design.c): code generation is the form with --react or --html (and
 * --help, whose page names both). */
static bool is_code_generation(int argc, char **argv) {
  for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
    if (!strncmp(argv[i], "--react", 7) || !strncmp(argv[i], "--html", 6) || !strcmp(argv[i], "--help") ||
        !strcmp(argv[i], "-h"))
      return true;
  return false;
}

int cmd_design_studio_main(int argc, char **argv) {
  const char *sub = argv[0];
  if (!strcmp(sub, "render")) return cmd_design_render(argc, argv);
  if (!strcmp(sub, "generate") && is_code_generation(argc, argv)) return cmd_design_generate(argc, argv);
  if (!strcmp(sub, "import")) return cmd_design_import(argc, argv);
  return -1;
}
