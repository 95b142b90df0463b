#!/usr/bin/env bash
# The macro benchmark: whole test-as-self runs against the reference agent, measured against the
# agent's own timings (docs/performance.md, 'Whole runs'). Usage: bench/macro/run.sh <build-dir>
# [--runs N] [--batches N] [--concurrency 1,2,4,8] [--json <file>]; the build directory must hold
# test-as-self and the reference agent (the bench preset's build-bench/ does).
set -euo pipefail
exec /usr/bin/python3 "$(dirname "$0")/macro_bench.py" "$@"
