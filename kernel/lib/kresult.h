// Errors as values. A kernel function that can fail returns KResult<T>: either
// a T or a positive errno. A syscall hands the errno to user space as -errno.
//
//   KResult<Inode*> r = lookup(...);
//   if (r.is_error()) return r.error();
//   Inode* inode = TRY(lookup(...));     // the same, in one line
#pragma once
#include "libc/include/bits/errno.h"

struct KError {
  int code;  // a positive errno value
};

template <typename T>
class [[nodiscard]] KResult {
 public:
  KResult(T value) : value_(value), error_(0) {}
  KResult(KError e) : value_(), error_(e.code) {}
  bool is_error() const { return error_ != 0; }
  int error() const { return error_; }
  T& value() { return value_; }
  const T& value() const { return value_; }

 private:
  T value_;
  int error_;
};

// Evaluates a KResult expression; on error, returns the error from the caller.
#define TRY(expr)                                      \
  ({                                                   \
    auto _try_result = (expr);                         \
    if (_try_result.is_error())                        \
      return KError{_try_result.error()};              \
    _try_result.value();                               \
  })

// For functions that return only success or an errno.
using KStatus = KResult<int>;
inline KStatus ok() { return KStatus(0); }
