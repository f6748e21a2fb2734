/* Waiting for children, and decoding the status word Linux reports:
 *   exited:   (code << 8)          low 7 bits zero
 *   killed:   signal number        in the low 7 bits (0x80 = core dumped)
 *   stopped:  (signal << 8) | 0x7f
 */
#ifndef _SYS_WAIT_H
#define _SYS_WAIT_H

#include <bits/cdefs.h>
#include <bits/types.h>

#define WNOHANG 1
#define WUNTRACED 2
#define WSTOPPED WUNTRACED
#define WEXITED 4
#define WCONTINUED 8

#define WEXITSTATUS(status) (((status) >> 8) & 0xff)
#define WTERMSIG(status) ((status) & 0x7f)
#define WSTOPSIG(status) WEXITSTATUS(status)
#define WIFEXITED(status) (WTERMSIG(status) == 0)
#define WIFSTOPPED(status) (((status) & 0xff) == 0x7f)
#define WIFSIGNALED(status) (WTERMSIG(status) != 0 && WTERMSIG(status) != 0x7f)
#define WIFCONTINUED(status) ((status) == 0xffff)
#define WCOREDUMP(status) ((status) & 0x80)

struct rusage;

__BEGIN_DECLS
pid_t wait(int *status);
pid_t waitpid(pid_t pid, int *status, int options);
pid_t wait4(pid_t pid, int *status, int options, struct rusage *usage);
__END_DECLS

#endif
