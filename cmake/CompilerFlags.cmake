# Flags shared by every target of ours (not by GoogleTest itself).
add_library(chatwire_warnings INTERFACE)
target_compile_options(chatwire_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wnon-virtual-dtor -Wold-style-cast
  -Wimplicit-fallthrough
  # GCC 12 at -O2/-O3 inlines libstdc++'s `"..." + std::string(...)` (an insert at the front)
  # and then reports a memcpy of up to SIZE_MAX bytes in every one of them, under three names.
  # No such copy exists. Debug builds and clang keep these warnings.
  $<$<AND:$<CXX_COMPILER_ID:GNU>,$<NOT:$<CONFIG:Debug>>>:-Wno-stringop-overflow -Wno-array-bounds -Wno-restrict>
  $<$<BOOL:${CHATWIRE_WERROR}>:-Werror>)

# The core is built exactly as it ships: without exceptions, so nothing in it
# can throw, and a throw from a library becomes a compile error or an abort we
# would see in tests and fuzzing rather than in a user's browser.
add_library(chatwire_core_flags INTERFACE)
target_compile_options(chatwire_core_flags INTERFACE -fno-exceptions)

if(CHATWIRE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "CHATWIRE_FUZZ needs clang: configure with CXX=clang++")
  endif()
  set(CHATWIRE_SANITIZERS -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  # -UNDEBUG: keep assert() live while fuzzing, whatever the build type.
  target_compile_options(chatwire_core_flags INTERFACE ${CHATWIRE_SANITIZERS} -fsanitize=fuzzer-no-link -UNDEBUG)
  target_link_options(chatwire_core_flags INTERFACE ${CHATWIRE_SANITIZERS})
endif()
