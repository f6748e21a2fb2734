// The kernel command line (QEMU's -append), parsed once at boot.
//   quiet          kernel messages go only to the log (COM2), not the console
//   tty.onlcr=0    the console sends "\n" as is (./tether sets it when its
//                  stdout is not a terminal, so output arrives byte-exact)
#pragma once

namespace boot_args {
void parse(const char* command_line);
const char* command_line();
bool quiet();
bool tty_onlcr();
}  // namespace boot_args
