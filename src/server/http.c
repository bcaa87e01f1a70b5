/*
 * http.c - libmicrohttpd under srv_handle (server.h).
 *
 * Per request we keep a small state: the raw request target (taken from
 * MHD's URI log callback, before MHD decodes it, so the router decodes and
 * checks it itself) and the body as it arrives. The body limit is enforced
 * twice: a Content-Length above it is answered with 413 before any byte of
 * the body is read; a chunked body that passes it is no longer kept, is read
 * and dropped to its end (then answered 413), and past DRAIN_LIMIT dropped
 * bytes the connection is closed. MHD sends nothing for an answer queued in
 * the middle of a chunked body, hence the drain. Slow clients are dropped by MHD's connection timeout; they hold one
 * connection each and never a worker thread, because the daemon polls
 * (epoll) and only calls us once a request is complete.
 *
 * Long requests (srv_request_is_long: a program search) are answered from
 * a thread of their own: the HTTP thread suspends the connection, starts
 * the thread and goes on serving its other connections; the thread calls
 * srv_handle, keeps the response and resumes the connection, and MHD
 * calls the handler again, which sends it. Each HTTP thread owns its
 * connections, so a search answered in place would hold all of them. At
 * most LONG_JOBS such threads run; beyond, a long request is answered in
 * place (the handlers' own caps answer it quickly with 503 then).
 *
 * Requests in flight are counted from the request line to MHD's completion
 * callback. Stopping quiesces the daemon (the listening socket stops
 * accepting), waits for that count to reach zero, then stops the daemon, so
 * no request that got its answer started is cut off.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "tessera/clock.h"
#include "tessera/fault.h"
#include "tessera/grow.h"
#include "tessera/server.h"

#define CONNECTION_LIMIT 1000
/* Bytes of an oversized chunked body read and dropped before giving up. */
#define DRAIN_LIMIT ((size_t)4 << 20)
/* Threads answering long requests at once. */
#define LONG_JOBS 8

struct srv_http {
  srv_app *app;
  struct MHD_Daemon *daemon;
  size_t max_body;
  int port;
  atomic_int in_flight;
  atomic_bool stopping;
  char start_error[256]; /* what MHD logged while starting */
  atomic_bool started;
  atomic_int long_jobs;  /* threads answering long requests */
};

typedef struct req_state {
  char *target;
  char *body;
  size_t len, cap;
  bool begun;     /* the access handler has seen this request */
  bool too_large; /* the body passed the limit: the rest is dropped */
  size_t dropped; /* bytes dropped so far */
  /* a long request answered by a thread of its own (see the top) */
  bool offloaded;
  char *method, *content_type;
  srv_response resp;       /* the thread's answer, sent once resumed */
  pthread_mutex_t handoff; /* the thread resumes only after the suspend */
  struct MHD_Connection *conn;
  srv_http *h;
} req_state;

static void log_start_error(void *cls, const char *fmt, va_list ap) {
  srv_http *h = cls;
  if (atomic_load(&h->started)) return; /* afterwards errors reach the client, not the log */
  vsnprintf(h->start_error, sizeof h->start_error, fmt, ap);
  size_t n = strlen(h->start_error);
  while (n && (h->start_error[n - 1] == '\n' || h->start_error[n - 1] == '.')) h->start_error[--n] = 0;
}

static void *request_begins(void *cls, const char *uri, struct MHD_Connection *conn) {
  (void)conn;
  srv_http *h = cls;
  req_state *st = tc_calloc(1, sizeof *st);
  if (st) st->target = tc_strdup(uri ? uri : "");
  atomic_fetch_add(&h->in_flight, 1);
  return st; /* NULL (no memory) is answered with 503 by the handler */
}

static void request_ends(void *cls, struct MHD_Connection *conn, void **req_cls,
                         enum MHD_RequestTerminationCode toe) {
  (void)conn, (void)toe;
  srv_http *h = cls;
  req_state *st = *req_cls;
  if (st) {
    if (st->offloaded) {
      pthread_mutex_destroy(&st->handoff);
      free(st->method);
      free(st->content_type);
      srv_response_free(&st->resp); /* when the client left before it was sent */
    }
    free(st->target);
    free(st->body);
    free(st);
  }
  *req_cls = NULL;
  atomic_fetch_sub(&h->in_flight, 1);
}

