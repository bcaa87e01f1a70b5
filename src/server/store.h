/*
 * store.h - blueprints with their full history, in one SQLite file.
 *
 * Model. A blueprint (integer id, never reused) has numbered versions
 * 1, 2, 3, ... that never change once written. Each version records the
 * version it was derived from (its parent), what made it (create, replace,
 * edit, fix) and the command text of an edit. The blueprint's head is the
 * version clients see. An edit, fix or replace appends a version whose
 * parent is the head and moves the head to it; undo moves the head to its
 * parent and pushes the old head on a redo stack; redo pops it back; any
 * new version empties the redo stack (as in every editor). Nothing is
 * deleted except by deleting the whole blueprint.
 *
 * Versions name content, so "version N" always means the same bytes; a
 * request that says which version it edits is refused as stale (409) when
 * the head has moved on. Contents are stored once per blueprint and shared
 * by the versions that have them (keyed by their XXH3-128 hash, bytes
 * compared on a match), so undo/redo and edits that return to an earlier
 * state cost a small row, not another copy of the document.
 *
 * Concurrency and durability. WAL mode (readers never block the writer),
 * synchronous=NORMAL (a committed version survives a crash or kill of the
 * process; a power cut can lose the last commits but never corrupts), a
 * busy timeout so two servers or a CLI reading the same file wait instead
 * of failing. The schema is created in one transaction, so a kill during
 * the first open leaves either nothing or the whole schema. Writers of one
 * process take the store's mutex first, so they queue in-process instead
 * of sleeping in SQLite's busy handler.
 *
 * Ownership and threads. srv_store is shared by all threads; a srv_conn (a
 * connection with its prepared statements) is used by one thread at a time.
 * Strings returned in srv_head are malloc'd (srv_head_free).
 */
#ifndef TESSERA_SERVER_STORE_H
#define TESSERA_SERVER_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tessera/server.h"
#include "tessera/text.h"

typedef struct srv_store srv_store;
typedef struct srv_conn srv_conn;

/* Opens (creating when missing, unless read_only) and checks the schema.
 * A file that cannot be written is opened read-only. */
srv_store *srv_store_open(const char *path, bool read_only, char *err, size_t errlen);
void srv_store_close(srv_store *s);
bool srv_store_read_only(const srv_store *s);

srv_conn *srv_conn_open(srv_store *s, char *err, size_t errlen);
void srv_conn_close(srv_conn *c);

typedef struct srv_head {
  int64_t id, version;
  char *name;
  char *json; /* the head's blueprint, canonical JSON */
  size_t len;
  bool can_undo, can_redo;
} srv_head;
void srv_head_free(srv_head *h);

/* What an appended version is made by (stored as text). */
typedef struct srv_change {
  const char *source;  /* "create", "replace", "edit", "fix" */
  const char *command; /* edit command, or NULL */
} srv_change;

/* Every function returns false with err filled (404 unknown blueprint, 409
 * stale version or nothing to undo/redo, 403 read-only store, 500 database
 * error). `expect` is the version the client saw, or -1 for "whatever the
 * head is" (the change is still serialised with every other writer). */
bool srv_store_create(srv_conn *c, const char *name, const char *json, size_t len, int64_t *id,
                      srv_error *err);
bool srv_store_head(srv_conn *c, int64_t id, srv_head *out, srv_error *err);
/* The head an edit starts from: id, version, json and len as this process
 * last wrote them, with no query, when it remembers them and they are the
 * version `expect` the client named (or it named none); name is NULL and
 * can_undo/can_redo false then. Otherwise srv_store_head. Safe because version
 * numbers name content: if another process moved the head since, the
 * commit after `version` is refused (409) and the remembered head is
 * forgotten, so the caller's retry reads the store. Saves the edit path a
 * read transaction and the copy of the head out of SQLite. */
bool srv_store_edit_head(srv_conn *c, int64_t id, int64_t expect, srv_head *out, srv_error *err);
/* Appends a version after `expect` and moves the head to it; *version gets
 * its number. When the content equals the head's nothing is appended and
 * *version is the head (changed = false). */
bool srv_store_commit(srv_conn *c, int64_t id, int64_t expect, const char *json, size_t len,
                      const srv_change *change, int64_t *version, bool *changed, srv_error *err);
bool srv_store_undo(srv_conn *c, int64_t id, int64_t expect, srv_error *err);
bool srv_store_redo(srv_conn *c, int64_t id, int64_t expect, srv_error *err);
bool srv_store_delete(srv_conn *c, int64_t id, int64_t expect, srv_error *err);
/* One version's blueprint (malloc'd into *json). */
bool srv_store_version(srv_conn *c, int64_t id, int64_t version, char **json, size_t *len,
                       srv_error *err);
/* JSON documents of docs/API.md appended to out. */
bool srv_store_list_json(srv_conn *c, tc_text *out, srv_error *err);
bool srv_store_versions_json(srv_conn *c, int64_t id, tc_text *out, srv_error *err);

#endif
