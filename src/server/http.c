/*
 * http.c - libmicrohttpd under srv_handle (server.h).
 *
 * Per request we keep a small state: the raw request target (taken from
 * MHD's URI log callback, before MHD decodes it, so the router decodes and
 * checks it itself) and the body as it arrives. The body limit is enforced
 * twice: a Content-Length above it is answered with 413 before any byte of
 * the body is read; a chunked body (whose length nobody declares) is counted
 * as it arrives, and the moment it passes the limit the 413 is written to
 * the socket by us and our side is shut for writing: MHD 0.9 refuses to
 * queue an answer in the middle of a body (MHD_queue_response returns NO
 * there), so it cannot send this one. The rest of the body is then read and
 * dropped up to DRAIN_LIMIT bytes (a client still sending when we close
 * would get a reset, which can cost it the 413 it has not read yet), and
 * the connection is closed at the body's end or the drain limit, whichever
 * comes first; the request deadline bounds the drain's time.
 *
 * Slow clients. MHD's connection timeout is an idle timeout: every byte
 * restarts it, so a client trickling one byte every few seconds would hold
 * its connection for ever, and a thousand of them would fill the connection
 * limit. So every connection also has a request deadline: from the moment
 * it is ready for a request (accepted, or the previous answer sent) its
 * request must arrive whole and its answer be sent within request_timeout
 * seconds, not counting the time our handler works on it (that is the
 * server's time, bounded by --max-work, not the client's). A reaper thread
 * looks at the open connections every REAP_INTERVAL and cuts the late ones:
 * a 408 when no answer has started, then shutdown(2) of the socket, which
 * makes MHD's own poll see the end and close the connection in its thread
 * (MHD has no call to close a connection from outside). The socket is only
 * ever shut down under conns_lock while its connection is in our list, and
 * MHD tells us a connection closed (NOTIFY_CONNECTION) before it closes the
 * descriptor, so a reused descriptor is never touched. Connections are also
 * capped in total and per client address (MHD refuses the rest at accept).
 * Slow clients hold one connection each and never a worker thread, because
 * the daemon polls (epoll) and only calls us once a request is complete.
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

/* How often the reaper looks for connections past their deadline. */
#define REAP_INTERVAL 0.25
/* Bytes of an oversized chunked body read and dropped before giving up. */
#define DRAIN_LIMIT ((size_t)4 << 20)
/* Threads answering long requests at once. */
#define LONG_JOBS 8

/* One open connection (MHD's socket context), in srv_http's list. */
typedef struct conn_state {
  struct conn_state *prev, *next;
  int fd;
  double ready;     /* when the current request began (monotonic seconds) */
  bool in_handler;  /* our handler is working on it: the clock is stopped */
  bool answering;   /* an answer is queued: a 408 would corrupt it */
  bool cut;         /* past its deadline and shut down */
} conn_state;

struct srv_http {
  srv_app *app;
  struct MHD_Daemon *daemon;
  size_t max_body;
  int port;
  double request_timeout;
  pthread_mutex_t conns_lock; /* guards the list and every conn_state in it */
  pthread_cond_t reaper_wake;
  conn_state conns;           /* list head (a sentinel) */
  pthread_t reaper;
  bool reaper_running, reaper_stop;
  atomic_int in_flight;
  atomic_bool stopping;
  char start_error[256]; /* what MHD logged while starting */
  atomic_bool started;
  atomic_int long_jobs;  /* threads answering long requests */
};

typedef struct req_state {
  conn_state *conn; /* NULL when MHD gave no socket context */
  char *target;
  char *body;
  size_t len, cap;
  bool begun;     /* the access handler has seen this request */
  bool too_large; /* the body passed the limit: the rest is dropped */
  bool answered;  /* the 413 went out on the socket already (we close after) */
  size_t dropped; /* bytes dropped so far */
  /* a long request answered by a thread of its own (see the top) */
  bool offloaded;
  char *method, *content_type;
  srv_response resp;       /* the thread's answer, sent once resumed */
  pthread_mutex_t handoff; /* the thread resumes only after the suspend */
  struct MHD_Connection *mhd_conn;
  srv_http *h;
} req_state;

