// Page faults on user addresses, for the trap handler. Resolves lazy pages of
// the current process; returns false when the access is not allowed (the
// caller then sends SIGSEGV, or fails a user copy with EFAULT).
#pragma once
#include <stdint.h>

namespace mm {
bool handle_user_page_fault(uint64_t address, uint64_t error_code);
}
