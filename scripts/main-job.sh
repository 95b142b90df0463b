#!/usr/bin/env bash
# The main job: a full test-as-self run against the reference agent, with the fake Telegram
# embedded in the harness. Extra arguments go to test-as-self (e.g. --keep).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/bootstrap.sh
cmake --preset default >/dev/null
cmake --build --preset default
exec build/harness/cli/test-as-self "$@"
