/*
 * edit.c - the engine: runs a command end to end (plan, possibly from the
 * cache; execute step by step on snapshots; verify; decide the status) and
 * writes the result document of SPEC section 3.
 *
 * Atomic mode runs every step and checks once at the end, so a step may
 * pass through a state that a later step repairs; partial mode checks after
 * each step and keeps the steps before the first failure. Violations are
 * compared with the input's by identity: only new ones block. The result
 * lives in the engine's arena and shares unchanged records with the input.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "design/design_internal.h"
#include "tessera/fault.h"
#include "tessera/json.h"

struct design_engine {
  ta_arena arena;
  plan_cache *cache;
  design_result result;
};

static const char *const STATUS_NAMES[] = {"success", "partial", "failed", "conflict", "ambiguous", "invalid"};

const char *design_status_name(design_status s) {
  return (unsigned)s < sizeof STATUS_NAMES / sizeof *STATUS_NAMES ? STATUS_NAMES[s] : "invalid";
}

int design_status_exit_code(design_status s) {
  if (s == DESIGN_SUCCESS) return 0;
  return s == DESIGN_INVALID ? 2 : 1;
}

design_engine *design_engine_new(size_t cache_capacity) {
  design_json_alloc_init();
  design_engine *e = tc_calloc(1, sizeof *e);
  if (!e) return NULL;
  ta_arena_init(&e->arena, 1 << 16);
  if (cache_capacity) {
    e->cache = design_plan_cache_new(cache_capacity);
    if (!e->cache) {
      design_engine_free(e);
      return NULL;
    }
  }
  return e;
}

void design_engine_free(design_engine *e) {
  if (!e) return;
  design_plan_cache_free(e->cache);
  ta_arena_free(&e->arena);
  free(e);
}

void design_engine_cache_stats(const design_engine *e, uint64_t *hits, uint64_t *misses) {
  *hits = *misses = 0;
  if (e && e->cache) design_plan_cache_stats(e->cache, hits, misses);
}

size_t design_engine_last_bytes(const design_engine *e) { return e ? e->arena.total : 0; }

bool design_result_out_of_memory(const design_result *r) { return r && r->out_of_memory; }

design_status design_result_status(const design_result *r) { return r ? r->status : DESIGN_INVALID; }
size_t design_result_violation_count(const design_result *r) {
  return r ? r->violations.count + r->violations.unlisted : 0;
}

static design_result *begin_result(design_engine *e, const design_blueprint *bp) {
  ta_arena_reset(&e->arena);
  design_result *r = &e->result;
  memset(r, 0, sizeof *r);
  r->input = bp;
  r->tokens = bp->tokens;
  r->comps = bp->comps;
  r->count = bp->count;
  return r;
}

/* The cache key's command: without surrounding white space, which never
 * changes a plan (step texts and values are cut from token spans). Inner
 * spaces and case are kept: quoted text depends on them. */
static const char *normalised_command(ta_arena *a, const char *command) {
  while (*command && isspace((unsigned char)*command)) command++;
  size_t n = strlen(command);
  while (n && isspace((unsigned char)command[n - 1])) n--;
  return command[n] ? design_arena_strndup(a, command, n) : command;
}

static const plan *get_plan(design_engine *e, const design_blueprint *bp, const char *command) {
  const char *key = e->cache ? normalised_command(&e->arena, command) : command;
  if (e->cache) {
    const plan *cached = design_plan_cache_get(e->cache, key, bp->plan_fingerprint);
    if (cached) return cached;
  }
  plan *p = design_alloc(&e->arena, sizeof *p);
  design_plan_command(&e->arena, bp, command, p);
  if (e->cache) design_plan_cache_put(e->cache, key, bp->plan_fingerprint, p);
  return p;
}

