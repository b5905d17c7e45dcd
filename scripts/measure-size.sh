#!/usr/bin/env bash
# Prints the size of the WebAssembly build of the core, raw and gzip -9, as
# built for shipping: -Oz, LTO, no exceptions, no RTTI, no filesystem,
# emmalloc. Weighs examples/wasm-session (the whole session behind a C ABI)
# until the npm package's embind module exists.
#
#   scripts/measure-size.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export NODE_PATH=/usr/share/nodejs  # Debian's emcc optimizer needs its node modules

build_dir=build-wasm-size
if [[ ! -f "$build_dir/build.ninja" ]]; then
  emcmake cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=MinSizeRel -DCHATWIRE_TESTS=OFF \
    -DCMAKE_CXX_FLAGS_MINSIZEREL="-Oz -flto -fno-rtti -DNDEBUG" \
    -DCMAKE_EXE_LINKER_FLAGS_MINSIZEREL="-Oz -flto -fno-rtti" >/dev/null
fi
cmake --build "$build_dir" --target chatwire_session_wasm >/dev/null

printf '%-28s %10s %12s\n' file bytes "gzip -9"
total_raw=0
total_gz=0
for file in "$build_dir"/examples/wasm-session/chatwire_session_wasm.wasm "$build_dir"/examples/wasm-session/chatwire_session_wasm.js; do
  raw=$(stat -c %s "$file")
  gz=$(gzip -9 -c "$file" | wc -c)
  total_raw=$((total_raw + raw))
  total_gz=$((total_gz + gz))
  printf '%-28s %10d %12d\n' "$(basename "$file")" "$raw" "$gz"
done
printf '%-28s %10d %12d\n' total "$total_raw" "$total_gz"
