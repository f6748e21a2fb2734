// Ending the machine. QEMU's isa-debug-exit device turns a write of V to
// port 0xf4 into QEMU's own exit with status (V << 1) | 1, so the status
// written there arrives with its low 7 bits only; all 8 go first to COM2 as
// the last log line ("tether: exit status N"), which ./tether reads and
// checks against QEMU's.
#pragma once

[[noreturn]] void power_off(int exit_status);
[[noreturn]] void power_off_after_panic();
