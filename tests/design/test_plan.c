/*
 * test_plan.c - command understanding below the engine: how parts are split
 * and continued, which intent each step gets, how targets resolve (id,
 * noun, synonym, role, ordinal, text, plural, pronoun) and what is refused
 * before anything runs (ambiguity, unknown words, conflicts). Expected
 * values follow SPEC section 2 on data/design/blueprints/storefront.json.
 */
#include <stdlib.h>
#include <string.h>

#include "design/design_internal.h"
#include "harness.h"
#include "tessera/readfile.h"

static design_blueprint *storefront(void) {
  size_t len;
  char *text = tc_read_file(test_path("data/design/blueprints/storefront.json"), 0, &len, NULL, 0);
  design_blueprint *bp = text ? design_blueprint_load(text, len, NULL) : NULL;
  free(text);
  return bp;
}

typedef struct planned {
  ta_arena arena;
  plan p;
  design_blueprint *bp;
} planned;

static void plan_it(planned *x, const char *command) {
  x->bp = storefront();
  ta_arena_init(&x->arena, 1 << 14);
  memset(&x->p, 0, sizeof x->p);
  if (x->bp) design_plan_command(&x->arena, x->bp, command, &x->p);
}

static void done(planned *x) {
  ta_arena_free(&x->arena);
  design_blueprint_free(x->bp);
}

/* The ids a step targets, joined by spaces. */
static const char *targets(planned *x, int step) {
  static char buf[256];
  buf[0] = 0;
  if (step >= x->p.step_count) return "(no step)";
  const plan_step *st = &x->p.steps[step];
  for (int i = 0; i < st->target_count; i++) {
    int key = st->targets[i];
    const char *id = key >= 0 && (size_t)key < x->bp->count ? x->bp->comps[key]->id : "new";
    if (i) strcat(buf, " ");
    strcat(buf, id);
  }
  return buf;
}

static int intent(planned *x, int step) { return step < x->p.step_count ? x->p.steps[step].intent : -1; }

TEST(plan_targets_by_id_noun_synonym_role_and_text) {
  static const char *const SAME_BUTTON[] = {
      "make cta_button red", "make the button red", "make the cta red", "make the call to action red",
      "make the \"Shop Now\" button red", "make the shop now button red", "make the button that says shop now red",
      "make the last button red", "make the first button red"};
  for (size_t i = 0; i < sizeof SAME_BUTTON / sizeof *SAME_BUTTON; i++) {
    planned x;
    plan_it(&x, SAME_BUTTON[i]);
    CHECK_INT(x.p.status, DESIGN_SUCCESS);
    CHECK_STR(targets(&x, 0), "cta_button");
    CHECK_INT(intent(&x, 0), INTENT_COLOR);
    done(&x);
  }
}

TEST(plan_title_matches_by_role_and_products_by_ordinal) {
  planned x;
  plan_it(&x, "make the title bold");
  CHECK_STR(targets(&x, 0), "header_1"); /* header_1 has role title */
  CHECK_INT(intent(&x, 0), INTENT_STYLE);
  done(&x);
  plan_it(&x, "hide the second product");
  CHECK_STR(targets(&x, 0), "product_card_2");
  CHECK_INT(intent(&x, 0), INTENT_VISIBILITY);
  done(&x);
  plan_it(&x, "make all product cards taller");
  CHECK_STR(targets(&x, 0), "product_card_1 product_card_2");
  CHECK_INT(intent(&x, 0), INTENT_RESIZE);
  done(&x);
}

TEST(plan_continuations_and_pronouns) {
  planned x;
  plan_it(&x, "make the button bigger and red");
  CHECK_INT(x.p.step_count, 2);
  CHECK_INT(intent(&x, 0), INTENT_RESIZE);
  CHECK_INT(intent(&x, 1), INTENT_COLOR);
  CHECK_STR(targets(&x, 1), "cta_button");
  done(&x);
  plan_it(&x, "hide the header and the first card");
  CHECK_INT(x.p.step_count, 2);
  CHECK_INT(intent(&x, 1), INTENT_VISIBILITY);
  CHECK_STR(targets(&x, 1), "product_card_1");
  done(&x);
  plan_it(&x, "make the header smaller, then change its colour to blue");
  CHECK_STR(targets(&x, 1), "header_1");
  CHECK_INT(x.p.steps[1].color, 0x0000FF);
  done(&x);
  plan_it(&x, "add a button and make it green");
  CHECK_INT(intent(&x, 0), INTENT_CREATE);
  CHECK_STR(x.p.steps[0].new_id, "button_1");
  CHECK_STR(targets(&x, 1), "new");
  done(&x);
}

