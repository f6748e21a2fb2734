// Credentials on their way through a UNIX socket (unix(7) SO_PASSCRED,
// SCM_CREDENTIALS), as Linux's af_unix.c and scm.h do it.
//
// A message carries a struct ucred when the sender gave one in an
// SCM_CREDENTIALS control message (checked: claim_credentials), or else
// when either end had SO_PASSCRED at the time of the send; then they are
// the sender's process id and its *real* uid and gid (stamp_credentials).
// A receiver with SO_PASSCRED gets them back in an SCM_CREDENTIALS message
// with each recvmsg(2), before any SCM_RIGHTS (report_credentials); a
// message that carries none shows pid 0 and the overflow ids, 65534. A
// stream read with SO_PASSCRED stops where the credentials change
// (unix_transfer.cpp), so each read has one sender.
#include "kernel/proc/process.h"
#include "net/unix/unix_rights.h"

namespace net {
namespace {
// Linux's overflowuid/overflowgid: what an id that cannot be shown reads as.
constexpr uint32_t kOverflowId = 65534;
constexpr uint32_t kInvalidId = uint32_t(-1);
}  // namespace

KStatus UnixSocket::claim_credentials(const uint8_t* data, size_t length, UnixCredentials* out) {
  // Linux's __scm_send and scm_check_creds, in their order.
  if (length != sizeof(UnixCredentials)) return KError{EINVAL};  // cmsg_len other than CMSG_LEN(sizeof ucred)
  UnixCredentials claimed;
  __builtin_memcpy(&claimed, data, sizeof claimed);
  if (claimed.uid == kInvalidId || claimed.gid == kInvalidId) return KError{EINVAL};
  proc::Process* self = proc::current();
  const Credentials& c = self->cred;
  bool privileged = c.euid == 0;  // CAP_SYS_ADMIN, CAP_SETUID and CAP_SETGID
  bool pid_ok = claimed.pid == self->pid || privileged;
  bool uid_ok = claimed.uid == c.uid || claimed.uid == c.euid || claimed.uid == c.suid || privileged;
  bool gid_ok = claimed.gid == c.gid || claimed.gid == c.egid || claimed.gid == c.sgid || privileged;
  if (!pid_ok || !uid_ok || !gid_ok) return KError{EPERM};
  if (claimed.pid <= 0 || !proc::find(claimed.pid)) return KError{ESRCH};  // names no process
  *out = claimed;
  return ok();
}

void UnixSocket::stamp_credentials(const UnixSocket* receiver, UnixMessage* message) const {
  if (message->credentials.pid != 0) return;  // the sender gave its own
  if (!pass_credentials_ && !receiver->pass_credentials_) return;
  proc::Process* self = proc::current();
  message->credentials = UnixCredentials{self->pid, self->cred.uid, self->cred.gid};
}

void UnixSocket::report_credentials(const UnixMessage* message, Received* received) const {
  if (!pass_credentials_ || !received || !received->control) return;
  UnixCredentials shown = message->credentials;
  if (shown.pid == 0) shown = UnixCredentials{0, kOverflowId, kOverflowId};
  received->control->append(abi::kSolSocket, abi::kScmCredentials, &shown, sizeof shown);
}

}  // namespace net
