#!/usr/bin/env bash
# The guest answers ICMPv6 echo on a second NIC (eth1) from its link-local
# address, fe80::5054:ff:fe00:2, which needs no configuration: frame_peer
# answers the guest's neighbour solicitation and sends 5 echo requests.
# Prints one PASS/FAIL line per case and the closing count.
# Usage: icmp_echo_test.sh BUILD_DIR
set -uo pipefail
BUILD=$1
# shellcheck source=tests/net/frame_lib.sh
source "$(dirname "$0")/frame_lib.sh"

frame_run 'sleep 5' ping6 5
[ "$guest_rc" = 0 ]; check icmp.guest_exit_0 $? "$(guest_status_says)"
r=$(replies)
[ "$peer_rc" = 0 ] && [ "$r" -ge 4 ]
check icmp.echo6_replies $? "peer rc $peer_rc, $r replies of 5: $peer_out $peer_err"

finish