/* Ids of a step's targets, for the result. */
static void target_ids(design_engine *e, const design_blueprint *bp, const plan *p, step_result *sr) {
  const plan_step *st = sr->step;
  sr->target_ids = design_alloc(&e->arena, (size_t)(st->target_count + 1) * sizeof *sr->target_ids);
  sr->target_id_count = 0;
  for (int i = 0; i < st->target_count; i++) {
    int key = st->targets[i];
    const char *id = NULL;
    if (key >= 0 && (size_t)key < bp->count) id = bp->comps[key]->id;
    for (int k = 0; !id && k < p->step_count; k++)
      if ((p->steps[k].intent == INTENT_CREATE || p->steps[k].intent == INTENT_DUPLICATE) && p->steps[k].new_key == key)
        id = p->steps[k].new_id;
    sr->target_ids[sr->target_id_count++] = id ? id : "?";
  }
  if (st->intent == INTENT_DUPLICATE && st->new_id) sr->target_ids[sr->target_id_count++] = st->new_id;
}

/* New violations of the working state (those the input did not have). */
/* Overlaps the input had are left out while collecting (by key, never by
 * keeping the input's overlaps, which can be quadratic in number); the
 * other rules are told apart by identity. `fresh` counts every new one:
 * kept ones in items, new overlaps beyond the kept ones in unlisted. */
static void new_violations(design_engine *e, const work_state *s, violation_list *out, violation_list *all) {
  layout_view v = {s->W, &s->tokens, s->comps, s->count};
  memset(all, 0, sizeof *all);
  design_verify_collect_new(&e->arena, &v, s->bp, all);
  memset(out, 0, sizeof *out);
  for (size_t i = 0; i < all->count; i++)
    if (!strcmp(all->items[i].rule, "overlap") || !design_violation_known(&e->arena, s->bp->violation_set, &all->items[i]))
      design_violation_push(&e->arena, out, all->items[i]);
  out->unlisted = all->unlisted;
}

static size_t violation_total(const violation_list *v) { return v->count + v->unlisted; }

static bool has_violations(const violation_list *v) { return violation_total(v) > 0; }

static const char *refusal_message(design_engine *e, const violation_list *v) {
  if (violation_total(v) == 1) return design_printf(&e->arena, "refused: the edit would bring in a problem: %s", v->items[0].message);
  return design_printf(&e->arena, "refused: the edit would bring in %zu problems, first: %s", violation_total(v), v->items[0].message);
}

static const char *success_message(design_engine *e, const design_result *r, size_t applied) {
  size_t len = 64;
  for (size_t i = 0; i < applied; i++) len += strlen(r->steps[i].step->text) + 8;
  char *s = design_alloc(&e->arena, len);
  snprintf(s, len, "applied %zu step%s", applied, applied == 1 ? "" : "s");
  for (size_t i = 0; i < applied; i++) {
    strcat(s, i ? "; " : ": ");
    strcat(s, r->steps[i].step->text);
  }
  return s;
}

static void collect_changes(design_engine *e, design_result *r, size_t applied) {
  for (size_t i = 0; i < applied; i++) {
    const change_list *l = &r->steps[i].changes;
    for (size_t k = 0; k < l->count; k++)
      design_change_push(&e->arena, &r->changes, l->items[k].id, l->items[k].path, l->items[k].from, l->items[k].to);
  }
}

static void mark_steps(design_result *r, size_t from, size_t to, const char *status) {
  for (size_t i = from; i < to && i < r->step_count; i++) r->steps[i].status = status;
}

