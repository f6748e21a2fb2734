// kernel_main: the order in which Tether comes up. boot.S calls it in long
// mode, on the boot stack, with the physical address of the PVH start_info.
#include "arch/x86_64/apic.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/layout.h"
#include "arch/x86_64/paging.h"
#include "arch/x86_64/pvh.h"
#include "arch/x86_64/serial.h"
#include "arch/x86_64/syscall_setup.h"
#include "arch/x86_64/trap.h"
#include "kernel/boot_args.h"
#include "kernel/dev/pci/pci.h"
#include "kernel/dev/console.h"
#include "kernel/dev/tty.h"
#include "kernel/fs/initrd.h"
#include "kernel/fs/inode.h"
#include "kernel/fs/procfs/procfs.h"
#include "kernel/lib/string.h"
#include "kernel/mm/frame_allocator.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/profile.h"
#include "kernel/proc/process.h"
#include "kernel/proc/scheduler.h"
#include "kernel/syscalls/syscall.h"
#include "kernel/time.h"
#include "net/net.h"

extern "C" char __kernel_phys_start[], __kernel_end[];
extern "C" void (*__init_array_start[])(), (*__init_array_end[])();

namespace {
constexpr size_t kMaxMemoryMapEntries = 128;

void run_global_constructors() {
  for (auto* ctor = __init_array_start; ctor < __init_array_end; ctor++) (*ctor)();
}

void serial_interrupt(TrapFrame*) {
  for (int c; (c = serial::try_read(serial::kCom1)) >= 0;) tty::receive_byte(uint8_t(c));
}

// The boot's phases (kernel/profile.h); time::init's PIT wait comes before
// the clock runs, so it shows only in the log's timestamps.
profile::Counter pci_time{"boot.pci"};
profile::Counter initrd_time{"boot.initrd_unpack"};
profile::Counter net_time{"boot.net"};

uint64_t page_floor(uint64_t a) { return a & ~0xFFFull; }
uint64_t page_ceil(uint64_t a) { return (a + 0xFFF) & ~0xFFFull; }
}  // namespace

extern "C" [[noreturn]] void kernel_main(uint32_t start_info_phys) {
  serial::init(serial::kCom2);
  run_global_constructors();
  auto* info = static_cast<const HvmStartInfo*>(layout::phys_to_virt(start_info_phys));
  if (info->magic != HvmStartInfo::kMagic) {
    console::init(true);
    panic("not booted through PVH (start_info magic %x)", info->magic);
  }
  boot_args::parse(info->cmdline_paddr ? static_cast<const char*>(layout::phys_to_virt(info->cmdline_paddr)) : "");
  console::init(boot_args::tty_onlcr());
  printk_set_quiet(boot_args::quiet());
  printk("Tether: booting (command line \"%s\")", boot_args::command_line());

  gdt::init();
  idt::init();

  // Physical memory: everything the map calls usable, except what is in use.
  if (info->version < 1 || !info->memmap_paddr) panic("PVH start_info has no memory map");
  size_t entries = info->memmap_entries < kMaxMemoryMapEntries ? info->memmap_entries : kMaxMemoryMapEntries;
  mem::E820Entry memory_map[kMaxMemoryMapEntries];
  memcpy(memory_map, layout::phys_to_virt(info->memmap_paddr), entries * sizeof(mem::E820Entry));
  const uint8_t* initrd = nullptr;
  size_t initrd_size = 0;
  if (info->nr_modules > 0) {
    auto* module = static_cast<const HvmModule*>(layout::phys_to_virt(info->modlist_paddr));
    initrd = static_cast<const uint8_t*>(layout::phys_to_virt(module->paddr));
    initrd_size = module->size;
  }
  uint64_t kernel_start = uint64_t(__kernel_phys_start);
  uint64_t kernel_end = uint64_t(__kernel_end) - layout::kKernelBase;
  mem::Region reserved[] = {
      {0, 0x100000},  // the first megabyte: firmware, the PVH structures, legacy devices
      {kernel_start, page_ceil(kernel_end) - kernel_start},
      {page_floor(layout::virt_to_phys(initrd)), page_ceil(initrd_size) + 0x1000},
  };
  frames::init(memory_map, entries, reserved, initrd ? 3 : 2);
  paging::init();

  apic::init();
  time::init();
  {
    // needs the heap (device records), the direct map (BARs) and the APIC (MSI-X)
    profile::Scope scope(pci_time);
    pci::init();
  }
  syscall_setup::init();
  fpu::init();
  scheduler::init();
  syscalls_init();

  fs::init();
  if (!initrd) panic("no initrd: QEMU needs -initrd (./tether passes it)");
  KStatus unpacked = ok();
  {
    profile::Scope scope(initrd_time);
    unpacked = fs::unpack_initrd(initrd, initrd_size);
  }
  if (unpacked.is_error()) panic("initrd: malformed archive (errno %d)", unpacked.error());
  printk("initrd: %lu KiB unpacked into the root ramfs", initrd_size / 1024);
  procfs::mount();

  uint8_t serial_vector = trap::allocate_vector();
  trap::register_handler(serial_vector, serial_interrupt);
  apic::route_isa_irq(4, serial_vector);
  serial::enable_receive_interrupt(serial::kCom1);

  proc::start_init("/sbin/init");
  // The network: lwIP, the loopback interface, the NICs, the "net" thread.
  // After PID 1 exists (the thread must not take pid 1), and it returns at
  // once: DHCP completes in the background, so it never delays init.
  {
    profile::Scope scope(net_time);
    net::init();
  }
  printk("Tether: starting /sbin/init, %lu MiB free", frames::free_count() * 4096 >> 20);
  scheduler::idle_loop();
}
