/* ps: list every process, from /proc/PID/status (and /proc/PID/cmdline):
 *     PID  PPID   UID STAT CMD
 *       1     0     0 S    /sbin/init
 * UID is the effective user id; STAT the state letter (R running,
 * S sleeping, Z zombie, ...); CMD the command line, or [Name] when the
 * process has none (a zombie). -e, -A, ax and aux are accepted and change
 * nothing: ps always shows every process. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct process {
  long pid;
  long ppid;
  unsigned uid;
  char state;
  char name[64];
};

/* Reads the fields ps needs from /proc/PID/status, "Key:\tvalue" lines. */
static int read_status(long pid, struct process *p) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%ld/status", pid);
  FILE *f = fopen(path, "r");
  if (f == NULL) return -1;
  p->pid = pid;
  p->ppid = 0;
  p->uid = 0;
  p->state = '?';
  p->name[0] = '\0';
  char line[256];
  while (fgets(line, sizeof line, f)) {
    unsigned real_uid, effective_uid;
    if (strncmp(line, "Name:", 5) == 0) sscanf(line + 5, " %63[^\n]", p->name);
    else if (strncmp(line, "State:", 6) == 0) sscanf(line + 6, " %c", &p->state);
    else if (strncmp(line, "PPid:", 5) == 0) p->ppid = strtol(line + 5, NULL, 10);
    else if (strncmp(line, "Uid:", 4) == 0) {
      int n = sscanf(line + 4, "%u %u", &real_uid, &effective_uid);
      if (n >= 1) p->uid = n == 2 ? effective_uid : real_uid;
    }
  }
  fclose(f);
  return 0;
}

/* The command line: NUL-separated arguments, shown joined by spaces. */
static void print_command(const struct process *p) {
  char path[64], text[4096];
  snprintf(path, sizeof path, "/proc/%ld/cmdline", p->pid);
  int fd = open(path, O_RDONLY);
  ssize_t n = fd < 0 ? -1 : read(fd, text, sizeof text - 1);
  if (fd >= 0) close(fd);
  if (n <= 0) {
    printf("[%s]\n", p->name);
    return;
  }
  if (text[n - 1] == '\0') n--; /* the last argument's own NUL */
  for (ssize_t i = 0; i < n; i++)
    if (text[i] == '\0') text[i] = ' ';
  text[n] = '\0';
  printf("%s\n", text);
}

static int by_pid(const void *a, const void *b) {
  long x = *(const long *)a, y = *(const long *)b;
  return (x > y) - (x < y);
}

static int all_digits(const char *s) {
  for (; *s; s++)
    if (!isdigit((unsigned char)*s)) return 0;
  return 1;
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "-e") && strcmp(a, "-A") && strcmp(a, "ax") && strcmp(a, "aux")) {
      fprintf(stderr, "usage: ps (every process is always shown)\n");
      return 1;
    }
  }
  DIR *proc = opendir("/proc");
  if (proc == NULL) {
    fprintf(stderr, "ps: cannot read /proc (%s): this system has no process file system\n",
            strerror(errno));
    return 1;
  }
  long *pids = NULL;
  size_t count = 0, capacity = 0;
  struct dirent *entry;
  while ((entry = readdir(proc)) != NULL) {
    if (!all_digits(entry->d_name)) continue;
    if (count == capacity) {
      capacity = capacity ? capacity * 2 : 64;
      pids = realloc(pids, capacity * sizeof *pids);
      if (pids == NULL) {
        fprintf(stderr, "ps: out of memory\n");
        return 1;
      }
    }
    pids[count++] = strtol(entry->d_name, NULL, 10);
  }
  closedir(proc);
  if (count == 0) {
    fprintf(stderr, "ps: /proc lists no processes: is it mounted?\n");
    return 1;
  }
  qsort(pids, count, sizeof *pids, by_pid);

  printf("%5s %5s %5s %-4s %s\n", "PID", "PPID", "UID", "STAT", "CMD");
  for (size_t i = 0; i < count; i++) {
    struct process p;
    if (read_status(pids[i], &p) < 0) continue; /* it exited meanwhile */
    printf("%5ld %5ld %5u %-4c ", p.pid, p.ppid, p.uid, p.state);
    print_command(&p);
  }
  free(pids);
  return 0;
}
