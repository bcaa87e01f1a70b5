/*
 * lexer.h - tokens of the solver-file subset of Python (lang layer only).
 *
 * The lexer reads source text it does not own (the caller keeps it alive)
 * and produces one token at a time. Like Python it joins lines inside
 * parentheses, skips blank and comment lines, and marks the first token of
 * each logical line with its indentation. Errors are written into the diag
 * passed to tl_lex_next as "file:line:col: message" and give T_ERROR.
 */
#ifndef TESSERA_LANG_LEXER_H
#define TESSERA_LANG_LEXER_H

#include "tessera/lang.h"

/* Lines are generous because inlined solvers (one nested expression per
 * program, as search pipelines write them) reach 20 KB for the reference
 * solvers; the limit only guards against runaway input. */
#define TL_MAX_LINE (1 << 20) /* bytes per physical line */
#define TL_MAX_IDENT 128     /* bytes per identifier */
#define TL_MAX_DEPTH 64      /* parenthesis nesting */

typedef enum tl_tok_kind {
  T_EOF, T_NEWLINE, T_IDENT, T_INT, T_LPAREN, T_RPAREN, T_COMMA, T_EQUALS, T_COLON,
  T_MINUS, T_OTHER, T_ERROR,
} tl_tok_kind;

typedef struct tl_token {
  tl_tok_kind kind;
  const char *start;
  size_t len;
  int line, col;
  int indent;       /* columns of indentation when line_start */
  bool line_start;  /* first token of a logical line */
  int64_t value;    /* T_INT */
} tl_token;

typedef struct tl_lexer {
  const char *file;
  const char *text;
  size_t len, pos, line_pos; /* line_pos: offset where the current line starts */
  int line;
  int depth;
  bool at_line_start;
} tl_lexer;

void tl_lex_init(tl_lexer *lx, const char *file, const char *text, size_t len);
/* Checks the whole text once: valid UTF-8, no NUL bytes, no over-long line.
 * Returns false with diag set. */
bool tl_lex_validate(const tl_lexer *lx, tl_diag *diag);
tl_token tl_lex_next(tl_lexer *lx, tl_diag *diag);
/* Writes "file:line:col: message" into diag. */
void tl_diag_set(tl_diag *diag, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#endif