TEST(plan_intents_of_each_step_kind) {
  static const struct { const char *command; int intent; } CASES[] = {
      {"make the button red", INTENT_COLOR},
      {"make the header 200px tall", INTENT_RESIZE},
      {"change the button text to \"Buy now\"", INTENT_TEXT},
      {"make the header italic", INTENT_STYLE},
      {"set the header font size to 32", INTENT_FONT_SIZE},
      {"move the button to the top", INTENT_POSITION},
      {"show the header", INTENT_VISIBILITY},
      {"delete the second card", INTENT_DELETE},
      {"add a text \"Hello\" at the top", INTENT_CREATE},
      {"duplicate the first card", INTENT_DUPLICATE},
      {"set the border radius to 12", INTENT_TOKENS},
  };
  for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
    planned x;
    plan_it(&x, CASES[i].command);
    CHECK_INT(x.p.status, DESIGN_SUCCESS);
    CHECK_INT(intent(&x, 0), CASES[i].intent);
    done(&x);
  }
}

TEST(plan_text_is_kept_exactly_as_typed) {
  planned x;
  plan_it(&x, "rename the header to  About ACME co.");
  CHECK_STR(x.p.steps[0].new_text, "About ACME co");
  done(&x);
  plan_it(&x, "rename the header to Hello World! and make it blue");
  CHECK_STR(x.p.steps[0].new_text, "Hello World!");
  done(&x);
  plan_it(&x, "make the cta say \"  Order, then pay  \"");
  CHECK_INT(x.p.step_count, 1);
  CHECK_STR(x.p.steps[0].new_text, "  Order, then pay  ");
  done(&x);
}

TEST(plan_refusals_before_anything_runs) {
  planned x;
  plan_it(&x, "make the card bigger");
  CHECK_INT(x.p.status, DESIGN_AMBIGUOUS);
  CHECK_INT(x.p.steps[0].candidate_count, 2);
  done(&x);
  plan_it(&x, "make the button glorp");
  CHECK_INT(x.p.status, DESIGN_FAILED);
  CHECK(x.p.message && strstr(x.p.message, "glorp"));
  done(&x);
  plan_it(&x, "delete the header and make it bigger");
  CHECK_INT(x.p.status, DESIGN_CONFLICT);
  CHECK_INT(x.p.conflict_steps[0], 0);
  CHECK_INT(x.p.conflict_steps[1], 1);
  done(&x);
  plan_it(&x, "make the button red and make it blue");
  CHECK_INT(x.p.status, DESIGN_CONFLICT);
  done(&x);
  plan_it(&x, "make the button red and make it red");
  CHECK_INT(x.p.status, DESIGN_SUCCESS); /* the same value twice is no conflict */
  done(&x);
  plan_it(&x, "do something nice with it");
  CHECK_INT(x.p.status, DESIGN_FAILED);
  CHECK(x.p.confidence < 0.5);
  done(&x);
  plan_it(&x, "");
  CHECK_INT(x.p.status, DESIGN_INVALID);
  done(&x);
}

TEST(plan_confidence_reflects_how_sure_the_parse_is) {
  planned x;
  plan_it(&x, "make cta_button red");
  CHECK(x.p.confidence == 1.0);
  done(&x);
  plan_it(&x, "make the button red");
  CHECK(x.p.confidence >= 0.9 && x.p.confidence < 1.0);
  done(&x);
  plan_it(&x, "make the button red pronto");
  CHECK(x.p.confidence < 0.9 && x.p.confidence >= 0.5);
  done(&x);
}
