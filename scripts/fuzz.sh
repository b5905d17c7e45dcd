#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan, in build-fuzz/) and runs
# each one for a while, failing on any crash, leak, sanitizer report, broken
# property or hang.
#
#   scripts/fuzz.sh                      smoke run: about 30 s in all, shared by the targets
#   scripts/fuzz.sh --seconds 600        long run: 600 s per target
#   scripts/fuzz.sh --runs 10000000      long run: 10 million executions per target
#   scripts/fuzz.sh --jobs 2 ...         two targets at a time (one per core)
#   scripts/fuzz.sh engineio_packet_fuzz only the named targets
#
# --seconds and --runs together: each target stops at whichever comes first.
# Every fuzz/<name>_fuzz.cpp is a target. Inputs come from the committed seeds
# in fuzz/corpus/<target>/; new inputs go to fuzz/corpus/<target>/generated/
# (gitignored, kept between runs so long runs build on each other); crash
# reproducers and full logs go to build-fuzz/artifacts/ and build-fuzz/logs/.
# Prints one line per target, "PASS <target> ..." or "FAIL <target> ...", then
# a Markdown table (seconds, execs, exec/s, coverage, corpus, crashes) that is
# also written to build-fuzz/fuzz-table.md. On a shared machine: nice -n 5 scripts/fuzz.sh ...
# (not 19: libFuzzer's timeout is wall-clock time, see replay_timeout).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

readonly build_dir=build-fuzz
readonly smoke_total_seconds=30
# One input taking this long is a hang: the decoders are linear.
readonly hang_seconds=10
readonly table_file="$build_dir/fuzz-table.md"
# One folder per run for what the background jobs hand back to this shell,
# named by this shell's pid so that two runs in one checkout (different
# targets, different budgets) do not clear each other's results.
readonly results_dir="$build_dir/results/$$"

# The usage text is the comment block at the top of this file.
usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; }
die() { echo "fuzz.sh: $*" >&2; exit 2; }

