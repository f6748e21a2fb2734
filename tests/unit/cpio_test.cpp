// Tests for kernel/lib/cpio: the initrd reader, on archives built here byte
// by byte (no binary fixtures), valid ones and hostile ones.
#include "kernel/lib/cpio.h"

#include <gtest/gtest.h>
#include <stdio.h>

#include <string>
#include <vector>

#include "libc/include/bits/errno.h"
#include "tests/unit/exact_buffer.h"

namespace {

constexpr uint32_t kRegularFile = 0100000;
constexpr uint32_t kDirectory = 0040000;
constexpr uint32_t kSymlink = 0120000;

// The 13 header fields of a newc entry, in order; tests change any of them.
struct Header {
  std::string magic = "070701";
  uint32_t ino = 1, mode = kRegularFile | 0644, uid = 0, gid = 0, nlink = 1, mtime = 0;
  uint32_t filesize = 0, devmajor = 0, devminor = 0, rdevmajor = 0, rdevminor = 0;
  uint32_t namesize = 0, check = 0;
};

// Builds newc archives. Padding is to a multiple of 4 from the start of the
// whole buffer, as in the format (and in Linux's reader).
class ArchiveBuilder {
 public:
  void header(const Header& h) {
    append(h.magic);
    for (uint32_t field : {h.ino, h.mode, h.uid, h.gid, h.nlink, h.mtime, h.filesize, h.devmajor,
                           h.devminor, h.rdevmajor, h.rdevminor, h.namesize, h.check}) {
      char text[9];
      snprintf(text, sizeof text, "%08X", field);
      append(text);
    }
  }

  // A well-formed entry.
  ArchiveBuilder& entry(const std::string& name, uint32_t mode, const std::string& data = "",
                        Header h = Header{}) {
    h.mode = mode;
    h.namesize = static_cast<uint32_t>(name.size() + 1);
    h.filesize = static_cast<uint32_t>(data.size());
    header(h);
    append(name);
    bytes.push_back(0);
    pad();
    append(data);
    pad();
    return *this;
  }
  ArchiveBuilder& file(const std::string& name, const std::string& data) { return entry(name, kRegularFile | 0644, data); }
  ArchiveBuilder& trailer() { return entry("TRAILER!!!", 0); }
  ArchiveBuilder& zeros(size_t n) {
    bytes.insert(bytes.end(), n, 0);
    return *this;
  }
  ArchiveBuilder& pad_to(size_t multiple) {
    while (bytes.size() % multiple != 0) bytes.push_back(0);
    return *this;
  }

  void append(const std::string& s) { bytes.insert(bytes.end(), s.begin(), s.end()); }
  void pad() { pad_to(4); }

