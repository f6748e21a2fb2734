/* credentials: the set*id family, supplementary groups, set-user-ID and
 * set-group-ID programs, and personality(2).
 *
 * The test starts as root. Each part runs in a child that drops what it
 * needs to; what crosses execve is looked at by a re-executed copy of this
 * program (in the scratch directory, reachable by uid 1000), which reports
 * through its exit status.
 *
 * Sources: POSIX setuid()/setgid() (privileged: all three ids;
 * unprivileged: to the real or saved id, effective only), setreuid(),
 * exec ("The effective user ID of the new process image shall be saved"
 * and the S_ISUID/S_ISGID rules); Linux credentials(7), setresuid(2),
 * setreuid(2), setgroups(2) (EPERM unprivileged), getgroups(2) (EINVAL for
 * a too-small size, 0 counts), execve(2), getauxval(3) (AT_UID, AT_EUID,
 * AT_GID, AT_EGID; AT_SECURE for set-ID programs), personality(2)
 * (0xffffffff queries; inherited over fork and exec).
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

/* ---- What the re-executed copy checks ---------------------------------- */

/* The auxiliary vector's entry `type` (System V x86-64 ABI, 3.4.1: it
 * follows envp's NULL on the initial stack); found says whether it is there. */
static unsigned long aux_value(int argc, char **argv, unsigned long type, bool *found) {
  char **p = argv + argc + 1;
  while (*p) p++;
  unsigned long *aux = (unsigned long *)(p + 1);
  for (; aux[0] != 0; aux += 2) {
    if (aux[0] == type) {
      *found = true;
      return aux[1];
    }
  }
  *found = false;
  return 0;
}

enum { AUX_UID = 11, AUX_EUID = 12, AUX_GID = 13, AUX_EGID = 14, AUX_SECURE = 23 };

/* --cred-check R E S GR GE GS: real/effective/saved uid and gid, no
 * supplementary groups; the auxiliary vector's ids are the new ones, and
 * AT_SECURE is set exactly when exec changed an effective id from the real
 * one (getauxval(3)). */
static int cred_check(int argc, char **argv) {
  int bad = 0;
  uid_t r, e, s;
  gid_t gr, ge, gs;
  tt_getresuid(&r, &e, &s);
  tt_getresgid(&gr, &ge, &gs);
  if (r != (uid_t)atoi(argv[2]) || e != (uid_t)atoi(argv[3]) || s != (uid_t)atoi(argv[4])) bad |= 1;
  if (gr != (gid_t)atoi(argv[5]) || ge != (gid_t)atoi(argv[6]) || gs != (gid_t)atoi(argv[7])) bad |= 2;
  if (tt_getgroups(0, NULL) != 0) bad |= 4;
  if (getuid() != r || geteuid() != e || getgid() != gr || getegid() != ge) bad |= 8;
  bool f1, f2, f3, f4, f5;
  if (aux_value(argc, argv, AUX_UID, &f1) != r || aux_value(argc, argv, AUX_EUID, &f2) != e ||
      aux_value(argc, argv, AUX_GID, &f3) != gr || aux_value(argc, argv, AUX_EGID, &f4) != ge || !f1 || !f2 || !f3 ||
      !f4)
    bad |= 16;
  unsigned long secure = aux_value(argc, argv, AUX_SECURE, &f5);
  if (!f5 || (secure != 0) != (e != r || ge != gr)) bad |= 32;
  return bad;
}

/* Reports what cred_check found in a re-executed copy, as three cases:
 * PREFIX (the ids), PREFIX_auxv_ids, PREFIX_at_secure. */
static void report_cred_exec(const char *prefix, const char *what, int status) {
  char id[128];
  bool ran = status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) < 64;
  int bad = ran ? WEXITSTATUS(status) : 0;
  TT_CHECK(prefix, ran && !(bad & 15), "%s: copy %s (bits: 1 uids, 2 gids, 4 groups, 8 get*id)", what,
           tt_status_str(status));
  snprintf(id, sizeof id, "%s_auxv_ids", prefix);
  TT_CHECK(id, ran && !(bad & 16), "%s: AT_UID/AT_EUID/AT_GID/AT_EGID are not the ids after exec (copy %s)", what,
           tt_status_str(status));
  snprintf(id, sizeof id, "%s_at_secure", prefix);
  TT_CHECK(id, ran && !(bad & 32), "%s: AT_SECURE missing or wrong (copy %s)", what, tt_status_str(status));
}

