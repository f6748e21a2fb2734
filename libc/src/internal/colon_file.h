// The shape /etc/passwd and /etc/group share: one record per line, fields
// separated by ':'. Used by src/pwd and src/grp.
#pragma once

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

namespace tether {

// Splits `line` in place at each ':' (and drops its newline). Returns true
// when it has exactly `count` fields, which then point into the line.
inline bool split_fields(char *line, char **fields, int count) {
  line[strcspn(line, "\n")] = '\0';
  int n = 0;
  for (char *p = line;; ++p) {
    if (n == count) return false;  // too many fields
    fields[n++] = p;
    p = strchrnul(p, ':');
    if (*p == '\0') break;
    *p = '\0';
  }
  return n == count;
}

// A numeric id field: digits only.
inline bool parse_id(const char *text, unsigned *id) {
  if (*text == '\0') return false;
  char *end;
  unsigned long value = strtoul(text, &end, 10);
  if (*end != '\0' || value > 0xffffffffUL) return false;
  *id = static_cast<unsigned>(value);
  return true;
}

}  // namespace tether
