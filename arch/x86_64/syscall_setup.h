// Programs the MSRs that make the SYSCALL instruction enter syscall_entry.
#pragma once
namespace syscall_setup {
void init();
}
