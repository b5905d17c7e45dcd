#!/usr/bin/env bash
# Installs the npm packages of each named folder from its lock file, unless
# node_modules is already in step with it (npm writes a copy of the lock into
# node_modules/.package-lock.json; identical content means nothing to do).
#
#   scripts/install-npm-deps.sh examples/wasm-session [more folders...]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

for folder in "$@"; do
  lock="$folder/package-lock.json"
  installed="$folder/node_modules/.package-lock.json"
  if [[ -f "$installed" ]] && node -e '
      const [a, b] = process.argv.slice(1).map((f) => JSON.parse(require("fs").readFileSync(f, "utf8")).packages);
      delete a[""];
      process.exit(JSON.stringify(a) === JSON.stringify(b) ? 0 : 1);' "$lock" "$installed"; then
    continue
  fi
  echo "npm: installing the packages of $folder"
  (cd "$folder" && npm ci --no-audit --no-fund --loglevel=error)
done
