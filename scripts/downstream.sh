#!/usr/bin/env bash
# examples/downstream — a project testing its own (Python) agent with test-as-self — built the two
# ways another project consumes the framework, each run in its integration tier and, on loopback
# stand-ins, its live tier:
#   1. against test-as-self installed into a temporary prefix (find_package);
#   2. with test-as-self brought in by FetchContent from this checkout's commit.
# Usage: scripts/downstream.sh [build dir to install from, default build]
set -euo pipefail
cd "$(dirname "$0")/.."

from=${1:-build}
prefix=$(mktemp -d "${TMPDIR:-/tmp}/test-as-self-prefix-XXXXXX")
trap 'rm -rf "$prefix"' EXIT

# The consumer's ctest must hold its own four tests and nothing of the framework's.
expect_only_its_own_tests() {
  local count
  count=$(ctest --test-dir "$1" -N | sed -n 's/^Total Tests: //p')
  if [[ "$count" != 4 ]]; then
    echo "downstream: expected the echo agent's 4 tests in $1, found $count:" >&2
    ctest --test-dir "$1" -N >&2
    exit 1
  fi
}

# Runs one tier; a skipped test fails it (a tier that could not run is not a pass).
run_tier() {
  local dir=$1 tier=$2 output
  shift 2
  output=$("$@" ctest --test-dir "$dir" -L "^$tier\$" --output-on-failure --no-tests=error 2>&1) || {
    echo "$output"
    exit 1
  }
  echo "$output" | tail -n 4
  if grep -q "Skipped" <<<"$output"; then
    echo "$output" >&2
    echo "downstream: the $tier tier skipped tests in $dir" >&2
    exit 1
  fi
}

echo "== installing test-as-self from $from into $prefix"
cmake --install "$from" --prefix "$prefix" >/dev/null

echo "== examples/downstream against the installed prefix"
cmake --fresh -S examples/downstream -B build/downstream -G Ninja \
  -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build build/downstream
expect_only_its_own_tests build/downstream
run_tier build/downstream integration
run_tier build/downstream live "$prefix/bin/tas-live-loopback"

echo "== examples/downstream with test-as-self through FetchContent"
# The framework's own flags, so that its compiles are shared with the main build's cache.
cmake --fresh -S examples/downstream -B build/downstream-fetch -G Ninja \
  -DECHO_AGENT_FETCH_TEST_AS_SELF=ON \
  -DTEST_AS_SELF_GIT_REPOSITORY="$PWD" -DTEST_AS_SELF_GIT_TAG="$(git rev-parse HEAD)" \
  -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-Og -g1" -DTAS_WERROR=ON >/dev/null
cmake --build build/downstream-fetch
expect_only_its_own_tests build/downstream-fetch
run_tier build/downstream-fetch integration
run_tier build/downstream-fetch live "$prefix/bin/tas-live-loopback"
