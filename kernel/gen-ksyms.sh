#!/bin/sh
# Writes an assembly file holding the text symbols of a linked kernel, sorted
# by address, for panic backtraces. With no kernel (first link) it writes an
# empty table. .ksyms sits right after .text in the linker script, so filling
# it in does not move any code address. Usage: gen-ksyms.sh [KERNEL.elf] > out.S
set -eu
{
  if [ $# -ge 1 ]; then
    nm -n --defined-only -C "$1" | awk '$2 ~ /^[tTwW]$/ { addr = $1; $1 = ""; $2 = ""; sub(/^  /, ""); print addr " " $0 }'
  fi
} | awk '
  BEGIN { n = 0 }
  { addr[n] = $1; $1 = ""; sub(/^ /, ""); name[n] = $0; n++ }
  END {
    print "    .section .ksyms, \"a\""
    print "    .globl ksyms_count, ksyms_addresses, ksyms_name_offsets, ksyms_names"
    print "    .balign 8"
    print "ksyms_count: .quad " n
    print "ksyms_addresses:"
    for (i = 0; i < n; i++) print "    .quad 0x" addr[i]
    print "ksyms_name_offsets:"
    off = 0
    for (i = 0; i < n; i++) { print "    .long " off; off += length(name[i]) + 1 }
    print "ksyms_names:"
    for (i = 0; i < n; i++) { s = name[i]; gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); print "    .asciz \"" s "\"" }
  }'
