/* processes: fork, exec, wait, process groups and sessions.
 *
 * This program re-executes itself with a marker argument to look at what
 * crosses execve (argv, envp, pid, cwd, umask, group, session); the
 * re-executed copy reports through its exit status (0 = as expected).
 * Credentials and personality are in credentials.
 *
 * Sources: POSIX fork(), execve() (ENOENT, EACCES, ENOEXEC, ENOTDIR, ELOOP;
 * argv/envp; the pid, cwd, umask, process group and session are kept),
 * wait()/waitpid() and <sys/wait.h>, setpgid() (EACCES after exec, EPERM
 * for a session leader or another session, ESRCH, EINVAL), setsid() (EPERM
 * for a group leader), getpgid(), getsid(), _exit() (children of an
 * exiting process get a new parent); Linux execve(2), wait4(2).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tether_test.h"
#include "tether_util.h"


static const char *scratch;
static int global_value = 1;

/* ---- What the re-executed copy checks ---------------------------------- */

/* --argv-check ARGS...: argv must be exactly what check_exec_args passes,
 * environ exactly its envp. */
static int argv_check(int argc, char **argv) {
  static const char *want_argv[] = {"custom-argv0", "--argv-check", "two words", "", "last", NULL};
  static const char *want_env[] = {"K=V", "EMPTY=", "WITH=equals=sign", NULL};
  if (argc != 5) return 1;
  for (int i = 0; i < argc; i++)
    if (strcmp(argv[i], want_argv[i]) != 0) return 2;
  if (argv[argc] != NULL) return 3;
  int n = 0;
  while (environ[n]) n++;
  if (n != 3) return 4;
  for (int i = 0; i < 3; i++)
    if (strcmp(environ[i], want_env[i]) != 0) return 5;
  return 0;
}

/* --pid-check PID PPID: the pid and parent survive execve. */
static int pid_check(char **argv) {
  if (getpid() != atoi(argv[2])) return 1;
  if (getppid() != atoi(argv[3])) return 2;
  return 0;
}

/* --inherit-check CWD UMASK PGID SID: what else execve keeps. */
static int inherit_check(char **argv) {
  int bad = 0;
  char cwd[600];
  if (!getcwd(cwd, sizeof cwd) || strcmp(cwd, argv[2]) != 0) bad |= 1;
  mode_t m = umask(0);
  if ((long)m != strtol(argv[3], NULL, 8)) bad |= 2;
  if (getpgrp() != atoi(argv[4])) bad |= 4;
  if (getsid(0) != atoi(argv[5])) bad |= 8;
  return bad;
}

/* --setpgid-wait: tells the parent (fd 3) that the exec happened, then
 * waits for EOF on fd 4. */
static int setpgid_wait(void) {
  write(3, "e", 1);
  char c;
  while (read(4, &c, 1) > 0) {
  }
  return 0;
}

/* ---- fork and wait ------------------------------------------------------ */

