#!/usr/bin/env bash
# The main job, on a fresh Debian 12 machine or a used one: the Chatwire
# reference server with the demo page, on 127.0.0.1, with its embedded
# SQLite database (demo/data/chatwire.sqlite; a fresh one gets four rooms and
# a 10,000-message archive).
#
#   scripts/main.sh                 # http://127.0.0.1:8080
#   PORT=9000 scripts/main.sh       # another port
#   CHATWIRE_DB=/tmp/x.sqlite scripts/main.sh
#
# Installs what is missing (Debian packages, npm packages), builds what is
# out of date (the Wasm core and package, the page), then runs the server in
# the foreground until Ctrl-C, which stops it cleanly.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
bash scripts/install-npm-deps.sh npm demo/server demo/web

# Debian's Emscripten 3.1.6 finds its node modules only through NODE_PATH.
export NODE_PATH=/usr/share/nodejs
(cd npm && npm run --silent build)
(cd demo/web && npm run --silent build)

port="${PORT:-${CHATWIRE_PORT:-8080}}"
echo
echo "Chatwire demo: open http://127.0.0.1:${port}/ (two windows, two names, to chat with yourself). Ctrl-C stops it."
echo
exec node demo/server/src/main.mjs --port "$port" --web demo/web/dist
