#!/usr/bin/env bash
# Builds the libFuzzer targets (the fuzz preset: clang, ASan, UBSan) and runs each for a bounded
# time on a scratch copy of its seed corpus in fuzz/corpus/<target>/, so nothing new is written
# into the repository. Fails on any crash, leak, sanitizer report or broken invariant, and prints
# how many inputs each target ran.
#
#   scripts/fuzz.sh [seconds-per-target]     (default 20)
#   TAS_FUZZ_TARGETS="profile lease" scripts/fuzz.sh 600    only these targets, ten minutes each
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-20}"
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "fuzz.sh: expected a whole number of seconds per target, got '$seconds'" >&2
  exit 64
fi
targets=(${TAS_FUZZ_TARGETS:-profile live_config judge_config lease report bot_api_request form_body multipart parse_mode})

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

scratch="$(mktemp -d "${TMPDIR:-/tmp}/tas-fuzz.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT

failed=()
for target in "${targets[@]}"; do
  corpus="$scratch/$target"
  mkdir -p "$corpus" "$scratch/artifacts-$target"
  cp fuzz/corpus/"$target"/* "$corpus"/
  log="$scratch/$target.log"
  if build-fuzz/fuzz/"${target}_fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$scratch/artifacts-$target/" "$corpus" >"$log" 2>&1; then
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
    echo "fuzz: $target: ${runs:-?} executions in ${seconds} s, no crash"
  else
    echo "fuzz: $target FAILED; the end of its log:" >&2
    tail -40 "$log" >&2
    mkdir -p build-fuzz/crashes
    cp -r "$scratch/artifacts-$target"/. build-fuzz/crashes/ 2>/dev/null || true
    echo "fuzz: the crashing inputs are in build-fuzz/crashes/" >&2
    failed+=("$target")
  fi
done

if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: every target ran ${seconds} s without a crash"