static void log_start_error(void *cls, const char *fmt, va_list ap) {
  srv_http *h = cls;
  if (atomic_load(&h->started)) return; /* afterwards errors reach the client, not the log */
  vsnprintf(h->start_error, sizeof h->start_error, fmt, ap);
  size_t n = strlen(h->start_error);
  while (n && (h->start_error[n - 1] == '\n' || h->start_error[n - 1] == '.')) h->start_error[--n] = 0;
}

static double now_mono(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void connection_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
                              enum MHD_ConnectionNotificationCode code) {
  srv_http *h = cls;
  if (code == MHD_CONNECTION_NOTIFY_STARTED) {
    conn_state *c = tc_calloc(1, sizeof *c);
    *socket_context = c;
    if (!c) return; /* that connection simply has no deadline */
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    c->fd = info ? info->connect_fd : -1;
    c->ready = now_mono();
    pthread_mutex_lock(&h->conns_lock);
    c->next = h->conns.next;
    c->prev = &h->conns;
    c->next->prev = c;
    h->conns.next = c;
    pthread_mutex_unlock(&h->conns_lock);
    return;
  }
  conn_state *c = *socket_context;
  *socket_context = NULL;
  if (!c) return;
  pthread_mutex_lock(&h->conns_lock);
  c->prev->next = c->next;
  c->next->prev = c->prev;
  pthread_mutex_unlock(&h->conns_lock);
  free(c);
}

static const char TIMEOUT_ANSWER[] =
    "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\nConnection: close\r\n"
    "Content-Length: %d\r\n\r\n%s";
static const char TIMEOUT_BODY[] =
    "{\"error\": {\"code\": \"request_timeout\", \"message\": \"the request did not arrive whole within "
    "%.0f seconds\", \"path\": \"\"}}\n";

/* Cuts the connections past their deadline (see the top of the file). */
static void reap(srv_http *h, double now) {
  char body[256], answer[512];
  int blen = snprintf(body, sizeof body, TIMEOUT_BODY, h->request_timeout);
  int alen = snprintf(answer, sizeof answer, TIMEOUT_ANSWER, blen, body);
  for (conn_state *c = h->conns.next; c != &h->conns; c = c->next) {
    if (c->cut || c->in_handler || c->fd < 0 || now - c->ready <= h->request_timeout) continue;
    c->cut = true;
    /* A best effort on a non-blocking socket whose send buffer is empty
     * (nothing is being answered): the client learns why it was cut. */
    if (!c->answering) (void)!send(c->fd, answer, (size_t)alen, MSG_NOSIGNAL | MSG_DONTWAIT);
    shutdown(c->fd, SHUT_RDWR);
  }
}

static void *reaper_main(void *arg) {
  srv_http *h = arg;
  pthread_mutex_lock(&h->conns_lock);
  while (!h->reaper_stop) {
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    long ns = until.tv_nsec + (long)(REAP_INTERVAL * 1e9);
    until.tv_sec += ns / 1000000000L;
    until.tv_nsec = ns % 1000000000L;
    pthread_cond_timedwait(&h->reaper_wake, &h->conns_lock, &until);
    if (!h->reaper_stop) reap(h, now_mono());
  }
  pthread_mutex_unlock(&h->conns_lock);
  return NULL;
}

static void *request_begins(void *cls, const char *uri, struct MHD_Connection *conn) {
  srv_http *h = cls;
  req_state *st = tc_calloc(1, sizeof *st);
  if (st) st->target = tc_strdup(uri ? uri : "");
  const union MHD_ConnectionInfo *info = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  if (st && info) st->conn = info->socket_context;
  atomic_fetch_add(&h->in_flight, 1);
  return st; /* NULL (no memory) is answered with 503 by the handler */
}

