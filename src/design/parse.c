/*
 * parse.c - the grammar of edit commands (SPEC section 2).
 *
 * The token list is split into parts at "then", ";", ",", "and", "also"
 * (quotes are single tokens, so nothing inside them splits). Each part is
 * read left to right by a small recursive-descent parser: an optional verb,
 * then noun phrases (determiner, ordinal, count, descriptor words, quoted
 * text, head noun, "that says ..." clause), properties ("font size",
 * "background"), values (colours, sizes, styles, numbers with units) and
 * positions ("below the list"). Words are classified by one sorted lexicon;
 * every word that plays no part is recorded so the planner can lower the
 * confidence or name it in a message instead of guessing.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "design/parse_internal.h"

typedef enum {
  LX_NONE, LX_VERB, LX_DET, LX_ALL, LX_PRONOUN, LX_ORDINAL, LX_COUNT, LX_NOUN, LX_PROP,
  LX_SIZE, LX_MOD, LX_MULT, LX_STYLE, LX_VIS, LX_POS, LX_PREP, LX_SAY, LX_MORE, LX_STOP,
  LX_NOT, LX_DIM, LX_SEP
} lex_category;

enum { SZ_BIGGER = 1, SZ_SMALLER, SZ_TALLER, SZ_SHORTER, SZ_WIDER, SZ_NARROWER, SZ_TINY, SZ_HUGE };
enum { MOD_SLIGHT = 1, MOD_MUCH };

typedef struct lex_entry {
  const char *word;
  unsigned char category;
  signed char code;
  const char *value; /* style value, noun index as text is not needed */
} lex_entry;

/* Nouns: types they name, the role they also name, the role that wins a tie. */
#define T(x) TYPE_BIT(CT_##x)
static const noun_info NOUNS[] = {
    {T(BUTTON), NULL, "cta", "button"},
    {0, "cta", NULL, "cta"},
    {T(HEADER), "header", "title", "header"},
    {T(NAVBAR), "nav", "nav", "navbar"},
    {T(HERO), "hero", "hero", "hero"},
    {T(TITLE), "title", "title", "title"},
    {T(SUBTITLE), NULL, NULL, "subtitle"},
    {T(HEADING), NULL, NULL, "heading"},
    {T(TEXT) | T(DESCRIPTION), NULL, "content", "text"},
    {T(DESCRIPTION), NULL, NULL, "description"},
    {T(LABEL), NULL, NULL, "label"},
    {T(LIST), NULL, NULL, "list"},
    {T(LINK), NULL, NULL, "link"},
    {T(IMAGE), "media", "media", "image"},
    {T(ICON), NULL, NULL, "icon"},
    {T(CARD) | T(PRODUCT_CARD), NULL, NULL, "card"},
    {T(PRODUCT_CARD), "product", "product", "product"},
    {T(CONTAINER), NULL, NULL, "container"},
    {T(SECTION), NULL, NULL, "section"},
    {T(INPUT) | T(SELECT), "form", NULL, "input"},
    {T(SELECT), NULL, NULL, "select"},
    {T(DIVIDER), NULL, NULL, "divider"},
    {T(FOOTER), "footer", "footer", "footer"},
    {(1u << CT_COUNT) - 1, NULL, NULL, "component"},
};
#undef T
enum {
  N_BUTTON, N_CTA, N_HEADER, N_NAV, N_HERO, N_TITLE, N_SUBTITLE, N_HEADING, N_TEXT, N_DESCRIPTION,
  N_LABEL, N_LIST, N_LINK, N_IMAGE, N_ICON, N_CARD, N_PRODUCT, N_CONTAINER, N_SECTION, N_INPUT,
  N_SELECT, N_DIVIDER, N_FOOTER, N_COMPONENT
};

