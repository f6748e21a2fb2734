#!/usr/bin/env bash
# Checks scripts/setup's rules without installing anything: deb-src entries
# derived from an apt sources fixture (deb822 and one-line), and what a user
# who is not root is told (one command, then exit 1). As root, the second
# part runs setup as nobody (setpriv); a fake dpkg-query reports every
# package missing. Then a machine without dpkg (not Debian): the missing
# tools named, LWIP_SOURCE_DIR required and checked. Prints one PASS/FAIL/SKIP line per case and the count.
# Usage: setup_test.sh
set -uo pipefail
SCRIPTS=$(cd "$(dirname "$0")/../../scripts" && pwd)
# shellcheck source=tests/check_lines.sh
source "$(dirname "$0")/../check_lines.sh"

scratch=$(mktemp -d)
chmod 755 "$scratch"
trap 'rm -rf "$scratch"' EXIT

# An apt folder as Debian 12 has it, plus what must be left alone: a
# commented line, a stanza switched off, a third-party suite. The host
# names are placeholders (.invalid): the repository names no mirror.
apt=$scratch/apt
mkdir -p "$apt/sources.list.d"
cat > "$apt/sources.list.d/debian.sources" <<'EOF'
Types: deb
# a comment inside the stanza
URIs: http://mirror.invalid/debian
Suites: testrel testrel-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://mirror.invalid/debian-security
Suites: testrel-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://off.invalid/debian
Suites: testrel
Components: main
Enabled: no
EOF
cat > "$apt/sources.list.d/vendor.sources" <<'EOF'
Types: deb
URIs: http://vendor.invalid/apt
Suites: stable
Components: main
EOF
expected_deb822='Types: deb-src
URIs: http://mirror.invalid/debian
Suites: testrel testrel-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://mirror.invalid/debian-security
Suites: testrel-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg'

# shellcheck source=scripts/debsrc.sh
source "$SCRIPTS/debsrc.sh"
apt_dir=$apt codename=testrel

! has_deb_src; check debsrc.none_yet $? "has_deb_src found an entry in a fixture without one"
target=$(derive_deb_src "$scratch/out"); rc=$?
[ $rc = 0 ] && [ "$target" = "$apt/sources.list.d/tether-deb-src.sources" ]
check debsrc.deb822_target $? "rc $rc, target '$target'"
[ "$(cat "$scratch/out")" = "$expected_deb822" ]
check debsrc.deb822_copies_release_stanzas $? "got: $(cat "$scratch/out")"

cp "$scratch/out" "$apt/sources.list.d/tether-deb-src.sources"
has_deb_src; check debsrc.found_after_adding $? "has_deb_src misses the derived file"
derive_deb822 "$scratch/out2"
[ "$(cat "$scratch/out2")" = "$expected_deb822" ]
check debsrc.derived_file_not_read_back $? "got: $(cat "$scratch/out2")"
rm "$apt/sources.list.d/"*.sources

# The one-line format: options in brackets, a third-party suite.
cat > "$apt/sources.list" <<'EOF'
# deb http://commented.invalid/debian testrel main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://mirror.invalid/debian testrel main contrib
deb http://mirror.invalid/debian-security testrel-security main
deb http://vendor.invalid/apt stable main
EOF
target=$(derive_deb_src "$scratch/out"); rc=$?
[ $rc = 0 ] && [ "$target" = "$apt/sources.list.d/tether-deb-src.list" ]
check debsrc.oneline_target $? "rc $rc, target '$target'"
[ "$(cat "$scratch/out")" = 'deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://mirror.invalid/debian testrel main contrib
deb-src http://mirror.invalid/debian-security testrel-security main' ]
check debsrc.oneline_copies_release_lines $? "got: $(cat "$scratch/out")"

rm "$apt/sources.list"
! derive_deb_src "$scratch/out" >/dev/null; check debsrc.nothing_to_derive_fails $? "derived something from an empty apt folder"

# ---- not root: one command, exit 1 -------------------------------------------

# The machine's own release, which setup reads from /etc/os-release.
release=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME-}")
if [ "$(id -u)" = 0 ]; then
  as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  command -v setpriv >/dev/null || as_user=()
else
  as_user=(env)
