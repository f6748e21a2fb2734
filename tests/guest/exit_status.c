/* exit_status: how a child's end reaches its parent through wait4.
 *
 * The status word (sys/wait.h) carries the low 8 bits of the exit code;
 * wait4 returns the child's pid; with no children it fails with ECHILD;
 * with WNOHANG and a child still running it returns 0.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tether_test.h"

enum how_to_exit { VIA_UNDERSCORE_EXIT, VIA_EXIT_GROUP, VIA_EXIT };

/* Forks a child that ends with `code` the given way; returns its pid, or -1
 * after reporting a failure of `id`. */
static pid_t spawn_exiting_child(const char *id, enum how_to_exit how, int code) {
  pid_t pid = fork();
  if (pid < 0) {
    tt_fail(id, "fork: %s", strerror(errno));
    return -1;
  }
  if (pid == 0) {
    if (how == VIA_EXIT_GROUP) syscall(SYS_exit_group, code);
    if (how == VIA_EXIT) exit(code);
    _exit(code);
  }
  return pid;
}

/* Waits for pid and checks that it exited normally with `expected`. */
static void expect_exit_code(const char *id, pid_t pid, int expected) {
  int status = 0;
  pid_t waited = wait4(pid, &status, 0, NULL);
  if (waited != pid) {
    tt_fail(id, "wait4 returned %d (%s), expected the child's pid %d", (int)waited,
            waited < 0 ? tt_errno_name(errno) : "wrong pid", (int)pid);
    return;
  }
  if (!WIFEXITED(status)) {
    tt_fail(id, "status %#x: not a normal exit (signal %d)", status, WTERMSIG(status));
    return;
  }
  TT_CHECK(id, WEXITSTATUS(status) == expected, "exit code %d, expected %d", WEXITSTATUS(status), expected);
}

int main(void) {
  pid_t pid = spawn_exiting_child("child_exit_42", VIA_UNDERSCORE_EXIT, 42);
  if (pid > 0) {
    int status = 0;
    pid_t waited = wait4(pid, &status, 0, NULL);
    TT_CHECK("wait4_returns_child_pid", waited == pid, "wait4 returned %d, child is %d", (int)waited, (int)pid);
    TT_CHECK("child_exit_42_wifexited", WIFEXITED(status) && !WIFSIGNALED(status), "status %#x", status);
    TT_CHECK("child_exit_42_wexitstatus", WEXITSTATUS(status) == 42, "WEXITSTATUS = %d, status %#x",
             WEXITSTATUS(status), status);
  }

  pid = spawn_exiting_child("child_exit_group_0", VIA_EXIT_GROUP, 0);
  if (pid > 0) expect_exit_code("child_exit_group_0", pid, 0);

  pid = spawn_exiting_child("child_exit_255", VIA_EXIT, 255);
  if (pid > 0) expect_exit_code("child_exit_255", pid, 255);

  /* Only the low 8 bits of the code survive: 256 + 7 reads as 7. */
  pid = spawn_exiting_child("child_exit_code_truncated_to_8_bits", VIA_UNDERSCORE_EXIT, 256 + 7);
  if (pid > 0) expect_exit_code("child_exit_code_truncated_to_8_bits", pid, 7);

  /* Any child: -1 waits for whichever ends. */
  pid = spawn_exiting_child("wait4_any_child", VIA_UNDERSCORE_EXIT, 3);
  if (pid > 0) {
    int status = 0;
    pid_t waited = wait4(-1, &status, 0, NULL);
    TT_CHECK("wait4_any_child", waited == pid && WIFEXITED(status) && WEXITSTATUS(status) == 3,
             "wait4(-1) returned %d with status %#x; expected %d with code 3", (int)waited, status, (int)pid);
  }

  int status;
  tt_expect_errno("wait4_no_children_echild", wait4(-1, &status, 0, NULL), ECHILD);
  tt_expect_errno("wait4_self_echild", wait4(getpid(), &status, 0, NULL), ECHILD);

  /* WNOHANG: the child sleeps 100 ms first, so it is surely still running. */
  pid = fork();
  if (pid < 0) {
    tt_fail("waitpid_wnohang_running_child_returns_0", "fork: %s", strerror(errno));
  } else if (pid == 0) {
    usleep(100 * 1000);
    _exit(5);
  } else {
    status = -1;
    pid_t waited = waitpid(pid, &status, WNOHANG);
    TT_CHECK("waitpid_wnohang_running_child_returns_0", waited == 0,
             "waitpid(WNOHANG) returned %d (%s)", (int)waited, waited < 0 ? tt_errno_name(errno) : "a pid");
    if (waited == 0) expect_exit_code("waitpid_after_wnohang_reaps_child", pid, 5);
  }
  return tt_done();
}
