/*
 * server_fixture.h - an app on a temporary store and web folder, and one
 * call to srv_handle as a function, for the tests of tests/server.
 *
 * The web folder holds index.html, app.js, a sub-folder with its own
 * index.html, a hidden file, a symbolic link to a file outside the folder
 * and one to a folder outside it, and a fifo (which must never be opened
 * for reading: it would block). The outside file holds the word SECRET.
 */
#ifndef TESSERA_TEST_SERVER_FIXTURE_H
#define TESSERA_TEST_SERVER_FIXTURE_H

#include "server/server_internal.h"

typedef struct app_fixture {
  char dir[128];
  char store[192], web[192];
  srv_app *app;
} app_fixture;

/* with_tasks loads data/arc-agi-1/training. */
srv_app *fixture_open(app_fixture *f, bool with_tasks, bool read_only);
void fixture_close(app_fixture *f);

/* One request; the response is freed by the next call or fixture_close. */
typedef struct reply {
  srv_response resp;
  json_t *json; /* the body parsed, when it is JSON */
} reply;
const reply *call(srv_app *app, const char *method, const char *target, const char *body);
const reply *call_len(srv_app *app, const char *method, const char *target, const char *body, size_t len);
/* The error code of the last reply, or "" */
const char *error_code(const reply *r);
const char *header(const reply *r, const char *name);

/* {"blueprint": <file>} for a blueprint of data/design/blueprints. */
char *create_body(const char *blueprint_file);

#endif
