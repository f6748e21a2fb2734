// Page faults on user addresses, for the trap handler. Resolves lazy pages of
// the current process. NotAllowed: the caller sends SIGSEGV (or fails a user
// copy with EFAULT). OutOfMemory: an allowed access that no free frame can
// back; like Linux's OOM killer, the process is killed with SIGKILL and the
// kernel log says why.
#pragma once
#include <stdint.h>

#include "kernel/mm/address_space.h"

namespace mm {
FaultResult handle_user_page_fault(uint64_t address, uint64_t error_code);
}
