// The group database: /etc/group, read line by line.
//   name:password:gid:member,member,...
// Malformed lines are skipped. Every function returns the same static
// struct, pointing into the same static line buffer.
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../internal/colon_file.h"

namespace {

constexpr const char *kGroupFile = "/etc/group";

struct group entry;
char *line = nullptr;  // getline's buffer, reused
size_t line_capacity = 0;
char **members = nullptr;  // entry.gr_mem, grown as needed
size_t members_capacity = 0;
FILE *walk = nullptr;  // the stream of getgrent

// Splits the member list "a,b,c" in place into `members`.
bool split_members(char *list) {
  size_t count = 0;
  for (char *p = list; *p; ++p) count += *p == ',';
  count += *list != '\0';
  if (count + 1 > members_capacity) {
    auto **bigger = static_cast<char **>(realloc(members, (count + 1) * sizeof(char *)));
    if (bigger == nullptr) return false;
    members = bigger;
    members_capacity = count + 1;
  }
  size_t n = 0;
  for (char *p = list; *list && p;) {
    members[n++] = p;
    p = strchr(p, ',');
    if (p) *p++ = '\0';
  }
  members[n] = nullptr;
  return true;
}

bool parse(char *text, struct group *gr) {
  char *f[4];
  if (!tether::split_fields(text, f, 4) || !tether::parse_id(f[2], &gr->gr_gid)) return false;
  if (!split_members(f[3])) return false;
  gr->gr_name = f[0];
  gr->gr_passwd = f[1];
  gr->gr_mem = members;
  return true;
}

struct group *next_entry(FILE *file) {
  while (getline(&line, &line_capacity, file) >= 0)
    if (parse(line, &entry)) return &entry;
  return nullptr;
}

template <typename Match>
struct group *find(Match matches) {
  FILE *file = fopen(kGroupFile, "re");
  if (file == nullptr) return nullptr;
  int saved = errno;
  struct group *gr;
  while ((gr = next_entry(file)) != nullptr && !matches(gr)) {
  }
  fclose(file);
  errno = saved;  // "not found" leaves errno as it was
  return gr;
}

}  // namespace

extern "C" {

struct group *getgrnam(const char *name) {
  return find([name](const struct group *gr) { return strcmp(gr->gr_name, name) == 0; });
}

struct group *getgrgid(gid_t gid) {
  return find([gid](const struct group *gr) { return gr->gr_gid == gid; });
}

void setgrent(void) {
  if (walk) rewind(walk);
}

struct group *getgrent(void) {
  if (walk == nullptr && (walk = fopen(kGroupFile, "re")) == nullptr) return nullptr;
  return next_entry(walk);
}

void endgrent(void) {
  if (walk) fclose(walk);
  walk = nullptr;
}

}  // extern "C"
