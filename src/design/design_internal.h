/*
 * design_internal.h - the private model shared by the files of src/design.
 *
 * Component records (design_component) are immutable once published: an
 * edit copies a record into the edit arena before changing it and swaps the
 * pointer in its working table (copy on write), so the input blueprint's
 * records are shared by every result and never written.
 *
 * Ownership: records and strings of a loaded blueprint live in the
 * blueprint's arena; records made by an edit live in the engine's arena and
 * die at the next edit. json_t pointers (unknown keys kept verbatim) are
 * owned by the blueprint's root document.
 */
#ifndef TESSERA_DESIGN_INTERNAL_H
#define TESSERA_DESIGN_INTERNAL_H

#include <jansson.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tessera/arena.h"
#include "tessera/design.h"
#include "tessera/text.h"

/* ---- component types ---------------------------------------------------- */
typedef enum {
  CT_HEADER, CT_NAVBAR, CT_HERO, CT_TITLE, CT_SUBTITLE, CT_HEADING, CT_TEXT,
  CT_DESCRIPTION, CT_LABEL, CT_LIST, CT_BUTTON, CT_LINK, CT_IMAGE, CT_ICON,
  CT_PRODUCT_CARD, CT_CARD, CT_CONTAINER, CT_SECTION, CT_INPUT, CT_SELECT,
  CT_DIVIDER, CT_FOOTER, CT_COUNT
} comp_type;
#define TYPE_BIT(t) (1u << (t))

const char *design_comp_type_name(int type);
int design_comp_type_from_name(const char *name); /* -1 when unknown */
bool design_comp_type_is_text_like(int type);
bool design_comp_type_is_container(int type);

/* ---- colours (color.c) --------------------------------------------------- */
typedef uint32_t rgb_t; /* 0xRRGGBB */
bool design_color_parse_hex(const char *s, size_t len, rgb_t *out);       /* #RGB / #RRGGBB */
bool design_color_parse_function(const char *s, size_t len, rgb_t *out);  /* rgb() / hsl() */
bool design_color_css_name(const char *lower_name, rgb_t *out);           /* 148 names */
size_t design_color_css_count(void);
const char *design_color_css_name_at(size_t i, rgb_t *out);
rgb_t design_color_mix(rgb_t c, rgb_t toward, double amount);
double design_color_contrast(rgb_t a, rgb_t b);
rgb_t design_color_best_text_on(rgb_t bg); /* #000000 or #FFFFFF, whichever contrasts more */
void design_color_format(rgb_t c, char out[8]);
double design_round_half_up(double v);

/* ---- out of memory (oom.c) ------------------------------------------------
 * Arena allocations in the design layer go through design_alloc and its
 * family, which never return NULL: a failure unwinds to the innermost guard
 * (see oom.c). Every public entry point sets one up:
 *
 *     design_oom_guard g;
 *     design_oom_push(&g);
 *     if (setjmp(g.at)) { ...release, report "out of memory"...; return; }
 *     ...work...
 *     design_oom_pop(&g);
 *
 * (the handler runs with the guard already popped). */
typedef struct design_oom_guard {
  jmp_buf at;
  struct design_oom_guard *outer;
} design_oom_guard;
/* The innermost guard of this thread (oom.c); push and pop are inline, as
 * every edit passes through them. */
