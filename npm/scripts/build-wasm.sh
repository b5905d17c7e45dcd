#!/usr/bin/env bash
# Builds the WebAssembly core of the package and copies it into dist/:
#   dist/chatwire_core.js    the Emscripten glue (ES module, createChatwireCore),
#                            built as bindings/chatwire.js
#   dist/chatwire.wasm       the module, under the name the glue knows it by
#   dist/chatwire_core.d.ts  its hand-written types (src/chatwire_core.d.ts)
#
# Built as shipped: MinSizeRel with -Oz, LTO, no RTTI, no exceptions (the
# core's own flag), the glue minified by Closure, in <repo>/build-npm/,
# configured once and then incremental: a second run with nothing changed
# takes a second or two. Closure is the registry's google-closure-compiler,
# pinned in tools/closure/ and installed there on the first run (npm ci from
# its lock; skipped while node_modules is in step with the lock).
#
#   npm/scripts/build-wasm.sh            (or `npm run build` in npm/)
set -euo pipefail

npm_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo_dir="$(cd "$npm_dir/.." && pwd)"
build_dir="$repo_dir/build-npm"
dist_dir="$npm_dir/dist"

export NODE_PATH=/usr/share/nodejs  # Debian's emcc optimizer needs its node modules

if ! command -v emcmake >/dev/null; then
  echo "build-wasm.sh: emcmake not found: install Emscripten (scripts/setup.sh does)" >&2
  exit 1
fi

# Size flags, measured in bindings/SIZE.md; the link flags that define the
# module itself live in bindings/CMakeLists.txt.
#
# -sINLINING_LIMIT=0: emcc's -Oz also passes clang -fno-inline-functions, which
# left std::string's one-line accessors as calls in every loop over text. Let
# LLVM inline by its own -Oz cost model instead: the module got smaller
# (-6.8 KB gz) and the core twice as fast per frame (bench/native, built for
# Wasm: 18.4 -> 8.6 us). bindings/SIZE.md has the figures.
compile_flags="-Oz -sINLINING_LIMIT=0 -flto -fno-rtti -DNDEBUG"
link_flags="-Oz -flto -fno-rtti"

# The glue's minifier (bindings/CMakeLists.txt, CHATWIRE_WASM_CLOSURE).
"$repo_dir/scripts/install-npm-deps.sh" tools/closure

# Configured once; again only when an older build-npm/ predates an option.
# Configured again when the flags above changed: the cache would keep the old ones.
if [[ ! -f "$build_dir/build.ninja" ]] || ! grep -q '^CHATWIRE_WASM_CLOSURE:BOOL=ON$' "$build_dir/CMakeCache.txt" ||
  ! grep -qxF "CMAKE_CXX_FLAGS_MINSIZEREL:STRING=$compile_flags" "$build_dir/CMakeCache.txt"; then
  emcmake cmake -S "$repo_dir" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=MinSizeRel -DCHATWIRE_TESTS=OFF \
    -DCHATWIRE_WASM_CLOSURE=ON \
    -DCMAKE_CXX_FLAGS_MINSIZEREL="$compile_flags" \
    -DCMAKE_EXE_LINKER_FLAGS_MINSIZEREL="$link_flags" >/dev/null
fi
cmake --build "$build_dir" --target chatwire_core_wasm -- -j2

mkdir -p "$dist_dir"
# cp -p keeps the timestamps, so tools watching dist/ see a change only when there is one.
# The glue records its own URL (`var _scriptDir = import.meta.url`) for a
# lookup the loader never lets it make (it always passes locateFile or
# wasmBinary); bundlers would bake the build machine's file: path into every
# app. Drop it, and fail loudly if an Emscripten upgrade changes the line.
glue="$build_dir/bindings/chatwire.js"
if ! grep -q 'var _scriptDir = import.meta.url;' "$glue"; then
  echo "build-wasm.sh: the glue no longer has 'var _scriptDir = import.meta.url;': review the patch below" >&2
  exit 1
fi
sed 's/var _scriptDir = import.meta.url;/var _scriptDir = undefined;/' "$glue" >"$dist_dir/chatwire_core.js.tmp"
if ! cmp -s "$dist_dir/chatwire_core.js.tmp" "$dist_dir/chatwire_core.js" 2>/dev/null; then
  mv "$dist_dir/chatwire_core.js.tmp" "$dist_dir/chatwire_core.js"
else
  rm "$dist_dir/chatwire_core.js.tmp"
fi
cp -p "$build_dir/bindings/chatwire.wasm" "$dist_dir/chatwire.wasm"
cp -p "$npm_dir/src/chatwire_core.d.ts" "$dist_dir/chatwire_core.d.ts"
