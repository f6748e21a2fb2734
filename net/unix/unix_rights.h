// Descriptors on their way through a UNIX socket (SCM_RIGHTS): what
// sendmsg(2) hands the send path, and what recvmsg(2) takes back out.
// Private to net/unix.
#pragma once
#include "net/socket/control_message.h"
#include "net/unix/unix_socket.h"

namespace net {

// Linux's SCM_MAX_FD: at most 253 descriptors in one message.
constexpr int kMaxFilesPerMessage = 253;

struct UnixSocket::Attachment {
  fs::File** files = nullptr;  // heap array of `count` references; null once a message took them
  int count = 0;
  UnixCredentials credentials;  // SCM_CREDENTIALS the sender gave (pid 0: none), for every message
};

struct UnixSocket::Received {
  ControlOutput* control = nullptr;  // where SCM_RIGHTS goes; null for read(2)/recv(2)
};

}  // namespace net
