#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan, in build-fuzz/) and runs
# each one for a while, failing on any crash, leak, sanitizer report, broken
# property or hang.
#
#   scripts/fuzz.sh                      smoke run: about 30 s in all, shared by the targets
#   scripts/fuzz.sh --seconds 600        long run: 600 s per target
#   scripts/fuzz.sh engineio_packet_fuzz only the named targets
#
# Every fuzz/<name>_fuzz.cpp is a target. Inputs come from the committed seeds
# in fuzz/corpus/<target>/; new inputs go to fuzz/corpus/<target>/generated/
# (gitignored, kept between runs so long runs build on each other); crash
# reproducers and full logs go to build-fuzz/artifacts/ and build-fuzz/logs/.
# Prints one line per target, "PASS <target> ..." or "FAIL <target> ...".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

readonly build_dir=build-fuzz
readonly smoke_total_seconds=30

seconds=""
targets=()
while (( $# > 0 )); do
  case "$1" in
    --seconds) seconds="${2:-}"; shift 2 || { echo "fuzz.sh: --seconds needs a value" >&2; exit 2; } ;;
    --seconds=*) seconds="${1#*=}"; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done

if (( ${#targets[@]} == 0 )); then
  shopt -s nullglob
  for source in fuzz/*_fuzz.cpp; do
    targets+=("$(basename "$source" .cpp)")
  done
  shopt -u nullglob
fi
if (( ${#targets[@]} == 0 )); then
  echo "fuzz.sh: no fuzz/*_fuzz.cpp found" >&2
  exit 1
fi
if [[ -z "$seconds" ]]; then
  seconds=$(( smoke_total_seconds / ${#targets[@]} ))
  (( seconds >= 1 )) || seconds=1
fi
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "fuzz.sh: --seconds must be a positive whole number, not '$seconds'" >&2
  exit 2
fi

# --- build -------------------------------------------------------------------
failures=0
fail() {  # fail <target> <reason>
  failures=$(( failures + 1 ))
  printf 'FAIL %-24s %s\n' "$1" "$2"
}

# A harness that CMake does not know would never run: say so, and go on with
# the others rather than failing the whole build.
buildable=()
for target in "${targets[@]}"; do
  if [[ ! -f "fuzz/$target.cpp" ]]; then
    fail "$target" "no such target: fuzz/$target.cpp does not exist"
  elif ! grep -q "^chatwire_add_fuzzer($target)" fuzz/CMakeLists.txt; then
    fail "$target" "not built: add chatwire_add_fuzzer($target) to fuzz/CMakeLists.txt"
  else
    buildable+=("$target")
  fi
done

# Configure once; afterwards ninja re-runs CMake by itself when a CMakeLists
# changes, so a second run only recompiles what changed.
build_ok=true
if (( ${#buildable[@]} > 0 )); then
  if [[ ! -f "$build_dir/build.ninja" ]]; then
    CXX=clang++ cmake -S . -B "$build_dir" -G Ninja -DCHATWIRE_FUZZ=ON -DCHATWIRE_TESTS=OFF -DCHATWIRE_WERROR=ON || build_ok=false
  fi
  if $build_ok && ! cmake --build "$build_dir" --target "${buildable[@]}"; then
    build_ok=false
  fi
fi
if ! $build_ok; then
  for target in "${buildable[@]}"; do
    fail "$target" "not built (see the build errors above)"
  done
  buildable=()
fi

# --- run ---------------------------------------------------------------------
# Sanitizer reports must end the run: UBSan aborts (the core is built with
# -fno-sanitize-recover=all), ASan's leak check runs at exit of each input.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}print_stacktrace=1:halt_on_error=1"

# Lines in a libFuzzer log that mean a failure even if the exit code were 0.
readonly failure_pattern='ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|libFuzzer)|runtime error:|fuzz property violated|deadly signal|SUMMARY: (AddressSanitizer|UndefinedBehaviorSanitizer|libFuzzer)'

run_target() {
  local target="$1"
  local binary="$build_dir/fuzz/$target"
  local seeds="fuzz/corpus/$target"
  local generated="$seeds/generated"
  local artifacts="$build_dir/artifacts/$target/"
  local log="$build_dir/logs/$target.log"
  mkdir -p "$seeds" "$generated" "$artifacts" "$(dirname "$log")"

  local args=(
    -max_total_time="$seconds"
    -print_final_stats=1
    -detect_leaks=1
    -timeout=10             # one input taking 10 s is a hang: decoders are linear
    -rss_limit_mb=2048
    -max_len=4096           # tight limits in the harnesses cover the size checks
    -artifact_prefix="$artifacts"
  )
  if [[ -f "fuzz/dict/$target.dict" ]]; then
    args+=(-dict="fuzz/dict/$target.dict")
  fi

  # libFuzzer writes new inputs into the FIRST corpus directory, so generated/
  # goes first and the committed seeds are only read.
  local status=0
  "$binary" "${args[@]}" "$generated" "$seeds" >"$log" 2>&1 || status=$?

  # Figures from libFuzzer's closing lines: "Done N runs in S second(s)", the
  # -print_final_stats block, and the last status line's "corp: N/SIZE".
  # A run that crashed early may lack any of them, hence the "|| true"s.
  local done_line runs secs rate corpus
  done_line="$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -n 1 || true)"
  runs="$(awk '{print $2}' <<<"$done_line")"
  secs="$(awk '{print $5}' <<<"$done_line")"
  rate="$(sed -n 's/^stat::average_exec_per_sec: *\([0-9]*\).*/\1/p' "$log" | tail -n 1 || true)"
  corpus="$(grep -oE 'corp: [0-9]+/[0-9]+[a-zA-Z]*' "$log" | tail -n 1 | sed 's/corp: //' || true)"
  local completed=true
  if [[ -z "$runs" ]]; then
    completed=false
    runs="$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -n 1 || true)"
  fi

  local figures
  figures="$(printf '%10s runs in %4s s  %8s exec/s  corpus %s' \
    "${runs:-?}" "${secs:-?}" "${rate:-?}" "${corpus:-?}")"
  if (( status == 0 )) && $completed && ! grep -Eq "$failure_pattern" "$log"; then
    printf 'PASS %-24s %s\n' "$target" "$figures"
    return 0
  fi

  failures=$(( failures + 1 ))
  printf 'FAIL %-24s %s  (exit %d)\n' "$target" "$figures" "$status"
  if grep -Eq "$failure_pattern" "$log"; then
    echo "---- from $log:"
    grep -E -A 30 "$failure_pattern" "$log" | head -n 60 || true
  else
    echo "---- last lines of $log:"
    tail -n 40 "$log"
  fi
  # libFuzzer names the file it saved: "Test unit written to <path>".
  local reproducer
  reproducer="$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1 || true)"
  if [[ -n "$reproducer" ]]; then
    echo "---- reproduce with: $binary $reproducer"
  fi
}

if (( ${#buildable[@]} > 0 )); then
  echo "fuzzing ${#buildable[@]} target(s), $seconds s each"
fi
for target in "${buildable[@]}"; do
  run_target "$target"
done

if (( failures > 0 )); then
  echo "fuzz: $failures of ${#targets[@]} target(s) FAILED"
  exit 1
fi
echo "fuzz: all ${#targets[@]} target(s) passed"
