#!/usr/bin/env bash
# Keeps `./tether bench` from rotting without ever judging a figure:
#   tether.*  scripts/bench --quick --only tether: every program of bench/
#             runs once in Tether with a tiny count and prints a well-formed
#             line, "BENCH NAME VALUE UNIT" (VALUE a number, or n/a with the
#             errno name of a missing feature); the table has every row.
#   linux.*   the Linux builds (gcc -static) run on the host against
#             bench/host_peer, with the same check.
# One PASS/FAIL line per check, then the count.
# Usage: bench_programs_test.sh BUILD_DIR
set -uo pipefail
BUILD=$1
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PROGRAMS="null_syscall tcp_loopback_connect unix_connect tcp_loopback_throughput unix_throughput
          tcp_host_connect tcp_host_throughput tcp_host_rx_throughput udp_host_pps"
# shellcheck source=tests/check_lines.sh
source "$(dirname "$0")/../check_lines.sh"
tmp=$(mktemp -d)
peer=
cleanup() {
  [ -n "$peer" ] && kill "$peer" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

# well_formed NAME FILE: FILE has exactly one BENCH line for NAME, well formed.
well_formed() {
  [ "$(grep -c "^BENCH $1 " "$2")" = 1 ] &&
    grep -Eq "^BENCH $1 ([0-9]+(\.[0-9]+)?|n/a) [A-Za-z/]+$" "$2"
}

# ---- in Tether, through scripts/bench ----------------------------------------
"$ROOT/scripts/bench" --build-dir "$BUILD" --quick --only tether --keep --work-dir "$tmp/work" \
  > "$tmp/table" 2> "$tmp/stderr"
rc=$?
[ $rc = 0 ]; check tether.bench_script_succeeds $? "rc $rc: $(cat "$tmp/stderr")"
out=$tmp/work/bench-tether/out
tr -d '\r' < "$out" > "$tmp/tether.out" 2>/dev/null
for p in $PROGRAMS; do
  well_formed "$p" "$tmp/tether.out"
  check "tether.$p" $? "no well-formed BENCH line; the guest printed: $(cat "$tmp/tether.out")"
done
for row in boot_to_userland boot_to_poweroff $PROGRAMS; do
  grep -Eq "^$row +[0-9n]" "$tmp/table"
  check "table.$row" $? "no figure for $row in: $(cat "$tmp/table")"
done

# ---- the Linux builds, on the host ------------------------------------------
"$BUILD/bench/host_peer" 60 > "$tmp/peer.out" &
peer=$!
for _ in $(seq 50); do grep -q '^ports' "$tmp/peer.out" && break; sleep 0.1; done
read -r _ sink source udp < "$tmp/peer.out"
for p in $PROGRAMS; do
  case $p in
    tcp_host_connect|tcp_host_throughput) port="-p $sink" ;;
    tcp_host_rx_throughput) port="-p $source" ;;
    udp_host_pps) port="-p $udp" ;;
    *) port= ;;
  esac
  # shellcheck disable=SC2086  # $port is words
  timeout 20 "$BUILD/bench/linux/$p" -n 2 -h 127.0.0.1 $port > "$tmp/linux.$p" 2>&1
  well_formed "$p" "$tmp/linux.$p"
  check "linux.$p" $? "$(cat "$tmp/linux.$p")"
done

finish