extern _Thread_local design_oom_guard *design_oom_innermost;
static inline void design_oom_push(design_oom_guard *g) {
  g->outer = design_oom_innermost;
  design_oom_innermost = g;
}
static inline void design_oom_pop(design_oom_guard *g) { design_oom_innermost = g->outer; }
_Noreturn void design_oom_fail(void);
/* p itself, or unwinds when p is NULL (for jansson and heap results). */
void *design_need(void *p);
static inline void *design_alloc(ta_arena *a, size_t size) {
  void *p = ta_alloc(a, size);
  if (__builtin_expect(!p, 0)) design_oom_fail();
  return p;
}
void *design_alloc_zero(ta_arena *a, size_t size);
void *design_memdup(ta_arena *a, const void *src, size_t size);
char *design_strdup(ta_arena *a, const char *s);
void *design_grow(ta_arena *a, void *items, size_t count, size_t *cap, size_t elem, size_t first_cap);
char *design_printf(ta_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- string sets (strset.c) ---------------------------------------------- */
typedef struct design_strset design_strset;
/* A set sized for `expected` keys, in arena `a`. */
design_strset *design_strset_new(ta_arena *a, size_t expected);
/* Adds key -> value. False when the key is present (its value in *existing)
 * or the set is full (*existing = -1). The key is not copied. */
bool design_strset_add(design_strset *s, const char *key, int value, int *existing);
/* True when present; its value in *value (which may be NULL). s may be NULL. */
bool design_strset_get(const design_strset *s, const char *key, int *value);
bool design_strset_get_n(const design_strset *s, const char *key, size_t len, int *value);

/* ---- model --------------------------------------------------------------- */
/* Every number the agent computes with (bbox values, viewport, font sizes,
 * base_spacing, border_radius) must be finite and at most this in magnitude:
 * input beyond it is invalid, an edit reaching it is refused (docs/DESIGN.md,
 * "Limits"). Sums of such numbers stay exact in a double. */
#define DESIGN_MAX_NUMBER 1e9
typedef enum { TEXT_ABSENT, TEXT_NULL, TEXT_STRING } text_state;

/* Keys of components created by an edit start here (input keys are indices). */
#define CREATED_KEY_BASE (1 << 30)

typedef struct design_component {
  const char *id;
  const char *role;      /* NULL when absent */
  const char *text;      /* valid when text_state == TEXT_STRING */
  const char *font_weight, *font_style, *text_decoration, *text_transform;
  json_t *extra;         /* unknown component keys, or NULL */
  json_t *visual_extra;  /* unknown visual keys, or NULL */
  double x, y, w, h;
  double confidence, font_size, aspect_ratio, font_weight_number;
  rgb_t bg_color, text_color;
  int key;               /* stable identity: input index, or n + creation order */
  unsigned generation;   /* 0: shared, never written; else the edit generation that copied it (work.c) */
  unsigned char type;
  unsigned char text_state;
  bool has_hidden, hidden, has_confidence, has_visual;
  bool has_bg, has_text_color, has_font_size, has_aspect, font_weight_is_number;
} design_component;

typedef struct palette_entry {
  const char *name; /* as written */
  const char *lower;
  rgb_t color;
} palette_entry;

typedef struct design_tokens {
  rgb_t primary, accent, text, background;
  bool has_primary, has_accent, has_text, has_background;
  bool has_spacing, has_radius;
  double spacing, radius;
  double font_body;      /* font_scale.body, or 16 */
  json_t *font_scale;    /* kept verbatim, or NULL */
  json_t *colors_raw;    /* tokens.colors verbatim, or NULL */
  palette_entry *palette;
  size_t palette_count;
  json_t *extra;         /* unknown token keys */
} design_tokens;

typedef struct violation {
  const char *rule;    /* schema, bounds, overlap, min_height, font_size, contrast, ids */
  const char *id, *other; /* other: the second id of an overlap, else NULL */
  const char *message;
} violation;

/* Overlaps are the one check whose count can grow with the square of the
 * components (20,000 stacked cards are 200 million pairs): at most
 * DESIGN_OVERLAPS_KEPT of them are kept with a message, the rest only
 * counted in `unlisted`. Results list at most DESIGN_VIOLATIONS_LISTED
 * violations and give the number of the others (docs/DESIGN.md, Limits). */
#define DESIGN_OVERLAPS_KEPT 1000
#define DESIGN_VIOLATIONS_LISTED 1000

typedef struct violation_list {
  violation *items;
  size_t count, cap;
  size_t overlaps;  /* overlaps among items */
  size_t unlisted;  /* overlaps found beyond DESIGN_OVERLAPS_KEPT: counted, not kept */
} violation_list;

struct design_blueprint {
  ta_arena arena;
  json_t *root;          /* the parsed input; kept for unknown keys */
  const char *screen_id;
  double viewport_w, viewport_h;
  json_t *viewport_extra;
  design_tokens tokens;
  const design_component **comps;
  size_t count;
  violation_list violations; /* violations of the input itself */
  design_strset *violation_set; /* their identities, for telling new ones apart */
  design_strset *id_set;        /* id -> index in comps */
  const char **ids_lower;       /* lower-cased ids, sorted, for word lookup */
  const char **ids_by_lower;    /* the id written as in the input, same order */
  uint64_t plan_fingerprint[2]; /* hash of everything parsing and planning read */
};

/* Routes jansson's allocations through the fault hook (once per process). */
void design_json_alloc_init(void);
/* Starts watching jansson's allocations on this thread; design_json_ran_out
 * then tells whether one failed (jansson reports that as bad syntax). */
void design_json_watch(void);
bool design_json_ran_out(void);

/* Output writing of a component table + tokens (blueprint.c). */
struct jw;
void design_blueprint_write(struct jw *w, const design_blueprint *bp, const design_tokens *tokens,
                     const design_component *const *comps, size_t count);

/* ---- JSON writer (jsonw.c) ----------------------------------------------- */
typedef struct jw {
  tc_text text;   /* core's growing text; text.failed when memory ran out */
  int depth;
  bool pretty, need_comma, after_key;
  unsigned char inline_depth; /* >0 while writing a one-line array */
} jw;
void design_jw_init(jw *w, bool pretty);
void design_jw_free(jw *w); /* releases the buffer (after an error) */
char *design_jw_take(jw *w); /* NUL-terminated malloc'd text; NULL when out of memory */
char *design_jw_take_line(jw *w); /* the same, ending with a newline */
void design_jw_obj_begin(jw *w);
void design_jw_obj_end(jw *w);
void design_jw_arr_begin(jw *w);
void design_jw_arr_begin_inline(jw *w);
void design_jw_arr_end(jw *w);
void design_jw_key(jw *w, const char *key);
void design_jw_str(jw *w, const char *s);
void design_jw_num(jw *w, double v);
void design_jw_bool(jw *w, bool v);
void design_jw_null(jw *w);
void design_jw_color(jw *w, rgb_t c);
void design_jw_json(jw *w, const json_t *v); /* a jansson value, keys in stored order */

/* ---- checks (verify.c) --------------------------------------------------- */
typedef struct layout_view {
  double W;
  const design_tokens *tokens;
  const design_component *const *comps;
  size_t count;
} layout_view;
/* True when text looks like UTF-16 (a byte-order mark, or NUL bytes beside
 * ASCII at the start): refused with a message that says so. */
bool design_text_is_utf16(const char *text, size_t len);

void design_verify_collect(ta_arena *a, const layout_view *v, violation_list *out);
/* The same, leaving out every overlap the blueprint `input` already had
 * (the same two components, by key, overlapping there too): what an edit
 * brought in, found without keeping the input's overlaps. */
void design_verify_collect_new(ta_arena *a, const layout_view *v, const design_blueprint *input, violation_list *out);
/* True when the blueprint `input` has violation v (rule and ids). */
bool design_violation_in_input(ta_arena *a, const design_blueprint *input, const violation *v);
/* The identities of a list of violations, for design_violation_known. */
design_strset *design_violation_set(ta_arena *a, const violation_list *l);
/* True when the set holds a violation with v's rule and ids. */
bool design_violation_known(ta_arena *a, const design_strset *set, const violation *v);
void design_violation_push(ta_arena *a, violation_list *l, violation v);
/* Where texts sit: an index of the visible filled containers of a view. */
typedef struct design_bg_index design_bg_index;
design_bg_index *design_bg_index_new(ta_arena *a, const layout_view *v);
/* The background c's text sits on: its own fill, else the smallest visible
 * filled container holding it, else tokens.background_color. */
rgb_t design_bg_index_lookup(const design_bg_index *x, const design_component *c);
bool design_verify_contrast_ok(const design_component *c, rgb_t text, rgb_t bg);

/* ---- lexer (lexer.c) ----------------------------------------------------- */
/* TK_STOP: the end of a sentence (a full stop before a space or the end)
 * or a new line; like ';' it separates steps. */
typedef enum { TK_WORD, TK_NUMBER, TK_QUOTED, TK_COLOR, TK_COMMA, TK_SEMI, TK_STOP, TK_POSS, TK_END } token_kind;
/* UNIT_TIMES: "3x", "1.5x" (a factor, not a size) */
typedef enum { UNIT_NONE, UNIT_PX, UNIT_PERCENT, UNIT_TIMES } number_unit;

typedef struct token {
  token_kind kind;
  unsigned char unit;
  bool color_ok;     /* TK_COLOR: parsed */
  int start, end;    /* byte span in the command (quotes included) */
  const char *lower; /* TK_WORD: lower-cased copy; TK_QUOTED: content as typed */
  double number;
  rgb_t color;
} token;

typedef struct token_list {
  token *items;
  int count;
} token_list;
void design_lex_command(ta_arena *a, const char *command, token_list *out);

/* ---- plans (parse.c, plan.c) ---------------------------------------------- */
typedef enum {
  INTENT_COLOR, INTENT_RESIZE, INTENT_TEXT, INTENT_STYLE, INTENT_FONT_SIZE,
  INTENT_POSITION, INTENT_VISIBILITY, INTENT_DELETE, INTENT_CREATE,
  INTENT_DUPLICATE, INTENT_TOKENS, INTENT_COUNT
} step_intent;
const char *design_intent_name(int intent);

typedef enum { COLOR_AUTO, COLOR_BG, COLOR_TEXT } color_target;
typedef enum { STYLE_WEIGHT, STYLE_STYLE, STYLE_DECORATION, STYLE_TRANSFORM } style_prop;
typedef enum {
  POS_TOP, POS_BOTTOM, POS_ABOVE, POS_BELOW, POS_SWAP, POS_LEFT, POS_RIGHT,
  POS_CENTER, POS_NUDGE
} position_kind;
typedef enum {
  TOKEN_PRIMARY, TOKEN_ACCENT, TOKEN_TEXT, TOKEN_BACKGROUND, TOKEN_SPACING, TOKEN_RADIUS
} token_prop;
typedef enum { STEP_OK, STEP_FAILED, STEP_AMBIGUOUS } step_parse_status;

typedef struct plan_step {
  int intent;
  int parse_status;
  const char *text;       /* the step as typed */
  const char *error;      /* why the step cannot run */
  const char **candidates; int candidate_count;
  int *targets; int target_count; /* component keys, reading order */
  double confidence;
  /* parameters, by intent */
  int color_target; rgb_t color;
  bool color_none;               /* colour: remove the fill instead of setting one */
  bool resize_scale_both;        /* bigger/smaller: full-width keeps width */
  bool full_width;               /* "full width": x = 0, w = viewport width */
  double factor_w, factor_h;     /* 0 = unchanged */
  double set_w, set_h;           /* <0 = not set */
  int style_prop; const char *style_value;
  bool font_scale; bool font_delta; double font_value; /* x value / + value (px) / = value */
  int position; double dx, dy; int ref_key; /* ref_key < 0: none */
  bool hidden;
  const char *new_text;
  int create_type; const char *create_role; int new_key; const char *new_id;
  int token; bool token_relative; double token_number;
  double token_scale;            /* > 0: spacing / radius times this ("double the spacing") */
} plan_step;

typedef struct plan {
  plan_step *steps;
  int step_count;
  int status;            /* DESIGN_SUCCESS when runnable, else FAILED/AMBIGUOUS/CONFLICT/INVALID */
  int first_bad_step;    /* first step that cannot run, or -1 */
  int conflict_steps[2]; /* the two conflicting steps (0-based) when status is conflict */
  const char *message;   /* set when status is not success */
  double confidence;
} plan;

/* Parses and plans `command` against `bp` into arena `a`. */
void design_plan_command(ta_arena *a, const design_blueprint *bp, const char *command, plan *out);
/* Deep copy into another arena (for the cache). */
plan *design_plan_clone(ta_arena *a, const plan *p);

/* ---- cache (cache.c) ----------------------------------------------------- */
typedef struct plan_cache plan_cache;
plan_cache *design_plan_cache_new(size_t capacity);
void design_plan_cache_free(plan_cache *c);
const plan *design_plan_cache_get(plan_cache *c, const char *command, const uint64_t fp[2]);
void design_plan_cache_put(plan_cache *c, const char *command, const uint64_t fp[2], const plan *p);
void design_plan_cache_stats(const plan_cache *c, uint64_t *hits, uint64_t *misses);

/* ---- results (edit.c, execute.c) ------------------------------------------ */
typedef enum { CV_NUM, CV_STR, CV_BOOL, CV_NULL } change_kind;
typedef struct change_value {
  unsigned char kind;
  bool b;
  double num;
  const char *str;
} change_value;

typedef struct change {
  const char *id;   /* NULL for tokens */
  const char *path;
  change_value from, to;
} change;

typedef struct change_list {
  change *items;
  size_t count, cap;
} change_list;

typedef struct step_result {
  const plan_step *step;
  const char *status;     /* applied, failed, rolled_back, not_run */
  change_list changes;
  const char **notes; size_t note_count, note_cap;
  const char **target_ids; size_t target_id_count;
} step_result;

struct design_result {
  design_status status;
  const design_blueprint *input;
  design_tokens tokens;
  const design_component **comps;
  size_t count;
  step_result *steps; size_t step_count;
  change_list changes;
  violation_list violations;
  const char *message;
  double confidence;
  int conflict_steps[2];  /* when status is conflict, 0-based */
  bool is_check;          /* `check`: list all violations, no steps */
  bool is_fix;
  bool out_of_memory;     /* the call ran out of memory: the input unchanged, nothing else */
};

/* Working state of an edit: the current table plus an undo journal. */
typedef struct journal_entry journal_entry;
typedef struct work_state {
  ta_arena *arena;
  const design_blueprint *bp;
  double W;
  design_tokens tokens;
  const design_component **comps;
  size_t count, cap;
  journal_entry *journal;
  size_t journal_len, journal_cap;
  int created;          /* components created so far */
  unsigned generation;  /* records copied in this generation may be written in place */
  int *slot_of;         /* key index -> slot, -1 when absent */
  bool index_dirty;     /* the table changed shape since slot_of was built */
} work_state;

void design_work_init(work_state *s, ta_arena *a, const design_blueprint *bp);
size_t design_work_snapshot(work_state *s);
void design_work_rollback(work_state *s, size_t mark);
int design_work_find(work_state *s, int key); /* slot or -1 */
/* Copy-on-write access to the record in `slot`. */
design_component *design_work_edit(work_state *s, size_t slot);
void design_work_insert(work_state *s, size_t slot, const design_component *c);
void design_work_remove(work_state *s, size_t slot);
/* qsort_r comparator of slots (int) in reading order: top, left, key; ctx is the work_state. */
int design_compare_slots_reading(const void *pa, const void *pb, void *ctx);
/* Removes every slot i with gone[i], in one table rebuild. */
void design_work_remove_marked(work_state *s, const bool *gone);
void design_work_set_tokens(work_state *s, const design_tokens *t);

void design_change_push(ta_arena *a, change_list *l, const char *id, const char *path,
                 change_value from, change_value to);
change_value design_cv_num(double v);
change_value design_cv_str(const char *s);
change_value design_cv_bool(bool b);
change_value design_cv_null(void);
change_value design_cv_color(ta_arena *a, rgb_t c);
void design_step_note(ta_arena *a, step_result *r, const char *note);

/* Vertical reflow of the working table in one pass (reflow.c): positions
 * are "pos" in reading order at creation; tops are read and shifted here
 * and written back to the table by design_reflow_commit. */
typedef struct design_reflow {
  size_t n, size;       /* components; leaves of the tree (a power of two) */
  bool small;           /* plain arrays instead of the tree */
  int *slot_at;         /* pos -> slot */
  size_t *pos_of;       /* slot -> pos */
  double *top, *bottom, *add, *height;
} design_reflow;
void design_reflow_init(design_reflow *r, work_state *s);
double design_reflow_top(const design_reflow *r, size_t pos);
void design_reflow_set_height(design_reflow *r, size_t pos, double h);
void design_reflow_remove(design_reflow *r, size_t pos);
/* Moves the tops of every component at pos >= from by dy. */
void design_reflow_shift(design_reflow *r, size_t from, double dy);
/* The first component left whose top is at or below y (n when none). */
size_t design_reflow_first_at_or_below(const design_reflow *r, double y);
/* The largest bottom among the components left in [from, to); -inf when none. */
double design_reflow_max_bottom(const design_reflow *r, size_t from, size_t to);
/* Writes the tops that changed into the table, one change each. */
void design_reflow_commit(const design_reflow *r, work_state *s, step_result *res);

/* Applies one planned step. Returns NULL on success, else an error message. */
const char *design_execute_step(work_state *s, const plan_step *st, step_result *r);
/* Moves every component whose top is at or below `from_y` by dy (reflow). */
void design_layout_shift_below(work_state *s, double from_y, double dy, int except_key, step_result *r);
void design_comp_set_bbox(work_state *s, size_t slot, int index, double value, step_result *r);

/* Autocorrect of SPEC section 4 (fix.c). */
void design_fix_blueprint(work_state *s, step_result *r);

/* Small helpers (util.c). */
char *design_arena_strndup(ta_arena *a, const char *s, size_t n);
char *design_arena_lower(ta_arena *a, const char *s, size_t n);
void design_problems_add(design_problems *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool design_text_equal_loose(const char *a, const char *b); /* case and spacing ignored */
/* qsort_r that first checks whether the array is already in order. */
void design_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *, void *), void *ctx);
uint64_t design_hash_bytes(const void *p, size_t n, uint64_t seed);

#endif
