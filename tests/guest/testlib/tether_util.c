/* tether_util: helpers the bigger guest tests share. See tether_util.h. */
#include "tether_util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "tether_test.h"

extern char **environ; /* POSIX: the program declares it */

void *tt_unmapped_page(void) {
  static void *page;
  if (page == NULL) {
    /* Three pages; the middle one is given back, so the hole is surrounded
     * by mappings and nothing else is likely to land there. */
    char *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return (void *)(uintptr_t)0x2000UL;
    if (munmap(p + 4096, 4096) < 0) return (void *)(uintptr_t)0x2000UL;
    page = p + 4096;
  }
  return page;
}

void tt_die(const char *what) {
  printf("# setup failed: %s: %s\n", what, strerror(errno));
  fflush(stdout);
  exit(1);
}

static char self_path[1024];

void tt_init(int argc, char **argv) {
  (void)argc;
  const char *a0 = argv[0];
  if (a0[0] == '/') {
    snprintf(self_path, sizeof self_path, "%s", a0);
  } else {
    char cwd[512];
    if (getcwd(cwd, sizeof cwd) == NULL) cwd[0] = '\0';
    snprintf(self_path, sizeof self_path, "%s/%s", cwd, a0);
  }
}

const char *tt_self_path(void) { return self_path; }

const char *tt_make_scratch(const char *name) {
  static char path[256];
  snprintf(path, sizeof path, "/tmp/%s.%d", name, (int)getpid());
  tt_remove_tree(path);
  mode_t old = umask(0);
  int r = mkdir(path, 0755);
  umask(old);
  if (r < 0) {
    printf("# cannot make the scratch directory %s: %s\n", path, strerror(errno));
    fflush(stdout);
    return NULL;
  }
  return path;
}

void tt_remove_tree(const char *path) {
  struct stat st;
  if (lstat(path, &st) < 0) return;
  if (!S_ISDIR(st.st_mode)) {
    unlink(path);
    return;
  }
  chmod(path, 0700); /* tests leave directories without search or write */
  DIR *d = opendir(path);
  if (d) {
    struct dirent *e;
    /* Collect names first: removing while reading is unspecified. */
    char **names = NULL;
    size_t n = 0;
    while ((e = readdir(d)) != NULL) {
      if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
      char **grown = realloc(names, (n + 1) * sizeof *names);
      if (!grown) break;
      names = grown;
      size_t len = strlen(path) + strlen(e->d_name) + 2;
      names[n] = malloc(len);
      if (!names[n]) break;
      snprintf(names[n], len, "%s/%s", path, e->d_name);
      n++;
    }
    closedir(d);
    for (size_t i = 0; i < n; i++) {
      tt_remove_tree(names[i]);
      free(names[i]);
    }
    free(names);
  }
  rmdir(path);
}

/* One write of text to fd, then close; true when all of it was written,
 * errno kept from the write. */
static bool write_once_and_close(int fd, const char *text) {
  size_t n = strlen(text);
  ssize_t w = write(fd, text, n);
  int e = errno;
  close(fd);
  errno = e;
  return w == (ssize_t)n;
}

bool tt_write_file(const char *path, const char *data, mode_t mode) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
  return fd >= 0 && write_once_and_close(fd, data);
}

bool tt_write_text(const char *path, const char *text) {
  int fd = open(path, O_WRONLY);
  return fd >= 0 && write_once_and_close(fd, text);
}

ssize_t tt_read_file(const char *path, char *buf, size_t size) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return -1;
  size_t got = 0;
  while (got + 1 < size) {
    ssize_t n = read(fd, buf + got, size - 1 - got);
    if (n < 0) {
      int saved = errno;
      close(fd);
      errno = saved;
      return -1;
    }
    if (n == 0) break;
    got += (size_t)n;
  }
  buf[got] = '\0';
  close(fd);
  return (ssize_t)got;
}

bool tt_copy_file(const char *from, const char *to, mode_t mode) {
  int in = open(from, O_RDONLY);
  if (in < 0) return false;
  unlink(to);
  int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (out < 0) {
    close(in);
    return false;
  }
  static char buf[8192];
  bool ok = true;
  for (;;) {
    ssize_t n = read(in, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0 || write(out, buf, (size_t)n) != n) {
      ok = false;
      break;
    }
  }
  close(in);
  close(out);
  return ok && chmod(to, mode) == 0;
}

long tt_ms_since(const struct timespec *start) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (now.tv_sec - start->tv_sec) * 1000L + (now.tv_nsec - start->tv_nsec) / 1000000L;
}

void tt_sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {
  }
}

int tt_wait_timeout(pid_t pid, int timeout_s) {
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (;;) {
    int status = 0;
    pid_t w = wait4(pid, &status, WNOHANG, NULL);
    if (w == pid) return status;
    if (w < 0 && errno != EINTR) return -1;
    if (tt_ms_since(&start) > timeout_s * 1000L) {
      kill(pid, SIGKILL);
      while (wait4(pid, &status, 0, NULL) < 0 && errno == EINTR) {
      }
      return -2;
    }
    struct timespec ts = {0, 5 * 1000000L};
    nanosleep(&ts, NULL);
  }
}

