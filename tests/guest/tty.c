/* tty: the terminal ioctls on a real terminal, and what a file that is not
 * one answers.
 *
 * The terminal: on Tether the console, /dev/console; on Linux a
 * pseudo-terminal's slave end (/dev/ptmx, then /dev/pts/N), since a test
 * run by ctest has no terminal of its own. Both start with Linux's
 * tty_std_termios, so the same defaults are checked on both. Every setting
 * changed is put back before the next case.
 *
 * Not checked here: the line discipline's editing, echo, ^C and ^D need
 * bytes typed at the terminal, which only the host end of the serial line
 * can do (Tether has no pseudo-terminals and no TIOCSTI); kernel/dev/tty.cpp
 * says what it does, and kernel/dev/README.md how it was checked by hand.
 *
 * Sources: tty_ioctl(4) (TCGETS, TCSETS, TIOCGWINSZ, TIOCSWINSZ, FIONREAD,
 * TCFLSH, "ENOTTY" for a request the device does not know), termios(3)
 * (the flags and control characters, VMIN/VTIME), lseek(2) ("ESPIPE" for a
 * terminal as for a pipe), ioctl(2) ("EFAULT argp references an
 * inaccessible memory area", "ENOTTY fd is not associated with a character
 * special device").
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "tether_test.h"
#include "tether_util.h"

/* Linux's ioctls for a pseudo-terminal's master (host only). */
#define TIOCGPTN_ 0x80045430
#define TIOCSPTLCK_ 0x40045431

static int master_fd = -1;

/* A terminal to test, opened O_RDWR|O_NOCTTY: -1 if there is none. */
static int open_terminal(void) {
  if (tt_on_tether()) return open("/dev/console", O_RDWR | O_NOCTTY);
  master_fd = open("/dev/ptmx", O_RDWR | O_NOCTTY);
  if (master_fd < 0) return -1;
  int unlock = 0, number = -1;
  if (ioctl(master_fd, TIOCSPTLCK_, &unlock) < 0 || ioctl(master_fd, TIOCGPTN_, &number) < 0) return -1;
  char path[64];
  snprintf(path, sizeof path, "/dev/pts/%d", number);
  return open(path, O_RDWR | O_NOCTTY);
}

/* Whether reading fd could stop this process: on Tether the console is the
 * controlling terminal of every process, and a read from outside its
 * foreground group gets SIGTTIN. */
static bool may_read(int fd) {
  pid_t group = 0;
  if (!tt_on_tether()) return true;
  return ioctl(fd, TIOCGPGRP, &group) == 0 && group == getpgrp();
}

static void check_settings(int fd) {
  struct termios t;
  if (!TT_CHECK("tty.tcgets", ioctl(fd, TCGETS, &t) == 0, "TCGETS: %s", strerror(errno))) return;
  struct termios saved = t;
  TT_CHECK("tty.default_lflag_icanon_echo_isig", (t.c_lflag & (ICANON | ECHO | ISIG)) == (ICANON | ECHO | ISIG),
           "c_lflag %#o", t.c_lflag);
  TT_CHECK("tty.default_iflag_icrnl", (t.c_iflag & ICRNL) != 0, "c_iflag %#o", t.c_iflag);
  TT_CHECK("tty.default_oflag_opost", (t.c_oflag & OPOST) != 0, "c_oflag %#o", t.c_oflag);
  TT_CHECK("tty.default_control_chars",
           t.c_cc[VINTR] == 003 && t.c_cc[VQUIT] == 034 && t.c_cc[VERASE] == 0177 && t.c_cc[VKILL] == 025 &&
               t.c_cc[VEOF] == 004 && t.c_cc[VMIN] == 1,
           "VINTR %o VQUIT %o VERASE %o VKILL %o VEOF %o VMIN %d", t.c_cc[VINTR], t.c_cc[VQUIT], t.c_cc[VERASE],
           t.c_cc[VKILL], t.c_cc[VEOF], t.c_cc[VMIN]);

  /* TCSETS, then TCGETS sees the change. */
  t.c_lflag &= ~(tcflag_t)ECHO;
  t.c_cc[VKILL] = 030;
  struct termios back;
  TT_CHECK("tty.tcsets_then_tcgets",
           ioctl(fd, TCSETS, &t) == 0 && ioctl(fd, TCGETS, &back) == 0 && !(back.c_lflag & ECHO) &&
               back.c_cc[VKILL] == 030,
           "after TCSETS without ECHO: c_lflag %#o, VKILL %o (%s)", back.c_lflag, back.c_cc[VKILL], strerror(errno));

  /* Raw mode with VMIN = VTIME = 0: a read returns at once, with what
   * there is (nothing here). */
  if (may_read(fd)) {
    t.c_lflag &= ~(tcflag_t)ICANON;
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = 0;
    char c;
    errno = 0;
    long got = ioctl(fd, TCSETS, &t) == 0 ? (long)read(fd, &c, 1) : -2;
    TT_CHECK("tty.raw_vmin_0_vtime_0_read_returns_0", got == 0, "read returned %ld (%s)", got, strerror(errno));
  } else {
    tt_skip("tty.raw_vmin_0_vtime_0_read_returns_0", "not in the console's foreground group");
  }
  TT_CHECK("tty.tcsets_restores", ioctl(fd, TCSETS, &saved) == 0, "TCSETS of the saved settings: %s",
           strerror(errno));

  /* TCFLSH: TCIFLUSH, TCOFLUSH, TCIOFLUSH; anything else is EINVAL. */
  TT_CHECK("tty.tcflsh_input", ioctl(fd, TCFLSH, TCIFLUSH) == 0, "TCFLSH TCIFLUSH: %s", strerror(errno));
  tt_expect_errno("tty.tcflsh_bad_queue_einval", ioctl(fd, TCFLSH, 7), EINVAL);
}

