// Tests for kernel/lib/elf64: executables are built here field by field at
// the offsets of the ELF64 layout, then broken one rule at a time.
#include "kernel/lib/elf64.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "libc/include/bits/errno.h"
#include "tests/unit/exact_buffer.h"

namespace {

constexpr uint64_t kUserTop = 0x0000800000000000;  // the x86-64 user half
constexpr uint32_t PT_NULL = 0, PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3, PT_NOTE = 4, PT_PHDR = 6;
constexpr uint32_t PT_GNU_STACK = 0x6474e551;
constexpr uint32_t R = elf::PF_R, W = elf::PF_W, X = elf::PF_X;

struct Phdr {
  uint32_t type, flags;
  uint64_t offset, vaddr, filesz, memsz;
  uint64_t align = 0x1000;
};

// An ELF64 file: the header's fields, the program headers, and the size of
// the whole file. Defaults describe a valid static executable.
struct ElfBuilder {
  uint8_t magic[4] = {0x7f, 'E', 'L', 'F'};
  uint8_t ei_class = 2, ei_data = 1, ei_version = 1, ei_osabi = 0;
  uint16_t type = 2, machine = 62;
  uint32_t version = 1;
  uint64_t entry = 0x400100;
  uint64_t phoff = 64;
  uint16_t phentsize = 56;
  int phnum = -1;  // -1: phdrs.size()
  std::vector<Phdr> phdrs;
  size_t file_size = 0;  // 0: just large enough for the headers and every segment's file bytes

