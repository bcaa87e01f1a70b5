/*
 * test_stress.c - 10,000 generated commands (sensible ones, odd ones and
 * raw garbage) on every sample blueprint: nothing crashes, the input is
 * never modified, the same command gives the same bytes twice, and the
 * plan cache (on, off, and tiny enough to evict constantly) never changes
 * a result.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "harness.h"
#include "tessera/design.h"
#include "tessera/readfile.h"

static const char *const VERBS[] = {"make", "set", "change", "turn", "move", "swap", "hide", "show", "delete",
                                    "add", "duplicate", "rename", "increase", "decrease", "center", "align",
                                    "underline", "bold", "resize", "remove", "put", "colour", ""};
static const char *const TARGETS[] = {"the button", "the cta", "the header", "the title", "the first card",
                                      "the second product", "the last button", "all cards", "every product card",
                                      "it", "its", "them", "the \"Shop Now\" button", "the shop now button",
                                      "the image", "the photo", "the nav", "the footer", "the hero", "the subtitle",
                                      "the intro", "the banner", "the two cards", "the third one", "a button",
                                      "a text \"Hi\"", "the page title", "the button that says Shop all", ""};
static const char *const VALUES[] = {"red", "navy", "#0a0a0a", "#abc", "rgb(1, 2, 3)", "hsl(200, 50%, 40%)",
                                     "light blue", "dark red", "bigger", "smaller", "much bigger", "tiny",
                                     "twice as big", "by 30%", "taller", "wider", "200px tall", "bold", "italic",
                                     "uppercase", "to the top", "to the bottom", "below the header", "above the title",
                                     "left", "right", "down 10px", "up 4 px", "to \"Buy now\"", "say Order",
                                     "background to black", "text colour to white", "font size to 32", "invisible",
                                     "glorp", "primary", "brand", "hsl(1,2", "#12", "", "twice", "half"};
static const char *const JOINERS[] = {" and ", " then ", ", ", "; ", " also ", ", and "};
static const char *const ALONE[] = {"more spacing", "less spacing", "set the spacing to 20",
                                    "change the primary colour to #2563EB", "set the border radius to 12",
                                    "do something nice with it", "", "   ", "and and and", "then", ",;,;"};

static unsigned long long rng_state = 0x9E3779B97F4A7C15ull;
static unsigned rnd(unsigned n) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (unsigned)(rng_state % n);
}
#define PICK(a) a[rnd(sizeof a / sizeof *a)]

static void sensible_step(char *out, size_t cap) {
  snprintf(out + strlen(out), cap - strlen(out), "%s %s %s", PICK(VERBS), PICK(TARGETS), PICK(VALUES));
}

static void make_command(char *out, size_t cap) {
  out[0] = 0;
  unsigned kind = rnd(10);
  if (kind == 0) { /* raw bytes */
    size_t n = rnd(60);
    for (size_t i = 0; i < n && i + 1 < cap; i++) out[i] = (char)(1 + rnd(255));
    out[n < cap ? n : cap - 1] = 0;
    return;
  }
  if (kind == 1) {
    snprintf(out, cap, "%s", PICK(ALONE));
    return;
  }
  unsigned steps = 1 + rnd(3);
  for (unsigned s = 0; s < steps; s++) {
    if (s) snprintf(out + strlen(out), cap - strlen(out), "%s", PICK(JOINERS));
    if (rnd(4) == 0 && s) snprintf(out + strlen(out), cap - strlen(out), "%s", PICK(VALUES));
    else sensible_step(out, cap);
  }
  if (kind == 2 && strlen(out) > 4) out[rnd((unsigned)strlen(out))] = "\"'#(,;"[rnd(6)]; /* damage it */
}

static design_blueprint *load(const char *name, char **input_json) {
  char path[256];
  snprintf(path, sizeof path, "data/design/blueprints/%s", name);
  size_t len;
  char *text = tc_read_file(test_path(path), 0, &len, NULL, 0);
  design_blueprint *bp = text ? design_blueprint_load(text, len, NULL) : NULL;
  free(text);
  *input_json = bp ? design_blueprint_json(bp) : NULL;
  return bp;
}

