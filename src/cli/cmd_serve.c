/*
 * cmd_serve.c - `tessera serve`: the design studio's HTTP API and web editor
 * (docs/API.md).
 *
 * The signals that stop the server (SIGINT, SIGTERM) are blocked before any
 * thread starts, so every HTTP thread inherits the mask and only the main
 * thread receives them, in sigwait: stopping is then ordinary code, not a
 * signal handler. It stops accepting, lets requests in flight finish, stops
 * the daemon and closes the store, in that order.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli_util.h"
#include "commands.h"
#include "tessera/options.h"
#include "tessera/server.h"

#ifndef TESSERA_VERSION
#define TESSERA_VERSION "unknown"
#endif
#ifndef TESSERA_WEB_DIR
#define TESSERA_WEB_DIR "web"
#endif

#define DEFAULT_STORE "studio.db"
#define GRACE_SECONDS 10.0

static const char CMD[] = "serve";

static void print_help(FILE *out) {
  fprintf(out,
          "Usage: tessera serve [OPTION]...\n"
          "\n"
          "Serves the design studio: the JSON API of docs/API.md (blueprints with\n"
          "history, edits, check, fix, ARC tasks) and the web editor.\n"
          "\n"
          "Options:\n"
          "  --port N          TCP port (default %d; 0 picks a free one)\n"
          "  --bind ADDR       numeric IPv4 or IPv6 address of this machine to listen on\n"
          "                    (default 127.0.0.1; names such as localhost are not resolved)\n"
          "  --store DB        blueprint store, created when missing (default ./%s)\n"
          "  --read-only       serve reads only; writes get 403 read_only (a store that\n"
          "                    cannot be written, e.g. on a read-only mount, is too)\n"
          "  --web DIR         web editor files (default %s; 'none' for the API only)\n"
          "  --tasks PATH      ARC tasks to browse and run programs on (folder,\n"
          "                    task file or Kaggle challenges file)\n"
          "  --max-body BYTES  largest request body (default %zu); larger get 413\n"
          "  --max-work N      most work units for one program run (default %llu)\n"
          "  --threads N       HTTP worker threads (default: number of processors)\n"
          "  --idle-timeout S  close connections silent for S seconds (default %d)\n"
          "  --request-timeout S\n"
          "                    a request must arrive whole and be answered within S\n"
          "                    seconds (handler time not counted), else 408 and the\n"
          "                    connection is closed: trickling clients (default %d)\n"
          "  --max-connections N  open connections in all (default %d)\n"
          "  --max-per-ip N    open connections from one address (default %d)\n"
          "  -h, --help        print this help\n"
          "\n"
          "Prints one line with the address once it listens. SIGINT or SIGTERM stop it:\n"
          "requests in flight finish (up to %.0f s), then the store is closed.\n",
          SRV_DEFAULT_PORT, DEFAULT_STORE, TESSERA_WEB_DIR, SRV_DEFAULT_MAX_BODY,
          (unsigned long long)SRV_DEFAULT_MAX_WORK, SRV_DEFAULT_IDLE_TIMEOUT, SRV_DEFAULT_REQUEST_TIMEOUT,
          SRV_DEFAULT_MAX_CONNECTIONS, SRV_DEFAULT_MAX_PER_IP, GRACE_SECONDS);
}

typedef struct serve_args {
  srv_config cfg;
  const char *bind;
  long port, threads, idle_timeout, request_timeout, max_connections, max_per_ip;
} serve_args;

enum { OPT_PORT = 256, OPT_BIND, OPT_STORE, OPT_WEB, OPT_TASKS, OPT_MAX_BODY, OPT_MAX_WORK, OPT_THREADS, OPT_RO, OPT_TIMEOUT,
       OPT_REQ_TIMEOUT, OPT_MAX_CONNS, OPT_PER_IP };

static int set_number(const char *opt, const char *text, long min, long max, long *out) {
  if (tc_parse_long(text, min, max, out)) return -1;
  return cli_usage_error(CMD, "invalid value '%s' for %s (a whole number from %ld to %ld)", text, opt, min, max);
}

/* --bind takes a numeric address of this machine: a name is not resolved
 * (what a server listens on should not depend on the resolver, and a name
 * with several addresses would be bound on one of them only). Checked here,
 * before the store is opened, so a typo exits 2 and creates nothing. An
 * address no interface has is found by binding a socket to it (port 0). */