/* Sorted by word (checked by a unit test). */
static const lex_entry LEXICON[] = {
    {"10th", LX_ORDINAL, 10, NULL},
    {"1st", LX_ORDINAL, 1, NULL},
    {"2nd", LX_ORDINAL, 2, NULL},
    {"3rd", LX_ORDINAL, 3, NULL},
    {"4th", LX_ORDINAL, 4, NULL},
    {"5th", LX_ORDINAL, 5, NULL},
    {"6th", LX_ORDINAL, 6, NULL},
    {"7th", LX_ORDINAL, 7, NULL},
    {"8th", LX_ORDINAL, 8, NULL},
    {"9th", LX_ORDINAL, 9, NULL},
    {"a", LX_DET, 0, NULL},
    {"above", LX_POS, POS_ABOVE, NULL},
    {"accent_color", LX_PROP, PROP_TOKEN_ACCENT, NULL},
    {"add", LX_VERB, VERB_ADD, NULL},
    {"adjust", LX_VERB, VERB_SET, NULL},
    {"after", LX_POS, POS_BELOW, NULL},
    {"align", LX_VERB, VERB_ALIGN, NULL},
    {"all", LX_ALL, 0, NULL},
    {"also", LX_SEP, 0, NULL},
    {"an", LX_DET, 0, NULL},
    {"and", LX_SEP, 0, NULL},
    {"another", LX_DET, 0, NULL},
    {"append", LX_VERB, VERB_ADD, NULL},
    {"as", LX_PREP, 0, NULL},
    {"at", LX_PREP, 0, NULL},
    {"background", LX_PROP, PROP_BG, NULL},
    {"background_color", LX_PROP, PROP_BG, NULL},
    {"backgrounds", LX_PROP, PROP_BG, "plural"},
    {"base_spacing", LX_PROP, PROP_SPACING, NULL},
    {"be", LX_STOP, 0, NULL},
    {"before", LX_POS, POS_ABOVE, NULL},
    {"beginning", LX_POS, POS_TOP, NULL},
    {"below", LX_POS, POS_BELOW, NULL},
    {"beneath", LX_POS, POS_BELOW, NULL},
    {"bg", LX_PROP, PROP_BG, NULL},
    {"bg_color", LX_PROP, PROP_BG, NULL},
    {"big", LX_SIZE, SZ_BIGGER, NULL},
    {"bigger", LX_SIZE, SZ_BIGGER, NULL},
    {"bold", LX_STYLE, STYLE_WEIGHT, "bold"},
    {"bolder", LX_STYLE, STYLE_WEIGHT, "bold"},
    {"border_radius", LX_PROP, PROP_RADIUS, NULL},
    {"both", LX_ALL, 0, NULL},
    {"bottom", LX_POS, POS_BOTTOM, NULL},
    {"box", LX_NOUN, N_CONTAINER, NULL},
    {"bring", LX_VERB, VERB_MOVE, NULL},
    {"broader", LX_SIZE, SZ_WIDER, NULL},
    {"button", LX_NOUN, N_BUTTON, NULL},
    {"by", LX_PREP, 0, NULL},
    {"call-to-action", LX_NOUN, N_CTA, NULL},
    {"called", LX_SAY, 0, NULL},
    {"can", LX_STOP, 0, NULL},
    {"capitalise", LX_STYLE, STYLE_TRANSFORM, "capitalize"},
    {"capitalize", LX_STYLE, STYLE_TRANSFORM, "capitalize"},
    {"capitalized", LX_STYLE, STYLE_TRANSFORM, "capitalize"},
    {"caps", LX_STYLE, STYLE_TRANSFORM, "uppercase"},
    {"card", LX_NOUN, N_CARD, NULL},
    {"center", LX_POS, POS_CENTER, NULL},
    {"centered", LX_POS, POS_CENTER, NULL},
    {"centre", LX_POS, POS_CENTER, NULL},
    {"centred", LX_POS, POS_CENTER, NULL},
    {"change", LX_VERB, VERB_SET, NULL},
    {"clear", LX_VERB, VERB_DELETE, "clear"},
    {"clone", LX_VERB, VERB_DUPLICATE, NULL},
    {"color", LX_PROP, PROP_COLOR, NULL},
    {"colour", LX_PROP, PROP_COLOR, NULL},
    {"component", LX_NOUN, N_COMPONENT, NULL},
    {"container", LX_NOUN, N_CONTAINER, NULL},
    {"copy", LX_VERB, VERB_DUPLICATE, NULL},
    {"corner", LX_PROP, PROP_RADIUS, NULL},
    {"corners", LX_PROP, PROP_RADIUS, NULL},
    {"could", LX_STOP, 0, NULL},
    {"create", LX_VERB, VERB_ADD, NULL},
    {"cta", LX_NOUN, N_CTA, NULL},
    {"decrease", LX_VERB, VERB_DECREASE, NULL},
    {"delete", LX_VERB, VERB_DELETE, NULL},
    {"description", LX_NOUN, N_DESCRIPTION, NULL},
    {"display", LX_VERB, VERB_SHOW, NULL},
    {"divider", LX_NOUN, N_DIVIDER, NULL},
    {"don't", LX_NOT, 0, NULL},
    {"dont", LX_NOT, 0, NULL},
    {"double", LX_MULT, 20, NULL},
    {"down", LX_POS, POS_NUDGE, "down"},
    {"drop", LX_VERB, VERB_DELETE, NULL},
    {"dropdown", LX_NOUN, N_SELECT, NULL},
    {"duplicate", LX_VERB, VERB_DUPLICATE, NULL},
    {"each", LX_ALL, 0, NULL},
    {"eight", LX_COUNT, 8, NULL},
    {"eighth", LX_ORDINAL, 8, NULL},
    {"element", LX_NOUN, N_COMPONENT, NULL},
    {"end", LX_POS, POS_BOTTOM, NULL},
    {"enlarge", LX_VERB, VERB_GROW, NULL},
    {"erase", LX_VERB, VERB_DELETE, NULL},
    {"every", LX_ALL, 0, NULL},
    {"extra", LX_MOD, MOD_MUCH, NULL},
    {"fewer", LX_MORE, -1, NULL},
    {"field", LX_NOUN, N_INPUT, NULL},
    {"fifth", LX_ORDINAL, 5, NULL},
    {"fill", LX_PROP, PROP_BG, NULL},
    {"fills", LX_PROP, PROP_BG, "plural"},
    {"first", LX_ORDINAL, 1, NULL},
    {"five", LX_COUNT, 5, NULL},
    {"font", LX_PROP, PROP_FONT_SIZE, NULL},
    {"font-size", LX_PROP, PROP_FONT_SIZE, NULL},
    {"font_size", LX_PROP, PROP_FONT_SIZE, NULL},
    {"footer", LX_NOUN, N_FOOTER, NULL},
    {"four", LX_COUNT, 4, NULL},
    {"fourth", LX_ORDINAL, 4, NULL},
    {"from", LX_PREP, 0, NULL},
    {"gap", LX_PROP, PROP_SPACING, NULL},
    {"give", LX_VERB, VERB_SET, NULL},
    {"grow", LX_VERB, VERB_GROW, NULL},
    {"half", LX_MULT, 5, NULL},
    {"header", LX_NOUN, N_HEADER, NULL},
    {"heading", LX_NOUN, N_HEADING, NULL},
    {"headline", LX_NOUN, N_HEADING, NULL},
    {"heavier", LX_STYLE, STYLE_WEIGHT, "bold"},
    {"height", LX_PROP, PROP_HEIGHT, NULL},
    {"hero", LX_NOUN, N_HERO, NULL},
    {"hidden", LX_VIS, 1, NULL},
    {"hide", LX_VERB, VERB_HIDE, NULL},
    {"high", LX_DIM, 'h', NULL},
    {"huge", LX_SIZE, SZ_HUGE, NULL},
    {"icon", LX_NOUN, N_ICON, NULL},
    {"image", LX_NOUN, N_IMAGE, NULL},
    {"img", LX_NOUN, N_IMAGE, NULL},
    {"in", LX_PREP, 0, NULL},
    {"increase", LX_VERB, VERB_INCREASE, NULL},
    {"input", LX_NOUN, N_INPUT, NULL},
    {"insert", LX_VERB, VERB_ADD, NULL},
    {"into", LX_PREP, 0, NULL},
    {"invisible", LX_VIS, 1, NULL},
    {"it", LX_PRONOUN, 0, NULL},
    {"italic", LX_STYLE, STYLE_STYLE, "italic"},
    {"italicise", LX_STYLE, STYLE_STYLE, "italic"},
    {"italicize", LX_STYLE, STYLE_STYLE, "italic"},
    {"italics", LX_STYLE, STYLE_STYLE, "italic"},
    {"its", LX_PRONOUN, 0, NULL},
    {"itself", LX_PRONOUN, 0, NULL},
    {"just", LX_STOP, 0, NULL},
    {"kindly", LX_STOP, 0, NULL},
    {"label", LX_NOUN, N_LABEL, NULL},
    {"labeled", LX_SAY, 0, NULL},
    {"labelled", LX_SAY, 0, NULL},
    {"large", LX_SIZE, SZ_BIGGER, NULL},
    {"larger", LX_SIZE, SZ_BIGGER, NULL},
    {"last", LX_ORDINAL, -1, NULL},
    {"left", LX_POS, POS_LEFT, NULL},
    {"less", LX_MORE, -1, NULL},
    {"link", LX_NOUN, N_LINK, NULL},
    {"list", LX_NOUN, N_LIST, NULL},
    {"little", LX_MOD, MOD_SLIGHT, NULL},
    {"longer", LX_SIZE, SZ_WIDER, NULL},
    {"looser", LX_MORE, 1, NULL},
    {"lot", LX_MOD, MOD_MUCH, NULL},
    {"lower", LX_VERB, VERB_DECREASE, NULL},
    {"lowercase", LX_STYLE, STYLE_TRANSFORM, "lowercase"},
    {"make", LX_VERB, VERB_SET, NULL},
    {"menu", LX_NOUN, N_NAV, NULL},
    {"middle", LX_POS, POS_CENTER, NULL},
    {"modify", LX_VERB, VERB_SET, NULL},
    {"more", LX_MORE, 1, NULL},
    {"move", LX_VERB, VERB_MOVE, NULL},
    {"much", LX_MOD, MOD_MUCH, NULL},
    {"must", LX_STOP, 0, NULL},
    {"named", LX_SAY, 0, NULL},
    {"narrower", LX_SIZE, SZ_NARROWER, NULL},
    {"nav", LX_NOUN, N_NAV, NULL},
    {"navbar", LX_NOUN, N_NAV, NULL},
    {"navigation", LX_NOUN, N_NAV, NULL},
    {"need", LX_STOP, 0, NULL},
    {"needs", LX_STOP, 0, NULL},
    {"never", LX_NOT, 0, NULL},
    {"new", LX_DET, 0, NULL},
    {"nine", LX_COUNT, 9, NULL},
    {"ninth", LX_ORDINAL, 9, NULL},
    {"no", LX_NOT, 0, NULL},
    {"not", LX_NOT, 0, NULL},
    {"nudge", LX_VERB, VERB_MOVE, NULL},
    {"of", LX_PREP, 0, NULL},
    {"on", LX_PREP, 0, NULL},
    {"onto", LX_PREP, 0, NULL},
    {"over", LX_POS, POS_ABOVE, NULL},
    {"padding", LX_PROP, PROP_SPACING, NULL},
    {"paint", LX_VERB, VERB_SET, NULL},
    {"paragraph", LX_NOUN, N_TEXT, NULL},
    {"photo", LX_NOUN, N_IMAGE, NULL},
    {"pic", LX_NOUN, N_IMAGE, NULL},
    {"picture", LX_NOUN, N_IMAGE, NULL},
    {"place", LX_VERB, VERB_MOVE, NULL},
    {"please", LX_STOP, 0, NULL},
    {"possible", LX_STOP, 0, NULL},
    {"primary_color", LX_PROP, PROP_TOKEN_PRIMARY, NULL},
    {"product", LX_NOUN, N_PRODUCT, NULL},
    {"push", LX_VERB, VERB_MOVE, NULL},
    {"put", LX_VERB, VERB_MOVE, NULL},
    {"radius", LX_PROP, PROP_RADIUS, NULL},
    {"raise", LX_VERB, VERB_INCREASE, NULL},
    {"read", LX_SAY, 0, NULL},
    {"reads", LX_SAY, 0, NULL},
    {"really", LX_MOD, MOD_MUCH, NULL},
    {"recolor", LX_VERB, VERB_SET, NULL},
    {"recolour", LX_VERB, VERB_SET, NULL},
    {"reduce", LX_VERB, VERB_DECREASE, NULL},
    {"regular", LX_STYLE, STYLE_WEIGHT, "normal"},
    {"relocate", LX_VERB, VERB_MOVE, NULL},
    {"remove", LX_VERB, VERB_DELETE, NULL},
    {"rename", LX_VERB, VERB_RENAME, NULL},
    {"resize", LX_VERB, VERB_RESIZE, NULL},
    {"retitle", LX_VERB, VERB_RENAME, NULL},
    {"reveal", LX_VERB, VERB_SHOW, NULL},
    {"right", LX_POS, POS_RIGHT, NULL},
    {"round", LX_STOP, 0, NULL},
    {"rounded", LX_STOP, 0, NULL},
    {"rounder", LX_MORE, 1, NULL},
    {"rule", LX_NOUN, N_DIVIDER, NULL},
    {"say", LX_SAY, 0, NULL},
    {"saying", LX_SAY, 0, NULL},
    {"says", LX_SAY, 0, NULL},
    {"scale", LX_VERB, VERB_RESIZE, NULL},
    {"second", LX_ORDINAL, 2, NULL},
    {"section", LX_NOUN, N_SECTION, NULL},
    {"select", LX_NOUN, N_SELECT, NULL},
    {"send", LX_VERB, VERB_MOVE, NULL},
    {"separator", LX_NOUN, N_DIVIDER, NULL},
    {"set", LX_VERB, VERB_SET, NULL},
    {"seven", LX_COUNT, 7, NULL},
    {"seventh", LX_ORDINAL, 7, NULL},
    {"shift", LX_VERB, VERB_MOVE, NULL},
    {"shorter", LX_SIZE, SZ_SHORTER, NULL},
    {"should", LX_STOP, 0, NULL},
    {"show", LX_VERB, VERB_SHOW, NULL},
    {"shown", LX_VIS, 0, NULL},
    {"shrink", LX_VERB, VERB_SHRINK, NULL},
    {"six", LX_COUNT, 6, NULL},
    {"sixth", LX_ORDINAL, 6, NULL},
    {"size", LX_PROP, PROP_SIZE, NULL},
    {"skinnier", LX_SIZE, SZ_NARROWER, NULL},
    {"slightly", LX_MOD, MOD_SLIGHT, NULL},
    {"small", LX_SIZE, SZ_SMALLER, NULL},
    {"smaller", LX_SIZE, SZ_SMALLER, NULL},
    {"somewhat", LX_MOD, MOD_SLIGHT, NULL},
    {"space", LX_PROP, PROP_SPACING, NULL},
    {"spacing", LX_PROP, PROP_SPACING, NULL},
    {"start", LX_POS, POS_TOP, NULL},
    {"strikethrough", LX_STYLE, STYLE_DECORATION, "line-through"},
    {"style", LX_PROP, PROP_STYLE, NULL},
    {"subheading", LX_NOUN, N_SUBTITLE, NULL},
    {"subtitle", LX_NOUN, N_SUBTITLE, NULL},
    {"super", LX_MOD, MOD_MUCH, NULL},
    {"swap", LX_VERB, VERB_SWAP, NULL},
    {"switch", LX_VERB, VERB_SWAP, NULL},
    {"tall", LX_DIM, 'h', NULL},
    {"taller", LX_SIZE, SZ_TALLER, NULL},
    {"ten", LX_COUNT, 10, NULL},
    {"tenth", LX_ORDINAL, 10, NULL},
    {"text", LX_PROP, PROP_TEXT, NULL},
    {"text_color", LX_PROP, PROP_TEXT_COLOR, NULL},
    {"thank", LX_STOP, 0, NULL},
    {"thanks", LX_STOP, 0, NULL},
    {"that", LX_PRONOUN, 0, NULL},
    {"the", LX_DET, 0, NULL},
    {"their", LX_PRONOUN, 0, NULL},
    {"them", LX_PRONOUN, 0, NULL},
    {"then", LX_SEP, 0, NULL},
    {"these", LX_PRONOUN, 0, NULL},
    {"they", LX_PRONOUN, 0, NULL},
    {"thicker", LX_SIZE, SZ_TALLER, NULL},
    {"thinner", LX_SIZE, SZ_SHORTER, NULL},
    {"third", LX_ORDINAL, 3, NULL},
    {"this", LX_PRONOUN, 0, NULL},
    {"those", LX_PRONOUN, 0, NULL},
    {"three", LX_COUNT, 3, NULL},
    {"thrice", LX_MULT, 30, NULL},
    {"tighter", LX_MORE, -1, NULL},
    {"tiny", LX_SIZE, SZ_TINY, NULL},
    {"title", LX_NOUN, N_TITLE, NULL},
    {"to", LX_PREP, 0, NULL},
    {"token", LX_STOP, 0, NULL},
    {"top", LX_POS, POS_TOP, NULL},
    {"turn", LX_VERB, VERB_SET, NULL},
    {"twice", LX_MULT, 20, NULL},
    {"two", LX_COUNT, 2, NULL},
    {"under", LX_POS, POS_BELOW, NULL},
    {"underline", LX_STYLE, STYLE_DECORATION, "underline"},
    {"underlined", LX_STYLE, STYLE_DECORATION, "underline"},
    {"underneath", LX_POS, POS_BELOW, NULL},
    {"unhidden", LX_VIS, 0, NULL},
    {"unhide", LX_VERB, VERB_SHOW, NULL},
    {"up", LX_POS, POS_NUDGE, "up"},
    {"update", LX_VERB, VERB_SET, NULL},
    {"uppercase", LX_STYLE, STYLE_TRANSFORM, "uppercase"},
    {"very", LX_MOD, MOD_MUCH, NULL},
    {"visible", LX_VIS, 0, NULL},
    {"way", LX_MOD, MOD_MUCH, NULL},
    {"weight", LX_PROP, PROP_WEIGHT, NULL},
    {"what", LX_STOP, 0, NULL},
    {"wide", LX_DIM, 'w', NULL},
    {"wider", LX_SIZE, SZ_WIDER, NULL},
    {"width", LX_PROP, PROP_WIDTH, NULL},
    {"with", LX_PREP, 0, NULL},
    {"would", LX_STOP, 0, NULL},
    {"you", LX_STOP, 0, NULL},
};
#define LEXICON_COUNT (sizeof LEXICON / sizeof LEXICON[0])

/* Words that are verbs only at the start of a part ("bold the title"). */
static const lex_entry LEADING_VERBS[] = {
    {"bold", LX_VERB, VERB_STYLE, "bold"},      {"capitalize", LX_VERB, VERB_STYLE, "capitalize"},
    {"center", LX_VERB, VERB_CENTER, NULL},     {"centre", LX_VERB, VERB_CENTER, NULL},
    {"color", LX_VERB, VERB_SET, NULL},         {"colour", LX_VERB, VERB_SET, NULL},
    {"italicize", LX_VERB, VERB_STYLE, "italic"}, {"italicise", LX_VERB, VERB_STYLE, "italic"},
    {"lowercase", LX_VERB, VERB_STYLE, "lowercase"}, {"underline", LX_VERB, VERB_STYLE, "underline"},
    {"uppercase", LX_VERB, VERB_STYLE, "uppercase"},
};

static int compare_entry(const void *key, const void *item) {
  return strcmp((const char *)key, ((const lex_entry *)item)->word);
}

static const lex_entry *lookup_exact(const char *word) {
  return bsearch(word, LEXICON, LEXICON_COUNT, sizeof *LEXICON, compare_entry);
}

