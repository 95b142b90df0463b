// The run report as the engine writes it: rebuilt as JSON and rewritten after every step, so a
// run pays for it seven times or more. The report is that of a typical passing run, its evidence
// made by the steps' evidence structs and its gate records by the real rules gate.
#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <tas/engine/report.hpp>
#include <tas/evidence/bot_acquire_evidence.hpp>
#include <tas/evidence/deploy_evidence.hpp>
#include <tas/evidence/round_trip_evidence.hpp>
#include <tas/evidence/start_evidence.hpp>
#include <tas/evidence/target_prep_evidence.hpp>
#include <tas/evidence/teardown_evidence.hpp>
#include <tas/evidence/verify_evidence.hpp>
#include <tas/judge/rules_gate.hpp>

namespace {

using namespace std::chrono_literals;
using nlohmann::json;

const std::string kHome = "/home/ada/agents/calendar-bot.test-home";
constexpr std::int64_t kBotId = 110201543;
constexpr std::int64_t kPort = 4312;

std::string in_home(std::string_view relative) {
  return kHome + "/" + std::string(relative);
}

tas::CommandRun command(std::string name, std::vector<std::string> argv,
                        std::chrono::milliseconds took, std::string log_tail) {
  tas::CommandRun run;
  run.log = in_home("logs/" + name + ".log");
  run.name = std::move(name);
  run.argv = std::move(argv);
  run.exit = tas::ExitStatus{};
  run.duration = took;
  run.log_tail = std::move(log_tail);
  return run;
}

tas::ProcessEvidence child(std::string role, int pid, std::vector<std::string> argv) {
  tas::ProcessEvidence process;
  process.stdout_file = in_home("logs/" + role + ".out");
  process.stderr_file = in_home("logs/" + role + ".err");
  process.role = std::move(role);
  process.pid = pid;
  process.process_group = pid;
  process.argv = std::move(argv);
  process.alive = true;
  return process;
}

json bot_acquire() {
  tas::BotAcquireEvidence evidence;
  evidence.source = "local Secret Drop store";
  evidence.how = "retrieved";
  evidence.drop_id = "d-7f3a9c2e41b8";
  evidence.token_sha256 = "3f0c8e9d2b7a41c6e5f8a0b9d3c7e2f14a6b8c0d9e1f2a3b4c5d6e7f8091a2b3";
  evidence.bot = tas::BotIdentity{kBotId, "calendar_test_bot"};
  return evidence;
}

json target_prep() {
  tas::TargetPrepEvidence evidence;
  evidence.home = kHome;
  evidence.state = "missing";
  evidence.created = true;
  evidence.mode = "0700";
  evidence.marker = in_home(".test-as-self-home");
  evidence.port = kPort;
  evidence.token_file = tas::TokenFileEvidence{in_home("secrets/bot-token"), "0600"};
  evidence.state_dir = in_home("state");
  evidence.config_file = in_home("config.json");
  evidence.config = {{"telegram", {{"tokenFile", in_home("secrets/bot-token")}}},
                     {"server", {{"port", kPort}, {"host", "127.0.0.1"}}},
                     {"stateDir", in_home("state")}};
  return evidence;
}

json deploy() {
  tas::DeployEvidence evidence;
  evidence.dist = "/home/ada/src/calendar-bot/dist";
  evidence.dist_link = in_home("dist");
  evidence.commands.push_back(command("rebuild", {"npm", "rebuild", "--no-audit"}, 4210ms,
                                      "rebuilt dependencies successfully\n"));
  evidence.commands.push_back(command("init", {"node", "dist/init.js", "--home", kHome}, 380ms,
                                      "initialised state in state/\nwrote config.json\n"));
  evidence.config_patched = true;
  evidence.port = kPort;
  return evidence;
}

json start() {
  tas::StartEvidence evidence;
  evidence.waited_ms = 1830;
  evidence.health =
      tas::HealthEvidence{"http://127.0.0.1:4312/health", 200, "", 640, 1764000000640000};
  evidence.lease = tas::LeaseEvidence{true,
                                      in_home("state/telegram-poll-owner.json"),
                                      "owned",
                                      48213,
                                      1200,
                                      1830,
                                      1764000001830000};
  evidence.processes.push_back(child("server", 48207, {"node", "dist/server.js", "--no-poll"}));
  evidence.processes.push_back(child("lifeline", 48213, {"node", "dist/lifeline.js"}));
  tas::DemotionProbeEvidence& probe = evidence.demotion_probe.emplace();
  probe.exercised = true;
  probe.pid = 48260;
  probe.port = kPort + 1;
  probe.log = in_home("logs/demotion-probe.out");
  probe.pattern = "poll owned by another process";
  probe.line_seen = true;
  probe.after_ms = 420;
  probe.seen_at_us = 1764000002250000;
  return evidence;
}

json round_trip() {
  tas::RoundTripEvidence evidence;
  evidence.chat = tas::ChatAddress{-1001, 7};
  evidence.nonce = "tas-5e1f0c9a";
  evidence.bot_id = kBotId;
  evidence.sent = tas::ChatMessage{
      1042, 42, false, evidence.chat, "@calendar_test_bot echo tas-5e1f0c9a", 1715678467};
  evidence.conflicts = 0;
  evidence.reply = tas::ChatMessage{
      1043, kBotId, true, evidence.chat, "tas-5e1f0c9a: your calendar is clear today", 1715678469};
  evidence.latency_ms = 1460;
  evidence.sent_at_us = 1764000003000000;
  evidence.reply_seen_at_us = 1764000004460000;
  return evidence;
}

json verify() {
  tas::VerifyEvidence evidence;
  evidence.checks.push_back({"lease", true, "owned by pid 48213, heartbeat 900 ms ago"});
  evidence.checks.push_back({"lease hash-only", true, "the lease holds the token's hash only"});
  evidence.checks.push_back({"no-poll line", true, "server.out: polling disabled (--no-poll)"});
  evidence.checks.push_back({"no 409", true, "no Conflict in 3 logs", {{"hits", json::array()}}});
  evidence.checks.push_back(
      {"no crash signature", true, "no crash signature in 3 logs", {{"hits", json::array()}}});
  evidence.checks.push_back({"children", true, "2 of 2 alive", {{"children", json::array()}}});
  evidence.checks.push_back(
      {"crash reports", true, "no crash report", {{"reports", json::array()}}});
  for (const char* log : {"logs/server.out", "logs/server.err", "logs/lifeline.out"})
    evidence.logs_scanned.push_back({in_home(log), 18'432, 18'432, false});
  return evidence;
}

json teardown() {
  tas::TeardownEvidence evidence;
  evidence.home_was_created = true;
  evidence.home_how = "created";
  for (const auto& [role, pid] : {std::pair{"server", 48207}, std::pair{"lifeline", 48213}}) {
    tas::StoppedProcessEvidence stopped;
    stopped.role = role;
    stopped.pid = pid;
    stopped.process_group = pid;
    stopped.was_running = true;
    stopped.exit = tas::ExitStatus{tas::ExitStatus::Kind::signaled, 0, 15, false};
    evidence.stopped.push_back(stopped);
  }
  evidence.token_file_removed = true;
  evidence.home_removed = true;
  evidence.home = kHome;
  return evidence;
}

// Each step of the passing run: what it said, and what it observed.
struct PassingStep {
  tas::StepId id;
  const char* detail;
  json (*evidence)();
};

const std::array<PassingStep, 7> kPassingRun = {{
    {tas::StepId::bot_acquire, "retrieved the token from drop d-7f3a9c2e41b8: @calendar_test_bot",
     bot_acquire},
    {tas::StepId::target_prep, "created the home, mode 0700", target_prep},
    {tas::StepId::deploy, "linked dist, rebuild and init succeeded", deploy},
    {tas::StepId::start, "healthy after 640 ms, lease owned, the probe demoted itself", start},
    {tas::StepId::round_trip, "the reply came in 1460 ms in the same topic", round_trip},
    {tas::StepId::verify, "7 checks passed", verify},
    {tas::StepId::teardown, "stopped 2 processes, removed the token file and the home", teardown},
}};

// The report of a run where every step passed and the rules gate let each one through. Empty
// when the gate refused one: the benchmark would then measure a report no passing run writes.
std::optional<tas::Report> passing_report() {
  tas::Report report;
  report.tool_version = "0.1.0";
  report.profile_name = "calendar-bot";
  report.profile_source = "/home/ada/src/calendar-bot/test-as-self.profile.json";
  report.target = kHome;
  report.backends = "embedded tier: fake Telegram on 127.0.0.1:39117, local Secret Drop";
  report.options = {{"target", kHome},         {"bot_token_drop_id", "d-7f3a9c2e41b8"},
                    {"keep", false},           {"no_roundtrip", false},
                    {"until", nullptr},        {"report_json", nullptr},
                    {"timeout_s", 600},
                    {"run_id", "run-5e1f0c9a"}};
  const auto started = std::chrono::system_clock::time_point(1715678460s);
  report.started_at = started;
  tas::RulesGate gate;
  auto at = started;
  for (const auto& [id, detail, evidence] : kPassingRun) {
    const tas::StepOutcome outcome = tas::StepOutcome::passed(detail, evidence());
    const tas::GateVerdict verdict = gate.judge(id, outcome);
    if (!verdict.proceed) return std::nullopt;
    const auto took = std::chrono::milliseconds(300 + 700 * tas::number_of(id));
    report.steps.push_back({.id = id,
                            .status = outcome.status,
                            .detail = outcome.detail,
                            .evidence = outcome.evidence,
                            .gate = verdict.record,
                            .started_at = at,
                            .duration = took});
    at += took;
  }
  report.finished_at = at;
  report.finished = true;
  return report;
}

void ReportToJson(benchmark::State& state) {
  const auto report = passing_report();
  if (!report) return state.SkipWithError("the rules gate refused the passing run's evidence");
  for (auto _ : state)
    benchmark::DoNotOptimize(report->to_json());
}
BENCHMARK(ReportToJson);

// The text the report file holds: the document as write_json_file indents it.
void ReportToJsonText(benchmark::State& state) {
  const auto report = passing_report();
  if (!report) return state.SkipWithError("the rules gate refused the passing run's evidence");
  std::size_t bytes = 0;
  for (auto _ : state) {
    const std::string text = report->to_json().dump(2);
    bytes = text.size();
    benchmark::DoNotOptimize(text);
  }
  state.counters["report_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(ReportToJsonText);

// Writing the document to disk as the engine does: after each step crash-safe (a temporary file
// renamed over the report), at the end power-safe (the file and its directory synced too).
void ReportWriteFile(benchmark::State& state, tas::Durability durability) {
  const auto report = passing_report();
  if (!report) return state.SkipWithError("the rules gate refused the passing run's evidence");
  const std::filesystem::path directory =
      std::filesystem::temp_directory_path() / ("tas-report-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(directory);
  const json document = report->to_json();
  for (auto _ : state)
    tas::write_json_file(directory / "test-as-self-report.json", document, durability);
  std::filesystem::remove_all(directory);
}
BENCHMARK_CAPTURE(ReportWriteFile, after_each_step, tas::Durability::crash_safe)->UseRealTime();
BENCHMARK_CAPTURE(ReportWriteFile, at_the_end, tas::Durability::power_safe)->UseRealTime();

}  // namespace
