#!/usr/bin/env bash
# The main job, on a fresh Debian 12 machine or a used one. Until the
# reference server and demo page exist, it builds the core for WebAssembly
# and runs it against a real socket.io server on 127.0.0.1
# (examples/wasm-session/interop.mjs), printing each step: connect with a
# token, events and acks, a server crash and restart, a refused token, and
# disconnect.
#
# Installs what is missing (Debian packages, the example's npm packages) and
# reuses what is there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
bash scripts/install-npm-deps.sh examples/wasm-session

# Debian's Emscripten 3.1.6 finds its node modules only through NODE_PATH.
export NODE_PATH=/usr/share/nodejs
[[ -f build-wasm/build.ninja ]] || emcmake cmake -S . -B build-wasm -G Ninja >/dev/null
cmake --build build-wasm --target chatwire_session_wasm

cd examples/wasm-session
exec node interop.mjs ../../build-wasm/examples/wasm-session/chatwire_session_wasm.js
