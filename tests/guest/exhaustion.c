/* A user program can use up memory or processes, and the kernel survives:
 * the memory hog is killed with SIGKILL (as by Linux's OOM killer), fork
 * fails with ENOMEM or EAGAIN once nothing is left, everything comes back
 * when the programs exit, and the system still works afterwards.
 * Tether only: on the host these would exhaust the host itself. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tether_test.h"
#include "tether_util.h"

static void test_memory_hog(void) {
  long before = tt_mem_free_kb();
  pid_t c = fork();
  if (c == 0) {
    for (;;) {
      char* p = mmap(0, 16 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (p == MAP_FAILED) _exit(1);  /* address space, not memory, ran out: not what we test */
      memset(p, 1, 16 << 20);
    }
  }
  int status = 0;
  waitpid(c, &status, 0);
  TT_CHECK("oom.hog_killed_with_sigkill", WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
           "status %#x", status);
  long after = tt_mem_free_kb();
  TT_CHECK("oom.memory_returned", before > 0 && after > before - before / 20, "MemFree %ld kB before, %ld after",
           before, after);
}

static void test_fork_until_refused(void) {
  setpgid(0, 0); /* kill(0) below reaches only this test and its children */
  int n = 0, err = 0;
  for (;;) {
    pid_t p = fork();
    if (p == 0) {
      pause();
      _exit(0);
    }
    if (p < 0) {
      err = errno;
      break;
    }
    n++;
  }
  TT_CHECK("fork.refused_when_exhausted", n > 0 && (err == ENOMEM || err == EAGAIN), "after %d children: %s", n,
           strerror(err));
  signal(SIGTERM, SIG_IGN);
  kill(0, SIGTERM);
  int reaped = 0;
  while (wait(NULL) > 0) reaped++;
  TT_CHECK("fork.all_children_reaped", reaped == n, "reaped %d of %d", reaped, n);
  pid_t q = fork();
  if (q == 0) _exit(7);
  int status = 0;
  waitpid(q, &status, 0);
  TT_CHECK("fork.works_again_after", WIFEXITED(status) && WEXITSTATUS(status) == 7, "status %#x", status);
}

int main(void) {
  if (!tt_on_tether()) {
    tt_skip("oom.hog_killed_with_sigkill", "would exhaust the host's memory");
    tt_skip("fork.refused_when_exhausted", "would exhaust the host's processes");
    return tt_done();
  }
  test_memory_hog();
  test_fork_until_refused();
  return tt_done();
}