  std::vector<uint8_t> build() const {
    uint16_t count = phnum >= 0 ? static_cast<uint16_t>(phnum) : static_cast<uint16_t>(phdrs.size());
    size_t size = file_size;
    if (size == 0) {
      size = 64;
      if (phoff < 0x100000) size = std::max<size_t>(size, phoff + phdrs.size() * 56);
      for (const Phdr& p : phdrs)
        if (p.offset + p.filesz < 0x100000) size = std::max<size_t>(size, p.offset + p.filesz);
    }
    std::vector<uint8_t> f(size, 0);
    auto put = [&](uint64_t at, uint64_t value, int bytes) {
      for (int i = 0; i < bytes; i++)
        if (at + i < f.size()) f[at + i] = static_cast<uint8_t>(value >> (8 * i));
    };
    for (int i = 0; i < 4; i++) put(i, magic[i], 1);
    put(4, ei_class, 1);
    put(5, ei_data, 1);
    put(6, ei_version, 1);
    put(7, ei_osabi, 1);
    put(16, type, 2);
    put(18, machine, 2);
    put(20, version, 4);
    put(24, entry, 8);
    put(32, phoff, 8);
    put(40, 0, 8);  // e_shoff: no section headers
    put(48, 0, 4);  // e_flags
    put(52, 64, 2);  // e_ehsize
    put(54, phentsize, 2);
    put(56, count, 2);
    for (size_t i = 0; i < phdrs.size(); i++) {
      const Phdr& p = phdrs[i];
      uint64_t at = phoff + i * 56;
      if (at > f.size()) break;
      put(at + 0, p.type, 4);
      put(at + 4, p.flags, 4);
      put(at + 8, p.offset, 8);
      put(at + 16, p.vaddr, 8);
      put(at + 24, p.vaddr, 8);  // p_paddr
      put(at + 32, p.filesz, 8);
      put(at + 40, p.memsz, 8);
      put(at + 48, p.align, 8);
    }
    return f;
  }
};

// A small executable: text (with the headers in its first bytes) at 0x400000,
// data + bss at 0x401200, stack note. The file is 0x240 bytes, and its last
// byte belongs to the data segment, so any shorter prefix is not loadable.
ElfBuilder valid_executable() {
  ElfBuilder b;
  b.phdrs = {
      {PT_LOAD, R | X, 0, 0x400000, 0x200, 0x200},
      {PT_LOAD, R | W, 0x200, 0x401200, 0x40, 0x1000},
      {PT_GNU_STACK, R | W, 0, 0, 0, 0},
  };
  return b;
}

int parse(const std::vector<uint8_t>& bytes, elf::Image* image, uint64_t user_top = kUserTop) {
  ExactBuffer buffer(bytes);
  return elf::parse_executable(buffer.data(), buffer.size(), user_top, image);
}

int parse(const ElfBuilder& b, uint64_t user_top = kUserTop) {
  elf::Image image;
  return parse(b.build(), &image, user_top);
}

TEST(Elf64, ValidExecutableIsDescribed) {
  elf::Image image;
  std::vector<uint8_t> bytes = valid_executable().build();
  ASSERT_EQ(bytes.size(), 0x240u);
  ASSERT_EQ(parse(bytes, &image), 0);
  EXPECT_EQ(image.entry, 0x400100u);
  EXPECT_EQ(image.phnum, 3);
  EXPECT_EQ(image.phentsize, 56);
  ASSERT_EQ(image.nsegments, 2);
  EXPECT_EQ(image.segments[0].vaddr, 0x400000u);
  EXPECT_EQ(image.segments[0].memsz, 0x200u);
  EXPECT_EQ(image.segments[0].file_offset, 0u);
  EXPECT_EQ(image.segments[0].filesz, 0x200u);
  EXPECT_EQ(image.segments[0].flags, R | X);
  EXPECT_EQ(image.segments[1].vaddr, 0x401200u);
  EXPECT_EQ(image.segments[1].memsz, 0x1000u);
  EXPECT_EQ(image.segments[1].file_offset, 0x200u);
  EXPECT_EQ(image.segments[1].filesz, 0x40u);
  EXPECT_EQ(image.segments[1].flags, R | W);
  // No PT_PHDR: the headers are at file offset 64, inside the text segment.
  EXPECT_EQ(image.phdr_vaddr, 0x400040u);
}

TEST(Elf64, PtPhdrGivesTheProgramHeaderAddress) {
  ElfBuilder b = valid_executable();
  b.phdrs.insert(b.phdrs.begin(), Phdr{PT_PHDR, R, 64, 0x400040, 4 * 56, 4 * 56});
  elf::Image image;
  ASSERT_EQ(parse(b.build(), &image), 0);
  EXPECT_EQ(image.phdr_vaddr, 0x400040u);
  EXPECT_EQ(image.phnum, 4);
  EXPECT_EQ(image.nsegments, 2);
}

TEST(Elf64, ProgramHeadersOutsideEverySegmentGiveZero) {
  ElfBuilder b = valid_executable();
  b.phoff = 0x240;  // after the data segment's file bytes
  b.file_size = 0x240 + 3 * 56;
  elf::Image image;
  ASSERT_EQ(parse(b.build(), &image), 0);
  EXPECT_EQ(image.phdr_vaddr, 0u);
}

TEST(Elf64, ProgramHeadersPartlyInsideASegmentGiveZero) {
  ElfBuilder b = valid_executable();
  b.phoff = 0x200 + 0x40 - 56;  // the first header inside the data bytes, the rest beyond
  b.file_size = 0x400;
  elf::Image image;
  ASSERT_EQ(parse(b.build(), &image), 0);
  EXPECT_EQ(image.phdr_vaddr, 0u);
}

TEST(Elf64, OtherSegmentTypesAreIgnored) {
  ElfBuilder b = valid_executable();
  b.phdrs.push_back({PT_NOTE, R, 0x100, 0x400100, 0x20, 0x20});
  b.phdrs.push_back({PT_NULL, 0, 0, 0, 0, 0});
  b.phdrs.push_back({0x6fffffff, 0, 0xffffffffffff0000, 0, 0xffff, 0});  // nonsense in an unknown type
  EXPECT_EQ(parse(b), 0);
}

TEST(Elf64, ShorterThanTheHeaderIsRefused) {
  std::vector<uint8_t> bytes = valid_executable().build();
  for (size_t size : {0, 1, 4, 16, 63}) {
    ExactBuffer buffer(bytes, size);
    elf::Image image;
    EXPECT_EQ(elf::parse_executable(buffer.data(), size, kUserTop, &image), -ENOEXEC) << size;
  }
}

TEST(Elf64, BadMagicIsRefused) {
  for (int i = 0; i < 4; i++) {
    ElfBuilder b = valid_executable();
    b.magic[i] ^= 0x20;
    EXPECT_EQ(parse(b), -ENOEXEC) << i;
  }
}

TEST(Elf64, Not64BitClassIsRefused) {
  for (uint8_t c : {0, 1, 3}) {
    ElfBuilder b = valid_executable();
    b.ei_class = c;
    EXPECT_EQ(parse(b), -ENOEXEC) << int(c);
  }
}

TEST(Elf64, NotLittleEndianIsRefused) {
  for (uint8_t d : {0, 2, 3}) {
    ElfBuilder b = valid_executable();
    b.ei_data = d;
    EXPECT_EQ(parse(b), -ENOEXEC) << int(d);
  }
}

TEST(Elf64, BadVersionIsRefused) {
  ElfBuilder b = valid_executable();
  b.ei_version = 0;
  EXPECT_EQ(parse(b), -ENOEXEC);
  b = valid_executable();
  b.version = 2;
  EXPECT_EQ(parse(b), -ENOEXEC);
}

TEST(Elf64, AnyOsAbiIsAccepted) {
  ElfBuilder b = valid_executable();
  b.ei_osabi = 3;  // ELFOSABI_LINUX, as some toolchains write
  EXPECT_EQ(parse(b), 0);
}

TEST(Elf64, OtherMachinesAreRefused) {
  for (uint16_t m : {0, 3 /* EM_386 */, 40 /* EM_ARM */, 183 /* EM_AARCH64 */}) {
    ElfBuilder b = valid_executable();
    b.machine = m;
    EXPECT_EQ(parse(b), -ENOEXEC) << m;
  }
}

TEST(Elf64, OnlyEtExecIsAccepted) {
  for (uint16_t t : {0 /* ET_NONE */, 1 /* ET_REL */, 3 /* ET_DYN, static-PIE */, 4 /* ET_CORE */}) {
    ElfBuilder b = valid_executable();
    b.type = t;
    EXPECT_EQ(parse(b), -ENOEXEC) << t;
  }
}

TEST(Elf64, ProgramHeaderSizeMustBe56) {
  for (uint16_t size : {0, 32, 55, 57, 64}) {
    ElfBuilder b = valid_executable();
    b.phentsize = size;
    EXPECT_EQ(parse(b), -ENOEXEC) << size;
  }
}

TEST(Elf64, ProgramHeadersOutsideTheFileAreRefused) {
  ElfBuilder b = valid_executable();
  b.file_size = 0x240;
  b.phoff = 0x240 - 2 * 56;  // the third header would run past the end
  EXPECT_EQ(parse(b), -ENOEXEC);
  b.phoff = 0x241;
  EXPECT_EQ(parse(b), -ENOEXEC);
  for (uint64_t phoff : {0xffffffffffffffffull, 0xfffffffffffffff0ull, 0x8000000000000000ull}) {
    b.phoff = phoff;  // phoff + phnum * 56 would wrap
    EXPECT_EQ(parse(b), -ENOEXEC) << phoff;
  }
}

TEST(Elf64, TooManyProgramHeadersForTheFileAreRefused) {
  ElfBuilder b = valid_executable();
  b.phnum = 1000;
  EXPECT_EQ(parse(b), -ENOEXEC);
  b.phnum = 0xffff;  // PN_XNUM: extended numbering, not supported
  b.file_size = 64 + 0xffff * 56;
  EXPECT_EQ(parse(b), -ENOEXEC);
}

TEST(Elf64, InterpreterIsRefused) {
  ElfBuilder b = valid_executable();
  b.phdrs.push_back({PT_INTERP, R, 0x100, 0x400100, 0x1c, 0x1c});
  EXPECT_EQ(parse(b), -ENOEXEC);
  // Even before any PT_LOAD, and alongside PT_DYNAMIC.
  b = valid_executable();
  b.phdrs.insert(b.phdrs.begin(), Phdr{PT_INTERP, R, 0x100, 0x400100, 0x1c, 0x1c});
  b.phdrs.push_back({PT_DYNAMIC, R | W, 0x200, 0x401200, 0x10, 0x10});
  EXPECT_EQ(parse(b), -ENOEXEC);
}

TEST(Elf64, NoLoadSegmentIsRefused) {
  ElfBuilder b = valid_executable();
  b.phdrs = {{PT_NOTE, R, 0x100, 0x400100, 0x20, 0x20}};
  b.entry = 0x400100;
  EXPECT_EQ(parse(b), -ENOEXEC);
  b.phdrs.clear();  // phnum 0
  EXPECT_EQ(parse(b), -ENOEXEC);
}

TEST(Elf64, EmptyLoadSegmentsAreCheckedButNotListed) {
  ElfBuilder b = valid_executable();
  b.phdrs.push_back({PT_LOAD, R, 0x240, 0x500240, 0, 0});
  elf::Image image;
  ASSERT_EQ(parse(b.build(), &image), 0);
  EXPECT_EQ(image.nsegments, 2);
  // Checked all the same: an empty segment at address 0 is refused.
  b.phdrs.back().vaddr = 0;
  b.phdrs.back().offset = 0;
  EXPECT_EQ(parse(b), -ENOEXEC);
  // And only empty ones mean "no PT_LOAD".
  b.phdrs = {{PT_LOAD, R | X, 0, 0x400000, 0, 0}};
  b.entry = 0x400000;
  EXPECT_EQ(parse(b), -ENOEXEC);
}

// n text-like segments, one page apart.
ElfBuilder with_load_segments(int n) {
  ElfBuilder b;
  b.entry = 0x400000;
  for (int i = 0; i < n; i++) {
    uint64_t page = static_cast<uint64_t>(i) * 0x1000;
    b.phdrs.push_back({PT_LOAD, R | X, page, 0x400000 + page, 0x10, 0x10});
  }
  return b;
}

TEST(Elf64, AtMostSixteenLoadSegments) {
  elf::Image image;
  ASSERT_EQ(parse(with_load_segments(elf::kMaxSegments).build(), &image), 0);
  EXPECT_EQ(image.nsegments, elf::kMaxSegments);
  EXPECT_EQ(image.segments[15].vaddr, 0x40f000u);
  EXPECT_EQ(parse(with_load_segments(elf::kMaxSegments + 1)), -ENOEXEC);
}

TEST(Elf64, FileSizeAboveMemorySizeIsRefused) {
  ElfBuilder b = valid_executable();
  b.phdrs[1].memsz = 0x3f;  // filesz is 0x40
  EXPECT_EQ(parse(b), -ENOEXEC);
  b.phdrs[1].memsz = 0x40;  // equal is fine
  EXPECT_EQ(parse(b), 0);
}

TEST(Elf64, SegmentFileBytesOutsideTheFileAreRefused) {
  ElfBuilder b = valid_executable();
  b.file_size = 0x240;
  b.phdrs[1].filesz = 0x41;  // one byte past the end
  b.phdrs[1].memsz = 0x1000;
  EXPECT_EQ(parse(b), -ENOEXEC);

  b = valid_executable();
  b.file_size = 0x240;
  b.phdrs[1].offset = 0x1200;  // starts past the end (same page offset as vaddr)
  EXPECT_EQ(parse(b), -ENOEXEC);

  // offset + filesz wraps around 2^64 back into the file.
  b = valid_executable();
  b.file_size = 0x240;
  b.phdrs[1].offset = 0xfffffffffffff200;
  b.phdrs[1].filesz = 0x1000;
  b.phdrs[1].memsz = 0x1000;
  EXPECT_EQ(parse(b), -ENOEXEC);
}

TEST(Elf64, FileSizeZeroMayStartAtTheEndOfTheFile) {
  ElfBuilder b = valid_executable();
  b.phdrs.push_back({PT_LOAD, R | W, 0x240, 0x600240, 0, 0x100});  // pure bss
  EXPECT_EQ(parse(b), 0);
}

TEST(Elf64, AddressRangeMustFitTheUserHalf) {
  ElfBuilder b = valid_executable();
  // Ending exactly at user_top is fine, one byte more is not.
  b.phdrs[1].vaddr = kUserTop - 0x1000 + 0x200;
  b.phdrs[1].memsz = 0xe00;
  EXPECT_EQ(parse(b), 0);
  b.phdrs[1].memsz = 0xe01;
  EXPECT_EQ(parse(b), -ENOEXEC);
  // Entirely above user_top: a kernel address.
  b.phdrs[1].vaddr = 0xffffffff80000200;
  b.phdrs[1].memsz = 0x1000;
  EXPECT_EQ(parse(b), -ENOEXEC);
  // vaddr + memsz wraps around 2^64 to a small number.
  b.phdrs[1].vaddr = 0xfffffffffffff200;
  b.phdrs[1].memsz = 0x2000;
  EXPECT_EQ(parse(b), -ENOEXEC);
  b.phdrs[1].memsz = 0xffffffffffffffff;
  b.phdrs[1].vaddr = 0x401200;
  EXPECT_EQ(parse(b), -ENOEXEC);
  // A smaller user_top given by the caller is obeyed.
  EXPECT_EQ(parse(valid_executable(), 0x401000), -ENOEXEC);
  EXPECT_EQ(parse(valid_executable(), 0x402200), 0);
}

TEST(Elf64, PageZeroIsRefused) {
  for (uint64_t vaddr : {0x0ull, 0x200ull, 0xfffull}) {
    ElfBuilder b;
    b.entry = vaddr;
    b.phdrs = {{PT_LOAD, R | X, vaddr % 0x1000, vaddr, 0x1, 0x1}};
    EXPECT_EQ(parse(b), -ENOEXEC) << vaddr;
  }
  ElfBuilder b;
  b.entry = 0x1000;
  b.phdrs = {{PT_LOAD, R | X, 0, 0x1000, 0x100, 0x100}};
  EXPECT_EQ(parse(b), 0);
}

TEST(Elf64, PageOffsetOfAddressAndFileMustAgree) {
  ElfBuilder b = valid_executable();
  b.phdrs[1].vaddr = 0x401000;  // file offset 0x200, address offset 0
  EXPECT_EQ(parse(b), -ENOEXEC);
  b.phdrs[1].vaddr = 0x401201;
  EXPECT_EQ(parse(b), -ENOEXEC);
}

TEST(Elf64, SegmentsSharingAPageAreRefused) {
  ElfBuilder b = valid_executable();
  b.phdrs[1].vaddr = 0x400200;  // right after the text, in the same page
  EXPECT_EQ(parse(b), -ENOEXEC);

  b = valid_executable();
  b.phdrs[1].vaddr = 0x3ff200;  // before the text, its bss running into text's page
  b.phdrs[1].memsz = 0xe01;
  EXPECT_EQ(parse(b), -ENOEXEC);
  b.phdrs[1].memsz = 0xe00;  // ends exactly where the text's page starts
  EXPECT_EQ(parse(b), 0);

  b = valid_executable();
  b.phdrs.push_back(b.phdrs[0]);  // the same segment twice
  EXPECT_EQ(parse(b), -ENOEXEC);

  b = valid_executable();
  b.phdrs[1].vaddr = 0x300200;  // one big segment that contains the text entirely
  b.phdrs[1].memsz = 0x200000;
  EXPECT_EQ(parse(b), -ENOEXEC);
}

TEST(Elf64, EntryMustBeInAnExecutableSegment) {
  ElfBuilder b = valid_executable();
  b.entry = 0x401200;  // in the data segment
  EXPECT_EQ(parse(b), -ENOEXEC);
  b.entry = 0x400200;  // one past the text's end
  EXPECT_EQ(parse(b), -ENOEXEC);
  b.entry = 0x3fffff;  // one before its start
  EXPECT_EQ(parse(b), -ENOEXEC);
  b.entry = 0;
  EXPECT_EQ(parse(b), -ENOEXEC);
  b.entry = 0x4001ff;  // the last byte
  EXPECT_EQ(parse(b), 0);
  b.entry = 0x400000;  // the first byte
  EXPECT_EQ(parse(b), 0);

  b = valid_executable();
  b.phdrs[0].flags = R;  // no segment is executable
  EXPECT_EQ(parse(b), -ENOEXEC);
}

// Cut a valid executable at every byte: every prefix lacks some segment's
// bytes, so each must be refused, without any read past the cut.
TEST(Elf64, TruncationAtEveryOffsetIsRefused) {
  std::vector<uint8_t> full = valid_executable().build();
  for (size_t cut = 0; cut < full.size(); cut++) {
    ExactBuffer buffer(full, cut);
    elf::Image image;
    EXPECT_EQ(elf::parse_executable(buffer.data(), cut, kUserTop, &image), -ENOEXEC) << "cut at " << cut;
  }
}

// Overwrite each byte of the headers with hostile values. Whatever passes
// must still satisfy every promise of the contract.
TEST(Elf64, CorruptingAnyHeaderByteKeepsTheContract) {
  ElfBuilder builder = valid_executable();
  builder.phdrs.insert(builder.phdrs.begin(), Phdr{PT_PHDR, R, 64, 0x400040, 4 * 56, 4 * 56});
  std::vector<uint8_t> full = builder.build();
  size_t headers_end = 64 + 4 * 56;
  for (size_t i = 0; i < headers_end; i++) {
    for (uint8_t value : {0x00, 0x01, 0x10, 0x40, 0x7f, 0x80, 0xff}) {
      std::vector<uint8_t> bytes = full;
      bytes[i] = value;
      elf::Image image;
      int r = parse(bytes, &image);
      ASSERT_TRUE(r == 0 || r == -ENOEXEC);
      if (r != 0) continue;
      ASSERT_GE(image.nsegments, 1);
      ASSERT_LE(image.nsegments, elf::kMaxSegments);
      bool entry_ok = false;
      for (int s = 0; s < image.nsegments; s++) {
        const elf::Segment& seg = image.segments[s];
        EXPECT_LE(seg.filesz, seg.memsz);
        EXPECT_LE(seg.file_offset + seg.filesz, bytes.size());
        EXPECT_GE(seg.vaddr, 0x1000u);
        EXPECT_LE(seg.vaddr + seg.memsz, kUserTop);
        EXPECT_EQ(seg.vaddr % 4096, seg.file_offset % 4096);
        if ((seg.flags & X) && image.entry >= seg.vaddr && image.entry < seg.vaddr + seg.memsz) entry_ok = true;
      }
      EXPECT_TRUE(entry_ok) << "byte " << i;
    }
  }
}

}  // namespace