  std::vector<uint8_t> bytes;
};

struct Seen {
  std::string name;
  uint32_t mode;
  std::string data;
  bool operator==(const Seen&) const = default;
};

// Reads until the reader stops; returns its final result (0 or -EINVAL).
int read_all(const uint8_t* data, size_t size, std::vector<Seen>* seen) {
  cpio::Reader reader(data, size);
  cpio::Entry e;
  int r;
  while ((r = reader.next(&e)) == 1) {
    // Every name is NUL-terminated right after name_len: the VFS may rely on it.
    EXPECT_EQ(e.name[e.name_len], '\0');
    seen->push_back({std::string(e.name, e.name_len), e.mode,
                     std::string(reinterpret_cast<const char*>(e.data), e.size)});
    if (seen->size() > 10000) {
      ADD_FAILURE() << "reader does not terminate";
      return 1;
    }
  }
  return r;
}

int read_all(const std::vector<uint8_t>& bytes, std::vector<Seen>* seen) {
  ExactBuffer buffer(bytes);
  return read_all(buffer.data(), buffer.size(), seen);
}

// The first entry's result, for archives that should fail at once.
int first_result(const std::vector<uint8_t>& bytes) {
  ExactBuffer buffer(bytes);
  cpio::Reader reader(buffer.data(), buffer.size());
  cpio::Entry e;
  return reader.next(&e);
}

// One entry whose header the test has written, with the given name bytes and data.
std::vector<uint8_t> raw_entry(const Header& h, const std::string& name_bytes, const std::string& data) {
  ArchiveBuilder b;
  b.header(h);
  b.append(name_bytes);
  b.pad();
  b.append(data);
  b.pad();
  b.trailer();
  return b.bytes;
}

std::vector<uint8_t> small_valid_archive() {
  ArchiveBuilder b;
  b.entry(".", kDirectory | 0755);
  b.entry("bin", kDirectory | 0755);
  b.file("bin/hello", "hello, world\n");
  b.entry("bin/sh", kSymlink | 0777, "hello");
  b.file("empty", "");
  b.trailer();
  return b.bytes;
}

TEST(Cpio, EmptyBufferIsEnd) {
  cpio::Reader null_reader(nullptr, 0);
  cpio::Entry e;
  EXPECT_EQ(null_reader.next(&e), 0);
  EXPECT_EQ(first_result({}), 0);
}

TEST(Cpio, BufferOfZerosIsEnd) { EXPECT_EQ(first_result(std::vector<uint8_t>(1024, 0)), 0); }

TEST(Cpio, ReadsEveryFieldOfAnEntry) {
  Header h;
  h.uid = 1000;
  h.gid = 100;
  h.nlink = 3;
  h.mtime = 0x65432100;
  ArchiveBuilder b;
  b.entry("etc/motd", kRegularFile | 0640, "welcome\n", h).trailer();
  ExactBuffer buffer(b.bytes);
  cpio::Reader reader(buffer.data(), buffer.size());
  cpio::Entry e;
  ASSERT_EQ(reader.next(&e), 1);
  EXPECT_EQ(std::string(e.name, e.name_len), "etc/motd");
  EXPECT_EQ(e.mode, kRegularFile | 0640);
  EXPECT_EQ(e.uid, 1000u);
  EXPECT_EQ(e.gid, 100u);
  EXPECT_EQ(e.nlink, 3u);
  EXPECT_EQ(e.mtime, 0x65432100u);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(e.data), e.size), "welcome\n");
  // The entry points into the archive, it is not a copy.
  EXPECT_GE(e.data, buffer.data());
  EXPECT_LE(e.data + e.size, buffer.data() + buffer.size());
  EXPECT_EQ(reader.next(&e), 0);
}

TEST(Cpio, ReadsDirectoriesFilesAndSymlinksInOrder) {
  std::vector<Seen> seen;
  EXPECT_EQ(read_all(small_valid_archive(), &seen), 0);
  std::vector<Seen> expected = {
      {"", kDirectory | 0755, ""},
      {"bin", kDirectory | 0755, ""},
      {"bin/hello", kRegularFile | 0644, "hello, world\n"},
      {"bin/sh", kSymlink | 0777, "hello"},
      {"empty", kRegularFile | 0644, ""},
  };
  EXPECT_EQ(seen, expected);
}

TEST(Cpio, StripsLeadingDotSlashAndSlash) {
  ArchiveBuilder b;
  for (const char* name : {"./bin/sh", "/etc", ".", "./", ".//./x", "/", "..foo", ".hidden", "./.profile", "a/./b"})
    b.file(name, "");
  b.trailer();
  std::vector<Seen> seen;
  ASSERT_EQ(read_all(b.bytes, &seen), 0);
  std::vector<std::string> names;
  for (const Seen& s : seen) names.push_back(s.name);
  EXPECT_EQ(names, (std::vector<std::string>{"bin/sh", "etc", "", "", "x", "", "..foo", ".hidden", ".profile", "a/./b"}));
}

TEST(Cpio, TrailerIsNotReturnedAndEndIsSticky) {
  ArchiveBuilder b;
  b.file("a", "1").trailer();
  ExactBuffer buffer(b.bytes);
  cpio::Reader reader(buffer.data(), buffer.size());
  cpio::Entry e;
  EXPECT_EQ(reader.next(&e), 1);
  EXPECT_EQ(reader.next(&e), 0);
  EXPECT_EQ(reader.next(&e), 0);
}

