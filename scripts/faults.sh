#!/usr/bin/env bash
# The fault suite alone (stage 8 of scripts/test.sh): the packed package
# through a proxy that cuts, refuses WebSocket upgrades or is slow, against a
# reference server it starts on 127.0.0.1. See faults/README.md.
#
#   scripts/faults.sh                                 every scenario
#   scripts/faults.sh --test-name-pattern=flapping    one of them (node --test options)
#
# Builds the package first only if npm/dist is missing; after changing the
# package, run `cd npm && npm run build` yourself (a stale build is warned about).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-npm-deps.sh faults demo/server
if [[ ! -f npm/dist/index.js ]]; then
  bash scripts/install-npm-deps.sh npm
  (cd npm && npm run build)
fi
cd faults
node install-package.mjs
exec node --test --test-concurrency=1 "$@" test/