static void check_fork_wait(void) {
  pid_t parent = getpid();
  int fds[2];
  pipe(fds);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    global_value = 99;
    int info[3] = {getpid(), getppid(), global_value};
    write(fds[1], info, sizeof info);
    _exit(0);
  }
  close(fds[1]);
  int info[3] = {0, 0, 0};
  ssize_t n = read(fds[0], info, sizeof info);
  close(fds[0]);
  TT_CHECK("fork.returns_child_pid", pid > 0 && n == sizeof info && info[0] == pid, "fork returned %d, child says %d",
           (int)pid, info[0]);
  TT_CHECK("fork.child_pid_differs", info[0] != parent, "child pid %d = parent %d", info[0], (int)parent);
  TT_CHECK("fork.child_getppid_is_parent", info[1] == parent, "child's getppid %d, parent %d", info[1], (int)parent);
  TT_CHECK("fork.memory_is_copied", info[2] == 99 && global_value == 1, "child saw %d, parent still %d", info[2],
           global_value);
  int status;
  TT_CHECK("wait.reaps_child", waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
           "waitpid: %s", strerror(errno));

  pid = fork();
  if (pid == 0) _exit(3);
  waitpid(pid, &status, 0);
  TT_CHECK("wait.status_exited", WIFEXITED(status) && !WIFSIGNALED(status) && WEXITSTATUS(status) == 3,
           "status %#x", status);
  pid = tt_fork_pausing();
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  TT_CHECK("wait.status_signaled", WIFSIGNALED(status) && !WIFEXITED(status) && WTERMSIG(status) == SIGKILL &&
                                       !WIFSTOPPED(status),
           "status %#x", status);
  pid = fork();
  if (pid == 0) {
    abort();
  }
  waitpid(pid, &status, 0);
  TT_CHECK("wait.status_abort_sigabrt", WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT, "status %#x", status);

  tt_expect_errno("wait.no_children_echild", waitpid(-1, &status, 0), ECHILD);
  tt_expect_errno("wait.not_our_child_echild", waitpid(1, &status, 0), ECHILD);
  tt_expect_errno("wait.bad_options_einval", waitpid(-1, &status, 0x40000), EINVAL);
  /* Linux's own options: __WCLONE alone waits for "clone" children (those
   * that report with another signal than SIGCHLD), and a fork child is not
   * one; __WALL waits for both kinds; __WNOTHREAD is accepted. */
  fflush(stdout);
  pid = fork();
  if (pid == 0) _exit(9);
  tt_expect_errno("wait.wclone_fork_child_echild", waitpid(-1, &status, (int)0x80000000 /* __WCLONE */), ECHILD);
  status = 0;
  pid_t got = waitpid(pid, &status, 0x20000000 /* __WNOTHREAD */ | 0x40000000 /* __WALL */);
  TT_CHECK("wait.wall_wnothread_reap_fork_child", got == pid && WIFEXITED(status) && WEXITSTATUS(status) == 9,
           "waitpid returned %d (%s), status %#x", (int)got, got < 0 ? strerror(errno) : "", status);
  pid = fork();
  if (pid == 0) {
    tt_sleep_ms(300);
    _exit(0);
  }
  TT_CHECK("wait.wnohang_running_child_0", waitpid(pid, &status, WNOHANG) == 0, "WNOHANG on a running child");
  waitpid(pid, &status, 0);

  /* wait for any child in our group (0) and in a given group (-pgid). */
  pid = fork();
  if (pid == 0) _exit(4);
  TT_CHECK("wait.pid_0_own_group", waitpid(0, &status, 0) == pid && WEXITSTATUS(status) == 4, "waitpid(0): %s",
           strerror(errno));
  int go[2];
  pipe(go);
  pid = fork();
  if (pid == 0) {
    close(go[1]);
    char c;
    read(go[0], &c, 1);
    _exit(8);
  }
  close(go[0]);
  setpgid(pid, pid);
  close(go[1]);
  TT_CHECK("wait.negative_pgid", waitpid(-pid, &status, 0) == pid && WEXITSTATUS(status) == 8, "waitpid(-%d): %s",
           (int)pid, strerror(errno));

  /* vfork: the parent continues after the child exits or execs. */
  pid = vfork();
  if (pid == 0) _exit(9);
  TT_CHECK("vfork.child_runs_and_exits", pid > 0 && waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 9,
           "vfork/waitpid: %s", strerror(errno));
}

/* An orphan gets a new parent when its parent exits: init on Tether (and
 * POSIX: "an implementation-defined system process"); on Linux it may be a
 * subreaper, so there the check is only that the parent changed. */
static void check_orphan(void) {
  int report[2];
  pipe(report);
  fflush(stdout);
  pid_t middle = fork();
  if (middle == 0) {
    pid_t old = getpid();
    pid_t orphan = fork();
    if (orphan == 0) {
      struct timespec start;
      clock_gettime(CLOCK_MONOTONIC, &start);
      while (getppid() == old && tt_ms_since(&start) < 5000) tt_sleep_ms(5);
      int ids[2] = {old, getppid()};
      write(report[1], ids, sizeof ids);
      _exit(0);
    }
    _exit(0); /* leave the orphan behind */
  }
  close(report[1]);
  int status = tt_wait_timeout(middle, 10);
  int ids[2] = {0, 0};
  ssize_t n = read(report[0], ids, sizeof ids);
  close(report[0]);
  bool changed = n == (ssize_t)sizeof ids && ids[0] == middle && ids[1] != middle;
  if (tt_on_tether())
    TT_CHECK("orphan.reparented_to_init", changed && ids[1] == 1, "parent %d became %d (middle %s)", ids[0], ids[1],
             tt_status_str(status));
  else
    TT_CHECK("orphan.reparented_to_init", changed, "parent %d became %d (Linux: init or a subreaper)", ids[0], ids[1]);
}

/* ---- exec --------------------------------------------------------------- */

/* Runs path in a child, returns its wait status (100 + errno if execve failed). */
static int run(const char *path, char **argv, char **envp) { return tt_run_exec(path, argv, envp, 15); }

static bool exited_with(int status, int code) { return status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == code; }

