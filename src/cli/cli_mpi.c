/*
 * cli_mpi.c - joining and leaving the MPI job, and the agreement points
 * (see cli_mpi.h).
 *
 * The plain `tessera` has no MPI linked in (loading libmpi would slow
 * every command): its cli_mpi_start executes tessera-mpi, the same command
 * line built with MPI, from the same folder, in its own place.
 *
 * Holding back a rank's messages: ranks other than 0 point their stderr at
 * an unlinked temporary file from the start. At an agreement point each
 * failing rank sends what was written there since the previous point to
 * rank 0, which prints it only when it did not fail itself (then its own
 * message says the same, once instead of N times). The real stderr comes
 * back at cli_mpi_finish.
 */
#include "cli_mpi.h"

#include "cli_util.h"

#ifdef TESSERA_HAVE_MPI

#include <fcntl.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tessera/fault.h"

enum { TAG_MESSAGE = 1 };
/* Longest message text a rank passes on (more is cut). */
#define MESSAGE_MAX 8192

static struct {
  bool active;
  int rank, size;
  int *statuses;                  /* rank 0: every rank's status at an agreement */
  int saved_stderr, saved_stdout; /* the real ones, on ranks other than 0 */
  FILE *held;                     /* where stderr goes meanwhile */
  off_t shown;                    /* bytes of `held` already passed on */
} mpi = {.saved_stderr = -1, .saved_stdout = -1};

static void hold_output(void) {
  fflush(stdout);
  fflush(stderr);
  int devnull = open("/dev/null", O_WRONLY);
  mpi.held = tmpfile();
  if (devnull < 0 || !mpi.held) {
    if (devnull >= 0) close(devnull);
    return; /* keep talking: duplicate messages are better than none */
  }
  mpi.saved_stdout = dup(STDOUT_FILENO);
  mpi.saved_stderr = dup(STDERR_FILENO);
  dup2(devnull, STDOUT_FILENO);
  dup2(fileno(mpi.held), STDERR_FILENO);
  close(devnull);
}

static void release_output(void) {
  fflush(stdout);
  fflush(stderr);
  if (mpi.saved_stdout >= 0) dup2(mpi.saved_stdout, STDOUT_FILENO), close(mpi.saved_stdout);
  if (mpi.saved_stderr >= 0) dup2(mpi.saved_stderr, STDERR_FILENO), close(mpi.saved_stderr);
  if (mpi.held) fclose(mpi.held);
  mpi.held = NULL;
  mpi.saved_stdout = mpi.saved_stderr = -1;
}

int cli_mpi_start(const char *cmd) {
  int provided = 0;
  if (MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
    return cli_fail(CLI_EXIT_FAILURE, cmd, "--mpi: MPI could not start");
  mpi.active = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &mpi.rank);
  MPI_Comm_size(MPI_COMM_WORLD, &mpi.size);
  if (mpi.rank == 0 && !(mpi.statuses = tc_calloc((size_t)mpi.size, sizeof *mpi.statuses))) {
    MPI_Abort(MPI_COMM_WORLD, CLI_EXIT_FAILURE);
    return cli_fail(CLI_EXIT_FAILURE, cmd, "out of memory");
  }
  if (mpi.rank > 0) hold_output();
  return -1;
}

int cli_mpi_finish(int status) {
  if (!mpi.active) return status;
  if (mpi.rank > 0) release_output();
  free(mpi.statuses);
  mpi.statuses = NULL;
  MPI_Finalize();
  mpi.active = false;
  return status;
}

bool cli_mpi_is_root(void) { return !mpi.active || mpi.rank == 0; }

/* What this rank wrote to its held stderr since the last agreement, at
 * most MESSAGE_MAX - 1 bytes, into buf (NUL-terminated); its length. */
static int held_text(char buf[MESSAGE_MAX]) {
  buf[0] = '\0';
  if (!mpi.held) return 0;
  fflush(stderr);
  off_t end = lseek(fileno(mpi.held), 0, SEEK_END);
  if (end <= mpi.shown) return 0;
  size_t want = (size_t)(end - mpi.shown) < MESSAGE_MAX - 1 ? (size_t)(end - mpi.shown) : MESSAGE_MAX - 1;
  ssize_t got = pread(fileno(mpi.held), buf, want, mpi.shown);
  mpi.shown = end;
  if (got <= 0) return 0;
  buf[got] = '\0';
  return (int)got;
}

