// What the parts of procfs share: the inode numbers, the one way to make an
// inode, and the entry points of each directory's file.
//
//   root.cpp            /proc itself: self, meminfo, uptime, sys, one directory per pid
//   process_files.cpp   /proc/<pid>/: status, cmdline
//   system_files.cpp    /proc/meminfo, /proc/uptime
//   sysctl_files.cpp    /proc/sys/: a file per sysctl
//   net_files.cpp       /proc/net/: dev, if_inet6, route
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "kernel/fs/generated.h"
#include "kernel/fs/inode.h"
#include "kernel/fs/procfs/text_file.h"

namespace procfs {

// Inode numbers. A /proc inode is made anew at each lookup, so its number
// is computed from what it shows, and stays the same from one lookup to the
// next (ls -i, find and getcwd compare them). All are above 2^32, far beyond
// anything the ramfs's counter reaches.
constexpr uint64_t kInoBase = 1ull << 32;
constexpr uint64_t kRootIno = kInoBase + 1;
constexpr uint64_t kSelfIno = kInoBase + 2;
constexpr uint64_t kMeminfoIno = kInoBase + 3;
constexpr uint64_t kUptimeIno = kInoBase + 4;
constexpr uint64_t kSysIno = kInoBase + 5;
constexpr uint64_t kNetIno = kInoBase + 6;
constexpr uint64_t kNetDevIno = kInoBase + 7;
constexpr uint64_t kNetRouteIno = kInoBase + 8;
constexpr uint64_t kNetIfInet6Ino = kInoBase + 9;
constexpr uint64_t kNetSockstatIno = kInoBase + 10;
// /proc/<pid> is kProcessInoBase + 16 * pid, its files the numbers after it.
constexpr uint64_t kProcessInoBase = kInoBase + (1ull << 20);
// /proc/sys/...: see sysctl_files.cpp.
constexpr uint64_t kSysctlInoBase = kInoBase + (1ull << 28);

// Permission bits, Linux's: directories and read-only files are readable
// by all; a writable sysctl is writable by root, its owner.
constexpr uint32_t kDirectoryMode = 0555;
constexpr uint32_t kReadOnlyMode = 0444;
constexpr uint32_t kWritableMode = 0644;

// An inode of /proc (one reference, the caller's) doing what `node` says;
// parent is the directory it appears in. ENOMEM (node is deleted then).
KResult<fs::Inode*> make_inode(fs::GeneratedNode* node, fs::InodeType type, uint32_t permissions, uint64_t ino,
                               fs::Inode* parent, uint32_t uid = 0, uint32_t gid = 0);
// A read-only file of text (text_file.h) in parent.
KResult<fs::Inode*> make_text_inode(TextWriter writer, int key, uint64_t ino, fs::Inode* parent, uint32_t uid = 0,
                                    uint32_t gid = 0);

// Fills a getdents64 entry.
void set_entry(fs::GeneratedEntry* out, uint64_t position, uint64_t ino, fs::InodeType type, const char* name,
               size_t name_length);

// /proc/<pid> for a live pid, in parent (/proc); nullptr if no such process.
KResult<fs::Inode*> make_process_directory(fs::Inode* parent, int pid);

// /proc/meminfo and /proc/uptime.
KStatus write_meminfo(int, Text& out);
KStatus write_uptime(int, Text& out);

// /proc/sys, in parent (/proc).
KResult<fs::Inode*> make_sysctl_directory(fs::Inode* parent);

// /proc/net, in parent (/proc).
KResult<fs::Inode*> make_net_directory(fs::Inode* parent);

}  // namespace procfs