fi
if [ ${#as_user[@]} = 0 ]; then
  skip setup.non_root_one_command "running as root without setpriv(1)"
elif [ -z "$release" ]; then
  skip setup.non_root_one_command "/etc/os-release names no VERSION_CODENAME"
else
  sed "s/testrel/$release/" > "$apt/sources.list.d/debian.sources" <<'EOF'
Types: deb
URIs: http://mirror.invalid/debian
Suites: testrel
Components: main
EOF
  mkdir -p "$scratch/bin" "$scratch/build"
  # dpkg-query that knows no package: everything is missing.
  printf '#!/bin/sh\nexit 1\n' > "$scratch/bin/dpkg-query"
  chmod 755 "$scratch/bin/dpkg-query"
  chmod 777 "$scratch/build"
  err=$(env -u LWIP_SOURCE_DIR PATH="$scratch/bin:$PATH" TETHER_APT_DIR="$apt" \
          "${as_user[@]}" "$SCRIPTS/setup" --build-dir "$scratch/build" --lwip 2>&1 >/dev/null)
  rc=$?
  [ $rc = 1 ]; check setup.non_root_exits_1 $? "rc $rc: $err"
  commands=$(grep -c '^  sudo ' <<<"$err")
  [ "$commands" = 1 ]; check setup.non_root_one_command $? "$commands command lines in: $err"
  line=$(grep '^  sudo ' <<<"$err")
  for part in "install -m 644 $scratch/build/tether-deb-src $apt/sources.list.d/tether-deb-src.sources" \
              "apt-get update" "apt-get install -y --no-install-recommends qemu-system-x86 " " libgtest-dev "; do
    grep -qF -- "$part" <<<"$line" || { echo "# missing '$part'"; false; } || break
  done
  check setup.non_root_command_does_everything $? "command: $line"
  [ "$(cat "$scratch/build/tether-deb-src" 2>/dev/null)" = "Types: deb-src
URIs: http://mirror.invalid/debian
Suites: $release
Components: main" ]
  check setup.non_root_derived_file $? "got: $(cat "$scratch/build/tether-deb-src" 2>&1)"
  [ ! -e "$apt/sources.list.d/tether-deb-src.sources" ]
  check setup.non_root_writes_no_apt_file $? "setup wrote into the apt folder"
fi

# ---- not Debian: no dpkg-query, so nothing to install with ------------------

# A PATH with the few commands setup itself uses, and no dpkg-query.
nodeb=$scratch/nodeb
mkdir -p "$nodeb"
for t in bash env dirname id grep awk sed mkdir cat rm; do
  ln -s "$(type -P "$t")" "$nodeb/$t"
done
mkdir -p "$scratch/lwip/src/core" "$scratch/lwip/src/include"
# stderr captured, stdout dropped:
# shellcheck disable=SC2069
run_nodeb() { env -u LWIP_SOURCE_DIR PATH="$nodeb" "$@" "$SCRIPTS/setup" --build-dir "$scratch/build" --lwip 2>&1 >/dev/null; }
err=$(run_nodeb env LWIP_SOURCE_DIR="$scratch/lwip"); rc=$?
[ $rc = 1 ] && grep -q 'not a Debian system.*missing: qemu-system-x86_64 cmake ninja gcc g++ cpio' <<<"$err"
check setup.not_debian_names_missing_tools $? "rc $rc: $err"
# The tools there (stand-ins), lwIP from LWIP_SOURCE_DIR: nothing to do.
for t in qemu-system-x86_64 cmake ninja gcc g++ cpio; do ln -s /bin/true "$nodeb/$t"; done
err=$(run_nodeb env LWIP_SOURCE_DIR="$scratch/lwip"); rc=$?
[ $rc = 0 ]; check setup.not_debian_with_lwip_source_dir $? "rc $rc: $err"
err=$(run_nodeb env); rc=$?
[ $rc = 1 ] && grep -q 'Set LWIP_SOURCE_DIR=' <<<"$err"
check setup.not_debian_needs_lwip_source_dir $? "rc $rc: $err"
err=$(run_nodeb env LWIP_SOURCE_DIR="$scratch"); rc=$?
[ $rc = 1 ] && grep -q 'is not an lwIP source tree' <<<"$err"
check setup.lwip_source_dir_checked $? "rc $rc: $err"

finish