bool design_parse_lexicon_sorted(void);
bool design_parse_lexicon_sorted(void) {
  for (size_t i = 1; i < LEXICON_COUNT; i++)
    if (strcmp(LEXICON[i - 1].word, LEXICON[i].word) >= 0) return false;
  return true;
}

/* The largest count a noun phrase may give ("the first 3 cards"); a page
 * holds fewer components than this in practice, and it keeps the count an int. */
#define MAX_COUNT 100000
/* The most copies one duplicate step makes (each is a step of the plan). */
#define MAX_COPIES 20

/* ---- parser state -------------------------------------------------------- */

typedef struct parser {
  ta_arena *arena;
  const design_blueprint *bp;
  const char *src;
  const token *tok;
  int end;         /* end of the current part */
  int total;       /* tokens in the whole command */
  int part_start;  /* first token of the current part */
  int part_end;    /* its end; `end` differs only while looking into the next part */
  clause *c;
  int mod;         /* pending modifier (slightly / much) */
  double mult;     /* pending multiplier (twice / half), 0 = none */
  bool negate;     /* pending "not" / "no" */
  noun_info last_noun; /* for "the third one" */
  bool has_last_noun;
  const lex_entry **lex; /* lexicon entry of each token, looked up once */
  signed char *color_used; /* per token: colour words starting there, -1 not yet known */
  rgb_t *color_value;
} parser;

static void set_prop(parser *P, int prop, int at_token);
static void set_no_color(parser *P, int i, int next);

static const token *at(const parser *P, int i) {
  static const token END = {.kind = TK_END};
  return i < P->end ? &P->tok[i] : &END;
}

static bool word_is(const parser *P, int i, const char *w) {
  const token *t = at(P, i);
  return t->kind == TK_WORD && t->lower[0] == w[0] && strcmp(t->lower, w) == 0;
}

static const lex_entry *lexeme(const parser *P, int i) {
  return i < P->end && P->tok[i].kind == TK_WORD ? P->lex[i] : NULL;
}

static int category(const parser *P, int i) {
  const lex_entry *e = lexeme(P, i);
  return e ? e->category : LX_NONE;
}

/* A noun, possibly plural ("cards", "boxes"); -1 when the word is no noun. */
static int noun_at(const parser *P, int i, bool *plural) {
  const token *t = at(P, i);
  if (t->kind != TK_WORD) return -1;
  const lex_entry *e = lexeme(P, i);
  *plural = false;
  if (e && e->category == LX_NOUN) return e->code;
  if (e && strcmp(t->lower, "text") == 0) return N_TEXT;
  size_t n = strlen(t->lower);
  if (n > 2 && t->lower[n - 1] == 's') {
    char tmp[64];
    for (size_t cut = 1; cut <= 2 && cut < n; cut++) {
      if (n - cut >= sizeof tmp) break;
      memcpy(tmp, t->lower, n - cut);
      tmp[n - cut] = 0;
      const lex_entry *s = lookup_exact(tmp);
      if ((s && s->category == LX_NOUN) || (s && strcmp(tmp, "text") == 0)) {
        *plural = true;
        return s->category == LX_NOUN ? s->code : N_TEXT;
      }
      if (t->lower[n - 2] != 'e') break;
    }
  }
  if (strcmp(t->lower, "photos") == 0) { *plural = true; return N_IMAGE; }
  return -1;
}

static int compare_lower_id(const void *key, const void *item) {
  return strcmp((const char *)key, *(const char *const *)item);
}

/* The component id equal to a (lower-cased) word, by bisection. */
static const char *component_id_for(const parser *P, const char *lower) {
  const design_blueprint *bp = P->bp;
  const char **hit = bsearch(lower, bp->ids_lower, bp->count, sizeof *bp->ids_lower, compare_lower_id);
  return hit ? bp->ids_by_lower[hit - bp->ids_lower] : NULL;
}

static const char *span_text(const parser *P, int from, int to) {
  if (to <= from) return "";
  int s = P->tok[from].start, e = P->tok[to - 1].end;
  return design_arena_strndup(P->arena, P->src + s, (size_t)(e - s));
}

static void note_unknown(parser *P, int i) {
  clause *c = P->c;
  const char **list = design_alloc(P->arena, (size_t)(c->unknown_count + 1) * sizeof *list);
  if (c->unknown_count) memcpy(list, c->unknown, (size_t)c->unknown_count * sizeof *list);
  list[c->unknown_count++] = span_text(P, i, i + 1);
  c->unknown = list;
}

/* ---- colours ------------------------------------------------------------- */

static bool palette_color(const parser *P, const char *lower, rgb_t *out) {
  const design_tokens *t = &P->bp->tokens;
  for (size_t i = 0; i < t->palette_count; i++)
    if (strcmp(t->palette[i].lower, lower) == 0) { *out = t->palette[i].color; return true; }
  return false;
}

static bool token_color(const parser *P, const char *lower, rgb_t *out) {
  const design_tokens *t = &P->bp->tokens;
  if (!strcmp(lower, "primary") && t->has_primary) { *out = t->primary; return true; }
  if (!strcmp(lower, "accent") && t->has_accent) { *out = t->accent; return true; }
  return false;
}

static bool named_color(const parser *P, const char *lower, rgb_t *out) {
  if (design_color_css_name(lower, out) || palette_color(P, lower, out)) return true;
  if (strchr(lower, '-')) { /* "dark-blue", "sky-blue", "light-navy" */
    char joined[64];
    size_t n = 0;
    for (const char *p = lower; *p && n + 1 < sizeof joined; p++)
      if (*p != '-') joined[n++] = *p;
    joined[n] = 0;
    if (named_color(P, joined, out)) return true;
    bool light = strncmp(lower, "light-", 6) == 0, dark = strncmp(lower, "dark-", 5) == 0;
    rgb_t base;
    if ((light || dark) && !strchr(lower + (light ? 6 : 5), '-') && named_color(P, lower + (light ? 6 : 5), &base)) {
      *out = design_color_mix(base, light ? 0xFFFFFF : 0x000000, 0.3);
      return true;
    }
    return false;
  }
  if (strstr(lower, "grey")) { /* grey = gray in every compound */
    char tmp[64];
    size_t n = strlen(lower);
    if (n < sizeof tmp) {
      memcpy(tmp, lower, n + 1);
      char *g = strstr(tmp, "grey");
      g[2] = 'a';
      return design_color_css_name(tmp, out);
    }
  }
  return false;
}

/* A colour word at i: a name, "light X" / "dark X", a palette or token name.
 * Returns the number of tokens used, 0 when none. */
static int color_words_prefixed(const parser *P, int i, rgb_t *out, bool allow_prefix);

/* Memoised per token for the current part: parsing asks the same question
 * about a word several times. Only answers computed within the part's own
 * bounds are kept (a look into the next part, for borrowing its noun, must
 * neither read nor leave a memo: the next part resets them when it starts),
 * so an answer never depends on what was parsed before. */
static int color_words(const parser *P, int i, rgb_t *out) {
  if (i < 0 || i >= P->end) return 0;
  if (P->end != P->part_end || i >= P->part_end) return color_words_prefixed(P, i, out, true);
  if (P->color_used[i] < 0) {
    rgb_t c = 0;
    int used = color_words_prefixed(P, i, &c, true);
    P->color_used[i] = (signed char)used;
    P->color_value[i] = c;
  }
  *out = P->color_value[i];
  return P->color_used[i];
}

/* `allow_prefix`: one "light" / "dark" in front, never a chain of them. */
static int color_words_prefixed(const parser *P, int i, rgb_t *out, bool allow_prefix) {
  const token *t = at(P, i);
  if (t->kind != TK_WORD) return 0;
  const char *w = t->lower;
  /* names written as several words: "dark slate grey", "sky blue" */
  for (int words = 3; words >= 2; words--) {
    char joined[96] = "";
    bool ok = true;
    for (int k = 0; k < words && ok; k++) {
      const token *p = at(P, i + k);
      ok = p->kind == TK_WORD && strlen(joined) + strlen(p->lower) < sizeof joined;
      if (ok) strcat(joined, p->lower);
    }
    if (ok && words == 2 && !strcmp(joined, "navyblue")) joined[4] = 0; /* "navy blue" is navy */
    if (ok && named_color(P, joined, out)) return words;
  }
  bool light = !strcmp(w, "light"), dark = !strcmp(w, "dark");
  if ((light || dark) && allow_prefix && at(P, i + 1)->kind == TK_WORD) {
    rgb_t base;
    int used = color_words_prefixed(P, i + 1, &base, false);
    if (used > 0) {
      *out = design_color_mix(base, light ? 0xFFFFFF : 0x000000, 0.3);
      return used + 1;
    }
  }
  if (named_color(P, w, out)) return 1;
  bool colour_word_follows = word_is(P, i + 1, "colour") || word_is(P, i + 1, "color");
  if (!colour_word_follows && token_color(P, w, out)) return 1;
  return 0;
}

/* ---- noun phrases -------------------------------------------------------- */

static bool is_pronoun_word(const char *w) {
  return !strcmp(w, "it") || !strcmp(w, "its") || !strcmp(w, "them") || !strcmp(w, "they") ||
         !strcmp(w, "their") || !strcmp(w, "itself");
}

/* "that says X" / "labelled X" / "with the text X" after a noun. */
static int relative_text(parser *P, int i, const char **text) {
  int j = i;
  bool relative = word_is(P, j, "that") || word_is(P, j, "which");
  if (relative) j++;
  if (!relative && category(P, j) == LX_SAY && (word_is(P, j, "say") || word_is(P, j, "says") ||
                                                word_is(P, j, "read") || word_is(P, j, "reads")))
    return i; /* "make the cta say Order": the text to set, not a filter */
  if (word_is(P, j, "with") && (word_is(P, j + 1, "text") || (word_is(P, j + 1, "the") && word_is(P, j + 2, "text"))))
    j += word_is(P, j + 1, "the") ? 3 : 2;
  else if (category(P, j) == LX_SAY) j++;
  else return i;
  if (at(P, j)->kind == TK_QUOTED) {
    *text = at(P, j)->lower;
    return j + 1;
  }
  int k = j;
  while (k < P->end && at(P, k)->kind != TK_END) {
    int cat = category(P, k);
    rgb_t dummy;
    if (k > j && (cat == LX_SIZE || cat == LX_STYLE || cat == LX_VIS || cat == LX_POS || cat == LX_PROP ||
                  (cat == LX_PREP && (word_is(P, k, "to") || word_is(P, k, "by"))) || color_words(P, k, &dummy)))
      break;
    k++;
  }
  if (k == j) return i;
  *text = span_text(P, j, k);
  return k;
}

/* A noun after `from` reached only through plain unknown words, as in "the
 * premium product b card" where the words before "card" are its text;
 * returns its index or -1. */
static int later_noun(const parser *P, int from, int limit) {
  rgb_t dummy;
  for (int k = from; k < P->end && k < limit; k++) {
    bool plural;
    const token *t = at(P, k);
    if (t->kind != TK_WORD || color_words(P, k, &dummy)) return -1;
    if (noun_at(P, k, &plural) >= 0) return strcmp(t->lower, "text") == 0 ? -1 : k;
    if (category(P, k) != LX_NONE || component_id_for(P, t->lower)) return -1;
  }
  return -1;
}

/* Scans ahead from i for a head noun or id among plain words; returns its
 * index or -1. */
static int noun_ahead(const parser *P, int i) {
  for (int k = i; k < P->end && k < i + 6; k++) {
    const token *t = at(P, k);
    bool plural;
    if (t->kind == TK_WORD && (noun_at(P, k, &plural) >= 0 || component_id_for(P, t->lower))) {
      if (strcmp(t->lower, "text") == 0 && k > i) return -1;
      int later = later_noun(P, k + 1, i + 6);
      return later > 0 ? later : k;
    }
    int cat = category(P, k);
    if (t->kind != TK_WORD && t->kind != TK_NUMBER) return -1;
    if (cat == LX_PREP || cat == LX_SEP || cat == LX_VERB || cat == LX_SAY || cat == LX_PROP) return -1;
  }
  return -1;
}

