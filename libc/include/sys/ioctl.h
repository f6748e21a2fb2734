#ifndef _SYS_IOCTL_H
#define _SYS_IOCTL_H

#include <bits/cdefs.h>
#include <bits/ioctl.h>
#include <bits/sockios.h>

/* TIOCGWINSZ / TIOCSWINSZ */
struct winsize {
  unsigned short ws_row;
  unsigned short ws_col;
  unsigned short ws_xpixel;
  unsigned short ws_ypixel;
};

__BEGIN_DECLS
int ioctl(int fd, unsigned long request, ...);
__END_DECLS

#endif
