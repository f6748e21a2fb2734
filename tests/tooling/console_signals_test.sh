#!/usr/bin/env bash
# Signals typed on the console: the guest's serial console is QEMU's stdin,
# so a byte written there arrives as if typed. Ctrl-C (0x03) must send
# SIGINT and Ctrl-\ (0x1c) SIGQUIT to the foreground process group, which
# here is the command `./tether run` started (its status becomes ours:
# 128 + the signal). Prints one PASS/FAIL line per case and the count.
# Usage: console_signals_test.sh BUILD_DIR
set -uo pipefail
BUILD=$1
RUN="$(dirname "$0")/../../scripts/qemu-run --build-dir $BUILD"
# shellcheck source=tests/check_lines.sh
source "$(dirname "$0")/../check_lines.sh"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# type ID BYTE NAME STATUS: boots a command that says "ready" and sleeps,
# types BYTE once "ready" is out, expects exit status STATUS and the echo ^NAME.
type_key() {
  local id=$1 byte=$2 shown=$3 expected=$4 out=$scratch/$1.out
  mkfifo "$scratch/$id.in"
  exec {keys}<>"$scratch/$id.in"   # open read-write: QEMU never sees EOF
  $RUN --timeout 120 -- /bin/sh -c 'echo ready; /bin/sleep 60; echo survived' \
    <"$scratch/$id.in" >"$out" 2>/dev/null &
  local qemu=$! i
  for ((i = 0; i < 1200; i++)); do
    grep -q ready "$out" 2>/dev/null && break
    sleep 0.1
  done
  sleep 0.5   # let sh start sleep and wait for it
  printf "$byte" >&"$keys"
  wait "$qemu"
  local rc=$?
  exec {keys}>&-
  [ "$rc" = "$expected" ] && ! grep -q survived "$out"
  check "$id" $? "exit status $rc, expected $expected; output: $(tr -d '\r' <"$out" | tr '\n' '|')"
  grep -qF "$shown" "$out"
  check "$id.echoed" $? "no $shown in the output: $(tr -d '\r' <"$out" | tr '\n' '|')"
}

type_key console.ctrl_c_sigint_kills_foreground '\003' '^C' 130
type_key console.ctrl_backslash_sigquit_kills_foreground '\034' '^\' 131

finish
