/* The executor: runs what the parser built. */
#ifndef SH_EXEC_H
#define SH_EXEC_H

#include <stdbool.h>

#include "parser.h"

/* Runs a list; returns (and stores in last_status) the status of the last
 * command that ran. With exit_after the process exits when the list is
 * done, so the last command may exec without forking first. */
int run_list(const struct and_or *list, bool exit_after);

/* Parses and runs a whole text: a -c string, a script, a `.` file, a $(...).
 * A syntax error stops it with status 2. */
int run_string(const char *text);

/* Set by break/continue [n] and return; the loops and lists in between
 * stop early. */
extern int pending_break, pending_continue;
extern bool pending_return;
/* How many loops enclose the command running now; how many function
 * calls (and `.` files), where return is allowed. */
extern int loop_depth, function_depth;
/* A foreground job died of Ctrl-C: the rest of the input line is skipped. */
extern bool interrupted;

#endif
