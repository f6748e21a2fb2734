// Path components, found by scanning for '/'.
#include "kernel/lib/path.h"

#include "libc/include/bits/errno.h"

namespace path {

ComponentIterator::ComponentIterator(const char* path, size_t len) : path_(path), len_(len) {
  skip_slashes();
}

void ComponentIterator::skip_slashes() {
  while (position_ < len_ && path_[position_] == '/') position_++;
}

int ComponentIterator::next(const char** name, size_t* len) {
  if (position_ == len_) return 0;
  size_t end = position_;
  while (end < len_ && path_[end] != '/') end++;
  // Leave position_ where it is: a later call reports the same error.
  if (end - position_ > kNameMax) return -ENAMETOOLONG;

  *name = path_ + position_;
  *len = end - position_;
  position_ = end;
  skip_slashes();
  return 1;
}

bool ComponentIterator::at_end() const { return position_ == len_; }

bool ComponentIterator::had_trailing_slash() const { return len_ > 0 && path_[len_ - 1] == '/'; }

bool is_absolute(const char* path, size_t len) { return len > 0 && path[0] == '/'; }

bool is_dot(const char* name, size_t len) { return len == 1 && name[0] == '.'; }

bool is_dot_dot(const char* name, size_t len) { return len == 2 && name[0] == '.' && name[1] == '.'; }

}  // namespace path
