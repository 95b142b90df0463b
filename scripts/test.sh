#!/usr/bin/env bash
# The test command: installs what it needs, builds warning-free, and runs every tier. The live tier
# runs against loopback stand-ins for its endpoints (tests/live/live_loopback.cpp: the fake
# Telegram, a fake LLM judge, a Secret Drop put from stdin), so it is executed here, not skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/bootstrap.sh
cmake --preset default
cmake --build --preset default
build/tests/live/tas-live-loopback ctest --preset all
# The parsers of outside input under libFuzzer (clang, ASan, UBSan), 20 s per target.
scripts/fuzz.sh 20
