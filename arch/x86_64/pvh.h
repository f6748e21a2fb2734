// What the PVH boot protocol hands the kernel in %ebx: the hvm_start_info
// structure (Xen's public/arch-x86/hvm/start_info.h), version 1.
#pragma once
#include <stdint.h>

struct HvmStartInfo {
  static constexpr uint32_t kMagic = 0x336ec578;
  uint32_t magic;
  uint32_t version;
  uint32_t flags;
  uint32_t nr_modules;
  uint64_t modlist_paddr;   // HvmModule[nr_modules]; module 0 is the initrd
  uint64_t cmdline_paddr;   // NUL-terminated kernel command line
  uint64_t rsdp_paddr;      // ACPI RSDP, or 0
  uint64_t memmap_paddr;    // E820-style entries (version >= 1)
  uint32_t memmap_entries;
  uint32_t reserved;
};

struct HvmModule {
  uint64_t paddr;
  uint64_t size;
  uint64_t cmdline_paddr;
  uint64_t reserved;
};
