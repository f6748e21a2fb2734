#!/usr/bin/env bash
# Keeps the conformance table's generator (scripts/conformance) from rotting,
# without QEMU: a fraction of a second.
#   conformance_test.sh fixture  the generator on tests/tooling/conformance/
#       (a small conditions table and a few logs: passes, failures, skips,
#       a repeated id, ids with no row token or an unknown row, a log cut
#       short, missing logs) gives exactly expected.md;
#   conformance_test.sh rows     every row of the real conditions.md
#       (../shared/spec/conditions.md beside the repository, or
#       $TETHER_CONDITIONS) is parsed: as many rows as the file has table
#       lines and as its closing sentence states, each section numbered
#       1, 2, 3... without a gap. SKIP when the file is not there.
# Same output contract as the guest tests: PASS/FAIL/SKIP lines, then
# "N passed, M failed".
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
GEN=$ROOT/scripts/conformance
FIX=$HERE/conformance
# shellcheck source=tests/check_lines.sh
source "$(dirname "$0")/../check_lines.sh"
pass() { check "$1" 0; }

fixture() {
  # After a deliberate change of the layout, regenerate the expected table:
  #   scripts/conformance --conditions tests/tooling/conformance/conditions.md \
  #     --logs tests/tooling/conformance/logs --tests fix_a,fix_b,fix_c \
  #     --stamp 'From the fixture logs.' > tests/tooling/conformance/expected.md
  # and read its diff before committing it.
  local got err
  got=$(mktemp) err=$(mktemp)
  if "$GEN" --conditions "$FIX/conditions.md" --logs "$FIX/logs" --tests fix_a,fix_b,fix_c \
       --stamp 'From the fixture logs.' >"$got" 2>"$err"; then
    pass conformance.fixture.runs
  else
    fail conformance.fixture.runs "exit status $?: $(cat "$err")"
  fi
  if diff -u "$FIX/expected.md" "$got" >"$err.diff"; then
    pass conformance.fixture.table
  else
    fail conformance.fixture.table "differs from tests/tooling/conformance/expected.md:"
    sed 's/^/# /' "$err.diff"
  fi
  if grep -q 'ids naming no row: 3$' "$err"; then
    pass conformance.fixture.reports_unmapped_ids
  else
    fail conformance.fixture.reports_unmapped_ids "stderr: $(cat "$err")"
  fi
  # No logs at all is an error, not an empty table.
  if "$GEN" --conditions "$FIX/conditions.md" --logs "$FIX/logs" --tests nothing_here >/dev/null 2>&1; then
    fail conformance.fixture.no_logs_fails "the generator succeeded without logs"
  else
    pass conformance.fixture.no_logs_fails
  fi
  rm -f "$got" "$err" "$err.diff"
}

rows() {
  local cond=${TETHER_CONDITIONS:-$ROOT/../shared/spec/conditions.md}
  if [[ ! -f $cond ]]; then
    skip conformance.rows.all_parsed "no conditions table at $cond"
    return
  fi
  local counts total lines stated
  counts=$("$GEN" --conditions "$cond" --count-rows 2>&1) || { fail conformance.rows.all_parsed "$counts"; return; }
  total=$(awk '$1 == "total" { print $2 }' <<<"$counts")
  lines=$(grep -cE '^\| *[A-Z][0-9]+ *\|' "$cond")
  if [[ $total == "$lines" ]]; then
    pass conformance.rows.all_parsed
  else
    fail conformance.rows.all_parsed "parsed $total rows, the file has $lines row lines"
  fi
  # "41 error conditions (A1–F13) and 20 behaviours (N1–N20): 61 rows."
  stated=$(sed -nE 's/.*: ([0-9]+) rows\.$/\1/p' "$cond" | tail -n 1)
  if [[ -n $stated && $stated == "$total" ]]; then
    pass conformance.rows.as_stated
  else
    fail conformance.rows.as_stated "parsed $total rows, the file says '${stated:-nothing}'"
  fi
  local gaps
  gaps=$(grep -oE '^\| *[A-Z][0-9]+ *\|' "$cond" | tr -d '| ' | awk '
    { letter = substr($0, 1, 1); n = substr($0, 2) + 0
      if (n != last[letter] + 1) printf "%s after %s%d; ", $0, letter, last[letter]
      last[letter] = n }')
  if [[ -z $gaps ]]; then
    pass conformance.rows.numbered_without_gaps
  else
    fail conformance.rows.numbered_without_gaps "$gaps"
  fi
}

case ${1-} in
  fixture) fixture ;;
  rows) rows ;;
  *) echo "usage: conformance_test.sh fixture|rows" >&2; exit 2 ;;
esac
finish
