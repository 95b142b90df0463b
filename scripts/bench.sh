#!/usr/bin/env bash
# The benchmarks (not part of the test command): bench/'s google-benchmark programs (the harness's
# hot paths, then the fake Telegram over loopback), then whole test-as-self runs against the
# reference agent's own timings (bench/macro), then the fake Telegram side by side with
# telegram-test-api 4.2.1 (installed here from npm by its lockfile, never by the test command)
# under the same load, then the fake with 1,000 parked long polls.
# Figures depend on the machine; docs/performance.md has the ones measured and the goals. They are
# of an optimized build (the bench preset, its own build directory), not of the tests' -Og one.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/bootstrap.sh
cmake --preset bench >/dev/null
cmake --build --preset bench
(cd bench/telegram_test_api && npm ci --no-audit --no-fund --loglevel=error)

# The micro benchmarks of the harness's own hot paths, then the fake Telegram over loopback.
for program in lease redaction request_parsing report fake_telegram; do
  build-bench/bench/tas_${program}_bench
done

# Whole runs: wall time against the agent's own, detection latency, teardown, concurrent runs,
# peak RSS; a table here and every figure in build-bench/macro-bench.json.
bench/macro/run.sh build-bench || echo "bench: some whole runs failed; they are listed above"

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Waits for a server to write its port, or gives up naming it.
port_of() {
  local file=$1 name=$2
  for _ in $(seq 100); do
    [ -s "$file" ] && { cat "$file"; return; }
    sleep 0.1
  done
  echo "bench: $name did not start within 10 s" >&2
  exit 1
}

# One bot for the load, 1,000 more that each park a long poll; tokens only in 0600 files.
umask 077
python3 - "$work" <<'PY'
import json, secrets, sys
work = sys.argv[1]
def token(bot_id):
    return f"{bot_id}:" + secrets.token_urlsafe(26)[:35]
bots = [{"token": token(110201543), "username": "bench_bot"}]
bots += [{"token": token(900000 + i), "username": f"poller{i}_bot"} for i in range(1000)]
json.dump({"bots": bots}, open(f"{work}/bots.json", "w"))
json.dump({"users": [{"id": 42, "first_name": "Ada"}],
           "chats": [{"id": -1001, "type": "supergroup", "title": "bench", "bots": ["bench_bot"]}]},
          open(f"{work}/chats.json", "w"))
open(f"{work}/token", "w").write(bots[0]["token"] + "\n")
open(f"{work}/pollers", "w").write("\n".join(b["token"] for b in bots[1:]) + "\n")
PY

build-bench/mocks/fake_telegram/fake-telegram --port-file "$work/fake.port" \
  --bots-file "$work/bots.json" --chats-file "$work/chats.json" &
pids+=($!)
fake_pid=$!
node bench/telegram_test_api/serve.js "$work/tta.port" &
pids+=($!)
fake_port=$(port_of "$work/fake.port" fake-telegram)
tta_port=$(port_of "$work/tta.port" telegram-test-api)

load() {  # server port method -> one JSON line
  build-bench/bench/tas_bot_api_load --port "$2" --method "$3" --chat-id -1001 --connections 10 \
    --seconds 3 <"$work/token" | python3 -c "import json,sys; d=json.load(sys.stdin); d['server']='$1'; print(json.dumps(d))"
}
{
  for method in getMe sendMessage; do
    load "fake Telegram" "$fake_port" "$method"
    load "telegram-test-api 4.2.1" "$tta_port" "$method"
  done
} >"$work/side_by_side.jsonl"

# 1,000 parked long polls on a fresh fake (the load above left ~100,000 messages in its history),
# then: is getMe still quick, how much memory, how much CPU while idle.
kill "$fake_pid"
wait "$fake_pid" 2>/dev/null || true
build-bench/mocks/fake_telegram/fake-telegram --port-file "$work/fresh.port" \
  --bots-file "$work/bots.json" --chats-file "$work/chats.json" &
pids+=($!)
fake_pid=$!
fake_port=$(port_of "$work/fresh.port" fake-telegram)
python3 - "$fake_port" "$work/pollers" "$work/token" "$work/idle.ready" <<'PY' &
import http.client, sys, threading
port, tokens = int(sys.argv[1]), open(sys.argv[2]).read().split()
bench_token = open(sys.argv[3]).read().strip()
def park(token):
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        c.request("GET", f"/bot{token}/getUpdates?timeout=50")
        c.getresponse().read()
    except Exception:
        pass
threads = [threading.Thread(target=park, args=(t,), daemon=True) for t in tokens]
for t in threads: t.start()
# 200 kept-alive connections that made one call and now sit idle.
idle = []
for _ in range(200):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    c.request("GET", f"/bot{bench_token}/getMe")
    c.getresponse().read()
    idle.append(c)
open(sys.argv[4], "w").write("ready\n")
for t in threads: t.join()
PY
pids+=($!)
for _ in $(seq 300); do
  parked=$(curl -s "http://127.0.0.1:$fake_port/_control/counters" |
    python3 -c "import json,sys; print(sum(c['parked_now'] for c in json.load(sys.stdin)['result'].values()))")
  [ "$parked" -ge 1000 ] && [ -s "$work/idle.ready" ] && break
  sleep 0.1
done
rss_kib=$(awk '/VmRSS/ {print $2}' "/proc/$fake_pid/status")
ticks() { awk '{print $14 + $15}' "/proc/$fake_pid/stat"; }
before=$(ticks); sleep 2; after=$(ticks)
parked_getme=$(build-bench/bench/tas_bot_api_load --port "$fake_port" --method getMe \
  --connections 1 --seconds 2 <"$work/token")

python3 - "$work/side_by_side.jsonl" "$parked" "$rss_kib" "$before" "$after" "$parked_getme" <<'PY'
import json, os, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
parked, rss_kib, before, after = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
under_load = json.loads(sys.argv[6])
hz = os.sysconf("SC_CLK_TCK")
print(f"\nSide by side, 10 kept-alive connections, 3 s each ({os.cpu_count()} cores):")
print(f"{'server':26} {'method':12} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'failed':>7}")
for r in rows:
    print(f"{r['server']:26} {r['method']:12} {r['requests_per_s']:9.0f} {r['p50_us']/1000:8.2f} "
          f"{r['p99_us']/1000:8.2f} {r['failures']:7}")
for method in ("getMe", "sendMessage"):
    ours = next(r for r in rows if r['server'] == 'fake Telegram' and r['method'] == method)
    theirs = next(r for r in rows if r['server'] != 'fake Telegram' and r['method'] == method)
    ratio = ours['requests_per_s'] / max(theirs['requests_per_s'], 1e-9)
    print(f"{method}: the fake answers {ratio:.1f}x the requests of telegram-test-api (goal: 5x)")
print(f"\nThe fake with {parked} parked long polls and 200 idle kept-alive connections: getMe p50 {under_load['p50_us']/1000:.2f} ms, "
      f"p99 {under_load['p99_us']/1000:.2f} ms (goal < 5 ms); RSS {rss_kib/1024:.1f} MiB (goal "
      f"<= 20 MiB); CPU while idle {100*(after-before)/hz/2:.1f}% (goal 0%)")
PY
