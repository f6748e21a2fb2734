// Directory streams. getdents64(2) fills a buffer with variable-length
// records (struct dirent without the padding of d_name); readdir hands them
// out one at a time and refills the buffer when it runs dry.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "../internal/syscall.h"

struct DIR {
  int fd;
  size_t position;  // next record in buffer
  size_t length;    // bytes of records in buffer
  alignas(8) char buffer[4096];
};

extern "C" {

ssize_t getdents64(int fd, void *buf, size_t size) {
  return tether::sys(SYS_getdents64, fd, buf, size);
}

DIR *fdopendir(int fd) {
  DIR *dir = static_cast<DIR *>(malloc(sizeof(DIR)));
  if (dir == nullptr) return nullptr;
  dir->fd = fd;
  dir->position = 0;
  dir->length = 0;
  return dir;
}

DIR *opendir(const char *path) {
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  DIR *dir = fdopendir(fd);
  if (dir == nullptr) {
    int saved = errno;
    close(fd);
    errno = saved;
  }
  return dir;
}

// NULL both at the end and on error; errno tells them apart (unchanged at end).
struct dirent *readdir(DIR *dir) {
  if (dir->position >= dir->length) {
    ssize_t n = getdents64(dir->fd, dir->buffer, sizeof dir->buffer);
    if (n <= 0) return nullptr;
    dir->length = static_cast<size_t>(n);
    dir->position = 0;
  }
  auto *entry = reinterpret_cast<struct dirent *>(dir->buffer + dir->position);
  dir->position += entry->d_reclen;
  return entry;
}

int closedir(DIR *dir) {
  int ret = close(dir->fd);
  free(dir);
  return ret;
}

void rewinddir(DIR *dir) {
  lseek(dir->fd, 0, SEEK_SET);
  dir->position = 0;
  dir->length = 0;
}

int dirfd(DIR *dir) { return dir->fd; }

}  // extern "C"