/* Runs the plan's runnable steps; returns how many were kept. */
static size_t run_steps(design_engine *e, design_result *r, work_state *s, const plan *p, bool partial,
                        int runnable) {
  size_t kept = 0;
  for (int i = 0; i < runnable; i++) {
    step_result *sr = &r->steps[i];
    size_t mark = design_work_snapshot(s);
    const char *err = design_execute_step(s, sr->step, sr);
    if (!err && partial) {
      violation_list fresh, all;
      new_violations(e, s, &fresh, &all);
      if (has_violations(&fresh)) {
        err = refusal_message(e, &fresh);
        r->violations = fresh;
      }
    }
    if (err) {
      design_work_rollback(s, mark);
      sr->status = "failed";
      design_step_note(&e->arena, sr, err);
      if (!r->message) r->message = p->step_count > 1 ? design_printf(&e->arena, "step %d (\"%s\"): %s", i + 1, sr->step->text, err) : err;
      return kept;
    }
    sr->status = "applied";
    if (sr->changes.count == 0 && sr->note_count == 0)
      design_step_note(&e->arena, sr, "nothing changed: the targets already look like that or a limit was reached");
    kept = (size_t)i + 1;
  }
  return kept;
}

static void keep_state(design_result *r, const work_state *s) {
  r->tokens = s->tokens;
  r->comps = s->comps;
  r->count = s->count;
}

static const design_result *edit(design_engine *e, const design_blueprint *bp, const char *command,
                                 const design_edit_options *options) {
  design_result *r = begin_result(e, bp);
  bool partial = options && options->partial;
  const plan *p = get_plan(e, bp, command ? command : "");
  r->confidence = p->confidence;
  r->step_count = (size_t)p->step_count;
  r->steps = design_alloc_zero(&e->arena, (r->step_count + 1) * sizeof *r->steps);
  for (size_t i = 0; i < r->step_count; i++) {
    r->steps[i].step = &p->steps[i];
    r->steps[i].status = "not_run";
    target_ids(e, bp, p, &r->steps[i]);
    if (p->steps[i].parse_status != STEP_OK) {
      r->steps[i].status = "failed";
      design_step_note(&e->arena, &r->steps[i], p->steps[i].error);
    }
  }
  if (p->status == DESIGN_CONFLICT || p->status == DESIGN_AMBIGUOUS || p->status == DESIGN_INVALID ||
      (p->status == DESIGN_FAILED && (!partial || p->first_bad_step <= 0))) {
    r->status = p->status;
    r->message = p->message;
    r->conflict_steps[0] = p->conflict_steps[0];
    r->conflict_steps[1] = p->conflict_steps[1];
    return r;
  }
  int runnable = p->first_bad_step >= 0 ? p->first_bad_step : p->step_count;
  work_state s;
  design_work_init(&s, &e->arena, bp);
  size_t kept = run_steps(e, r, &s, p, partial, runnable);
  bool all_ran = kept == r->step_count;
  if (!partial) {
    if (all_ran) {
      violation_list fresh, all;
      new_violations(e, &s, &fresh, &all);
      if (has_violations(&fresh)) {
        r->violations = fresh;
        r->message = refusal_message(e, &fresh);
        all_ran = false;
        mark_steps(r, 0, kept, "rolled_back");
      }
    } else {
      mark_steps(r, 0, kept, "rolled_back");
    }
    if (!all_ran) {
      r->status = DESIGN_FAILED;
      return r;
    }
  }
  if (kept == 0 && r->step_count) {
    r->status = DESIGN_FAILED;
    if (!r->message) r->message = p->message;
    return r;
  }
  keep_state(r, &s);
  collect_changes(e, r, kept);
  if (all_ran) {
    r->status = DESIGN_SUCCESS;
    r->message = success_message(e, r, kept);
  } else {
    r->status = DESIGN_PARTIAL;
    const char *why = r->message ? r->message : p->message;
    r->message = design_printf(&e->arena, "partly applied (%zu of %zu steps); %s", kept, r->step_count, why ? why : "");
  }
  return r;
}

static const design_result *check(design_engine *e, const design_blueprint *bp) {
  design_result *r = begin_result(e, bp);
  r->is_check = true;
  r->violations = bp->violations;
  r->confidence = 1;
  size_t total = violation_total(&bp->violations);
  r->status = total ? DESIGN_FAILED : DESIGN_SUCCESS;
  r->message = !total ? "no problems found"
               : total > DESIGN_VIOLATIONS_LISTED
                   ? design_printf(&e->arena, "%zu problems found; the first %d are listed", total, DESIGN_VIOLATIONS_LISTED)
                   : design_printf(&e->arena, "%zu problem%s found", total, total == 1 ? "" : "s");
  return r;
}

