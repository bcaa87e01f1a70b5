/*
 * work.c - the working state of an edit: a table of pointers to immutable
 * component records plus an undo journal.
 *
 * Changing a component copies its record into the edit arena and swaps the
 * pointer (the input's records are never written). Every swap, table
 * rebuild (insert / delete) and token change pushes the old value on the
 * journal, so a snapshot is just the journal length and a rollback undoes
 * only what changed since: O(changes), never a deep copy.
 */
#include <string.h>

#include "design/design_internal.h"

typedef enum { J_SLOT, J_TABLE, J_TOKENS } journal_kind;

struct journal_entry {
  journal_kind kind;
  size_t slot;
  const design_component *old;
  const design_component **old_table;
  size_t old_count, old_cap;
  design_tokens old_tokens;
};

void design_work_init(work_state *s, ta_arena *a, const design_blueprint *bp) {
  memset(s, 0, sizeof *s);
  s->arena = a;
  s->bp = bp;
  s->W = bp->viewport_w;
  s->tokens = bp->tokens;
  s->cap = bp->count + 4;
  s->comps = ta_alloc(a, s->cap * sizeof *s->comps);
  if (bp->count) memcpy(s->comps, bp->comps, bp->count * sizeof *s->comps);
  s->count = bp->count;
}

static journal_entry *journal_push(work_state *s, journal_kind kind) {
  journal_entry *j = ta_grow(s->arena, s->journal, s->journal_len, &s->journal_cap, sizeof *j, 32);
  if (!j) return NULL;
  s->journal = j;
  journal_entry *e = &s->journal[s->journal_len++];
  e->kind = kind;
  return e;
}

size_t design_work_snapshot(const work_state *s) { return s->journal_len; }

void design_work_rollback(work_state *s, size_t mark) {
  while (s->journal_len > mark) {
    journal_entry *e = &s->journal[--s->journal_len];
    if (e->kind == J_SLOT) s->comps[e->slot] = e->old;
    else if (e->kind == J_TABLE) { s->comps = e->old_table; s->count = e->old_count; s->cap = e->old_cap; }
    else s->tokens = e->old_tokens;
  }
}

int design_work_find(const work_state *s, int key) {
  for (size_t i = 0; i < s->count; i++)
    if (s->comps[i]->key == key) return (int)i;
  return -1;
}

design_component *design_work_edit(work_state *s, size_t slot) {
  journal_entry *e = journal_push(s, J_SLOT);
  e->slot = slot;
  e->old = s->comps[slot];
  design_component *copy = ta_memdup(s->arena, s->comps[slot], sizeof *copy);
  s->comps[slot] = copy;
  return copy;
}

/* Replaces the table by a fresh copy (the old one stays for rollback). */
static void new_table(work_state *s, size_t cap) {
  journal_entry *e = journal_push(s, J_TABLE);
  e->old_table = s->comps;
  e->old_count = s->count;
  e->old_cap = s->cap;
  const design_component **t = ta_alloc(s->arena, cap * sizeof *t);
  if (s->count) memcpy(t, s->comps, s->count * sizeof *t);
  s->comps = t;
  s->cap = cap;
}

void design_work_insert(work_state *s, size_t slot, const design_component *c) {
  new_table(s, s->count + 4);
  if (slot > s->count) slot = s->count;
  memmove(&s->comps[slot + 1], &s->comps[slot], (s->count - slot) * sizeof *s->comps);
  s->comps[slot] = c;
  s->count++;
}

void design_work_remove(work_state *s, size_t slot) {
  new_table(s, s->count + 4);
  memmove(&s->comps[slot], &s->comps[slot + 1], (s->count - slot - 1) * sizeof *s->comps);
  s->count--;
}

void design_work_set_tokens(work_state *s, const design_tokens *t) {
  journal_entry *e = journal_push(s, J_TOKENS);
  e->old_tokens = s->tokens;
  s->tokens = *t;
}

/* ---- change records ------------------------------------------------------ */

change_value design_cv_num(double v) { return (change_value){CV_NUM, false, v, NULL}; }
change_value design_cv_str(const char *s) { return s ? (change_value){CV_STR, false, 0, s} : design_cv_null(); }
change_value design_cv_bool(bool b) { return (change_value){CV_BOOL, b, 0, NULL}; }
change_value design_cv_null(void) { return (change_value){CV_NULL, false, 0, NULL}; }

change_value design_cv_color(ta_arena *a, rgb_t c) {
  char *s = ta_alloc(a, 8);
  design_color_format(c, s);
  return design_cv_str(s);
}

void design_change_push(ta_arena *a, change_list *l, const char *id, const char *path, change_value from,
                 change_value to) {
  change *items = ta_grow(a, l->items, l->count, &l->cap, sizeof *items, 8);
  if (!items) return;
  l->items = items;
  l->items[l->count++] = (change){id, path, from, to};
}

void design_step_note(ta_arena *a, step_result *r, const char *note) {
  const char **notes = ta_grow(a, (void *)r->notes, r->note_count, &r->note_cap, sizeof *notes, 4);
  if (!notes) return;
  r->notes = notes;
  r->notes[r->note_count++] = note;
}
