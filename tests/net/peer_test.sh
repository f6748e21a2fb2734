#!/usr/bin/env bash
# The scripted peer of `./tether run --peer` (tests/net/peer.c): one boot
# with `scripts/qemu-run --peer` runs the guest's /tests/connect_peer
# (tests/guest/connect_peer.c) under linux, then under /bin/persona
# freebsd. It connects to every host behind eth1 over IPv4 and IPv6 and
# checks the errno each one's behaviour gives (B4, B5, B6, B7 from an ICMP
# error and from unanswered ARP/ND, C3, a reset after the handshake, TCP
# and UDP echo).
# The guest's PASS/FAIL lines are this script's, and the boot adds: the
# guest exited 0, both runs closed with "0 failed", the peer's log shows
# each behaviour at work, and the peer stopped when QEMU did.
# Usage: peer_test.sh BUILD_DIR
set -uo pipefail
BUILD=$1
RUN="$(dirname "$0")/../../scripts/qemu-run"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/check_lines.sh
source "$(dirname "$0")/../check_lines.sh"

"$RUN" --build-dir "$BUILD" --run-dir "$tmp/run" --timeout 220 --peer \
  -- /bin/sh -c '/tests/connect_peer; a=$?; /bin/persona freebsd /tests/connect_peer && exit $a' \
  >"$tmp/guest.out" 2>"$tmp/guest.err"
rc=$?
out=$(tr -d '\r' <"$tmp/guest.out")
while IFS= read -r line; do
  case $line in
    PASS\ *) check "${line#PASS }" 0 "" ;;
    FAIL\ *) id=${line#FAIL }; check "${id%%:*}" 1 "${id#*: }" ;;
  esac
done <<<"$out"

[ "$rc" = 0 ]; check peer.guest_exit_0 $? "exit $rc: $(tail -3 "$tmp/guest.err")"
closed=$(grep -c '^[0-9]* passed, 0 failed' <<<"$out")
[ "$closed" = 2 ]; check peer.both_runs_closed $? "$closed of 2 runs ended with '0 failed'"
grep -q '^peer: .*192\.168\.77\.10 ' "$tmp/guest.err"; check peer.table_on_stderr $? "qemu-run did not print the peer's addresses"

log=$tmp/run/peer.log
# ID:PATTERN, each a line the peer logs when the behaviour was used.
for event in 'log.dropped:syn, dropped' 'log.refused:syn, answered rst' \
             'log.host_unreachable:answered icmp host unreachable' 'log.net_unreachable:answered icmp net unreachable' \
             'log.down4:arp who-has 192.168.77.15: not answered (down)' 'log.down6:nd who-has fe80::77:15: not answered (down)' \
             'log.late4:arp who-has 192.168.77.17: not answered yet (late)' 'log.late6:nd who-has fe80::77:17: not answered yet (late)' \
             'log.late4_answered:arp who-has 192.168.77.17: answered' 'log.late6_answered:nd who-has fe80::77:17: answered' \
             'log.accept_reset:data, answered rst' 'log.echo:echoed 11 bytes' 'log.echo_fin:fin, answered fin' \
             'log.udp_refused:udp .* answered port unreachable'; do
  grep -q -- "${event#*:}" "$log" 2>/dev/null; check "peer.${event%%:*}" $? "no '${event#*:}' in the peer's log"
done
tail -1 "$log" 2>/dev/null | grep -q 'stopped (Terminated)'
check peer.stopped_with_qemu $? "the peer's log does not end with its stop: $(tail -1 "$log" 2>/dev/null)"

# The guest's own lines, kept for the conformance table (scripts/conformance
# reads test-logs/guest.peer.log; its last line is the verdict).
mkdir -p "$BUILD/test-logs"
{
  printf '%s\n' "$out"
  if [ "$failed" = 0 ]; then echo "# run-guest-test: PASS"; else echo "# run-guest-test: FAIL $failed failed"; fi
} >"$BUILD/test-logs/guest.peer.log"

finish