static const design_result *fix(design_engine *e, const design_blueprint *bp) {
  design_result *r = begin_result(e, bp);
  r->is_fix = true;
  r->confidence = 1;
  work_state s;
  design_work_init(&s, &e->arena, bp);
  step_result sr;
  memset(&sr, 0, sizeof sr);
  design_fix_blueprint(&s, &sr);
  keep_state(r, &s);
  r->changes = sr.changes;
  violation_list all;
  layout_view v = {s.W, &s.tokens, s.comps, s.count};
  memset(&all, 0, sizeof all);
  design_verify_collect(&e->arena, &v, &all);
  r->violations = all;
  r->status = DESIGN_SUCCESS;
  r->message = design_printf(&e->arena, "%zu change%s made; %zu problem%s remain", sr.changes.count,
                         sr.changes.count == 1 ? "" : "s", violation_total(&all), violation_total(&all) == 1 ? "" : "s");
  return r;
}

/* ---- guarded entry points -------------------------------------------------
 * Out of memory anywhere inside an edit, a check or a fix unwinds here (see
 * oom.c): the result becomes "failed: out of memory" on the unchanged input,
 * built without allocating, since the engine's arena is what ran out. */

typedef enum { RUN_EDIT, RUN_CHECK, RUN_FIX } run_kind;

static const design_result *out_of_memory(design_engine *e, const design_blueprint *bp, run_kind kind) {
  design_result *r = &e->result;
  memset(r, 0, sizeof *r);
  r->input = bp;
  r->tokens = bp->tokens;
  r->comps = bp->comps;
  r->count = bp->count;
  r->status = DESIGN_FAILED;
  r->message = "out of memory";
  r->is_check = kind == RUN_CHECK;
  r->is_fix = kind == RUN_FIX;
  r->out_of_memory = true;
  return r;
}

static const design_result *run_guarded(design_engine *e, const design_blueprint *bp, run_kind kind,
                                        const char *command, const design_edit_options *options) {
  if (!e || !bp) return NULL;
  design_oom_guard guard;
  design_oom_push(&guard);
  if (setjmp(guard.at)) return out_of_memory(e, bp, kind);
  const design_result *r = kind == RUN_EDIT ? edit(e, bp, command, options) : kind == RUN_CHECK ? check(e, bp) : fix(e, bp);
  design_oom_pop(&guard);
  return r;
}

const design_result *design_edit(design_engine *e, const design_blueprint *bp, const char *command,
                                 const design_edit_options *options) {
  return run_guarded(e, bp, RUN_EDIT, command, options);
}

const design_result *design_check(design_engine *e, const design_blueprint *bp) {
  return run_guarded(e, bp, RUN_CHECK, NULL, NULL);
}

const design_result *design_fix(design_engine *e, const design_blueprint *bp) {
  return run_guarded(e, bp, RUN_FIX, NULL, NULL);
}

/* ---- result JSON --------------------------------------------------------- */

static void write_value(jw *w, const change_value *v) {
  switch (v->kind) {
  case CV_NUM: design_jw_num(w, v->num); break;
  case CV_STR: design_jw_str(w, v->str); break;
  case CV_BOOL: design_jw_bool(w, v->b); break;
  default: design_jw_null(w); break;
  }
}

static void write_changes(jw *w, const change_list *l) {
  design_jw_arr_begin(w);
  for (size_t i = 0; i < l->count; i++) {
    const change *c = &l->items[i];
    design_jw_obj_begin(w);
    design_jw_key(w, "id");
    if (c->id) design_jw_str(w, c->id); else design_jw_null(w);
    design_jw_key(w, "path"); design_jw_str(w, c->path);
    design_jw_key(w, "from"); write_value(w, &c->from);
    design_jw_key(w, "to"); write_value(w, &c->to);
    design_jw_obj_end(w);
  }
  design_jw_arr_end(w);
}

