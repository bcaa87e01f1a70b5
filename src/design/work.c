/*
 * work.c - the working state of an edit: a table of pointers to immutable
 * component records plus an undo journal.
 *
 * Changing a component copies its record into the edit arena and swaps the
 * pointer (the input's records are never written). Every swap, table
 * rebuild (insert / delete) and token change pushes the old value on the
 * journal, so a snapshot is just the journal length and a rollback undoes
 * only what changed since: O(changes), never a deep copy.
 *
 * A record copied since the latest snapshot belongs to this edit alone and
 * no journal entry can bring it back, so further changes write it in place:
 * a component changed in four fields is copied once, not four times. Each
 * record carries the generation it was copied in; the generation moves on at
 * every snapshot and rollback.
 *
 * Keys find slots through an index rebuilt after the table changes shape,
 * so looking up each target of a plural step is O(1), not a scan.
 */
#include <string.h>

#include "design/design_internal.h"

typedef enum { J_SLOT, J_TABLE, J_TOKENS } journal_kind;

struct journal_entry {
  journal_kind kind;
  size_t slot;                      /* J_SLOT */
  const design_component *old;      /* J_SLOT */
  const design_component **old_table; /* J_TABLE */
  size_t old_count, old_cap;        /* J_TABLE */
  design_tokens *old_tokens;        /* J_TOKENS: an arena copy */
};

/* Created keys count up from CREATED_KEY_BASE, one per create step, so the
 * index has room for the input's keys plus this many created ones; others
 * (there are none in practice) fall back to a scan. */
#define INDEXED_CREATED 256

void design_work_init(work_state *s, ta_arena *a, const design_blueprint *bp) {
  memset(s, 0, sizeof *s);
  s->arena = a;
  s->bp = bp;
  s->W = bp->viewport_w;
  s->tokens = bp->tokens;
  s->cap = bp->count + 4;
  s->comps = design_alloc(a, s->cap * sizeof *s->comps);
  if (bp->count) memcpy(s->comps, bp->comps, bp->count * sizeof *s->comps);
  s->count = bp->count;
  s->generation = 1; /* input records are generation 0: never written */
  s->index_dirty = true;
}

static journal_entry *journal_push(work_state *s, journal_kind kind) {
  journal_entry *j = design_grow(s->arena, s->journal, s->journal_len, &s->journal_cap, sizeof *j, 32);
  if (!j) return NULL;
  s->journal = j;
  journal_entry *e = &s->journal[s->journal_len++];
  e->kind = kind;
  return e;
}

size_t design_work_snapshot(work_state *s) {
  s->generation++;
  return s->journal_len;
}

void design_work_rollback(work_state *s, size_t mark) {
  while (s->journal_len > mark) {
    journal_entry *e = &s->journal[--s->journal_len];
    if (e->kind == J_SLOT) s->comps[e->slot] = e->old;
    else if (e->kind == J_TABLE) {
      s->comps = e->old_table;
      s->count = e->old_count;
      s->cap = e->old_cap;
      s->index_dirty = true;
    } else s->tokens = *e->old_tokens;
  }
  s->generation++;
}

static size_t index_of_key(const work_state *s, int key) {
  if (key >= 0 && key < CREATED_KEY_BASE) return (size_t)key;
  return s->bp->count + (size_t)(key - CREATED_KEY_BASE);
}

static bool key_indexed(const work_state *s, int key) {
  return (key >= 0 && (size_t)key < s->bp->count) ||
         (key >= CREATED_KEY_BASE && key - CREATED_KEY_BASE < INDEXED_CREATED);
}

static void rebuild_index(work_state *s) {
  size_t n = s->bp->count + INDEXED_CREATED;
  if (!s->slot_of) s->slot_of = design_alloc(s->arena, n * sizeof *s->slot_of);
  for (size_t i = 0; i < n; i++) s->slot_of[i] = -1;
  for (size_t i = 0; i < s->count; i++)
    if (key_indexed(s, s->comps[i]->key)) s->slot_of[index_of_key(s, s->comps[i]->key)] = (int)i;
  s->index_dirty = false;
}

int design_work_find(work_state *s, int key) {
  if (!key_indexed(s, key)) {
    for (size_t i = 0; i < s->count; i++)
      if (s->comps[i]->key == key) return (int)i;
    return -1;
  }
  if (s->index_dirty) rebuild_index(s);
  return s->slot_of[index_of_key(s, key)];
}

design_component *design_work_edit(work_state *s, size_t slot) {
  design_component *mine = (design_component *)s->comps[slot];
  if (mine->generation == s->generation) return mine;
  journal_entry *e = journal_push(s, J_SLOT);
  if (e) {
    e->slot = slot;
    e->old = s->comps[slot];
  }
  design_component *copy = design_memdup(s->arena, s->comps[slot], sizeof *copy);
  copy->generation = s->generation;
  s->comps[slot] = copy;
  return copy;
}

/* Replaces the table by a fresh copy (the old one stays for rollback). */
static void new_table(work_state *s, size_t cap) {
  journal_entry *e = journal_push(s, J_TABLE);
  if (e) {
    e->old_table = s->comps;
    e->old_count = s->count;
    e->old_cap = s->cap;
  }
  const design_component **t = design_alloc(s->arena, cap * sizeof *t);
  if (s->count) memcpy(t, s->comps, s->count * sizeof *t);
  s->comps = t;
  s->cap = cap;
  s->index_dirty = true;
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

void design_work_remove_marked(work_state *s, const bool *gone) {
  new_table(s, s->count + 4);
  size_t kept = 0;
  for (size_t i = 0; i < s->count; i++)
    if (!gone[i]) s->comps[kept++] = s->comps[i];
  s->count = kept;
}

int design_compare_slots_reading(const void *pa, const void *pb, void *ctx) {
  const work_state *s = ctx;
  const design_component *a = s->comps[*(const int *)pa], *b = s->comps[*(const int *)pb];
  if (a->y != b->y) return a->y < b->y ? -1 : 1;
  if (a->x != b->x) return a->x < b->x ? -1 : 1;
  return a->key - b->key;
}

void design_work_set_tokens(work_state *s, const design_tokens *t) {
  journal_entry *e = journal_push(s, J_TOKENS);
  if (e) e->old_tokens = design_memdup(s->arena, &s->tokens, sizeof s->tokens);
  s->tokens = *t;
}

/* ---- change records ------------------------------------------------------ */

change_value design_cv_num(double v) { return (change_value){CV_NUM, false, v, NULL}; }
change_value design_cv_str(const char *s) { return s ? (change_value){CV_STR, false, 0, s} : design_cv_null(); }
change_value design_cv_bool(bool b) { return (change_value){CV_BOOL, b, 0, NULL}; }
change_value design_cv_null(void) { return (change_value){CV_NULL, false, 0, NULL}; }

change_value design_cv_color(ta_arena *a, rgb_t c) {
  char *s = design_alloc(a, 8);
  design_color_format(c, s);
  return design_cv_str(s);
}

void design_change_push(ta_arena *a, change_list *l, const char *id, const char *path, change_value from,
                        change_value to) {
  change *items = design_grow(a, l->items, l->count, &l->cap, sizeof *items, 8);
  if (!items) return;
  l->items = items;
  l->items[l->count++] = (change){id, path, from, to};
}

void design_step_note(ta_arena *a, step_result *r, const char *note) {
  const char **notes = design_grow(a, (void *)r->notes, r->note_count, &r->note_cap, sizeof *notes, 4);
  if (!notes) return;
  r->notes = notes;
  r->notes[r->note_count++] = note;
}
