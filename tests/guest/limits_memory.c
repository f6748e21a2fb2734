/* limits_memory: RLIMIT_AS and RLIMIT_DATA enforced, the counts behind them
 * (/proc/self/status VmSize, VmData, VmStk), and mremap.
 *
 * Sources: getrlimit(2): RLIMIT_AS "the maximum size of the process's
 * virtual memory (address space) ... affects calls to brk(2), mmap(2), and
 * mremap(2), which fail with the error ENOMEM upon exceeding this limit ...
 * automatic stack expansion will fail (and generate a SIGSEGV)";
 * RLIMIT_DATA "the maximum size of the process's data segment (initialized
 * data, uninitialized data, and heap) ... affects calls to brk(2), sbrk(2),
 * and (since Linux 4.7) mmap(2)". brk(2): the raw call returns the old
 * break on failure, sbrk ENOMEM. mmap(2), mremap(2) (EINVAL, EFAULT,
 * ENOMEM "the memory area cannot be expanded at the current virtual
 * address, and the MREMAP_MAYMOVE flag is not set"), mprotect(2). proc(5)
 * VmSize, VmData, VmStk and stat's vsize. Linux's mm/mmap.c: may_expand_vm
 * (data: private, writable, not a stack, mm/internal.h is_data_mapping; a
 * soft RLIMIT_DATA of 0 lets data grow to the hard limit, "for Valgrind"),
 * the brk syscall's check_data_rlimit (the heap plus the data segment's file
 * bytes, checked before anything else), mmap_region (what MAP_FIXED
 * replaces does not count), mprotect_fixup (turning writable is growth of
 * data); mm/mremap.c (growth checked, shrinking always allowed).
 *
 * Every limit is set in a child (tt_run_in_child, tt_fork_status), and each
 * check's outcome is taken under the limit and reported after the limit is
 * lifted again, so printing never runs out of room.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tether_test.h"
#include "tether_util.h"

#define KiB 1024UL
#define MiB (1024UL * 1024UL)
#define PAGE 4096UL

/* --- /proc/self/status ------------------------------------------------ */

struct vm_counts {
  long size, data, stack; /* kB: VmSize, VmData, VmStk */
};