static int check_bind(const char *addr) {
  struct sockaddr_storage ss;
  memset(&ss, 0, sizeof ss);
  struct sockaddr_in *v4 = (struct sockaddr_in *)&ss;
  struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&ss;
  socklen_t len;
  if (inet_pton(AF_INET, addr, &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    len = sizeof *v4;
  } else if (inet_pton(AF_INET6, addr, &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    len = sizeof *v6;
  } else {
    return cli_usage_error(CMD,
                           "invalid value '%s' for --bind (a numeric IPv4 or IPv6 address such as 127.0.0.1, "
                           "0.0.0.0 or ::1, without brackets; names are not resolved)",
                           addr);
  }
  int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1; /* no socket at all: srv_http_start reports it */
  int rc = bind(fd, (struct sockaddr *)&ss, len) == 0 ? 0 : errno;
  close(fd);
  if (rc == EADDRNOTAVAIL)
    return cli_usage_error(CMD, "invalid value '%s' for --bind: no interface of this machine has that address", addr);
  return -1;
}

static int parse_args(int argc, char **argv, serve_args *a) {
  static const struct option longopts[] = {
      {"port", required_argument, NULL, OPT_PORT},         {"bind", required_argument, NULL, OPT_BIND},
      {"store", required_argument, NULL, OPT_STORE},       {"web", required_argument, NULL, OPT_WEB},
      {"tasks", required_argument, NULL, OPT_TASKS},       {"max-body", required_argument, NULL, OPT_MAX_BODY},
      {"max-work", required_argument, NULL, OPT_MAX_WORK}, {"threads", required_argument, NULL, OPT_THREADS},
      {"read-only", no_argument, NULL, OPT_RO},            {"help", no_argument, NULL, 'h'},
      {"idle-timeout", required_argument, NULL, OPT_TIMEOUT},
      {"request-timeout", required_argument, NULL, OPT_REQ_TIMEOUT},
      {"max-connections", required_argument, NULL, OPT_MAX_CONNS},
      {"max-per-ip", required_argument, NULL, OPT_PER_IP},
      {NULL, 0, NULL, 0},
  };
  tc_opt_parser p;
  tc_opt_init(&p, argc, argv, "h", longopts);
  int opt, rc = -1;
  long n;
  while (rc < 0 && (opt = tc_opt_next(&p)) != -1) {
    switch (opt) {
      case 'h': print_help(stdout); return CLI_EXIT_OK;
      case OPT_PORT: rc = set_number("--port", p.arg, 0, 65535, &a->port); break;
      case OPT_BIND: a->bind = p.arg; break;
      case OPT_STORE: a->cfg.store_path = p.arg; break;
      case OPT_WEB: a->cfg.web_dir = strcmp(p.arg, "none") ? p.arg : NULL; break;
      case OPT_TASKS: a->cfg.tasks_path = p.arg; break;
      case OPT_RO: a->cfg.read_only = true; break;
      case OPT_THREADS: rc = set_number("--threads", p.arg, 1, 256, &a->threads); break;
      case OPT_TIMEOUT: rc = set_number("--idle-timeout", p.arg, 1, 3600, &a->idle_timeout); break;
      case OPT_REQ_TIMEOUT: rc = set_number("--request-timeout", p.arg, 1, 3600, &a->request_timeout); break;
      case OPT_MAX_CONNS: rc = set_number("--max-connections", p.arg, 1, 100000, &a->max_connections); break;
      case OPT_PER_IP: rc = set_number("--max-per-ip", p.arg, 1, 100000, &a->max_per_ip); break;
      case OPT_MAX_BODY:
        if ((rc = set_number("--max-body", p.arg, 1, 1L << 30, &n)) < 0) a->cfg.max_body = (size_t)n;
        break;
      case OPT_MAX_WORK:
        if ((rc = set_number("--max-work", p.arg, 1, 1000000000L, &n)) < 0) a->cfg.max_work = (uint64_t)n;
        break;
      default: return cli_usage_error(CMD, "%s", p.message);
    }
  }
  if (rc >= 0) return rc;
  if (tc_opt_operands(&p) < argc) return cli_usage_error(CMD, "unexpected argument '%s'", argv[tc_opt_operands(&p)]);
  return check_bind(a->bind);
}

static void print_started(const serve_args *a, const srv_app *app, int port) {
  printf("tessera serve: listening on http://%s%s%s:%d/ (store %s%s", strchr(a->bind, ':') ? "[" : "", a->bind,
         strchr(a->bind, ':') ? "]" : "", port, a->cfg.store_path, srv_app_read_only(app) ? ", read-only" : "");
  if (a->cfg.web_dir) printf("; web %s", a->cfg.web_dir);
  else printf("; no web editor");
  if (a->cfg.tasks_path) printf("; %zu tasks from %s", srv_app_task_count(app), a->cfg.tasks_path);
  printf(")\n");
  fflush(stdout);
}

int cmd_serve_main(int argc, char **argv) {
  serve_args a = {.bind = "127.0.0.1", .port = SRV_DEFAULT_PORT, .threads = cli_default_jobs(),
                  .idle_timeout = SRV_DEFAULT_IDLE_TIMEOUT, .request_timeout = SRV_DEFAULT_REQUEST_TIMEOUT,
                  .max_connections = SRV_DEFAULT_MAX_CONNECTIONS, .max_per_ip = SRV_DEFAULT_MAX_PER_IP};
  a.cfg.store_path = DEFAULT_STORE;
  a.cfg.web_dir = TESSERA_WEB_DIR;
  a.cfg.version = TESSERA_VERSION;
  int rc = parse_args(argc, argv, &a);
  if (rc >= 0) return rc;

  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, NULL);
  signal(SIGPIPE, SIG_IGN);

  char err[512];
  srv_app *app = srv_app_open(&a.cfg, err, sizeof err);
  if (!app) return cli_fail(CLI_EXIT_USAGE, CMD, "%s", err);
  srv_http_options ho = {a.bind, (int)a.port, (int)a.threads, (int)a.idle_timeout, (int)a.request_timeout,
                         (int)a.max_connections, (int)a.max_per_ip};
  srv_http *http = srv_http_start(app, &ho, err, sizeof err);
  if (!http) {
    srv_app_close(app);
    return cli_fail(CLI_EXIT_FAILURE, CMD, "%s", err);
  }
  print_started(&a, app, srv_http_port(http));

  int sig = 0;
  sigwait(&stop, &sig);
  fprintf(stderr, "tessera serve: %s received, finishing requests in flight\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
  int left = srv_http_stop(http, GRACE_SECONDS);
  srv_app_close(app);
  if (left) fprintf(stderr, "tessera serve: %d request%s cut off after %.0f s\n", left, left == 1 ? "" : "s", GRACE_SECONDS);
  fprintf(stderr, "tessera serve: stopped, store closed\n");
  return left ? CLI_EXIT_FAILURE : CLI_EXIT_OK;
}
