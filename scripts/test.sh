#!/usr/bin/env bash
# The test command: installs what it needs, builds warning-free, and runs every tier.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/bootstrap.sh
cmake --preset default
cmake --build --preset default
ctest --preset all
