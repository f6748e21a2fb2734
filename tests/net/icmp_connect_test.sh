#!/usr/bin/env bash
# ICMP errors that end a TCP connect (conditions.md B4, B6, B7, B10): the
# guest's /tests/connect_icmp connects to frame_peer's `tcp` mode on eth1,
# which answers each SYN by its port with an ICMP(v6) destination
# unreachable of a given code, another ICMP error, a RST, or nothing
# (tests/net/frame_peer.c). Two boots:
#   linux.*   connect_icmp --peer4 --slow: IPv6 and IPv4, blocking and
#             non-blocking, and the errors that must not end an attempt
#             (keepinit 3 s);
#   persona.* the same cases (without --slow) under /bin/persona freebsd,
#             darwin and illumos: the errno comes from the condition table under
#             the personality recorded at connect.
# The guest's PASS/FAIL lines are this script's, and each boot adds: the
# guest exited 0, every run of the program closed with "0 failed", the
# peer saw the "done" SYN (it answers only what it was asked).
# Usage: icmp_connect_test.sh BUILD_DIR
set -uo pipefail
BUILD=$1
# shellcheck source=tests/net/frame_lib.sh
source "$(dirname "$0")/frame_lib.sh"

SETUP='ifconfig eth1 192.168.77.2 netmask 255.255.255.0 || exit 3'

# The guest's own PASS/FAIL lines are kept as a log, as run-guest-test keeps
# a guest test's, for the conformance table (scripts/conformance reads
# test-logs/guest.icmp_connect.log; its last line is the verdict).
LOG=$BUILD/test-logs/guest.icmp_connect.log
mkdir -p "$BUILD/test-logs"
: > "$LOG"

# boot NAME RUNS GUEST_CMD: one boot; RUNS is how many times the program runs.
boot() {
  local name=$1 runs=$2
  frame_run "$3" tcp 70
  tr -d '\r' <<<"$guest_out" >> "$LOG"
  while IFS= read -r line; do
    case $line in
      PASS\ *) check "${line#PASS }" 0 "" ;;
      FAIL\ *) id=${line#FAIL }; check "${id%%:*}" 1 "${id#*: }" ;;
    esac
  done < <(tr -d '\r' <<<"$guest_out")
  [ "$guest_rc" = 0 ]; check "$name.guest_exit_0" $? "$(guest_status_says)"
  closed=$(tr -d '\r' <<<"$guest_out" | grep -c '^[0-9]* passed, 0 failed')
  [ "$closed" = "$runs" ]; check "$name.every_run_closed" $? "$closed of $runs runs ended with '0 failed'"
  [ "$peer_rc" = 0 ] && grep -q '^syn6 40003: icmp 1/3$' <<<"$peer_out" && grep -q '^syn4 40001: icmp 3/1$' <<<"$peer_out"
  check "$name.peer_answered" $? "peer rc $peer_rc: $(tail -3 <<<"$peer_out") $peer_err"
}

boot linux 1 "$SETUP; /tests/connect_icmp --peer4 --slow --done"
boot persona 3 "$SETUP; persona freebsd /tests/connect_icmp --peer4 && persona darwin /tests/connect_icmp --peer4 && persona illumos /tests/connect_icmp --peer4 --done"

if [ "$failed" = 0 ]; then echo "# run-guest-test: PASS" >> "$LOG"; else echo "# run-guest-test: FAIL $failed failed" >> "$LOG"; fi

finish
