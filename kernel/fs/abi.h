// The Linux x86-64 file ABI as the kernel sees it: open flags, file types and
// permission bits, struct stat, the getdents64 record, the *at() flags, poll
// bits. The values are Linux's (include/uapi/asm-generic/fcntl.h, stat.h,
// poll.h), so a binary built for Tether runs on Linux and the other way round.
//
// libc has the same numbers in <fcntl.h>, <sys/stat.h>, <poll.h>. The kernel
// cannot include those (they pull in libc's own headers), so it keeps this
// copy, and the static_asserts below pin the layouts user space depends on.
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace fs {

// open(2) flags (octal, as in Linux's headers).
constexpr int kOpenReadOnly = 00;
constexpr int kOpenWriteOnly = 01;
constexpr int kOpenReadWrite = 02;
constexpr int kOpenAccessMode = 03;
constexpr int kOpenCreate = 0100;
constexpr int kOpenExclusive = 0200;
constexpr int kOpenNoControllingTty = 0400;
constexpr int kOpenTruncate = 01000;
constexpr int kOpenAppend = 02000;
constexpr int kOpenNonBlock = 04000;
constexpr int kOpenLargeFile = 0100000;
constexpr int kOpenDirectory = 0200000;
constexpr int kOpenNoFollow = 0400000;
constexpr int kOpenCloseOnExec = 02000000;
constexpr int kOpenTmpFile = 020000000 | kOpenDirectory;  // O_TMPFILE (__O_TMPFILE | O_DIRECTORY)

// The flags fcntl(F_SETFL) may change; the rest of F_SETFL's argument is
// ignored (fcntl(2): "other flags are ignored"). O_ASYNC, O_DIRECT and
// O_NOATIME are accepted and ignored too: a ramfs has no use for them.
constexpr int kOpenSettableFlags = kOpenAppend | kOpenNonBlock;

// fcntl(2) commands and descriptor flags.
constexpr int kFcntlDupFd = 0;
constexpr int kFcntlGetFd = 1;
constexpr int kFcntlSetFd = 2;
constexpr int kFcntlGetFl = 3;
constexpr int kFcntlSetFl = 4;
constexpr int kFcntlDupFdCloseOnExec = 1030;
constexpr int kFdCloseOnExec = 1;

// Record locks (fcntl(2), file_locks.h): the commands, struct flock as
// x86-64 Linux lays it out, l_type's values; flock(2)'s operations.
constexpr int kFcntlGetLock = 5;       // F_GETLK
constexpr int kFcntlSetLock = 6;       // F_SETLK
constexpr int kFcntlSetLockWait = 7;   // F_SETLKW
constexpr int kFcntlOfdGetLock = 36;   // F_OFD_GETLK
constexpr int kFcntlOfdSetLock = 37;   // F_OFD_SETLK
constexpr int kFcntlOfdSetLockWait = 38;  // F_OFD_SETLKW
struct LinuxFlock {
  int16_t l_type;
  int16_t l_whence;
  int64_t l_start;
  int64_t l_len;
  int32_t l_pid;
};
static_assert(sizeof(LinuxFlock) == 32, "struct flock on x86-64");
constexpr int kLockRead = 0;    // F_RDLCK
constexpr int kLockWrite = 1;   // F_WRLCK
constexpr int kLockUnlock = 2;  // F_UNLCK
constexpr unsigned kFlockShared = 1;     // LOCK_SH
constexpr unsigned kFlockExclusive = 2;  // LOCK_EX
constexpr unsigned kFlockNonBlock = 4;   // LOCK_NB
constexpr unsigned kFlockUnlock = 8;     // LOCK_UN
constexpr unsigned kFlockMandatory = 32; // LOCK_MAND, ignored since Linux 5.15

// The *at() family.
constexpr int kAtCurrentDirectory = -100;  // AT_FDCWD
constexpr int kAtSymlinkNoFollow = 0x100;
constexpr int kAtRemoveDirectory = 0x200;
constexpr int kAtEffectiveIds = 0x200;  // AT_EACCESS (faccessat2 only)
constexpr int kAtSymlinkFollow = 0x400;
constexpr int kAtNoAutomount = 0x800;
constexpr int kAtEmptyPath = 0x1000;

// lseek(2) whence.
constexpr int kSeekSet = 0;
constexpr int kSeekCurrent = 1;
constexpr int kSeekEnd = 2;
constexpr int kSeekData = 3;
constexpr int kSeekHole = 4;

// access(2) modes. F_OK is 0: "does it exist".
constexpr int kAccessExecute = 1;
constexpr int kAccessWrite = 2;
constexpr int kAccessRead = 4;

// st_mode: the file type in the top bits, then set-id, sticky, rwx bits.
constexpr uint32_t kModeTypeMask = 0170000;
constexpr uint32_t kModeSocket = 0140000;
constexpr uint32_t kModeSymlink = 0120000;
constexpr uint32_t kModeRegular = 0100000;
constexpr uint32_t kModeBlockDevice = 0060000;
constexpr uint32_t kModeDirectory = 0040000;
constexpr uint32_t kModeCharDevice = 0020000;
constexpr uint32_t kModeFifo = 0010000;
constexpr uint32_t kModeSetUid = 04000;
constexpr uint32_t kModeSetGid = 02000;
constexpr uint32_t kModeSticky = 01000;
constexpr uint32_t kModePermissionMask = 07777;
constexpr uint32_t kModeGroupExecute = 0010;

// d_type values in a getdents64 record.
constexpr uint8_t kDirentFifo = 1;
constexpr uint8_t kDirentCharDevice = 2;
constexpr uint8_t kDirentDirectory = 4;
constexpr uint8_t kDirentRegular = 8;
constexpr uint8_t kDirentSymlink = 10;
constexpr uint8_t kDirentSocket = 12;

// poll(2) event bits, also what File::poll_events() answers.
constexpr uint32_t kPollIn = 0x001;
constexpr uint32_t kPollPriority = 0x002;
constexpr uint32_t kPollOut = 0x004;
constexpr uint32_t kPollError = 0x008;
constexpr uint32_t kPollHangUp = 0x010;
constexpr uint32_t kPollInvalid = 0x020;
constexpr uint32_t kPollReadNormal = 0x040;
constexpr uint32_t kPollWriteNormal = 0x100;

// Linux caps one read or write at MAX_RW_COUNT (INT_MAX rounded down to a
// page), so a byte count always fits the int-sized parts of the kernel.
constexpr size_t kMaxTransfer = 0x7ffff000;

// The ioctls every descriptor answers (Linux's fs/ioctl.c), not only ttys.
constexpr unsigned long kIoctlSetNonBlocking = 0x5421;   // FIONBIO
constexpr unsigned long kIoctlBytesReadable = 0x541B;    // FIONREAD
constexpr unsigned long kIoctlSetCloseOnExec = 0x5451;   // FIOCLEX
constexpr unsigned long kIoctlClearCloseOnExec = 0x5450; // FIONCLEX

struct LinuxTimespec {
  int64_t tv_sec;
  int64_t tv_nsec;
};

// struct stat, Linux x86-64 (arch/x86/include/uapi/asm/stat.h): nlink comes
// before mode on this architecture only.
struct LinuxStat {
  uint64_t st_dev;
  uint64_t st_ino;
  uint64_t st_nlink;
  uint32_t st_mode;
  uint32_t st_uid;
  uint32_t st_gid;
  int32_t pad0;
  uint64_t st_rdev;
  int64_t st_size;
  int64_t st_blksize;
  int64_t st_blocks;  // in 512-byte units, whatever st_blksize says
  LinuxTimespec st_atim;
  LinuxTimespec st_mtim;
  LinuxTimespec st_ctim;
  int64_t reserved[3];
};
static_assert(sizeof(LinuxStat) == 144, "struct stat is 144 bytes on Linux x86-64");
static_assert(offsetof(LinuxStat, st_mode) == 24 && offsetof(LinuxStat, st_rdev) == 40,
              "struct stat field offsets must match Linux");

// The fixed part of a getdents64 record; d_name follows, NUL-terminated, and
// the record is padded to a multiple of 8 bytes (d_reclen).
struct LinuxDirent64Header {
  uint64_t d_ino;
  int64_t d_off;  // the position just after this entry (for lseek/telldir)
  uint16_t d_reclen;
  uint8_t d_type;
} __attribute__((packed));
static_assert(sizeof(LinuxDirent64Header) == 19, "d_name starts at byte 19 of linux_dirent64");

// struct iovec is UserSegment (kernel/mm/uaccess.h); at most this many.
constexpr int kMaxIovecs = 1024;  // UIO_MAXIOV

// Device numbers as Linux's new_encode_dev() packs them into st_rdev.
constexpr uint64_t make_device_number(uint32_t major, uint32_t minor) {
  return (minor & 0xff) | (uint64_t(major) << 8) | (uint64_t(minor & ~0xffu) << 12);
}

}  // namespace fs