# --- options -----------------------------------------------------------------
seconds=""
runs=""
jobs=1
targets=()
original_args=("$@")   # for the table's header: how to run it again
while (( $# > 0 )); do
  case "$1" in
    --seconds) (( $# >= 2 )) || die "$1 needs a value"; seconds="$2"; shift 2 ;;
    --runs)    (( $# >= 2 )) || die "$1 needs a value"; runs="$2"; shift 2 ;;
    --jobs)    (( $# >= 2 )) || die "$1 needs a value"; jobs="$2"; shift 2 ;;
    --seconds=*) seconds="${1#*=}"; shift ;;
    --runs=*)    runs="${1#*=}"; shift ;;
    --jobs=*)    jobs="${1#*=}"; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) die "unknown option $1 (try --help)" ;;
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
# Neither a time nor an exec budget: the smoke run CI makes, 30 s shared out.
if [[ -z "$seconds" && -z "$runs" ]]; then
  seconds=$(( smoke_total_seconds / ${#targets[@]} ))
  (( seconds >= 1 )) || seconds=1
fi
positive='^[1-9][0-9]*$'
[[ -z "$seconds" || "$seconds" =~ $positive ]] || die "--seconds must be a positive whole number, not '$seconds'"
[[ -z "$runs" || "$runs" =~ $positive ]] || die "--runs must be a positive whole number, not '$runs'"
[[ "$jobs" =~ $positive ]] || die "--jobs must be a positive whole number, not '$jobs'"

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

# The last value of "<key> N" in a libFuzzer log, e.g. last_number "$log" 'cov:'.
last_number() {
  grep -oE "$2 *[0-9]+" "$1" | tail -n 1 | grep -oE '[0-9]+$' || true
}

# libFuzzer's -timeout is wall-clock time, so a fuzzer starved of CPU (at
# nice 19 beside a build) can report a "timeout" on an input that takes
# milliseconds. Replays the input once, at this shell's priority, and says
# which it was; the run fails either way, since it stopped short of its budget.
replay_timeout() {  # replay_timeout <binary> <reproducer>
  local started=$SECONDS
  if "$1" -timeout="$hang_seconds" "$2" >/dev/null 2>&1; then
    echo "---- the replay finished in $(( SECONDS - started )) s: not a hang, the fuzzer was starved of CPU; run it again on a quieter machine"
  else
    echo "---- the replay failed too: a real hang (run the line above to see it)"
  fi
}

# Fuzzes one target; its console lines go to stdout, and its figures to
# $results_dir/<target>.row as "key=value" lines for the table. Runs in the
# background when --jobs > 1, so it reports through files, not variables;
# its exit status is 0 for a pass and 1 for a failure.
run_target() {
  local target="$1"
  local binary="$build_dir/fuzz/$target"
  local seeds="fuzz/corpus/$target"
  local generated="$seeds/generated"
  local artifacts="$build_dir/artifacts/$target/"
  local log="$build_dir/logs/$target.log"
  mkdir -p "$seeds" "$generated" "$artifacts" "$(dirname "$log")"

  local args=(
    -print_final_stats=1
    -detect_leaks=1
    -timeout="$hang_seconds"
    -rss_limit_mb=2048
    -max_len=4096           # tight limits in the harnesses cover the size checks
    -artifact_prefix="$artifacts"
  )
  [[ -n "$seconds" ]] && args+=(-max_total_time="$seconds")
  [[ -n "$runs" ]] && args+=(-runs="$runs")
  if [[ -f "fuzz/dict/$target.dict" ]]; then
    args+=(-dict="fuzz/dict/$target.dict")
  fi

  # libFuzzer writes new inputs into the FIRST corpus directory, so generated/
  # goes first and the committed seeds are only read.
  local status=0 started=$SECONDS
  "$binary" "${args[@]}" "$generated" "$seeds" >"$log" 2>&1 || status=$?
  local wall=$(( SECONDS - started ))

  # Figures from libFuzzer's closing lines: "Done N runs in S second(s)", the
  # -print_final_stats block, and the last status line ("#N DONE cov: C ft: F
  # corp: N/SIZE ..."). A run that crashed early may lack any of them, hence
  # the fallbacks and "|| true"s.
  local done_line execs secs rate cov ft corpus crashes
  done_line="$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -n 1 || true)"
  execs="$(awk '{print $2}' <<<"$done_line")"
  secs="$(awk '{print $5}' <<<"$done_line")"
  local completed=true
  if [[ -z "$execs" ]]; then
    completed=false
    execs="$(last_number "$log" 'stat::number_of_executed_units:')"
    secs="$wall"
  fi
  rate="$(last_number "$log" 'stat::average_exec_per_sec:')"
  cov="$(last_number "$log" 'cov:')"
  ft="$(last_number "$log" 'ft:')"
  corpus="$(grep -oE 'corp: [0-9]+/[0-9]+[a-zA-Z]*' "$log" | tail -n 1 | sed 's/corp: //' || true)"
  # Each reproducer libFuzzer saves is announced as "Test unit written to <path>".
  crashes="$(grep -c 'Test unit written to' "$log" || true)"

  local verdict=PASS
  if (( status != 0 )) || ! $completed || grep -Eq "$failure_pattern" "$log"; then
    verdict=FAIL
  fi
  cat >"$results_dir/$target.row" <<EOF
verdict=$verdict
secs=${secs:-?}
execs=${execs:-?}
rate=${rate:-?}
cov=${cov:-?}
ft=${ft:-?}
corpus=${corpus:-?}
crashes=${crashes:-0}
EOF

  local figures
  figures="$(printf '%10s runs in %4s s  %8s exec/s  cov %s ft %s  corpus %s' \
    "${execs:-?}" "${secs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corpus:-?}")"
  if [[ $verdict == PASS ]]; then
    printf 'PASS %-24s %s\n' "$target" "$figures"
    return 0
  fi

  printf 'FAIL %-24s %s  (exit %d)\n' "$target" "$figures" "$status"
  if grep -Eq "$failure_pattern" "$log"; then
    echo "---- from $log:"
    grep -E -A 30 "$failure_pattern" "$log" | head -n 60 || true
  else
    echo "---- last lines of $log:"
    tail -n 40 "$log"
  fi
  local reproducer
  reproducer="$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1 || true)"
  if [[ -n "$reproducer" ]]; then
    echo "---- reproduce with: $binary $reproducer"
    if [[ "$(basename "$reproducer")" == timeout-* ]]; then
      replay_timeout "$binary" "$reproducer"
    fi
  fi
  return 1
}

# Runs the targets, at most $jobs at a time. Each job's console output is
# held in a file and printed whole when it ends, so two jobs' lines never mix.
declare -A target_of=()   # pid of a running job -> its target

# Waits for whichever job ends first, prints its output and counts a failure.
collect_one() {
  local pid status=0
  wait -n -p pid "${!target_of[@]}" || status=$?
  cat "$results_dir/${target_of[$pid]}.out"
  (( status == 0 )) || failures=$(( failures + 1 ))
  unset "target_of[$pid]"
}

run_all() {
  local target
  for target in "${buildable[@]}"; do
    while (( ${#target_of[@]} >= jobs )); do collect_one; done
    run_target "$target" >"$results_dir/$target.out" 2>&1 &
    target_of[$!]="$target"
  done
  while (( ${#target_of[@]} > 0 )); do collect_one; done
}

# --- table -------------------------------------------------------------------
# A Markdown table of the run, ready to paste into fuzz/README.md: what was
# run, on which commit, then one row per target from its .row file.
write_table() {
  local budget=""
  [[ -n "$runs" ]] && budget+="${runs} runs"
  [[ -n "$runs" && -n "$seconds" ]] && budget+=" or "
  [[ -n "$seconds" ]] && budget+="${seconds} s"
  local commit dirty=""
  commit="$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
  # Only code counts: editing fuzz/README.md while a run goes on changes nothing fuzzed.
  git diff --quiet HEAD -- src fuzz ':!*.md' 2>/dev/null || dirty=" (with uncommitted changes in src/ or fuzz/)"

  echo "Command: \`scripts/fuzz.sh${original_args[*]:+ ${original_args[*]}}\`  "
  echo "Commit: \`$commit\`$dirty, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $jobs job(s) at a time, budget per target: $budget"
  echo
  echo '| target | result | seconds | execs | execs/s | cov | ft | corpus (inputs/bytes) | crashes |'
  echo '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |'
  local target
  for target in "${buildable[@]}"; do
    local verdict="FAIL (no figures: see its log)" secs="?" execs="?" rate="?" cov="?" ft="?" corpus="?" crashes="?"
    if [[ -f "$results_dir/$target.row" ]]; then
      # shellcheck disable=SC1090  # key=value lines written by run_target
      source "$results_dir/$target.row"
    fi
    echo "| \`$target\` | $verdict | $secs | $execs | $rate | $cov | $ft | $corpus | $crashes |"
  done
}

if (( ${#buildable[@]} > 0 )); then
  budget_text="${seconds:+$seconds s}${seconds:+${runs:+ or }}${runs:+$runs runs}"
  echo "fuzzing ${#buildable[@]} target(s), $budget_text each, $jobs at a time"
  rm -rf "$results_dir"
  mkdir -p "$results_dir"
  run_all
  write_table >"$table_file"
  rm -rf "$results_dir"
  echo
  cat "$table_file"
  echo
  echo "(table written to $table_file)"
fi

if (( failures > 0 )); then
  echo "fuzz: $failures of ${#targets[@]} target(s) FAILED"
  exit 1
fi
echo "fuzz: all ${#targets[@]} target(s) passed"
