# nlohmann/json comes from Debian's nlohmann-json3-dev. Emscripten's sysroot
# must not see /usr/include as a whole (it would pick up glibc headers), so we
# expose only the nlohmann folder through a one-entry include directory.
set(CHATWIRE_NLOHMANN_DIR "/usr/include/nlohmann" CACHE PATH "Folder holding nlohmann/json.hpp")
if(NOT EXISTS "${CHATWIRE_NLOHMANN_DIR}/json.hpp")
  message(FATAL_ERROR "nlohmann/json not found in ${CHATWIRE_NLOHMANN_DIR}: install nlohmann-json3-dev "
                      "(scripts/setup.sh does) or set CHATWIRE_NLOHMANN_DIR.")
endif()
set(CHATWIRE_THIRD_PARTY_INCLUDE "${CMAKE_BINARY_DIR}/third_party_include")
file(MAKE_DIRECTORY "${CHATWIRE_THIRD_PARTY_INCLUDE}")
file(CREATE_LINK "${CHATWIRE_NLOHMANN_DIR}" "${CHATWIRE_THIRD_PARTY_INCLUDE}/nlohmann" SYMBOLIC)

add_library(chatwire_nlohmann INTERFACE)
# SYSTEM: warnings inside the library are not ours to fix.
target_include_directories(chatwire_nlohmann SYSTEM INTERFACE "${CHATWIRE_THIRD_PARTY_INCLUDE}")
