/* user_fault: a process that does something illegal is killed by the right
 * signal, and nobody else is hurt.
 *
 * Each case runs in a child; the parent checks WIFSIGNALED and WTERMSIG.
 * Linux sends the same signals, so this also passes on the host.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tether_test.h"

/* The faults. Both the pointers and what they point to are volatile, so the
 * compiler emits each access exactly as written: GCC otherwise drops a store
 * nobody reads, or turns a visible NULL store into ud2 (the wrong signal). */

static void write_null(void) {
  int *volatile p = NULL;
  *(volatile int *)p = 1;
}

static void read_kernel_address(void) {
  long *volatile p = (long *)(uintptr_t)0xffffffff80000000UL;
  (void)*(volatile long *)p;
}

static void execute_hlt(void) { __asm__ volatile("hlt"); } /* privileged: #GP */

static void execute_ud2(void) { __asm__ volatile("ud2"); } /* undefined opcode: #UD */

static void divide_by_zero(void) { /* #DE, done in asm: in C it is undefined */
  __asm__ volatile("xor %%edx, %%edx\n"
                   "mov $1, %%eax\n"
                   "xor %%ecx, %%ecx\n"
                   "div %%ecx\n"
                   :
                   :
                   : "eax", "ecx", "edx");
}

static void jump_to_unmapped(void) {
  void (*volatile target)(void) = (void (*)(void))(uintptr_t)0x1000;
  target();
}

/* A page mapped read/write but not executable, holding a `ret`: the call
 * must fault on the fetch (NX), not return. */
static void jump_to_non_executable_page(void) {
  unsigned char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (page == MAP_FAILED) _exit(100);
  page[0] = 0xc3; /* ret */
  void (*volatile target)(void) = (void (*)(void))page;
  target();
}

static void write_to_code(void) {
  unsigned char *volatile p = (unsigned char *)(uintptr_t)&write_to_code;
  *(volatile unsigned char *)p = 0xc3;
}

/* Runs fault() in a child and expects it to die of `expected`. */
static void expect_signal(const char *id, void (*fault)(void), int expected) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) {
    tt_fail(id, "fork: %s", strerror(errno));
    return;
  }
  if (pid == 0) {
    struct rlimit no_core = {0, 0}; /* no core files on the host; ENOSYS is fine */
    setrlimit(RLIMIT_CORE, &no_core);
    fault();
    _exit(0); /* survived: that is the failure */
  }
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) {
    tt_fail(id, "waitpid: %s", strerror(errno));
    return;
  }
  if (WIFEXITED(status)) {
    tt_fail(id, "the child exited with code %d instead of dying of SIG%s", WEXITSTATUS(status),
            sigabbrev_np(expected));
    return;
  }
  if (!WIFSIGNALED(status)) {
    tt_fail(id, "status %#x is neither an exit nor a kill", status);
    return;
  }
  const char *got = sigabbrev_np(WTERMSIG(status));
  TT_CHECK(id, WTERMSIG(status) == expected, "killed by SIG%s (%d), expected SIG%s (%d)", got ? got : "?",
           WTERMSIG(status), sigabbrev_np(expected), expected);
}

int main(void) {
  expect_signal("null_write_sigsegv", write_null, SIGSEGV);
  expect_signal("kernel_read_sigsegv", read_kernel_address, SIGSEGV);
  expect_signal("hlt_sigsegv", execute_hlt, SIGSEGV);
  expect_signal("ud2_sigill", execute_ud2, SIGILL);
  expect_signal("divide_by_zero_sigfpe", divide_by_zero, SIGFPE);
  expect_signal("jump_to_unmapped_sigsegv", jump_to_unmapped, SIGSEGV);
  expect_signal("jump_to_non_executable_page_sigsegv", jump_to_non_executable_page, SIGSEGV);
  expect_signal("write_to_code_sigsegv", write_to_code, SIGSEGV);

  /* The parent is untouched by all of that. */
  pid_t pid = fork();
  if (pid == 0) _exit(0);
  int status = -1;
  pid_t waited = pid > 0 ? waitpid(pid, &status, 0) : -1;
  TT_CHECK("parent_can_still_fork", pid > 0 && waited == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
           "fork returned %d, waitpid %d, status %#x", (int)pid, (int)waited, status);

  size_t size = 1 << 20;
  unsigned char *block = malloc(size);
  bool ok = block != NULL;
  if (ok) {
    memset(block, 0xa5, size);
    ok = block[0] == 0xa5 && block[size - 1] == 0xa5;
    free(block);
  }
  TT_CHECK("parent_can_still_allocate", ok, "malloc(1 MiB) failed or did not hold its contents");
  return tt_done();
}
