# shellcheck shell=bash
# Shared by frame_burst_test.sh and icmp_echo_test.sh: boots the guest with a
# second NIC (eth1, 52:54:00:00:00:02) on QEMU's socket netdev in udp= mode
# and runs frame_peer at the host end of it. Sourced; BUILD must be set.

FRAME_PEER=${FRAME_PEER:-$BUILD/tests/net/frame_peer}
RUN="$(dirname "${BASH_SOURCE[0]}")/../../scripts/qemu-run --build-dir $BUILD"
# How long the peer waits for the guest (its first frame, its first echo
# reply) before it gives up: two boots stay well inside ctest's 180 s.
export FRAME_PEER_TIMEOUT=${FRAME_PEER_TIMEOUT:-30}
# check, finish and the scratch folder $tmp (removed on exit).
# shellcheck source=tests/net/check_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/check_lib.sh"

# frame_run GUEST_SHELL_CMD PEER_ARGS...: one boot, the peer alongside.
# Sets guest_out guest_rc peer_out peer_err peer_rc (read by the scripts).
# shellcheck disable=SC2034
frame_run() {
  local guest_cmd=$1 ports qemu_pid
  shift
  if [ ! -x "$FRAME_PEER" ]; then
    guest_out='' guest_rc=255 peer_out='' peer_err="no $FRAME_PEER (build it)" peer_rc=255
    return
  fi
  ports=$("$FRAME_PEER" freeports) || ports=
  read -r peer_port qemu_port <<<"$ports"
  $RUN --timeout 60 \
    --qemu-arg -netdev --qemu-arg "socket,id=n1,udp=127.0.0.1:$peer_port,localaddr=127.0.0.1:$qemu_port" \
    --qemu-arg -device --qemu-arg virtio-net-pci,netdev=n1,mac=52:54:00:00:00:02 \
    -- /bin/sh -c "$guest_cmd" >"$tmp/guest.out" 2>"$tmp/guest.err" &
  qemu_pid=$!
  sleep 0.5
  timeout 120 "$FRAME_PEER" "$peer_port" "$qemu_port" "$@" >"$tmp/peer.out" 2>"$tmp/peer.err"
  peer_rc=$?
  wait $qemu_pid
  guest_rc=$?
  guest_out=$(cat "$tmp/guest.out")
  peer_out=$(cat "$tmp/peer.out")
  peer_err=$(cat "$tmp/peer.err")
}

# eth1_field N: the Nth number of eth1's line in the guest's /proc/net/dev
# (1 rx bytes, 2 rx packets, 3 rx errs, 4 rx drop, ... 9 tx bytes).
eth1_field() {
  tr ':' ' ' <<<"$guest_out" | awk -v n="$1" '$1 == "eth1" { print $(n + 1); found = 1 } END { if (!found) print -1 }'
}

# replies: R of the peer's "replies R of COUNT" (-1 if it said nothing).
replies() {
  sed -n 's/^replies \([0-9]*\) of [0-9]*$/\1/p' <<<"$peer_out" | tail -1 | grep . || echo -1
}

# guest_status_says: what the launcher's status means, for messages.
guest_status_says() {
  case $guest_rc in
    0) echo "exit 0" ;;
    124) echo "timed out (124)" ;;
    125) echo "kernel panic or QEMU failure (125): $(grep -m1 -A3 'KERNEL PANIC' <<<"$guest_out") $(tail -3 "$tmp/guest.err")" ;;
    *) echo "exit $guest_rc" ;;
  esac
}
