// popen(3) and pclose(3): a stream connected by a pipe to a command run by
// `/bin/sh -c`. Mode "r" reads the command's standard output, "w" writes
// its standard input. pclose closes the stream, waits for the command and
// returns its wait status.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

// Which child belongs to which stream, for pclose.
struct PipeStream {
  FILE *file;
  pid_t pid;
  PipeStream *next;
};

PipeStream *pipe_streams = nullptr;

}  // namespace

extern "C" {

FILE *popen(const char *command, const char *mode) {
  bool reading = mode[0] == 'r';
  if ((mode[0] != 'r' && mode[0] != 'w') || (mode[1] != '\0' && mode[1] != 'e')) {
    errno = EINVAL;
    return nullptr;
  }
  auto *entry = static_cast<PipeStream *>(malloc(sizeof(PipeStream)));
  if (entry == nullptr) return nullptr;
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) < 0) {
    free(entry);
    return nullptr;
  }
  // Our end of the pipe, and the end the command gets as fd 0 or 1.
  int ours = reading ? fds[0] : fds[1];
  int theirs = reading ? fds[1] : fds[0];
  int their_fd = reading ? 1 : 0;

  fflush(nullptr);  // or the child would write our buffered output again
  pid_t pid = fork();
  if (pid < 0) {
    int saved = errno;
    close(fds[0]);
    close(fds[1]);
    free(entry);
    errno = saved;
    return nullptr;
  }
  if (pid == 0) {
    // POSIX: streams from earlier popen calls are not inherited.
    for (PipeStream *s = pipe_streams; s; s = s->next) close(fileno(s->file));
    dup2(theirs, their_fd);  // dup2 clears close-on-exec on the copy
    execl("/bin/sh", "sh", "-c", command, static_cast<char *>(nullptr));
    _exit(127);
  }
  close(theirs);
  FILE *f = fdopen(ours, reading ? "r" : "w");
  if (f == nullptr) {
    close(ours);
    waitpid(pid, nullptr, 0);
    free(entry);
    return nullptr;
  }
  *entry = {f, pid, pipe_streams};
  pipe_streams = entry;
  return f;
}

int pclose(FILE *f) {
  PipeStream **link = &pipe_streams;
  while (*link && (*link)->file != f) link = &(*link)->next;
  if (*link == nullptr) {
    errno = ECHILD;
    return -1;
  }
  PipeStream *entry = *link;
  *link = entry->next;
  pid_t pid = entry->pid;
  free(entry);

  fclose(f);  // the command sees end of file (or a broken pipe) now
  int status;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return status;
}

}  // extern "C"
