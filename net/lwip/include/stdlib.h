/* <stdlib.h> for lwIP: only atoi(), which netif_find() uses to read the
 * number in an interface name ("en0"). It is defined in ../sys_arch.cpp.
 * (lwIP's heap calls no malloc(): lwipopts.h sends it to the kernel heap.) */
#ifndef TETHER_LWIP_SHIM_STDLIB_H
#define TETHER_LWIP_SHIM_STDLIB_H

#ifdef __cplusplus
extern "C" {
#endif
int atoi(const char* text);
#ifdef __cplusplus
}
#endif

#endif
