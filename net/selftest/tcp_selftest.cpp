// The TCP self-test (tcp_selftest.h): a small, complete example of lwIP's
// raw TCP API, as the socket layer will use it.
//
// The raw API is all callbacks. We create a tcp_pcb (a protocol control
// block: one connection, or one listening port), register functions on it,
// and lwIP calls them from inside its own input and timer processing, which
// here means in the net thread with the network lock held
// (net/lwip/net_lock.h). The calls we make into lwIP from the sysctl write
// (a syscall) take the lock themselves. So every line below that touches
// lwIP runs with interrupts off, and none of it sleeps.
//
// Sending (tcp_connect, then the callbacks):
//   connected  -> push(): tcp_write as much as tcp_sndbuf() allows, tcp_output
//   sent       -> the peer acknowledged bytes: count them, push() more;
//                 all acknowledged: tcp_close (our FIN), the test is done
// Receiving (tcp_bind + tcp_listen, then):
//   accept     -> the connection's pcb: register recv/err/poll on it, stop
//                 listening (one connection per test)
//   recv       -> a pbuf chain of data: check every byte, tcp_recved() to
//                 open the window again, pbuf_free; a NULL pbuf is the
//                 peer's FIN (end of stream): check the count, tcp_close
// Both:
//   poll       -> every second: no progress for kIdleLimitMs is a timeout
//   err        -> the connection is gone (reset, refused, out of memory);
//                 lwIP has already freed the pcb, so we only forget it.
//
// A callback that calls tcp_abort() on its own pcb must return ERR_ABRT,
// the signal to lwIP that the pcb no longer exists.
#include "net/selftest/tcp_selftest.h"

#include "kernel/lib/format.h"
#include "kernel/lib/string.h"
#include "kernel/printk.h"
#include "kernel/sysctl/sysctl.h"
#include "lwip/ip_addr.h"
#include "lwip/pbuf.h"
#include "lwip/sys.h"
#include "lwip/tcp.h"
#include "lwip/timeouts.h"
#include "net/lwip/net_lock.h"