static enum MHD_Result send_response(srv_http *h, struct MHD_Connection *conn, srv_response *r) {
  struct MHD_Response *resp =
      MHD_create_response_from_buffer_with_free_callback(r->len, r->body, free);
  if (!resp) {
    srv_response_free(r);
    return MHD_NO;
  }
  r->body = NULL; /* owned by the MHD response now */
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type ? r->content_type : "application/json");
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  for (int i = 0; i < r->n_headers; i++) MHD_add_response_header(resp, r->headers[i].name, r->headers[i].value);
  if (atomic_load(&h->stopping)) MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
  enum MHD_Result ret = MHD_queue_response(conn, (unsigned)r->status, resp);
  MHD_destroy_response(resp);
  srv_response_free(r);
  return ret;
}

/* An error answered without the router (before the body is complete). */
static enum MHD_Result send_error(srv_http *h, struct MHD_Connection *conn, int status, const char *code,
                                  const char *message) {
  srv_response r = {.status = status, .content_type = "application/json"};
  char buf[512];
  int n = snprintf(buf, sizeof buf, "{\"error\": {\"code\": \"%s\", \"message\": \"%s\", \"path\": \"body\"}}\n",
                   code, message);
  r.body = tc_strdup(buf);
  r.len = r.body ? (size_t)n : 0;
  return send_response(h, conn, &r);
}

static enum MHD_Result too_large(srv_http *h, struct MHD_Connection *conn) {
  char msg[128];
  snprintf(msg, sizeof msg, "the request body is larger than %zu bytes", h->max_body);
  return send_error(h, conn, 413, "too_large", msg);
}

/* False when the declared Content-Length is above the limit (a malformed
 * one is MHD's to refuse; an overflowing one is above any limit). */
static bool length_fits(srv_http *h, struct MHD_Connection *conn) {
  const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
  if (!cl) return true;
  errno = 0;
  char *end;
  unsigned long long n = strtoull(cl, &end, 10);
  if (errno == ERANGE) return false;
  return *end || n <= h->max_body;
}

static bool append_body(req_state *st, const char *data, size_t n) {
  if (st->len + n + 1 > st->cap) {
    size_t cap = st->cap ? st->cap : 4096;
    while (cap < st->len + n + 1) cap *= 2;
    char *body = tc_realloc(st->body, cap);
    if (!body) return false;
    st->body = body;
    st->cap = cap;
  }
  memcpy(st->body + st->len, data, n);
  st->len += n;
  st->body[st->len] = 0;
  return true;
}

static void *answer_long(void *arg) {
  req_state *st = arg;
  srv_request req = {.method = st->method, .target = st->target, .content_type = st->content_type,
                     .body = st->body, .body_len = st->len};
  srv_handle(st->h->app, &req, &st->resp);
  srv_http *h = st->h;
  struct MHD_Connection *conn = st->conn;
  pthread_mutex_lock(&st->handoff); /* the HTTP thread has suspended the connection */
  pthread_mutex_unlock(&st->handoff);
  MHD_resume_connection(conn); /* st may be gone from here on */
  atomic_fetch_sub(&h->long_jobs, 1);
  return NULL;
}

/* Starts a thread for a long request; false (nothing started) when too
 * many run or no thread can be had: the caller answers it in place. */
static bool start_long(srv_http *h, struct MHD_Connection *conn, req_state *st, const srv_request *req) {
  if (atomic_fetch_add(&h->long_jobs, 1) >= LONG_JOBS) {
    atomic_fetch_sub(&h->long_jobs, 1);
    return false;
  }
  st->method = tc_strdup(req->method);
  st->content_type = req->content_type ? tc_strdup(req->content_type) : NULL;
  if (!st->method || (req->content_type && !st->content_type)) {
    free(st->method);
    free(st->content_type);
    st->method = st->content_type = NULL;
    atomic_fetch_sub(&h->long_jobs, 1);
    return false;
  }
  st->conn = conn;
  st->h = h;
  st->resp = (srv_response){0};
  pthread_mutex_init(&st->handoff, NULL);
  st->offloaded = true;
  pthread_mutex_lock(&st->handoff);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t thread;
  bool started = pthread_create(&thread, &attr, answer_long, st) == 0;
  pthread_attr_destroy(&attr);
  if (started) MHD_suspend_connection(conn);
  pthread_mutex_unlock(&st->handoff);
  if (started) return true;
  pthread_mutex_destroy(&st->handoff);
  free(st->method);
  free(st->content_type);
  st->method = st->content_type = NULL;
  st->offloaded = false;
  atomic_fetch_sub(&h->long_jobs, 1);
  return false;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size,
                                  void **req_cls) {
  (void)url, (void)version;
  srv_http *h = cls;
  req_state *st = *req_cls;
  if (!st || !st->target) return send_error(h, conn, 503, "out_of_memory", "out of memory");
  if (!st->begun) {
    st->begun = true;
    if (!length_fits(h, conn)) return too_large(h, conn);
    return MHD_YES;
  }
  if (*upload_size) {
    /* Over the limit, the rest is read and dropped (nothing is kept) so the
     * 413 can be answered once the body ends; past DRAIN_LIMIT more bytes
     * the answer is queued at once, which makes MHD close the connection. */
    if (st->too_large || st->len + *upload_size > h->max_body) {
      st->too_large = true;
      st->dropped += *upload_size;
      *upload_size = 0;
      return st->dropped > DRAIN_LIMIT ? too_large(h, conn) : MHD_YES;
    }
    bool ok = append_body(st, upload, *upload_size);
    *upload_size = 0;
    return ok ? MHD_YES : send_error(h, conn, 503, "out_of_memory", "out of memory");
  }
  if (st->too_large) return too_large(h, conn);
  if (st->offloaded) { /* resumed: the thread's answer is ready */
    srv_response resp = st->resp;
    st->resp = (srv_response){0};
    return send_response(h, conn, &resp);
  }
  srv_request req = {
      .method = method,
      .target = st->target,
      .content_type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE),
      .body = st->body,
      .body_len = st->len,
  };
  if (srv_request_is_long(&req) && start_long(h, conn, st, &req)) return MHD_YES;
  srv_response resp;
  srv_handle(h->app, &req, &resp);
  return send_response(h, conn, &resp);
}