/* A number from a line "Name:\t value kB" of the text; -1 if none. */
static long status_line(const char *text, const char *name) {
  size_t len = strlen(name);
  for (const char *line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
    if (strncmp(line, name, len) == 0 && line[len] == ':') return strtol(line + len + 1, NULL, 10);
  return -1;
}

/* One reading of /proc/self/status (no memory of the process changes). */
static struct vm_counts vm_now(void) {
  static char text[8192];
  struct vm_counts c = {-1, -1, -1};
  if (tt_read_file("/proc/self/status", text, sizeof text) <= 0) return c;
  c.size = status_line(text, "VmSize");
  c.data = status_line(text, "VmData");
  c.stack = status_line(text, "VmStk");
  return c;
}

/* Field 23 of /proc/self/stat, vsize in bytes; -1 if unreadable. */
static long stat_vsize(void) {
  char stat[512];
  if (tt_read_file("/proc/self/stat", stat, sizeof stat) <= 0) return -1;
  char *p = strrchr(stat, ')');
  for (int field = 2; p && field < 23; field++) p = strchr(p + 1, ' ');
  return p ? strtol(p + 1, NULL, 10) : -1;
}

/* --- limits --------------------------------------------------------- */

/* The soft limit of resource set to bytes (the hard one kept). */
static void limit_to(int resource, unsigned long bytes) {
  struct rlimit rl;
  if (getrlimit(resource, &rl) < 0) tt_die("getrlimit");
  rl.rlim_cur = bytes;
  if (setrlimit(resource, &rl) < 0) tt_die("setrlimit");
}

/* The soft limit back up to the hard one. */
static void unlimit(int resource) {
  struct rlimit rl;
  if (getrlimit(resource, &rl) < 0) tt_die("getrlimit");
  rl.rlim_cur = rl.rlim_max;
  if (setrlimit(resource, &rl) < 0) tt_die("setrlimit");
}

static unsigned long vm_size_bytes(void) {
  long kb = vm_now().size;
  if (kb < 0) tt_die("VmSize of /proc/self/status");
  return (unsigned long)kb * KiB;
}

static unsigned long vm_data_bytes(void) {
  long kb = vm_now().data;
  if (kb < 0) tt_die("VmData of /proc/self/status");
  return (unsigned long)kb * KiB;
}

/* --- attempts, taken under a limit and judged after it ---------------- */

/* What a call that returns an address (MAP_FAILED/-1 on failure) gave. */
struct attempt {
  void *addr;
  int err;
};

static bool done(struct attempt a) { return a.addr != MAP_FAILED; }

static struct attempt try_map(size_t len, int prot, int flags) {
  errno = 0;
  void *p = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
  return (struct attempt){p, p == MAP_FAILED ? errno : 0};
}

static struct attempt try_map_rw(size_t len) { return try_map(len, PROT_READ | PROT_WRITE, 0); }

static struct attempt try_remap(void *old, size_t old_len, size_t new_len, int flags) {
  errno = 0;
  void *p = mremap(old, old_len, new_len, flags);
  return (struct attempt){p, p == MAP_FAILED ? errno : 0};
}

static struct attempt try_sbrk(long increment) {
  errno = 0;
  void *p = sbrk(increment);
  return (struct attempt){p, p == (void *)-1 ? errno : 0};
}

static const char *outcome(struct attempt a) { return done(a) ? "success" : tt_errno_name(a.err); }

static void expect_enomem(const char *id, struct attempt a) {
  TT_CHECK(id, !done(a) && a.err == ENOMEM, "expected ENOMEM, got %s", outcome(a));
}

static void expect_done(const char *id, struct attempt a) { TT_CHECK(id, done(a), "failed: %s", outcome(a)); }

/* Fills len bytes at p with a pattern; checks it is still there. */
static void fill(void *p, size_t len, unsigned char seed) {
  for (size_t i = 0; i < len; i += 512) ((unsigned char *)p)[i] = (unsigned char)(seed + i / 512);
}
static bool filled(const void *p, size_t len, unsigned char seed) {
  for (size_t i = 0; i < len; i += 512)
    if (((const unsigned char *)p)[i] != (unsigned char)(seed + i / 512)) return false;
  return true;
}

/* --- RLIMIT_AS -------------------------------------------------------- */

/* Limit: what is mapped now plus 1 MiB. */
static void as_mappings(void *arg) {
  (void)arg;
  limit_to(RLIMIT_AS, vm_size_bytes() + 1 * MiB);
  struct attempt big = try_map_rw(4 * MiB);
  struct attempt none = try_map(4 * MiB, PROT_NONE, 0);
  struct attempt first = try_map_rw(512 * KiB);
  if (done(first)) fill(first.addr, 512 * KiB, 1);
  bool usable = done(first) && filled(first.addr, 512 * KiB, 1);
  struct attempt second = try_map_rw(768 * KiB); /* 512 + 768 > 1024 */
  if (done(first)) munmap(first.addr, 512 * KiB);
  struct attempt after_unmap = try_map_rw(768 * KiB);
  /* 256 KiB left: 512 do not fit until half of the 768 are given back. */
  struct attempt before_partial = try_map_rw(512 * KiB);
  if (done(after_unmap)) munmap((char *)after_unmap.addr + 384 * KiB, 384 * KiB);
  struct attempt after_partial = try_map_rw(512 * KiB);
  unlimit(RLIMIT_AS);

  expect_enomem("rlimit.as.mmap_past_limit_enomem", big);
  expect_enomem("rlimit.as.prot_none_counted_enomem", none);
  TT_CHECK("rlimit.as.mmap_within_limit", usable, "512 KiB under a limit 1 MiB above VmSize: %s",
           done(first) ? "mapped, but not usable" : outcome(first));
  expect_enomem("rlimit.as.second_mapping_past_limit_enomem", second);
  expect_done("rlimit.as.munmap_makes_room", after_unmap);
  TT_CHECK("rlimit.as.partial_munmap_makes_room", !done(before_partial) && done(after_partial),
           "512 KiB before unmapping half of a 768 KiB mapping: %s; after: %s", outcome(before_partial),
           outcome(after_partial));
}

static void as_break(void *arg) {
  (void)arg;
  char *start = sbrk(0);
  limit_to(RLIMIT_AS, vm_size_bytes() + 1 * MiB);
  struct attempt past = try_sbrk(4 * MiB);
  long raw = syscall(SYS_brk, start + 4 * MiB);
  struct attempt within = try_sbrk(256 * KiB);
  if (done(within)) {
    memset(within.addr, 1, 256 * KiB);
    sbrk(-(long)(256 * KiB));
  }
  errno = 0;
  void *big = malloc(4 * MiB); /* its own mmap */
  int big_err = errno;
  /* Small blocks come from the heap (sbrk), 64 KiB at a time. */
  int blocks = 0, small_err = 0;
  for (; blocks < 256; blocks++) {
    errno = 0;
    if (malloc(16 * KiB) == NULL) {
      small_err = errno;
      break;
    }
  }
  unlimit(RLIMIT_AS);

  expect_enomem("rlimit.as.sbrk_past_limit_enomem", past);
  TT_CHECK("rlimit.as.brk_returns_old_break", raw == (long)start, "brk(break + 4 MiB) = %#lx, the break is %p", raw,
           (void *)start);
  expect_done("rlimit.as.sbrk_within_limit", within);
  TT_CHECK("rlimit.as.malloc_big_block_enomem", big == NULL && big_err == ENOMEM, "malloc(4 MiB): %s",
           big ? "a block" : tt_errno_name(big_err));
  TT_CHECK("rlimit.as.malloc_small_blocks_enomem", blocks < 256 && small_err == ENOMEM, "%d blocks of 16 KiB, then %s",
           blocks, blocks < 256 ? tt_errno_name(small_err) : "no failure");
}

static void as_remap(void *arg) {
  (void)arg;
  struct attempt m = try_map_rw(256 * KiB);
  if (!done(m)) tt_die("mmap 256 KiB");
  fill(m.addr, 256 * KiB, 7);
  limit_to(RLIMIT_AS, vm_size_bytes() + 1 * MiB);
  struct attempt too_far = try_remap(m.addr, 256 * KiB, 4 * MiB, MREMAP_MAYMOVE);
  bool kept = filled(m.addr, 256 * KiB, 7);
  struct attempt grown = try_remap(m.addr, 256 * KiB, 768 * KiB, MREMAP_MAYMOVE);
  bool moved_intact = done(grown) && filled(grown.addr, 256 * KiB, 7);
  /* A limit below what is mapped already: no growth at all, but shrinking
   * and unmapping work. */
  limit_to(RLIMIT_AS, vm_size_bytes() / 2);
  struct attempt page = try_map_rw(PAGE);
  struct attempt shrunk = done(grown) ? try_remap(grown.addr, 768 * KiB, 128 * KiB, 0) : grown;
  int unmapped = done(shrunk) ? munmap(shrunk.addr, 128 * KiB) : -1;
  unlimit(RLIMIT_AS);

  TT_CHECK("rlimit.as.mremap_grow_past_limit_enomem", !done(too_far) && too_far.err == ENOMEM && kept,
           "256 KiB to 4 MiB: %s%s", outcome(too_far), kept ? "" : ", and the old contents changed");
  TT_CHECK("rlimit.as.mremap_grow_within_limit", moved_intact, "256 KiB to 768 KiB: %s",
           done(grown) ? "contents lost" : outcome(grown));
  expect_enomem("rlimit.as.below_current_size_no_growth", page);
  TT_CHECK("rlimit.as.below_current_size_shrinking_allowed", done(shrunk) && shrunk.addr == grown.addr && unmapped == 0,
           "mremap to 128 KiB: %s; munmap: %d", outcome(shrunk), unmapped);
}

/* MAP_FIXED over a mapping: only the growth counts (Linux's mmap_region). */
static void as_fixed(void *arg) {
  (void)arg;
  struct attempt m = try_map_rw(576 * KiB);
  if (!done(m)) tt_die("mmap 576 KiB");
  char *base = m.addr;
  munmap(base + 512 * KiB, 64 * KiB); /* a hole just above 512 KiB */
  limit_to(RLIMIT_AS, vm_size_bytes());
  errno = 0;
  void *same = mmap(base, 512 * KiB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  int same_err = errno;
  if (same == base) base[0] = 0x5a;
  errno = 0;
  void *wider = mmap(base, 576 * KiB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  int wider_err = errno;
  unlimit(RLIMIT_AS);

  TT_CHECK("rlimit.as.map_fixed_replacing_needs_no_room", same == base, "MAP_FIXED over 512 KiB at the limit: %s",
           same == MAP_FAILED ? tt_errno_name(same_err) : "another address");
  TT_CHECK("rlimit.as.map_fixed_growth_enomem", wider == MAP_FAILED && wider_err == ENOMEM && base[0] == 0x5a,
           "MAP_FIXED over 512 KiB and a 64 KiB hole: %s%s", wider == MAP_FAILED ? tt_errno_name(wider_err) : "mapped",
           wider == MAP_FAILED && base[0] != 0x5a ? ", and the old mapping is gone" : "");
}

/* --as-program: run by execve under a 256 MiB RLIMIT_AS. */
static int as_program(void) {
  struct rlimit rl;
  if (getrlimit(RLIMIT_AS, &rl) < 0 || rl.rlim_cur != 256 * MiB) return 1;
  if (mmap(NULL, 512 * MiB, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) != MAP_FAILED || errno != ENOMEM) return 2;
  if (mmap(NULL, 1 * MiB, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED) return 3;
  return 0;
}

struct exec_limit {
  int resource;
  unsigned long soft, hard;
};

/* In the child: the limit, then this program with --as-program. A failed
 * execve exits 100 + errno. */
static int exec_under_limit(void *arg) {
  const struct exec_limit *l = arg;
  struct rlimit rl = {l->soft, l->hard};
  if (setrlimit(l->resource, &rl) < 0) return 99;
  char *argv[] = {(char *)tt_self_path(), "--as-program", NULL};
  char *envp[] = {NULL};
  execve(tt_self_path(), argv, envp);
  return 100 + errno;
}

/* A new image that does not fit. Linux finds out after execve's point of
 * no return (the stack, the segments) and kills the process with SIGSEGV;
 * Tether builds the whole image first and fails execve with ENOMEM, leaving
 * the caller as it was. */
static void expect_exec_refused(const char *id, int status) {
  if (tt_on_tether())
    TT_CHECK(id, WIFEXITED(status) && WEXITSTATUS(status) == 100 + ENOMEM,
             "expected execve to fail with ENOMEM (exit %d), the child %s", 100 + ENOMEM, tt_status_str(status));
  else
    TT_CHECK(id, WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV, "expected SIGSEGV, the child %s",
             tt_status_str(status));
}

static void as_exec(void) {
  struct rlimit rl;
  getrlimit(RLIMIT_AS, &rl);
  struct exec_limit roomy = {RLIMIT_AS, 256 * MiB, rl.rlim_max};
  int status = tt_fork_status(exec_under_limit, &roomy, 60);
  TT_CHECK("rlimit.as.kept_by_execve_and_enforced", WIFEXITED(status) && WEXITSTATUS(status) == 0,
           "the program run under 256 MiB %s (1: limit not kept, 2: 512 MiB mapped, 3: 1 MiB refused)",
           tt_status_str(status));
  struct exec_limit tiny = {RLIMIT_AS, 64 * KiB, rl.rlim_max};
  expect_exec_refused("rlimit.as.execve_image_too_big", tt_fork_status(exec_under_limit, &tiny, 60));
}

/* The stack grows on demand on Linux, and growth past RLIMIT_AS is
 * SIGSEGV. Each frame about 1 KiB; 4096 of them stay within the default
 * 8 MiB RLIMIT_STACK. */
static int deep(int n) {
  volatile char frame[1024];
  frame[0] = (char)n;
  if (n >= 4096) return 0;
  return deep(n + 1) + frame[0];
}

static int stack_past_limit(void *arg) {
  (void)arg;
  limit_to(RLIMIT_AS, vm_size_bytes() + 256 * KiB);
  deep(0);
  return 1;
}

static void as_stack(void) {
  if (tt_on_tether()) {
    tt_skip("rlimit.as.stack_growth_past_limit_sigsegv",
            "Tether reserves the whole stack region (RLIMIT_STACK) at execve, counted in VmSize then; it never grows");
    return;
  }
  int status = tt_fork_status(stack_past_limit, NULL, 60);
  TT_CHECK("rlimit.as.stack_growth_past_limit_sigsegv", WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
           "recursing 4 MiB deep under a limit 256 KiB above VmSize: the child %s", tt_status_str(status));
}

/* --- RLIMIT_DATA ------------------------------------------------------ */

/* Limit: the data there is now plus 512 KiB. */
static void data_limits(void *arg) {
  (void)arg;
  limit_to(RLIMIT_DATA, vm_data_bytes() + 512 * KiB);
  struct attempt brk_past = try_sbrk(2 * MiB);
  char *brk_now = sbrk(0);
  long raw = syscall(SYS_brk, brk_now + 2 * MiB);
  struct attempt brk_within = try_sbrk(128 * KiB);
  if (done(brk_within)) sbrk(-(long)(128 * KiB));
  struct attempt rw_big = try_map_rw(2 * MiB);
  struct attempt rw = try_map_rw(256 * KiB); /* 256 KiB left */
  struct attempt ro = try_map(2 * MiB, PROT_READ, 0);
  struct attempt none = try_map(2 * MiB, PROT_NONE, 0);
  errno = 0;
  int protect_all = done(ro) ? mprotect(ro.addr, 2 * MiB, PROT_READ | PROT_WRITE) : -1;
  int protect_all_err = errno;
  errno = 0;
  int protect_part = done(ro) ? mprotect(ro.addr, 64 * KiB, PROT_READ | PROT_WRITE) : -1; /* 192 left */
  int protect_part_err = errno;
  errno = 0;
  void *shared = mmap(NULL, 2 * MiB, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  int shared_err = errno;
  struct attempt stack = try_map(2 * MiB, PROT_READ | PROT_WRITE, MAP_GROWSDOWN);
  struct attempt small_rw = try_map_rw(128 * KiB); /* 64 left */
  struct attempt small_ro = try_map(128 * KiB, PROT_READ, 0);
  struct attempt rw_grown = done(small_rw) ? try_remap(small_rw.addr, 128 * KiB, 2 * MiB, MREMAP_MAYMOVE) : small_rw;
  struct attempt ro_grown = done(small_ro) ? try_remap(small_ro.addr, 128 * KiB, 2 * MiB, MREMAP_MAYMOVE) : small_ro;
  errno = 0;
  void *big = malloc(2 * MiB);
  int big_err = errno;
  struct attempt before_unmap = try_map_rw(256 * KiB);
  if (done(rw)) munmap(rw.addr, 256 * KiB);
  struct attempt after_unmap = try_map_rw(256 * KiB);
  unlimit(RLIMIT_DATA);

  expect_enomem("rlimit.data.sbrk_past_limit_enomem", brk_past);
  TT_CHECK("rlimit.data.brk_returns_old_break", raw == (long)brk_now, "brk(break + 2 MiB) = %#lx, the break is %p", raw,
           (void *)brk_now);
  expect_done("rlimit.data.sbrk_within_limit", brk_within);
  expect_enomem("rlimit.data.private_writable_mmap_enomem", rw_big);
  expect_done("rlimit.data.private_writable_mmap_within_limit", rw);
  expect_done("rlimit.data.readonly_mmap_not_counted", ro);
  expect_done("rlimit.data.prot_none_mmap_not_counted", none);
  TT_CHECK("rlimit.data.mprotect_writable_past_limit_enomem", protect_all == -1 && protect_all_err == ENOMEM,
           "mprotect of 2 MiB to PROT_WRITE: %s", protect_all == 0 ? "success" : tt_errno_name(protect_all_err));
  TT_CHECK("rlimit.data.mprotect_writable_within_limit", protect_part == 0, "64 KiB to PROT_WRITE: %s",
           tt_errno_name(protect_part_err));
  if (shared == MAP_FAILED && shared_err == ENOSYS && tt_on_tether())
    tt_skip("rlimit.data.shared_mapping_not_counted", "Tether has no shared mappings (mmap MAP_SHARED is ENOSYS)");
  else
    TT_CHECK("rlimit.data.shared_mapping_not_counted", shared != MAP_FAILED, "2 MiB MAP_SHARED: %s",
             tt_errno_name(shared_err));
  expect_done("rlimit.data.growsdown_mapping_not_counted", stack);
  expect_enomem("rlimit.data.mremap_grow_past_limit_enomem", rw_grown);
  expect_done("rlimit.data.mremap_readonly_grow_not_counted", ro_grown);
  TT_CHECK("rlimit.data.malloc_big_block_enomem", big == NULL && big_err == ENOMEM, "malloc(2 MiB): %s",
           big ? "a block" : tt_errno_name(big_err));
  TT_CHECK("rlimit.data.munmap_makes_room", !done(before_unmap) && done(after_unmap),
           "256 KiB with 64 KiB left: %s; after unmapping 256 KiB: %s", outcome(before_unmap), outcome(after_unmap));
}

/* A soft limit of 0 with a hard one above: may_expand_vm lets mappings
 * grow up to the hard limit (for Valgrind); brk's own check knows nothing
 * of that and refuses any heap at all. */
static void data_zero_soft(void *arg) {
  (void)arg;
  unsigned long hard = vm_data_bytes() + 512 * KiB;
  struct rlimit rl = {0, hard};
  if (setrlimit(RLIMIT_DATA, &rl) < 0) tt_die("setrlimit");
  struct attempt heap = try_sbrk(PAGE);
  struct attempt rw = try_map_rw(256 * KiB);
  struct attempt rw_big = try_map_rw(2 * MiB);
  unlimit(RLIMIT_DATA); /* up to the hard limit: 256 KiB of room */

  expect_enomem("rlimit.data.zero_soft_limit_refuses_brk", heap);
  TT_CHECK("rlimit.data.zero_soft_limit_maps_up_to_hard", done(rw) && !done(rw_big) && rw_big.err == ENOMEM,
           "256 KiB: %s; 2 MiB: %s", outcome(rw), outcome(rw_big));
}

static void data_exec(void) {
  struct exec_limit none = {RLIMIT_DATA, 0, 0};
  expect_exec_refused("rlimit.data.execve_data_segment_too_big", tt_fork_status(exec_under_limit, &none, 60));
}

/* --- the counts: /proc/self/status ------------------------------------ */

static bool moved(struct vm_counts before, struct vm_counts after, long size, long data) {
  return after.size - before.size == size && after.data - before.data == data;
}

static void vm_count_checks(void *arg) {
  (void)arg;
  struct vm_counts c0 = vm_now();
  if (c0.size < 0 || c0.data < 0 || c0.stack < 0) {
    tt_fail("status.vm_lines", "VmSize %ld, VmData %ld, VmStk %ld", c0.size, c0.data, c0.stack);
    return;
  }
  long vsize = stat_vsize();
  TT_CHECK("status.stat_vsize_is_vmsize", vsize == c0.size * 1024, "vsize %ld, VmSize %ld kB", vsize, c0.size);

  mmap(NULL, 1 * MiB, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  struct vm_counts c1 = vm_now();
  TT_CHECK("status.vmsize_counts_prot_none", moved(c0, c1, 1024, 0), "1 MiB PROT_NONE: VmSize %+ld, VmData %+ld kB",
           c1.size - c0.size, c1.data - c0.data);

  char *rw = mmap(NULL, 1 * MiB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  struct vm_counts c2 = vm_now();
  TT_CHECK("status.vmdata_counts_private_writable", rw != MAP_FAILED && moved(c1, c2, 1024, 1024),
           "1 MiB read-write: VmSize %+ld, VmData %+ld kB", c2.size - c1.size, c2.data - c1.data);

  munmap(rw, 256 * KiB);
  rw += 256 * KiB;
  struct vm_counts c3 = vm_now();
  TT_CHECK("status.partial_munmap_counted", moved(c2, c3, -256, -256),
           "256 KiB of it unmapped: VmSize %+ld, VmData %+ld kB", c3.size - c2.size, c3.data - c2.data);

  mprotect(rw, 256 * KiB, PROT_READ);
  struct vm_counts c4 = vm_now();
  mprotect(rw, 256 * KiB, PROT_READ | PROT_WRITE);
  struct vm_counts c5 = vm_now();
  TT_CHECK("status.mprotect_moves_vmdata", moved(c3, c4, 0, -256) && moved(c4, c5, 0, 256),
           "256 KiB read-only: VmData %+ld kB, VmSize %+ld; writable again: VmData %+ld kB", c4.data - c3.data,
           c4.size - c3.size, c5.data - c4.data);

  sbrk(256 * KiB);
  struct vm_counts c6 = vm_now();
  sbrk(-(long)(256 * KiB));
  struct vm_counts c7 = vm_now();
  TT_CHECK("status.brk_counted", moved(c5, c6, 256, 256) && moved(c6, c7, -256, -256),
           "sbrk(256 KiB): VmSize %+ld, VmData %+ld kB; back: %+ld, %+ld", c6.size - c5.size, c6.data - c5.data,
           c7.size - c6.size, c7.data - c6.data);

  void *down = mmap(NULL, 1 * MiB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN, -1, 0);
  struct vm_counts c8 = vm_now();
  TT_CHECK("status.vmstk_counts_growsdown", down != MAP_FAILED && moved(c7, c8, 1024, 0) && c8.stack - c7.stack == 1024,
           "1 MiB MAP_GROWSDOWN: VmSize %+ld, VmData %+ld, VmStk %+ld kB", c8.size - c7.size, c8.data - c7.data,
           c8.stack - c7.stack);

  char *grown = mremap(rw, 768 * KiB, 1280 * KiB, MREMAP_MAYMOVE);
  struct vm_counts c9 = vm_now();
  char *shrunk = grown != MAP_FAILED ? mremap(grown, 1280 * KiB, 256 * KiB, 0) : MAP_FAILED;
  struct vm_counts c10 = vm_now();
  TT_CHECK("status.mremap_counted", shrunk != MAP_FAILED && moved(c8, c9, 512, 512) && moved(c9, c10, -1024, -1024),
           "768 KiB to 1280: VmSize %+ld, VmData %+ld kB; to 256: %+ld, %+ld", c9.size - c8.size, c9.data - c8.data,
           c10.size - c9.size, c10.data - c9.data);
}

static struct vm_counts counts_at_fork;
static int child_counts_match(void *arg) {
  (void)arg;
  struct vm_counts c = vm_now();
  if (c.size < 0 || c.data < 0 || c.stack < 0) return 2;
  return c.size == counts_at_fork.size && c.data == counts_at_fork.data && c.stack == counts_at_fork.stack ? 0 : 1;
}

static void vm_counts_over_fork(void) {
  counts_at_fork = vm_now();
  int status = tt_fork_status(child_counts_match, NULL, 30);
  TT_CHECK("status.counts_inherited_by_fork", WIFEXITED(status) && WEXITSTATUS(status) == 0,
           "the child %s (1: its VmSize/VmData/VmStk differ from the parent's, 2: no such lines)",
           tt_status_str(status));
}

/* --- mremap ----------------------------------------------------------- */

static void remap_checks(void *arg) {
  (void)arg;
  char *a = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (a == MAP_FAILED) tt_die("mmap");
  fill(a, 4 * PAGE, 3);
  long before = vm_now().size;
  struct attempt shrunk = try_remap(a, 4 * PAGE, 2 * PAGE, 0);
  long after = vm_now().size;
  TT_CHECK("mremap.shrink_keeps_address", shrunk.addr == a && before - after == 8, "4 pages to 2: %s, VmSize %+ld kB",
           shrunk.addr == a ? "same address" : outcome(shrunk), after - before);

  struct attempt grown = try_remap(a, 2 * PAGE, 64 * PAGE, MREMAP_MAYMOVE);
  bool kept = done(grown) && filled(grown.addr, 2 * PAGE, 3);
  if (done(grown)) memset((char *)grown.addr + 2 * PAGE, 9, 62 * PAGE); /* the new part is usable */
  TT_CHECK("mremap.grow_maymove_keeps_contents", kept, "2 pages to 64: %s",
           done(grown) ? "contents lost" : outcome(grown));

  char *b = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(b + 2 * PAGE, 2 * PAGE);
  struct attempt in_place = try_remap(b, 2 * PAGE, 4 * PAGE, 0);
  if (in_place.addr == b) b[3 * PAGE] = 1;
  TT_CHECK("mremap.grow_in_place_into_free_pages", in_place.addr == b, "2 pages to 4 with 2 free above: %s",
           done(in_place) ? "another address" : outcome(in_place));

  char *c = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  expect_enomem("mremap.no_room_without_maymove_enomem", try_remap(c, 2 * PAGE, 3 * PAGE, 0));

  char *d = mmap(NULL, 8 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char *e = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  fill(e, 4 * PAGE, 5);
  before = vm_now().size;
  errno = 0;
  void *there = mremap(e, 4 * PAGE, 4 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, d + 2 * PAGE);
  after = vm_now().size;
  TT_CHECK("mremap.fixed_moves_there", there == d + 2 * PAGE && filled(there, 4 * PAGE, 5) && before - after == 16,
           "4 pages moved into the middle of 8: %s, VmSize %+ld kB",
           there == MAP_FAILED     ? tt_errno_name(errno)
           : there == d + 2 * PAGE ? "there"
                                   : "elsewhere",
           after - before);

  errno = 0;
  tt_expect_errno("mremap.unaligned_einval", (long)mremap(d + 1, PAGE, 2 * PAGE, MREMAP_MAYMOVE), EINVAL);
  tt_expect_errno("mremap.fixed_without_maymove_einval", (long)mremap(d, PAGE, PAGE, MREMAP_FIXED, d + 6 * PAGE),
                  EINVAL);
  tt_expect_errno("mremap.new_size_zero_einval", (long)mremap(d, PAGE, 0, MREMAP_MAYMOVE), EINVAL);
  tt_expect_errno("mremap.unknown_flag_einval", (long)mremap(d, PAGE, 2 * PAGE, 0x80), EINVAL);
  tt_expect_errno("mremap.fixed_overlap_einval",
                  (long)mremap(d, 2 * PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, d + PAGE), EINVAL);
  tt_expect_errno("mremap.old_size_zero_private_einval", (long)mremap(d, 0, PAGE, MREMAP_MAYMOVE), EINVAL);
  tt_expect_errno("mremap.unmapped_efault", (long)mremap(tt_unmapped_page(), PAGE, 2 * PAGE, MREMAP_MAYMOVE), EFAULT);
  char *f = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(f + 2 * PAGE, 2 * PAGE);
  tt_expect_errno("mremap.range_past_mapping_efault", (long)mremap(f, 4 * PAGE, 8 * PAGE, MREMAP_MAYMOVE), EFAULT);
}

/* brk(2) to an address no break can reach (past user space, where rounding
 * it up to a page would wrap around to 0) changes nothing. */
static void brk_far(void *arg) {
  (void)arg;
  char *now = sbrk(0);
  long raw = syscall(SYS_brk, ~0UL);
  void *block = malloc(1000); /* the program and its heap are still there */
  TT_CHECK("brk.past_user_space_returns_old_break", raw == (long)now && block != NULL,
           "brk(~0) = %#lx, the break is %p; malloc afterwards: %s", raw, (void *)now, block ? "a block" : "NULL");
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "--as-program") == 0) return as_program();
  tt_init(argc, argv);
  tt_run_in_child("rlimit.as.mappings", as_mappings, NULL, 60);
  tt_run_in_child("rlimit.as.break", as_break, NULL, 60);
  tt_run_in_child("rlimit.as.remap", as_remap, NULL, 60);
  tt_run_in_child("rlimit.as.fixed", as_fixed, NULL, 60);
  as_exec();
  as_stack();
  tt_run_in_child("rlimit.data.limits", data_limits, NULL, 60);
  tt_run_in_child("rlimit.data.zero_soft", data_zero_soft, NULL, 60);
  data_exec();
  tt_run_in_child("status.counts", vm_count_checks, NULL, 60);
  vm_counts_over_fork();
  tt_run_in_child("mremap.checks", remap_checks, NULL, 60);
  tt_run_in_child("brk.far", brk_far, NULL, 60);
  return tt_done();
}
