#!/usr/bin/env bash
# The test command: installs what it needs, builds warning-free, runs every tier, then the unit
# and integration tiers under ASan and UBSan, then each fuzz target for a bounded time. The live tier
# runs against loopback stand-ins for its endpoints (tests/live/live_loopback.cpp: the fake
# Telegram, a fake LLM judge, a Secret Drop put from stdin), so it is executed here, not skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/bootstrap.sh
cmake --preset default
cmake --build --preset default
build/tests/live/tas-live-loopback ctest --preset all
# A downstream project (examples/downstream, its own Python agent) built against test-as-self
# installed into a temporary prefix and through FetchContent, its integration and live tiers run.
scripts/downstream.sh build
# The CI template for a downstream agent (examples/downstream/.github/workflows), its shell steps
# run here as a runner would, the live tier's Bot API being the fake Telegram.
python3 scripts/ci-template.py examples/downstream/.github/workflows/agent-tests.yml build
# The unit and integration tiers again, built with AddressSanitizer and UBSan (the asan preset:
# its own build directory, no benchmarks), the reference agent included.
cmake --preset asan
cmake --build --preset asan
ctest --preset asan
# The parsers of outside input under libFuzzer (clang, ASan, UBSan), 20 s per target.
scripts/fuzz.sh 20