namespace net::selftest {
namespace {

constexpr u8_t kPollInterval = 2;          // tcp_poll counts TCP's 500 ms timer: once a second
constexpr u32_t kIdleLimitMs = 10000;      // a connection without progress that long fails
constexpr u32_t kAcceptLimitMs = 30000;    // a listener without a connection that long fails
constexpr size_t kChunk = 4096;            // the most one tcp_write takes here

// The pattern from any offset: it repeats every 256 bytes, so the stream
// from byte i is this buffer from i % 256, for up to kChunk bytes.
uint8_t pattern_buffer[256 + kChunk];

enum class Phase { kIdle, kRunning, kDone };

// The one test there is. Only touched with the network lock held.
struct Test {
  Phase phase = Phase::kIdle;
  bool sending = false;
  bool connected = false;
  char what[48] = "";              // "send 10.0.2.2:5555", "recv 7777"
  uint64_t total = 0;              // bytes to send, or to expect
  uint64_t queued = 0;             // sending: handed to tcp_write
  uint64_t done = 0;               // sending: acknowledged; receiving: checked
  u32_t last_progress = 0;         // sys_now() when `done` last grew
  struct tcp_pcb* pcb = nullptr;   // the connection
  struct tcp_pcb* listener = nullptr;
  char result[96] = "";            // "ok sent N", "error ..."
};
Test test;

void on_accept_timeout(void*);

// Takes the test's callbacks off a connection, so lwIP will not call us
// about it again (a NULL recv makes lwIP discard data and answer a FIN).
void detach(struct tcp_pcb* pcb) {
  tcp_arg(pcb, nullptr);
  tcp_recv(pcb, nullptr);
  tcp_sent(pcb, nullptr);
  tcp_err(pcb, nullptr);
  tcp_poll(pcb, nullptr, 0);
}

// Ends the test: records the result, stops listening, and closes the
// connection (gracefully on success, with a reset on failure). Returns what
// a callback on test.pcb must return: ERR_ABRT if it aborted the pcb.
err_t finish(bool ok, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
err_t finish(bool ok, const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  vformat(test.result, sizeof test.result, fmt, args);
  va_end(args);
  test.phase = Phase::kDone;
  printk("net: selftest %s: %s\n", test.what, test.result);

  sys_untimeout(on_accept_timeout, nullptr);
  if (test.listener) {
    tcp_close(test.listener);  // a listener closes at once, and cannot fail
    test.listener = nullptr;
  }
  err_t ret = ERR_OK;
  if (struct tcp_pcb* pcb = test.pcb) {
    test.pcb = nullptr;
    detach(pcb);
    // tcp_close queues our FIN after any unsent data; it fails only for
    // lack of memory, and then a reset is the way out.
    if (!ok || tcp_close(pcb) != ERR_OK) {
      tcp_abort(pcb);
      ret = ERR_ABRT;
    }
  }
  return ret;
}

// Sending: hands lwIP as much of the stream as its send buffer takes. lwIP
// copies the bytes (TCP_WRITE_FLAG_COPY) into segments it keeps until the
// peer acknowledges them; tcp_sndbuf() is the room left, which grows again
// as acknowledgements come (on_sent). tcp_output sends what is queued now
// rather than at the next timer.
err_t push(struct tcp_pcb* pcb) {
  while (test.queued < test.total) {
    size_t room = tcp_sndbuf(pcb);
    if (room == 0 || tcp_sndqueuelen(pcb) >= TCP_SND_QUEUELEN) break;
    uint64_t left = test.total - test.queued;
    size_t n = room < kChunk ? room : kChunk;
    if (n > left) n = static_cast<size_t>(left);
    u8_t flags = TCP_WRITE_FLAG_COPY;
    if (n < left) flags |= TCP_WRITE_FLAG_MORE;  // no PSH on every piece
    err_t err = tcp_write(pcb, pattern_buffer + test.queued % 256, static_cast<u16_t>(n), flags);
    if (err == ERR_MEM) break;  // out of segments: the next sent or poll callback tries again
    if (err != ERR_OK) return finish(false, "error tcp_write: %d", err);
    test.queued += n;
  }
  tcp_output(pcb);
  return ERR_OK;
}

err_t on_connected(void*, struct tcp_pcb* pcb, err_t) {
  test.connected = true;
  test.last_progress = sys_now();
  if (test.total == 0) return finish(true, "ok sent 0");  // no sent callback will come
  return push(pcb);
}

// The peer acknowledged `length` more bytes.
err_t on_sent(void*, struct tcp_pcb* pcb, u16_t length) {
  test.done += length;
  test.last_progress = sys_now();
  if (test.done >= test.total) return finish(true, "ok sent %lu", test.done);
  return push(pcb);
}

// Data (a chain of pbufs), or p == NULL: the peer's FIN.
err_t on_recv(void*, struct tcp_pcb* pcb, struct pbuf* p, err_t) {
  if (!p) {
    if (test.sending) return finish(false, "error closed by the peer after %lu of %lu bytes", test.done, test.total);
    if (test.done == test.total) return finish(true, "ok received %lu", test.done);
    return finish(false, "error short stream: %lu of %lu bytes", test.done, test.total);
  }
  if (test.sending) {  // the peer is not supposed to talk; take it and drop it
    tcp_recved(pcb, p->tot_len);
    pbuf_free(p);
    return ERR_OK;
  }
  for (struct pbuf* q = p; q; q = q->next) {
    const auto* bytes = static_cast<const uint8_t*>(q->payload);
    for (u16_t k = 0; k < q->len; k++) {
      if (test.done >= test.total) {
        pbuf_free(p);  // returning ERR_ABRT, the pbuf is ours to free
        return finish(false, "error more than %lu bytes", test.total);
      }
      uint8_t want = pattern_byte(test.done);
      if (bytes[k] != want) {
        pbuf_free(p);
        return finish(false, "error mismatch at offset %lu: got %u, want %u", test.done, bytes[k], want);
      }
      test.done++;
    }
  }
  // We consumed the data: let the window open again by that much.
  tcp_recved(pcb, p->tot_len);
  pbuf_free(p);
  test.last_progress = sys_now();
  return ERR_OK;
}

// The connection is gone and lwIP has freed the pcb.
void on_error(void*, err_t err) {
  test.pcb = nullptr;
  if (err == ERR_RST && test.sending && !test.connected)
    finish(false, "error connection refused");
  else if (err == ERR_RST)
    finish(false, "error connection reset after %lu of %lu bytes", test.done, test.total);
  else
    finish(false, "error lwIP error %d after %lu of %lu bytes", err, test.done, test.total);
}

// Every kPollInterval half-seconds while the connection exists.
err_t on_poll(void*, struct tcp_pcb* pcb) {
  if (sys_now() - test.last_progress > kIdleLimitMs)
    return finish(false, "error timeout after %lu of %lu bytes%s", test.done, test.total,
                  test.connected ? "" : " (no connection)");
  if (test.sending && test.connected) return push(pcb);  // after an ERR_MEM
  return ERR_OK;
}

void watch(struct tcp_pcb* pcb) {
  tcp_arg(pcb, nullptr);  // one test: the state is global, no argument needed
  tcp_recv(pcb, on_recv);
  tcp_sent(pcb, on_sent);
  tcp_err(pcb, on_error);
  tcp_poll(pcb, on_poll, kPollInterval);
}

// A connection on the listening port (err is ERR_MEM and pcb NULL when
// lwIP had no memory for one: keep listening).
err_t on_accept(void*, struct tcp_pcb* pcb, err_t err) {
  if (err != ERR_OK || !pcb) return ERR_OK;
  if (test.phase != Phase::kRunning || test.pcb) {
    tcp_abort(pcb);
    return ERR_ABRT;
  }
  sys_untimeout(on_accept_timeout, nullptr);
  tcp_close(test.listener);  // one connection per test
  test.listener = nullptr;
  test.pcb = pcb;
  test.connected = true;
  test.last_progress = sys_now();
  watch(pcb);
  return ERR_OK;
}

void on_accept_timeout(void*) { finish(false, "error timeout: no connection"); }

// Starts a test; the lock is held. Failures to set up are results too.
void start_send(const ip_addr_t& address, u16_t port) {
  test.sending = true;
  struct tcp_pcb* pcb = tcp_new_ip_type(IP_GET_TYPE(&address));
  if (!pcb) {
    finish(false, "error out of memory");
    return;
  }
  test.pcb = pcb;
  watch(pcb);
  err_t err = tcp_connect(pcb, &address, port, on_connected);  // the SYN; on_connected when answered
  if (err != ERR_OK) finish(false, "error tcp_connect: %d", err);
}

void start_recv(u16_t port) {
  test.sending = false;
  struct tcp_pcb* pcb = tcp_new_ip_type(IPADDR_TYPE_ANY);
  if (!pcb) {
    finish(false, "error out of memory");
    return;
  }
  if (tcp_bind(pcb, IP_ANY_TYPE, port) != ERR_OK) {
    tcp_close(pcb);
    finish(false, "error port %u in use", port);
    return;
  }
  // tcp_listen frees pcb and returns a smaller listening pcb (or NULL and
  // leaves pcb alone).
  struct tcp_pcb* listener = tcp_listen_with_backlog(pcb, 1);
  if (!listener) {
    tcp_close(pcb);
    finish(false, "error out of memory");
    return;
  }
  test.listener = listener;
  tcp_arg(listener, nullptr);
  tcp_accept(listener, on_accept);
  sys_timeout(kAcceptLimitMs, on_accept_timeout, nullptr);
}

// ---- the sysctl: text in, text out -----------------------------------------

bool parse_number(const char* word, uint64_t max, uint64_t* out) {
  if (!*word) return false;
  uint64_t value = 0;
  for (; *word; word++) {
    if (*word < '0' || *word > '9') return false;
    value = value * 10 + static_cast<uint64_t>(*word - '0');
    if (value > max) return false;
  }
  *out = value;
  return true;
}

KStatus write_setting(const sysctl::Setting&, const char* text, size_t length) {
  // The words, NUL-terminated, in a copy of the text.
  char line[128];
  if (length >= sizeof line) return KError{EINVAL};
  memcpy(line, text, length);
  line[length] = 0;
  char* words[5];
  int count = 0;
  for (char* s = line; *s;) {
    while (*s == ' ' || *s == '\t' || *s == '\n') *s++ = 0;
    if (!*s) break;
    if (count == 5) return KError{EINVAL};
    words[count++] = s;
    while (*s && *s != ' ' && *s != '\t' && *s != '\n') s++;
  }

  bool sending;
  ip_addr_t address;
  uint64_t port, bytes;
  constexpr uint64_t kMaxBytes = uint64_t{1} << 40;
  if (count == 4 && strcmp(words[0], "send") == 0) {
    sending = true;
    if (!ipaddr_aton(words[1], &address)) return KError{EINVAL};
    if (!parse_number(words[2], 65535, &port) || !parse_number(words[3], kMaxBytes, &bytes)) return KError{EINVAL};
  } else if (count == 3 && strcmp(words[0], "recv") == 0) {
    sending = false;
    if (!parse_number(words[1], 65535, &port) || !parse_number(words[2], kMaxBytes, &bytes)) return KError{EINVAL};
  } else {
    return KError{EINVAL};
  }
  if (port == 0) return KError{EINVAL};

  net::Lock lock;
  if (test.phase == Phase::kRunning) return KError{EBUSY};
  if (pattern_buffer[0] != pattern_byte(0))
    for (size_t i = 0; i < sizeof pattern_buffer; i++) pattern_buffer[i] = pattern_byte(i);
  test = Test{};
  test.phase = Phase::kRunning;
  test.total = bytes;
  test.last_progress = sys_now();
  if (sending) {
    char host[IPADDR_STRLEN_MAX];
    ipaddr_ntoa_r(&address, host, sizeof host);
    format(test.what, sizeof test.what, "send %s:%lu", host, port);
    start_send(address, static_cast<u16_t>(port));
  } else {
    format(test.what, sizeof test.what, "recv %lu", port);
    start_recv(static_cast<u16_t>(port));
  }
  return ok();
}

size_t read_setting(const sysctl::Setting&, char* buffer, size_t size) {
  net::Lock lock;
  switch (test.phase) {
    case Phase::kIdle: return format(buffer, size, "idle\n");
    case Phase::kRunning:
      return format(buffer, size, "running %s %lu of %lu\n", test.what, test.done, test.total);
    case Phase::kDone: break;
  }
  return format(buffer, size, "%s\n", test.result);
}

sysctl::Setting setting{"debug.net.selftest", nullptr,
                        "TCP self-test: write 'send ADDR PORT BYTES' or 'recv PORT BYTES'; read the state", true,
                        read_setting, write_setting, nullptr};

struct Registration {
  Registration() { sysctl::add(&setting); }
} registration;

}  // namespace
}  // namespace net::selftest