/* --personality-check VALUE */
static int personality_check(char **argv) {
  long p = tt_personality(0xffffffffUL);
  return p == strtol(argv[2], NULL, 0) ? 0 : 1;
}

/* Runs path in a child, returns its wait status (100 + errno if execve failed). */
static int run(const char *path, char **argv, char **envp) { return tt_run_exec(path, argv, envp, 15); }

static bool exited_with(int status, int code) { return status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == code; }

/* ---- credentials --------------------------------------------------------- */

static void creds_drop_all(void *arg) {
  (void)arg;
  uid_t r, e, s;
  TT_CHECK("setgroups.root_sets_list", tt_setgroups(2, (gid_t[]){5, 6}) == 0, "%s", strerror(errno));
  gid_t list[4] = {0};
  int n = tt_getgroups(4, list);
  TT_CHECK("getgroups.returns_list", n == 2 && list[0] == 5 && list[1] == 6, "getgroups = %d: %u %u", n, list[0],
           list[1]);
  TT_CHECK("getgroups.size_0_counts", tt_getgroups(0, NULL) == 2, "getgroups(0) = %d", tt_getgroups(0, NULL));
  tt_expect_errno("getgroups.size_too_small_einval", tt_getgroups(1, list), EINVAL);
  TT_CHECK("setgid.root_sets_all", setgid(1000) == 0, "%s", strerror(errno));
  gid_t gr, ge, gs;
  tt_getresgid(&gr, &ge, &gs);
  TT_CHECK("setgid.root_sets_real_effective_saved", gr == 1000 && ge == 1000 && gs == 1000, "gids %u/%u/%u", gr, ge,
           gs);
  TT_CHECK("setuid.root_sets_all", setuid(1000) == 0, "%s", strerror(errno));
  tt_getresuid(&r, &e, &s);
  TT_CHECK("setuid.root_sets_real_effective_saved", r == 1000 && e == 1000 && s == 1000, "uids %u/%u/%u", r, e, s);
  TT_CHECK("getuid_geteuid.after_setuid", getuid() == 1000 && geteuid() == 1000, "%u/%u", getuid(), geteuid());
  tt_expect_errno("setuid.cannot_regain_root_eperm", setuid(0), EPERM);
  tt_expect_errno("setresuid.cannot_regain_root_eperm", tt_setresuid((uid_t)-1, 0, (uid_t)-1), EPERM);
  tt_expect_errno("setreuid.cannot_regain_root_eperm", tt_setreuid(0, 0), EPERM);
  tt_expect_errno("setgid.cannot_regain_root_eperm", setgid(0), EPERM);
  tt_expect_errno("setgroups.unprivileged_eperm", tt_setgroups(0, NULL), EPERM);
  TT_CHECK("setuid.unprivileged_to_own_uid_ok", setuid(1000) == 0, "%s", strerror(errno));
  tt_expect_errno("setuid.unprivileged_to_other_eperm", setuid(1001), EPERM);
  tt_getresuid(&r, &e, &s);
  TT_CHECK("setuid.failed_changes_nothing", r == 1000 && e == 1000 && s == 1000, "uids %u/%u/%u", r, e, s);

  /* Inherited over fork ... */
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) _exit(getuid() == 1000 && geteuid() == 1000 && getgid() == 1000 && tt_getgroups(0, NULL) == 2 ? 0 : 1);
  int status = tt_wait_timeout(pid, 10);
  TT_CHECK("credentials.inherited_over_fork", exited_with(status, 0), "child %s", tt_status_str(status));
}

static void creds_temporary_drop(void *arg) {
  (void)arg;
  tt_setgroups(0, NULL);
  uid_t r, e, s;
  /* Root gives up the effective uid only: the saved uid keeps root. */
  TT_CHECK("setresuid.root_drop_effective", tt_setresuid(1000, 1000, 0) == 0, "%s", strerror(errno));
  tt_getresuid(&r, &e, &s);
  TT_CHECK("getresuid.after_partial_drop", r == 1000 && e == 1000 && s == 0, "uids %u/%u/%u", r, e, s);
  TT_CHECK("setresuid.regain_from_saved", tt_setresuid((uid_t)-1, 0, (uid_t)-1) == 0 && geteuid() == 0,
           "setresuid(-1, 0, -1) with saved uid 0: %s", strerror(errno));
  /* setuid as root (euid 0) sets all three. */
  TT_CHECK("setuid.with_euid_0_sets_all", setuid(1000) == 0 && (tt_getresuid(&r, &e, &s), r == 1000 && e == 1000 &&
                                                                                            s == 1000),
           "uids %u/%u/%u", r, e, s);
  tt_expect_errno("setresuid.after_full_drop_eperm", tt_setresuid((uid_t)-1, 0, (uid_t)-1), EPERM);
}

