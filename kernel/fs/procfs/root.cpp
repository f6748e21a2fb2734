// /proc itself: five fixed names, then one directory per process; and the
// mount that puts it in the root ramfs at boot.
#include "kernel/fs/procfs/nodes.h"
#include "kernel/fs/procfs/procfs.h"
#include "kernel/lib/format.h"
#include "kernel/lib/new.h"
#include "kernel/lib/string.h"
#include "kernel/mm/heap.h"
#include "kernel/panic.h"
#include "kernel/proc/process.h"

namespace procfs {

KResult<fs::Inode*> make_inode(fs::GeneratedNode* node, fs::InodeType type, uint32_t permissions, uint64_t ino,
                               fs::Inode* parent, uint32_t uid, uint32_t gid) {
  if (!node) return KError{ENOMEM};
  fs::Inode* inode = fs::Inode::create_generated(type, permissions, uid, gid, ino, node, parent);
  if (!inode) return KError{ENOMEM};
  return inode;
}

KResult<fs::Inode*> make_text_inode(TextWriter writer, int key, uint64_t ino, fs::Inode* parent, uint32_t uid,
                                    uint32_t gid) {
  return make_inode(new TextNode(writer, key), fs::InodeType::Regular, kReadOnlyMode, ino, parent, uid, gid);
}

void set_entry(fs::GeneratedEntry* out, uint64_t position, uint64_t ino, fs::InodeType type, const char* name,
               size_t name_length) {
  out->position = position;
  out->ino = ino;
  out->type = type;
  out->name_length = name_length;
  memcpy(out->name, name, name_length);
  out->name[name_length] = '\0';
}

namespace {

struct FixedEntry {
  const char* name;
  uint64_t ino;
  fs::InodeType type;
};
const FixedEntry kFixedEntries[] = {
    {"self", kSelfIno, fs::InodeType::Symlink},
    {"meminfo", kMeminfoIno, fs::InodeType::Regular},
    {"uptime", kUptimeIno, fs::InodeType::Regular},
    {"sys", kSysIno, fs::InodeType::Directory},
    {"net", kNetIno, fs::InodeType::Directory},
};
constexpr size_t kFixedCount = sizeof kFixedEntries / sizeof kFixedEntries[0];

// getdents64 positions: the fixed entries from kFirstEntryCookie on, then
// process `pid` at kFirstPidPosition + pid. A listing continued after
// processes came and went then neither repeats nor skips the others.
constexpr uint64_t kFirstFixedPosition = fs::Directory::kFirstEntryCookie;
constexpr uint64_t kFirstPidPosition = kFirstFixedPosition + 16;

bool name_is(const char* name, size_t length, const char* expected) {
  return strlen(expected) == length && memcmp(name, expected, length) == 0;
}

// "123" is pid 123; anything else, "0123" included, is no pid (-1), as on
// Linux, where /proc/0123 does not exist.
int parse_pid(const char* name, size_t length) {
  if (length == 0 || length > 9 || name[0] == '0') return -1;
  int pid = 0;
  for (size_t i = 0; i < length; i++) {
    if (name[i] < '0' || name[i] > '9') return -1;
    pid = pid * 10 + (name[i] - '0');
  }
  return pid;
}

// /proc/self → "<pid>", the pid of whoever looks. Each lookup makes a new
// link, so each process sees its own. Its node only marks it as generated:
// a symbolic link needs nothing but its target.
KResult<fs::Inode*> make_self_link(fs::Inode* dir) {
  char target[16];
  size_t length = format(target, sizeof target, "%d", proc::current()->pid);
  auto* copy = static_cast<char*>(kmalloc(length + 1));
  if (!copy) return KError{ENOMEM};
  memcpy(copy, target, length + 1);
  KResult<fs::Inode*> link = make_inode(new fs::GeneratedNode, fs::InodeType::Symlink, 0777, kSelfIno, dir);
  if (link.is_error()) {
    kfree(copy);
    return link;
  }
  link.value()->symlink_target = copy;
  link.value()->symlink_length = length;
  return link;
}

class RootDirectory final : public fs::GeneratedNode {
 public:
  KResult<fs::Inode*> lookup(fs::Inode* dir, const char* name, size_t length) override {
    if (name_is(name, length, "self")) return make_self_link(dir);
    if (name_is(name, length, "meminfo")) return make_text_inode(write_meminfo, 0, kMeminfoIno, dir);
    if (name_is(name, length, "uptime")) return make_text_inode(write_uptime, 0, kUptimeIno, dir);
    if (name_is(name, length, "sys")) return make_sysctl_directory(dir);
    if (name_is(name, length, "net")) return make_net_directory(dir);
    int pid = parse_pid(name, length);
    if (pid > 0) return make_process_directory(dir, pid);
    return static_cast<fs::Inode*>(nullptr);
  }

  bool entry_at_or_after(fs::Inode*, uint64_t position, fs::GeneratedEntry* out) override {
    for (size_t i = 0; i < kFixedCount; i++) {
      const FixedEntry& e = kFixedEntries[i];
      if (kFirstFixedPosition + i >= position) {
        set_entry(out, kFirstFixedPosition + i, e.ino, e.type, e.name, strlen(e.name));
        return true;
      }
    }
    // The process list is in no particular order: find the smallest pid
    // at or after the position.
    int next_pid = -1;
    for (proc::Process* p = proc::first(); p; p = p->next_in_all) {
      if (kFirstPidPosition + uint64_t(p->pid) >= position && (next_pid < 0 || p->pid < next_pid)) next_pid = p->pid;
    }
    if (next_pid < 0) return false;
    char name[16];
    size_t length = format(name, sizeof name, "%d", next_pid);
    set_entry(out, kFirstPidPosition + uint64_t(next_pid), kProcessInoBase + 16 * uint64_t(next_pid),
              fs::InodeType::Directory, name, length);
    return true;
  }
};

}  // namespace

void mount() {
  KResult<fs::Inode*> made = make_inode(new RootDirectory, fs::InodeType::Directory, kDirectoryMode, kRootIno, nullptr);
  if (made.is_error()) panic("procfs: out of memory");
  // The reference from make_inode is never dropped: /proc lives forever.
  fs::Inode* proc_root = made.value();

  // The initrd's empty /proc makes way (a mount hides what it covers; an
  // empty directory hides nothing, so it can simply go).
  fs::Inode* root = fs::root();
  fs::Inode* old = root->entries.find("proc", 4);
  if (old) {
    if (!old->is_directory() || !old->entries.empty()) panic("procfs: /proc in the initrd is not an empty directory");
    fs::unlink_child(root, "proc", 4);
  }
  if (fs::link_child(root, "proc", 4, proc_root).is_error()) panic("procfs: out of memory");
}

}  // namespace procfs
