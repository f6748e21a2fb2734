#!/usr/bin/env bash
# The illumos connect(3SOCKET) example (/bin/connect, userland/connect/)
# against the host, through QEMU's user network (10.0.2.2 is the host's
# 127.0.0.1):
#   open    stream_sink listens on a host port; `connect 10.0.2.2 PORT`
#           must exit 0 and print nothing, and the sink must see the
#           connection open and close cleanly (0 bytes, then EOF)
#   closed  a free host port nobody listens on: QEMU's user network answers
#           the SYN with a RST, so the program must print the page's
#           "asnchronous connect: Connection refused" and exit 1
#   unanswered  10.0.2.99: nothing on QEMU's user network has that address (it
#           answers ARP only for its own), so no SYN is ever answered; with
#           net.inet.tcp.keepinit at 2 s the program must print "asnchronous
#           connect: Connection timed out" and exit 1 (keepinit below the
#           3 s after which the unanswered ARP would end the attempt with
#           EHOSTUNREACH, row B7, as on Linux)
# One boot runs all three. One PASS/FAIL line per check, then the count.
# Usage: connect_example_test.sh BUILD_DIR PEER_DIR (where the peers are built)
set -uo pipefail
BUILD=$1
PEERS=$2
RUN="$(dirname "$0")/../../scripts/qemu-run --build-dir $BUILD --timeout 60"
# shellcheck source=tests/net/check_lib.sh
source "$(dirname "$0")/check_lib.sh"


# The listening peer: stream_sink expecting 0 bytes (the program connects
# and exits without writing).
"$PEERS/stream_sink" 0 90 > "$tmp/sink.out" 2>&1 &
sink=$!
pids+=("$sink")
if ! wait_for_line "$tmp/sink.out" '^port [0-9]+$' 5; then
  check sink_listens 1 "$(cat "$tmp/sink.out")"
  finish
  exit 1
fi
open_port=$(sed -n 's/^port //p' "$tmp/sink.out")
closed_port=$("$PEERS/stream_source" --free-port)

# The guest waits for its DHCP address (at most ~10 s: before it, 10.0.2.2
# is unreachable), then runs the program twice, each run between two
# marker lines.
guest=$(cat <<GUEST
$GUEST_WAIT_FOR_DHCP
echo "open: start"; /bin/connect 10.0.2.2 $open_port 2>&1; echo "open: exit \$?"
echo "closed: start"; /bin/connect 10.0.2.2 $closed_port 2>&1; echo "closed: exit \$?"
echo 2000 > /proc/sys/net/inet/tcp/keepinit
echo "unanswered: start"; /bin/connect 10.0.2.99 80 2>&1; echo "unanswered: exit \$?"
GUEST
)
out=$($RUN -- /bin/sh -c "$guest" 2>&1); rc=$?
wait "$sink"
sink_rc=$?
sink_said=$(grep -v '^port ' "$tmp/sink.out")

# printed CASE: what the program printed between the markers; status CASE:
# its exit status.
printed() { tr -d '\r' <<<"$out" | sed -n "/^$1: start\$/,/^$1: exit/p" | sed '1d;$d'; }
status() { tr -d '\r' <<<"$out" | sed -n "s/^$1: exit //p"; }

[ "$(status open)" = 0 ] && [ -z "$(printed open)" ]
check open.exit_0_silent $? "exit '$(status open)', printed '$(printed open)'; rc $rc, guest: $out"
[ "$sink_said" = "ok 0" ] && [ $sink_rc = 0 ]
check open.host_saw_connection $? "sink (rc $sink_rc): $sink_said"
[ "$(status closed)" = 1 ] && [ "$(printed closed)" = "asnchronous connect: Connection refused" ]
check closed.message_exit_1 $? "exit '$(status closed)', printed '$(printed closed)'; rc $rc, guest: $out"
[ "$(status unanswered)" = 1 ] && [ "$(printed unanswered)" = "asnchronous connect: Connection timed out" ]
check unanswered.message_exit_1 $? "exit '$(status unanswered)', printed '$(printed unanswered)'; rc $rc, guest: $out"

finish
