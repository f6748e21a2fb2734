/* uts_names: the system's names. uname(2) and the /proc/sys/kernel files
 * agree; sethostname(2)/setdomainname(2) change them; the hostname tool.
 *
 * The expected values come from uname(), never written here, so the test
 * passes on Linux as well. On Linux the names are changed only inside a new
 * UTS namespace (unshare(CLONE_NEWUTS)), never the host's; Tether has no
 * namespaces (ENOSYS) and its names last until power-off.
 *
 * Sources: uname(2); sethostname(2) ("EFAULT name is an invalid address",
 * "EINVAL len is negative or ... len is larger than the maximum allowed
 * size", "EPERM the caller did not have the CAP_SYS_ADMIN capability"),
 * setdomainname(2) (the same); Linux's kernel/sys.c (EPERM first; the name
 * is len bytes: one NUL inside ends it for uname); proc_sys_kernel(5)
 * (/proc/sys/kernel/hostname, domainname, ostype, osrelease, version; the
 * last three read-only).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tether_test.h"
#include "tether_util.h"

enum { kCloneNewUts = 0x04000000, kSysUnshare = 272, kUser = 1000 };

/* The file's text, without the trailing newline. */
static bool read_name(const char *path, char *out, size_t size) {
  ssize_t n = tt_read_file(path, out, size - 1);
  if (n <= 0 || out[n - 1] != '\n') return false;
  out[n - 1] = '\0';
  return true;
}

static void check_file(const char *id, const char *path, const char *expected) {
  char text[128] = "";
  TT_CHECK(id, read_name(path, text, sizeof text) && strcmp(text, expected) == 0, "%s has \"%s\", uname \"%s\"", path,
           text, expected);
}

static void files_match_uname(void) {
  struct utsname u;
  if (uname(&u) < 0) {
    tt_fail("uts.uname", "%s", strerror(errno));
    return;
  }
  check_file("uts.hostname_file_is_nodename", "/proc/sys/kernel/hostname", u.nodename);
  check_file("uts.domainname_file_is_domainname", "/proc/sys/kernel/domainname", u.domainname);
  check_file("uts.ostype_file_is_sysname", "/proc/sys/kernel/ostype", u.sysname);
  check_file("uts.osrelease_file_is_release", "/proc/sys/kernel/osrelease", u.release);
  check_file("uts.version_file_is_version", "/proc/sys/kernel/version", u.version);
  tt_expect_errno("uts.ostype_file_read_only_eacces", open("/proc/sys/kernel/ostype", O_WRONLY), EACCES);
  char name[65];
  TT_CHECK("uts.gethostname_is_nodename", gethostname(name, sizeof name) == 0 && strcmp(name, u.nodename) == 0,
           "gethostname \"%s\", uname \"%s\"", name, u.nodename);
}

/* Runs /bin/hostname with args; its output in out. */
static int run_hostname(char **args, char *out, size_t size) {
  return tt_run_capture("/bin/hostname", args, true, out, size, 10);
}

static bool exited_with(int status, int code) { return status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == code; }

static bool nodename_is(const char *name) {
  struct utsname u;
  return uname(&u) == 0 && strcmp(u.nodename, name) == 0;
}
static bool domainname_is(const char *name) {
  struct utsname u;
  return uname(&u) == 0 && strcmp(u.domainname, name) == 0;
}

