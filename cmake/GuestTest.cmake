# add_guest_test(NAME src...)
# A guest test is a user program installed at /tests/NAME. ctest runs it twice:
#   guest.NAME  boots QEMU with `/tests/NAME` as the one command;
#   host.NAME   runs the same static binary on the host Linux (same ABI), as a
#               check of the test itself.
# Both parse the PASS/FAIL/SKIP lines and the closing "N passed, M failed" line
# with scripts/run-guest-test.
function(add_guest_test name)
  add_user_program(${name} SOURCES ${ARGN} GUEST_PATH /tests/${name} LIBS tether_testlib)
  add_test(NAME guest.${name}
           COMMAND ${CMAKE_SOURCE_DIR}/scripts/run-guest-test --guest ${CMAKE_BINARY_DIR} /tests/${name})
  set_tests_properties(guest.${name} PROPERTIES TIMEOUT 180 LABELS guest)
  add_test(NAME host.${name}
           COMMAND ${CMAKE_SOURCE_DIR}/scripts/run-guest-test --host ${CMAKE_BINARY_DIR} $<TARGET_FILE:user_${name}>)
  set_tests_properties(host.${name} PROPERTIES TIMEOUT 60 LABELS host)
endfunction()