static void creds_unprivileged_setresuid(void *arg) {
  (void)arg;
  tt_setgroups(0, NULL);
  tt_setresgid(1000, 1000, 1000);
  uid_t r, e, s;
  tt_setresuid(1000, 1001, 1002);
  /* An unprivileged process may set each id to any of its current three. */
  TT_CHECK("setresuid.unprivileged_permute", tt_setresuid(1002, 1000, 1001) == 0 &&
                                                 (tt_getresuid(&r, &e, &s), r == 1002 && e == 1000 && s == 1001),
           "uids %u/%u/%u (%s)", r, e, s, strerror(errno));
  tt_expect_errno("setresuid.unprivileged_new_id_eperm", tt_setresuid((uid_t)-1, 1003, (uid_t)-1), EPERM);
  /* seteuid-style setreuid(-1, saved) is allowed. */
  TT_CHECK("setreuid.unprivileged_effective_to_saved", tt_setreuid((uid_t)-1, 1001) == 0 && geteuid() == 1001, "%s",
           strerror(errno));
  /* setuid(u) unprivileged: u must be the real or saved uid; only the
   * effective uid changes. */
  TT_CHECK("setuid.unprivileged_sets_effective_only", setuid(1002) == 0 &&
                                                          (tt_getresuid(&r, &e, &s), r == 1002 && e == 1002),
           "uids %u/%u/%u", r, e, s);
}

/* (A copy of this program in the scratch directory, which uid 1000 can
 * reach wherever the test binary itself lives.) */
static void creds_over_exec(void *arg) {
  (void)arg;
  tt_setgroups(0, NULL);
  /* Any exec copies the effective ids into the saved ones. */
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    if (tt_setresgid(1000, 1000, 0) < 0 || tt_setresuid(1000, 1000, 0) < 0) _exit(99);
    char *b[] = {"self_copy", "--cred-check", "1000", "1000", "1000", "1000", "1000", "1000", NULL};
    _exit(tt_exec_failure_code("self_copy", b, environ));
  }
  int status = tt_wait_timeout(pid, 15);
  report_cred_exec("execve.saved_ids_from_effective", "exec with saved ids 0, effective 1000", status);
  tt_setresgid(1000, 1000, 1000);
  tt_setresuid(1000, 1000, 1000);
  char *a[] = {"self_copy", "--cred-check", "1000", "1000", "1000", "1000", "1000", "1000", NULL};
  status = run("self_copy", a, environ);
  report_cred_exec("credentials.inherited_over_exec", "exec as uid/gid 1000", status);
  /* Set-user-ID and set-group-ID files: the effective (and saved) id
   * becomes the file's owner or group; the real id stays. */
  char *u[] = {"suid_copy", "--cred-check", "1000", "0", "0", "1000", "1000", "1000", NULL};
  status = run("suid_copy", u, environ);
  report_cred_exec("execve.setuid_bit", "root-owned 04755 copy run by uid 1000", status);
  char *g[] = {"sgid_copy", "--cred-check", "1000", "1000", "1000", "1000", "0", "0", NULL};
  status = run("sgid_copy", g, environ);
  report_cred_exec("execve.setgid_bit", "group-0 02755 copy run by gid 1000", status);
}

/* ---- personality ---------------------------------------------------------- */