static void set_names(void *arg) {
  (void)arg;
  if (syscall(kSysUnshare, kCloneNewUts) < 0 && errno != ENOSYS) {
    tt_skip("sethostname", "no UTS namespace of our own (%s): the host's name stays as it is", strerror(errno));
    return;
  }
  char long_name[66];
  memset(long_name, 'a', sizeof long_name);
  TT_CHECK("sethostname.root_sets_uname", sethostname("tt-host", 7) == 0 && nodename_is("tt-host"), "%s",
           strerror(errno));
  check_file("sethostname.shows_in_proc_file", "/proc/sys/kernel/hostname", "tt-host");
  TT_CHECK("sethostname.64_bytes_ok", sethostname(long_name, 64) == 0, "%s", strerror(errno));
  long_name[64] = '\0';
  TT_CHECK("sethostname.64_bytes_in_uname", nodename_is(long_name), "nodename is not the 64 a's");
  tt_expect_errno("sethostname.65_bytes_einval", sethostname(long_name, 65), EINVAL);
  tt_expect_errno("sethostname.negative_einval", syscall(SYS_sethostname, "x", -1), EINVAL);
  tt_expect_errno("sethostname.bad_pointer_efault", sethostname(tt_unmapped_page(), 8), EFAULT);
  tt_expect_errno("sethostname.kernel_pointer_efault", sethostname((const char *)0xffff800000000000ul, 8), EFAULT);
  TT_CHECK("sethostname.failures_keep_name", nodename_is(long_name), "the name changed");
  TT_CHECK("sethostname.len_is_bytes_nul_ends", sethostname("ab\0cd", 5) == 0 && nodename_is("ab"), "%s",
           strerror(errno));
  TT_CHECK("sethostname.empty_ok", sethostname("", 0) == 0 && nodename_is(""), "%s", strerror(errno));
  TT_CHECK("sethostname.via_proc_file", tt_write_text("/proc/sys/kernel/hostname", "viaproc\n") && nodename_is("viaproc"),
           "%s", strerror(errno));

  TT_CHECK("setdomainname.root_sets_uname", setdomainname("tt.example", 10) == 0 && domainname_is("tt.example"),
           "%s", strerror(errno));
  check_file("setdomainname.shows_in_proc_file", "/proc/sys/kernel/domainname", "tt.example");
  tt_expect_errno("setdomainname.65_bytes_einval", setdomainname(long_name, 65), EINVAL);
  tt_expect_errno("setdomainname.bad_pointer_efault", setdomainname(tt_unmapped_page(), 8), EFAULT);
  TT_CHECK("setdomainname.via_proc_file",
           tt_write_text("/proc/sys/kernel/domainname", "via.proc\n") && domainname_is("via.proc"), "%s",
           strerror(errno));

  if (access("/bin/hostname", X_OK) == 0) {
    char out[128];
    char *set[] = {"hostname", "tool-set", NULL};
    int status = run_hostname(set, out, sizeof out);
    TT_CHECK("hostname_tool.sets", exited_with(status, 0) && nodename_is("tool-set"), "%s, printed \"%s\"",
             tt_status_str(status), out);
    char *show[] = {"hostname", NULL};
    status = run_hostname(show, out, sizeof out);
    TT_CHECK("hostname_tool.prints", exited_with(status, 0) && strcmp(out, "tool-set\n") == 0, "%s, printed \"%s\"",
             tt_status_str(status), out);
  } else {
    tt_skip("hostname_tool", "no /bin/hostname");
  }

  if (tt_setgroups(0, NULL) < 0 || setgid(kUser) < 0 || setuid(kUser) < 0) {
    tt_fail("sethostname.unprivileged_eperm", "cannot become %d: %s", kUser, strerror(errno));
    return;
  }
  tt_expect_errno("sethostname.unprivileged_eperm", sethostname("nope", 4), EPERM);
  tt_expect_errno("sethostname.eperm_before_einval", sethostname(long_name, 65), EPERM);
  tt_expect_errno("setdomainname.unprivileged_eperm", setdomainname("nope", 4), EPERM);
  tt_expect_errno("uts.hostname_file_unprivileged_eacces", open("/proc/sys/kernel/hostname", O_WRONLY), EACCES);
  if (access("/bin/hostname", X_OK) == 0) {
    char out[128];
    char *set[] = {"hostname", "nope", NULL};
    int status = run_hostname(set, out, sizeof out);
    TT_CHECK("hostname_tool.unprivileged_fails", exited_with(status, 1) && nodename_is("tool-set"),
             "%s, printed \"%s\"", tt_status_str(status), out);
  }
}

int main(int argc, char **argv) {
  tt_init(argc, argv);
  files_match_uname();
  if (geteuid() == 0)
    tt_run_in_child("sethostname.child", set_names, NULL, 30);
  else
    tt_skip("sethostname", "needs to start as root");
  return tt_done();
}
