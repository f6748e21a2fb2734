// A bound on the TCP connections lwIP keeps in TIME_WAIT.
//
// lwIP finds a segment's connection by walking linked lists: the active
// connections, then every connection in TIME_WAIT, then the listeners; a
// bind walks them all too. lwIP keeps a closed connection in TIME_WAIT for
// 2 * TCP_MSL, and with its pools in the kernel heap (MEMP_MEM_MALLOC) it
// never runs out of pcbs, which is the only moment it would recycle one. So
// a program that opens and closes connections fast (a web server, or
// bench/tcp_loopback_connect) grew that list by thousands, and every segment
// and every connect got slower with it (docs/performance.md).
//
// limit_time_wait() keeps the newest net.inet.tcp.maxtcptw of them (FreeBSD's
// name; Linux calls its cap tcp_max_tw_buckets) and frees the older ones, the
// way lwIP's own tcp_kill_timewait() and FreeBSD's tcp_tw_2msl_scan() recycle
// the oldest TIME_WAIT connection when they need room.
#pragma once

namespace net {

// Frees the oldest TIME_WAIT connections past the limit. Network lock held;
// the net thread calls it after each round of received segments, which is
// where connections enter TIME_WAIT (lwIP's tcp_process).
void limit_time_wait();

}  // namespace net
