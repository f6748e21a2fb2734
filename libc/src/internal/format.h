// The printf engine, shared by every member of the printf family. It turns
// a format and its arguments into text and hands the text to a sink; the
// family members differ only in the sink (a FILE, a descriptor, a string).
#pragma once

#include <stdarg.h>
#include <stddef.h>

namespace tether {

class FormatSink {
 public:
  // Receives the next piece of output. Pieces arrive in order; a sink may
  // keep only part of them (snprintf) but must not fail the formatting.
  virtual void put(const char *text, size_t length) = 0;

 protected:
  ~FormatSink() = default;
};

// Formats into sink; returns the number of characters produced, even those
// a sink chose not to keep (that is snprintf's return value).
int format(FormatSink &sink, const char *fmt, va_list ap);

}  // namespace tether
