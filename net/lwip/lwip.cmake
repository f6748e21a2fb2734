# lwIP inside the kernel (included by kernel/CMakeLists.txt).
#
#   tether_lwip_headers   where lwIP's headers and ours for it are found
#   tether_lwip           lwIP's own C files, a static library
#   tether_net_objects    net/: our port and the NIC drivers (C++)
#
# lwIP is never committed: its source tree is Debian's, unpacked by
# ./tether into build/lwip (LWIP_SOURCE_DIR). A build directory configured
# by hand without LWIP_SOURCE_DIR uses that tree when it is there.
if(NOT LWIP_SOURCE_DIR AND EXISTS ${CMAKE_SOURCE_DIR}/build/lwip/src/core/init.c)
  set(LWIP_SOURCE_DIR ${CMAKE_SOURCE_DIR}/build/lwip CACHE PATH "lwIP 2.1.x source tree" FORCE)
endif()
if(NOT EXISTS ${LWIP_SOURCE_DIR}/src/core/init.c)
  message(FATAL_ERROR "the kernel needs lwIP's source: run ./tether once (it fetches it into build/lwip), "
                      "or configure with -DLWIP_SOURCE_DIR=/path/to/lwip-2.1.x")
endif()

# The headers, in search order: lwipopts.h and arch/cc.h (net/lwip), the
# few C library headers lwIP wants (net/lwip/include), then lwIP's own.
add_library(tether_lwip_headers INTERFACE)
target_include_directories(tether_lwip_headers INTERFACE
  ${CMAKE_SOURCE_DIR}/net/lwip
  ${CMAKE_SOURCE_DIR}/net/lwip/include
  ${LWIP_SOURCE_DIR}/src/include)

# Exactly the parts of lwIP we configured in lwipopts.h: the core, IPv4,
# IPv6 and Ethernet. (Not its sockets, netconn or apps; not SLIP or PPP.)
set(LWIP_CORE ${LWIP_SOURCE_DIR}/src/core)
set(TETHER_LWIP_SOURCES
  ${LWIP_CORE}/init.c
  ${LWIP_CORE}/def.c
  ${LWIP_CORE}/inet_chksum.c
  ${LWIP_CORE}/ip.c
  ${LWIP_CORE}/mem.c
  ${LWIP_CORE}/memp.c
  ${LWIP_CORE}/netif.c
  ${LWIP_CORE}/pbuf.c
  ${LWIP_CORE}/raw.c
  ${LWIP_CORE}/stats.c
  ${LWIP_CORE}/tcp.c
  ${LWIP_CORE}/tcp_in.c
  ${LWIP_CORE}/tcp_out.c
  ${LWIP_CORE}/timeouts.c
  ${LWIP_CORE}/udp.c
  ${LWIP_CORE}/ipv4/dhcp.c
  ${LWIP_CORE}/ipv4/etharp.c
  ${LWIP_CORE}/ipv4/icmp.c
  ${LWIP_CORE}/ipv4/ip4.c
  ${LWIP_CORE}/ipv4/ip4_addr.c
  ${LWIP_CORE}/ipv4/ip4_frag.c
  ${LWIP_CORE}/ipv6/ethip6.c
  ${LWIP_CORE}/ipv6/icmp6.c
  ${LWIP_CORE}/ipv6/inet6.c
  ${LWIP_CORE}/ipv6/ip6.c
  ${LWIP_CORE}/ipv6/ip6_addr.c
  ${LWIP_CORE}/ipv6/ip6_frag.c
  ${LWIP_CORE}/ipv6/mld6.c
  ${LWIP_CORE}/ipv6/nd6.c
  ${LWIP_SOURCE_DIR}/src/netif/ethernet.c)

# lwIP is compiled with the kernel's flags (tether_kernel_flags: the code
# model, no SSE, no red zone, freestanding), since it runs in the kernel
# like any other code. Its warnings are shown but are not errors: it is not
# our code to fix, and a new compiler must not break the build over it.
# (A source file's options come after the target's, so -Wno-error wins.)
add_library(tether_lwip STATIC ${TETHER_LWIP_SOURCES})
target_link_libraries(tether_lwip PRIVATE tether_kernel_flags tether_lwip_headers)
set_source_files_properties(${TETHER_LWIP_SOURCES} PROPERTIES COMPILE_OPTIONS "-Wno-error")

# Our side of it, in C++ with every warning an error, like the kernel.
file(GLOB_RECURSE TETHER_NET_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/net/*.cpp)
add_library(tether_net_objects OBJECT ${TETHER_NET_SOURCES})
target_link_libraries(tether_net_objects PRIVATE tether_kernel_flags tether_lwip_headers)
