/* waitid: waiting for children with waitid(2) and what it reports.
 *
 * Sources: waitid(2) and wait(2) (Linux man-pages 6.x): idtype P_PID,
 * P_PGID (0: the caller's group), P_ALL, P_PIDFD; WEXITED, WSTOPPED,
 * WCONTINUED, WNOHANG, WNOWAIT; the siginfo_t fields (si_signo SIGCHLD,
 * si_code CLD_*, si_pid, si_uid, si_status); "EINVAL options was invalid"
 * (no state flag, unknown bits, bad idtype); ECHILD; WNOHANG with nothing
 * ready returns 0 with si_pid 0. And Linux's kernel/exit.c for what the
 * pages leave open: P_PID with id <= 0 and a negative pidfd are EINVAL, an
 * fd that is no pidfd EBADF; a zombie is no candidate unless WEXITED is
 * asked (so WSTOPPED alone with only a zombie child is ECHILD); the child
 * is reaped even when si can't be written (EFAULT).
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tether_test.h"
#include "tether_util.h"

/* A child that exits with `code` at once. */
static pid_t child_exiting(int code) {
  pid_t pid = fork();
  if (pid == 0) _exit(code);
  if (pid < 0) tt_die("fork");
  return pid;
}

static void reap(pid_t pid) { waitpid(pid, NULL, 0); }

/* Checks the siginfo a successful waitid filled in. */
static void expect_info(const char *id, int r, const siginfo_t *si, pid_t pid, int code, int status) {
  if (r != 0) {
    tt_fail(id, "waitid returned %d (%s)", r, tt_errno_name(errno));
    return;
  }
  TT_CHECK(id,
           si->si_signo == SIGCHLD && si->si_errno == 0 && si->si_code == code && si->si_pid == pid &&
               si->si_uid == getuid() && si->si_status == status,
           "si_signo %d si_errno %d si_code %d si_pid %d si_uid %u si_status %d; expected SIGCHLD 0 %d %d %u %d",
           si->si_signo, si->si_errno, si->si_code, (int)si->si_pid, (unsigned)si->si_uid, si->si_status, code,
           (int)pid, (unsigned)getuid(), status);
}

static void exits_and_kills(void) {
  siginfo_t si;
  memset(&si, 0xff, sizeof si);
  pid_t pid = child_exiting(7);
  expect_info("waitid_p_pid_exited_siginfo", waitid(P_PID, pid, &si, WEXITED), &si, pid, CLD_EXITED, 7);
  TT_CHECK("waitid_reaps_exited_child", waitpid(pid, NULL, WNOHANG) == -1 && errno == ECHILD,
           "the child is still waitable after waitid(WEXITED)");

  pid = tt_fork_pausing();
  kill(pid, SIGKILL);
  memset(&si, 0, sizeof si);
  expect_info("waitid_killed_cld_killed", waitid(P_PID, pid, &si, WEXITED), &si, pid, CLD_KILLED, SIGKILL);

  pid = child_exiting(0);
  memset(&si, 0, sizeof si);
  expect_info("waitid_p_all_exited", waitid(P_ALL, 12345, &si, WEXITED), &si, pid, CLD_EXITED, 0);

  pid = child_exiting(255);
  memset(&si, 0, sizeof si);
  expect_info("waitid_exit_255_status", waitid(P_ALL, 0, &si, WEXITED), &si, pid, CLD_EXITED, 255);
}

static void nowait(void) {
  siginfo_t si;
  pid_t pid = child_exiting(3);
  memset(&si, 0, sizeof si);
  expect_info("waitid_wnowait_reports", waitid(P_PID, pid, &si, WEXITED | WNOWAIT), &si, pid, CLD_EXITED, 3);
  /* The zombie is still there: only waitid(WEXITED) makes it a candidate. */
  tt_expect_errno("waitid_zombie_not_candidate_for_wstopped_echild",
                  waitid(P_PID, pid, &si, WSTOPPED | WCONTINUED | WNOHANG), ECHILD);
  memset(&si, 0, sizeof si);
  expect_info("waitid_wnowait_then_again", waitid(P_PID, pid, &si, WEXITED | WNOWAIT), &si, pid, CLD_EXITED, 3);
  int status = 0;
  pid_t got = waitpid(pid, &status, 0);
  TT_CHECK("waitid_wnowait_leaves_waitpid_status", got == pid && WIFEXITED(status) && WEXITSTATUS(status) == 3,
           "waitpid returned %d, status %s", (int)got, tt_status_str(status));
}

static void stop_and_continue(void) {
  siginfo_t si;
  pid_t pid = tt_fork_pausing();
  kill(pid, SIGSTOP);
  memset(&si, 0, sizeof si);
  expect_info("waitid_wstopped_cld_stopped", waitid(P_PID, pid, &si, WSTOPPED | WNOWAIT), &si, pid, CLD_STOPPED,
              SIGSTOP);
  /* WNOWAIT left the stop to be reported again; then it is reported once. */
  memset(&si, 0, sizeof si);
  expect_info("waitid_wstopped_after_wnowait", waitid(P_PID, pid, &si, WSTOPPED), &si, pid, CLD_STOPPED, SIGSTOP);
  memset(&si, 0xff, sizeof si);
  int r = waitid(P_PID, pid, &si, WSTOPPED | WNOHANG);
  TT_CHECK("waitid_stop_reported_once", r == 0 && si.si_pid == 0, "returned %d, si_pid %d", r, (int)si.si_pid);
  /* WEXITED alone does not see a stop. */
  memset(&si, 0xff, sizeof si);
  r = waitid(P_PID, pid, &si, WEXITED | WNOHANG);
  TT_CHECK("waitid_wexited_ignores_stop", r == 0 && si.si_pid == 0, "returned %d, si_pid %d", r, (int)si.si_pid);
  kill(pid, SIGCONT);
  memset(&si, 0, sizeof si);
  expect_info("waitid_wcontinued_cld_continued", waitid(P_PID, pid, &si, WCONTINUED), &si, pid, CLD_CONTINUED,
              SIGCONT);
  kill(pid, SIGKILL);
  reap(pid);
}