static void set_noun(noun_phrase *np, int n) {
  np->noun = NOUNS[n];
  np->has_noun = true;
}

/* The head of a noun phrase at i (noun, compound, id). Returns the next
 * index, or i when there is none. */
static int parse_head(parser *P, int i, noun_phrase *np) {
  const token *t = at(P, i);
  bool plural = false;
  if (t->kind != TK_WORD) return i;
  if (word_is(P, i, "call") && word_is(P, i + 1, "to") && word_is(P, i + 2, "action")) {
    set_noun(np, N_CTA);
    bool p2;
    return i + 3 + (noun_at(P, i + 3, &p2) == N_BUTTON ? 1 : 0); /* "the call to action button" */
  }
  const char *id = component_id_for(P, t->lower);
  int n = noun_at(P, i, &plural);
  if (id && (n < 0 || strcmp(id, t->lower) == 0)) {
    np->id = id;
    i++;
    bool p2;
    if (word_is(P, i, "bar") || word_is(P, i, "area") || word_is(P, i, "block")) i++; /* "the search bar" */
    else if (noun_at(P, i, &p2) >= 0 && !word_is(P, i, "text")) i++;       /* "the newsletter heading" */
    return i;
  }
  if (n < 0 && (word_is(P, i, "one") || word_is(P, i, "ones")) && P->has_last_noun) {
    np->noun = P->last_noun;
    np->has_noun = true;
    np->plural = np->plural || word_is(P, i, "ones");
    return i + 1;
  }
  if (n < 0) return i;
  i++;
  bool p2;
  if (n == N_PRODUCT && noun_at(P, i, &p2) == N_CARD) { n = N_PRODUCT; plural = p2; i++; }
  else if (n == N_NAV && (word_is(P, i, "bar") || word_is(P, i, "bars"))) i++;
  else if (n == N_CTA && noun_at(P, i, &p2) == N_BUTTON) { plural = p2; i++; }
  else if ((n == N_TEXT || n == N_INPUT) && (noun_at(P, i, &p2) == N_INPUT)) { n = N_INPUT; plural = p2; i++; }
  set_noun(np, n);
  np->noun.word = at(P, i - 1)->lower;
  np->plural = np->plural || plural;
  P->last_noun = np->noun;
  P->has_last_noun = true;
  return i;
}

/* "11th", "21st", "0th", "-1th": a place written in digits. Sets *place to
 * it (capped at ORDINAL_CAP, so a huge one names a place past the last
 * component), or to 0 for a place of 0 or less, which names none. */
#define ORDINAL_CAP 1000000000
static bool numeric_ordinal(const char *w, int *place) {
  const char *p = w + (*w == '-' || *w == '+');
  size_t digits = strspn(p, "0123456789");
  if (!digits) return false;
  const char *suffix = p + digits;
  if (strcmp(suffix, "st") && strcmp(suffix, "nd") && strcmp(suffix, "rd") && strcmp(suffix, "th")) return false;
  double n = strtod(w, NULL);
  *place = n < 1 ? 0 : n > ORDINAL_CAP ? ORDINAL_CAP : (int)n;
  return true;
}

static bool starts_noun_phrase(const parser *P, int i) {
  const token *t = at(P, i);
  bool plural;
  if (t->kind == TK_QUOTED) return true;
  if (t->kind != TK_WORD) return false;
  int cat = category(P, i);
  int place;
  if (cat == LX_DET || cat == LX_ALL || cat == LX_ORDINAL || cat == LX_PRONOUN || cat == LX_COUNT ||
      numeric_ordinal(t->lower, &place))
    return true;
  return noun_at(P, i, &plural) >= 0 || component_id_for(P, t->lower) != NULL ||
         (word_is(P, i, "call") && word_is(P, i + 1, "to"));
}

/* Parses a noun phrase at i into np; `for_create` leaves "that says" to the
 * caller (it is the new component's text). Returns the next index. */
/* "to last", "from last", "from the end" after an ordinal: the words used. */
static int counted_from_last(const parser *P, int i) {
  if ((word_is(P, i, "to") || word_is(P, i, "from")) && word_is(P, i + 1, "last")) return 2;
  if (word_is(P, i, "from") && word_is(P, i + 1, "the") && word_is(P, i + 2, "end")) return 3;
  return 0;
}

/* Place words that pick one of several before a noun: the ordinal they
 * mean, 0 when the word is none of them. */
static int plural_ordinal_word(const parser *P, int i) {
  static const struct { const char *word; int ordinal; } WORDS[] = {
      {"middle", ORDINAL_MIDDLE}, {"centre", ORDINAL_MIDDLE}, {"center", ORDINAL_MIDDLE},
      {"top", ORDINAL_TOP}, {"topmost", ORDINAL_TOP}, {"uppermost", ORDINAL_TOP},
      {"bottom", ORDINAL_BOTTOM}, {"bottommost", ORDINAL_BOTTOM}, {"lowest", ORDINAL_BOTTOM},
      {"left", ORDINAL_LEFT}, {"leftmost", ORDINAL_LEFT}, {"right", ORDINAL_RIGHT}, {"rightmost", ORDINAL_RIGHT},
      {"penultimate", -2}, {"second-last", -2}, {"second-to-last", -2}, {"next-to-last", -2},
  };
  for (size_t k = 0; k < sizeof WORDS / sizeof *WORDS; k++)
    if (word_is(P, i, WORDS[k].word)) return WORDS[k].ordinal;
  return 0;
}

/* Determiners, quantifiers and quoted text before a head noun. Returns the
 * next index, or i when the token is none of these. */
static int parse_np_modifier(parser *P, int i, noun_phrase *np, bool *saw_det) {
  const token *t = at(P, i);
  bool plural;
  int number = 0;
  if (t->kind == TK_QUOTED) { np->text = t->lower; return i + 1; }
  if (t->kind == TK_NUMBER && t->unit == UNIT_NONE && *saw_det && noun_at(P, i + 1, &plural) >= 0 && plural) {
    double n = t->number; /* "the 2 cards", "the first 3 products" */
    if (n >= 1 && n <= MAX_COUNT && n == floor(n)) np->count = (int)n;
    else if (!P->c->error) /* "the first 0 cards", "2.5 cards", "9999999999 cards": nothing to pick */
      P->c->error = design_printf(P->arena, "\"%s\" is not a number of components; say a whole number from 1 to %d",
                                  span_text(P, i, i + 1), MAX_COUNT);
    return i + 1;
  }
  if (t->kind != TK_WORD) return i;
  const lex_entry *e = lexeme(P, i);
  int cat = e ? e->category : LX_NONE;
  bool det_like = cat == LX_DET && !((word_is(P, i, "a") || word_is(P, i, "an")) &&
                                     (word_is(P, i + 1, "lot") || word_is(P, i + 1, "bit") || word_is(P, i + 1, "little")));
  if (cat == LX_PRONOUN && !is_pronoun_word(t->lower) &&
      (noun_at(P, i + 1, &plural) >= 0 || at(P, i + 1)->kind == TK_QUOTED))
    det_like = true; /* "this button" */
  if (cat == LX_ALL) {
    np->all = true;
    if (word_is(P, i + 1, "of") && starts_noun_phrase(P, i + 2)) i++; /* "all of the cards" */
  }
  else if (cat == LX_ORDINAL || numeric_ordinal(t->lower, &number)) {
    int code = cat == LX_ORDINAL ? e->code : number;
    np->ordinal = code;
    if (code == 0 && !P->c->error) /* "the 0th button", "the -1th card": no component has that place */
      P->c->error = design_printf(P->arena, "\"%s\": no such component; places count from 1st",
                                  span_text(P, i, i + 1));
    int from_last = counted_from_last(P, i + 1);
    if (from_last && code > 0) { /* "the second to last card" */
      np->ordinal = -code;
      i += from_last;
    }
  } else if ((plural_ordinal_word(P, i) != 0) && (noun_at(P, i + 1, &plural) >= 0 || word_is(P, i + 1, "one")))
    np->ordinal = plural_ordinal_word(P, i); /* "the middle card", "the top button", "the penultimate card" */
  else if (cat == LX_COUNT) np->count = e->code;
  else if ((!strcmp(t->lower, "primary") || !strcmp(t->lower, "main")) && noun_at(P, i + 1, &plural) >= 0)
    np->prefer_cta = true;
  else if (!det_like) return i;
  *saw_det = *saw_det || cat != LX_NONE;
  return i + 1;
}

/* Words before a noun ("the shop now button") or a bare name ("the
 * banner"), matched later by text or id. Returns the next index. */
static int parse_np_descriptor(parser *P, int i, noun_phrase *np, bool saw_det) {
  int head = noun_ahead(P, i);
  if (P->c->verb == VERB_ADD && head > i) return i; /* "add a red button": values of the new one, read one by one */
  bool verbless_start = !P->c->has_verb && i == P->part_start;
  if (head > i && (saw_det || np->text || verbless_start)) {
    np->descriptor = span_text(P, i, head);
    return parse_head(P, head, np);
  }
  if (!saw_det || np->text || category(P, i) != LX_NONE) return i;
  int k = i;
  rgb_t dummy;
  while (k < P->end && at(P, k)->kind == TK_WORD && category(P, k) == LX_NONE && !color_words(P, k, &dummy)) k++;
  if (k > i) np->descriptor = span_text(P, i, k);
  return k;
}

static int finish_np(parser *P, noun_phrase *np, int start, int end) {
  np->present = true;
  np->start = start;
  np->end = end;
  np->phrase = span_text(P, start, end);
  return end;
}

/* True when tokens [from, to) are plain words: no verb, preposition,
 * property, position or colour ("shop all", "view sale"). */
static bool plain_words(const parser *P, int from, int to) {
  rgb_t dummy;
  for (int k = from; k < to; k++) {
    int cat = category(P, k);
    if (at(P, k)->kind != TK_WORD || !(cat == LX_NONE || cat == LX_ALL) || color_words(P, k, &dummy)) return false;
  }
  return to > from;
}

/* "the first and second cards", "the shop all and view sale buttons": a
 * part ending in an ordinal or name borrows the noun that ends the next
 * part, written as "and" / "," then an ordinal or plain words and a noun.
 * Returns true when it did. */
static bool borrow_noun_after_and(parser *P, int i, noun_phrase *np) {
  const token *sep = i < P->total ? &P->tok[i] : NULL;
  if (!sep || !(sep->kind == TK_COMMA || (sep->kind == TK_WORD && !strcmp(sep->lower, "and")))) return false;
  int saved_end = P->end;
  P->end = P->total < i + 6 ? P->total : i + 6;
  int k = i + 1 + (word_is(P, i + 1, "the") ? 1 : 0), n = -1, head = k + 1;
  bool plural;
  int place;
  if (category(P, k) == LX_ORDINAL || (at(P, k)->kind == TK_WORD && numeric_ordinal(at(P, k)->lower, &place)))
    n = noun_at(P, head, &plural);
  else
    for (; head < P->end; head++) {
      if (!plain_words(P, k, head)) break;
      if ((n = noun_at(P, head, &plural)) >= 0) break;
    }
  P->end = saved_end;
  if (n < 0 || n == N_TEXT) return false;
  set_noun(np, n);
  np->noun.word = P->tok[head].lower;
  return true;
}

/* "product 2", "card #2", "card number 2", "card no. 2": the number after a
 * singular noun is its place in reading order. Returns the next index. */
