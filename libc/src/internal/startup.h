// What __libc_start_main records for the rest of libc.
#pragma once

namespace tether {

// The auxiliary vector: pairs of (type, value), ending with type AT_NULL.
extern const unsigned long *auxiliary_vector;

}  // namespace tether
