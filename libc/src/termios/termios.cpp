// Terminal control: thin wrappers over the TCGETS/TCSETS family of ioctls.
#include <errno.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

extern "C" {

int tcgetattr(int fd, struct termios *t) { return ioctl(fd, TCGETS, t); }

int tcsetattr(int fd, int action, const struct termios *t) {
  switch (action) {
    case TCSANOW:
      return ioctl(fd, TCSETS, t);
    case TCSADRAIN:
      return ioctl(fd, TCSETSW, t);
    case TCSAFLUSH:
      return ioctl(fd, TCSETSF, t);
    default:
      errno = EINVAL;
      return -1;
  }
}

// A descriptor is a terminal exactly when it answers TCGETS.
int isatty(int fd) {
  struct termios t;
  return tcgetattr(fd, &t) == 0 ? 1 : 0;
}

int tcflush(int fd, int queue) { return ioctl(fd, TCFLSH, queue); }

pid_t tcgetpgrp(int fd) {
  pid_t group;
  if (ioctl(fd, TIOCGPGRP, &group) < 0) return -1;
  return group;
}

int tcsetpgrp(int fd, pid_t group) { return ioctl(fd, TIOCSPGRP, &group); }

// Raw mode: bytes in and out unchanged, no echo, no signals from keys.
void cfmakeraw(struct termios *t) {
  t->c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
  t->c_oflag &= ~OPOST;
  t->c_lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
  t->c_cflag &= ~(CSIZE | PARENB);
  t->c_cflag |= CS8;
  t->c_cc[VMIN] = 1;
  t->c_cc[VTIME] = 0;
}

// The speed is a code (B9600, ...) kept in c_cflag's CBAUD bits.
speed_t cfgetospeed(const struct termios *t) { return t->c_cflag & CBAUD; }
speed_t cfgetispeed(const struct termios *t) { return cfgetospeed(t); }

int cfsetospeed(struct termios *t, speed_t speed) {
  if (speed & ~CBAUD) {
    errno = EINVAL;
    return -1;
  }
  t->c_cflag = (t->c_cflag & ~CBAUD) | speed;
  return 0;
}

int cfsetispeed(struct termios *t, speed_t speed) { return speed == 0 ? 0 : cfsetospeed(t, speed); }

}  // extern "C"