TEST(stress_ten_thousand_commands) {
  static const char *const BLUEPRINTS[] = {"storefront.json", "landing.json", "about.json", "catalog.json"};
  design_engine *no_cache = design_engine_new(0), *cache = design_engine_new(512), *tiny = design_engine_new(3);
  CHECK(no_cache && cache && tiny);
  if (!no_cache || !cache || !tiny) return;
  int mismatches = 0, reruns_differ = 0, invalid_json = 0, total = 0;
  char command[512];
  for (int b = 0; b < 4; b++) {
    char *before;
    design_blueprint *bp = load(BLUEPRINTS[b], &before);
    CHECK(bp != NULL);
    if (!bp) continue;
    for (int i = 0; i < 2500; i++, total++) {
      make_command(command, sizeof command);
      design_edit_options opts = {rnd(4) == 0};
      char *a = design_result_json(design_edit(no_cache, bp, command, &opts));
      char *c = design_result_json(design_edit(cache, bp, command, &opts));
      if (!a || !c || strcmp(a, c) != 0) mismatches++;
      if (i % 4 == 0) { /* every result is valid JSON (UTF-8 included) */
        json_t *doc = a ? json_loads(a, 0, NULL) : NULL;
        if (!doc || !json_is_string(json_object_get(doc, "status"))) invalid_json++;
        if (doc) json_decref(doc);
      }
      if (i % 16 == 0) { /* surrounding spaces share a cache entry and never change a result */
        char padded[600];
        snprintf(padded, sizeof padded, "  %s \t", command);
        char *direct = design_result_json(design_edit(no_cache, bp, padded, &opts));
        char *cached = design_result_json(design_edit(cache, bp, padded, &opts));
        if (!direct || !cached || strcmp(direct, cached) != 0) mismatches++;
        free(direct);
        free(cached);
      }
      if (i % 8 == 0) { /* reruns: a cache hit, and constant eviction */
        char *again = design_result_json(design_edit(cache, bp, command, &opts));
        char *evicting = design_result_json(design_edit(tiny, bp, command, &opts));
        if (!again || strcmp(a, again) != 0) reruns_differ++;
        if (!evicting || strcmp(a, evicting) != 0) mismatches++;
        free(again);
        free(evicting);
      }
      free(a);
      free(c);
    }
    char *after = design_blueprint_json(bp);
    CHECK_STR(before, after); /* the input was never modified */
    free(before);
    free(after);
    design_blueprint_free(bp);
  }
  CHECK_INT(total, 10000);
  CHECK_INT(mismatches, 0);
  CHECK_INT(reruns_differ, 0);
  CHECK_INT(invalid_json, 0);
  uint64_t hits, misses;
  design_engine_cache_stats(cache, &hits, &misses);
  CHECK(hits > 0);
  CHECK(misses > 0);
  design_engine_free(no_cache);
  design_engine_free(cache);
  design_engine_free(tiny);
}

/* Mutates `text` in place-ish: flips, deletions, duplications and inserted
 * JSON fragments. Returns a malloc'd string. */
static char *mutate(const char *text) {
  static const char *const FRAGMENTS[] = {"null", "-1", "0", "\"x\"", "[]", "{}", "1e308", "\"28px\"", "true",
                                          "\"#zzz\"", "[0,0,0,0]", ",", "\"cta\"", "\"\\u0000\""};
  size_t n = strlen(text);
  char *out = malloc(n * 2 + 64);
  if (!out) return NULL;
  memcpy(out, text, n + 1);
  unsigned edits = 1 + rnd(4);
  for (unsigned e = 0; e < edits; e++) {
    size_t len = strlen(out), at = len ? rnd((unsigned)len) : 0;
    switch (rnd(4)) {
    case 0: if (len) out[at] = (char)(1 + rnd(255)); break;
    case 1: { size_t cut = rnd(20); if (at + cut > len) cut = len - at; memmove(out + at, out + at + cut, len - at - cut + 1); break; }
    case 2: { const char *f = PICK(FRAGMENTS); size_t fl = strlen(f);
              if (len + fl < n * 2 + 60) { memmove(out + at + fl, out + at, len - at + 1); memcpy(out + at, f, fl); } break; }
    default: { size_t span = rnd(30); if (at + span > len) span = len - at;
               if (len + span < n * 2 + 60) { memmove(out + at + span, out + at, len - at + 1); } break; }
    }
  }
  return out;
}

TEST(stress_mutated_blueprints_never_crash) {
  static const char *const BLUEPRINTS[] = {"storefront.json", "landing.json", "about.json", "catalog.json"};
  design_engine *e = design_engine_new(16);
  int loaded = 0, refused = 0, silent_refusals = 0, missing_results = 0;
  for (int b = 0; b < 4; b++) {
    char path[256];
    snprintf(path, sizeof path, "data/design/blueprints/%s", BLUEPRINTS[b]);
    char *text = tc_read_file(test_path(path), 0, NULL, NULL, 0);
    CHECK(text != NULL);
    if (!text) continue;
    for (int i = 0; i < 500; i++) {
      char *m = mutate(text);
      if (!m) continue;
      design_problems problems = {0};
      design_blueprint *bp = design_blueprint_load(m, strlen(m), &problems);
      if (bp) {
        loaded++;
        char command[512];
        for (int k = 0; k < 4; k++) {
          make_command(command, sizeof command);
          char *out = design_result_json(design_edit(e, bp, command, NULL));
          if (!out) missing_results++;
          free(out);
        }
        char *fixed = design_result_json(design_fix(e, bp));
        free(fixed);
        design_blueprint_free(bp);
      } else {
        if (problems.count == 0) silent_refusals++; /* a refusal always says why */
        refused++;
        char *out = design_invalid_result_json(m, strlen(m), &problems, "invalid");
        CHECK(out != NULL);
        free(out);
      }
      design_problems_free(&problems);
      free(m);
    }
    free(text);
  }
  CHECK(loaded > 0);
  CHECK(refused > 0);
  CHECK_INT(silent_refusals, 0);
  CHECK_INT(missing_results, 0);
  design_engine_free(e);
}
