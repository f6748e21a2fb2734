#include "kernel/mm/fault.h"

#include "kernel/mm/address_space.h"
#include "kernel/printk.h"
#include "kernel/proc/process.h"

namespace mm {
FaultResult handle_user_page_fault(uint64_t address, uint64_t error_code) {
  proc::Process* p = proc::current();
  if (!p || !p->address_space) return FaultResult::NotAllowed;
  FaultResult result = p->address_space->handle_fault(address, error_code);
  if (result == FaultResult::Mapped) proc::charge_minor_fault(p);
  if (result == FaultResult::OutOfMemory) {
    printk("out of memory: killed process %d (%s), %lu pages resident", p->pid, p->name,
           p->address_space->resident_pages());
    signal::send(p, SIGKILL);
  }
  return result;
}
}  // namespace mm
