#!/usr/bin/env bash
# The core's cost per message in WebAssembly, without JavaScript around it:
# bench/native/ingest_native.cpp linked against the package's core as it ships
# (build-npm/, made by `cd npm && npm run build`: -Oz, LTO, emmalloc) and run
# under Node. Steadier than `npm run ingest` (a few percent between runs),
# so it is the figure to compare a change of src/ by.
#
#   bench/native/run-wasm.sh [frames] [runs]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export NODE_PATH=/usr/share/nodejs  # Debian's emcc needs its node modules

core=build-npm/src/libchatwire_core.a
if [[ ! -f "$core" ]]; then
  echo "run-wasm.sh: $core is missing: build the package first (cd npm && npm run build)" >&2
  exit 1
fi
cmake --build build-npm --target chatwire_core >/dev/null  # the core as src/ is now
out_dir=build-npm/bench-native
mkdir -p "$out_dir"
# The module's own flags (npm/scripts/build-wasm.sh, bindings/CMakeLists.txt),
# plus synchronous instantiation so that Node runs it as a plain program.
em++ -Oz -sINLINING_LIMIT=0 -flto -fno-rtti -fno-exceptions -DNDEBUG -std=c++20 \
  -Isrc -isystem build-npm/third_party_include bench/native/ingest_native.cpp "$core" \
  -sMALLOC=emmalloc -sALLOW_MEMORY_GROWTH=1 -sFILESYSTEM=0 -sENVIRONMENT=node -sWASM_ASYNC_COMPILATION=0 \
  -o "$out_dir/ingest_native.js"
node "$out_dir/ingest_native.js" "$@"