static int numbered(parser *P, int i, noun_phrase *np) {
  if (np->ordinal || np->count || np->plural || np->id || !np->has_noun) return i;
  int k = i;
  if (word_is(P, k, "number") || word_is(P, k, "no")) k++;
  const token *t = at(P, k);
  double n = 0;
  if (t->kind == TK_NUMBER && t->unit == UNIT_NONE) n = t->number;
  else if (t->kind == TK_COLOR && t->lower[0] == '#' && t->lower[1] && strspn(t->lower + 1, "0123456789") == strlen(t->lower + 1))
    n = atof(t->lower + 1); /* "#2" is lexed as a (bad) colour */
  else return i;
  const token *after = at(P, k + 1);
  if (!(n >= 1 && n <= 1000 && n == (int)n) || category(P, k + 1) == LX_DIM || category(P, k + 1) == LX_SIZE ||
      word_is(P, k + 1, "times") || word_is(P, k + 1, "x") || word_is(P, k + 1, "by") || word_is(P, k + 1, "px") ||
      word_is(P, k + 1, "pixels") || word_is(P, k + 1, "percent") || after->kind == TK_NUMBER)
    return i;
  np->ordinal = (int)n;
  return k + 1;
}

/* "the card in the middle" names the middle one, unless the verb moves it
 * there ("put the button in the middle"). */
static int in_the_middle(parser *P, int i, noun_phrase *np) {
  int v = P->c->verb;
  if (np->ordinal || v == VERB_MOVE || v == VERB_ALIGN || v == VERB_CENTER || !word_is(P, i, "in") ||
      !word_is(P, i + 1, "the") ||
      !(word_is(P, i + 2, "middle") || word_is(P, i + 2, "centre") || word_is(P, i + 2, "center")))
    return i;
  np->ordinal = ORDINAL_MIDDLE;
  return i + 3;
}

/* "the button at the bottom", "the card at the top", "the text on the
 * right": a place after the noun picks among the matches as the same word
 * before it would ("the bottom button"), and is never a move order, unless
 * the verb moves or places things ("move the button to the bottom", "add a
 * button at the top"), where it is the destination. */
static int place_after_noun(parser *P, int i, noun_phrase *np) {
  int v = P->c->verb;
  if (np->ordinal || v == VERB_MOVE || v == VERB_ALIGN || v == VERB_CENTER || v == VERB_ADD) return i;
  int k = i;
  bool at = word_is(P, k, "at"), on = word_is(P, k, "on");
  if (!at && !on) return i;
  k++;
  if (word_is(P, k, "the")) k++;
  if (word_is(P, k, "very")) k++;
  int place = 0;
  if (word_is(P, k, "top")) place = ORDINAL_TOP;
  else if (word_is(P, k, "bottom")) place = ORDINAL_BOTTOM;
  else if (on && word_is(P, k, "left")) place = ORDINAL_LEFT;
  else if (on && word_is(P, k, "right")) place = ORDINAL_RIGHT;
  bool article = word_is(P, i + 1, "the") || word_is(P, i + 1, "very");
  if (!place || (at && !article)) return i; /* "at the top" and "on top" name a place, "at top speed" not */
  k++;
  if (word_is(P, k, "side") || word_is(P, k, "edge")) k++;
  else if (word_is(P, k, "of") && word_is(P, k + 1, "the") && (word_is(P, k + 2, "page") || word_is(P, k + 2, "screen")))
    k += 3;
  np->ordinal = place;
  return k;
}

/* Parses a noun phrase at i into np; `for_create` leaves "that says" to the
 * caller (it is the new component's text). Returns the next index, or i
 * when there is no noun phrase. */
static int parse_np(parser *P, int i, noun_phrase *np, bool for_create) {
  int start = i, next;
  bool saw_det = false;
  memset(np, 0, sizeof *np);
  while (i < P->end && (next = parse_np_modifier(P, i, np, &saw_det)) > i) i = next;
  if (at(P, i)->kind == TK_WORD && category(P, i) == LX_PRONOUN && is_pronoun_word(at(P, i)->lower) &&
      !np->text && !saw_det && !np->all && !np->ordinal && !np->count) {
    np->pronoun = true; /* it, its, them ... */
    return finish_np(P, np, start, i + 1);
  }
  if (at(P, i)->kind == TK_WORD && category(P, i) == LX_PRONOUN && !np->text && !saw_det) {
    np->pronoun = true; /* "this" / "that" on their own */
    return finish_np(P, np, start, i + 1);
  }
  int head_at = i;
  if (!for_create && word_is(P, i, "text") && at(P, i + 1)->kind == TK_QUOTED) {
    set_prop(P, PROP_TEXT, i); /* "change the text "Shop Now" to ...": the component showing it */
    np->text = at(P, i + 1)->lower;
    return finish_np(P, np, start, i + 2);
  }
  next = parse_head(P, i, np);
  i = next > i ? next : parse_np_descriptor(P, i, np, saw_det);
  if (!np->has_noun && !np->id && !np->text && !np->descriptor && np->ordinal && i == P->end)
    borrow_noun_after_and(P, i, np);
  else if (!np->has_noun && !np->id && !np->text && np->descriptor && plain_words(P, head_at, P->end) &&
           borrow_noun_after_and(P, P->end, np)) {
    np->descriptor = span_text(P, head_at, P->end);
    i = P->end;
  }
  if (!np->has_noun && !np->id && !np->text && !np->descriptor) return start;
  if (!for_create && (np->has_noun || np->id)) {
    const char *text = NULL;
    next = relative_text(P, i, &text);
    if (next > i) { np->text = text; i = next; }
    i = in_the_middle(P, i, np);
    i = place_after_noun(P, i, np);
    i = numbered(P, i, np);
  }
  return finish_np(P, np, start, i);
}

/* ---- values -------------------------------------------------------------- */

static double modifier_factor(int size_code, int mod) {
  bool up = size_code == SZ_BIGGER || size_code == SZ_TALLER || size_code == SZ_WIDER;
  if (size_code == SZ_TINY) return 0.5;
  if (size_code == SZ_HUGE) return 1.5;
  if (mod == MOD_SLIGHT) return up ? 1.1 : 0.9;
  if (mod == MOD_MUCH) return up ? 1.5 : 0.5;
  return up ? 1.2 : 0.8;
}

/* A multiplier with a word of decrease divides: "3 times smaller", "2x
 * shorter" are a third and a half (docs/DESIGN.md), "half as big" is a half. */
static void set_size(parser *P, int code) {
  clause *c = P->c;
  bool down = code == SZ_SMALLER || code == SZ_SHORTER || code == SZ_NARROWER || code == SZ_TINY;
  c->has_size = true;
  c->size_from_adjective = true;
  c->factor = P->mult > 0 ? (down && P->mult > 1 ? 1 / P->mult : P->mult) : modifier_factor(code, P->mod);
  c->factor_from_multiplier = P->mult > 0;
  c->dim_w = !(code == SZ_TALLER || code == SZ_SHORTER);
  c->dim_h = !(code == SZ_WIDER || code == SZ_NARROWER);
  c->size_dir = down ? -1 : 1;
  if (P->mult > 0) c->size_dir = c->factor >= 1 ? 1 : -1;
  P->mod = 0;
  P->mult = 0;
}

static const char *negated_style_value(int prop) {
  switch (prop) {
  case STYLE_WEIGHT: return "normal";
  case STYLE_STYLE: return "normal";
  case STYLE_DECORATION: return "none";
  default: return "none";
  }
}

static void set_style(parser *P, int prop, const char *value) {
  clause *c = P->c;
  c->has_style = true;
  c->style_prop = prop;
  c->style_value = P->negate ? negated_style_value(prop) : value;
  P->negate = false;
}

/* The command's bytes from token `from` to the end of token `to - 1`, plus
 * punctuation written right after it ("Hello!", "Acme Inc."), except a
 * full stop that ends the whole command (a sentence's end, not the text). */
static const char *typed_text(const parser *P, int from, int to) {
  int s = P->tok[from].start, e = P->tok[to - 1].end;
  int limit = to < P->end ? P->tok[to].start : (int)strlen(P->src);
  while (e < limit && !isspace((unsigned char)P->src[e]) && P->src[e] != ',' && P->src[e] != ';') e++;
  bool command_end = true;
  for (int k = e; P->src[k]; k++)
    if (!isspace((unsigned char)P->src[k])) command_end = false;
  if (command_end && e - 1 > s && P->src[e - 1] == '.' && P->src[e - 2] != '.') e--;
  return design_arena_strndup(P->arena, P->src + s, (size_t)(e - s));
}

/* Where a new component's unquoted text ends: "below / above X", "at the
 * top", "to the bottom". Words such as "up" or "top" alone stay text
 * ("Sign up", "Back to top"). */
static bool starts_place_phrase(const parser *P, int k) {
  const lex_entry *e = lexeme(P, k);
  if (e && e->category == LX_POS && (e->code == POS_ABOVE || e->code == POS_BELOW))
    return starts_noun_phrase(P, k + 1);
  if (!(word_is(P, k, "at") || word_is(P, k, "to")) || !word_is(P, k + 1, "the")) return false;
  const lex_entry *place = lexeme(P, k + 2);
  return place && place->category == LX_POS && place->code != POS_NUDGE;
}

/* The raw text from token i to the end of the part (or before a place
 * phrase when `stop_at_position`), quotes removed when it is one quoted token. */
static int read_text_value(parser *P, int i, bool stop_at_position) {
  if (at(P, i)->kind == TK_QUOTED) {
    P->c->text_value = at(P, i)->lower;
    return i + 1;
  }
  int k = i;
  while (k < P->end) {
    if (stop_at_position && k > i && starts_place_phrase(P, k)) break;
    k++;
  }
  if (k > i) P->c->text_value = typed_text(P, i, k);
  return k;
}

/* A width and a height given together; `next` is the token after the
 * second number, and a "px" / "pixels" after it belongs to them. */
static int set_dims(parser *P, double w, double h, int next) {
  clause *c = P->c;
  c->has_dims = true;
  c->dims_w = w;
  c->dims_h = h;
  if (word_is(P, next, "px") || word_is(P, next, "pixels") || word_is(P, next, "pixel")) next++;
  return next;
}

/* "2x", "3 times": a factor. One of 0 or less ("0 times bigger", "-2x",
 * "0.0x smaller") names no size at all: refused with its words, never read
 * as the default step. */
static void set_multiplier(parser *P, double times, int from, int to) {
  if (times > 0) {
    P->mult = times;
    return;
  }
  P->mult = 0;
  if (!P->c->error)
    P->c->error = design_printf(P->arena, "\"%s\" is not a factor: say a number greater than 0, for example \"2x bigger\"",
                                span_text(P, from, to));
}

