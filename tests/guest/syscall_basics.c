/* syscall_basics: the system call mechanism itself.
 *
 * Identity calls give sane answers, an unknown call number is ENOSYS, bad
 * descriptors are EBADF, and the `syscall` instruction preserves every
 * register except rax (the result), rcx and r11 (which the CPU overwrites
 * with the return address and rflags).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tether_test.h"

/* long register_probe(long number, long values[12])
 *
 * Loads values[] into rbx rbp rdx rsi rdi r8 r9 r10 r12 r13 r14 r15, makes
 * system call `number`, then stores those same registers back into values[]
 * and returns rax. Written in assembly because C cannot pin down rbx or rbp
 * around a single instruction. */
__asm__(
    ".text\n"
    ".globl register_probe\n"
    ".type register_probe, @function\n"
    "register_probe:\n"
    "  push %rbx\n"
    "  push %rbp\n"
    "  push %r12\n"
    "  push %r13\n"
    "  push %r14\n"
    "  push %r15\n"
    "  push %rsi\n" /* keep the array pointer */
    "  mov %rdi, %rax\n"
    "  mov 0(%rsi), %rbx\n"
    "  mov 8(%rsi), %rbp\n"
    "  mov 16(%rsi), %rdx\n"
    "  mov 32(%rsi), %rdi\n"
    "  mov 40(%rsi), %r8\n"
    "  mov 48(%rsi), %r9\n"
    "  mov 56(%rsi), %r10\n"
    "  mov 64(%rsi), %r12\n"
    "  mov 72(%rsi), %r13\n"
    "  mov 80(%rsi), %r14\n"
    "  mov 88(%rsi), %r15\n"
    "  mov 24(%rsi), %rsi\n" /* last: rsi held the pointer */
    "  syscall\n"
    "  push %rsi\n"          /* free rsi to hold the pointer again */
    "  mov 8(%rsp), %rsi\n"
    "  mov %rbx, 0(%rsi)\n"
    "  mov %rbp, 8(%rsi)\n"
    "  mov %rdx, 16(%rsi)\n"
    "  popq 24(%rsi)\n"
    "  mov %rdi, 32(%rsi)\n"
    "  mov %r8, 40(%rsi)\n"
    "  mov %r9, 48(%rsi)\n"
    "  mov %r10, 56(%rsi)\n"
    "  mov %r12, 64(%rsi)\n"
    "  mov %r13, 72(%rsi)\n"
    "  mov %r14, 80(%rsi)\n"
    "  mov %r15, 88(%rsi)\n"
    "  add $8, %rsp\n"
    "  pop %r15\n"
    "  pop %r14\n"
    "  pop %r13\n"
    "  pop %r12\n"
    "  pop %rbp\n"
    "  pop %rbx\n"
    "  ret\n"
    ".size register_probe, . - register_probe\n");
long register_probe(long number, long values[12]);

static const char *const probe_names[12] = {"rbx", "rbp", "rdx", "rsi", "rdi", "r8",
                                            "r9",  "r10", "r12", "r13", "r14", "r15"};

static void check_registers_preserved(void) {
  long values[12], expected[12];
  for (int i = 0; i < 12; i++) /* distinct, with high bits set */
    expected[i] = values[i] = (long)(0x0123456789abcd00UL ^ ((unsigned long)(i + 1) * 0x1111111111111111UL));
  long pid = register_probe(SYS_getpid, values);
  for (int i = 0; i < 12; i++) {
    if (values[i] != expected[i]) {
      tt_fail("syscall_preserves_registers", "%s was %#lx, is %#lx after syscall", probe_names[i],
              (unsigned long)expected[i], (unsigned long)values[i]);
      return;
    }
  }
  TT_CHECK("syscall_preserves_registers", pid == getpid(),
           "getpid through the probe returned %ld, getpid() says %d", pid, (int)getpid());
}

static void check_child_sees_parent(void) {
  pid_t parent = getpid();
  pid_t child = fork();
  if (child < 0) {
    tt_fail("getppid_in_child_is_parent", "fork: %s", strerror(errno));
    return;
  }
  if (child == 0) _exit(getppid() == parent ? 0 : 1);
  int status = 0;
  pid_t waited = waitpid(child, &status, 0);
  TT_CHECK("getppid_in_child_is_parent", waited == child && WIFEXITED(status) && WEXITSTATUS(status) == 0,
           "waitpid returned %d, status %#x (child exits 1 if getppid() != %d)", (int)waited, status,
           (int)parent);
}

int main(void) {
  pid_t pid = getpid();
  TT_CHECK("getpid_positive", pid > 0, "getpid() = %d", (int)pid);
  TT_CHECK("getpid_stable", getpid() == pid && getpid() == pid, "getpid() changed from %d", (int)pid);

  pid_t ppid = getppid();
  TT_CHECK("getppid_not_self", ppid >= 0 && ppid != pid, "getppid() = %d, getpid() = %d", (int)ppid,
           (int)pid);
  check_child_sees_parent();

  static const char line[] = "# syscall_basics: this line is written with write(1)\n";
  ssize_t n = write(1, line, sizeof line - 1);
  TT_CHECK("write_stdout_returns_count", n == (ssize_t)(sizeof line - 1), "write returned %ld, errno %s",
           (long)n, tt_errno_name(errno));

  tt_expect_errno("unknown_syscall_999_enosys", syscall(999), ENOSYS);
  tt_expect_errno("unknown_syscall_100000_enosys", syscall(100000), ENOSYS);
  tt_expect_errno("unknown_syscall_negative_enosys", syscall(-1), ENOSYS);

  char buf[8];
  tt_expect_errno("close_negative_fd_ebadf", close(-1), EBADF);
  tt_expect_errno("read_never_opened_fd_ebadf", read(999, buf, sizeof buf), EBADF);
  int fd = dup(1);
  if (fd < 0) {
    tt_fail("read_closed_fd_ebadf", "dup(1): %s", strerror(errno));
    tt_fail("write_closed_fd_ebadf", "dup(1): %s", strerror(errno));
    tt_fail("close_closed_fd_ebadf", "dup(1): %s", strerror(errno));
  } else {
    close(fd);
    tt_expect_errno("read_closed_fd_ebadf", read(fd, buf, sizeof buf), EBADF);
    tt_expect_errno("write_closed_fd_ebadf", write(fd, "x", 1), EBADF);
    tt_expect_errno("close_closed_fd_ebadf", close(fd), EBADF);
  }

  check_registers_preserved();

  struct utsname u;
  int ret = uname(&u);
  TT_CHECK("uname_sysname_nonempty", ret == 0 && u.sysname[0] != '\0', "uname returned %d (%s)", ret,
           ret ? strerror(errno) : "sysname empty");
  if (ret == 0) {
    printf("# uname: %s %s %s\n", u.sysname, u.release, u.machine);
  }
  return tt_done();
}
