#!/usr/bin/env bash
# The reference server as a cluster on this machine, the way it runs past one
# machine: Redis (fan-out between nodes, connection state recovery), a
# private PostgreSQL server (its own data directory under build/cluster, never
# the system's), two nodes of demo/server with --cluster, and HAProxy in front
# (sticky sessions, health checks), all on 127.0.0.1.
#
#   scripts/cluster.sh               # http://127.0.0.1:8080 (HAProxy)
#   PORT=9000 scripts/cluster.sh     # another port
#   NODES=3 scripts/cluster.sh       # more nodes
#
# Installs what is missing (Debian's redis-server, haproxy, postgresql; npm
# packages), builds the package and the page when they are out of date, prints
# the URL, and runs until Ctrl-C, which stops every piece; so does the failure
# of any piece. Each run starts from a fresh database (seeded like main.sh's);
# README.md, "Past one machine", maps the pieces to a real deployment.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
bash scripts/install-npm-deps.sh npm demo/server demo/web

# The page is optional for the cluster itself: build it unless asked not to.
web_args=()
if [[ "${CLUSTER_NO_PAGE:-0}" != 1 ]]; then
  # Debian's Emscripten 3.1.6 finds its node modules only through NODE_PATH.
  export NODE_PATH=/usr/share/nodejs
  (cd npm && npm run --silent build)
  (cd demo/web && npm run --silent build)
  web_args=(--web demo/web/dist)
fi

# PostgreSQL runs as the user postgres, who must be able to reach its data
# directory under build/cluster.
mkdir -p build/cluster
chmod 755 build build/cluster

launcher=""
stop() {
  trap - INT TERM EXIT
  if [[ -n "$launcher" ]] && kill -0 "$launcher" 2>/dev/null; then
    # The launcher stops the nodes, HAProxy, Redis and PostgreSQL in order.
    kill -TERM "$launcher" 2>/dev/null || true
    wait "$launcher" 2>/dev/null || true
  fi
}
trap stop INT TERM EXIT

port="${PORT:-8080}"
echo
echo "Chatwire cluster: starting Redis, PostgreSQL, ${NODES:-2} nodes and HAProxy on 127.0.0.1 (Ctrl-C stops them all)"
node demo/server/cluster/run.mjs --port "$port" --nodes "${NODES:-2}" --dir build/cluster "${web_args[@]}" &
launcher=$!
# The launcher exits when any piece fails; its code is this script's.
set +e
wait "$launcher"
code=$?
set -e
launcher=""
exit "$code"
