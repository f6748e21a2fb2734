#!/usr/bin/env bash
# Checks the verbs and options of `./tether run` and `./tether cc` that a
# course's scripts rely on, through the scripts tether calls
# (scripts/cc, scripts/qemu-run; ./tether itself would try to build while
# `./tether test` holds the build): a C and a C++ program built for the
# guest and run there through --add (default and given guest path, mode
# kept), bytes passed through unchanged, --accel, SMEP/SMAP on under the
# default CPU model, and --gdb with the command `./tether gdb` runs
# (stopping at kernel_main, symbols and all).
# Prints one PASS/FAIL/SKIP line per case and the closing count.
# Usage: launcher_test.sh BUILD_DIR
set -uo pipefail
BUILD=$1
SCRIPTS=$(cd "$(dirname "$0")/../../scripts" && pwd)
RUN="$SCRIPTS/qemu-run --build-dir $BUILD"
CC="$SCRIPTS/cc --build-dir $BUILD"
# shellcheck source=tests/check_lines.sh
source "$(dirname "$0")/../check_lines.sh"

scratch=$(mktemp -d)
qemu_pid=
cleanup() {
  [ -n "$qemu_pid" ] && kill "$qemu_pid" 2>/dev/null
  rm -rf "$scratch"
}
trap cleanup EXIT

# ---- ./tether cc: C, C++, and both in one program ------------------------------

cat > "$scratch/hello.c" <<'EOF'
#include <stdio.h>
int twice(int x);
int main(int argc, char** argv) {
  printf("hello from C, %d args, %d\n", argc, twice(21));
  return argc == 3 ? 3 : 0;
}
EOF
cat > "$scratch/twice.c" <<'EOF'
int twice(int x) { return 2 * x; }
EOF
cat > "$scratch/shapes.cpp" <<'EOF'
#include <stdio.h>
extern "C" int twice(int x);
struct Shape {
  virtual ~Shape() = default;
  virtual int area() const = 0;
};
struct Square : Shape {
  explicit Square(int s) : side(s) {}
  int area() const override { return side * side; }
  int side;
};
static int constructed = 0;
struct Counter { Counter() { constructed++; } };
static Counter counter;  // a global constructor must run before main
int main() {
  Shape* s = new Square(twice(3));
  printf("hello from C++, area %d, constructors %d\n", s->area(), constructed);
  delete s;
  return 0;
}
EOF
err=$($CC -O2 -Wall -o "$scratch/hello" "$scratch/hello.c" "$scratch/twice.c" 2>&1); rc=$?
[ $rc = 0 ] && [ -x "$scratch/hello" ]; check cc.c_program $? "rc $rc: $err"
file_out=$(od -An -c -N 4 "$scratch/hello" 2>/dev/null | tr -d ' ')
[ "$file_out" = '177ELF' ] && ! readelf -l "$scratch/hello" 2>/dev/null | grep -q INTERP
check cc.static_elf $? "not a static ELF: $(readelf -l "$scratch/hello" 2>&1 | head -5)"
err=$($CC -O2 -Wall -o "$scratch/shapes" "$scratch/shapes.cpp" "$scratch/twice.c" 2>&1); rc=$?
[ $rc = 0 ]; check cc.cxx_and_c_program $? "rc $rc: $err"
err=$($CC -c -o "$scratch/twice.o" "$scratch/twice.c" 2>&1) && err=$($CC -o "$scratch/hello2" "$scratch/hello.c" "$scratch/twice.o" 2>&1); rc=$?
[ $rc = 0 ]; check cc.compile_then_link $? "rc $rc: $err"

# ---- --add: default path /tmp/NAME, a given path, mode kept --------------------

