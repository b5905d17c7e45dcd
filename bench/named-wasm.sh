#!/usr/bin/env bash
# Builds the module exactly as npm/scripts/build-wasm.sh ships it, but linked
# with --profiling-funcs: the same code, plus a "name" section, so that
# `npm run size -- --wasm=../build-named/bindings/chatwire.wasm` can say which
# functions and components the bytes are (bindings/SIZE.md has the figures).
# Built in <repo>/build-named/, never in npm/dist.
#
#   bench/named-wasm.sh     prints the path of the named module
set -euo pipefail
repo_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="$repo_dir/build-named"
export NODE_PATH=/usr/share/nodejs  # Debian's emcc optimizer needs its node modules

# The shipped compile and link flags, read from the build script so the two never drift.
compile_flags=$(sed -n 's/^compile_flags="\(.*\)"$/\1/p' "$repo_dir/npm/scripts/build-wasm.sh")
link_flags=$(sed -n 's/^link_flags="\(.*\)"$/\1/p' "$repo_dir/npm/scripts/build-wasm.sh")
if [[ -z "$compile_flags" || -z "$link_flags" ]]; then
  echo "named-wasm.sh: no compile_flags/link_flags line in npm/scripts/build-wasm.sh" >&2
  exit 1
fi
if [[ ! -f "$build_dir/build.ninja" ]] ||
  ! grep -qxF "CMAKE_CXX_FLAGS_MINSIZEREL:STRING=$compile_flags" "$build_dir/CMakeCache.txt"; then
  emcmake cmake -S "$repo_dir" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=MinSizeRel -DCHATWIRE_TESTS=OFF \
    -DCMAKE_CXX_FLAGS_MINSIZEREL="$compile_flags" \
    -DCMAKE_EXE_LINKER_FLAGS_MINSIZEREL="$link_flags --profiling-funcs" >/dev/null
fi
cmake --build "$build_dir" --target chatwire_core_wasm -- -j2 >/dev/null
echo "$build_dir/bindings/chatwire.wasm"