static bool parse_bind(const char *addr, int port, struct sockaddr_storage *ss, bool *ipv6) {
  memset(ss, 0, sizeof *ss);
  struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
  struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;
  *ipv6 = false;
  if (inet_pton(AF_INET, addr, &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons((uint16_t)port);
    return true;
  }
  if (inet_pton(AF_INET6, addr, &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons((uint16_t)port);
    *ipv6 = true;
    return true;
  }
  return false;
}

srv_http *srv_http_start(srv_app *app, const srv_http_options *opts, char *err, size_t errlen) {
  const char *bind_addr = opts->bind_addr;
  int port = opts->port, threads = opts->threads;
  unsigned timeout = (unsigned)(opts->idle_timeout > 0 ? opts->idle_timeout : SRV_DEFAULT_IDLE_TIMEOUT);
  struct sockaddr_storage ss;
  bool ipv6;
  if (!parse_bind(bind_addr, port, &ss, &ipv6)) {
    snprintf(err, errlen, "'%s' is not a numeric IPv4 or IPv6 address", bind_addr);
    return NULL;
  }
  srv_http *h = tc_calloc(1, sizeof *h);
  if (!h) {
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  h->app = app;
  h->max_body = srv_app_max_body(app);
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG |
                   MHD_ALLOW_SUSPEND_RESUME |
                   (ipv6 ? MHD_USE_IPv6 : 0);
  h->daemon = MHD_start_daemon(
      flags, (uint16_t)port, NULL, NULL, on_request, h, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
      MHD_OPTION_EXTERNAL_LOGGER, log_start_error, h, MHD_OPTION_URI_LOG_CALLBACK, request_begins, h,
      MHD_OPTION_NOTIFY_COMPLETED, request_ends, h, MHD_OPTION_CONNECTION_TIMEOUT, timeout,
      MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONNECTION_LIMIT, MHD_OPTION_THREAD_POOL_SIZE,
      (unsigned)(threads > 1 ? threads : 1), MHD_OPTION_END);
  if (!h->daemon) {
    snprintf(err, errlen, "cannot listen on %s port %d: %s", bind_addr, port,
             h->start_error[0] ? h->start_error : "the HTTP daemon did not start");
    free(h);
    return NULL;
  }
  atomic_store(&h->started, true);
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(h->daemon, MHD_DAEMON_INFO_BIND_PORT);
  h->port = info ? info->port : port;
  return h;
}

int srv_http_port(const srv_http *h) { return h->port; }

int srv_http_stop(srv_http *h, double grace_seconds) {
  atomic_store(&h->stopping, true);
  MHD_socket listener = MHD_quiesce_daemon(h->daemon);
  double deadline = tc_now_seconds() + grace_seconds;
  while (atomic_load(&h->in_flight) > 0 && tc_now_seconds() < deadline) {
    struct timespec pause = {0, 5 * 1000 * 1000};
    nanosleep(&pause, NULL);
  }
  int left = atomic_load(&h->in_flight);
  /* A suspended connection must be resumed before the daemon stops; long
   * requests are bounded by their work budgets, so this wait ends. */
  while (atomic_load(&h->long_jobs) > 0) {
    struct timespec pause = {0, 5 * 1000 * 1000};
    nanosleep(&pause, NULL);
  }
  MHD_stop_daemon(h->daemon);
  if (listener != MHD_INVALID_SOCKET) close(listener);
  free(h);
  return left;
}
