#!/usr/bin/env bash
# The whole test suite in one command, on a fresh Debian 12 machine or a used
# one (CI runs exactly this, through .ci/run):
#
#   0. scripts/setup.sh   installs whatever Debian packages are missing
#   1. native             g++ build in build/ (file by file), GoogleTest suites through ctest;
#                         the library and native benchmark built Release in build-release/
#   2. wasm               Emscripten build in build-wasm/, the same suites under node
#   3. interop            the Wasm session against a real socket.io server (examples/wasm-session)
#   4. fuzz               scripts/fuzz.sh smoke run, about 30 s over all targets
#   5. npm                the package built (npm/: Wasm core + tsc) and its Node and React
#                         tests against real socket.io servers; the reference server's
#                         tests (demo/server), and as a cluster (Redis, PostgreSQL, HAProxy:
#                         failover, Redis outage); the benchmarks' smoke runs (bench/)
#   6. e2e                the demo page (demo/web) in Chromium against the reference server
#                         (e2e/, Playwright), and a Next.js app built from the packed
#                         package (e2e/next-app)
#   7. backends           test servers of the seed backends (backends/: so far
#                         express-conversations and nest-conversations) and their tests
#   8. faults             the packed package through a proxy that cuts, refuses WebSocket
#                         upgrades or is slow, against the reference server and the
#                         cluster (faults/)
#
# Build folders are reused, so a second run only rebuilds what changed. Every
# stage runs even if an earlier one failed, so one run shows everything that
# is broken. The last line is "<N> passed, <N> failed in <time>", counting ctest tests
# of both builds, the interop run, fuzz targets, node:test cases and Playwright tests; the exit status is nonzero
# if anything failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT

stages=(native wasm interop fuzz npm e2e backends faults)
declare -A passed=() failed=() notes=()
for stage in "${stages[@]}"; do
  passed[$stage]=0
  failed[$stage]=0
  notes[$stage]=""
done

# Seconds since the start of the run at each section, for the summary.
declare -A started=()
section_order=()
section() {
  printf '\n==================== %s ====================\n' "$*"
  section_order+=("$*")
  started["$*"]=$SECONDS
}

# Records a stage that broke before it could count its tests as one failure,
# so a build error can never pass for "0 failed".
broken() {
  failed[$1]=$(( failed[$1] + 1 ))
  notes[$1]="$2"
}

# Configures a build folder once. Later runs skip this: ninja re-runs CMake by
# itself when a CMakeLists changes.
configure_once() {
  local dir="$1"
  shift
  [[ -f "$dir/build.ninja" ]] || "$@"
}

# Builds `dir` and runs its ctest, then counts GoogleTest cases into the
# stage. `per` says how the build registers them with ctest:
#   case   one ctest per case (native): ctest's closing line is the count;
#   suite  one ctest per suite (Wasm, where a node start per case cost a
#          minute): the count comes from GoogleTest's own summary lines.
build_and_ctest() {
  local stage="$1" dir="$2" per="$3"
  if ! cmake --build "$dir"; then
    broken "$stage" "build failed"
    return
  fi
  local status=0 output=(--output-on-failure)
  [[ "$per" == suite ]] && output=(--verbose)
  ctest --test-dir "$dir" "${output[@]}" -j2 2>&1 | tee "$logs/$stage.log" || status=$?
  # ctest's closing line: "95% tests passed, 2 tests failed out of 40".
  local summary total failures
  summary="$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$logs/$stage.log" | tail -n 1 || true)"
  if [[ -z "$summary" ]]; then
    broken "$stage" "ctest ran no test (exit $status)"
    return
  fi
  failures="$(sed -E 's/.*tests passed, ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$summary")"
  total="$(sed -E 's/.*tests passed, ([0-9]+) tests? failed out of ([0-9]+).*/\2/' <<<"$summary")"
  if [[ "$per" == case ]]; then
    passed[$stage]=$(( total - failures ))
    failed[$stage]=$(( failures ))
  else
    # "[  PASSED  ] 39 tests." and "[  FAILED  ] 2 tests, listed below:" per suite.
    # (awk, not grep | awk: grep finding nothing would end the script under set -e.)
    passed[$stage]="$(awk '/\[  PASSED  \] [0-9]+ tests?/ {for (i = 1; i < NF; i++) if ($i == "PASSED") s += $(i + 2)} END {print s + 0}' "$logs/$stage.log")"
    failed[$stage]="$(awk '/\[  FAILED  \] [0-9]+ tests?, listed below/ {for (i = 1; i < NF; i++) if ($i == "FAILED") s += $(i + 2)} END {print s + 0}' "$logs/$stage.log")"
  fi
  if (( total == 0 )); then
    broken "$stage" "ctest found no tests"
  elif (( failures > 0 && failed[$stage] == 0 )); then
    # A suite that crashed before its summary must not pass for "0 failed".
    broken "$stage" "$failures ctest test(s) failed without a failing case"
  elif (( status != 0 && failures == 0 )); then
    broken "$stage" "ctest exited $status"
  fi
}

