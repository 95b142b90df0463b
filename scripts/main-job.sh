#!/usr/bin/env bash
# The main job: a full test-as-self run against the reference agent, with the fake Telegram Bot
# API embedded in the harness. Installs what it needs first; extra arguments go to test-as-self.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/bootstrap.sh
cmake --preset default >/dev/null
cmake --build --preset default
cli=build/harness/cli/test-as-self

# A fresh test bot token for the embedded fake Telegram, handed over the way CI hands one over:
# into Secret Drop through stdin (never argv, never the environment). The run gets only the
# drop's ID, and the drop is removed afterwards.
token="7200000001:$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
drop=$(printf %s "$token" | "$cli" secret put --label "main job bot (embedded fake Telegram)")
unset token
trap '"$cli" secret rm "$drop" >/dev/null' EXIT

"$cli" --bot-token "$drop" "$@"
