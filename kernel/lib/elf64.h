// Validation of a static x86-64 ELF executable before exec loads it.
//
// Contract: the file is untrusted (any user can exec any file they wrote).
// parse_executable reads only inside [file, file + size), checks every offset
// and size with overflow-safe arithmetic, and accepts only what the loader can
// map without further checks: PT_LOAD segments that lie inside the file and
// inside [0x1000, user_top), do not share a page, and whose file offset and
// address agree modulo the page size. The loader then copies
// file[file_offset, file_offset + filesz) to vaddr and zeroes up to memsz.
// user_top is expected to be page-aligned.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace elf {

constexpr int kMaxSegments = 16;

// Segment permission flags (p_flags).
constexpr uint32_t PF_X = 1;
constexpr uint32_t PF_W = 2;
constexpr uint32_t PF_R = 4;

struct Segment {
  uint64_t vaddr, memsz, file_offset, filesz;
  uint32_t flags;  // PF_X | PF_W | PF_R
};

struct Image {
  uint64_t entry;
  // Where the program headers are in memory, for the AT_PHDR auxv entry:
  // PT_PHDR's address if there is one (taken as given: the kernel never reads
  // through it), else their address inside the PT_LOAD that holds them in the
  // file, else 0.
  uint64_t phdr_vaddr;
  uint16_t phnum, phentsize;
  int nsegments;
  Segment segments[kMaxSegments];  // the PT_LOAD segments, in file order
};

// 0 on success, *out filled. -ENOEXEC for anything not loadable (then *out is
// unspecified): bad magic, class (not ELFCLASS64), data (not LSB) or version;
// machine not EM_X86_64; type not ET_EXEC (static-PIE is ET_DYN: Tether loads
// fixed-address executables only); phentsize != 56; program headers outside
// the file; PT_INTERP present; no PT_LOAD; more than kMaxSegments PT_LOADs;
// filesz > memsz; file range outside the file; vaddr + memsz overflowing,
// above user_top or vaddr below 0x1000; vaddr % 4096 != file_offset % 4096;
// two PT_LOADs touching a common page; entry not inside an executable segment.
// A PT_LOAD with memsz 0 maps nothing: it is checked like the others but not
// listed in segments (and does not count as "a PT_LOAD").
int parse_executable(const uint8_t* file, size_t size, uint64_t user_top, Image* out);

}  // namespace elf
