/*
 * json.h - the JSON rules every reader and writer of the project shares.
 *
 * Writing strings. tc_json_string and tc_json_fputs write a quoted JSON
 * string for ANY byte string: '"', '\\' and control characters are escaped,
 * valid UTF-8 is copied as is, and every byte that is not part of a valid
 * UTF-8 sequence becomes U+FFFD. So output is valid JSON (RFC 8259 requires
 * UTF-8) even when a file name or a message carries Latin-1 bytes.
 *
 * Reading documents. tc_json_parse is the one rule for input files (tasks,
 * solutions, submissions, blueprints): a UTF-8 byte-order mark at the very
 * start is skipped (editors add it; it carries no content), a key that
 * appears twice in one object is an error (which of the two would count is
 * otherwise arbitrary), and errors read "LABEL:LINE:COL: invalid JSON: why"
 * with positions counted from 1.
 *
 * Ownership: tc_json_parse returns a new jansson reference (json_decref it).
 */
#ifndef TESSERA_JSON_H
#define TESSERA_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "tessera/text.h"

/* Appends s as a quoted JSON string. */
void tc_json_string(tc_text *t, const char *s);
/* Writes s as a quoted JSON string to f; false when writing failed. */
bool tc_json_fputs(FILE *f, const char *s);

/* Skips a leading UTF-8 byte-order mark: advances *text, shrinks *len. */
void tc_skip_bom(const char **text, size_t *len);

/* Parses `len` bytes of text (BOM skipped, duplicate keys refused). NULL
 * with "label:line:col: invalid JSON: ..." in err on failure. */
json_t *tc_json_parse(const char *label, const char *text, size_t len, char *err, size_t errlen);

#endif
