/* trap: commands the shell runs when a signal arrives, or when it exits.
 *
 *   trap 'commands' SIG...   run commands when SIG arrives (EXIT or 0: when
 *                            the shell ends)
 *   trap '' SIG...           ignore SIG (commands started later ignore it too)
 *   trap - SIG...            back to what SIG did before the first trap
 *   trap, trap -p [SIG...]   list the traps (-p: bash's, also of some
 *                            signals only), as commands that set them again
 *   trap -l                  the signals' numbers and names, as bash lists them
 *
 * A signal handler only records that the signal came; its commands run
 * between two commands (run_pending_traps), never in the middle of one,
 * and a foreground command is waited for first, as POSIX (XCU 2.11) asks.
 * `wait` returns at once, with 128 + the signal, when a trapped signal
 * arrives. Subshells and commands start with the traps reset (ignored
 * signals stay ignored). */
#ifndef SH_TRAP_H
#define SH_TRAP_H

#include <stdbool.h>

int builtin_trap(int argc, char **argv);

/* Runs the commands of the trapped signals that arrived since last time. */
void run_pending_traps(void);
/* A trapped signal that arrived and whose commands have not run yet (0 if
 * none): the number, so that `wait` can return 128 + it. */
int trap_pending(void);
/* Is sig ignored with `trap '' SIG`? Such a signal stays ignored in jobs. */
bool trap_ignored(int sig);

/* Is an EXIT trap set? Then a child's last command must not replace the
 * shell with exec, or the trap would never run. */
bool exit_trap_set(void);
/* Runs the EXIT trap, if one is set, with $? = status (only once). */
void run_exit_trap(int status);
/* The shell ends: the EXIT trap, then exit(status) (unless the trap calls
 * `exit n`, which wins). */
_Noreturn void shell_exit(int status);

/* In a child that is a subshell or becomes a command: signals with
 * commands get their earlier handling back and the traps are forgotten;
 * ignored signals stay ignored. */
void traps_reset_in_child(void);

#endif