TEST(Cpio, AcceptsMagic070702WithChecksum) {
  Header h;
  h.magic = "070702";
  h.check = 0x31;  // the sum of the data bytes; not verified, but accepted
  ArchiveBuilder b;
  b.entry("crc", kRegularFile | 0600, "1", h).trailer();
  std::vector<Seen> seen;
  EXPECT_EQ(read_all(b.bytes, &seen), 0);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].data, "1");
}

TEST(Cpio, AcceptsLowercaseHex) {
  ArchiveBuilder b;
  b.header(Header{.mode = 0x81a4, .filesize = 0xa, .namesize = 2});
  // Rewrite the mode field ("000081A4") in lowercase.
  b.bytes[6 + 8 * 1 + 6] = 'a';
  b.append(std::string("f\0", 2));
  b.pad();
  b.append("0123456789");
  b.pad();
  b.trailer();
  std::vector<Seen> seen;
  EXPECT_EQ(read_all(b.bytes, &seen), 0);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].mode, 0x81a4u);
  EXPECT_EQ(seen[0].data, "0123456789");
}

TEST(Cpio, ConcatenatedArchivesWithZeroPadding) {
  ArchiveBuilder b;
  b.file("first", "1").trailer().pad_to(512);  // as cpio(1) writes it
  b.file("second", "22").trailer();             // directly after, no padding
  b.file("third", "333").trailer().zeros(4 * 1000);
  std::vector<Seen> seen;
  EXPECT_EQ(read_all(b.bytes, &seen), 0);
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].name, "first");
  EXPECT_EQ(seen[1].name, "second");
  EXPECT_EQ(seen[2].name, "third");
  EXPECT_EQ(seen[2].data, "333");
}

TEST(Cpio, ZerosBeforeTheFirstArchiveAreSkipped) {
  ArchiveBuilder b;
  b.zeros(16).file("a", "x").trailer();
  std::vector<Seen> seen;
  EXPECT_EQ(read_all(b.bytes, &seen), 0);
  EXPECT_EQ(seen.size(), 1u);
}

TEST(Cpio, ArchiveStartingMisalignedAfterPaddingIsInvalid) {
  ArchiveBuilder b;
  b.file("a", "x").trailer().zeros(3);
  b.file("b", "y").trailer();  // at an offset that is 3 mod 4
  std::vector<Seen> seen;
  EXPECT_EQ(read_all(b.bytes, &seen), -EINVAL);
  EXPECT_EQ(seen.size(), 1u);
}

TEST(Cpio, GarbageAfterTrailerIsInvalid) {
  ArchiveBuilder b;
  b.file("a", "x").trailer();
  b.append("junk");
  std::vector<Seen> seen;
  EXPECT_EQ(read_all(b.bytes, &seen), -EINVAL);
  EXPECT_EQ(seen.size(), 1u);
}

TEST(Cpio, MissingTrailerIsInvalid) {
  ArchiveBuilder b;
  b.file("a", "x").file("b", "y");
  std::vector<Seen> seen;
  EXPECT_EQ(read_all(b.bytes, &seen), -EINVAL);
  EXPECT_EQ(seen.size(), 2u);
}

TEST(Cpio, BadMagicIsInvalid) {
  for (const char* magic : {"070707", "070703", "070700", "170701", "      ", "07070\x01"}) {
    ArchiveBuilder b;
    Header h;
    h.magic = magic;
    b.entry("a", kRegularFile | 0644, "x", h).trailer();
    EXPECT_EQ(first_result(b.bytes), -EINVAL) << magic;
  }
}

TEST(Cpio, BadHexDigitInAnyFieldIsInvalid) {
  ArchiveBuilder valid;
  valid.file("a", "x").trailer();
  for (size_t field = 0; field < 13; field++) {
    for (char bad : {'g', 'G', ' ', '+', '-', 'x', '\0'}) {
      std::vector<uint8_t> bytes = valid.bytes;
      bytes[6 + 8 * field + 3] = static_cast<uint8_t>(bad);
      EXPECT_EQ(first_result(bytes), -EINVAL) << "field " << field << " char " << int(bad);
    }
  }
}

