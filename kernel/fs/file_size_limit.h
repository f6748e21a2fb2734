// RLIMIT_FSIZE: "the maximum size in bytes of files that the process may
// create" (setrlimit(2)). The current process's soft limit, checked where a
// regular file of the ramfs would grow: a write (RegularFile::pwrite_at,
// under write, pwrite64, writev) and a truncate (truncate, ftruncate).
// Pipes, sockets, terminals and /proc files have no size to limit.
//
// As Linux: a write at or past the limit sends SIGXFSZ to the writer and
// fails with EFBIG; one that would cross it is shortened to end there,
// without a signal (generic_write_check_limits). A truncate that grows the
// file past the limit: SIGXFSZ and EFBIG; to exactly the limit, or one that
// does not grow the file, is allowed (inode_newsize_ok). The signal's
// default action ends the process; handled or ignored, the call fails with
// EFBIG. These checks come before the file's own maximum (FileData::kMaxSize,
// EFBIG without a signal) and before anything changes (set-ID bits stay).
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/kresult.h"

namespace fs {

class Inode;

// How many of n bytes written at offset the limit lets through: n, or
// fewer ending at the limit; EFBIG (and SIGXFSZ) at or past it. n > 0.
KResult<size_t> limit_write(uint64_t offset, size_t n);
// A truncate of inode to length: EFBIG (and SIGXFSZ) if it grows the file
// past the limit.
KStatus check_new_size(const Inode* inode, uint64_t length);

}  // namespace fs
