# shellcheck shell=bash
# Shared by the scripts of tests/net/: the PASS/FAIL lines and their count,
# a scratch folder and the host-side peers to stop on exit, waiting for a
# peer's line, and the guest's wait for its DHCP address. Sourced.
#
#   check ID STATUS MESSAGE, skip, finish   the lines and their count
#                             (tests/check_lines.sh)
#   $tmp, pids+=(PID)         removed / killed when the script exits
#   wait_for_line FILE REGEX SECONDS
#   $GUEST_WAIT_FOR_DHCP      sh lines for a guest command: wait (at most
#                             ~10 s) for 10.0.2.15; before it, 10.0.2.2 is
#                             unreachable

# check, fail, skip, finish: tests/check_lines.sh.
# shellcheck source=tests/check_lines.sh
source "$(dirname "${BASH_SOURCE[0]}")/../check_lines.sh"

tmp=$(mktemp -d)
pids=()
check_lib_cleanup() {
  for pid in ${pids[@]+"${pids[@]}"}; do kill "$pid" 2>/dev/null; done
  rm -rf "$tmp"
}
trap check_lib_cleanup EXIT

wait_for_line() {
  local i
  for ((i = 0; i < $3 * 10; i++)); do
    grep -qE "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# shellcheck disable=SC2034
GUEST_WAIT_FOR_DHCP='i=0
while ! dmesg | grep -q 10.0.2.15; do
  i=$((i + 1)); [ $i -gt 100 ] && { echo "guest: no DHCP address"; exit 1; }
  sleep 0.1
done'
