#!/usr/bin/env bash
# Builds the package into dist/: the WebAssembly core and its glue
# (scripts/build-wasm.sh, incremental), then the TypeScript sources (tsc).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/build-wasm.sh
npx tsc -p tsconfig.json
