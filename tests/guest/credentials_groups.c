/* credentials_groups: supplementary group lists of every size Linux allows.
 *
 * The test starts as root; each part runs in a child, since setgroups
 * changes the process.
 *
 * Sources: setgroups(2) ("EINVAL size is greater than NGROUPS_MAX (32 before
 * Linux 2.6.4; 65536 since Linux 2.6.4)", "EPERM The calling process has
 * insufficient privilege", "EFAULT list has an invalid address");
 * getgroups(2) ("If size is zero, list is not modified, but the total number
 * of supplementary group IDs for the process is returned", "EINVAL size is
 * less than the number of supplementary group IDs"); Linux's kernel/groups.c
 * (the EPERM check comes first; the list is sorted, so getgroups returns it
 * in ascending order); proc(5) /proc/PID/status "Groups: Supplementary group
 * list"; fork(2) (the child inherits the list).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tether_test.h"
#include "tether_util.h"

enum { kMax = 65536, kUser = 1000, kGroup = 1000 };

/* 0 .. kMax-1, in descending order, so that sorting shows. */
static gid_t *all_groups(void) {
  gid_t *list = malloc(sizeof(gid_t) * (kMax + 1));
  if (!list) return NULL;
  for (int i = 0; i <= kMax; i++) list[i] = (gid_t)(kMax - i);
  return list;
}

static void limits(void *arg) {
  (void)arg;
  gid_t *list = all_groups();
  gid_t *got = malloc(sizeof(gid_t) * kMax);
  if (!list || !got) {
    tt_fail("groups.limits", "no memory for the lists");
    return;
  }
  TT_CHECK("groups.ngroups_max_is_65536", sysconf(_SC_NGROUPS_MAX) == kMax && NGROUPS_MAX == kMax,
           "sysconf %ld, NGROUPS_MAX %d", sysconf(_SC_NGROUPS_MAX), NGROUPS_MAX);
  tt_expect_errno("groups.setgroups_65537_einval", tt_setgroups(kMax + 1, list), EINVAL);
  tt_expect_errno("groups.setgroups_negative_einval", syscall(SYS_setgroups, -1, list), EINVAL);
  /* list + 1: 65535 .. 0. */
  TT_CHECK("groups.setgroups_65536_ok", tt_setgroups(kMax, list + 1) == 0, "%s", strerror(errno));
  TT_CHECK("groups.getgroups_0_counts_65536", tt_getgroups(0, NULL) == kMax, "getgroups(0) = %d",
           tt_getgroups(0, NULL));
  int n = tt_getgroups(kMax, got);
  int sorted = n == kMax;
  for (int i = 0; sorted && i < kMax; i++) sorted = got[i] == (gid_t)i;
  TT_CHECK("groups.getgroups_returns_all_sorted", sorted, "getgroups = %d, [0] %u [1] %u [65535] %u", n, got[0],
           got[1], got[kMax - 1]);
  tt_expect_errno("groups.getgroups_65535_too_small_einval", tt_getgroups(kMax - 1, got), EINVAL);
  tt_expect_errno("groups.getgroups_bad_buffer_efault", tt_getgroups(kMax, tt_unmapped_page()), EFAULT);
  tt_expect_errno("groups.setgroups_bad_buffer_efault", tt_setgroups(kMax, tt_unmapped_page()), EFAULT);
  tt_expect_errno("groups.setgroups_kernel_address_efault", tt_setgroups(2, (gid_t *)0xffff800000000000ul), EFAULT);
  TT_CHECK("groups.failed_setgroups_keeps_list", tt_getgroups(0, NULL) == kMax, "getgroups(0) = %d",
           tt_getgroups(0, NULL));

  TT_CHECK("groups.small_list_sorted",
           tt_setgroups(4, (gid_t[]){30, 10, 20, 10}) == 0 && tt_getgroups(4, got) == 4 && got[0] == 10 &&
               got[1] == 10 && got[2] == 20 && got[3] == 30,
           "getgroups after setgroups {30, 10, 20, 10}: %u %u %u %u", got[0], got[1], got[2], got[3]);
  TT_CHECK("groups.setgroups_0_empties", tt_setgroups(0, NULL) == 0 && tt_getgroups(0, NULL) == 0,
           "getgroups(0) = %d", tt_getgroups(0, NULL));
  free(list);
  free(got);
}

