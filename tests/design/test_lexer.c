/*
 * test_lexer.c - the command lexer: words, numbers with units, quotes
 * (straight and curly), colours in every notation, possessives and
 * separators; spans always point at the text as typed.
 */
#include <string.h>

#include "design/design_internal.h"
#include "harness.h"

static token_list lex(ta_arena *a, const char *s) {
  token_list tl;
  design_lex_command(a, s, &tl);
  return tl;
}

TEST(lexer_words_are_lower_cased_with_spans) {
  ta_arena a;
  ta_arena_init(&a, 4096);
  const char *cmd = "Make the CTA_Button Red";
  token_list tl = lex(&a, cmd);
  CHECK_INT(tl.count, 4);
  CHECK_INT(tl.items[0].kind, TK_WORD);
  CHECK_STR(tl.items[0].lower, "make");
  CHECK_STR(tl.items[2].lower, "cta_button");
  CHECK_INT(tl.items[2].start, 9);
  CHECK_INT(tl.items[2].end, 19);
  CHECK_INT(tl.items[tl.count].kind, TK_END);
  ta_arena_free(&a);
}

TEST(lexer_numbers_and_units) {
  ta_arena a;
  ta_arena_init(&a, 4096);
  token_list tl = lex(&a, "200px 200 px 30% 1.5 -10px 2nd h1");
  CHECK_INT(tl.count, 7);
  CHECK_INT(tl.items[0].kind, TK_NUMBER);
  CHECK(tl.items[0].number == 200 && tl.items[0].unit == UNIT_PX);
  CHECK(tl.items[1].number == 200 && tl.items[1].unit == UNIT_PX);
  CHECK(tl.items[2].number == 30 && tl.items[2].unit == UNIT_PERCENT);
  CHECK(tl.items[3].number == 1.5 && tl.items[3].unit == UNIT_NONE);
  CHECK(tl.items[4].number == -10 && tl.items[4].unit == UNIT_PX);
  CHECK_INT(tl.items[5].kind, TK_WORD);
  CHECK_STR(tl.items[5].lower, "2nd");
  CHECK_STR(tl.items[6].lower, "h1");
  ta_arena_free(&a);
}

TEST(lexer_quotes_keep_text_exactly) {
  ta_arena a;
  ta_arena_init(&a, 4096);
  token_list tl = lex(&a, "say \"Buy  NOW, then go\" and \xE2\x80\x9CSign up\xE2\x80\x9D");
  CHECK_INT(tl.count, 4);
  CHECK_INT(tl.items[1].kind, TK_QUOTED);
  CHECK_STR(tl.items[1].lower, "Buy  NOW, then go");
  CHECK_INT(tl.items[3].kind, TK_QUOTED);
  CHECK_STR(tl.items[3].lower, "Sign up");
  token_list open = lex(&a, "say \"unterminated");
  CHECK_INT(open.count, 2);
  CHECK_STR(open.items[1].lower, "unterminated");
  ta_arena_free(&a);
}

TEST(lexer_colours_in_every_notation) {
  ta_arena a;
  ta_arena_init(&a, 4096);
  token_list tl = lex(&a, "#abc #A1B2C3 rgb(1, 2, 3) hsl(120, 100%, 25%) #12 rgb(1,2");
  CHECK_INT(tl.count, 6);
  for (int i = 0; i < 6; i++) CHECK_INT(tl.items[i].kind, TK_COLOR);
  CHECK(tl.items[0].color_ok && tl.items[0].color == 0xAABBCC);
  CHECK(tl.items[1].color_ok && tl.items[1].color == 0xA1B2C3);
  CHECK(tl.items[2].color_ok && tl.items[2].color == 0x010203);
  CHECK(tl.items[3].color_ok && tl.items[3].color == 0x008000);
  CHECK(!tl.items[4].color_ok);
  CHECK(!tl.items[5].color_ok);
  ta_arena_free(&a);
}

TEST(lexer_possessives_and_separators) {
  ta_arena a;
  ta_arena_init(&a, 4096);
  token_list tl = lex(&a, "the header's text; its colour, don't");
  /* the header 's text ; its colour , don't */
  CHECK_INT(tl.count, 9);
  CHECK_STR(tl.items[1].lower, "header");
  CHECK_INT(tl.items[2].kind, TK_POSS);
  CHECK_INT(tl.items[4].kind, TK_SEMI);
  CHECK_STR(tl.items[5].lower, "its");
  CHECK_INT(tl.items[7].kind, TK_COMMA);
  CHECK_STR(tl.items[8].lower, "don't");
  ta_arena_free(&a);
}

TEST(lexer_survives_garbage) {
  ta_arena a;
  ta_arena_init(&a, 4096);
  const char junk[] = "\x01\xff\xfe((()))\"\"''##rgb(hsl(%%%--..,,;;\xE2\x80";
  token_list tl = lex(&a, junk);
  CHECK(tl.count >= 0);
  token_list empty = lex(&a, "");
  CHECK_INT(empty.count, 0);
  token_list none = lex(&a, NULL);
  CHECK_INT(none.count, 0);
  ta_arena_free(&a);
}

bool design_parse_lexicon_sorted(void);
TEST(lexicon_is_sorted_for_binary_search) { CHECK(design_parse_lexicon_sorted()); }
