// /proc/sys: every sysctl as a file, read and written as text.
//
// A setting has up to two paths under /proc/sys: its name with the dots
// turned into slashes (debug.fail.vfs_io is debug/fail/vfs_io), and Linux's
// path when it declares one (Setting::linux_path). A directory is a prefix
// that such paths share: /proc/sys/debug/fail exists because a path starts
// with "debug/fail/". The tree is worked out from the sysctl registry each
// time it is looked at, never stored, so a setting registered anywhere in
// the kernel shows up here with no extra step.
//
// Reading gives the value and a newline (sysctl::read_value). Writing sets
// it (sysctl::write_value): EINVAL for a value the setting refuses. Only
// root may write (the file is 0644, root's); a read-only setting's file is
// 0444, and even root cannot open it for writing (EACCES), as on Linux.
#include "kernel/fs/procfs/nodes.h"
#include "kernel/lib/new.h"
#include "kernel/lib/string.h"
#include "kernel/mm/heap.h"
#include "kernel/sysctl/sysctl.h"

namespace procfs {
namespace {

// The longest path shown; a longer one is left out. The inode numbers
// below keep a path's length in 8 bits.
constexpr size_t kMaxPath = 256;
// A value written in one write(2): more is EINVAL.
constexpr size_t kMaxWrite = Text::kPageSize;

// Every /proc/sys path, in the registry's order: for each setting, its
// dotted name as a path, then its Linux path if it has one. Each path has a
// number of its own (two per setting), which inode numbers are made from.
class SettingPaths {
 public:
  // Moves to the next path; false after the last.
  bool next() {
    for (;;) {
      if (view_ == 2) {
        setting_ = setting_ ? setting_->next : sysctl::first();
        if (!setting_) return false;
        index_++;
        view_ = 0;
      }
      int view = view_++;
      if (view == 0) {
        // "debug.fail.vfs_io" → "debug/fail/vfs_io"
        length_ = strnlen(setting_->name, kMaxPath);
        for (size_t i = 0; i < length_; i++) path_[i] = setting_->name[i] == '.' ? '/' : setting_->name[i];
      } else {
        if (!setting_->linux_path) continue;
        length_ = strnlen(setting_->linux_path, kMaxPath);
        memcpy(path_, setting_->linux_path, length_);
      }
      if (length_ > 0 && length_ < kMaxPath) return true;
    }
  }

  const sysctl::Setting* setting() const { return setting_; }
  const char* path() const { return path_; }
  size_t length() const { return length_; }
  uint64_t number() const { return 2 * index_ + uint64_t(view_ - 1); }

 private:
  const sysctl::Setting* setting_ = nullptr;
  uint64_t index_ = uint64_t(-1);
  int view_ = 2;  // 2: move on to the next setting
  char path_[kMaxPath];
  size_t length_ = 0;
};

// A file or directory is numbered after the first path that leads to it
// (that path's number) and its own length: two different names differ in
// one or the other.
uint64_t sysctl_ino(uint64_t path_number, size_t length) { return kSysctlInoBase + (path_number << 8) + length; }

// Whether `path` lies inside the directory `dir` ("" is /proc/sys itself);
// if so, [*start, *end) is the entry of dir it goes through.
bool inside(const char* path, size_t length, const char* dir, size_t dir_length, size_t* start, size_t* end) {
  if (dir_length > 0) {
    if (length <= dir_length + 1 || memcmp(path, dir, dir_length) != 0 || path[dir_length] != '/') return false;
    *start = dir_length + 1;
  } else {
    *start = 0;
  }
  *end = *start;
  while (*end < length && path[*end] != '/') (*end)++;
  return *end > *start;
}

// An open /proc/sys file: the value as it was at open, and writes that set it.
class SysctlFile final : public TextFile {
 public:
  SysctlFile(int status_flags, fs::Inode* inode, char* text, size_t length, const sysctl::Setting* setting)
      : TextFile(status_flags, inode, text, length), setting_(setting) {}

  KResult<size_t> write(const IoBuffer& buffer, size_t n) override {
    // Each write(2) is one whole value: "echo 3 > file" writes "3\n".
    if (n == 0) return size_t(0);
    if (n > kMaxWrite) return KError{EINVAL};
    auto* text = static_cast<char*>(kmalloc(n));
    if (!text) return KError{ENOMEM};
    KStatus status = buffer.read_into(text, 0, n);
    if (!status.is_error()) status = sysctl::write_value(*setting_, text, n);
    kfree(text);
    if (status.is_error()) return KError{status.error()};
    return n;
  }
  KResult<size_t> pwrite(const IoBuffer& buffer, size_t n, uint64_t) override { return write(buffer, n); }

