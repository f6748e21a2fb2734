#!/usr/bin/env bash
# Guest <-> host TCP over QEMU user networking, with an ordinary program at
# the guest's end (/tests/stream_guest, tests/net/stream_guest.c, over the
# socket API):
#   guest_to_host  the guest sends 1 MiB of the pattern to stream_sink on the
#                  host's loopback, which it reaches as 10.0.2.2 (slirp)
#   host_to_guest  stream_source sends 1 MiB to the guest's port 7777
#                  through --hostfwd
#   capture        guest_to_host again with --pcap; pcap_handshake finds the
#                  SYN, SYN-ACK, ACK of that connection in the capture
# Both ends check every byte. One PASS/FAIL line per check, then the count.
# Usage: guest_host_stream_test.sh BUILD_DIR PEER_DIR (where the peers are built)
set -uo pipefail
BUILD=$1
PEERS=$2
RUN="$(dirname "$0")/../../scripts/qemu-run --build-dir $BUILD --timeout 60"
BYTES=1048576
# shellcheck source=tests/net/check_lib.sh
source "$(dirname "$0")/check_lib.sh"

# The guest's half, a sh -c script: wait for DHCP (at most ~10 s), then
# /tests/stream_guest with $1 (it says "started" once it listens, and "ok
# ..." at the end; its exit status is the script's).
guest_script() {
  cat <<GUEST
$GUEST_WAIT_FOR_DHCP
/tests/stream_guest $1
GUEST
}

# guest_to_host ID [--pcap FILE]: the guest sends, stream_sink checks.
guest_to_host() {
  local id=$1; shift
  "$PEERS/stream_sink" $BYTES 90 > "$tmp/sink.out" 2>&1 &
  local sink=$!
  pids+=("$sink")
  if ! wait_for_line "$tmp/sink.out" '^port [0-9]+$' 5; then
    check "$id.sink_listens" 1 "$(cat "$tmp/sink.out")"
    return 1
  fi
  port=$(sed -n 's/^port //p' "$tmp/sink.out")
  local out rc
  out=$($RUN "$@" -- /bin/sh -c "$(guest_script "send 10.0.2.2 $port $BYTES")" 2>&1); rc=$?
  # The sink ends by itself once the connection closes (or its own timeout).
  wait "$sink"
  local sink_rc=$? sink_said
  sink_said=$(grep -v '^port ' "$tmp/sink.out")
  grep -qx "ok sent $BYTES" <<<"$out" && [ $rc = 0 ]
  check "$id.guest_sent_all" $? "rc $rc, guest: $out"
  [ "$sink_said" = "ok $BYTES" ] && [ $sink_rc = 0 ]
  check "$id.host_received_all" $? "sink (rc $sink_rc): $sink_said"
}

# ---- guest -> host ----------------------------------------------------------
guest_to_host guest_to_host

# ---- host -> guest, through --hostfwd --------------------------------------
# The forward's host port is picked free just before QEMU binds it; if
# another program took it meanwhile, QEMU fails at once and we try again.
for attempt in 1 2 3; do
  hp=$("$PEERS/stream_source" --free-port)
  $RUN --hostfwd "tcp:$hp:7777" -- /bin/sh -c "$(guest_script "recv 7777 $BYTES")" > "$tmp/guest.out" 2>&1 &
  guest=$!
  pids+=("$guest")
  # "started": the guest listens now (or QEMU died, and the wait ends early).
  for ((i = 0; i < 300; i++)); do
    grep -q '^started' "$tmp/guest.out" 2>/dev/null && break
    kill -0 "$guest" 2>/dev/null || break
    sleep 0.1
  done
  grep -q 'host forwarding' "$tmp/guest.out" && { wait "$guest"; continue; }
  break
done
source_said=$("$PEERS/stream_source" "$hp" $BYTES 10 2>&1); source_rc=$?
wait "$guest"; rc=$?
out=$(cat "$tmp/guest.out")
grep -qx "ok received $BYTES" <<<"$out" && [ $rc = 0 ]
check host_to_guest.guest_received_all $? "rc $rc, guest: $out"
[ "$source_said" = "ok sent $BYTES" ] && [ $source_rc = 0 ]
check host_to_guest.host_sent_all $? "source (rc $source_rc): $source_said"

# ---- capture: the handshake is in the pcap ---------------------------------
if guest_to_host capture --pcap "$tmp/capture.pcap"; then
  said=$("$PEERS/pcap_handshake" "$tmp/capture.pcap" 10.0.2.15 10.0.2.2 "$port" 2>&1); rc=$?
  [ $rc = 0 ]; check capture.tcp_handshake $? "rc $rc: $said"
fi

finish
