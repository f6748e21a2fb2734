/* ulimit: print and set the shell's resource limits (ulimit.c). */
#ifndef SH_ULIMIT_H
#define SH_ULIMIT_H

int builtin_ulimit(int argc, char **argv);

#endif
