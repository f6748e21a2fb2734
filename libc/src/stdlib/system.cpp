// system(3): run a command through `/bin/sh -c` and wait for it.
//
// As POSIX asks, while the command runs the caller ignores SIGINT and
// SIGQUIT (Ctrl-C is for the command) and blocks SIGCHLD (so a SIGCHLD
// handler cannot reap the child first); the child gets the caller's
// original dispositions and mask back before it execs the shell.
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

extern "C" int system(const char *command) {
  // system(NULL) asks whether a shell is available.
  if (command == nullptr) return access("/bin/sh", X_OK) == 0;

  struct sigaction ignore = {};
  ignore.sa_handler = SIG_IGN;
  struct sigaction old_int, old_quit;
  sigaction(SIGINT, &ignore, &old_int);
  sigaction(SIGQUIT, &ignore, &old_quit);
  sigset_t block, old_mask;
  sigemptyset(&block);
  sigaddset(&block, SIGCHLD);
  sigprocmask(SIG_BLOCK, &block, &old_mask);

  int status = -1;
  pid_t pid = fork();
  if (pid == 0) {
    sigaction(SIGINT, &old_int, nullptr);
    sigaction(SIGQUIT, &old_quit, nullptr);
    sigprocmask(SIG_SETMASK, &old_mask, nullptr);
    execl("/bin/sh", "sh", "-c", command, static_cast<char *>(nullptr));
    _exit(127);  // the status of "the shell could not be run"
  }
  if (pid > 0) {
    while (waitpid(pid, &status, 0) < 0) {
      if (errno != EINTR) {
        status = -1;
        break;
      }
    }
  }
  int saved = errno;
  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGQUIT, &old_quit, nullptr);
  sigprocmask(SIG_SETMASK, &old_mask, nullptr);
  errno = saved;
  return status;
}