/* Rank 0 prints a failing rank's messages, each line as "rank N: line". */
static void show_rank_text(const char *cmd, int rank, const char *text) {
  for (const char *line = text; *line;) {
    const char *nl = strchr(line, '\n');
    int n = nl ? (int)(nl - line) : (int)strlen(line);
    fprintf(stderr, "tessera %s: rank %d: %.*s\n", cmd, rank, n, line);
    line += n + (nl != NULL);
  }
}

/* Failing ranks send their held messages; rank 0 receives them in rank
 * order and shows them when `show`. */
static void pass_messages(const char *cmd, int status, bool show) {
  static char text[MESSAGE_MAX];
  if (mpi.rank > 0) {
    if (status >= 0) MPI_Send(text, held_text(text) + 1, MPI_CHAR, 0, TAG_MESSAGE, MPI_COMM_WORLD);
    return;
  }
  for (int r = 1; r < mpi.size; r++) {
    if (mpi.statuses[r] < 0) continue;
    MPI_Recv(text, MESSAGE_MAX, MPI_CHAR, r, TAG_MESSAGE, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    text[MESSAGE_MAX - 1] = '\0';
    if (show && text[0]) show_rank_text(cmd, r, text);
    else if (show) fprintf(stderr, "tessera %s: rank %d failed (exit status %d)\n", cmd, r, mpi.statuses[r]);
  }
}

int cli_mpi_agree(const char *cmd, int status) {
  if (!mpi.active) return status;
  int worst = status;
  MPI_Allreduce(&status, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  if (worst < 0) {
    static char discarded[MESSAGE_MAX];
    held_text(discarded); /* what a fine rank said (warnings) is not repeated */
    return -1;
  }
  MPI_Gather(&status, 1, MPI_INT, mpi.statuses, 1, MPI_INT, 0, MPI_COMM_WORLD);
  pass_messages(cmd, status, mpi.rank == 0 && status < 0);
  return worst;
}

#else /* the plain command: no MPI linked in */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tessera/fault.h"
#include "tessera/readfile.h"

#ifdef TESSERA_MPI_HELPER
/* This process's own argument vector, from /proc/self/cmdline (malloc'd,
 * one block; NULL when it cannot be read). */
static char **own_arguments(void) {
  size_t len = 0;
  char *text = tc_read_file("/proc/self/cmdline", 0, &len, NULL, 0);
  size_t n = 0;
  for (size_t i = 0; text && i < len; i++) n += text[i] == '\0';
  char **argv = text && n ? tc_calloc(n + 1, sizeof *argv) : NULL;
  for (size_t i = 0, k = 0; argv && k < n; k++) {
    argv[k] = text + i;
    i += strlen(text + i) + 1;
  }
  if (!argv) free(text);
  return argv;
}

/* Runs the same command line in tessera-mpi, the build with MPI, found
 * next to this executable. Returns only when that fails. */
static int run_helper(const char *cmd) {
  char self[4096];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 32);
  if (n <= 0) return cli_fail(CLI_EXIT_FAILURE, cmd, "--mpi: cannot find this executable: %s", strerror(errno));
  self[n] = '\0';
  char *slash = strrchr(self, '/');
  strcpy(slash ? slash + 1 : self, TESSERA_MPI_HELPER);
  if (access(self, X_OK) != 0) return -1;
  char **argv = own_arguments();
  if (!argv) return cli_fail(CLI_EXIT_FAILURE, cmd, "--mpi: cannot read this command line");
  fflush(stdout);
  fflush(stderr);
  execv(self, argv);
  int e = errno;
  free(argv[0]);
  free(argv);
  return cli_fail(CLI_EXIT_FAILURE, cmd, "--mpi: cannot run %s: %s", self, strerror(e));
}
#endif

int cli_mpi_start(const char *cmd) {
#ifdef TESSERA_MPI_HELPER
  int status = run_helper(cmd);
  if (status >= 0) return status;
#endif
  return cli_usage_error(cmd, "--mpi: this tessera was built without MPI"
                              " (install libopenmpi-dev and rebuild; docs/SCALE.md)");
}
int cli_mpi_finish(int status) { return status; }
bool cli_mpi_is_root(void) { return true; }
int cli_mpi_agree(const char *cmd, int status) {
  (void)cmd;
  return status;
}

#endif
