/* Device numbers: dev_t packs a major and a minor number, in Linux's
 * layout (12 bits of major and 20 of minor in the low 32 bits, the rest
 * above them). */
#ifndef _SYS_SYSMACROS_H
#define _SYS_SYSMACROS_H

#include <bits/types.h>

#define major(dev) ((unsigned int)((((dev) >> 32) & 0xfffff000u) | (((dev) >> 8) & 0x00000fffu)))
#define minor(dev) ((unsigned int)((((dev) >> 12) & 0xffffff00u) | ((dev) & 0x000000ffu)))
#define makedev(ma, mi)                                                                  \
  ((dev_t)((((dev_t)(ma) & 0x00000fffu) << 8) | (((dev_t)(ma) & 0xfffff000u) << 32) |    \
           ((dev_t)(mi) & 0x000000ffu) | (((dev_t)(mi) & 0xffffff00u) << 12)))

#endif