static void check_personality(void *arg) {
  (void)arg;
  long cur = tt_personality(0xffffffffUL);
  TT_CHECK("personality.default_linux", cur == 0, "personality(0xffffffff) = %#lx", cur);
  long old = tt_personality(0x0006); /* PER_BSD: Tether's FreeBSD profile */
  TT_CHECK("personality.set_returns_old", old == 0, "returned %#lx", old);
  TT_CHECK("personality.query_returns_set", tt_personality(0xffffffffUL) == 6, "query = %#lx",
           tt_personality(0xffffffffUL));
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) _exit(tt_personality(0xffffffffUL) == 6 ? 0 : 1);
  int status = tt_wait_timeout(pid, 10);
  TT_CHECK("personality.inherited_over_fork", exited_with(status, 0), "child %s", tt_status_str(status));
  char *a[] = {(char *)tt_self_path(), "--personality-check", "6", NULL};
  status = run(tt_self_path(), a, environ);
  TT_CHECK("personality.inherited_over_exec", exited_with(status, 0), "re-executed copy %s", tt_status_str(status));
  tt_personality(0);
  TT_CHECK("personality.back_to_linux", tt_personality(0xffffffffUL) == 0, "query = %#lx",
           tt_personality(0xffffffffUL));
}

/* ---- userland/persona ------------------------------------------------------ */

/* Runs /bin/persona with args; its stdout into out. The wait status. */
static int run_persona(char **args, char *out, size_t size) {
  return tt_run_capture("/bin/persona", args, false, out, size, 10);
}

/* persona NAME CMD runs CMD under NAME's personality value (Linux's
 * PER_LINUX 0, PER_BSD 6, PER_SOLARIS 0xd; Tether's 0x20 for Darwin), which
 * persona alone prints by name. */
static void check_persona_tool(void) {
  if (access("/bin/persona", X_OK) != 0) {
    tt_skip("persona.tool", "no /bin/persona (the guest's tool; not installed on this host)");
    return;
  }
  char out[256];
  char *plain[] = {"persona", NULL};
  int status = run_persona(plain, out, sizeof out);
  TT_CHECK("persona.alone_prints_linux", exited_with(status, 0) && strcmp(out, "linux\n") == 0,
           "printed \"%s\", %s", out, tt_status_str(status));
  static const char *const names[] = {"linux", "freebsd", "darwin", "illumos"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    char id[64], expected[32];
    snprintf(id, sizeof id, "persona.%s_runs_command_under_it", names[i]);
    snprintf(expected, sizeof expected, "%s\n", names[i]);
    char *args[] = {"persona", (char *)names[i], "/bin/persona", NULL};
    status = run_persona(args, out, sizeof out);
    TT_CHECK(id, exited_with(status, 0) && strcmp(out, expected) == 0, "the command printed \"%s\", %s", out,
             tt_status_str(status));
  }
  char *list[] = {"persona", "-l", NULL};
  status = run_persona(list, out, sizeof out);
  TT_CHECK("persona.list_names_values", exited_with(status, 0) && strstr(out, "linux    0x0000\n") &&
                                            strstr(out, "freebsd  0x0006\n") && strstr(out, "darwin   0x0020\n") &&
                                            strstr(out, "illumos  0x000d\n"),
           "persona -l printed \"%s\"", out);
  char *unknown[] = {"persona", "plan9", "/bin/true", NULL};
  status = run_persona(unknown, out, sizeof out);
  TT_CHECK("persona.unknown_name_fails", exited_with(status, 1), "persona plan9: %s", tt_status_str(status));
}

int main(int argc, char **argv) {
  if (argc == 8 && strcmp(argv[1], "--cred-check") == 0) return cred_check(argc, argv);
  if (argc == 3 && strcmp(argv[1], "--personality-check") == 0) return personality_check(argv);
  tt_init(argc, argv);
  const char *scratch = tt_make_scratch("credentials");
  if (!scratch || chdir(scratch) < 0) {
    tt_fail("scratch_dir", "cannot make or enter a directory in /tmp");
    return tt_done();
  }
  if (geteuid() == 0) {
    tt_copy_file(tt_self_path(), "self_copy", 0755);
    tt_copy_file(tt_self_path(), "suid_copy", 04755);
    tt_copy_file(tt_self_path(), "sgid_copy", 02755);
    tt_run_in_child("credentials.drop_all_child", creds_drop_all, NULL, 15);
    tt_run_in_child("credentials.temporary_drop_child", creds_temporary_drop, NULL, 15);
    tt_run_in_child("credentials.unprivileged_setresuid_child", creds_unprivileged_setresuid, NULL, 15);
    tt_run_in_child("credentials.over_exec_child", creds_over_exec, NULL, 15);
  } else {
    tt_skip("credentials", "needs to start as root");
  }
  tt_run_in_child("personality.child", check_personality, NULL, 15);
  check_persona_tool();
  chdir("/");
  tt_remove_tree(scratch);
  return tt_done();
}