section "setup: Debian packages"
if ! bash scripts/setup.sh; then
  echo "setup.sh failed: cannot build or test without the packages above"
  echo "0 passed, 1 failed"
  exit 1
fi
echo "all packages present"

section "1/8 native: g++ build (build/) and ctest, and a Release build (build-release/)"
# The test builds compile for checking, not shipping: asserts on (Debug), and
# no optimisation or debug info, which is what made compiling the suites the
# longest part of a CI run. The shipped module is built by npm/scripts/build-wasm.sh.
# Every build of the suite treats warnings as errors (CHATWIRE_WERROR; off by
# default, so that a newer compiler's warning cannot break a user's build).
#
# This build compiles file by file, so a file that does not include what it
# uses fails here; the precompiled GoogleTest and nlohmann/json headers
# (tests/CMakeLists.txt) keep that affordable. The Wasm build below uses unity
# builds (a module's files compiled as one), which are faster but hide a
# missing #include.
test_build_flags=(-DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O0 -g0" -DCHATWIRE_WERROR=ON)
if configure_once build cmake -S . -B build -G Ninja -DCMAKE_CXX_COMPILER=g++ "${test_build_flags[@]}"; then
  build_and_ctest native build case
else
  broken native "configure failed"
fi
# The library and the native benchmark as a user builds them (-O3), so that an
# optimiser's warning cannot come back unseen. No tests: the Debug build runs them.
if configure_once build-release cmake -S . -B build-release -G Ninja -DCMAKE_CXX_COMPILER=g++ \
     -DCMAKE_BUILD_TYPE=Release -DCHATWIRE_TESTS=OFF -DCHATWIRE_WERROR=ON &&
   cmake --build build-release; then
  passed[native]=$(( passed[native] + 1 ))
else
  broken native "the Release build (build-release/) failed"
fi

section "2/8 wasm: Emscripten build (build-wasm/) and ctest under node"
# Debian's Emscripten 3.1.6 finds its node modules (acorn, ...) only through
# NODE_PATH; emcc runs at configure, build and link time, so set it for all.
export NODE_PATH=/usr/share/nodejs
# -O1 rather than -O0: unoptimised Wasm runs the suites several times slower under node.
if configure_once build-wasm emcmake cmake -S . -B build-wasm -G Ninja -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g0" \
     -DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=16 -DCHATWIRE_WERROR=ON; then
  build_and_ctest wasm build-wasm suite
else
  broken wasm "configure failed"
fi

section "3/8 interop: the Wasm session against a real socket.io server"
if [[ -f build-wasm/examples/wasm-session/chatwire_session_wasm.js ]] &&
   bash scripts/install-npm-deps.sh examples/wasm-session &&
   (cd examples/wasm-session &&
    timeout 120 node interop.mjs ../../build-wasm/examples/wasm-session/chatwire_session_wasm.js); then
  passed[interop]=1
else
  broken interop "interop.mjs failed (or the Wasm build did not produce its module)"
fi

section "4/8 fuzz: libFuzzer smoke run (build-fuzz/)"
fuzz_status=0
bash scripts/fuzz.sh 2>&1 | tee "$logs/fuzz.log" || fuzz_status=$?
passed[fuzz]="$(grep -c '^PASS ' "$logs/fuzz.log" || true)"
failed[fuzz]="$(grep -c '^FAIL ' "$logs/fuzz.log" || true)"
if (( fuzz_status != 0 && failed[fuzz] == 0 )); then
  broken fuzz "fuzz.sh exited $fuzz_status"
elif (( passed[fuzz] + failed[fuzz] == 0 )); then
  broken fuzz "no fuzz target ran"
fi

section "5/8 npm: the package, its tests against real servers, benchmark smoke runs"
# Runs `npm test` (or the npm script $4; node --test, TAP output) in folder $3
# and adds its "# pass N" / "# fail N" closing lines to stage $1.
node_tests() {
  local stage="$1" name="$2" folder="$3" script="${4:-test}" status=0
  (cd "$folder" && npm run --silent "$script" 2>&1) | tee "$logs/$name.log" || status=$?
  local pass fail
  pass="$(awk '/^# pass [0-9]+/ {n = $3} END {print n}' "$logs/$name.log")"
  fail="$(awk '/^# fail [0-9]+/ {n = $3} END {print n + 0}' "$logs/$name.log")"
  if [[ -z "$pass" ]]; then
    broken "$stage" "$name: node --test ran nothing (exit $status)"
    return
  fi
  passed[$stage]=$(( passed[$stage] + pass ))
  failed[$stage]=$(( failed[$stage] + fail ))
  if (( status != 0 && fail == 0 )); then broken "$stage" "$name: exited $status"; fi
}
if bash scripts/install-npm-deps.sh npm demo/server bench && (cd npm && npm run build); then
  node_tests npm package npm
  node_tests npm reference-server demo/server
  # The reference server as a cluster: each test file starts Redis, a private
  # PostgreSQL, two nodes and HAProxy on 127.0.0.1 and stops them, a failing
  # test included (about a minute).
  node_tests npm reference-server-cluster demo/server test:cluster
  # The packed tarball in real bundlers (Vite, webpack 5) and Chromium; installs its own packages.
  node_tests npm packaging npm/packaging
  for bench in ingest size browser; do
    if (cd bench && npm run --silent "$bench" -- --smoke); then
      passed[npm]=$(( passed[npm] + 1 ))
    else
      broken npm "bench $bench --smoke failed"
    fi
  done
else
  broken npm "npm install or the package build failed"
fi

section "6/8 e2e: the demo page and a Next.js app in Chromium (Playwright)"
# Runs `npm test` (Playwright, list reporter) in folder $2 and adds its closing
# "N passed" / "N failed" / "N flaky" lines to the e2e stage. A flaky test
# (passed only on a retry) counts as failed: retries are off anyway.
playwright_tests() {
  local name="$1" folder="$2" status=0
  (cd "$folder" && CI=true npm test 2>&1) | tee "$logs/$name.log" || status=$?
  local pass fail flaky
  # awk alone: a grep that finds no "failed" line would end the script under set -e.
  pass="$(awk '/^ +[0-9]+ passed/ {n = $1} END {print n}' "$logs/$name.log")"
  fail="$(awk '/^ +[0-9]+ failed/ {n = $1} END {print n}' "$logs/$name.log")"
  flaky="$(awk '/^ +[0-9]+ flaky/ {n = $1} END {print n}' "$logs/$name.log")"
  if [[ -z "$pass$fail$flaky" ]]; then
    broken e2e "$name: Playwright ran nothing (exit $status)"
    return
  fi
  passed[e2e]=$(( passed[e2e] + ${pass:-0} ))
  failed[e2e]=$(( failed[e2e] + ${fail:-0} + ${flaky:-0} ))
  if (( status != 0 && ${fail:-0} + ${flaky:-0} == 0 )); then broken e2e "$name: exited $status"; fi
}
# The page is built from the package built in stage 5 (npm/dist).
if [[ -f npm/dist/index.js ]] && bash scripts/install-npm-deps.sh demo/server demo/web e2e e2e/next-app &&
   (cd demo/web && npm run build); then
  # Reports (with screenshots): e2e/playwright-report, e2e/next-app/playwright-report.
  playwright_tests demo-page e2e
  playwright_tests next-app e2e/next-app
else
  broken e2e "the package, the demo page or the e2e packages could not be built or installed"
fi

section "7/8 backends: the seed backends' test servers, and the conformance suite through the package"
# backends/test: each test server against its seed document, with plain socket.io-client.
# backends/conformance: the same scenarios through the package (npm/dist, built in stage 5) against
# every preset's backend and the reference server (demo/server), over WebSocket and then over
# long-polling; the table printed after it is the one in the README (npm run conformance:table -- --write).
if [[ -f npm/dist/index.js ]] && bash scripts/install-npm-deps.sh backends demo/server; then
  node_tests backends seed-backends backends
  # The conformance scenarios again with transports ['polling']: every dialect over both transports.
  node_tests backends conformance-polling backends conformance:polling
  (cd backends && node conformance/table.mjs) || broken backends "the conformance table could not be made"
else
  broken backends "the package (stage 5) is missing, or npm install of backends/ or demo/server/ failed"
fi

section "8/8 faults: the packed package through a faulty proxy, against the reference server and the cluster"
# faults/: the npm pack tarball of npm/ (built in stage 5) installed there, then each scenario
# (flapping with SIGKILL restarts, no WebSocket, slow) against a fresh reference server and then
# a fresh cluster, all on 127.0.0.1, with its figures in the log. Each scenario stops by itself
# within its deadline and stops what it started. A scenario that cannot run here (a transport or
# a cluster that is not there yet) is a SKIP with its reason, named in the summary.
if [[ -f npm/dist/index.js ]] && bash scripts/install-npm-deps.sh faults demo/server; then
  node_tests faults fault-suite faults
  # "ok 3 - flapping # SKIP <why>" (indented under its describe), one reason per line with its count.
  skips="$(sed -nE 's/^ *ok [0-9]+ - .* # SKIP (.*)$/\1/p' "$logs/fault-suite.log" | sort | uniq -c |
    awk '{n = $1; $1 = ""; printf "%s%s (%d)", (NR > 1 ? "; " : ""), substr($0, 2), n}')"
  if [[ -n "$skips" ]]; then notes[faults]="${notes[faults]:+${notes[faults]}; }not run: $skips"; fi
else
  broken faults "the package (stage 5) is missing, or npm install of faults/ or demo/server/ failed"
fi

section "summary"
total_passed=0
total_failed=0
for stage in "${stages[@]}"; do
  printf '  %-8s passed %5d   failed %3d   %s\n' \
    "$stage" "${passed[$stage]}" "${failed[$stage]}" "${notes[$stage]}"
  total_passed=$(( total_passed + passed[$stage] ))
  total_failed=$(( total_failed + failed[$stage] ))
done
echo "time per section (s):"
previous=""
for name in "${section_order[@]}"; do
  [[ -n "$previous" ]] && printf '  %5d  %s\n' $(( started[$name] - started[$previous] )) "$previous"
  previous="$name"
done
echo "${total_passed} passed, ${total_failed} failed in $(( SECONDS / 60 )) min $(( SECONDS % 60 )) s"
(( total_failed == 0 ))
