/*
 * parse.c - solver files to DAG nodes, in one pass.
 *
 * A recursive-descent parser over the lexer's tokens compiles each
 * expression straight into interned DAG nodes and checks it on the way:
 * names must be defined earlier in the def (or be a primitive or a
 * constant), primitive calls must have the primitive's arity, and each
 * argument's static kind mask must intersect the parameter's mask. Variables
 * map to node ids, so an alias `x = y` costs nothing and a call through a
 * variable that holds a bare primitive becomes an ordinary primitive call.
 *
 * Extension primitives (tessera_ext) are names of the library like the
 * arc-dsl ones, but a file sees them only after its line
 * `from tessera_ext import *`; before it they are unknown names, with a hint.
 *
 * Loading is all-or-nothing per file: on the first error the library is
 * truncated back to where the file started (nodes, arguments, programs).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include "tessera/fault.h"
#include "lang/lang_internal.h"
#include "lang/lexer.h"

#define NO_NODE UINT32_MAX
#define MAX_ARGS 64
#define MAX_FILE_BYTES ((size_t)64 << 20)

typedef struct parser {
  tl_library *lib;
  const char *file;
  tl_lexer lx;
  tl_token tok;
  tl_diag *diag;
  bool failed;
  bool ext_enabled;      /* `from tessera_ext import *` seen */
  tl_strmap env;         /* variables of the current def -> node id */
  tl_strmap def_lines;   /* functions of this source -> line of their def */
  uint32_t input_node;   /* the def's parameter */
  int stmt_line;         /* line of the statement being compiled */
  size_t stmt_pos;       /* source offset where that statement starts */
  uint32_t *line_nodes;  /* (node, line) pairs of the current def */
  int *line_of;
  size_t n_lines, cap_lines;
} parser;

#define KEYWORD(w) {w, sizeof w - 1}
static const struct keyword {
  const char *word;
  size_t len;
} python_keywords[] = {
    KEYWORD("False"), KEYWORD("None"), KEYWORD("True"), KEYWORD("and"), KEYWORD("as"),
    KEYWORD("assert"), KEYWORD("async"), KEYWORD("await"), KEYWORD("break"), KEYWORD("class"),
    KEYWORD("continue"), KEYWORD("def"), KEYWORD("del"), KEYWORD("elif"), KEYWORD("else"),
    KEYWORD("except"), KEYWORD("finally"), KEYWORD("for"), KEYWORD("from"), KEYWORD("global"),
    KEYWORD("if"), KEYWORD("import"), KEYWORD("in"), KEYWORD("is"), KEYWORD("lambda"),
    KEYWORD("nonlocal"), KEYWORD("not"), KEYWORD("or"), KEYWORD("pass"), KEYWORD("raise"),
    KEYWORD("return"), KEYWORD("try"), KEYWORD("while"), KEYWORD("with"), KEYWORD("yield"),
};

static bool tok_is(const tl_token *t, const char *word) {
  return t->kind == T_IDENT && t->len == strlen(word) && memcmp(t->start, word, t->len) == 0;
}

static bool is_keyword(const tl_token *t) {
  if (t->kind != T_IDENT || t->len > 8) return false;
  for (size_t k = 0; k < sizeof python_keywords / sizeof python_keywords[0]; k++)
    if (t->len == python_keywords[k].len && memcmp(t->start, python_keywords[k].word, t->len) == 0)
      return true;
  return false;
}

static void advance(parser *p) {
  if (p->failed) return;
  p->tok = tl_lex_next(&p->lx, p->diag);
  if (p->tok.kind == T_ERROR) p->failed = true;
}