static void write_violation(jw *w, const violation *v) {
  design_jw_obj_begin(w);
  design_jw_key(w, "rule"); design_jw_str(w, v->rule);
  design_jw_key(w, "id"); design_jw_str(w, v->id);
  if (v->other) { design_jw_key(w, "other"); design_jw_str(w, v->other); }
  design_jw_key(w, "message"); design_jw_str(w, v->message);
  design_jw_obj_end(w);
}

/* At most DESIGN_VIOLATIONS_LISTED, in order; returns how many were left out. */
static size_t write_violations(jw *w, const violation_list *l) {
  design_jw_arr_begin(w);
  size_t listed = l->count < DESIGN_VIOLATIONS_LISTED ? l->count : DESIGN_VIOLATIONS_LISTED;
  for (size_t i = 0; i < listed; i++) write_violation(w, &l->items[i]);
  design_jw_arr_end(w);
  return l->count - listed + l->unlisted;
}

static void write_unlisted(jw *w, const char *key, size_t unlisted) {
  if (!unlisted) return;
  design_jw_key(w, key);
  design_jw_num(w, (double)unlisted);
}

static void write_string_list(jw *w, const char *const *items, size_t n) {
  design_jw_arr_begin_inline(w);
  for (size_t i = 0; i < n; i++) design_jw_str(w, items[i]);
  design_jw_arr_end(w);
}

static void write_step(jw *w, const step_result *sr) {
  const plan_step *st = sr->step;
  design_jw_obj_begin(w);
  design_jw_key(w, "text"); design_jw_str(w, st->text);
  design_jw_key(w, "intent"); design_jw_str(w, design_intent_name(st->intent));
  design_jw_key(w, "targets"); write_string_list(w, sr->target_ids, sr->target_id_count);
  design_jw_key(w, "status"); design_jw_str(w, sr->status);
  if (st->candidate_count) {
    design_jw_key(w, "candidates");
    write_string_list(w, st->candidates, (size_t)st->candidate_count);
  }
  design_jw_key(w, "changes"); write_changes(w, &sr->changes);
  design_jw_key(w, "notes"); write_string_list(w, sr->notes, sr->note_count);
  design_jw_key(w, "confidence"); design_jw_num(w, st->confidence);
  design_jw_obj_end(w);
}

/* Violations of the result that the input already had (reported only).
 * They are found again in a scratch arena of their own, on the heap so
 * that nothing the handler reads lives in a local changed after setjmp;
 * running out of memory there makes the whole text fail (jw_take: NULL). */
static void write_existing(jw *w, const design_result *r) {
  ta_arena *scratch = tc_malloc(sizeof *scratch);
  if (!scratch) {
    w->text.failed = true;
    return;
  }
  ta_arena_init(scratch, 1 << 14);
  design_oom_guard guard;
  design_oom_push(&guard);
  if (setjmp(guard.at)) {
    ta_arena_free(scratch);
    free(scratch);
    w->text.failed = true;
    return;
  }
  violation_list all = {0}, known = {0};
  layout_view v = {r->input->viewport_w, &r->tokens, r->comps, r->count};
  design_verify_collect(scratch, &v, &all);
  for (size_t i = 0; i < all.count; i++)
    if (design_violation_in_input(scratch, r->input, &all.items[i])) design_violation_push(scratch, &known, all.items[i]);
  known.unlisted = all.unlisted; /* overlaps past the kept ones: an applied edit brought in none */
  size_t unlisted = write_violations(w, &known);
  write_unlisted(w, "existing_violations_unlisted", unlisted);
  design_oom_pop(&guard);
  ta_arena_free(scratch);
  free(scratch);
}

