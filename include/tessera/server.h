/*
 * server.h - the design studio's HTTP API (`tessera serve`, docs/API.md).
 *
 * Two halves, so that everything a request can reach is testable (and
 * fuzzable) without sockets:
 *
 *  - srv_app holds what requests share: the blueprint store (SQLite, see
 *    src/server/store.h), the ARC task set loaded at start, the web folder,
 *    the limits, and a pool of per-thread workers (a store connection and a
 *    design engine each). srv_handle turns one srv_request (method, raw
 *    request target, body) into one srv_response; it is safe to call from
 *    several threads at once.
 *  - srv_http runs libmicrohttpd on top: it reads the body (refusing more
 *    than max_body bytes with 413), calls srv_handle, sends the response, and
 *    on srv_http_stop stops accepting, lets requests in flight finish and
 *    only then closes the daemon.
 *
 * Errors of this layer are srv_error: an HTTP status, a stable code word,
 * a message for a person and the place (a JSON path in the request body, a
 * query parameter or the URL path). Responses carry them as
 * {"error": {"code", "message", "path"}}.
 *
 * Ownership: srv_app_open returns an app the caller closes with
 * srv_app_close after the HTTP side has stopped. A srv_response owns its
 * body and header values; srv_response_free releases them. The request's
 * strings belong to the caller and are only read during srv_handle.
 */
#ifndef TESSERA_SERVER_H
#define TESSERA_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SRV_DEFAULT_PORT 8080
#define SRV_DEFAULT_MAX_BODY ((size_t)8 << 20)
/* Work units one program run may use (value.h units); requests may ask for
 * less. Memory of a run is capped too (about 12 bytes per unit). */
#define SRV_DEFAULT_MAX_WORK ((uint64_t)5000000)

typedef struct srv_config {
  const char *store_path; /* SQLite file, created when missing */
  const char *web_dir;    /* static files of the editor, or NULL */
  const char *tasks_path; /* ARC tasks (folder, task file, Kaggle file), or NULL */
  size_t max_body;        /* request bodies above this get 413 */
  uint64_t max_work;      /* most work units for one program run */
  bool read_only;         /* serve reads only (also forced when the file is read-only) */
  const char *version;    /* the program's version, for GET /version */
} srv_config;

typedef struct srv_error {
  int status;         /* HTTP status */
  const char *code;   /* static word: "bad_json", "not_found", ... */
  char message[384];
  char path[160];     /* where: "command", "blueprint.components[2].bbox", "/blueprints/9" */
} srv_error;

/* Fills err and returns false, so callers can `return srv_fail(...)`. */
bool srv_fail(srv_error *err, int status, const char *code, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

typedef struct srv_app srv_app;

/* Opens the store (creating its schema), loads the tasks and checks the web
 * folder. NULL with a message in err on failure. */
srv_app *srv_app_open(const srv_config *cfg, char *err, size_t errlen);
void srv_app_close(srv_app *app);
bool srv_app_read_only(const srv_app *app);
/* Number of ARC tasks loaded (0 without --tasks). */
size_t srv_app_task_count(const srv_app *app);
/* The request body limit in force. */
size_t srv_app_max_body(const srv_app *app);

typedef struct srv_request {
  const char *method;  /* "GET", "POST", ... */
  const char *target;  /* the raw request target: "/blueprints/3?x=1" (percent-encoded) */
  const char *content_type; /* may be NULL */
  const char *body;    /* may be NULL when body_len is 0 */
  size_t body_len;
} srv_request;

#define SRV_MAX_HEADERS 4
typedef struct srv_header {
  const char *name; /* static */
  char *value;      /* malloc'd */
} srv_header;

typedef struct srv_response {
  int status;
  const char *content_type; /* static */
  char *body;               /* malloc'd (may be NULL when len is 0) */
  size_t len;
  srv_header headers[SRV_MAX_HEADERS];
  int n_headers;
} srv_response;

/* Answers one request; resp is overwritten (never left without a status). */
void srv_handle(srv_app *app, const srv_request *req, srv_response *resp);
/* True for a request that may run long (POST /arc/tasks/<id>/solve, a
 * program search): srv_http answers it from a thread of its own, so the
 * HTTP thread that received it goes on serving its other connections.
 * Only the target's shape is looked at; srv_handle checks the rest. */
bool srv_request_is_long(const srv_request *req);
void srv_response_free(srv_response *resp);

typedef struct srv_http srv_http;

typedef struct srv_http_options {
  const char *bind_addr; /* numeric IPv4 or IPv6 address */
  int port;              /* 0 picks a free port */
  int threads;           /* worker threads polling connections */
  int idle_timeout;      /* seconds without a byte before a connection is closed */
  int request_timeout;   /* seconds for a request to arrive whole and be answered
                            (the handler's own time not counted); 0: the default */
  int max_connections;   /* open connections in all (0: the default) */
  int max_per_ip;        /* open connections from one client address (0: the default) */
} srv_http_options;
#define SRV_DEFAULT_IDLE_TIMEOUT 15
#define SRV_DEFAULT_REQUEST_TIMEOUT 30
#define SRV_DEFAULT_MAX_CONNECTIONS 1000
#define SRV_DEFAULT_MAX_PER_IP 64

/* Starts serving. NULL with a message in err on failure. */
srv_http *srv_http_start(srv_app *app, const srv_http_options *opts, char *err, size_t errlen);
/* The port actually bound. */
int srv_http_port(const srv_http *h);
/* Stops accepting, waits up to grace_seconds for requests in flight to
 * finish, then stops the daemon and frees h. Returns the number of requests
 * still in flight when the grace period ran out (0 normally). */
int srv_http_stop(srv_http *h, double grace_seconds);

#endif