static void wnohang(void) {
  pid_t pid = tt_fork_pausing();
  siginfo_t si;
  memset(&si, 0xff, sizeof si);
  int r = waitid(P_PID, pid, &si, WEXITED | WNOHANG);
  TT_CHECK("waitid_wnohang_nothing_ready", r == 0 && si.si_pid == 0 && si.si_signo == 0,
           "returned %d (%s), si_pid %d, si_signo %d", r, r ? tt_errno_name(errno) : "0", (int)si.si_pid,
           si.si_signo);
  kill(pid, SIGKILL);
  reap(pid);
}

static void process_groups(void) {
  siginfo_t si;
  pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    for (;;) pause();
  }
  if (pid < 0) tt_die("fork");
  setpgid(pid, pid); /* both sides, so the group exists whoever runs first */
  /* Our own group (0) holds no child now: ECHILD, even with WNOHANG. */
  tt_expect_errno("waitid_p_pgid_0_other_group_echild", waitid(P_PGID, 0, &si, WEXITED | WNOHANG), ECHILD);
  kill(pid, SIGKILL);
  memset(&si, 0, sizeof si);
  expect_info("waitid_p_pgid_child_group", waitid(P_PGID, pid, &si, WEXITED), &si, pid, CLD_KILLED, SIGKILL);

  pid = child_exiting(5);
  memset(&si, 0, sizeof si);
  expect_info("waitid_p_pgid_0_own_group", waitid(P_PGID, 0, &si, WEXITED), &si, pid, CLD_EXITED, 5);
}

static void errors(void) {
  siginfo_t si;
  pid_t pid = tt_fork_pausing();
  tt_expect_errno("waitid_no_state_flag_einval", waitid(P_PID, pid, &si, WNOHANG), EINVAL);
  tt_expect_errno("waitid_zero_options_einval", waitid(P_PID, pid, &si, 0), EINVAL);
  tt_expect_errno("waitid_unknown_option_einval", waitid(P_PID, pid, &si, WEXITED | 0x100), EINVAL);
  TT_CHECK("waitid_wuntraced_is_wstopped", waitid(P_PID, pid, &si, WUNTRACED | WNOHANG) == 0, "waitid: %s",
           strerror(errno));
  tt_expect_errno("waitid_bad_idtype_einval", waitid((idtype_t)42, pid, &si, WEXITED), EINVAL);
  tt_expect_errno("waitid_p_pid_0_einval", waitid(P_PID, 0, &si, WEXITED), EINVAL);
  tt_expect_errno("waitid_p_pid_negative_einval", waitid(P_PID, (id_t)-1, &si, WEXITED), EINVAL);
  tt_expect_errno("waitid_p_pgid_negative_einval", waitid(P_PGID, (id_t)-2, &si, WEXITED), EINVAL);
  tt_expect_errno("waitid_p_pidfd_negative_einval", waitid(P_PIDFD, (id_t)-1, &si, WEXITED), EINVAL);
  tt_expect_errno("waitid_p_pidfd_not_a_pidfd_ebadf", waitid(P_PIDFD, 0, &si, WEXITED), EBADF);
  tt_expect_errno("waitid_p_pid_not_a_child_echild", waitid(P_PID, 1, &si, WEXITED | WNOHANG), ECHILD);
  kill(pid, SIGKILL);
  reap(pid);
  tt_expect_errno("waitid_no_children_echild", waitid(P_ALL, 0, &si, WEXITED), ECHILD);

  /* A bad siginfo pointer: EFAULT, and the child is gone all the same. */
  pid = child_exiting(1);
  tt_expect_errno("waitid_kernel_pointer_efault", waitid(P_PID, pid, (siginfo_t *)TT_KERNEL_ADDR, WEXITED), EFAULT);
  TT_CHECK("waitid_efault_child_reaped", waitpid(pid, NULL, WNOHANG) == -1 && errno == ECHILD,
           "the child is still there after the EFAULT");
  pid = child_exiting(1);
  tt_expect_errno("waitid_unmapped_pointer_efault", waitid(P_PID, pid, (siginfo_t *)tt_unmapped_page(), WEXITED),
                  EFAULT);
  pid = child_exiting(2);
  TT_CHECK("waitid_null_siginfo_ok", waitid(P_PID, pid, NULL, WEXITED) == 0, "waitid(NULL info): %s",
           strerror(errno));
}

int main(void) {
  exits_and_kills();
  nowait();
  stop_and_continue();
  wnohang();
  process_groups();
  errors();
  return tt_done();
}
