#!/usr/bin/env bash
# Installs the npm packages of each named folder from its lock file, unless
# node_modules is already in step with it (npm writes a copy of the lock into
# node_modules/.package-lock.json; identical content means nothing to do).
#
#   scripts/install-npm-deps.sh examples/wasm-session [more folders...]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# better-sqlite3 compiles SQLite from source here (about two minutes on two
# cores; there is no network for its prebuilt binaries), and two folders
# use it (demo/server, backends). The first build is packed the way prebuild-install names a download
# and the others install that: prebuild-install looks in this folder first.
prebuilds="$PWD/.cache/prebuilds"
export npm_config_better_sqlite3_local_prebuilds="$prebuilds"

# Keeps the better-sqlite3 that folder $1 built, for the next folders.
keep_native_build() {
  local module="$1/node_modules/better-sqlite3"
  [[ -f "$module/build/Release/better_sqlite3.node" ]] || return 0
  local name
  name="$(node -p "const p = require('./$module/package.json'); \`better-sqlite3-v\${p.version}-node-v\${process.versions.modules}-\${process.platform}-\${process.arch}.tar.gz\`")"
  [[ -f "$prebuilds/$name" ]] && return 0
  mkdir -p "$prebuilds"
  tar -czf "$prebuilds/$name" -C "$module" build/Release/better_sqlite3.node
}

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
    keep_native_build "$folder"
    continue
  fi
  echo "npm: installing the packages of $folder"
  # npm ci refuses a lock that lacks an optional package of another platform,
  # and some (Next.js's @next/swc-darwin-*, -win32-*) are missing from the
  # registry this machine reaches, so npm could not write them into the lock.
  # npm install takes the same lock, tolerates that, and changes no file of ours.
  if ! (cd "$folder" && npm ci --no-audit --no-fund --loglevel=error); then
    echo "npm: npm ci refused $folder/package-lock.json; installing from it with npm install --no-save"
    (cd "$folder" && npm install --no-save --no-audit --no-fund --loglevel=error)
  fi
  keep_native_build "$folder"
done
