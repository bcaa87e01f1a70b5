/*
 * cmd_design_studio.h - the studio subcommands of `tessera design` (render,
 * generate, import; cmd_design_studio.c and friends) and what they share
 * with cmd_design.c.
 *
 * Every function returns a process exit code (0 / 1 / 2, see commands.h)
 * and prints its own messages as "tessera design CMD: ...".
 */
#ifndef TESSERA_CMD_DESIGN_STUDIO_H
#define TESSERA_CMD_DESIGN_STUDIO_H

#include <stdbool.h>
#include <stddef.h>

#include "tessera/design_studio.h"

/* Runs `design SUB ...` (argv[0] = SUB) when SUB is a studio subcommand;
 * returns -1 for any other SUB. */
int cmd_design_studio_main(int argc, char **argv);
int cmd_design_render(int argc, char **argv);
int cmd_design_generate(int argc, char **argv);
int cmd_design_import(int argc, char **argv);

/* cmd_design.c: loads and validates a blueprint file; NULL with every
 * problem printed as "FILE: path: message" and *exit_code = 2. */
design_blueprint *cmd_design_load(const char *cmd, const char *path, int *exit_code);

/* Prints a library error as "tessera CMD: SOURCE: path: message"; returns
 * 2 (bad input, too large) or 1 (out of memory). */
int cli_design_studio_error(const char *cmd, const char *source, const design_error *err);
/* Writes bytes whole or not at all; returns 0, or 1 with the reason printed. */
int cli_design_write_bytes(const char *cmd, const char *path, const void *data, size_t len);
/* Writes a file set as the folder `dir`, whole or not at all (cmd_design_folder.c). */
int cli_design_write_folder(const char *cmd, const char *dir, const design_files *files, bool force);

/* Checks every line of a `design test` corpus (cmd_design_corpus.c); each
 * problem printed as "tessera CMD: FILE:LINE: ..."; returns 0, or 2 when
 * any line is malformed. */
int cli_design_check_corpus(const char *cmd, const char *path, const char *text, size_t len);

#endif