const char *tt_status_str(int status) {
  static char text[64];
  if (status == -1) return "wait4 failed";
  if (status == -2) return "timed out (killed)";
  if (WIFEXITED(status)) snprintf(text, sizeof text, "exited %d", WEXITSTATUS(status));
  else if (WIFSIGNALED(status)) snprintf(text, sizeof text, "killed by signal %d", WTERMSIG(status));
  else snprintf(text, sizeof text, "status %#x", status);
  return text;
}

bool tt_run_in_child(const char *id, void (*fn)(void *), void *arg, int timeout_s) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) < 0) {
    tt_fail(id, "pipe2: %s", strerror(errno));
    return false;
  }
  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) {
    tt_fail(id, "fork: %s", strerror(errno));
    close(fds[0]);
    close(fds[1]);
    return false;
  }
  if (pid == 0) {
    close(fds[0]);
    tt_report_to(fds[1]);
    fn(arg);
    fflush(stdout);
    _exit(0);
  }
  close(fds[1]);
  int status = tt_wait_timeout(pid, timeout_s);
  /* The child is gone; what it reported is in the pipe (EOF unless one of
   * its own children still holds the write end: do not wait for those). */
  fcntl(fds[0], F_SETFL, O_NONBLOCK);
  int p = 0, f = 0, s = 0;
  char buf[256];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0) {
    for (ssize_t i = 0; i < n; i++) {
      if (buf[i] == 'P') p++;
      else if (buf[i] == 'F') f++;
      else s++;
    }
  }
  close(fds[0]);
  tt_add_counts(p, f, s);
  if (status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0) return true;
  tt_fail(id, "the child running these checks %s", tt_status_str(status));
  return false;
}

int tt_fork_status(int (*fn)(void *), void *arg, int timeout_s) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) _exit(fn(arg));
  return tt_wait_timeout(pid, timeout_s);
}

bool tt_become_user(uid_t uid, gid_t gid) {
  if (tt_setgroups(0, NULL) < 0) return false;
  if (setgid(gid) < 0) return false;
  if (setuid(uid) < 0) return false;
  return true;
}

void tt_handle(int sig, void (*fn)(int), unsigned long flags, sigset_t mask) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = fn;
  sa.sa_flags = flags;
  sa.sa_mask = mask;
  sigaction(sig, &sa, NULL);
}

sigset_t tt_sigset_of(int sig) {
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, sig);
  return s;
}

struct exec_request {
  const char *path;
  char **argv;
  char **envp;
};

int tt_exec_failure_code(const char *path, char **argv, char **envp) {
  execve(path, argv, envp);
  return 100 + errno;
}

static int exec_in_child(void *arg) {
  struct exec_request *r = arg;
  return tt_exec_failure_code(r->path, r->argv, r->envp);
}

pid_t tt_fork_pausing(void) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) tt_die("fork");
  if (pid == 0) {
    for (;;) pause();
  }
  return pid;
}

pid_t tt_unused_pid(void) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) tt_die("fork");
  if (pid == 0) _exit(0);
  waitpid(pid, NULL, 0);
  return pid;
}

int tt_run_exec(const char *path, char **argv, char **envp, int timeout_s) {
  struct exec_request r = {path, argv, envp};
  return tt_fork_status(exec_in_child, &r, timeout_s);
}

int tt_capture_child(int (*fn)(void *), void *arg, bool with_stderr, char *out, size_t size, int timeout_s) {
  int p[2];
  if (pipe(p) < 0) return -1;
  fflush(stdout); /* or the child would print our buffered lines again */
  pid_t pid = fork();
  if (pid < 0) {
    close(p[0]);
    close(p[1]);
    return -1;
  }
  if (pid == 0) {
    dup2(p[1], 1);
    if (with_stderr) dup2(p[1], 2);
    close(p[0]);
    close(p[1]);
    exit(fn(arg));
  }
  close(p[1]);
  size_t got = 0;
  ssize_t n;
  while (got + 1 < size && (n = read(p[0], out + got, size - 1 - got)) > 0) got += (size_t)n;
  out[got] = '\0';
  close(p[0]);
  return tt_wait_timeout(pid, timeout_s);
}

int tt_run_capture(const char *path, char **argv, bool with_stderr, char *out, size_t size, int timeout_s) {
  struct exec_request r = {path, argv, environ};
  return tt_capture_child(exec_in_child, &r, with_stderr, out, size, timeout_s);
}

volatile sig_atomic_t tt_signal_hits, tt_last_signal;
volatile sigset_t tt_mask_in_handler;

void tt_counting_handler(int sig) {
  tt_signal_hits++;
  tt_last_signal = sig;
  sigset_t m;
  sigprocmask(SIG_BLOCK, NULL, &m);
  tt_mask_in_handler = m;
}

long tt_mem_free_kb(void) {
  char buf[2048];
  ssize_t n = tt_read_file("/proc/meminfo", buf, sizeof buf - 1);
  if (n <= 0) return -1;
  buf[n] = '\0';
  const char *line = strstr(buf, "MemFree:");
  long kb;
  return line && sscanf(line, "MemFree: %ld", &kb) == 1 ? kb : -1;
}

long tt_open_files(void) {
  char buf[128] = {0};
  if (tt_read_file("/proc/sys/fs/file-nr", buf, sizeof buf - 1) <= 0) return -1;
  return strtol(buf, NULL, 10);
}
