# Packs every registered file (tether_initrd_add) into build/initrd.cpio, a
# cpio "newc" archive the kernel unpacks into its root ramfs at boot.
get_property(_entries GLOBAL PROPERTY TETHER_INITRD_ENTRIES)
get_property(_deps GLOBAL PROPERTY TETHER_INITRD_DEPENDS)
string(REPLACE ";" "\n" _manifest "${_entries}")
file(GENERATE OUTPUT ${CMAKE_BINARY_DIR}/initrd.manifest CONTENT "${_manifest}\n")
file(GLOB_RECURSE _rootfs_files CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/userland/rootfs/*)
add_custom_command(
  OUTPUT ${CMAKE_BINARY_DIR}/initrd.cpio
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/mkinitrd
          --rootfs ${CMAKE_SOURCE_DIR}/userland/rootfs
          --manifest ${CMAKE_BINARY_DIR}/initrd.manifest
          --output ${CMAKE_BINARY_DIR}/initrd.cpio
  DEPENDS ${_deps} ${_rootfs_files} ${CMAKE_BINARY_DIR}/initrd.manifest
          ${CMAKE_SOURCE_DIR}/scripts/mkinitrd
  COMMENT "Packing initrd.cpio")
add_custom_target(initrd ALL DEPENDS ${CMAKE_BINARY_DIR}/initrd.cpio)

# The compile/link recipe for `./tether cc`, from the same flag lists.
string(REPLACE ";" " " TETHER_CC_CFLAGS "${TETHER_USER_CFLAGS}")
string(REPLACE ";" " " TETHER_CC_CXXFLAGS "${TETHER_USER_CXXFLAGS}")
string(REPLACE ";" " " TETHER_CC_LDFLAGS "${TETHER_USER_LDFLAGS}")
configure_file(${CMAKE_SOURCE_DIR}/cmake/tether-cc.in ${CMAKE_BINARY_DIR}/tether-cc.conf @ONLY)
