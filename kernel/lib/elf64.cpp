// ELF64 executable validation. The file is read field by field at the byte
// offsets of the ELF64 layout (System V gABI, "ELF Header" and "Program
// Header"), assembling little-endian values byte by byte: no struct is laid
// over the buffer, so a misaligned or short file cannot cause a bad read.
#include "kernel/lib/elf64.h"

#include "libc/include/bits/errno.h"

namespace elf {
namespace {

constexpr uint64_t kPageSize = 4096;
constexpr uint64_t kLowestAddress = 0x1000;  // page 0 stays unmapped so NULL faults

// ELF header (Elf64_Ehdr): 64 bytes.
constexpr size_t kEhdrSize = 64;
constexpr size_t EI_CLASS = 4, EI_DATA = 5, EI_VERSION = 6;
constexpr uint8_t ELFCLASS64 = 2, ELFDATA2LSB = 1, EV_CURRENT = 1;
constexpr size_t kOffType = 16, kOffMachine = 18, kOffVersion = 20, kOffEntry = 24, kOffPhoff = 32,
                 kOffPhentsize = 54, kOffPhnum = 56;
constexpr uint16_t ET_EXEC = 2;
constexpr uint16_t EM_X86_64 = 62;
constexpr uint16_t PN_XNUM = 0xffff;  // "the real count is elsewhere": not supported

// Program header (Elf64_Phdr): 56 bytes.
constexpr size_t kPhdrSize = 56;
constexpr size_t kOffPType = 0, kOffPFlags = 4, kOffPOffset = 8, kOffPVaddr = 16, kOffPFilesz = 32,
                 kOffPMemsz = 40;
constexpr uint32_t PT_LOAD = 1, PT_INTERP = 3, PT_PHDR = 6;

uint64_t load_le(const uint8_t* p, int bytes) {
  uint64_t value = 0;
  for (int i = bytes - 1; i >= 0; i--) value = (value << 8) | p[i];
  return value;
}
uint16_t load_u16(const uint8_t* p) { return static_cast<uint16_t>(load_le(p, 2)); }
uint32_t load_u32(const uint8_t* p) { return static_cast<uint32_t>(load_le(p, 4)); }
uint64_t load_u64(const uint8_t* p) { return load_le(p, 8); }

// [offset, offset + length) lies inside a buffer of `size` bytes.
bool range_inside(uint64_t offset, uint64_t length, uint64_t size) {
  return offset <= size && length <= size - offset;
}

bool header_is_loadable(const uint8_t* file, size_t size) {
  if (size < kEhdrSize) return false;
  if (file[0] != 0x7f || file[1] != 'E' || file[2] != 'L' || file[3] != 'F') return false;
  if (file[EI_CLASS] != ELFCLASS64 || file[EI_DATA] != ELFDATA2LSB) return false;
  if (file[EI_VERSION] != EV_CURRENT || load_u32(file + kOffVersion) != EV_CURRENT) return false;
  if (load_u16(file + kOffType) != ET_EXEC) return false;
  if (load_u16(file + kOffMachine) != EM_X86_64) return false;
  return true;
}

// Checks one PT_LOAD on its own; overlaps between segments are checked later.
bool segment_is_loadable(const Segment& s, size_t file_size, uint64_t user_top) {
  if (s.filesz > s.memsz) return false;
  if (!range_inside(s.file_offset, s.filesz, file_size)) return false;
  if (s.vaddr < kLowestAddress) return false;
  if (s.memsz > UINT64_MAX - s.vaddr) return false;  // vaddr + memsz would wrap
  if (s.vaddr + s.memsz > user_top) return false;
  // mmap-style loading maps file pages at page granularity, so a byte's
  // offset within its page must be the same in the file and in memory.
  if (s.vaddr % kPageSize != s.file_offset % kPageSize) return false;
  return true;
}

// Two segments must not touch a common page: the loader maps each page with
// one segment's permissions. Compared as inclusive page numbers, which cannot
// overflow (memsz > 0 here).
bool segments_share_a_page(const Segment& a, const Segment& b) {
  uint64_t a_first = a.vaddr / kPageSize, a_last = (a.vaddr + a.memsz - 1) / kPageSize;
  uint64_t b_first = b.vaddr / kPageSize, b_last = (b.vaddr + b.memsz - 1) / kPageSize;
  return a_first <= b_last && b_first <= a_last;
}

bool inside_segment(uint64_t address, const Segment& s) {
  return address >= s.vaddr && address - s.vaddr < s.memsz;
}

}  // namespace

int parse_executable(const uint8_t* file, size_t size, uint64_t user_top, Image* out) {
  if (!header_is_loadable(file, size)) return -ENOEXEC;

  uint64_t phoff = load_u64(file + kOffPhoff);
  uint16_t phentsize = load_u16(file + kOffPhentsize);
  uint16_t phnum = load_u16(file + kOffPhnum);
  if (phentsize != kPhdrSize || phnum == PN_XNUM) return -ENOEXEC;
  uint64_t phdrs_size = uint64_t{phnum} * kPhdrSize;  // at most 65535 * 56: no overflow
  if (!range_inside(phoff, phdrs_size, size)) return -ENOEXEC;

  out->entry = load_u64(file + kOffEntry);
  out->phdr_vaddr = 0;
  out->phnum = phnum;
  out->phentsize = phentsize;
  out->nsegments = 0;

  bool have_pt_phdr = false;
  for (uint16_t i = 0; i < phnum; i++) {
    const uint8_t* ph = file + phoff + uint64_t{i} * kPhdrSize;
    uint32_t type = load_u32(ph + kOffPType);
    if (type == PT_INTERP) return -ENOEXEC;  // wants a dynamic linker: Tether has none
    if (type == PT_PHDR && !have_pt_phdr) {
      have_pt_phdr = true;
      out->phdr_vaddr = load_u64(ph + kOffPVaddr);
    }
    if (type != PT_LOAD) continue;

    Segment s;
    s.vaddr = load_u64(ph + kOffPVaddr);
    s.memsz = load_u64(ph + kOffPMemsz);
    s.file_offset = load_u64(ph + kOffPOffset);
    s.filesz = load_u64(ph + kOffPFilesz);
    s.flags = load_u32(ph + kOffPFlags);
    if (!segment_is_loadable(s, size, user_top)) return -ENOEXEC;
    if (s.memsz == 0) continue;  // maps nothing
    if (out->nsegments == kMaxSegments) return -ENOEXEC;
    for (int j = 0; j < out->nsegments; j++) {
      if (segments_share_a_page(s, out->segments[j])) return -ENOEXEC;
    }
    out->segments[out->nsegments++] = s;
  }
  if (out->nsegments == 0) return -ENOEXEC;

  bool entry_is_executable = false;
  for (int j = 0; j < out->nsegments; j++) {
    const Segment& s = out->segments[j];
    if ((s.flags & PF_X) != 0 && inside_segment(out->entry, s)) entry_is_executable = true;
  }
  if (!entry_is_executable) return -ENOEXEC;

  // Without PT_PHDR, find the segment whose file bytes include the program
  // headers: they are then in memory at the same distance from its vaddr.
  if (!have_pt_phdr) {
    for (int j = 0; j < out->nsegments; j++) {
      const Segment& s = out->segments[j];
      if (phoff >= s.file_offset && phoff - s.file_offset <= s.filesz &&
          phdrs_size <= s.filesz - (phoff - s.file_offset)) {
        out->phdr_vaddr = s.vaddr + (phoff - s.file_offset);
        break;
      }
    }
  }
  return 0;
}

}  // namespace elf