static int parse_number(parser *P, int i) {
  clause *c = P->c;
  const token *t = at(P, i);
  bool by = i > 0 && P->tok[i - 1].kind == TK_WORD && !strcmp(P->tok[i - 1].lower, "by");
  int unit = t->unit;
  int next = i + 1;
  if (t->number < 0 && unit != UNIT_TIMES && !c->error) {
    /* "-50% bigger", "-20px taller", "grow by -10": never read as the other way round */
    c->error = design_printf(P->arena, "\"%s\" is negative: say the direction instead, for example \"50%% smaller\" "
                             "or \"20px shorter\"", span_text(P, i, i + 1));
  }
  if (unit == UNIT_TIMES) { /* "2x bigger", "1.5x taller": a factor */
    set_multiplier(P, t->number, i, next);
    return next;
  }
  if (word_is(P, next, "percent") || word_is(P, next, "per")) {
    unit = UNIT_PERCENT;
    next += word_is(P, next, "per") && word_is(P, next + 1, "cent") ? 2 : 1;
  } else if (word_is(P, next, "pixels") || word_is(P, next, "pixel") || word_is(P, next, "pt") ||
             word_is(P, next, "pts") || word_is(P, next, "points") || word_is(P, next, "point")) {
    unit = UNIT_PX;
    next++;
  }
  if (unit != UNIT_PERCENT && (word_is(P, next, "x") || word_is(P, next, "by")) && at(P, next + 1)->kind == TK_NUMBER &&
      at(P, next + 1)->unit != UNIT_PERCENT && at(P, next + 1)->unit != UNIT_TIMES)
    return set_dims(P, t->number, at(P, next + 1)->number, next + 2); /* "120 by 44", "150x50", "140 x 44 px" */
  if (by && unit == UNIT_PERCENT) {
    c->has_percent_by = true;
    c->percent_by = t->number;
    return next;
  }
  if (word_is(P, next, "times") || word_is(P, next, "x")) {
    set_multiplier(P, t->number, i, next + 1);
    return next + 1;
  }
  if (c->verb == VERB_MOVE && unit != UNIT_PERCENT && (word_is(P, next, "lower") || word_is(P, next, "higher"))) {
    c->has_position = true; /* "move the list 16px lower" */
    c->position = POS_NUDGE;
    c->axis = 'y';
    c->amount = word_is(P, next, "lower") ? t->number : -t->number;
    return next + 1;
  }
  if (unit == UNIT_PERCENT && !by && word_is(P, next, "of")) {
    /* "50% of its size": a factor, as "scale it to 50%" */
    set_prop(P, PROP_SIZE, i);
    c->has_number = true;
    c->number = t->number;
    c->unit = UNIT_PERCENT;
    next++;
    if (word_is(P, next, "its") || word_is(P, next, "their") || word_is(P, next, "the")) next++;
    if (word_is(P, next, "current") || word_is(P, next, "original")) next++;
    if (word_is(P, next, "size")) next++;
    return next;
  }
  if (category(P, next) == LX_DIM && c->has_number && c->number_dim && c->number_dim != lexeme(P, next)->code &&
      c->unit != UNIT_PERCENT) { /* "200 wide 50 tall" */
    bool wide_first = c->number_dim == 'w';
    c->has_number = false;
    return set_dims(P, wide_first ? c->number : t->number, wide_first ? t->number : c->number, next + 1);
  }
  if (category(P, next) == LX_DIM) {
    c->has_number = true;
    c->number = t->number;
    c->unit = unit;
    c->number_dim = lexeme(P, next)->code;
    return next + 1;
  }
  bool to = i > 0 && P->tok[i - 1].kind == TK_WORD && !strcmp(P->tok[i - 1].lower, "to");
  if (unit == UNIT_PERCENT && !by && !to) {
    /* "30% bigger" */
    c->has_percent_by = true;
    c->percent_by = t->number;
    return next;
  }
  if (by) {
    c->has_delta = true;
    c->delta = t->number;
    return next;
  }
  c->has_number = true;
  c->number = t->number;
  c->unit = unit;
  return next;
}

static int parse_position(parser *P, int i, const lex_entry *e) {
  clause *c = P->c;
  int next = i + 1;
  bool distance_before = c->has_number && c->unit != UNIT_PERCENT && !c->number_dim; /* "10px to the right" */
  if (e->code == POS_NUDGE || ((e->code == POS_LEFT || e->code == POS_RIGHT) &&
                               (distance_before || at(P, next)->kind == TK_NUMBER ||
                                (word_is(P, next, "by") && at(P, next + 1)->kind == TK_NUMBER)))) {
    if (word_is(P, next, "by")) next++;
    double amount = at(P, next)->kind == TK_NUMBER ? at(P, next)->number : 0;
    if (amount < 0 && !c->error) /* "move it down -10px": never up */
      c->error = design_printf(P->arena, "\"%s\" is negative: say the direction instead, for example \"up 10px\"",
                               span_text(P, next, next + 1));
    if (at(P, next)->kind == TK_NUMBER) next++;
    else if (c->has_number && c->unit != UNIT_PERCENT && !c->number_dim) { /* "move it 10px down" */
      amount = c->number;
      c->has_number = false;
    }
    if (word_is(P, next, "px") || word_is(P, next, "pixels")) next++;
    c->has_position = true;
    c->position = POS_NUDGE;
    bool negative = (e->value && !strcmp(e->value, "up")) || e->code == POS_LEFT;
    c->axis = e->code == POS_NUDGE ? 'y' : 'x';
    c->amount = negative ? -amount : amount;
    if (amount == 0) c->error = "say how far to move, for example \"down 10px\"";
    return next;
  }
  c->has_position = true;
  c->position = e->code;
  if (e->code == POS_ABOVE || e->code == POS_BELOW) {
    int after = parse_np(P, next, &c->ref, false);
    if (after == next) c->error = "say which component it goes above or below";
    return after;
  }
  if (word_is(P, next, "side") || word_is(P, next, "edge") || word_is(P, next, "of")) {
    next++;
    if (word_is(P, next - 1, "of")) { /* "top of the page" */
      if (word_is(P, next, "the")) next++;
      if (word_is(P, next, "page") || word_is(P, next, "screen")) next++;
    }
  }
  return next;
}

/* Records the property a part names; a second, different one is kept so
 * the planner can ask instead of picking one. */
static void set_prop(parser *P, int prop, int at_token) {
  clause *c = P->c;
  if (c->prop != PROP_NONE && c->prop != prop && !c->second_prop) c->second_prop = span_text(P, at_token, at_token + 1);
  c->prop = prop;
}

/* Property words at i (with multi-word forms); returns the next index. */
static int parse_property(parser *P, int i, const lex_entry *e) {
  int p = e->code, next = i + 1;
  bool colour_next = word_is(P, next, "colour") || word_is(P, next, "color");
  if ((p == PROP_TEXT || p == PROP_FONT_SIZE) && colour_next) { p = PROP_TEXT_COLOR; next++; }
  else if (p == PROP_TEXT && word_is(P, next, "size")) { p = PROP_FONT_SIZE; next++; }
  else if (p == PROP_FONT_SIZE && word_is(P, next, "size")) next++;
  else if (p == PROP_FONT_SIZE && word_is(P, next, "weight")) { p = PROP_WEIGHT; next++; }
  else if (p == PROP_FONT_SIZE && word_is(P, next, "style")) { p = PROP_STYLE; next++; }
  else if (p == PROP_BG && colour_next) next++;
  else if (p == PROP_RADIUS && word_is(P, next, "radius")) next++;
  clause *c = P->c;
  if (e->value && c->target.present && !c->target.ordinal && !c->target.count && !c->target.id)
    c->target.plural = true; /* "the card backgrounds": the backgrounds of the cards */
  if (p == PROP_BG && P->negate) { /* "no background", "no fill": none at all */
    P->negate = false;
    set_no_color(P, i, next);
  }
  bool other_dim = (p == PROP_HEIGHT && c->prop == PROP_WIDTH) || (p == PROP_WIDTH && c->prop == PROP_HEIGHT);
  if (other_dim && c->has_number && !c->number_dim && c->unit != UNIT_PERCENT && at(P, next)->kind == TK_NUMBER &&
      at(P, next)->unit != UNIT_PERCENT) { /* "width 200 height 50" */
    double first = c->number, second = at(P, next)->number;
    c->has_number = false;
    c->prop = PROP_SIZE;
    return set_dims(P, p == PROP_HEIGHT ? first : second, p == PROP_HEIGHT ? second : first, next + 1);
  }
  set_prop(P, p, i);
  return next;
}

static bool is_token_prop_word(const parser *P, int i) {
  return (word_is(P, i, "primary") || word_is(P, i, "accent")) &&
         (word_is(P, i + 1, "colour") || word_is(P, i + 1, "color"));
}

static int parse_token_prop(parser *P, int i) {
  set_prop(P, word_is(P, i, "primary") ? PROP_TOKEN_PRIMARY : PROP_TOKEN_ACCENT, i);
  return i + 2;
}

/* A determiner that introduces something other than a noun phrase ("the
 * top", "the font size", "the primary colour"). */
static bool det_before_non_noun(const parser *P, int i) {
  int j = i + 1;
  int cat = category(P, j);
  bool plural;
  if (is_token_prop_word(P, j) || word_is(P, j, "base") || word_is(P, j, "border")) return true;
  if (plural_ordinal_word(P, j) && (noun_at(P, j + 1, &plural) >= 0 || word_is(P, j + 1, "one"))) return false;
  if ((cat == LX_SIZE || cat == LX_STYLE || cat == LX_POS) && noun_at(P, j + 1, &plural) >= 0)
    return false; /* "the small button", "the bold title": an adjective of the noun, not a value */
  if (cat == LX_POS || cat == LX_SIZE || cat == LX_MOD || cat == LX_MULT || cat == LX_STYLE) return true;
  if (cat == LX_PROP && !(word_is(P, j, "text") && !word_is(P, j + 1, "of") && !word_is(P, j + 1, "on") &&
                          !word_is(P, j + 1, "in") && !word_is(P, j + 1, "inside") && !word_is(P, j + 1, "colour") &&
                          !word_is(P, j + 1, "color") && !word_is(P, j + 1, "size")))
    return true;
  return false;
}

/* A token colour used as a value: "[the] primary|accent|text|background
 * [colour]" ending the part, after "to" or once a target is named
 * ("change the title colour to the text colour"). Returns tokens used. */
static int token_color_value(const parser *P, int i, rgb_t *out) {
  const clause *c = P->c;
  bool after_to = i > 0 && P->tok[i - 1].kind == TK_WORD && !strcmp(P->tok[i - 1].lower, "to");
  if (!after_to && !c->target.present) return 0;
  int j = i + (word_is(P, i, "the") ? 1 : 0);
  const design_tokens *t = &P->bp->tokens;
  bool known = true;
  if (word_is(P, j, "primary")) { *out = t->primary; known = t->has_primary; }
  else if (word_is(P, j, "accent")) { *out = t->accent; known = t->has_accent; }
  else if (word_is(P, j, "text")) { *out = t->text; known = t->has_text; }
  else if (word_is(P, j, "background")) *out = t->background;
  else return 0;
  int end = j + 1 + ((word_is(P, j + 1, "colour") || word_is(P, j + 1, "color")) ? 1 : 0);
  if (end != P->end || !known) return 0;
  if (end == j + 1 && (word_is(P, j, "text") || word_is(P, j, "background")) && !after_to) return 0;
  return end - i;
}

/* True when the tokens from i to the end of the part are one colour. */
static bool value_is_only_colour(const parser *P, int i) {
  rgb_t c;
  if (at(P, i)->kind == TK_COLOR) return i + 1 == P->end;
  int used = color_words(P, i, &c);
  return used > 0 && i + used == P->end;
}

static bool set_color_value(clause *c, rgb_t color);

/* The colour written at tokens [i, i + used). "from red" names the old
 * colour and is skipped; a second, different colour in one part ("make the
 * header red blue") is asked about, never resolved by keeping one. */
static bool take_color(parser *P, int i, int used, rgb_t color) {
  clause *c = P->c;
  if (i > 0 && P->tok[i - 1].kind == TK_WORD && !strcmp(P->tok[i - 1].lower, "from")) return true;
  if (c->has_color && (c->color != color || c->color_none) && !c->error)
    c->error = design_printf(P->arena, "this step names two colours (the second is \"%s\"); say one",
                         span_text(P, i, i + used));
  return set_color_value(c, color);
}

/* "transparent", "no background": the fill is removed (docs/DESIGN.md). */
static void set_no_color(parser *P, int i, int next) {
  clause *c = P->c;
  if (c->has_color && !c->color_none && !c->error)
    c->error = design_printf(P->arena, "this step names two colours (the second is \"%s\"); say one", span_text(P, i, next));
  c->has_color = true;
  c->color_none = true;
}

static bool set_color_value(clause *c, rgb_t color) {
  c->has_color = true;
  c->color = color;
  return true;
}

static bool is_text_word_for(const parser *P, int i, const char *const *nexts) {
  if (!word_is(P, i, "text")) return false;
  for (; *nexts; nexts++)
    if (word_is(P, i + 1, *nexts)) return true;
  return false;
}

/* Fixed phrases that must be recognised before noun phrases: token colours
 * as values, property phrases, "that says", "less tall", "a lot". Returns
 * the next index, or i when none starts here. */