TEST(Cpio, ZeroNameSizeIsInvalid) {
  Header h;
  h.namesize = 0;
  EXPECT_EQ(first_result(raw_entry(h, "", "")), -EINVAL);
}

TEST(Cpio, NameWithoutTerminatingNulIsInvalid) {
  Header h;
  h.namesize = 4;
  EXPECT_EQ(first_result(raw_entry(h, "abcd", "")), -EINVAL);
}

TEST(Cpio, NameWithEmbeddedNulIsInvalid) {
  Header h;
  h.namesize = 4;
  EXPECT_EQ(first_result(raw_entry(h, std::string("a\0b\0", 4), "")), -EINVAL);
}

TEST(Cpio, NameRunningPastTheBufferIsInvalid) {
  for (uint32_t namesize : {200u, 0x7fffffffu, 0xffffffffu}) {
    Header h;
    h.namesize = namesize;
    EXPECT_EQ(first_result(raw_entry(h, std::string("a\0", 2), "")), -EINVAL) << namesize;
  }
}

TEST(Cpio, DataRunningPastTheBufferIsInvalid) {
  for (uint32_t filesize : {200u, 0x7fffffffu, 0xfffffff0u, 0xffffffffu}) {
    Header h;
    h.namesize = 2;
    h.filesize = filesize;
    EXPECT_EQ(first_result(raw_entry(h, std::string("a\0", 2), "xyz")), -EINVAL) << filesize;
  }
}

TEST(Cpio, DataEndingWithoutItsPaddingIsInvalid) {
  // The entry's data ends at a non-multiple of 4 and the buffer ends there.
  ArchiveBuilder b;
  b.file("a", "x");
  b.bytes.pop_back();
  EXPECT_EQ(first_result(b.bytes), -EINVAL);
}

TEST(Cpio, ErrorIsSticky) {
  ArchiveBuilder b;
  b.file("a", "x").append("070799");
  ExactBuffer buffer(b.bytes);
  cpio::Reader reader(buffer.data(), buffer.size());
  cpio::Entry e;
  EXPECT_EQ(reader.next(&e), 1);
  EXPECT_EQ(reader.next(&e), -EINVAL);
  EXPECT_EQ(reader.next(&e), -EINVAL);
}

// Cut a valid archive at every byte: the reader must never read past the end
// (AddressSanitizer watches), and must return a prefix of the entries and
// then an error, or stop cleanly where the cut happens to fall between archives.
TEST(Cpio, TruncationAtEveryOffsetGivesPrefixThenError) {
  std::vector<uint8_t> full = small_valid_archive();
  std::vector<Seen> all;
  ASSERT_EQ(read_all(full, &all), 0);
  for (size_t cut = 0; cut < full.size(); cut++) {
    std::vector<Seen> seen;
    int r = read_all(ExactBuffer(full, cut).data(), cut, &seen);
    // Only an empty prefix (all of it missing) reads as "end"; any other cut
    // loses the trailer and is reported.
    EXPECT_EQ(r, cut == 0 ? 0 : -EINVAL) << "cut at " << cut;
    ASSERT_LE(seen.size(), all.size()) << "cut at " << cut;
    for (size_t i = 0; i < seen.size(); i++) {
      // A cut inside an entry's data must not produce a shortened entry.
      EXPECT_EQ(seen[i], all[i]) << "cut at " << cut << ", entry " << i;
    }
  }
}

// Overwrite each byte of a valid archive with hostile values: whatever the
// reader answers, it must terminate and stay inside the buffer.
TEST(Cpio, CorruptingAnyByteNeverReadsOutside) {
  std::vector<uint8_t> full = small_valid_archive();
  for (size_t i = 0; i < full.size(); i++) {
    for (uint8_t value : {0x00, 0x30, 0x37, 0x46, 0x66, 0xff}) {
      std::vector<uint8_t> bytes = full;
      bytes[i] = value;
      std::vector<Seen> seen;
      int r = read_all(bytes, &seen);
      EXPECT_TRUE(r == 0 || r == -EINVAL) << "byte " << i;
    }
  }
}

}  // namespace
