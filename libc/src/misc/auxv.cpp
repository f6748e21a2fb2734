// getauxval(3): looks an entry up in the auxiliary vector, which follows
// envp's NULL on the initial stack. __libc_start_main finds it before the
// program can move environ.
#include <errno.h>
#include <sys/auxv.h>

#include "../internal/startup.h"

namespace tether {

const unsigned long *auxiliary_vector = nullptr;

}  // namespace tether

extern "C" unsigned long getauxval(unsigned long type) {
  if (tether::auxiliary_vector != nullptr) {
    for (const unsigned long *entry = tether::auxiliary_vector; entry[0] != AT_NULL; entry += 2)
      if (entry[0] == type) return entry[1];
  }
  errno = ENOENT;
  return 0;
}