static void request_ends(void *cls, struct MHD_Connection *conn, void **req_cls,
                         enum MHD_RequestTerminationCode toe) {
  (void)conn, (void)toe;
  srv_http *h = cls;
  req_state *st = *req_cls;
  if (st && st->conn) {
    /* The next request on this connection starts its own clock. */
    pthread_mutex_lock(&h->conns_lock);
    st->conn->ready = now_mono();
    st->conn->answering = false;
    pthread_mutex_unlock(&h->conns_lock);
  }
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
  const union MHD_ConnectionInfo *info = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  conn_state *c = info ? info->socket_context : NULL;
  if (c) {
    pthread_mutex_lock(&h->conns_lock);
    c->answering = true;
    pthread_mutex_unlock(&h->conns_lock);
  }
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

/* Writes the 413 for a body that just passed the limit straight to the
 * socket and shuts our side for writing (see the top of the file). We are
 * in MHD's thread for this connection, between two reads of the body, so
 * nothing else writes to the socket, and its send buffer is empty (MHD
 * reads a request only after the previous answer is sent). False when the
 * socket is unknown or took nothing: then the 413 is queued at the body's
 * end as usual. */
static bool answer_too_large_now(srv_http *h, conn_state *c) {
  if (!c || c->fd < 0) return false;
  char body[256], answer[512];
  int blen = snprintf(body, sizeof body,
                      "{\"error\": {\"code\": \"too_large\", \"message\": \"the request body is larger than "
                      "%zu bytes\", \"path\": \"body\"}}\n",
                      h->max_body);
  int alen = snprintf(answer, sizeof answer,
                      "HTTP/1.1 413 Content Too Large\r\nContent-Type: application/json\r\n"
                      "X-Content-Type-Options: nosniff\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s",
                      blen, body);
  /* A part sent is a part the client has: never queue a second answer. */
  if (send(c->fd, answer, (size_t)alen, MSG_NOSIGNAL | MSG_DONTWAIT) <= 0) return false;
  shutdown(c->fd, SHUT_WR);
  pthread_mutex_lock(&h->conns_lock);
  c->answering = true;
  pthread_mutex_unlock(&h->conns_lock);
  return true;
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

/* While our handler works the request's clock is stopped: the deadline
 * moves on by the time the handler took. Afterwards an answer is queued. */
static void set_in_handler(srv_http *h, conn_state *c, bool on) {
  if (!c) return;
  double now = now_mono();
  pthread_mutex_lock(&h->conns_lock);
  if (on) {
    c->in_handler = true;
    c->ready = now - c->ready; /* the time used so far, while stopped */
  } else {
    c->in_handler = false;
    c->ready = now - c->ready;
  }
  pthread_mutex_unlock(&h->conns_lock);
}

static void *answer_long(void *arg) {
  req_state *st = arg;
  srv_request req = {.method = st->method, .target = st->target, .content_type = st->content_type,
                     .body = st->body, .body_len = st->len};
  srv_handle(st->h->app, &req, &st->resp);
  srv_http *h = st->h;
  struct MHD_Connection *conn = st->mhd_conn;
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
  st->mhd_conn = conn;
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
    if (st->too_large || st->len + *upload_size > h->max_body) {
      if (!st->too_large) {
        st->too_large = true;
        st->answered = answer_too_large_now(h, st->conn);
      }
      st->dropped += *upload_size;
      *upload_size = 0;
      if (st->dropped <= DRAIN_LIMIT) return MHD_YES;
      /* Enough was dropped: close (MHD answers nothing mid-body). */
      return st->answered ? MHD_NO : too_large(h, conn);
    }
    bool ok = append_body(st, upload, *upload_size);
    *upload_size = 0;
    return ok ? MHD_YES : send_error(h, conn, 503, "out_of_memory", "out of memory");
  }
  if (st->answered) return MHD_NO; /* the 413 is out; the connection is closed */
  if (st->too_large) return too_large(h, conn);
  if (st->offloaded) { /* resumed: the thread's answer is ready */
    set_in_handler(h, st->conn, false);
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
  /* The request's clock stops while the server works on it, in place or
   * on a thread of its own (until the connection is resumed). */
  set_in_handler(h, st->conn, true);
  if (srv_request_is_long(&req) && start_long(h, conn, st, &req)) return MHD_YES;
  srv_response resp;
  srv_handle(h->app, &req, &resp);
  set_in_handler(h, st->conn, false);
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

static void free_http(srv_http *h) {
  pthread_mutex_destroy(&h->conns_lock);
  pthread_cond_destroy(&h->reaper_wake);
  free(h);
}

static void stop_reaper(srv_http *h) {
  if (!h->reaper_running) return;
  pthread_mutex_lock(&h->conns_lock);
  h->reaper_stop = true;
  pthread_cond_signal(&h->reaper_wake);
  pthread_mutex_unlock(&h->conns_lock);
  pthread_join(h->reaper, NULL);
  h->reaper_running = false;
}

srv_http *srv_http_start(srv_app *app, const srv_http_options *opts, char *err, size_t errlen) {
  const char *bind_addr = opts->bind_addr;
  int port = opts->port, threads = opts->threads;
  unsigned timeout = (unsigned)(opts->idle_timeout > 0 ? opts->idle_timeout : SRV_DEFAULT_IDLE_TIMEOUT);
  unsigned max_conns = (unsigned)(opts->max_connections > 0 ? opts->max_connections : SRV_DEFAULT_MAX_CONNECTIONS);
  unsigned per_ip = (unsigned)(opts->max_per_ip > 0 ? opts->max_per_ip : SRV_DEFAULT_MAX_PER_IP);
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
  h->request_timeout = opts->request_timeout > 0 ? opts->request_timeout : SRV_DEFAULT_REQUEST_TIMEOUT;
  h->conns.next = h->conns.prev = &h->conns;
  pthread_mutex_init(&h->conns_lock, NULL);
  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  pthread_cond_init(&h->reaper_wake, &ca);
  pthread_condattr_destroy(&ca);
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG |
                   MHD_ALLOW_SUSPEND_RESUME |
                   (ipv6 ? MHD_USE_IPv6 : 0);
  h->daemon = MHD_start_daemon(
      flags, (uint16_t)port, NULL, NULL, on_request, h, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
      MHD_OPTION_EXTERNAL_LOGGER, log_start_error, h, MHD_OPTION_URI_LOG_CALLBACK, request_begins, h,
      MHD_OPTION_NOTIFY_COMPLETED, request_ends, h, MHD_OPTION_NOTIFY_CONNECTION, connection_notify, h,
      MHD_OPTION_CONNECTION_TIMEOUT, timeout, MHD_OPTION_CONNECTION_LIMIT, max_conns,
      MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip, MHD_OPTION_THREAD_POOL_SIZE,
      (unsigned)(threads > 1 ? threads : 1), MHD_OPTION_END);
  if (!h->daemon) {
    snprintf(err, errlen, "cannot listen on %s port %d: %s", bind_addr, port,
             h->start_error[0] ? h->start_error : "the HTTP daemon did not start");
    free_http(h);
    return NULL;
  }
  atomic_store(&h->started, true);
  if (pthread_create(&h->reaper, NULL, reaper_main, h) != 0) {
    MHD_stop_daemon(h->daemon);
    free_http(h);
    snprintf(err, errlen, "cannot start the connection reaper thread");
    return NULL;
  }
  h->reaper_running = true;
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
  stop_reaper(h);
  MHD_stop_daemon(h->daemon);
  if (listener != MHD_INVALID_SOCKET) close(listener);
  free_http(h);
  return left;
}
