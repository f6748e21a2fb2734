// procfs: the /proc filesystem, the kernel's state shown as files.
//
//   /proc/self             a symbolic link to the caller's own /proc/<pid>
//   /proc/<pid>/status     who a process is: name, state, ids, memory (Linux's format)
//   /proc/<pid>/cmdline    its arguments, each ending in a NUL
//   /proc/meminfo          MemTotal, MemFree, MemAvailable, in kB
//   /proc/uptime           seconds since boot, and seconds spent idle
//   /proc/sys/...          every sysctl, its dots turned into slashes, and
//                          Linux's path where a setting names one
//   /proc/net/dev          each network interface's counters (Linux's layout)
//   /proc/net/route, if_inet6, sockstat   the routes, IPv6 addresses and
//                          socket counts, in Linux's layouts
//
// Nothing is stored: each inode is made when a path walk asks for it, and a
// file's text is written when it is opened (kernel/fs/generated.h is the
// hook into the VFS). README.md tells the whole story.
#pragma once

namespace procfs {
// Puts /proc in place of the directory /proc of the root ramfs (the initrd
// has an empty one), or makes it. Called once at boot, after the initrd.
void mount();
}  // namespace procfs
