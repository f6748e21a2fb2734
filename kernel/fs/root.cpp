// The root of the ramfs and the nodes every Tether system has before the
// initrd adds its files:
//
//   /             0755
//   /dev          0755
//   /dev/console  0620  the console tty (5:1)
//   /dev/tty      0666  the same terminal (5:0), "the process's terminal"
//   /dev/null     0666  (1:3)
//   /dev/zero     0666  (1:5)
//   /tmp          1777  anyone may create, only owners may remove
//
// The device numbers are Linux's (Documentation/admin-guide/devices.txt),
// so `ls -l /dev` reads the same on both.
#include "kernel/dev/null.h"
#include "kernel/dev/tty.h"
#include "kernel/fs/char_device.h"
#include "kernel/fs/inode.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"

namespace fs {
namespace {

Inode* root_directory = nullptr;

struct DeviceNode {
  const char* name;
  uint32_t major, minor;
  uint32_t permissions;
  CharDevice* (*driver)();
};

const DeviceNode kDeviceNodes[] = {
    {"console", 5, 1, 0620, tty::console_device},
    {"tty", 5, 0, 0666, tty::console_device},
    {"null", 1, 3, 0666, dev::null_device},
    {"zero", 1, 5, 0666, dev::zero_device},
};

// Boot-time creation: no permission checks (the kernel makes these), and
// no way to carry on without them.
Inode* make_boot_node(Inode* dir, const char* name, InodeType type, uint32_t permissions) {
  Inode* inode = Inode::create(type, permissions, 0, 0);
  if (!inode || link_child(dir, name, strlen(name), inode).is_error()) panic("fs: out of memory creating %s", name);
  inode->unref();  // the directory entry keeps it
  return inode;
}
}  // namespace

void init() {
  KASSERT(!root_directory);
  root_directory = Inode::create(InodeType::Directory, 0755, 0, 0);
  if (!root_directory) panic("fs: out of memory creating /");
  // No entry names the root; its "." and ".." (itself) are its 2 links. The
  // reference from create() is never dropped: the root lives forever.
  root_directory->nlink = 2;

  Inode* dev = make_boot_node(root_directory, "dev", InodeType::Directory, 0755);
  for (const DeviceNode& node : kDeviceNodes) {
    Inode* inode = make_boot_node(dev, node.name, InodeType::CharDevice, node.permissions);
    inode->rdev = make_device_number(node.major, node.minor);
    inode->device = node.driver();
  }
  make_boot_node(root_directory, "tmp", InodeType::Directory, 01777);
}

Inode* root() { return root_directory; }

CharDevice* char_device_for(uint64_t rdev) {
  for (const DeviceNode& node : kDeviceNodes)
    if (make_device_number(node.major, node.minor) == rdev) return node.driver();
  return nullptr;
}

}  // namespace fs
