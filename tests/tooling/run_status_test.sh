#!/usr/bin/env bash
# Checks the contract between the kernel and ./tether's launcher
# (scripts/qemu-run): output byte for byte, exit statuses, a panic's report,
# the timeout. Prints one PASS/FAIL line per case and the closing count.
# Usage: run_status_test.sh BUILD_DIR
set -uo pipefail
BUILD=$1
RUN="$(dirname "$0")/../../scripts/qemu-run --build-dir $BUILD"
# shellcheck source=tests/check_lines.sh
source "$(dirname "$0")/../check_lines.sh"

out=$($RUN -- /bin/echo hello 2>/dev/null); rc=$?
[ "$out" = hello ] && [ $rc = 0 ]; check run.echo_exact $? "got '$out' (rc $rc)"
[ "$($RUN -- /bin/echo hello 2>/dev/null | od -An -c | tr -s ' ')" = " h e l l o \n" ]
check run.no_carriage_returns $? "output is not exactly hello\\n"

$RUN -- /bin/sh -c 'exit 7' >/dev/null 2>&1; rc=$?
[ $rc = 7 ]; check run.exit_status_7 $? "rc $rc"
$RUN -- /bin/sh -c 'exit 200' >/dev/null 2>&1; rc=$?
[ $rc = 200 ]; check run.exit_status_200 $? "rc $rc (needs all 8 bits)"
$RUN -- /bin/sh -c 'kill -SEGV $$' >/dev/null 2>&1; rc=$?
[ $rc = 139 ]; check run.killed_by_signal_is_128_plus $? "rc $rc"

err=$($RUN -- /bin/sh -c 'echo 1 > /proc/sys/debug/kernel/panic' 2>&1 >/dev/null); rc=$?
out=$($RUN -- /bin/sh -c 'echo 1 > /proc/sys/debug/kernel/panic' 2>/dev/null)
[ $rc = 125 ]; check panic.exit_status_125 $? "rc $rc"
grep -q 'KERNEL PANIC: panic requested through debug.kernel.panic' <<<"$out"
check panic.prints_cause $? "no cause line in: $out"
# The registers, and where panic() was called from.
grep -Eq '^registers at panic\(\), called from .*trigger_panic.*\+0x[0-9a-f]+:$' <<<"$out" \
  && grep -Eq '^  rip [0-9a-f]{16} ' <<<"$out" && grep -Eq '^  rax [0-9a-f]{16} ' <<<"$out" \
  && grep -Eq '^  cr0 [0-9a-f]{16} ' <<<"$out"
check panic.prints_registers $? "no register dump in: $out"
trace=$(sed -n '/^backtrace:/,$p' <<<"$out")
# Symbolized all the way: from the trigger down to the syscall entry.
grep -q 'trigger_panic' <<<"$trace" && grep -q 'syscall_entry' <<<"$trace"
check panic.symbolized_backtrace $? "backtrace lacks trigger_panic..syscall_entry: $trace"
grep -q 'kernel panic' <<<"$err"; check panic.launcher_says_so $? "stderr: $err"

start=$(date +%s)
$RUN --timeout 2 -- /bin/sleep 100 >/dev/null 2>&1; rc=$?
elapsed=$(( $(date +%s) - start ))
[ $rc = 124 ]; check timeout.exit_status_124 $? "rc $rc"
[ $elapsed -lt 30 ]; check timeout.kills_qemu $? "took ${elapsed}s"

finish
