// Ending the machine. QEMU's isa-debug-exit device turns a write to port 0xf4
// into QEMU's own exit; the exact status goes first to COM2 as the last log
// line ("tether: exit status N"), which ./tether reads.
#pragma once

[[noreturn]] void power_off(int exit_status);
[[noreturn]] void power_off_after_panic();
