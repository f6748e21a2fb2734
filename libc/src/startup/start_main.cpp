// __libc_start_main: from _start (crt0) to main.
//
// It records the environment, the auxiliary vector (for getauxval) and the
// program's name, runs the constructors the linker collected (C++ globals,
// __attribute__((constructor))), then calls main and passes its result to
// exit().
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../internal/startup.h"

// In a static link, GNU ld's default script defines these around the
// .preinit_array and .init_array sections (PROVIDE_HIDDEN).
extern "C" {
extern void (*__preinit_array_start[])(int, char **, char **) __attribute__((visibility("hidden")));
extern void (*__preinit_array_end[])(int, char **, char **) __attribute__((visibility("hidden")));
extern void (*__init_array_start[])(int, char **, char **) __attribute__((visibility("hidden")));
extern void (*__init_array_end[])(int, char **, char **) __attribute__((visibility("hidden")));
}

extern "C" char **environ;
char **environ = nullptr;

extern "C" __noreturn void __libc_start_main(int (*main)(int, char **, char **), int argc,
                                             char **argv, char **envp) {
  environ = envp;
  char **after_env = envp;
  while (*after_env) ++after_env;
  tether::auxiliary_vector = reinterpret_cast<const unsigned long *>(after_env + 1);
  if (argc > 0 && argv[0]) {
    program_invocation_name = argv[0];
    const char *slash = strrchr(argv[0], '/');
    program_invocation_short_name = slash ? const_cast<char *>(slash + 1) : argv[0];
  }

  for (auto *fn = __preinit_array_start; fn < __preinit_array_end; ++fn) (*fn)(argc, argv, envp);
  for (auto *fn = __init_array_start; fn < __init_array_end; ++fn) (*fn)(argc, argv, envp);

  exit(main(argc, argv, envp));
}
