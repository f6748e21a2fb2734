// /dev/null and /dev/zero: the two devices with no hardware behind them.
//
//   /dev/null  reads end at once (0 bytes: end of file); writes vanish
//   /dev/zero  reads fill the buffer with zeros; writes vanish
//
// null(4): both succeed for any write size, and lseek on them succeeds and
// leaves the position at 0 (Linux's null_lseek), so programs that seek
// their output (a pager, dd) work when it is sent to /dev/null.
#pragma once
#include "kernel/fs/char_device.h"

namespace dev {
fs::CharDevice* null_device();
fs::CharDevice* zero_device();
}  // namespace dev
