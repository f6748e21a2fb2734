# shellcheck shell=bash disable=SC2034
# Sourced by the scripts in this folder (not run on its own): the few helpers
# they share. Every message goes to stderr, so that stdout stays the guest's.

# The repository root: the folder above scripts/.
TETHER_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# note MESSAGE...: one line of progress on stderr.
note() { printf 'tether: %s\n' "$*" >&2; }

# die MESSAGE...: one line on stderr, then exit 1.
die() {
  printf 'tether: %s\n' "$*" >&2
  exit 1
}

# is_number VALUE: a positive decimal number (integer or with a fraction).
is_number() { [[ $1 =~ ^[0-9]+(\.[0-9]+)?$ && ! $1 =~ ^0+(\.0+)?$ ]]; }

# is_count VALUE: a positive integer.
is_count() { [[ $1 =~ ^[1-9][0-9]*$ ]]; }
