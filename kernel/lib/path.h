// Lexical helpers for the VFS path walk: they look at the characters of a
// path only, never at a filesystem. What "." and ".." mean, whether a
// component exists or is a directory: that is the walk's business.
//
// Contract: a path is (pointer, length), already copied in from user space;
// the length excludes the terminating NUL and the bytes are not read past it.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace path {

constexpr size_t kNameMax = 255;   // a component longer than this: ENAMETOOLONG (FreeBSD/Linux limit)
constexpr size_t kPathMax = 1023;  // a path longer than this (excluding the NUL): ENAMETOOLONG
                                   // (FreeBSD's connect(2) says 1023); checked by the caller

// Iterates the components of a path: skips repeated '/', yields "." and ".."
// as components. "/a//b/" yields "a" then "b"; "/" and "" yield nothing.
class ComponentIterator {
 public:
  ComponentIterator(const char* path, size_t len);

  // 1: the next component in (*name, *len), pointing into the path (not
  // NUL-terminated); 0: done; -ENAMETOOLONG if that component is longer than
  // kNameMax (and again on every later call: the walk stops there).
  int next(const char** name, size_t* len);

  // No component follows the last one returned (before the first next(): the
  // path has no component at all). The walk uses it to treat the final
  // component specially (O_CREAT, bind, unlink).
  bool at_end() const;

  // The path ends with '/' ("dir/", and "/" itself). A trailing slash asks for
  // a directory, so the walk answers ENOTDIR if the last component is not one.
  bool had_trailing_slash() const;

 private:
  void skip_slashes();

  const char* path_;
  size_t len_;
  size_t position_ = 0;  // always at a component's first byte, or at len_
};

bool is_absolute(const char* path, size_t len);  // starts with '/'
bool is_dot(const char* name, size_t len);       // the component "."
bool is_dot_dot(const char* name, size_t len);   // the component ".."

}  // namespace path
