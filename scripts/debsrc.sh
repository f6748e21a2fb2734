# shellcheck shell=bash disable=SC2154  # apt_dir and codename: set by the caller
# Sourced by scripts/setup (and tests/tooling/setup_test.sh): deriving apt's
# deb-src entries from the machine's own sources, so that `apt-get source
# lwip` works without the repository naming any host. Nothing here writes
# outside the file it is given.
#
# Set before calling: apt_dir (the folder of sources.list and
# sources.list.d/, /etc/apt on a real machine) and codename (the release,
# bookworm; only entries for its suites are derived, so a third-party
# repository without sources is left alone; empty: every entry).

# The files setup writes; the derivations never read them back.
debsrc_file() { echo "$apt_dir/sources.list.d/tether-deb-src.sources"; }
debsrc_list() { echo "$apt_dir/sources.list.d/tether-deb-src.list"; }

# has_deb_src: some enabled deb-src entry exists.
has_deb_src() {
  local f
  for f in "$apt_dir/sources.list" "$apt_dir"/sources.list.d/*.list; do
    [[ -f $f ]] && grep -Eq '^[[:space:]]*deb-src[[:space:]]' "$f" && return 0
  done
  for f in "$apt_dir"/sources.list.d/*.sources; do
    [[ -f $f ]] || continue
    # A stanza with deb-src among its Types, not switched off by "Enabled: no".
    awk 'BEGIN { RS = ""; found = 0 }
         /(^|\n)Types:[^\n]*deb-src/ && !/(^|\n)Enabled:[[:space:]]*no/ { found = 1 }
         END { exit !found }' "$f" && return 0
  done
  return 1
}

# derive_deb822 OUT: each enabled "Types: deb" stanza of *.sources for this
# release, with Types: deb-src and every other field (URIs, Suites,
# Components, Signed-By...) as it was. Returns 1 when there is none.
derive_deb822() {
  local out=$1 f
  : > "$out"
  for f in "$apt_dir"/sources.list.d/*.sources; do
    [[ -f $f && $f != "$(debsrc_file)" ]] || continue
    awk -v codename="$codename" '
      function flush() {
        if (n && is_deb && enabled && suite_ok) {
          if (printed++) print ""
          print "Types: deb-src"
          for (i = 1; i <= n; i++) if (lines[i] !~ /^Types:/) print lines[i]
        }
        n = 0; is_deb = 0; enabled = 1; suite_ok = (codename == "")
      }
      BEGIN { n = 0; enabled = 1; suite_ok = (codename == ""); printed = 0 }
      /^[[:space:]]*#/ { next }
      /^[[:space:]]*$/ { flush(); next }
      {
        lines[++n] = $0
        if ($1 == "Types:") { for (i = 2; i <= NF; i++) if ($i == "deb") is_deb = 1 }
        if ($1 == "Enabled:" && tolower($2) == "no") enabled = 0
        if ($1 == "Suites:") {
          for (i = 2; i <= NF; i++)
            if ($i == codename || index($i, codename "-") == 1 || index($i, codename "/") == 1) suite_ok = 1
        }
      }
      END { flush() }' "$f" >> "$out.part"
    if [[ -s $out.part ]]; then
      [[ -s $out ]] && echo >> "$out"
      cat "$out.part" >> "$out"
    fi
    rm -f "$out.part"
  done
  [[ -s $out ]]
}

# derive_oneline OUT: each "deb ..." line of the one-line lists for this
# release, as "deb-src ...". Returns 1 when there is none.
derive_oneline() {
  local out=$1 f
  : > "$out"
  for f in "$apt_dir/sources.list" "$apt_dir"/sources.list.d/*.list; do
    [[ -f $f && $f != "$(debsrc_list)" ]] || continue
    awk -v codename="$codename" '
      $1 == "deb" {
        # deb [options] URI SUITE COMPONENTS...: the suite follows the URI.
        i = 2
        if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
        suite = $(i + 1)
        if (codename == "" || suite == codename || index(suite, codename "-") == 1 || index(suite, codename "/") == 1) {
          sub(/^[[:space:]]*deb/, "deb-src"); print
        }
      }' "$f" >> "$out"
  done
  [[ -s $out ]]
}

# derive_deb_src OUT: the deb-src entries in OUT, from the deb822 sources
# when there are any, else from the one-line lists. Prints the file apt
# should read them from (debsrc_file or debsrc_list); returns 1 when there
# is nothing to derive them from.
derive_deb_src() {
  if derive_deb822 "$1"; then
    debsrc_file
  elif derive_oneline "$1"; then
    debsrc_list
  else
    return 1
  fi
}
