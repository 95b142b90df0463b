// The redactor over an agent's log, as the harness copies log tails and excerpts into the report
// and the console: every byte passes through it, so its throughput is what a large log costs.
// One log has no secret at all (the usual case), the other a few planted in the places agents
// leak them: a Bot API URL, an environment dump, an error message.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <tas/core/redaction.hpp>
#include <tas/core/secret_shapes.hpp>

namespace {

constexpr std::size_t kLogBytes = 1 << 20;

// The run's own token, which the engine registers with the redactor before anything else.
constexpr std::string_view kRunToken = "110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
// Secrets nobody registered: only their shapes give them away.
constexpr std::string_view kOtherBotToken = "6123456789:AAF-x8mQ2vW_r5kLp0ZtYc3NbJd7HgUe1sA";
constexpr std::string_view kApiKey = "sk-ant-api03-q9Xw2LmZ7pR4vT1yB8nC6kD3fG5hJ0sA-uE";

// One ordinary line of an agent's log; `n` varies the numbers, as a real log's do.
std::string ordinary_line(std::size_t n) {
  const auto seconds = static_cast<unsigned>(n % 60);
  const auto millis = static_cast<unsigned>((n * 37) % 1000);
  switch (n % 5) {
    case 0:
      return fmt::format(
          "2024-05-14T09:21:{:02}.{:03}Z INFO  [poller] update "
          "{{\"update_id\":{},\"message\":{{\"message_id\":{},\"from\":{{\"id\":42,\"is_bot\":"
          "false,\"first_name\":\"Ada\"}},\"chat\":{{\"id\":-1001,\"type\":\"supergroup\"}},"
          "\"date\":1715678467,\"text\":\"what is on my calendar today?\"}}}}\n",
          seconds, millis, 812345678 + n, 1000 + n);
    case 1:
      return fmt::format(
          "2024-05-14T09:21:{:02}.{:03}Z DEBUG [http] POST https://api.anthropic.com/v1/messages "
          "200 {} ms (input_tokens={}, output_tokens={})\n",
          seconds, millis, 400 + n % 900, 1200 + n % 300, 80 + n % 200);
    case 2:
      return fmt::format(
          "2024-05-14T09:21:{:02}.{:03}Z INFO  [server] GET http://127.0.0.1:4312/health 200 "
          "0.{} ms\n",
          seconds, millis, 100 + n % 900);
    case 3:
      return fmt::format(
          "2024-05-14T09:21:{:02}.{:03}Z DEBUG [tools] calendar.list "
          "{{\"from\":\"2024-05-14T00:00:00+02:00\",\"to\":\"2024-05-15T00:00:00+02:00\","
          "\"events\":{}}} in {} ms\n",
          seconds, millis, n % 7, 20 + n % 80);
    default:
      return fmt::format(
          "2024-05-14T09:21:{:02}.{:03}Z INFO  [lifeline] heartbeat written "
          "(pid 48213, lease age {} ms)\n",
          seconds, millis, n % 5000);
  }
}

// The lines that leak, each standing in for an ordinary line somewhere in the log.
std::string leaking_line(std::size_t which) {
  switch (which) {
    case 0:
      return fmt::format(
          "2024-05-14T09:21:07.001Z WARN  [poller] GET https://api.telegram.org/bot{}/getUpdates"
          "?offset=812345679&timeout=30 failed: ETIMEDOUT\n",
          kRunToken);
    case 1:
      return fmt::format(
          "2024-05-14T09:21:08.002Z DEBUG [env] ANTHROPIC_API_KEY={} NODE_ENV=production\n",
          kApiKey);
    case 2:
      return fmt::format(
          "2024-05-14T09:21:09.003Z ERROR [forward] cannot notify the admin bot {}: 401 "
          "Unauthorized\n",
          kOtherBotToken);
    default:
      return fmt::format(
          "2024-05-14T09:21:10.004Z ERROR [llm] {{\"error\":{{\"type\":\"authentication_error\","
          "\"message\":\"invalid x-api-key\"}},\"key\":\"{}\"}}\n",
          kApiKey);
  }
}

constexpr std::size_t kLeaks = 4;

// About 1 MiB of log lines, whole lines only; with `leaks`, four of them spread through it leak.
std::string agent_log(bool leaks) {
  std::string log;
  log.reserve(kLogBytes);
  constexpr std::size_t kLeakEvery = 1000;  // lines apart; the log has several thousand
  for (std::size_t n = 0;; ++n) {
    const std::size_t leak = n / kLeakEvery;
    const bool leaks_here = leaks && n % kLeakEvery == kLeakEvery / 2 && leak < kLeaks;
    const std::string line = leaks_here ? leaking_line(leak) : ordinary_line(n);
    if (log.size() + line.size() > kLogBytes) break;
    log += line;
  }
  return log;
}

std::size_t masks_in(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t at = text.find(tas::Redactor::kMask); at != std::string_view::npos;
       at = text.find(tas::Redactor::kMask, at + 1))
    ++count;
  return count;
}

void RedactLog(benchmark::State& state, bool leaks) {
  tas::Redactor redactor;
  redactor.add_secret_text(kRunToken);
  const std::string log = agent_log(leaks);
  // A benchmark of a redactor that masks nothing, or too much, measures nothing.
  const std::string once = redactor.redact(log);
  if (masks_in(once) != (leaks ? kLeaks : 0)) state.SkipWithError("unexpected masks in the log");
  for (auto _ : state)
    benchmark::DoNotOptimize(redactor.redact(log));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * log.size()));
}

BENCHMARK_CAPTURE(RedactLog, without_secrets, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(RedactLog, with_secrets, true)->Unit(benchmark::kMillisecond);

// The scan for secret shapes alone, without the registered secrets or the copy: what the rules
// gate runs over every step's evidence, and the part of redaction that looks at every byte.
void FindSecretShapeInLogWithoutSecrets(benchmark::State& state) {
  const std::string log = agent_log(false);
  if (tas::find_secret_shape(log)) state.SkipWithError("a secret shape in the log without secrets");
  for (auto _ : state)
    benchmark::DoNotOptimize(tas::find_secret_shape(log));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * log.size()));
}
BENCHMARK(FindSecretShapeInLogWithoutSecrets)->Unit(benchmark::kMillisecond);

}  // namespace