/* Ambiguity lists the candidate ids; a conflict names its two steps (1-based). */
static void write_refusal_details(jw *w, const design_result *r) {
  if (r->status == DESIGN_AMBIGUOUS) {
    for (size_t i = 0; i < r->step_count; i++) {
      const plan_step *st = r->steps[i].step;
      if (st->parse_status != STEP_AMBIGUOUS) continue;
      design_jw_key(w, "candidates");
      write_string_list(w, st->candidates, (size_t)st->candidate_count);
      break;
    }
  }
  if (r->status == DESIGN_CONFLICT && r->conflict_steps[1] > 0) {
    design_jw_key(w, "conflict_steps");
    design_jw_arr_begin_inline(w);
    design_jw_num(w, r->conflict_steps[0] + 1);
    design_jw_num(w, r->conflict_steps[1] + 1);
    design_jw_arr_end(w);
  }
}

char *design_result_json(const design_result *r) {
  if (!r) return NULL;
  jw w;
  design_jw_init(&w, true);
  design_jw_obj_begin(&w);
  design_jw_key(&w, "status"); design_jw_str(&w, design_status_name(r->status));
  if (!r->is_check) {
    design_jw_key(&w, "blueprint");
    design_blueprint_write(&w, r->input, &r->tokens, r->comps, r->count);
    design_jw_key(&w, "steps");
    design_jw_arr_begin(&w);
    for (size_t i = 0; i < r->step_count; i++) write_step(&w, &r->steps[i]);
    design_jw_arr_end(&w);
    design_jw_key(&w, "changes"); write_changes(&w, &r->changes);
  }
  write_refusal_details(&w, r);
  design_jw_key(&w, "violations");
  write_unlisted(&w, "violations_unlisted", write_violations(&w, &r->violations));
  if (!r->is_check && !r->is_fix) {
    design_jw_key(&w, "existing_violations");
    write_existing(&w, r);
  }
  design_jw_key(&w, "message"); design_jw_str(&w, r->message ? r->message : "");
  design_jw_key(&w, "confidence"); design_jw_num(&w, r->confidence);
  design_jw_obj_end(&w);
  return design_jw_take_line(&w);
}

char *design_result_blueprint_json(const design_result *r) {
  if (!r) return NULL;
  jw w;
  design_jw_init(&w, true);
  design_blueprint_write(&w, r->input, &r->tokens, r->comps, r->count);
  return design_jw_take_line(&w);
}

char *design_invalid_result_json(const char *text, size_t len, const design_problems *problems,
                                 const char *message) {
  jw w;
  design_jw_init(&w, true);
  design_jw_obj_begin(&w);
  design_jw_key(&w, "status"); design_jw_str(&w, "invalid");
  design_jw_key(&w, "blueprint");
  design_json_alloc_init();
  design_json_watch();
  json_t *root = text ? tc_json_parse("blueprint", text, len, NULL, 0) : NULL;
  if (text && !root && design_json_ran_out()) {
    design_jw_free(&w);
    return NULL; /* the document could not be echoed: no half-true answer */
  }
  design_jw_json(&w, root);
  if (root) json_decref(root);
  design_jw_key(&w, "errors");
  design_jw_arr_begin(&w);
  for (size_t i = 0; problems && i < problems->count; i++) design_jw_str(&w, problems->items[i]);
  design_jw_arr_end(&w);
  design_jw_key(&w, "steps"); design_jw_arr_begin(&w); design_jw_arr_end(&w);
  design_jw_key(&w, "changes"); design_jw_arr_begin(&w); design_jw_arr_end(&w);
  design_jw_key(&w, "violations"); design_jw_arr_begin(&w); design_jw_arr_end(&w);
  design_jw_key(&w, "message");
  design_jw_str(&w, message ? message : "the blueprint is invalid");
  design_jw_key(&w, "confidence"); design_jw_num(&w, 0);
  design_jw_obj_end(&w);
  return design_jw_take_line(&w);
}
