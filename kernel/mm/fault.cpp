#include "kernel/mm/fault.h"

#include "kernel/mm/address_space.h"
#include "kernel/proc/process.h"

namespace mm {
bool handle_user_page_fault(uint64_t address, uint64_t error_code) {
  proc::Process* p = proc::current();
  if (!p || !p->address_space) return false;
  return p->address_space->handle_fault(address, error_code);
}
}  // namespace mm