static int parse_fixed_phrase(parser *P, int i, const lex_entry *e) {
  static const char *const TEXT_PROPS[] = {"colour", "color", "size", NULL};
  static const char *const TEXT_OF[] = {"of", "on", "in", "inside", NULL};
  clause *c = P->c;
  int cat = e ? e->category : LX_NONE, used;
  rgb_t color;
  if ((used = token_color_value(P, i, &color)) > 0 && take_color(P, i, used, color)) return i + used;
  if (cat == LX_DET && det_before_non_noun(P, i)) return i + 1;
  if (is_token_prop_word(P, i)) return parse_token_prop(P, i);
  if ((word_is(P, i, "primary") || word_is(P, i, "accent")) && word_is(P, i + 1, "to") && !c->target.present) {
    set_prop(P, word_is(P, i, "primary") ? PROP_TOKEN_PRIMARY : PROP_TOKEN_ACCENT, i); /* "change primary to #2563EB" */
    return i + 1;
  }
  if ((word_is(P, i, "base") && word_is(P, i + 1, "spacing")) ||
      (word_is(P, i, "border") && (word_is(P, i + 1, "radius") || word_is(P, i + 1, "radii")))) {
    set_prop(P, word_is(P, i, "base") ? PROP_SPACING : PROP_RADIUS, i);
    return i + 2;
  }
  if ((word_is(P, i, "that") || word_is(P, i, "which")) && category(P, i + 1) == LX_SAY) return i + 1;
  if (word_is(P, i, "all") && word_is(P, i + 1, "the") && word_is(P, i + 2, "way")) return i + 3; /* "all the way to" */
  if (is_text_word_for(P, i, TEXT_PROPS)) return parse_property(P, i, e); /* "the text colour" */
  if (is_text_word_for(P, i, TEXT_OF) ||
      (c->target.present && (word_is(P, i, "label") || word_is(P, i, "caption") || word_is(P, i, "wording") ||
                             word_is(P, i, "copy") || word_is(P, i, "words")))) {
    set_prop(P, PROP_TEXT, i); /* "the text on the button", "the button label" */
    return i + 1;
  }
  if (cat == LX_MORE && category(P, i + 1) == LX_DIM) { /* "less tall", "more wide" */
    bool up = e->code > 0, tall = lexeme(P, i + 1)->code == 'h';
    set_size(P, tall ? (up ? SZ_TALLER : SZ_SHORTER) : (up ? SZ_WIDER : SZ_NARROWER));
    return i + 2;
  }
  if (cat == LX_SAY) /* "change what the button says to Buy now": "to" is no part of the text */
    return read_text_value(P, i + 1 + (word_is(P, i + 1, "to") ? 1 : 0), c->verb == VERB_ADD);
  if (cat == LX_DET && (word_is(P, i + 1, "lot") || word_is(P, i + 1, "bit") || word_is(P, i + 1, "little"))) {
    P->mod = word_is(P, i + 1, "lot") ? MOD_MUCH : MOD_SLIGHT;
    return i + 2;
  }
  return i;
}

/* The target, or the second operand of a swap. */
/* "... and change the text to Buy", "... and the text to yellow": after an
 * earlier step, a bare "the text" followed by "to" or a value is the text
 * of the components the step goes on with, not a text component
 * (docs/DESIGN.md, "Implied targets"). Returns the next index, or i. */
static int implied_text_property(parser *P, int i) {
  clause *c = P->c;
  if (P->part_start == 0 || c->target.present || c->verb == VERB_ADD) return i;
  int k = i + (word_is(P, i, "the") ? 1 : 0);
  if (!word_is(P, k, "text")) return i;
  const token *after = at(P, k + 1);
  rgb_t dummy;
  bool value_follows = word_is(P, k + 1, "to") || after->kind == TK_END || after->kind == TK_COLOR ||
                       color_words(P, k + 1, &dummy) > 0;
  if (!value_follows) return i;
  set_prop(P, PROP_TEXT, k);
  return k + 1;
}

static int parse_target_phrase(parser *P, int i) {
  clause *c = P->c;
  int implied = implied_text_property(P, i);
  if (implied > i) return implied;
  bool named_first = !c->has_verb && i == P->part_start && noun_ahead(P, i) > i && plain_words(P, i, noun_ahead(P, i));
  if (!c->target.present && (starts_noun_phrase(P, i) || named_first))
    return parse_np(P, i, &c->target, c->verb == VERB_ADD);
  if (c->target.present && !c->ref.present && c->verb == VERB_SWAP && starts_noun_phrase(P, i))
    return parse_np(P, i, &c->ref, false);
  return i;
}

static int parse_multiplier(parser *P, int i, const lex_entry *e) {
  P->mult = e->code / 10.0;
  if (word_is(P, i + 1, "as")) return i + 2;
  if ((word_is(P, i + 1, "its") || word_is(P, i + 1, "their")) && word_is(P, i + 2, "size")) {
    set_size(P, P->mult >= 1 ? SZ_BIGGER : SZ_SMALLER); /* "half its size" */
    return i + 3;
  }
  int size_at = word_is(P, i + 1, "the") && word_is(P, i + 2, "size") ? i + 2 : word_is(P, i + 1, "size") ? i + 1 : -1;
  if (size_at < 0) return i + 1;
  set_size(P, P->mult >= 1 ? SZ_BIGGER : SZ_SMALLER); /* "double the size", "half size" */
  return size_at + 1;
}

static int parse_preposition(parser *P, int i) {
  clause *c = P->c;
  if (word_is(P, i, "to") && c->prop == PROP_TEXT && c->verb != VERB_RENAME && value_is_only_colour(P, i + 1)) {
    c->prop = PROP_TEXT_COLOR; /* "change the button text to red": its colour */
    return i + 1;
  }
  if (word_is(P, i, "to") && (c->verb == VERB_RENAME || c->prop == PROP_TEXT)) return read_text_value(P, i + 1, false);
  if (word_is(P, i, "with") && c->verb == VERB_SWAP && !c->ref.present) {
    int next = parse_np(P, i + 1, &c->ref, false);
    if (next > i + 1) return next;
  }
  return i + 1;
}

/* A word by its lexicon category; returns i when the category says nothing. */
static int parse_by_category(parser *P, int i, const lex_entry *e) {
  clause *c = P->c;
  switch (e ? e->category : LX_NONE) {
  case LX_PROP: return parse_property(P, i, e);
  case LX_SIZE: set_size(P, e->code); return i + 1;
  case LX_MOD: P->mod = e->code; return i + 1;
  case LX_MULT: return parse_multiplier(P, i, e);
  case LX_STYLE: set_style(P, e->code, e->value); return i + 1;
  case LX_NOT: P->negate = true; return i + 1;
  case LX_VIS:
    c->has_visibility = true;
    c->hidden = P->negate ? !e->code : e->code;
    P->negate = false;
    return i + 1;
  case LX_POS: return parse_position(P, i, e);
  case LX_DIM: /* "twice as tall", "half as wide" */
    if (P->mult <= 0) return i;
    set_size(P, e->code == 'h' ? (P->mult >= 1 ? SZ_TALLER : SZ_SHORTER) : (P->mult >= 1 ? SZ_WIDER : SZ_NARROWER));
    return i + 1;
  case LX_MORE: c->has_more_less = true; c->more_less = e->code; return i + 1;
  case LX_PREP: return parse_preposition(P, i);
  case LX_STOP: case LX_DET: return i + 1;
  default: return i;
  }
}

/* Style phrases outside the lexicon ("normal weight", "strike through",
 * "upper case") and an unknown "light X" / "dark X" colour. */
static int parse_style_phrase(parser *P, int i) {
  const char *w = at(P, i)->lower;
  char *end;
  double times = strtod(w, &end);
  if (end != w && (!strcmp(end, "x") || !strcmp(end, "times"))) {
    set_multiplier(P, times, i, i + 1); /* "2x bigger" */
    return i + 1;
  }
  const lex_entry *e = lexeme(P, i);
  if (e && e->category == LX_COUNT && (word_is(P, i + 1, "times") || word_is(P, i + 1, "x"))) {
    P->mult = e->code; /* "three times bigger" */
    return i + 2;
  }
  if (!strcmp(w, "horizontally") || !strcmp(w, "aligned")) return i + 1;
  int full_words = !strcmp(w, "full-width") || !strcmp(w, "fullwidth") ? 1
                   : !strcmp(w, "full") && word_is(P, i + 1, "width") ? 2 : 0;
  if (full_words) { /* "make the button full width": the whole viewport, x = 0 */
    set_size(P, SZ_WIDER);
    P->c->factor = 1;
    P->c->full_width = true;
    return i + full_words;
  }
  if (!strcmp(w, "normal") && (word_is(P, i + 1, "weight") || word_is(P, i + 1, "style") || word_is(P, i + 1, "case"))) {
    int prop = word_is(P, i + 1, "weight") ? STYLE_WEIGHT : word_is(P, i + 1, "style") ? STYLE_STYLE : STYLE_TRANSFORM;
    set_style(P, prop, prop == STYLE_TRANSFORM ? "none" : "normal");
    return i + 2;
  }
  if (!strcmp(w, "normal") || !strcmp(w, "unbold") || !strcmp(w, "unbolded")) {
    set_style(P, STYLE_WEIGHT, "normal");
    return i + 1;
  }
  if (!strcmp(w, "line-through") || (!strcmp(w, "strike") && word_is(P, i + 1, "through"))) {
    set_style(P, STYLE_DECORATION, "line-through");
    return i + (word_is(P, i, "strike") ? 2 : 1);
  }
  if ((!strcmp(w, "upper") || !strcmp(w, "lower")) && word_is(P, i + 1, "case")) {
    set_style(P, STYLE_TRANSFORM, w[0] == 'u' ? "uppercase" : "lowercase");
    return i + 2;
  }
  if ((!strcmp(w, "light") || !strcmp(w, "dark")) && at(P, i + 1)->kind == TK_WORD) {
    if (!P->c->error) P->c->error = design_printf(P->arena, "unknown colour \"%s\"", span_text(P, i, i + 2));
    return i + 2;
  }
  return i;
}

/* "doesn't", "shouldn't", "won't": negations however they are spelled. */
static bool negation_word(const char *w) {
  size_t n = strlen(w);
  return n > 3 && strcmp(w + n - 3, "n't") == 0;
}

static int parse_word(parser *P, int i) {
  const lex_entry *e = lexeme(P, i);
  int next;
  rgb_t color;
  if (!e && negation_word(at(P, i)->lower)) {
    P->negate = true;
    return i + 1;
  }
  if (word_is(P, i, "transparent") || (word_is(P, i, "see-through"))) {
    set_no_color(P, i, i + 1);
    return i + 1;
  }
  if ((next = parse_fixed_phrase(P, i, e)) > i) return next;
  if ((next = parse_target_phrase(P, i)) > i) return next;
  if (!(e && e->category == LX_PROP) && (next = color_words(P, i, &color)) > 0 && take_color(P, i, next, color))
    return i + next;
  if ((next = parse_by_category(P, i, e)) > i) return next;
  if ((next = parse_style_phrase(P, i)) > i) return next;
  note_unknown(P, i);
  return i + 1;
}

static int parse_item(parser *P, int i) {
  clause *c = P->c;
  const token *t = at(P, i);
  switch (t->kind) {
  case TK_QUOTED:
    if (!c->target.present && c->verb != VERB_ADD) {
      int next = parse_np(P, i, &c->target, false);
      if (next > i) return next;
    }
    c->text_value = t->lower;
    return i + 1;
  case TK_COLOR:
    if (t->color_ok) take_color(P, i, 1, t->color);
    else if (!c->error) {
      c->error = design_printf(P->arena, "unknown colour \"%s\"", span_text(P, i, i + 1));
    }
    return i + 1;
  case TK_NUMBER: return parse_number(P, i);
  case TK_WORD: return parse_word(P, i);
  default: return i + 1;
  }
}

/* "make a copy of", "create a duplicate of": the number of words, 0 when
 * the part does not start so. */