out=$($RUN --add "$scratch/hello" -- /tmp/hello a b 2>"$scratch/err"); rc=$?
[ "$out" = "hello from C, 3 args, 42" ] && [ $rc = 3 ]
check add.default_path_tmp $? "rc $rc, out '$out': $(tail -3 "$scratch/err")"
out=$($RUN --add "$scratch/shapes:/home/student/bin/shapes" -- /home/student/bin/shapes 2>"$scratch/err"); rc=$?
[ "$out" = "hello from C++, area 36, constructors 1" ] && [ $rc = 0 ]
check add.guest_path_and_cxx_runs $? "rc $rc, out '$out': $(tail -3 "$scratch/err")"
printf 'data\n' > "$scratch/plain.txt"
chmod 640 "$scratch/plain.txt"
out=$($RUN --add "$scratch/plain.txt" --add "$scratch/hello:/bin/hello" -- /bin/stat -c '%a %n' /tmp/plain.txt /bin/hello 2>"$scratch/err"); rc=$?
[ "$out" = "640 /tmp/plain.txt
755 /bin/hello" ]
check add.mode_kept_and_repeatable $? "rc $rc, out '$out': $(tail -3 "$scratch/err")"

# ---- stdout: the guest's bytes and nothing else ---------------------------------

# Carriage returns, a lone CR, a byte above 127, blank lines: all unchanged.
expected=$(printf 'a\r\nb\rc\n\n\351\n' | od -An -tx1)
got=$($RUN -- /bin/printf 'a\r\nb\rc\n\n\351\n' 2>/dev/null | od -An -tx1)
[ "$got" = "$expected" ]; check run.bytes_unchanged $? "expected $expected, got $got"
lines=$($RUN -- /bin/true 2>/dev/null | wc -c)
[ "$lines" = 0 ]; check run.no_banner_on_stdout $? "$lines bytes on stdout for /bin/true"

# ---- --accel ------------------------------------------------------------------

$RUN --accel tcg -- /bin/true >/dev/null 2>&1; rc=$?
[ $rc = 0 ]; check accel.tcg $? "rc $rc"
err=$($RUN --accel bogus -- /bin/true 2>&1 >/dev/null); rc=$?
[ $rc = 125 ] && grep -q 'kvm or tcg' <<<"$err"; check accel.bad_value_is_usage_error $? "rc $rc: $err"
if [ -c /dev/kvm ] && [ -w /dev/kvm ] && { [ -d /sys/module/kvm_intel ] || [ -d /sys/module/kvm_amd ]; } && [ ! -d /sys/module/kvm_pvm ]; then
  $RUN --accel kvm -- /bin/true >/dev/null 2>&1; rc=$?
  [ $rc = 0 ]; check accel.kvm $? "rc $rc"
else
  skip accel.kvm "no real hardware virtualization here (docs/tooling.md: /dev/kvm on PVM is a trap)"
fi

# ---- SMEP and SMAP on under the default CPU model (TCG) ---------------------------

$RUN --accel tcg --run-dir "$scratch/run" -- /bin/true >/dev/null 2>&1
grep -q 'SMEP on, SMAP on' "$scratch/run/kernel.log" 2>/dev/null
check kernel.smep_smap_on $? "kernel log: $(grep -a 'paging:' "$scratch/run/kernel.log" 2>&1)"

# ---- --gdb and the command ./tether gdb runs ---------------------------------------

if ! command -v gdb >/dev/null; then
  skip gdb.stops_at_kernel_main "no gdb on this machine (./tether gdb installs it)"
elif (exec 3<>/dev/tcp/127.0.0.1/1234) 2>/dev/null; then
  skip gdb.stops_at_kernel_main "port 1234 is in use (another ./tether run --gdb?)"
else
  $RUN --gdb --run-dir "$scratch/gdbrun" -- /bin/true >/dev/null 2>"$scratch/gdb.err" </dev/null &
  qemu_pid=$!
  for _ in $(seq 50); do
    grep -q 'waiting for a debugger' "$scratch/gdb.err" && (exec 3<>/dev/tcp/127.0.0.1/1234) 2>/dev/null && break
    sleep 0.2
  done
  grep -q '  .*tether gdb$' "$scratch/gdb.err"; check gdb.prints_attach_command $? "stderr: $(cat "$scratch/gdb.err")"
  # What ./tether gdb runs, in batch mode: stop at kernel_main, with symbols.
  gdb_out=$(timeout 60 gdb -nx -batch -ex 'target remote 127.0.0.1:1234' -ex 'hbreak kernel_main' \
              -ex continue -ex 'info symbol $pc' -ex kill "$BUILD/kernel/tether.elf" 2>&1)
  grep -q '^kernel_main in section' <<<"$gdb_out"
  check gdb.stops_at_kernel_main $? "gdb said: $(tail -5 <<<"$gdb_out")"
  kill "$qemu_pid" 2>/dev/null
  wait "$qemu_pid" 2>/dev/null
  qemu_pid=
fi

finish
