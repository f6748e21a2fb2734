// The user database: /etc/passwd, read line by line.
//   name:password:uid:gid:gecos:home:shell
// Malformed lines are skipped. Every function returns the same static
// struct, pointing into the same static line buffer.
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>

#include "../internal/colon_file.h"

namespace {

constexpr const char *kPasswdFile = "/etc/passwd";

struct passwd entry;
char *line = nullptr;  // getline's buffer, reused
size_t line_capacity = 0;
FILE *walk = nullptr;  // the stream of getpwent

bool parse(char *text, struct passwd *pw) {
  char *f[7];
  if (!tether::split_fields(text, f, 7)) return false;
  if (!tether::parse_id(f[2], &pw->pw_uid) || !tether::parse_id(f[3], &pw->pw_gid)) return false;
  pw->pw_name = f[0];
  pw->pw_passwd = f[1];
  pw->pw_gecos = f[4];
  pw->pw_dir = f[5];
  pw->pw_shell = f[6];
  return true;
}

// The next well-formed entry of `file`, or NULL at its end.
struct passwd *next_entry(FILE *file) {
  while (getline(&line, &line_capacity, file) >= 0)
    if (parse(line, &entry)) return &entry;
  return nullptr;
}

// The first entry `matches` accepts, from a fresh read of the file.
template <typename Match>
struct passwd *find(Match matches) {
  FILE *file = fopen(kPasswdFile, "re");
  if (file == nullptr) return nullptr;
  int saved = errno;
  struct passwd *pw;
  while ((pw = next_entry(file)) != nullptr && !matches(pw)) {
  }
  fclose(file);
  errno = saved;  // "not found" leaves errno as it was
  return pw;
}

}  // namespace

extern "C" {

struct passwd *getpwnam(const char *name) {
  return find([name](const struct passwd *pw) { return strcmp(pw->pw_name, name) == 0; });
}

struct passwd *getpwuid(uid_t uid) {
  return find([uid](const struct passwd *pw) { return pw->pw_uid == uid; });
}

void setpwent(void) {
  if (walk) rewind(walk);
}

struct passwd *getpwent(void) {
  if (walk == nullptr && (walk = fopen(kPasswdFile, "re")) == nullptr) return nullptr;
  return next_entry(walk);
}

void endpwent(void) {
  if (walk) fclose(walk);
  walk = nullptr;
}

}  // extern "C"
