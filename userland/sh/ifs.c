/* IFS. See ifs.h. */
#include "ifs.h"

#include <string.h>

#include "vars.h"

const char *ifs_chars(void) {
  const char *ifs = get_var("IFS");
  return ifs ? ifs : " \t\n";
}

bool ifs_has(const char *ifs, char c) { return c != '\0' && strchr(ifs, c) != NULL; }

bool ifs_white(const char *ifs, char c) { return (c == ' ' || c == '\t' || c == '\n') && ifs_has(ifs, c); }

char ifs_join_char(void) { return ifs_chars()[0]; }
