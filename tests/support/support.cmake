# chatwire_add_test_support(<name> <gtest library>): the tests' support code
# (tests/support/: the fake server, the in-memory native backend, the pairs
# that drive a session or a client under a fake clock) as a static library.
# The test suites build it with GoogleTest's main(); fuzz/ builds it again,
# with the core's sanitizer flags and libFuzzer's main(), for the targets that
# drive whole clients against the in-memory server.
function(chatwire_add_test_support name gtest)
  set(dir "${CMAKE_CURRENT_FUNCTION_LIST_DIR}")
  add_library(${name} STATIC
    ${dir}/fake_server.cpp
    ${dir}/polling_bridge.cpp
    ${dir}/pair.cpp
    ${dir}/native_backend.cpp
    ${dir}/native_backend_changes.cpp
    ${dir}/chat_harness.cpp
    ${dir}/client_pair.cpp
  )
  target_include_directories(${name} PUBLIC "${dir}/..")
  target_link_libraries(${name} PUBLIC chatwire_core ${gtest} PRIVATE chatwire_warnings)
endfunction()