static void check_window_size(int fd) {
  struct winsize saved, w = {30, 100, 0, 0}, back;
  if (!TT_CHECK("tty.tiocgwinsz", ioctl(fd, TIOCGWINSZ, &saved) == 0, "TIOCGWINSZ: %s", strerror(errno))) return;
  TT_CHECK("tty.tiocswinsz_then_tiocgwinsz",
           ioctl(fd, TIOCSWINSZ, &w) == 0 && ioctl(fd, TIOCGWINSZ, &back) == 0 && back.ws_row == 30 &&
               back.ws_col == 100,
           "set 30x100, read back %ux%u (%s)", back.ws_row, back.ws_col, strerror(errno));
  ioctl(fd, TIOCSWINSZ, &saved);
}

static void check_other_calls(int fd) {
  int pending = -1;
  TT_CHECK("tty.fionread_nothing_typed", ioctl(fd, FIONREAD, &pending) == 0 && pending == 0,
           "FIONREAD: %d (%s)", pending, strerror(errno));
  tt_expect_errno("tty.lseek_espipe", lseek(fd, 0, SEEK_SET), ESPIPE);
  tt_expect_errno("tty.pread_espipe", pread(fd, &pending, 1, 0), ESPIPE);
  tt_expect_errno("tty.unknown_request_enotty", ioctl(fd, 0x54ff, 0), ENOTTY);
  struct stat st;
  TT_CHECK("tty.fstat_char_device", fstat(fd, &st) == 0 && S_ISCHR(st.st_mode), "mode %o", st.st_mode);
  TT_CHECK("tty.isatty", isatty(fd) == 1, "isatty: %s", strerror(errno));

  if (may_read(fd)) {
    int flags = fcntl(fd, F_GETFL);
    char c;
    fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    tt_expect_errno("tty.nonblocking_read_nothing_typed_eagain", read(fd, &c, 1), EAGAIN);
    fcntl(fd, F_SETFL, flags);
  } else {
    tt_skip("tty.nonblocking_read_nothing_typed_eagain", "not in the console's foreground group");
  }
}

/* EFAULT for every ioctl argument the terminal reads or writes. */
static void check_efault(int fd) {
  void *bads[3] = {TT_LOW_PAGE, TT_KERNEL_ADDR, tt_unmapped_page()};
  const char *names[3] = {"low", "kernel", "unmapped"};
  struct {
    const char *id;
    unsigned long request;
  } calls[] = {{"tcgets", TCGETS}, {"tcsets", TCSETS},         {"tiocgwinsz", TIOCGWINSZ},
               {"tiocswinsz", TIOCSWINSZ}, {"fionread", FIONREAD}, {"tiocgpgrp", TIOCGPGRP}};
  for (size_t c = 0; c < sizeof calls / sizeof calls[0]; c++) {
    for (int i = 0; i < 3; i++) {
      char id[96];
      snprintf(id, sizeof id, "tty.%s.efault_%s", calls[c].id, names[i]);
      /* TIOCGPGRP on a terminal that is not the caller's controlling one
       * is ENOTTY on Linux before the pointer is looked at. */
      if (calls[c].request == TIOCGPGRP && !tt_on_tether()) {
        tt_skip(id, "the pty is not this process's controlling terminal");
        continue;
      }
      tt_expect_errno(id, ioctl(fd, calls[c].request, bads[i]), EFAULT);
    }
  }
}

/* What a file that is not a terminal answers. */
static void check_not_a_tty(void) {
  struct termios t;
  int fd = open("/dev/null", O_RDWR);
  tt_expect_errno("tty.tcgets_on_devnull_enotty", ioctl(fd, TCGETS, &t), ENOTTY);
  TT_CHECK("tty.isatty_devnull_0", isatty(fd) == 0 && errno == ENOTTY, "isatty(/dev/null): errno %s",
           tt_errno_name(errno));
  close(fd);
  int p[2];
  if (pipe(p) == 0) {
    tt_expect_errno("tty.tcgets_on_pipe_enotty", ioctl(p[0], TCGETS, &t), ENOTTY);
    tt_expect_errno("tty.tiocgwinsz_on_pipe_enotty", ioctl(p[0], TIOCGWINSZ, &t), ENOTTY);
    close(p[0]);
    close(p[1]);
  }
  tt_expect_errno("tty.tcgets_bad_fd_ebadf", ioctl(-1, TCGETS, &t), EBADF);
}

int main(int argc, char **argv) {
  tt_init(argc, argv);
  check_not_a_tty();
  int fd = open_terminal();
  if (fd < 0) {
    tt_skip("tty.terminal", "no terminal to test (%s)", strerror(errno));
    return tt_done();
  }
  check_settings(fd);
  check_window_size(fd);
  check_other_calls(fd);
  check_efault(fd);
  close(fd);
  if (master_fd >= 0) close(master_fd);
  return tt_done();
}
