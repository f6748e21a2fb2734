// The kernel log. Every line goes to a ring buffer (dmesg), to COM2 (the log
// file ./tether keeps), and to the console unless the command line said
// "quiet". Lines get a timestamp in seconds since boot.
#pragma once
#include <stddef.h>

void printk(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void printk_set_quiet(bool quiet);
// Raw write to the kernel log channel (COM2) only.
void klog_write_raw(const char* s, size_t n);
// Copies the log ring into buf; returns the number of bytes.
size_t klog_read(char* buf, size_t size);
