#!/usr/bin/env bash
# The guest survives a burst of malformed frames on a second NIC: frame_peer
# sends 20000 hostile frames (short, oversize, bad IPv4/IPv6/ARP/TCP/UDP
# headers, garbage) through QEMU's socket netdev into eth1. The guest must
# keep running, count the frames in /proc/net/dev (packets, and errors or
# drops for what it refused), and afterwards still answer ICMPv6 echo; an
# oversize frame is dropped whole, not in part.
# Prints one PASS/FAIL line per case and the closing count.
# Usage: frame_burst_test.sh BUILD_DIR
set -uo pipefail
BUILD=$1
# shellcheck source=tests/net/frame_lib.sh
source "$(dirname "$0")/frame_lib.sh"

# 1. The burst during `sleep 4`; then the counters, then "alive".
frame_run 'sleep 4; cat /proc/net/dev; echo alive' burst 20000
[ "$guest_rc" = 0 ]; check burst.guest_exit_0 $? "$(guest_status_says)"
grep -qx alive <<<"$guest_out"; check burst.guest_alive $? "no 'alive' in: $guest_out"
grep -q '^sent 20000 frames' <<<"$peer_out"; check burst.peer_sent_all $? "peer rc $peer_rc: $peer_out $peer_err"
packets=$(eth1_field 2) errs=$(eth1_field 3) drop=$(eth1_field 4)
echo "eth1 after the burst: rx packets $packets errs $errs drop $drop"
[ "$packets" -ge 0 ] && [ $((packets + errs + drop)) -gt 0 ]
check burst.eth1_counts_traffic $? "eth1 rx packets $packets errs $errs drop $drop in: $guest_out"
# Frames shorter than an Ethernet header or longer than the MTU are refused
# by the driver and counted: the burst has thousands.
[ "$errs" -ge 0 ] && [ $((errs + drop)) -gt 0 ]
check burst.eth1_counts_refused $? "eth1 rx errs $errs drop $drop"

# 2. The same burst, then ICMPv6 echo in the same boot: the stack still works.
frame_run 'sleep 8; cat /proc/net/dev' burst 20000 ping6 5
[ "$guest_rc" = 0 ]; check after_burst.guest_exit_0 $? "$(guest_status_says)"
r=$(replies)
[ "$peer_rc" = 0 ] && [ "$r" -ge 4 ]
check after_burst.ping6 $? "peer rc $peer_rc, $r replies of 5: $peer_out $peer_err"

# 3. Oversize frames span several receive buffers; the driver refuses them,
# and must refuse all of their buffers: frame_peer hides echo requests in the
# last buffer of 16 KiB frames, behind a fake virtio-net header. An answer
# means the frame's tail was taken for a frame of its own.
frame_run 'sleep 6; cat /proc/net/dev' smuggle 5
[ "$guest_rc" = 0 ]; check oversize.guest_exit_0 $? "$(guest_status_says)"
grep -q '^smuggled replies 0 of 5$' <<<"$peer_out" && [ "$peer_rc" = 0 ]
check oversize.tail_not_taken_for_a_frame $? "peer rc $peer_rc: $peer_out $peer_err"
errs=$(eth1_field 3)
# One error per refused frame (some were sent before the guest was up).
[ "$errs" -ge 5 ] && [ "$errs" -le 10 ]
check oversize.one_error_per_frame $? "eth1 rx errs $errs for 5 oversize frames"

finish
