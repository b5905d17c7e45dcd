#!/usr/bin/env bash
# Builds the package into dist/: the WebAssembly core and its glue
# (scripts/build-wasm.sh, incremental), the contract the TypeScript side
# takes from the core (scripts/generate-contract.mjs), then the TypeScript
# sources (tsc).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/build-wasm.sh
node scripts/generate-contract.mjs
npx tsc -p tsconfig.json
