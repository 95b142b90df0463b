// The poll-ownership lease as its readers use it: the start step and the verifier read the file
// and decide, again and again while they wait, and the agent's lifeline writes it on every
// heartbeat. What one decision costs bounds how often anyone may poll it.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <tas/core/lease.hpp>
#include <tas/core/sha256.hpp>

namespace {

constexpr std::string_view kToken = "110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
constexpr std::int64_t kNowMs = 1'715'678'467'123;
constexpr std::int64_t kHeartbeatAgeMs = 4'200;  // a lifeline beats every few seconds

// The lease a healthy lifeline writes: its pid, the token's hash, a recent heartbeat.
tas::lease::Lease fresh_lease() {
  return {.pid = 48213,
          .token_hash = tas::sha256_hex(kToken),
          .heartbeat_ms = kNowMs - kHeartbeatAgeMs,
          .version = tas::lease::kVersion};
}

void check(benchmark::State& state, const tas::lease::Verdict& verdict,
           tas::lease::Decision expected) {
  if (verdict.decision != expected) state.SkipWithError("the lease was not decided as expected");
}

void LeaseSerialize(benchmark::State& state) {
  const tas::lease::Lease lease = fresh_lease();
  for (auto _ : state)
    benchmark::DoNotOptimize(tas::lease::serialize(lease));
}
BENCHMARK(LeaseSerialize);

// Parsing the file's text and deciding, the file already in memory.
void LeaseDecideFresh(benchmark::State& state) {
  const tas::lease::Lease lease = fresh_lease();
  const std::optional<std::string> content = tas::lease::serialize(lease);
  check(state, tas::lease::decide(content, lease.token_hash, kNowMs), tas::lease::Decision::owned);
  for (auto _ : state)
    benchmark::DoNotOptimize(tas::lease::decide(content, lease.token_hash, kNowMs));
}
BENCHMARK(LeaseDecideFresh);

// The same lease, its heartbeat older than the limit: the whole parse, another branch.
void LeaseDecideStale(benchmark::State& state) {
  const tas::lease::Lease lease = fresh_lease();
  const std::optional<std::string> content = tas::lease::serialize(lease);
  const std::int64_t later = kNowMs + tas::lease::kStaleAfterMs;
  check(state, tas::lease::decide(content, lease.token_hash, later), tas::lease::Decision::stale);
  for (auto _ : state)
    benchmark::DoNotOptimize(tas::lease::decide(content, lease.token_hash, later));
}
BENCHMARK(LeaseDecideStale);

// What a waiting reader pays per poll: open and read the file in a state directory, then decide.
void LeaseReadAndDecide(benchmark::State& state) {
  const std::filesystem::path state_dir =
      std::filesystem::temp_directory_path() / ("tas-lease-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(state_dir);
  const tas::lease::Lease lease = fresh_lease();
  tas::lease::write_atomically(state_dir, lease);
  check(state, tas::lease::read_and_decide(state_dir, lease.token_hash, kNowMs),
        tas::lease::Decision::owned);
  for (auto _ : state)
    benchmark::DoNotOptimize(tas::lease::read_and_decide(state_dir, lease.token_hash, kNowMs));
  std::filesystem::remove_all(state_dir);
}
BENCHMARK(LeaseReadAndDecide);

}  // namespace
