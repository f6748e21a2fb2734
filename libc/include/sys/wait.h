/* Waiting for children, and decoding the status word Linux reports:
 *   exited:   (code << 8)          low 7 bits zero
 *   killed:   signal number        in the low 7 bits (0x80 = core dumped)
 *   stopped:  (signal << 8) | 0x7f
 */
#ifndef _SYS_WAIT_H
#define _SYS_WAIT_H

#include <bits/cdefs.h>
#include <bits/types.h>
#include <signal.h> /* siginfo_t, for waitid */

#define WNOHANG 1
#define WUNTRACED 2
#define WSTOPPED WUNTRACED
#define WEXITED 4
#define WCONTINUED 8
#define WNOWAIT 0x01000000 /* waitid: report, but leave the child waitable */

/* waitid's idtype: which children id names. */
typedef enum {
  P_ALL = 0,  /* any child; id is ignored */
  P_PID = 1,  /* the child whose pid is id */
  P_PGID = 2, /* any child in process group id (0: the caller's) */
  P_PIDFD = 3 /* the child a pidfd names (Tether has none: EBADF) */
} idtype_t;

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
/* One of WEXITED, WSTOPPED, WCONTINUED is required; 0 on success, with
 * info->si_pid 0 when WNOHANG found nothing ready. */
int waitid(idtype_t idtype, id_t id, siginfo_t *info, int options);
__END_DECLS

#endif
