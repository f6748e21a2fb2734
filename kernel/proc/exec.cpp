// execve(2): replace the current program with a static ELF executable.
//
// Everything that can fail happens before the point of no return: the file
// is read and checked, the new address space is built and its stack filled,
// and checked against RLIMIT_AS and RLIMIT_DATA. Only then is the old
// address space dropped, so a failed execve returns an error to a process
// that is still intact. (Linux maps the new image after its point of no
// return: an image past those limits kills the process with SIGSEGV there;
// here execve fails with ENOMEM.)
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/layout.h"
#include "arch/x86_64/paging.h"
#include "kernel/fs/fd_table.h"
#include "kernel/fs/file.h"
#include "kernel/fs/path_walk.h"
#include "kernel/lib/elf64.h"
#include "kernel/lib/string.h"
#include "kernel/mm/address_space.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/uaccess.h"
#include "kernel/proc/process.h"
#include "kernel/proc/scheduler.h"
#include "kernel/time.h"

namespace proc {
namespace {
constexpr uint64_t kPage = layout::kPageSize;
uint64_t round_down(uint64_t a) { return a & ~(kPage - 1); }
uint64_t round_up(uint64_t a) { return (a + kPage - 1) & ~(kPage - 1); }

// Auxiliary vector keys (Linux's <elf.h>): what a C runtime may ask of the kernel.
enum : uint64_t { AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7,
                  AT_FLAGS = 8, AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14,
                  AT_PLATFORM = 15, AT_HWCAP = 16, AT_CLKTCK = 17, AT_SECURE = 23, AT_RANDOM = 25,
                  AT_EXECFN = 31 };

uint32_t prot_from_elf_flags(uint32_t flags) {
  return ((flags & 4) ? mm::kProtRead : 0) | ((flags & 2) ? mm::kProtWrite : 0) | ((flags & 1) ? mm::kProtExec : 0);
}

// Maps the segments; the heap starts above the highest. Linux's
// start_data and end_data (load_elf_binary) are the highest segment start
// and the highest end of file bytes: brk counts the bytes between them with
// the heap against RLIMIT_DATA.
KStatus load_segments(mm::AddressSpace* as, const uint8_t* file, const elf::Image& image) {
  uint64_t highest = 0, start_data = 0, end_data = 0;
  for (int i = 0; i < image.nsegments; i++) {
    const elf::Segment& s = image.segments[i];
    uint64_t start = round_down(s.vaddr);
    uint64_t end = round_up(s.vaddr + s.memsz);
    TRY(as->add_region(start, end - start, prot_from_elf_flags(s.flags)));
    // File bytes are copied now; the rest (.bss) is zero-filled on first touch.
    TRY(as->write(s.vaddr, file + s.file_offset, s.filesz));
    if (end > highest) highest = end;
    if (s.vaddr > start_data) start_data = s.vaddr;
    if (s.vaddr + s.filesz > end_data) end_data = s.vaddr + s.filesz;
  }
  as->set_program_break(highest, end_data > start_data ? end_data - start_data : 0);
  return ok();
}

// The initial stack, as the System V x86-64 ABI describes it (from rsp up):
// argc, argv[], NULL, envp[], NULL, auxv pairs, AT_NULL; then the strings.
KResult<uint64_t> build_stack(mm::AddressSpace* as, const char* path, char* const* argv, size_t argc,
                              char* const* envp, size_t envc, const elf::Image& image, const Credentials& cred) {
  // The stack's size comes from RLIMIT_STACK (resource_limits.h).
  uint64_t stack_size = proc::stack_region_size(proc::current());
  TRY(as->add_region(layout::kUserStackTop - stack_size, stack_size, mm::kProtRead | mm::kProtWrite, true));
  size_t strings = strlen(path) + 1 + 7 /* "x86_64" */ + 16 /* AT_RANDOM bytes */;
  for (size_t i = 0; i < argc; i++) strings += strlen(argv[i]) + 1;
  for (size_t i = 0; i < envc; i++) strings += strlen(envp[i]) + 1;
  constexpr size_t kAuxWords = 2 * 18;
  size_t words = 1 + argc + 1 + envc + 1 + kAuxWords;
  size_t total = round_up(strings + 16) + words * 8 + 16;
  if (total > stack_size / 2) return KError{E2BIG};

  auto* image_buf = static_cast<uint8_t*>(kzalloc(total));
  if (!image_buf) return KError{ENOMEM};
  uint64_t base = (layout::kUserStackTop - total) & ~15ull;  // user address of image_buf[0]
  // Strings go at the top of the block, pointers at the bottom.
  size_t str_off = total;
  auto put_string = [&](const char* s) {
    size_t n = strlen(s) + 1;
    str_off -= n;
    memcpy(image_buf + str_off, s, n);
    return base + str_off;
  };
  uint64_t execfn = put_string(path);
  uint64_t platform = put_string("x86_64");
  str_off -= 16;
  uint64_t random = base + str_off;
  for (int i = 0; i < 16; i++) image_buf[str_off + i] = uint8_t(cpu::rdtsc() >> (i % 8));

  auto* words_out = reinterpret_cast<uint64_t*>(image_buf);
  size_t w = 0;
  words_out[w++] = argc;
  uint64_t* argv_slots = &words_out[w];
  w += argc;
  words_out[w++] = 0;
  uint64_t* envp_slots = &words_out[w];
  w += envc;
  words_out[w++] = 0;
  for (size_t i = 0; i < argc; i++) argv_slots[i] = put_string(argv[i]);
  for (size_t i = 0; i < envc; i++) envp_slots[i] = put_string(envp[i]);
  const uint64_t aux[][2] = {
      {AT_PHDR, image.phdr_vaddr}, {AT_PHENT, image.phentsize}, {AT_PHNUM, image.phnum},
      {AT_PAGESZ, kPage}, {AT_BASE, 0}, {AT_FLAGS, 0}, {AT_ENTRY, image.entry},
      {AT_UID, cred.uid}, {AT_EUID, cred.euid}, {AT_GID, cred.gid}, {AT_EGID, cred.egid},
      {AT_PLATFORM, platform}, {AT_HWCAP, 0}, {AT_CLKTCK, time::kTickHz}, {AT_SECURE, (cred.euid != cred.uid || cred.egid != cred.gid) ? 1u : 0u},
      {AT_RANDOM, random}, {AT_EXECFN, execfn}, {AT_NULL, 0}};
  for (const auto& pair : aux) {
    words_out[w++] = pair[0];
    words_out[w++] = pair[1];
  }
  KStatus written = as->write(base, image_buf, total);
  kfree(image_buf);
  TRY(written);
  return base;  // rsp: 16-byte aligned, pointing at argc
}

// argv as /proc/<pid>/cmdline shows it: each string and its NUL, back to
// back. nullptr when memory is exhausted.
char* join_arguments(char* const* argv, size_t argc, size_t* length) {
  size_t total = 0;
  for (size_t i = 0; i < argc; i++) total += strlen(argv[i]) + 1;
  auto* joined = static_cast<char*>(kmalloc(total ? total : 1));
  if (!joined) return nullptr;
  size_t at = 0;
  for (size_t i = 0; i < argc; i++) {
    size_t n = strlen(argv[i]) + 1;
    memcpy(joined + at, argv[i], n);
    at += n;
  }
  *length = total;
  return joined;
}

const char* basename(const char* path) {
  const char* name = path;
  for (const char* c = path; *c; c++)
    if (*c == '/' && c[1]) name = c + 1;
  return name;
}
}  // namespace

KStatus execve(const char* path, char* const* argv, size_t argc, char* const* envp, size_t envc) {
  Process* self = current();
  fs::File* file = TRY(fs::open_executable(path));
  size_t size = file->size();
  constexpr uint32_t kSetUid = 04000, kSetGid = 02000;
  uint32_t file_permissions = file->inode()->permissions;
  uint32_t file_uid = file->inode()->uid, file_gid = file->inode()->gid;
  uint8_t* contents = static_cast<uint8_t*>(kmalloc(size ? size : 1));
  if (!contents) {
    file->unref();
    return KError{ENOMEM};
  }
  KResult<size_t> got = file->pread(IoBuffer::kernel(contents), size, 0);
  file->unref();
  auto fail = [&](int err) {
    kfree(contents);
    return KError{err};
  };
  if (got.is_error()) return fail(got.error());
  if (got.value() != size) return fail(EIO);

  elf::Image image;
  if (elf::parse_executable(contents, size, layout::kUserTop, &image) < 0) return fail(ENOEXEC);
  // Set-user-ID and set-group-ID programs run with the file owner's ids
  // (execve(2)); the saved ids take the new effective ones. Computed now,
  // because the auxiliary vector tells the program (AT_EUID, AT_SECURE).
  Credentials cred = self->cred;
  if (file_permissions & kSetUid) cred.euid = file_uid;
  if (file_permissions & kSetGid) cred.egid = file_gid;
  cred.suid = cred.euid;
  cred.sgid = cred.egid;
  mm::AddressSpace* as = mm::AddressSpace::create();
  if (!as) return fail(ENOMEM);
  KStatus loaded = load_segments(as, contents, image);
  KResult<uint64_t> sp = loaded.is_error() ? KResult<uint64_t>(KError{loaded.error()})
                                           : build_stack(as, path, argv, argc, envp, envc, image, cred);
  kfree(contents);
  if (sp.is_error()) {
    delete as;
    return KError{sp.error()};
  }
  // The whole stack region counts at once: Tether reserves it at execve
  // (RLIMIT_STACK), where Linux's stack grows on demand.
  if (!as->fits(memory_limits(self))) {
    delete as;
    return KError{ENOMEM};
  }
  size_t cmdline_length = 0;
  char* cmdline = join_arguments(argv, argc, &cmdline_length);
  if (!cmdline) {
    delete as;
    return KError{ENOMEM};
  }

  // The point of no return.
  mm::AddressSpace* old = self->address_space;
  self->address_space = as;
  paging::activate(as->root());
  retire_address_space(self, old);  // ru_maxrss keeps the old program's peak, as Linux
  delete old;
  self->is_kernel_thread = false;
  self->has_exec = true;
  self->cred = cred;
  strlcpy(self->name, basename(path), sizeof self->name);
  kfree(self->cmdline);
  self->cmdline = cmdline;
  self->cmdline_length = cmdline_length;
  self->files->close_on_exec();
  signal::reset_on_exec(self->signals);
  self->fs_base = 0;
  self->gs_base = 0;
  cpu::wrmsr(cpu::kMsrFsBase, 0);
  memcpy(self->fpu_state, scheduler::idle_process()->fpu_state, sizeof self->fpu_state);
  asm volatile("fxrstor64 %0" ::"m"(self->fpu_state));

  TrapFrame* frame = self->user_frame();
  memset(frame, 0, sizeof *frame);
  frame->rip = image.entry;
  frame->rsp = sp.value();
  frame->cs = gdt::kUserCode;
  frame->ss = gdt::kUserData;
  frame->rflags = 0x202;  // interrupts on
  return ok();
}
}  // namespace proc
