// A counted reference held by a variable. Inodes and open files are shared
// (by directory entries, descriptors, the cwd, a path walk in progress) and
// freed when the last user lets go; RefPtr lets go by itself when the
// variable goes out of scope, so an early `return KError{...}` in the middle
// of a path walk cannot leak an inode.
//
//   InodeRef dir = InodeRef(some_inode);  // takes a new reference
//   InodeRef x = InodeRef::adopt(p);       // takes over a reference p already holds
//   Inode* raw = x.leak();                 // hands the reference on to raw code
//
// T needs ref() and unref(). Code outside fs/ (the process code) keeps raw
// pointers and calls fs::inode_ref/inode_unref and fs::release by hand.
#pragma once

namespace fs {

template <typename T>
class RefPtr {
 public:
  RefPtr() = default;
  explicit RefPtr(T* object) : object_(object) {
    if (object_) object_->ref();
  }
  static RefPtr adopt(T* object) {
    RefPtr r;
    r.object_ = object;
    return r;
  }

  RefPtr(const RefPtr& other) : RefPtr(other.object_) {}
  RefPtr(RefPtr&& other) : object_(other.object_) { other.object_ = nullptr; }
  RefPtr& operator=(const RefPtr& other) {
    if (other.object_) other.object_->ref();  // first: other may be *this
    reset();
    object_ = other.object_;
    return *this;
  }
  RefPtr& operator=(RefPtr&& other) {
    if (this != &other) {
      reset();
      object_ = other.object_;
      other.object_ = nullptr;
    }
    return *this;
  }
  ~RefPtr() { reset(); }

  void reset() {
    T* old = object_;
    object_ = nullptr;
    if (old) old->unref();
  }
  // Gives up ownership without dropping the reference.
  T* leak() {
    T* p = object_;
    object_ = nullptr;
    return p;
  }

  T* get() const { return object_; }
  T* operator->() const { return object_; }
  T& operator*() const { return *object_; }
  explicit operator bool() const { return object_ != nullptr; }

 private:
  T* object_ = nullptr;
};

}  // namespace fs
