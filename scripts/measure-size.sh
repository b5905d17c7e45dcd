#!/usr/bin/env bash
# Prints the size of the WebAssembly build of the core, raw and gzip -9, as
# built for shipping: -Oz, LTO, no exceptions, no RTTI, no filesystem,
# emmalloc. Weighs two consumers of the core until the npm package's embind
# module exists: examples/wasm-session (the session alone behind a JSON C ABI)
# and examples/wasm-size (the whole client: session, chat model, dialects).
#
#   scripts/measure-size.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export NODE_PATH=/usr/share/nodejs  # Debian's emcc optimizer needs its node modules

build_dir=build-wasm-size
if [[ ! -f "$build_dir/build.ninja" ]]; then
  emcmake cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=MinSizeRel -DCHATWIRE_TESTS=OFF \
    -DCMAKE_CXX_FLAGS_MINSIZEREL="-Oz -sINLINING_LIMIT=0 -flto -fno-rtti -DNDEBUG" \
    -DCMAKE_EXE_LINKER_FLAGS_MINSIZEREL="-Oz -flto -fno-rtti" >/dev/null
fi
cmake --build "$build_dir" --target chatwire_session_wasm chatwire_client_size >/dev/null

# Prints one row per file of a build, then their total.
weigh() {
  local total_raw=0 total_gz=0 file raw gz
  for file in "$@"; do
    raw=$(stat -c %s "$file")
    gz=$(gzip -9 -c "$file" | wc -c)
    total_raw=$((total_raw + raw))
    total_gz=$((total_gz + gz))
    printf '%-28s %10d %12d\n' "$(basename "$file")" "$raw" "$gz"
  done
  printf '%-28s %10d %12d\n' total "$total_raw" "$total_gz"
}

printf '%-28s %10s %12s\n' file bytes "gzip -9"
echo "-- session alone (examples/wasm-session)"
weigh "$build_dir"/examples/wasm-session/chatwire_session_wasm.{wasm,js}
echo "-- whole client: session + chat model + 6 dialect presets (examples/wasm-size)"
weigh "$build_dir"/examples/wasm-size/chatwire_client_size.{wasm,js}
