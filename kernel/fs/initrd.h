// The initrd: a cpio "newc" archive (several may be concatenated) that QEMU
// loads next to the kernel, unpacked into the root ramfs at boot.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/kresult.h"

namespace fs {

// Creates every entry of the archive in the ramfs, after fs::init():
// directories, regular files, symbolic links and FIFOs, with the mode, uid,
// gid and mtime the archive gives. Missing parent directories are made
// (0755, root). A later entry replaces an earlier one of the same path, as
// Linux's initramfs does; that is how `./tether run --add` overrides a file
// by appending a second archive. Device nodes in the archive are skipped:
// fs::init() makes /dev.
//
// EINVAL if the archive is malformed (the entries before the damage are
// kept), ENOMEM if memory runs out. An entry that cannot be placed (its
// parent is a file) is skipped with a log line.
KStatus unpack_initrd(const uint8_t* data, size_t size);

}  // namespace fs
