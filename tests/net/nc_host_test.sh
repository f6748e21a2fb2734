#!/usr/bin/env bash
# /bin/nc (userland/nc/) in the guest against nc on the host (the same
# source built with the host's gcc, build/host/nc), through QEMU's user
# network (10.0.2.2 is the host's 127.0.0.1):
#   both_ways   the host's `nc -l` listens with a line on its stdin; the
#               guest's `nc -v 10.0.2.2 PORT` sends a line: each side must
#               print the other's line, both exit 0, and the guest says
#               "Connection to 10.0.2.2 PORT port [tcp/*] succeeded!"
#   closed      -vz on a free host port nobody listens on: QEMU answers the
#               SYN with a RST, so "nc: connect to 10.0.2.2 port P (tcp)
#               failed: Connection refused" and exit 1
#   unanswered  -v -w 2 to 10.0.2.99, an address nothing on the user network
#               has: no SYN is answered, so -w ends it with "Connection timed
#               out" and exit 1 (the kernel's own deadline is 75 s)
# One boot runs all three. One PASS/FAIL line per check, then the count.
# Usage: nc_host_test.sh BUILD_DIR PEER_DIR (where stream_source is built)
set -uo pipefail
BUILD=$1
PEERS=$2
RUN="$(dirname "$0")/../../scripts/qemu-run --build-dir $BUILD --timeout 60"
# shellcheck source=tests/net/check_lib.sh
source "$(dirname "$0")/check_lib.sh"


# The host's listener: port 0 (the kernel picks; -v says which), a line to
# send on its stdin.
echo "hello from the host" > "$tmp/host.in"
"$BUILD/host/nc" -lv 127.0.0.1 0 < "$tmp/host.in" > "$tmp/host.out" 2> "$tmp/host.err" &
host=$!
pids+=("$host")
if ! wait_for_line "$tmp/host.err" '^Listening on 127\.0\.0\.1 [0-9]+$' 5; then
  check host_listens 1 "$(cat "$tmp/host.err")"
  finish
  exit 1
fi
port=$(sed -n 's/^Listening on 127\.0\.0\.1 //p' "$tmp/host.err")
closed_port=$("$PEERS/stream_source" --free-port)

# The guest waits for its DHCP address (before it, 10.0.2.2 is unreachable).
guest=$(cat <<GUEST
$GUEST_WAIT_FOR_DHCP
echo "both_ways: start"; echo "hello from tether" | nc -v 10.0.2.2 $port 2>&1; echo "both_ways: exit \$?"
echo "closed: start"; nc -vz 10.0.2.2 $closed_port 2>&1; echo "closed: exit \$?"
echo "unanswered: start"; nc -v -w 2 10.0.2.99 80 2>&1; echo "unanswered: exit \$?"
GUEST
)
out=$($RUN -- /bin/sh -c "$guest" 2>&1); rc=$?
# The host's nc has both inputs finished by now (its stdin was a file; the
# guest's nc half-closed, then closed); a hang here is a failure.
for ((i = 0; i < 100; i++)); do kill -0 "$host" 2>/dev/null || break; sleep 0.1; done
kill "$host" 2>/dev/null
wait "$host"
host_rc=$?

printed() { tr -d '\r' <<<"$out" | sed -n "/^$1: start\$/,/^$1: exit/p" | sed '1d;$d'; }
status() { tr -d '\r' <<<"$out" | sed -n "s/^$1: exit //p"; }

want="Connection to 10.0.2.2 $port port [tcp/*] succeeded!
hello from the host"
[ "$(status both_ways)" = 0 ] && [ "$(printed both_ways)" = "$want" ]
check both_ways.guest_got_line_exit_0 $? "exit '$(status both_ways)', printed '$(printed both_ways)'; rc $rc, guest: $out"
[ "$(cat "$tmp/host.out")" = "hello from tether" ] && [ $host_rc = 0 ] &&
  grep -qE '^Connection received on 127\.0\.0\.1 [0-9]+$' "$tmp/host.err"
check both_ways.host_got_line_exit_0 $? "host nc (rc $host_rc) printed '$(cat "$tmp/host.out")', stderr '$(cat "$tmp/host.err")'"
[ "$(status closed)" = 1 ] &&
  [ "$(printed closed)" = "nc: connect to 10.0.2.2 port $closed_port (tcp) failed: Connection refused" ]
check closed.refused_exit_1 $? "exit '$(status closed)', printed '$(printed closed)'; rc $rc, guest: $out"
[ "$(status unanswered)" = 1 ] &&
  [ "$(printed unanswered)" = "nc: connect to 10.0.2.99 port 80 (tcp) failed: Connection timed out" ]
check unanswered.w_timeout_exit_1 $? "exit '$(status unanswered)', printed '$(printed unanswered)'; rc $rc, guest: $out"

finish
