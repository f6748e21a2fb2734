/* POSIX system interface: one libc function per Linux system call, mostly. */
#ifndef _UNISTD_H
#define _UNISTD_H

#include <bits/cdefs.h>
#include <bits/types.h>
#include <stddef.h>

#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

/* access(2) */
#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

/* lseek(2) */
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

/* lockf(3) */
#define F_ULOCK 0
#define F_LOCK 1
#define F_TLOCK 2
#define F_TEST 3

__BEGIN_DECLS

extern char **environ;

/* The raw entry into the kernel: syscall(SYS_getpid). -1 and errno on error. */
long syscall(long number, ...);

/* Files and descriptors */
ssize_t read(int fd, void *buf, size_t count);
ssize_t write(int fd, const void *buf, size_t count);
ssize_t pread(int fd, void *buf, size_t count, off_t offset);
ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset);
int close(int fd);
off_t lseek(int fd, off_t offset, int whence);
int dup(int fd);
int dup2(int oldfd, int newfd);
int dup3(int oldfd, int newfd, int flags);
int pipe(int fds[2]);
int pipe2(int fds[2], int flags);
int isatty(int fd);
int fsync(int fd);
int truncate(const char *path, off_t length);
int ftruncate(int fd, off_t length);
int lockf(int fd, int cmd, off_t len);

/* The file system namespace */
int access(const char *path, int mode);
int chdir(const char *path);
int fchdir(int fd);
char *getcwd(char *buf, size_t size);
int unlink(const char *path);
int rmdir(const char *path);
int link(const char *oldpath, const char *newpath);
int symlink(const char *target, const char *linkpath);
ssize_t readlink(const char *path, char *buf, size_t size);
int chown(const char *path, uid_t owner, gid_t group);
int fchown(int fd, uid_t owner, gid_t group);
int lchown(const char *path, uid_t owner, gid_t group);
void sync(void);

/* The *at() variants: a relative path starts at dirfd (AT_FDCWD: the
 * current directory). The AT_* flags are in <fcntl.h>. */
int faccessat(int dirfd, const char *path, int mode, int flags);
int fchownat(int dirfd, const char *path, uid_t owner, gid_t group, int flags);
int linkat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, int flags);
int symlinkat(const char *target, int newdirfd, const char *linkpath);
ssize_t readlinkat(int dirfd, const char *path, char *buf, size_t size);
int unlinkat(int dirfd, const char *path, int flags);

/* Processes */
pid_t fork(void);
pid_t vfork(void);
int execve(const char *path, char *const argv[], char *const envp[]);
int execv(const char *path, char *const argv[]);
int execvp(const char *file, char *const argv[]);
int execvpe(const char *file, char *const argv[], char *const envp[]);
/* The list forms: arguments end with (char *)NULL; execle's envp follows it. */
int execl(const char *path, const char *arg0, ...);
int execlp(const char *file, const char *arg0, ...);
int execle(const char *path, const char *arg0, ...);
__noreturn void _exit(int status);
pid_t getpid(void);
pid_t getppid(void);
pid_t getpgrp(void);
pid_t getpgid(pid_t pid);
int setpgid(pid_t pid, pid_t pgid);
pid_t setsid(void);
pid_t getsid(pid_t pid);
uid_t getuid(void);
uid_t geteuid(void);
gid_t getgid(void);
gid_t getegid(void);
int setuid(uid_t uid);
int setgid(gid_t gid);
int setreuid(uid_t ruid, uid_t euid);
int setregid(gid_t rgid, gid_t egid);
int setresuid(uid_t ruid, uid_t euid, uid_t suid);
int setresgid(gid_t rgid, gid_t egid, gid_t sgid);
int getresuid(uid_t *ruid, uid_t *euid, uid_t *suid);
int getresgid(gid_t *rgid, gid_t *egid, gid_t *sgid);
/* size 0 asks how many supplementary groups there are. (setgroups is in <grp.h>.) */
int getgroups(int size, gid_t list[]);

/* The terminal's foreground process group (also in <termios.h>). */
pid_t tcgetpgrp(int fd);
int tcsetpgrp(int fd, pid_t pgrp);

/* Memory */
int brk(void *addr);
void *sbrk(long increment);

/* Time */
unsigned int sleep(unsigned int seconds);
int usleep(useconds_t usec);
unsigned int alarm(unsigned int seconds);
int pause(void);

long sysconf(int name);
int getpagesize(void);
int gethostname(char *name, size_t size);
int sethostname(const char *name, size_t len);
int setdomainname(const char *name, size_t len);
#define _SC_ARG_MAX 0
#define _SC_CHILD_MAX 1
#define _SC_CLK_TCK 2
#define _SC_NGROUPS_MAX 3
#define _SC_OPEN_MAX 4
#define _SC_PAGESIZE 30
#define _SC_PAGE_SIZE _SC_PAGESIZE
#define _SC_HOST_NAME_MAX 180

/* getopt(3): the classic command-line parser the small tools use. */
extern char *optarg;
extern int optind, opterr, optopt;
int getopt(int argc, char *const argv[], const char *optstring);

__END_DECLS

#endif