static void check_exec(void) {
  const char *self = tt_self_path();
  mkdir("adir_for_exec", 0755);
  char *argv[] = {"custom-argv0", "--argv-check", "two words", "", "last", NULL};
  char *envp[] = {"K=V", "EMPTY=", "WITH=equals=sign", NULL};
  int status = run(self, argv, envp);
  TT_CHECK("execve.argv_envp_intact", exited_with(status, 0),
           "re-executed copy %s (1 argc, 2 an argument, 3 no NULL, 4 env count, 5 an env string)",
           tt_status_str(status));

  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    char spid[16], sppid[16];
    snprintf(spid, sizeof spid, "%d", getpid());
    snprintf(sppid, sizeof sppid, "%d", getppid());
    char *a[] = {(char *)self, "--pid-check", spid, sppid, NULL};
    _exit(tt_exec_failure_code(self, a, environ));
  }
  status = tt_wait_timeout(pid, 15);
  TT_CHECK("execve.keeps_pid_and_parent", exited_with(status, 0), "re-executed copy %s", tt_status_str(status));

  /* cwd, umask, process group and session cross execve (POSIX exec). */
  pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    umask(027);
    chdir("adir_for_exec");
    char cwd[600], sp[16], ss[16];
    getcwd(cwd, sizeof cwd);
    snprintf(sp, sizeof sp, "%d", getpgrp());
    snprintf(ss, sizeof ss, "%d", getsid(0));
    char *a[] = {(char *)self, "--inherit-check", cwd, "027", sp, ss, NULL};
    _exit(tt_exec_failure_code(self, a, environ));
  }
  status = tt_wait_timeout(pid, 15);
  int code = status >= 0 && WIFEXITED(status) ? WEXITSTATUS(status) : 255;
  TT_CHECK("execve.keeps_cwd", code < 16 && !(code & 1), "re-executed copy %s", tt_status_str(status));
  TT_CHECK("execve.keeps_umask", code < 16 && !(code & 2), "re-executed copy %s", tt_status_str(status));
  TT_CHECK("execve.keeps_process_group", code < 16 && !(code & 4), "re-executed copy %s", tt_status_str(status));
  TT_CHECK("execve.keeps_session", code < 16 && !(code & 8), "re-executed copy %s", tt_status_str(status));

  char *plain[] = {"x", NULL};
  status = run("/no/such/program", plain, environ);
  TT_CHECK("execve.missing_enoent", exited_with(status, 100 + ENOENT), "child %s (100 + errno)", tt_status_str(status));
  /* execve(2): a string of argv or envp longer than MAX_ARG_STRLEN (32
   * pages with its NUL) is E2BIG; one byte shorter is accepted. */
  enum { kMaxArgStrlen = 32 * 4096 };
  char *long_string = malloc(kMaxArgStrlen + 1);
  if (long_string) {
    memset(long_string, 'a', kMaxArgStrlen);
    long_string[kMaxArgStrlen] = '\0';
    char *long_argv[] = {"x", "--exec-ok", long_string, NULL};
    status = run(self, long_argv, environ);
    TT_CHECK("execve.arg_over_max_arg_strlen_e2big", exited_with(status, 100 + E2BIG), "child %s (100 + errno)",
             tt_status_str(status));
    char *long_envp[] = {long_string, NULL};
    char *ok_argv[] = {"x", "--exec-ok", NULL};
    status = run(self, ok_argv, long_envp);
    TT_CHECK("execve.env_over_max_arg_strlen_e2big", exited_with(status, 100 + E2BIG), "child %s (100 + errno)",
             tt_status_str(status));
    long_string[kMaxArgStrlen - 1] = '\0';
    status = run(self, long_argv, environ);
    TT_CHECK("execve.arg_of_max_arg_strlen_runs", exited_with(status, 0), "child %s", tt_status_str(status));
    free(long_string);
  } else {
    tt_fail("execve.arg_over_max_arg_strlen_e2big", "malloc: %s", strerror(errno));
  }
  tt_write_file("notexec", "data", 0644);
  status = run("notexec/x", plain, environ);
  TT_CHECK("execve.prefix_file_enotdir", exited_with(status, 100 + ENOTDIR), "child %s (100 + errno)",
           tt_status_str(status));
  status = run("notexec", plain, environ);
  TT_CHECK("execve.no_x_bit_eacces", exited_with(status, 100 + EACCES), "child %s (100 + errno)",
           tt_status_str(status));
  mkdir("adir", 0755);
  status = run("adir", plain, environ);
  TT_CHECK("execve.directory_eacces", exited_with(status, 100 + EACCES), "child %s (100 + errno)",
           tt_status_str(status));
  /* Executable, but neither ELF nor "#!": ENOEXEC. */
  tt_write_file("garbage", "this is not a program\n\001\002\003", 0755);
  chmod("garbage", 0755);
  status = run("garbage", plain, environ);
  TT_CHECK("execve.not_a_program_enoexec", exited_with(status, 100 + ENOEXEC), "child %s (100 + errno)",
           tt_status_str(status));
  /* A truncated ELF header: ENOEXEC too (Linux answers ENOEXEC for a file
   * too short to be an ELF executable). */
  tt_write_file("short_elf", "\177ELF", 0755);
  chmod("short_elf", 0755);
  status = run("short_elf", plain, environ);
  TT_CHECK("execve.truncated_elf_enoexec", exited_with(status, 100 + ENOEXEC), "child %s (100 + errno)",
           tt_status_str(status));
  tt_write_file("empty", "", 0755);
  chmod("empty", 0755);
  status = run("empty", plain, environ);
  TT_CHECK("execve.empty_file_enoexec", exited_with(status, 100 + ENOEXEC), "child %s (100 + errno)",
           tt_status_str(status));
  symlink("cyc2", "cyc1");
  symlink("cyc1", "cyc2");
  status = run("cyc1", plain, environ);
  TT_CHECK("execve.symlink_loop_eloop", exited_with(status, 100 + ELOOP), "child %s (100 + errno)",
           tt_status_str(status));
  /* A failed execve leaves the caller running, its memory intact. */
  global_value = 5;
  int r = execve("/no/such/program", plain, environ);
  TT_CHECK("execve.failure_returns_to_caller", r == -1 && global_value == 5, "execve returned %d", r);
  /* Through a symlink. */
  symlink(self, "self_link");
  char *marker[] = {"self_link", "--exec-ok", NULL};
  status = run("self_link", marker, environ);
  TT_CHECK("execve.through_symlink", exited_with(status, 0), "child %s", tt_status_str(status));
}