static bool fail_at(parser *p, const tl_token *t, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static bool fail_at(parser *p, const tl_token *t, const char *fmt, ...) {
  if (p->failed) return false;
  char msg[400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  tl_diag_set(p->diag, p->file, t->line, t->col, "%s", msg);
  p->failed = true;
  return false;
}

static const char *describe_token(const tl_token *t) {
  switch (t->kind) {
    case T_EOF: return "end of file";
    case T_NEWLINE: return "end of line";
    case T_IDENT: return "name";
    case T_INT: return "integer";
    case T_LPAREN: return "'('";
    case T_RPAREN: return "')'";
    case T_COMMA: return "','";
    case T_EQUALS: return "'='";
    case T_COLON: return "':'";
    case T_MINUS: return "'-'";
    default: return "symbol";
  }
}

static bool expect(parser *p, tl_tok_kind kind, const char *what) {
  if (p->failed) return false;
  if (p->tok.kind != kind) {
    if (p->tok.kind == T_OTHER)
      return fail_at(p, &p->tok, "expected %s, found '%.*s'", what, (int)p->tok.len,
                     p->tok.start);
    return fail_at(p, &p->tok, "expected %s, found %s", what, describe_token(&p->tok));
  }
  advance(p);
  return !p->failed;
}

static bool at_statement_end(const parser *p) {
  return p->tok.kind == T_NEWLINE || p->tok.kind == T_EOF;
}

static bool expect_statement_end(parser *p) {
  if (p->failed) return false;
  if (!at_statement_end(p)) return expect(p, T_NEWLINE, "end of line");
  if (p->tok.kind == T_NEWLINE) advance(p);
  return !p->failed;
}

static uint32_t intern(parser *p, tl_op op, const tv_prim *prim, tv_val value, tv_type type,
                       size_t nargs, const uint32_t *args) {
  uint32_t id = tl_dag_intern(p->lib, op, prim, value, type, nargs, args);
  if (id == NO_NODE) fail_at(p, &p->tok, "out of memory");
  return id;
}

/* Remembers that the current statement computes node id (for error lines). */
static uint32_t record_line(parser *p, uint32_t id) {
  if (id == NO_NODE) return id;
  if (p->n_lines == p->cap_lines) {
    size_t cap = p->cap_lines ? p->cap_lines * 2 : 256;
    uint32_t *nodes = tc_realloc(p->line_nodes, cap * sizeof *nodes);
    if (nodes) p->line_nodes = nodes;
    int *lines = tc_realloc(p->line_of, cap * sizeof *lines);
    if (lines) p->line_of = lines;
    if (!nodes || !lines) {
      fail_at(p, &p->tok, "out of memory");
      return NO_NODE;
    }
    p->cap_lines = cap;
  }
  p->line_nodes[p->n_lines] = id;
  p->line_of[p->n_lines++] = p->stmt_line;
  return id;
}

static tv_type kind_type(tv_val v) { return (tv_type)(1u << tv_kind_of(v)); }

static uint32_t const_node(parser *p, tv_val v, const tv_prim *prim) {
  return intern(p, TL_OP_CONST, prim, v, prim ? TT_FUNC : kind_type(v), 0, NULL);
}

static const tl_node *node_of(const parser *p, uint32_t id) { return &p->lib->nodes[id]; }

/* A global visible to this file: extensions only after their import. */
static const tl_global *find_global(const parser *p, const char *name, size_t len) {
  const tl_global *g = tl_global_find(p->lib, name, len);
  return g && g->ext && !p->ext_enabled ? NULL : g;
}

/* ---- names -------------------------------------------------------------- */

/* Whether `name` is assigned in a later statement of the current def (then
 * the error is "used before definition" rather than "unknown name"). */
static int later_definition_line(const parser *p, const tl_token *name) {
  const char *s = p->lx.text, *end = p->lx.text + p->lx.len;
  const char *line = s + p->stmt_pos;
  for (int n = p->stmt_line; line < end; n++) {
    const char *q = line;
    while (q < end && (*q == ' ' || *q == '\t')) q++;
    bool blank = q == end || *q == '\n' || *q == '#' || *q == '\r';
    if (q == line && !blank && n > p->stmt_line) return 0; /* the def ended */
    if ((size_t)(end - q) > name->len && memcmp(q, name->start, name->len) == 0) {
      const char *r = q + name->len;
      while (r < end && (*r == ' ' || *r == '\t')) r++;
      if (r + 1 < end && r[0] == '=' && r[1] != '=') return n;
    }
    const char *nl = memchr(line, '\n', (size_t)(end - line));
    if (!nl) break;
    line = nl + 1;
  }
  return 0;
}

static uint32_t resolve_name(parser *p, const tl_token *name) {
  uint32_t id;
  if (tok_is(name, "True")) return const_node(p, TV_TRUE, NULL);
  if (tok_is(name, "False")) return const_node(p, TV_FALSE, NULL);
  if (tl_strmap_get(&p->env, name->start, name->len, &id)) return id;
  const tl_global *g = find_global(p, name->start, name->len);
  if (g) return const_node(p, g->value, g->prim);
  int later = later_definition_line(p, name);
  if (later)
    fail_at(p, name, "name '%.*s' is used before its definition on line %d", (int)name->len,
            name->start, later);
  else if (tl_global_find(p->lib, name->start, name->len))
    fail_at(p, name,
            "unknown name '%.*s': it is a tessera extension primitive; add the line "
            "'from tessera_ext import *' after 'from dsl import *'",
            (int)name->len, name->start);
  else
    fail_at(p, name, "unknown name '%.*s'", (int)name->len, name->start);
  return NO_NODE;
}

/* ---- expressions -------------------------------------------------------- */

static uint32_t parse_expr(parser *p);

/* Comma-separated expressions up to ')', which is consumed. */
static size_t parse_list(parser *p, uint32_t *items, tl_token *where, bool *trailing_comma) {
  size_t n = 0;
  *trailing_comma = false;
  while (!p->failed && p->tok.kind != T_RPAREN) {
    if (n == MAX_ARGS) {
      fail_at(p, &p->tok, "too many elements (limit %d)", MAX_ARGS);
      return 0;
    }
    where[n] = p->tok;
    items[n++] = parse_expr(p);
    *trailing_comma = false;
    if (p->failed || p->tok.kind != T_COMMA) break;
    *trailing_comma = true;
    advance(p);
  }
  expect(p, T_RPAREN, "',' or ')'");
  return n;
}

/* Static kinds a value of mask t may have at run time, for the check. */
static tv_type widen(tv_type t) {
  if (t & TT_NUM) t |= TT_NUM;         /* bools are ints in Python */
  if (t & TT_TUPLE) t |= TT_TUPLEISH;  /* a computed tuple may canonicalise */
  return t;
}

static bool check_prim_args(parser *p, const tv_prim *prim, const tl_token *callee,
                            size_t nargs, const uint32_t *args, const tl_token *where) {
  if (nargs != prim->arity)
    return fail_at(p, callee, "%s takes %d argument%s but %zu %s given", prim->name,
                   prim->arity, prim->arity == 1 ? "" : "s", nargs, nargs == 1 ? "was" : "were");
  for (size_t k = 0; k < nargs; k++) {
    tv_type have = node_of(p, args[k])->type, want = prim->params[k];
    if (want == 0 || (widen(have) & want)) continue;
    char have_s[128], want_s[128];
    tl_type_describe(have, have_s, sizeof have_s);
    tl_type_describe(want, want_s, sizeof want_s);
    return fail_at(p, &where[k], "argument %zu of %s must be %s, not %s", k + 1, prim->name,
                   want_s, have_s);
  }
  return true;
}

static bool check_callable(parser *p, uint32_t callee, const tl_token *t) {
  const tl_node *n = node_of(p, callee);
  if (n->type & TT_FUNC) return true;
  char kind[128];
  tl_type_describe(n->type, kind, sizeof kind);
  if (n->op == TL_OP_CONST && t->kind == T_IDENT && find_global(p, t->start, t->len))
    return fail_at(p, t, "'%.*s' is a constant (%s), not a function", (int)t->len, t->start,
                   kind);
  return fail_at(p, t, "this expression is not callable (its kind is %s)", kind);
}

static uint32_t prim_call(parser *p, const tv_prim *prim, const tl_token *callee_tok,
                          size_t nargs, const uint32_t *args, const tl_token *where) {
  if (!check_prim_args(p, prim, callee_tok, nargs, args, where)) return NO_NODE;
  tv_type result = prim->result ? prim->result : TT_ANY;
  return record_line(p, intern(p, TL_OP_CALL, prim, 0, result, nargs, args));
}

static uint32_t compile_call(parser *p, uint32_t callee, const tl_token *callee_tok,
                             size_t nargs, const uint32_t *args, const tl_token *where) {
  const tl_node *fn = node_of(p, callee);
  if (fn->op == TL_OP_CONST && fn->prim)
    return prim_call(p, fn->prim, callee_tok, nargs, args, where);
  if (!check_callable(p, callee, callee_tok)) return NO_NODE;
  uint32_t all[MAX_ARGS + 1];
  all[0] = callee;
  memcpy(all + 1, args, nargs * sizeof *args);
  return record_line(p, intern(p, TL_OP_APPLY, NULL, 0, TT_ANY, nargs + 1, all));
}

/* A tuple display: a constant when every element is an immediate constant
 * and the canonical tuple is an immediate (a pair or a cell), else a node. */
static uint32_t compile_tuple(parser *p, size_t n, const uint32_t *items) {
  tv_val vals[MAX_ARGS];
  bool all_const = true;
  for (size_t k = 0; k < n && all_const; k++) {
    const tl_node *e = node_of(p, items[k]);
    all_const = e->op == TL_OP_CONST && !e->prim && !tv_is_heap(e->value);
    vals[k] = e->value;
  }
  if (all_const && n == 2) {
    tv_ctx scratch;
    tv_ctx_init(&scratch, &p->lib->strings, 0);
    tv_val v = tv_tuple(&scratch, n, vals);
    if (v && !tv_is_heap(v)) return const_node(p, v, NULL);
  }
  if (n == 0) return const_node(p, TV_EMPTY_TUPLE, NULL);
  return record_line(p, intern(p, TL_OP_TUPLE, NULL, 0, TT_TUPLEISH, n, items));
}

static uint32_t parse_paren(parser *p) {
  uint32_t items[MAX_ARGS];
  tl_token where[MAX_ARGS];
  bool trailing;
  advance(p); /* '(' */
  size_t n = parse_list(p, items, where, &trailing);
  if (p->failed) return NO_NODE;
  if (n == 1 && !trailing) return items[0]; /* grouping */
  return compile_tuple(p, n, items);
}

static uint32_t parse_atom(parser *p) {
  tl_token t = p->tok;
  if (t.kind == T_INT) {
    advance(p);
    return const_node(p, tv_int(t.value), NULL);
  }
  if (t.kind == T_MINUS) {
    advance(p);
    if (p->tok.kind != T_INT) {
      fail_at(p, &t, "'-' is only allowed before an integer literal");
      return NO_NODE;
    }
    int64_t v = p->tok.value;
    advance(p);
    return const_node(p, tv_int(-v), NULL);
  }
  if (t.kind == T_LPAREN) return parse_paren(p);
  if (t.kind == T_IDENT && !is_keyword(&t)) {
    advance(p);
    return resolve_name(p, &t);
  }
  if (t.kind == T_IDENT && !tok_is(&t, "True") && !tok_is(&t, "False")) {
    fail_at(p, &t, "unexpected keyword '%.*s' in expression", (int)t.len, t.start);
    return NO_NODE;
  }
  if (t.kind == T_IDENT) {
    advance(p);
    return resolve_name(p, &t);
  }
  if (t.kind == T_OTHER)
    fail_at(p, &t, "unexpected '%.*s' in expression", (int)t.len, t.start);
  else
    fail_at(p, &t, "expected an expression, found %s", describe_token(&t));
  return NO_NODE;
}

/* A primitive named directly before '(' is called without creating a node
 * for the function value itself. */
static const tv_prim *direct_callee(parser *p) {
  uint32_t id;
  if (p->tok.kind != T_IDENT || tl_strmap_get(&p->env, p->tok.start, p->tok.len, &id))
    return NULL;
  const tl_global *g = find_global(p, p->tok.start, p->tok.len);
  if (!g || !g->prim) return NULL;
  const char *after = p->tok.start + p->tok.len, *end = p->lx.text + p->lx.len;
  while (after < end && (*after == ' ' || *after == '\t')) after++;
  return after < end && *after == '(' ? g->prim : NULL;
}

static uint32_t parse_expr(parser *p) {
  tl_token start = p->tok;
  const tv_prim *prim = direct_callee(p);
  uint32_t node = NO_NODE;
  if (prim) {
    uint32_t args[MAX_ARGS];
    tl_token where[MAX_ARGS];
    bool trailing;
    advance(p);
    advance(p);
    size_t n = parse_list(p, args, where, &trailing);
    if (p->failed) return NO_NODE;
    node = prim_call(p, prim, &start, n, args, where);
  } else {
    node = parse_atom(p);
  }
  while (!p->failed && p->tok.kind == T_LPAREN) {
    uint32_t args[MAX_ARGS];
    tl_token where[MAX_ARGS];
    bool trailing;
    advance(p);
    size_t n = parse_list(p, args, where, &trailing);
    if (p->failed) return NO_NODE;
    node = compile_call(p, node, &start, n, args, where);
  }
  return p->failed ? NO_NODE : node;
}

/* ---- statements --------------------------------------------------------- */

static bool check_target(parser *p, const tl_token *name) {
  if (is_keyword(name))
    return fail_at(p, name, "cannot assign to keyword '%.*s'", (int)name->len, name->start);
  const tl_global *g = find_global(p, name->start, name->len);
  if (g)
    return fail_at(p, name, "cannot assign to '%.*s': it is a dsl %s", (int)name->len,
                   name->start, g->prim ? "primitive" : "constant");
  return true;
}

static void begin_statement(parser *p) {
  p->stmt_line = p->tok.line;
  p->stmt_pos = (size_t)(p->tok.start - p->lx.text) - (size_t)(p->tok.col - 1);
}

/* `name = expr` or `return expr`; returns the returned node for a return,
 * NO_NODE otherwise (check p->failed for errors). */
static uint32_t parse_statement(parser *p, bool *is_return) {
  tl_token first = p->tok;
  begin_statement(p);
  *is_return = tok_is(&first, "return");
  if (*is_return) {
    advance(p);
    if (at_statement_end(p)) {
      fail_at(p, &p->tok, "'return' needs a value");
      return NO_NODE;
    }
    uint32_t root = parse_expr(p);
    expect_statement_end(p);
    return root;
  }
  if (first.kind != T_IDENT) {
    fail_at(p, &first, "expected an assignment or 'return', found %s", describe_token(&first));
    return NO_NODE;
  }
  advance(p);
  if (p->tok.kind != T_EQUALS) {
    fail_at(p, &p->tok, "expected '=' after '%.*s'", (int)first.len, first.start);
    return NO_NODE;
  }
  if (!check_target(p, &first)) return NO_NODE;
  advance(p);
  uint32_t value = parse_expr(p);
  if (p->failed || !expect_statement_end(p)) return NO_NODE;
  if (!tl_strmap_put(&p->env, first.start, first.len, value)) fail_at(p, &first, "out of memory");
  return NO_NODE;
}

/* ---- definitions -------------------------------------------------------- */

typedef struct def_header {
  tl_token def, name;
} def_header;

static bool parse_def_header(parser *p, def_header *h) {
  h->def = p->tok;
  advance(p);
  h->name = p->tok;
  if (p->tok.kind != T_IDENT || is_keyword(&p->tok))
    return fail_at(p, &p->tok, "expected a function name after 'def'");
  /* A name is unique within a file; several files (libraries, or a search's
   * generated programs) may each define solve_<id>. */
  uint32_t first_line;
  if (tl_strmap_get(&p->def_lines, h->name.start, h->name.len, &first_line))
    return fail_at(p, &h->name, "duplicate function '%.*s' (first defined at %s:%u)",
                   (int)h->name.len, h->name.start, p->file, first_line);
  if (!tl_strmap_put(&p->def_lines, h->name.start, h->name.len, (uint32_t)h->name.line))
    return fail_at(p, &h->name, "out of memory");
  advance(p);
  if (!expect(p, T_LPAREN, "'('")) return false;
  tl_token param = p->tok;
  if (param.kind != T_IDENT || is_keyword(&param) || find_global(p, param.start, param.len))
    return fail_at(p, &param, "a solver takes exactly one parameter (the input grid)");
  advance(p);
  if (p->tok.kind == T_COMMA || p->tok.kind == T_COLON)
    return fail_at(p, &p->tok, "a solver takes exactly one parameter without annotation");
  if (!expect(p, T_RPAREN, "')'") || !expect(p, T_COLON, "':'")) return false;
  if (p->tok.kind != T_NEWLINE) return fail_at(p, &p->tok, "expected end of line after ':'");
  advance(p);
  tl_strmap_clear(&p->env);
  p->n_lines = 0;
  p->input_node = intern(p, TL_OP_INPUT, NULL, 0, TT_GRID, 0, NULL);
  return !p->failed &&
         (tl_strmap_put(&p->env, param.start, param.len, p->input_node) ||
          fail_at(p, &param, "out of memory"));
}

static bool in_body(const parser *p) {
  return p->tok.kind != T_EOF && p->tok.line_start && p->tok.indent > 0;
}

/* The indented statements of a def; returns the root node. */
static uint32_t parse_body(parser *p, const def_header *h) {
  int body_indent = p->tok.indent;
  uint32_t root = NO_NODE;
  while (!p->failed && in_body(p)) {
    if (p->tok.indent != body_indent) {
      fail_at(p, &p->tok, "indentation does not match the previous statement");
      return NO_NODE;
    }
    if (root != NO_NODE) {
      fail_at(p, &p->tok, "statement after 'return'");
      return NO_NODE;
    }
    bool is_return;
    uint32_t value = parse_statement(p, &is_return);
    if (is_return) root = value;
  }
  if (!p->failed && root == NO_NODE)
    fail_at(p, &h->def, "function '%.*s' has no return statement", (int)h->name.len,
            h->name.start);
  return p->failed ? NO_NODE : root;
}

static bool parse_def(parser *p) {
  def_header h;
  if (!parse_def_header(p, &h)) return false;
  if (!in_body(p))
    return fail_at(p, &p->tok, "expected an indented body for '%.*s'", (int)h.name.len,
                   h.name.start);
  uint32_t root = parse_body(p, &h);
  if (root == NO_NODE) return false;
  char *name = ta_memdup(&p->lib->strings, h.name.start, h.name.len + 1);
  if (!name) return fail_at(p, &h.def, "out of memory");
  name[h.name.len] = '\0';
  if (!tl_program_add(p->lib, name, p->file, h.def.line, root, p->line_nodes, p->line_of,
                      p->n_lines))
    return fail_at(p, &h.def, "out of memory");
  return true;
}

static void skip_import(parser *p) {
  while (!p->failed && !at_statement_end(p)) advance(p);
  if (p->tok.kind == T_NEWLINE) advance(p);
}

/* An import line. Other modules (dsl, constants, ...) are skipped; the
 * extensions must be imported exactly as `from tessera_ext import *`. */
static void parse_import(parser *p) {
  bool from = tok_is(&p->tok, "from");
  advance(p);
  if (!p->failed && tok_is(&p->tok, "tessera_ext")) {
    tl_token module = p->tok;
    advance(p);
    bool star = from && tok_is(&p->tok, "import");
    if (star) advance(p);
    star = star && p->tok.kind == T_OTHER && p->tok.len == 1 && p->tok.start[0] == '*';
    if (star) advance(p);
    if (!star || !at_statement_end(p)) {
      fail_at(p, &module, "import the extensions as 'from tessera_ext import *'");
      return;
    }
    p->ext_enabled = true;
  }
  skip_import(p);
}

static bool parse_top_level(parser *p) {
  advance(p);
  while (!p->failed && p->tok.kind != T_EOF) {
    if (p->tok.kind == T_NEWLINE) {
      advance(p);
    } else if (p->tok.indent > 0) {
      fail_at(p, &p->tok, "unexpected indentation outside a function");
    } else if (tok_is(&p->tok, "import") || tok_is(&p->tok, "from")) {
      parse_import(p);
    } else if (tok_is(&p->tok, "def")) {
      parse_def(p);
    } else {
      fail_at(p, &p->tok, "statement outside a function (only imports and defs may appear here)");
    }
  }
  return !p->failed;
}

/* ---- public entry points ------------------------------------------------ */

int tl_library_add_source(tl_library *lib, const char *filename, const char *text, size_t len,
                          tl_diag *diag) {
  tl_diag scratch;
  if (!diag) diag = &scratch;
  diag->message[0] = '\0';
  if (!filename) filename = "<source>";
  if (!lib || (!text && len > 0)) {
    tl_diag_set(diag, filename, 1, 1, "no library or no text");
    return -1;
  }
  parser p = {.lib = lib, .diag = diag};
  p.file = ta_strdup(&lib->strings, filename);
  if (!p.file) {
    tl_diag_set(diag, filename, 1, 1, "out of memory");
    return -1;
  }
  tl_lex_init(&p.lx, p.file, text ? text : "", len);
  size_t nodes0 = lib->n_nodes, args0 = lib->n_args, programs0 = lib->n_programs;
  bool ok = tl_lex_validate(&p.lx, diag) && parse_top_level(&p);
  tl_strmap_free(&p.env);
  tl_strmap_free(&p.def_lines);
  free(p.line_nodes);
  free(p.line_of);
  if (!ok) {
    tl_program_truncate(lib, programs0);
    tl_dag_truncate(lib, nodes0, args0);
    return -1;
  }
  return (int)(lib->n_programs - programs0);
}

int tl_library_add_file(tl_library *lib, const char *path, tl_diag *diag) {
  tl_diag scratch;
  if (!diag) diag = &scratch;
  if (!path) path = "<null>";
  FILE *f = fopen(path, "rb");
  if (!f) {
    tl_diag_set(diag, path, 1, 1, "cannot open file: %s", strerror(errno));
    return -1;
  }
  struct stat st; /* a file over the limit is refused before it is read */
  if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && (uintmax_t)st.st_size > MAX_FILE_BYTES) {
    fclose(f);
    tl_diag_set(diag, path, 1, 1, "too large (limit %zu MB)", MAX_FILE_BYTES >> 20);
    return -1;
  }
  size_t cap = 1 << 16, len = 0;
  char *text = tc_malloc(cap);
  errno = 0;
  while (text) {
    len += fread(text + len, 1, cap - len, f);
    if (len < cap || cap >= MAX_FILE_BYTES + 1) break;
    char *bigger = tc_realloc(text, cap * 2);
    if (!bigger) free(text);
    text = bigger;
    cap *= 2;
  }
  int read_errno = ferror(f) ? (errno ? errno : EIO) : 0; /* e.g. EISDIR for a folder */
  fclose(f);
  if (!text || read_errno || len > MAX_FILE_BYTES) {
    if (text && read_errno) tl_diag_set(diag, path, 1, 1, "cannot read file: %s", strerror(read_errno));
    else if (!text) tl_diag_set(diag, path, 1, 1, "out of memory");
    else tl_diag_set(diag, path, 1, 1, "too large (limit %zu MB)", MAX_FILE_BYTES >> 20);
    free(text);
    return -1;
  }
  int added = tl_library_add_source(lib, path, text, len, diag);
  free(text);
  return added;
}