static int count_in_child(void *arg) {
  (void)arg;
  gid_t *got = malloc(sizeof(gid_t) * kMax);
  int ok = got && tt_getgroups(kMax, got) == kMax && got[0] == 0 && got[kMax - 1] == kMax - 1;
  /* The child's own setgroups must not show in its parent. */
  ok = ok && tt_setgroups(1, (gid_t[]){7}) == 0 && tt_getgroups(0, NULL) == 1;
  return ok ? 0 : 1;
}

/* A file of group `gid`, mode 0040: readable through that group only. */
static bool group_file(const char *path, gid_t gid) {
  return tt_write_file(path, "x", 0600) && chown(path, 0, gid) == 0 && chmod(path, 0040) == 0;
}

static void inherited_and_used(void *arg) {
  (void)arg;
  gid_t *list = all_groups();
  if (!list || tt_setgroups(kMax, list + 1) != 0) {
    tt_fail("groups.fork_inherits_list", "setgroups(65536): %s", strerror(errno));
    free(list);
    return;
  }
  int status = tt_fork_status(count_in_child, NULL, 30);
  TT_CHECK("groups.fork_inherits_list", status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0,
           "the child's getgroups: %s", tt_status_str(status));
  TT_CHECK("groups.child_setgroups_leaves_parent", tt_getgroups(0, NULL) == kMax, "the parent's getgroups(0) = %d",
           tt_getgroups(0, NULL));

  /* Membership anywhere in a long list counts for permission checks. */
  if (!group_file("g_last", kMax - 1) || !group_file("g_first", 0) || !group_file("g_outside", kMax + 100)) {
    tt_fail("groups.permission_last_of_65536", "cannot make the group files: %s", strerror(errno));
    free(list);
    return;
  }
  if (setgid(kGroup) != 0 || setuid(kUser) != 0) {
    tt_fail("groups.permission_last_of_65536", "cannot become %d:%d: %s", kUser, kGroup, strerror(errno));
    free(list);
    return;
  }
  int fd = open("g_last", O_RDONLY);
  TT_CHECK("groups.permission_last_of_65536", fd >= 0, "open of a 0040 file of group 65535: %s", strerror(errno));
  if (fd >= 0) close(fd);
  fd = open("g_first", O_RDONLY);
  TT_CHECK("groups.permission_first_of_65536", fd >= 0, "open of a 0040 file of group 0: %s", strerror(errno));
  if (fd >= 0) close(fd);
  tt_expect_errno("groups.permission_not_in_list_eacces", open("g_outside", O_RDONLY), EACCES);
  /* EPERM is checked before the size (kernel/groups.c). */
  tt_expect_errno("groups.unprivileged_eperm_before_einval", tt_setgroups(kMax + 1, list), EPERM);
  tt_expect_errno("groups.unprivileged_eperm", tt_setgroups(1, list), EPERM);
  free(list);
}