/* ---- process groups and sessions --------------------------------------- */

static int setsid_as_group_leader(void *arg) {
  (void)arg;
  if (setpgid(0, 0) < 0) return 1;
  return setsid() == -1 && errno == EPERM ? 0 : 2;
}

static int setsid_fresh(void *arg) {
  (void)arg;
  pid_t sid = setsid();
  if (sid != getpid()) return 1;
  if (getsid(0) != getpid()) return 2;
  if (getpgrp() != getpid() || getpgid(0) != getpid()) return 3;
  /* A session leader cannot change its group. */
  if (!(setpgid(0, 0) == -1 && errno == EPERM)) return 4;
  /* ... and cannot make another session. */
  if (!(setsid() == -1 && errno == EPERM)) return 5;
  return 0;
}

static void check_groups_sessions(void) {
  pid_t me = getpid();
  TT_CHECK("getpgid.zero_is_getpgrp", getpgid(0) == getpgrp(), "getpgid(0) %d, getpgrp %d", (int)getpgid(0),
           (int)getpgrp());
  TT_CHECK("getpgid.self_pid", getpgid(me) == getpgrp(), "getpgid(self)");
  /* Linux returns 0 when the session leader lives in another PID namespace
   * (a container, a CI runner); in Tether every session leader is visible. */
  pid_t sid = getsid(0);
  TT_CHECK("getsid.zero_is_self", sid == getsid(me) && (sid > 0 || (sid == 0 && !tt_on_tether())),
           "getsid(0) %d, getsid(self) %d", (int)sid, (int)getsid(me));

  pid_t gone = fork();
  if (gone == 0) _exit(0);
  waitpid(gone, NULL, 0);
  tt_expect_errno("getpgid.no_such_process_esrch", getpgid(gone), ESRCH);
  tt_expect_errno("getsid.no_such_process_esrch", getsid(gone), ESRCH);

  int status = tt_fork_status(setsid_as_group_leader, NULL, 10);
  TT_CHECK("setsid.group_leader_eperm", exited_with(status, 0), "child %s", tt_status_str(status));
  status = tt_fork_status(setsid_fresh, NULL, 10);
  TT_CHECK("setsid.new_session_and_group", exited_with(status, 0),
           "child %s (1 sid, 2 getsid, 3 pgrp, 4 setpgid allowed, 5 second setsid)", tt_status_str(status));

  /* Children inherit the group and session. The child reports on fds and
   * then waits for EOF on hold_child. */
  int fds[2], hold_child[2];
  pipe(fds);
  pipe(hold_child);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    close(hold_child[1]);
    int ids[2] = {getpgrp(), getsid(0)};
    write(fds[1], ids, sizeof ids);
    char c;
    read(hold_child[0], &c, 1);
    _exit(0);
  }
  close(fds[1]);
  close(hold_child[0]);
  int ids[2] = {0, 0};
  read(fds[0], ids, sizeof ids);
  TT_CHECK("fork.inherits_pgid_and_sid", ids[0] == getpgrp() && ids[1] == getsid(0), "child group %d session %d",
           ids[0], ids[1]);
  /* setpgid by the parent on its child, before the child execs. */
  TT_CHECK("setpgid.parent_moves_child", setpgid(pid, pid) == 0 && getpgid(pid) == pid, "setpgid(child): %s",
           strerror(errno));
  if (getpgrp() == 0) {
    /* Only on Linux, as a child of the kernel's own init (an initramfs
     * /init): group 0 is no group, and setpgid(pid, 0) means "pid's own". */
    tt_skip("setpgid.child_back_to_our_group", "we are in process group 0, the kernel's init's");
  } else {
    TT_CHECK("setpgid.child_back_to_our_group", setpgid(pid, getpgrp()) == 0 && getpgid(pid) == getpgrp(), "%s",
             strerror(errno));
  }
  tt_expect_errno("setpgid.negative_pgid_einval", setpgid(pid, -1), EINVAL);
  tt_expect_errno("setpgid.group_not_in_session_eperm", setpgid(pid, 999999), EPERM);
  close(fds[0]);
  close(hold_child[1]);
  tt_wait_timeout(pid, 10);
  tt_expect_errno("setpgid.no_such_process_esrch", setpgid(gone, gone), ESRCH);
  tt_expect_errno("setpgid.not_our_child_esrch", setpgid(1, 1), ESRCH);

  /* A child in another session: EPERM. */
  int go[2];
  pipe(go);
  int ready[2];
  pipe(ready);
  pid = fork();
  if (pid == 0) {
    close(go[1]);
    setsid();
    write(ready[1], "s", 1);
    char c;
    read(go[0], &c, 1);
    _exit(0);
  }
  close(go[0]);
  char c;
  read(ready[0], &c, 1);
  tt_expect_errno("setpgid.child_in_other_session_eperm", setpgid(pid, pid), EPERM);
  close(go[1]);
  tt_wait_timeout(pid, 10);
  close(ready[0]);
  close(ready[1]);

  /* A child that has exec'd: EACCES. The copy writes to fd 3 after exec
   * and waits for EOF on fd 4. */
  int execd[2], hold[2];
  pipe(execd);
  pipe(hold);
  pid = fork();
  if (pid == 0) {
    /* Move both ends above 3 and 4 first, so no dup2 closes the other. */
    int w = fcntl(execd[1], F_DUPFD, 10), r = fcntl(hold[0], F_DUPFD, 10);
    close(execd[0]);
    close(execd[1]);
    close(hold[0]);
    close(hold[1]);
    dup2(w, 3);
    dup2(r, 4);
    close(w);
    close(r);
    char *a[] = {(char *)tt_self_path(), "--setpgid-wait", NULL};
    execve(tt_self_path(), a, environ);
    _exit(100);
  }
  close(execd[1]);
  close(hold[0]);
  ssize_t n = read(execd[0], &c, 1);
  if (n == 1) tt_expect_errno("setpgid.child_after_exec_eacces", setpgid(pid, pid), EACCES);
  else tt_fail("setpgid.child_after_exec_eacces", "the re-executed child did not start");
  close(hold[1]);
  close(execd[0]);
  tt_wait_timeout(pid, 10);
}

int main(int argc, char **argv) {
  if (argc >= 2) {
    if (strcmp(argv[1], "--argv-check") == 0) return argv_check(argc, argv);
    if (strcmp(argv[1], "--pid-check") == 0 && argc == 4) return pid_check(argv);
    if (strcmp(argv[1], "--setpgid-wait") == 0) return setpgid_wait();
    if (strcmp(argv[1], "--exec-ok") == 0) return 0;
    if (strcmp(argv[1], "--inherit-check") == 0 && argc == 6) return inherit_check(argv);
  }
  tt_init(argc, argv);
  scratch = tt_make_scratch("processes");
  if (!scratch || chdir(scratch) < 0) {
    tt_fail("scratch_dir", "cannot make or enter a directory in /tmp");
    return tt_done();
  }
  check_fork_wait();
  check_orphan();
  check_exec();
  check_groups_sessions();
  chdir("/");
  tt_remove_tree(scratch);
  return tt_done();
}
