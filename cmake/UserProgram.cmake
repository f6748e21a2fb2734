# How a program for the guest is built: a static ELF against Tether's libc,
# with none of the host's headers or libraries. `./tether cc` uses the same
# flags (written to build/tether-cc by configure_file below), so a student's
# program is built exactly like /bin/sh.

set(TETHER_USER_CFLAGS
    -nostdinc -isystem ${CMAKE_SOURCE_DIR}/libc/include
    -fno-stack-protector -fno-pie -fno-plt -fno-exceptions
    -fcf-protection=none)
set(TETHER_USER_CXXFLAGS -fno-rtti -fno-threadsafe-statics -fno-use-cxa-atexit)
set(TETHER_USER_LDFLAGS -static -nostdlib -no-pie -Wl,--build-id=none -z noexecstack)

# Every file that goes into the initrd is registered here as "HOSTPATH|GUESTPATH"
# (HOSTPATH may be a generator expression); cmake/Initrd.cmake packs them.
function(tether_initrd_add hostpath guestpath)
  set_property(GLOBAL APPEND PROPERTY TETHER_INITRD_ENTRIES "${hostpath}|${guestpath}")
endfunction()

# add_user_program(NAME SOURCES src... [GUEST_PATH /bin/NAME])
# Target name is user_NAME (so "test" or "sh" never clash with CMake's own).
function(add_user_program name)
  cmake_parse_arguments(UP "" "GUEST_PATH" "SOURCES;LIBS" ${ARGN})
  set(target user_${name})
  add_executable(${target} $<TARGET_OBJECTS:tether_crt0> ${UP_SOURCES})
  set_target_properties(${target} PROPERTIES
      OUTPUT_NAME ${name}
      RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/guest/${name}.d)
  target_compile_options(${target} PRIVATE
      ${TETHER_USER_CFLAGS} $<$<COMPILE_LANGUAGE:CXX>:${TETHER_USER_CXXFLAGS}>)
  target_link_options(${target} PRIVATE ${TETHER_USER_LDFLAGS})
  target_link_libraries(${target} PRIVATE ${UP_LIBS} tether_libc gcc)
  if(UP_GUEST_PATH)
    tether_initrd_add("$<TARGET_FILE:${target}>" "${UP_GUEST_PATH}")
    set_property(GLOBAL APPEND PROPERTY TETHER_INITRD_DEPENDS ${target})
  endif()
endfunction()
