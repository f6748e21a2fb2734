// How libc enters the kernel: the x86-64 `syscall` instruction.
//
// The number goes in rax and up to six arguments in rdi, rsi, rdx, r10, r8,
// r9 (r10, not rcx: the instruction itself overwrites rcx with the return
// address and r11 with rflags). The kernel answers in rax: a result, or a
// negated errno in [-4095, -1].
#pragma once

#include <bits/syscall.h>
#include <errno.h>

namespace tether {

inline long syscall0(long nr) {
  long ret;
  asm volatile("syscall" : "=a"(ret) : "a"(nr) : "rcx", "r11", "memory");
  return ret;
}

inline long syscall1(long nr, long a1) {
  long ret;
  asm volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a1) : "rcx", "r11", "memory");
  return ret;
}

inline long syscall2(long nr, long a1, long a2) {
  long ret;
  asm volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a1), "S"(a2) : "rcx", "r11", "memory");
  return ret;
}

inline long syscall3(long nr, long a1, long a2, long a3) {
  long ret;
  asm volatile("syscall"
               : "=a"(ret)
               : "a"(nr), "D"(a1), "S"(a2), "d"(a3)
               : "rcx", "r11", "memory");
  return ret;
}

inline long syscall4(long nr, long a1, long a2, long a3, long a4) {
  long ret;
  register long r10 asm("r10") = a4;
  asm volatile("syscall"
               : "=a"(ret)
               : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10)
               : "rcx", "r11", "memory");
  return ret;
}

inline long syscall5(long nr, long a1, long a2, long a3, long a4, long a5) {
  long ret;
  register long r10 asm("r10") = a4;
  register long r8 asm("r8") = a5;
  asm volatile("syscall"
               : "=a"(ret)
               : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8)
               : "rcx", "r11", "memory");
  return ret;
}

inline long syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
  long ret;
  register long r10 asm("r10") = a4;
  register long r8 asm("r8") = a5;
  register long r9 asm("r9") = a6;
  asm volatile("syscall"
               : "=a"(ret)
               : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9)
               : "rcx", "r11", "memory");
  return ret;
}

// The C convention on top of the kernel's: -errno becomes errno = e, -1.
inline long syscall_result(long ret) {
  if (ret < 0 && ret >= -4095) {
    errno = static_cast<int>(-ret);
    return -1;
  }
  return ret;
}

// Casts for the argument registers, so wrappers read as one line each.
template <typename T>
inline long arg(T value) {
  return static_cast<long>(value);
}
template <typename T>
inline long arg(T *pointer) {
  return reinterpret_cast<long>(pointer);
}
inline long arg(decltype(nullptr)) { return 0; }

// The wrappers most libc functions are: call, then apply the C convention.
template <typename... Args>
inline long sys(long nr, Args... args) {
  constexpr int count = sizeof...(Args);
  static_assert(count <= 6, "x86-64 system calls take at most six arguments");
  long a[6] = {arg(args)...};
  long ret;
  if constexpr (count == 0) ret = syscall0(nr);
  else if constexpr (count == 1) ret = syscall1(nr, a[0]);
  else if constexpr (count == 2) ret = syscall2(nr, a[0], a[1]);
  else if constexpr (count == 3) ret = syscall3(nr, a[0], a[1], a[2]);
  else if constexpr (count == 4) ret = syscall4(nr, a[0], a[1], a[2], a[3]);
  else if constexpr (count == 5) ret = syscall5(nr, a[0], a[1], a[2], a[3], a[4]);
  else ret = syscall6(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
  return syscall_result(ret);
}

}  // namespace tether