 private:
  const sysctl::Setting* setting_;
};

// One setting's file.
class SysctlNode final : public fs::GeneratedNode {
 public:
  explicit SysctlNode(const sysctl::Setting* setting) : setting_(setting) {}

  KResult<fs::File*> open(fs::Inode* inode, int status_flags) override {
    int access = status_flags & fs::kOpenAccessMode;
    bool writing = access == fs::kOpenWriteOnly || access == fs::kOpenReadWrite;
    // Linux's sysctl_perm(): root gets the owner's bits of the mode, so a
    // read-only (0444) setting cannot be opened for writing even by root.
    if (writing && !setting_->writable) return KError{EACCES};
    auto* page = static_cast<char*>(kmalloc(Text::kPageSize));
    if (!page) return KError{ENOMEM};
    // Reading the value has no side effect: a fail point's count stays.
    size_t length = sysctl::read_value(*setting_, page, Text::kPageSize);
    if (length >= Text::kPageSize) length = Text::kPageSize - 1;  // what fitted before the NUL
    auto* file = new SysctlFile(status_flags, inode, page, length, setting_);
    if (!file) {
      kfree(page);
      return KError{ENOMEM};
    }
    return static_cast<fs::File*>(file);
  }

 private:
  const sysctl::Setting* setting_;
};

// A directory of /proc/sys, named by its path below /proc/sys ("" for
// /proc/sys itself, "debug/fail" for /proc/sys/debug/fail).
class SysctlDirectory final : public fs::GeneratedNode {
 public:
  SysctlDirectory(const char* path, size_t length) : length_(length) { memcpy(path_, path, length); }

  KResult<fs::Inode*> lookup(fs::Inode* dir, const char* name, size_t name_length) override {
    // The child's path: this directory's, a '/', the name.
    char child[kMaxPath];
    size_t child_length = length_ ? length_ + 1 + name_length : name_length;
    if (child_length >= kMaxPath) return static_cast<fs::Inode*>(nullptr);
    memcpy(child, path_, length_);
    if (length_) child[length_] = '/';
    memcpy(child + child_length - name_length, name, name_length);

    // The first path that is the child (a file) or goes through it (a directory).
    SettingPaths paths;
    while (paths.next()) {
      uint64_t ino = sysctl_ino(paths.number(), child_length);
      if (paths.length() == child_length && memcmp(paths.path(), child, child_length) == 0) {
        uint32_t mode = paths.setting()->writable ? kWritableMode : kReadOnlyMode;
        return make_inode(new SysctlNode(paths.setting()), fs::InodeType::Regular, mode, ino, dir);
      }
      if (paths.length() > child_length && memcmp(paths.path(), child, child_length) == 0 &&
          paths.path()[child_length] == '/')
        return make_inode(new SysctlDirectory(child, child_length), fs::InodeType::Directory, kDirectoryMode, ino,
                          dir);
    }
    return static_cast<fs::Inode*>(nullptr);
  }

  // The entries are the distinct first components of the paths inside this
  // directory, in the order the registry first names them; the n-th has
  // position kFirstEntryCookie + n.
  bool entry_at_or_after(fs::Inode*, uint64_t position, fs::GeneratedEntry* out) override {
    uint64_t entry_position = fs::Directory::kFirstEntryCookie;
    SettingPaths paths;
    while (paths.next()) {
      size_t start, end;
      if (!inside(paths.path(), paths.length(), path_, length_, &start, &end)) continue;
      if (named_before(paths.number(), paths.path() + start, end - start)) continue;
      if (entry_position >= position) {
        fs::InodeType type = end == paths.length() ? fs::InodeType::Regular : fs::InodeType::Directory;
        set_entry(out, entry_position, sysctl_ino(paths.number(), end), type, paths.path() + start, end - start);
        return true;
      }
      entry_position++;
    }
    return false;
  }

 private:
  // Whether a path numbered before `number` already has this entry.
  bool named_before(uint64_t number, const char* entry, size_t entry_length) const {
    SettingPaths earlier;
    while (earlier.next() && earlier.number() < number) {
      size_t start, end;
      if (inside(earlier.path(), earlier.length(), path_, length_, &start, &end) && end - start == entry_length &&
          memcmp(earlier.path() + start, entry, entry_length) == 0)
        return true;
    }
    return false;
  }

  char path_[kMaxPath];
  size_t length_;
};

}  // namespace

KResult<fs::Inode*> make_sysctl_directory(fs::Inode* parent) {
  return make_inode(new SysctlDirectory("", 0), fs::InodeType::Directory, kDirectoryMode, kSysIno, parent);
}

}  // namespace procfs
