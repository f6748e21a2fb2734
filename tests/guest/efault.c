/* efault: every system call that takes a user pointer must refuse a bad one
 * with EFAULT, and must not act on part of it.
 *
 * "Bad" here: a kernel address, the never-mapped page at 0x1000, a
 * non-canonical address, a range that runs off the top of user space, and a
 * buffer that starts mapped and runs into an unmapped page.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "tether_test.h"

#define KERNEL_TEXT ((void *)(uintptr_t)0xffffffff80000000UL)  /* where kernels live */
#define KERNEL_HALF ((void *)(uintptr_t)0xffff800000000000UL)  /* first kernel-half address */
#define LOW_PAGE ((void *)(uintptr_t)0x1000UL)                 /* never mapped */
#define NON_CANONICAL ((void *)(uintptr_t)0x0000800000000000UL) /* first non-canonical */
#define LAST_USER_PAGE ((void *)(uintptr_t)0x00007ffffffff000UL)

/* A page that is mapped, followed by one that is not. Returns the start of
 * the unmapped page, or NULL. */
static char *page_before_hole(void) {
  char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return NULL;
  if (munmap(p + 4096, 4096) < 0) return NULL;
  memset(p, 'z', 4096);
  return p + 4096;
}

static void check_write(void) {
  tt_expect_errno("write_null_efault", write(1, NULL, 16), EFAULT);
  tt_expect_errno("write_kernel_text_efault", write(1, KERNEL_TEXT, 16), EFAULT);
  tt_expect_errno("write_kernel_half_efault", write(1, KERNEL_HALF, 16), EFAULT);
  tt_expect_errno("write_low_unmapped_page_efault", write(1, LOW_PAGE, 16), EFAULT);
  tt_expect_errno("write_non_canonical_efault", write(1, NON_CANONICAL, 16), EFAULT);
  tt_expect_errno("write_past_top_of_user_space_efault", write(1, LAST_USER_PAGE, 0x2000), EFAULT);

  /* A buffer whose last bytes are unmapped. This one goes to a pipe, not to
   * stdout: if the kernel wrongly wrote the good part, it would land in our
   * own output. Afterwards the pipe must hold nothing of it. */
  const char *id = "write_runs_into_unmapped_page_efault";
  char *hole = page_before_hole();
  int fds[2];
  if (hole == NULL) {
    tt_fail(id, "could not map two pages and unmap the second: %s", strerror(errno));
    return;
  }
  if (pipe(fds) < 0) {
    tt_fail(id, "pipe: %s", strerror(errno));
    return;
  }
  if (tt_expect_errno(id, write(fds[1], hole - 16, 32), EFAULT)) {
    char buf[64];
    write(fds[1], "!", 1);
    ssize_t n = read(fds[0], buf, sizeof buf);
    TT_CHECK("write_efault_wrote_nothing", n == 1 && buf[0] == '!',
             "the pipe held %ld bytes, expected only the 1-byte marker", (long)n);
  }
  close(fds[0]);
  close(fds[1]);
}

/* A read into a bad buffer must fail before consuming anything. */
static void check_read(void) {
  const char *id = "read_into_bad_buffer_efault";
  int fds[2];
  if (pipe(fds) < 0) {
    tt_fail(id, "pipe: %s (needed to have data to read)", strerror(errno));
    tt_fail("read_efault_lost_nothing", "pipe: %s", strerror(errno));
    return;
  }
  static const char data[] = "tether";
  if (write(fds[1], data, 6) != 6) {
    tt_fail(id, "write to pipe: %s", strerror(errno));
    return;
  }
  tt_expect_errno(id, read(fds[0], LOW_PAGE, 6), EFAULT);
  tt_expect_errno("read_into_kernel_text_efault", read(fds[0], KERNEL_TEXT, 6), EFAULT);
  char *hole = page_before_hole();
  if (hole) tt_expect_errno("read_into_half_mapped_buffer_efault", read(fds[0], hole - 3, 6), EFAULT);
  else tt_fail("read_into_half_mapped_buffer_efault", "mmap/munmap: %s", strerror(errno));

  char buf[16] = {0};
  ssize_t n = read(fds[0], buf, sizeof buf);
  TT_CHECK("read_efault_lost_nothing", n == 6 && memcmp(buf, data, 6) == 0,
           "after the failed reads, read returned %ld bytes \"%.*s\", expected \"tether\"", (long)n,
           n > 0 ? (int)n : 0, buf);
  close(fds[0]);
  close(fds[1]);
}

int main(void) {
  check_write();
  check_read();

  tt_expect_errno("uname_low_page_efault", uname(LOW_PAGE), EFAULT);
  tt_expect_errno("uname_kernel_text_efault", uname(KERNEL_TEXT), EFAULT);
  tt_expect_errno("clock_gettime_low_page_efault", clock_gettime(CLOCK_MONOTONIC, LOW_PAGE), EFAULT);
  tt_expect_errno("clock_gettime_kernel_text_efault", clock_gettime(CLOCK_MONOTONIC, KERNEL_TEXT),
                  EFAULT);

  char *argv[] = {"true", NULL};
  char *envp[] = {NULL};
  tt_expect_errno("execve_bad_path_efault", execve(LOW_PAGE, argv, envp), EFAULT);
  tt_expect_errno("execve_kernel_path_efault", execve(KERNEL_TEXT, argv, envp), EFAULT);
  tt_expect_errno("open_bad_path_efault", open(LOW_PAGE, O_RDONLY), EFAULT);
  return tt_done();
}
