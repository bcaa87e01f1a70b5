/*
 * parse_internal.h - the clause structure shared by parse.c (grammar) and
 * plan.c (target resolution, intents, conflicts).
 *
 * A command is split into parts; each part is parsed into one clause that
 * records what the words said (verb, target noun phrases, property, values,
 * position) without looking at any component yet. Spans point into the
 * token list of the command; strings live in the planning arena.
 */
#ifndef TESSERA_DESIGN_PARSE_INTERNAL_H
#define TESSERA_DESIGN_PARSE_INTERNAL_H

#include "design/design_internal.h"

typedef enum {
  VERB_NONE, VERB_SET, VERB_RESIZE, VERB_GROW, VERB_SHRINK, VERB_MOVE, VERB_SWAP,
  VERB_CENTER, VERB_ALIGN, VERB_HIDE, VERB_SHOW, VERB_DELETE, VERB_ADD, VERB_DUPLICATE,
  VERB_RENAME, VERB_INCREASE, VERB_DECREASE, VERB_STYLE
} verb_kind;

typedef enum {
  PROP_NONE, PROP_COLOR, PROP_BG, PROP_TEXT_COLOR, PROP_TEXT, PROP_FONT_SIZE, PROP_SIZE,
  PROP_WIDTH, PROP_HEIGHT, PROP_SPACING, PROP_RADIUS, PROP_TOKEN_PRIMARY, PROP_TOKEN_ACCENT,
  PROP_TOKEN_TEXT, PROP_TOKEN_BACKGROUND, PROP_WEIGHT, PROP_STYLE
} prop_kind;

/* A noun: which types it names, which role it also names, which role wins
 * a tie between several matches. */
typedef struct noun_info {
  uint32_t type_mask;
  const char *role;
  const char *preferred_role;
  const char *word;
} noun_info;

enum {
  ORDINAL_LAST = -1, ORDINAL_MIDDLE = -1000, ORDINAL_TOP = -1001, ORDINAL_BOTTOM = -1002,
  ORDINAL_LEFT = -1003, ORDINAL_RIGHT = -1004
};

typedef struct noun_phrase {
  bool present, pronoun, plural, all;
  int ordinal;              /* 1-based from the first, -1 last, -2 second to last ...,
                               ORDINAL_MIDDLE / TOP / BOTTOM, 0 none */
  int count;                /* "the two cards" */
  noun_info noun;           /* type_mask 0 and no role: no noun */
  bool has_noun;
  const char *id;           /* a word equal to a component id */
  const char *text;         /* quoted or "that says" text: exact (loose) match */
  const char *descriptor;   /* unquoted words before the noun, or a bare name */
  bool prefer_cta;          /* "main" / "primary" button */
  int start, end;           /* token span */
  const char *phrase;       /* the words as typed, for messages */
} noun_phrase;

/* Kinds of value a part can carry; one step applies one kind. */
typedef enum { VK_COLOR, VK_SIZE, VK_STYLE, VK_VISIBILITY, VK_TEXT, VK_POSITION, VALUE_KIND_COUNT } value_kind;

typedef struct clause {
  int verb;
  bool has_verb;
  noun_phrase target, ref;  /* ref: "below X", second swap operand */
  int prop;
  /* values */
  bool has_color; rgb_t color;
  bool color_none;          /* "transparent", "remove the background": no fill at all */
  bool clear_verb;          /* "clear": only of a property ("clear the background of X") */
  bool has_size; double factor; bool dim_w, dim_h; bool size_from_adjective;
  bool factor_from_multiplier; /* "double", "half", "3x": a true factor, not a step */
  int size_dir;             /* +1 bigger, -1 smaller, 0 none */
  bool has_number; double number; int unit; int number_dim; /* 'h' tall, 'w' wide, 0 */
  bool has_percent_by; double percent_by;
  int copies;               /* duplicate: "twice", "3 times", "make 3 copies of"; 0 = one */
  bool has_dims; double dims_w, dims_h; /* "200 by 50", "200x50", "width 200 height 50" */
  bool full_width;          /* "full width": x = 0, w = viewport width */
  bool has_delta; double delta;
  bool has_style; int style_prop; const char *style_value;
  bool has_visibility; bool hidden;
  const char *text_value;   /* raw text as typed */
  bool has_more_less; int more_less;
  bool has_position; int position; double amount; int axis; /* 'x' / 'y' */
  const char *error;        /* a word that must be answered, e.g. unknown colour */
  const char *second_prop;  /* a second, different property named in the same part */
  const char **unknown; int unknown_count;
  bool is_empty;
  const char *text;         /* the part as typed */
  int kind_at[VALUE_KIND_COUNT];   /* token index + 1 where each kind of value began, 0 = absent */
  int kind_byte[VALUE_KIND_COUNT]; /* the same place as a byte offset in the command */
  int value_from[VALUE_KIND_COUNT], value_to[VALUE_KIND_COUNT]; /* bytes of the words of each value */
  int byte_start, byte_end;        /* the part's bytes in the command */
} clause;

/* Which kinds of value the clause carries, as VK_* bits. */
unsigned design_clause_value_kinds(const clause *c);

/* Splits and parses the command into clauses. */
void design_parse_command(ta_arena *a, const design_blueprint *bp, const char *command, const token_list *tl,
                   clause **out, int *count);

#endif
