# shellcheck shell=bash
# The PASS/FAIL/SKIP lines of a shell test and its closing count: the shell
# counterpart of tests/guest/testlib/tether_test.h, sourced by the scripts
# of tests/tooling/ and tests/net/ (through check_lib.sh).
#
#   check ID STATUS MESSAGE   "PASS ID" if STATUS is 0, else "FAIL ID: MESSAGE"
#   fail ID MESSAGE           "FAIL ID: MESSAGE"
#   skip ID REASON            "SKIP ID: REASON"
#   finish                    the closing "N passed, M failed" (", K skipped"
#                             when K > 0); status 0 only if nothing failed,
#                             so a script can end with it

passed=0 failed=0 skipped=0

check() {
  if [ "$2" = 0 ]; then echo "PASS $1"; passed=$((passed + 1)); else fail "$1" "$3"; fi
}

fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }

skip() { echo "SKIP $1: $2"; skipped=$((skipped + 1)); }

finish() {
  if [ "$skipped" = 0 ]; then echo "$passed passed, $failed failed"; else echo "$passed passed, $failed failed, $skipped skipped"; fi
  [ "$failed" = 0 ]
}
