/* The executor: runs what the parser built. */
#ifndef SH_EXEC_H
#define SH_EXEC_H

#include "parser.h"

/* Runs a parsed line; returns (and stores in last_status) the status of the
 * last pipeline that ran. */
int run_line(struct and_or *line);

#endif
