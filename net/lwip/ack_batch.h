// One ACK per burst of received TCP segments, not one per two segments.
//
// lwIP acknowledges every second in-order segment at once (tcp_ack in
// tcp_in.c), RFC 1122's rule. Each ACK is a frame to build and a transmit,
// and on a virtio NIC often a notification of the device: for a bulk
// receive that was a third of the receive path's time (docs/performance.md).
// Linux sends fewer: GRO merges the segments of one NIC poll and the ACK
// answers the merged one (a "stretch ACK"). The net thread does the same
// with lwIP: the socket layer's receive callback asks hold_ack() whether to
// hold back the ACK lwIP was about to send for a segment, and the net
// thread sends the held ACKs once it has taken in everything the devices and
// the loopback queues had (send_held_acks). Held ACKs never wait for a
// timer, and never delay data: a segment the connection sends carries the
// ACK anyway.
//
// Bounded by the sysctl net.inet.tcp.ack_batch_bytes: once a connection has
// received that many bytes since its last ACK, lwIP's ACK goes out at once.
// 0 turns holding off (lwIP's every second segment).
#pragma once
#include <stddef.h>

struct tcp_pcb;

namespace net {

// From a TCP receive callback in the net thread, after lwIP took in
// `bytes` of in-order data for pcb and before it sends its ACK: turns an
// immediate ACK into one sent by send_held_acks(). Returns whether it did.
bool hold_ack(struct tcp_pcb* pcb, size_t bytes);

// Sends the ACKs held since the last call. Network lock held; the net
// thread calls it after each round of received frames.
void send_held_acks();

}  // namespace net
