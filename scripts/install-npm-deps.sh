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
  # Entry by entry: npm leaves other platforms' optional packages (esbuild,
  # rolldown binaries, fsevents) out of its copy, so a missing optional entry
  # is in step.
  if [[ -f "$installed" ]] && node -e '
      const [want, have] = process.argv.slice(1).map((f) => JSON.parse(require("fs").readFileSync(f, "utf8")).packages);
      delete want[""];
      const same = Object.entries(want).every(([path, entry]) =>
        path in have ? have[path].version === entry.version : entry.optional === true);
      process.exit(same ? 0 : 1);' "$lock" "$installed"; then
    continue
  fi
  echo "npm: installing the packages of $folder"
  (cd "$folder" && npm ci --no-audit --no-fund --loglevel=error)
done