/* /proc/self/status's Groups line: every group, in order, then a space. */
static void proc_status(void *arg) {
  (void)arg;
  gid_t *list = all_groups();
  size_t size = 2 << 20;
  char *text = malloc(size);
  if (!list || !text || tt_setgroups(kMax, list + 1) != 0) {
    tt_fail("groups.proc_status_lists_all", "setup: %s", strerror(errno));
    return;
  }
  ssize_t n = tt_read_file("/proc/self/status", text, size - 1);
  if (n < 0) {
    tt_fail("groups.proc_status_lists_all", "cannot read /proc/self/status: %s", strerror(errno));
    return;
  }
  text[n] = '\0';
  char *line = strstr(text, "\nGroups:\t");
  int count = 0, in_order = 1;
  if (line) {
    char *p = line + strlen("\nGroups:\t");
    while (*p && *p != '\n') {
      char *end;
      unsigned long g = strtoul(p, &end, 10);
      if (end == p) break;
      if (g != (unsigned long)count) in_order = 0;
      count++;
      p = end;
      while (*p == ' ') p++;
    }
  }
  TT_CHECK("groups.proc_status_lists_all", line && count == kMax && in_order,
           "the Groups line has %d groups%s", count, in_order ? "" : ", not 0..65535 in order");
  TT_CHECK("groups.proc_status_continues_after_groups", strstr(text, "\nThreads:\t") != NULL,
           "no Threads line after the Groups line (the text was cut)");
  free(list);
  free(text);
}

static int exit_after_setgroups(void *arg) {
  (void)arg;
  return tt_setgroups(3, (gid_t[]){1, 2, 3}) == 0 ? 0 : 1;
}

/* Many setgroups, forks and exits keep nothing: each 256 KiB list is freed
 * with its last holder. */
static void memory(void *arg) {
  (void)arg;
  gid_t *list = all_groups();
  long before = tt_mem_free_kb();
  int failures = 0;
  for (int i = 0; i < 40 && list; i++) {
    if (tt_setgroups(kMax - (i % 2), list + 1 + (i % 2)) != 0) failures++;
    int status = tt_fork_status(exit_after_setgroups, list, 30);
    if (!(status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0)) failures++;
  }
  tt_setgroups(0, NULL);
  long after = tt_mem_free_kb();
  long lost = before - after;
  TT_CHECK("groups.memory_returns", list && failures == 0 && before > 0 && lost < 256,
           "%d failures; MemFree %ld kB -> %ld kB (%ld kB kept after 40 lists of 256 KiB)", failures, before, after,
           lost);
  free(list);
}

/* id(1) -G lists every supplementary group, also past the 64 Tether's id
 * once had room for: 100 groups (1..100) and the egid 0, 101 numbers. */
static void id_lists_all(void *arg) {
  (void)arg;
  gid_t list[100];
  for (int i = 0; i < 100; i++) list[i] = (gid_t)(i + 1);
  if (!TT_CHECK("groups.id_setgroups_100", tt_setgroups(100, list) == 0, "%s", strerror(errno))) return;
  char out[1024];
  int status = tt_run_capture("/bin/id", (char *[]){"id", "-G", NULL}, false, out, sizeof out, 20);
  int words = 0;
  for (char *word = strtok(out, " \n"); word; word = strtok(NULL, " \n")) words++;
  TT_CHECK("groups.id_lists_100_groups", status == 0 && words == 101, "status %#x, %d numbers: %.80s", status,
           words, out);
}

int main(int argc, char **argv) {
  tt_init(argc, argv);
  const char *scratch = tt_make_scratch("credentials_groups");
  if (!scratch || chdir(scratch) < 0 || chmod(".", 0755) < 0) {
    tt_fail("scratch_dir", "cannot make or enter a directory in /tmp");
    return tt_done();
  }
  if (geteuid() != 0) {
    tt_skip("groups", "needs to start as root");
    return tt_done();
  }
  tt_run_in_child("groups.limits_child", limits, NULL, 60);
  tt_run_in_child("groups.inherited_child", inherited_and_used, NULL, 60);
  tt_run_in_child("groups.proc_status_child", proc_status, NULL, 60);
  tt_run_in_child("groups.id_child", id_lists_all, NULL, 60);
  if (tt_on_tether())
    tt_run_in_child("groups.memory_child", memory, NULL, 120);
  else
    tt_skip("groups.memory_returns", "the host's MemFree moves with every process");
  chdir("/");
  tt_remove_tree(scratch);
  return tt_done();
}
