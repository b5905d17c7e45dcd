#!/usr/bin/env bash
# Installs the Debian packages that building and testing Chatwire need, and
# nothing that is already there. Safe to run any number of times: it is silent
# when there is nothing to do, and names what it installs when there is.
#
# Runs as root in CI; elsewhere it uses sudo for apt-get only.
set -euo pipefail

packages=(
  cmake ninja-build g++       # native build and GoogleTest suites
  googletest libgtest-dev     # GoogleTest: built library (native) and source (Wasm)
  nlohmann-json3-dev          # the core's JSON parser
  clang libclang-rt-14-dev    # libFuzzer and the sanitizer runtimes (scripts/fuzz.sh)
  emscripten                  # the Wasm build (its system libraries come prebuilt)
  chromium                    # the browser of the packaging and end-to-end tests (Playwright)
  python3-flask-socketio python3-eventlet python3-jwt  # the Flask seed backends (backends/flask-*), run by /usr/bin/python3
  postgresql                  # the reference server's shared store (demo/server, --store postgres); tests start a private one
  redis-server haproxy        # the cluster (scripts/cluster.sh, demo/server/cluster): fan-out between nodes, the load balancer
)

# Node.js and npm may come from outside Debian (e.g. a nodesource package
# whose nodejs bundles npm and conflicts with Debian's npm): any node/npm on
# PATH will do, and asking apt for Debian's would replace or break it.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
command -v python3 >/dev/null 2>&1 || packages+=(python3)

missing=()
for package in "${packages[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)"
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
(( ${#missing[@]} == 0 )) && exit 0

echo "setup: installing ${missing[*]}"
as_root=()
if (( EUID != 0 )); then
  as_root=(sudo)
fi
# Update only now: the package lists are the slow part, and unneeded when
# everything is present.
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "setup: done"