static int copy_phrase_length(const parser *P, int i, double *copies) {
  if (!(word_is(P, i, "make") || word_is(P, i, "create") || word_is(P, i, "add"))) return 0;
  int k = i + 1;
  *copies = 1;
  const lex_entry *count = lexeme(P, k);
  if (word_is(P, k, "a") || word_is(P, k, "another")) k++;
  else if (at(P, k)->kind == TK_NUMBER && at(P, k)->unit == UNIT_NONE) *copies = at(P, k++)->number; /* "make 3 copies of" */
  else if (count && count->category == LX_COUNT) { *copies = count->code; k++; } /* "make two copies of" */
  bool plural = word_is(P, k, "copies") || word_is(P, k, "duplicates");
  if (!(word_is(P, k, "copy") || word_is(P, k, "duplicate") || (plural && *copies != 1))) return 0;
  return word_is(P, k + 1, "of") ? k + 2 - i : 0;
}

/* How many copies a duplicate makes: a whole number from 1 to MAX_COPIES. */
static void set_copies(parser *P, double n) {
  if (n >= 1 && n <= MAX_COPIES && n == floor(n)) P->c->copies = (int)n;
  else if (!P->c->error)
    P->c->error = design_printf(P->arena, "say how many copies as a whole number from 1 to %d", MAX_COPIES);
}

/* Leading verb of a part, after politeness words; returns the next index. */
static int parse_verb(parser *P, int i) {
  clause *c = P->c;
  while (i < P->end && (category(P, i) == LX_STOP ||
                        (word_is(P, i, "i") || word_is(P, i, "want") || word_is(P, i, "lets") ||
                         word_is(P, i, "let's") || word_is(P, i, "let") || word_is(P, i, "us") ||
                         (word_is(P, i, "to") && i > 0 && word_is(P, i - 1, "want")))))
    i++;
  const token *t = at(P, i);
  if (t->kind != TK_WORD) return i;
  for (size_t k = 0; k < sizeof LEADING_VERBS / sizeof *LEADING_VERBS; k++) {
    if (strcmp(LEADING_VERBS[k].word, t->lower) != 0) continue;
    bool plural;
    /* "colour the button" is a verb; "bold" before a noun phrase too */
    if (!starts_noun_phrase(P, i + 1) && noun_at(P, i + 1, &plural) < 0) break;
    c->verb = LEADING_VERBS[k].code;
    c->has_verb = true;
    if (c->verb == VERB_STYLE) {
      const lex_entry *e = lookup_exact(LEADING_VERBS[k].value);
      set_style(P, e ? e->code : STYLE_WEIGHT, LEADING_VERBS[k].value);
    }
    return i + 1;
  }
  int align_words = (word_is(P, i + 1, "align") || word_is(P, i + 1, "justify")) ? 2 : 0;
  if (!align_words && (word_is(P, i, "left-align") || word_is(P, i, "right-align") || word_is(P, i, "center-align") ||
                       word_is(P, i, "centre-align")))
    align_words = 1;
  if (align_words && (word_is(P, i, "left") || word_is(P, i, "right") || word_is(P, i, "center") ||
                      word_is(P, i, "centre") || strstr(t->lower, "-align"))) {
    c->verb = VERB_ALIGN; /* "left-align the title", "right align the button" */
    c->has_verb = true;
    c->has_position = true;
    c->position = t->lower[0] == 'l' ? POS_LEFT : t->lower[0] == 'r' ? POS_RIGHT : POS_CENTER;
    return i + align_words;
  }
  if ((word_is(P, i, "scale") || word_is(P, i, "size")) && (word_is(P, i + 1, "up") || word_is(P, i + 1, "down"))) {
    c->verb = word_is(P, i + 1, "up") ? VERB_GROW : VERB_SHRINK; /* "scale up the image" */
    c->has_verb = true;
    return i + 2;
  }
  if (word_is(P, i, "bump") && (word_is(P, i + 1, "up") || word_is(P, i + 1, "down"))) {
    c->verb = word_is(P, i + 1, "up") ? VERB_INCREASE : VERB_DECREASE;
    c->has_verb = true;
    return i + 2;
  }
  if (word_is(P, i, "halve")) { /* "halve the image": half its size */
    c->verb = VERB_SHRINK;
    c->has_verb = true;
    P->mult = 0.5;
    return i + 1;
  }
  double copies;
  int copy_words = copy_phrase_length(P, i, &copies);
  if (copy_words) { /* "make a copy of the card", "make 3 copies of the card" */
    set_copies(P, copies);
    c->verb = VERB_DUPLICATE;
    c->has_verb = true;
    return i + copy_words;
  }
  if ((word_is(P, i, "swap") || word_is(P, i, "switch") || word_is(P, i, "exchange")) &&
      (word_is(P, i + 1, "the") || word_is(P, i + 1, "places") || word_is(P, i + 1, "positions"))) {
    int k = i + 1 + (word_is(P, i + 1, "the") ? 1 : 0);
    if ((word_is(P, k, "positions") || word_is(P, k, "places") || word_is(P, k, "order")) && word_is(P, k + 1, "of")) {
      c->verb = VERB_SWAP; /* "swap the positions of the header and the button" */
      c->has_verb = true;
      return k + 2;
    }
  }
  if (word_is(P, i, "get") && word_is(P, i + 1, "rid") && word_is(P, i + 2, "of")) {
    c->verb = VERB_DELETE;
    c->has_verb = true;
    return i + 3;
  }
  const lex_entry *e = lexeme(P, i);
  if (e && e->category == LX_VERB) {
    c->verb = e->code;
    c->has_verb = true;
    c->clear_verb = e->value && !strcmp(e->value, "clear");
    if (c->verb == VERB_MOVE && (word_is(P, i + 1, "a") || word_is(P, i + 1, "an") || word_is(P, i + 1, "another")))
      c->verb = VERB_ADD; /* "put a new button below the intro" makes one */
    return i + 1;
  }
  return i;
}

unsigned design_clause_value_kinds(const clause *c) {
  unsigned k = 0;
  if (c->has_color) k |= 1u << VK_COLOR;
  if (c->has_size || c->has_percent_by || c->has_delta || c->has_number || c->has_more_less || c->has_dims)
    k |= 1u << VK_SIZE;
  if (c->has_style) k |= 1u << VK_STYLE;
  if (c->has_visibility) k |= 1u << VK_VISIBILITY;
  if (c->text_value) k |= 1u << VK_TEXT;
  if (c->has_position) k |= 1u << VK_POSITION;
  return k;
}

/* Notes where each kind of value first appeared, so a part carrying
 * several ("make the button red and italic" without the "and") can become
 * steps in the order written. */
static void note_new_kinds(const parser *P, clause *c, unsigned before, int token, int next) {
  unsigned now = design_clause_value_kinds(c), added = now & ~before;
  for (int k = 0; k < VALUE_KIND_COUNT; k++) {
    if (!(added & (1u << k))) continue;
    c->kind_at[k] = token + 1;
    c->kind_byte[k] = token < P->end ? P->tok[token].start : c->byte_end;
    int first = token; /* "much bigger": the modifier belongs to the value */
    while (first > P->part_start && first <= P->end &&
           (category(P, first - 1) == LX_MOD || category(P, first - 1) == LX_MULT))
      first--;
    c->value_from[k] = first < P->end ? P->tok[first].start : c->byte_end;
    c->value_to[k] = next > token && next <= P->end ? P->tok[next - 1].end : c->byte_end;
  }
}

/* ", please" or "thanks" on its own is no step. */
static bool only_politeness(const parser *P, int b, int e) {
  for (int i = b; i < e; i++)
    if (category(P, i) != LX_STOP) return false;
  return true;
}

static void parse_part(parser *P, int b, int e, clause *c) {
  memset(c, 0, sizeof *c);
  P->c = c;
  P->end = e;
  P->mod = 0;
  P->mult = 0;
  P->negate = false;
  c->text = span_text(P, b, e);
  c->byte_start = P->tok[b].start;
  c->byte_end = P->tok[e - 1].end;
  memset(P->color_used + b, -1, (size_t)(e - b));
  P->part_start = b;
  P->part_end = e;
  int i = parse_verb(P, b);
  while (i < e) {
    unsigned before = design_clause_value_kinds(c);
    int next = parse_item(P, i);
    note_new_kinds(P, c, before, i, next);
    i = next > i ? next : i + 1;
  }
  c->is_empty = only_politeness(P, b, e);
  if (P->negate && !c->error) /* "not black", "should not be bigger": never applied as the opposite */
    c->error = "this step says what not to do; say what to change it to instead, for example \"make the footer white\"";
  unsigned kinds = design_clause_value_kinds(c);
  if (c->verb == VERB_MOVE && !(kinds & (1u << VK_POSITION)) && kinds && !c->ref.present)
    c->verb = VERB_SET; /* "put the intro in italics" */
  if (c->verb == VERB_ADD && (c->prop == PROP_SPACING || c->prop == PROP_RADIUS) && !c->target.present)
    c->verb = VERB_SET; /* "add more spacing" */
  if (P->mod && !P->mult && !c->has_size && (c->verb == VERB_GROW || c->verb == VERB_SHRINK)) {
    unsigned before = design_clause_value_kinds(c); /* "shrink the button a lot": much smaller */
    set_size(P, c->verb == VERB_GROW ? SZ_BIGGER : SZ_SMALLER);
    note_new_kinds(P, c, before, e, e);
  }
  if (P->mult > 0 && c->verb == VERB_DUPLICATE) { /* "duplicate it twice", "copy the divider 2 times" */
    set_copies(P, P->mult);
    P->mult = 0;
  }
  if (P->mult > 0 && !c->has_size) {
    /* "twice as big" leaves the adjective to set_size; a bare "double" */
    unsigned before = design_clause_value_kinds(c);
    set_size(P, P->mult >= 1 ? SZ_BIGGER : SZ_SMALLER);
    note_new_kinds(P, c, before, e, e);
  }
}

static bool is_separator(const parser *P, int i) {
  const token *t = &P->tok[i];
  if (t->kind == TK_COMMA || t->kind == TK_SEMI || t->kind == TK_STOP) return true;
  return t->kind == TK_WORD && P->lex[i] && P->lex[i]->category == LX_SEP; /* then, and, also */
}

void design_parse_command(ta_arena *a, const design_blueprint *bp, const char *command, const token_list *tl,
                   clause **out, int *count) {
  parser P;
  memset(&P, 0, sizeof P);
  P.arena = a;
  P.bp = bp;
  P.src = command;
  P.tok = tl->items;
  P.end = tl->count;
  P.total = tl->count;
  P.lex = design_alloc(a, (size_t)(tl->count + 1) * sizeof *P.lex);
  for (int i = 0; i < tl->count; i++)
    P.lex[i] = tl->items[i].kind == TK_WORD ? lookup_exact(tl->items[i].lower) : NULL;
  P.color_used = design_alloc(a, (size_t)(tl->count + 1));
  memset(P.color_used, -1, (size_t)(tl->count + 1)); /* each part resets its own; nothing is left unset */
  P.color_value = design_alloc(a, (size_t)(tl->count + 1) * sizeof *P.color_value);
  int parts = 1;
  for (int i = 0; i < tl->count; i++)
    if (is_separator(&P, i)) parts++;
  clause *clauses = design_alloc_zero(a, (size_t)parts * sizeof *clauses);
  int n = 0, start = 0;
  for (int i = 0; i <= tl->count; i++) {
    if (i < tl->count && !is_separator(&P, i)) continue;
    if (i > start) {
      P.end = tl->count;
      parse_part(&P, start, i, &clauses[n]);
      n++;
    }
    start = i + 1;
  }
  bool all_politeness = n > 0;
  for (int k = 0; k < n; k++) all_politeness = all_politeness && clauses[k].is_empty;
  for (int k = 0; all_politeness && k < n; k++) clauses[k].is_empty = false; /* "please" alone: not understood */
  *out = clauses;
  *count = n;
}
