// The deterministic rules of every step: one passing evidence document per step, then each rule
// broken on its own. Over 400 lines because it is one table of cases per step's rules; splitting
// it per step would repeat the passing documents the cases are made from.
#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <tas/evidence/bot_acquire_evidence.hpp>
#include <tas/evidence/deploy_evidence.hpp>
#include <tas/evidence/round_trip_evidence.hpp>
#include <tas/evidence/start_evidence.hpp>
#include <tas/evidence/target_prep_evidence.hpp>
#include <tas/evidence/teardown_evidence.hpp>
#include <tas/evidence/verify_evidence.hpp>
#include <tas/judge/rules_gate.hpp>

namespace tas {
namespace {

using nlohmann::json;

const std::string kHash(64, 'a');
constexpr std::string_view kShapeRule = "evidence has every key, each of its type";

CommandRun succeeded(std::string name) {
  CommandRun run;
  run.name = std::move(name);
  run.argv = {"npm", "run", run.name};
  run.exit = ExitStatus{};
  run.duration = std::chrono::milliseconds(1200);
  run.log = "/t/h/logs/" + run.name + ".log";
  run.log_tail = "done\n";
  return run;
}

StartEvidence good_start() {
  StartEvidence evidence;
  evidence.hooks.push_back(succeeded("migrate"));
  evidence.waited_ms = 900;
  evidence.health = HealthEvidence{"http://127.0.0.1:4312/health", 200, "", 120, 1764000000120000};
  evidence.lease = LeaseEvidence{
      true, "/t/h/state/telegram-poll-owner.json", "owned", 4243, 300, 900, 1764000000900000};
  ProcessEvidence server;
  server.role = "server";
  server.pid = 4242;
  server.process_group = 4242;
  server.argv = {"node", "server.js", "--no-poll"};
  server.stdout_file = "/t/h/logs/server.stdout.log";
  server.stderr_file = "/t/h/logs/server.stderr.log";
  server.alive = true;
  evidence.processes.push_back(server);
  DemotionProbeEvidence& probe = evidence.demotion_probe.emplace();
  probe.exercised = true;
  probe.pid = 4343;
  probe.port = 4313;
  probe.log = "/t/h/logs/server-demotion-probe.stdout.log";
  probe.pattern = "lease detected";
  probe.line_seen = true;
  probe.after_ms = 400;
  return evidence;
}

TeardownEvidence good_teardown() {
  TeardownEvidence evidence;
  evidence.home_was_created = true;
  evidence.home_how = "created";
  StoppedProcessEvidence server;
  server.role = "server";
  server.pid = 4242;
  server.process_group = 4242;
  server.was_running = true;
  server.exit = ExitStatus{ExitStatus::Kind::signaled, 0, 15, false};
  evidence.stopped.push_back(server);
  evidence.hooks.push_back(succeeded("delete-webhook"));
  evidence.strays.push_back("pid 4444 (a daemon) carried the run's marker");
  evidence.token_file_removed = true;
  evidence.home_removed = true;
  evidence.home = "/t/h";
  return evidence;
}

// Evidence each step writes when it succeeded, through its struct: every key of the report's
// shape is there, the optional ones null or filled as the step decided.
json good_evidence(StepId step) {
  switch (step) {
    case StepId::bot_acquire: {
      BotAcquireEvidence evidence;
      evidence.source = "local Secret Drop store";
      evidence.how = "retrieved";
      evidence.drop_id = "drop-1";
      evidence.token_sha256 = kHash;
      evidence.bot = BotIdentity{7777777, "agent_bot"};
      return evidence;
    }
    case StepId::target_prep: {
      TargetPrepEvidence evidence;
      evidence.home = "/t/h";
      evidence.state = "missing";
      evidence.created = true;
      evidence.mode = "0700";
      evidence.marker = "/t/h/.test-as-self-home";
      evidence.port = 4312;
      evidence.token_file = TokenFileEvidence{"/t/h/bot-token", "0600"};
      evidence.state_dir = "/t/h/state";
      evidence.config_file = "/t/h/config.json";
      evidence.config = {{"telegram", {{"tokenFile", "/t/h/bot-token"}}}};
      return evidence;
    }
    case StepId::deploy: {
      DeployEvidence evidence;
      evidence.dist = "/src/agent/dist";
      evidence.dist_link = "/t/h/dist";
      evidence.commands.push_back(succeeded("rebuild"));
      evidence.config_patched = true;
      evidence.port = 4312;
      return evidence;
    }
    case StepId::start:
      return good_start();
    case StepId::round_trip: {
      RoundTripEvidence evidence;
      evidence.chat = ChatAddress{1, 7};
      evidence.nonce = "abc123";
      evidence.bot_id = 7777777;
      evidence.sent =
          ChatMessage{10, 42, false, evidence.chat, "test-as-self x abc123", 1700000000};
      evidence.mismatches.push_back(
          ChatMessage{11, 7777777, true, evidence.chat, "typing…", 1700000001});
      evidence.conflicts = 0;
      evidence.reply =
          ChatMessage{12, 7777777, true, evidence.chat, "echo: test-as-self x abc123", 1700000002};
      evidence.latency_ms = 840;
      return evidence;
    }
    case StepId::verify: {
      VerifyEvidence evidence;
      evidence.checks.push_back({"lease", true, "owned by pid 4243", {{"decision", "owned"}}});
      evidence.logs_scanned.push_back({"/t/h/logs/server.stdout.log", 120, 120, false});
      return evidence;
    }
    case StepId::teardown:
      return good_teardown();
  }
  return {};
}

GateVerdict judge(StepId step, json evidence) {
  RulesGate gate;
  return gate.judge(step, StepOutcome::passed("claimed", std::move(evidence)));
}

std::string test_name(std::string name) {
  std::replace_if(
      name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); },
      '_');
  return name;
}

class RulesGateEveryStep : public ::testing::TestWithParam<StepId> {};

TEST_P(RulesGateEveryStep, PassesEvidenceThatShowsSuccess) {
  const GateVerdict verdict = judge(GetParam(), good_evidence(GetParam()));
  EXPECT_TRUE(verdict.proceed) << verdict.reason;
  EXPECT_EQ(verdict.record["rules"]["proceed"], true);
  EXPECT_FALSE(verdict.record["rules"]["checks"].empty());
}

TEST_P(RulesGateEveryStep, RefusesEvidenceCarryingARawSecret) {
  json evidence = good_evidence(GetParam());
  evidence["leak"] =
      "see https://api.telegram.org/bot123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/getMe";
  const GateVerdict verdict = judge(GetParam(), evidence);
  EXPECT_FALSE(verdict.proceed);
  EXPECT_NE(verdict.reason.find("no raw secret"), std::string::npos) << verdict.reason;
}

TEST_P(RulesGateEveryStep, RefusesADetailCarryingARawSecret) {
  RulesGate gate;
  const GateVerdict verdict = gate.judge(
      GetParam(), StepOutcome::passed("rebuilt with 123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                                      good_evidence(GetParam())));
  EXPECT_FALSE(verdict.proceed);
  EXPECT_NE(verdict.reason.find("the step's detail contains what looks like a raw"),
            std::string::npos)
      << verdict.reason;
}

TEST_P(RulesGateEveryStep, RefusesEmptyEvidence) {
  const GateVerdict verdict = judge(GetParam(), json::object());
  EXPECT_FALSE(verdict.proceed);
  EXPECT_NE(verdict.reason.find(kShapeRule), std::string::npos) << verdict.reason;
}

TEST_P(RulesGateEveryStep, RefusesEvidenceThatIsNotAnObject) {
  const GateVerdict verdict = judge(GetParam(), json::array());
  EXPECT_FALSE(verdict.proceed);
  EXPECT_NE(verdict.reason.find("the evidence is an array, expected an object"), std::string::npos)
      << verdict.reason;
}

INSTANTIATE_TEST_SUITE_P(Steps, RulesGateEveryStep,
                         ::testing::Values(StepId::bot_acquire, StepId::target_prep, StepId::deploy,
                                           StepId::start, StepId::round_trip, StepId::verify,
                                           StepId::teardown),
                         [](const auto& param_info) {
                           return test_name(std::string(name_of(param_info.param)));
                         });

// One key of a step's good evidence, as a JSON pointer.
struct KeyOf {
  StepId step;
  std::string pointer;
};

void PrintTo(const KeyOf& key, std::ostream* out) {
  *out << name_of(key.step) << " " << key.pointer;
}

// Keys written for readers and not read back, and values whose inside is the agent's or a
// check's own: removing them is no shape error.
bool read_back(const std::string& pointer, StepId step) {
  if (pointer.ends_with("/exit/success") || pointer.ends_with("/exit/description")) return false;
  if (step == StepId::verify && pointer == "/ok") return false;
  if (step == StepId::verify && pointer.starts_with("/checks/") && !pointer.ends_with("/name") &&
      !pointer.ends_with("/ok") && !pointer.ends_with("/detail")) {
    return false;
  }
  return !(step == StepId::target_prep && pointer.starts_with("/config/"));
}

void collect_keys(StepId step, const json& value, const std::string& at, std::vector<KeyOf>& out) {
  if (value.is_object()) {
    for (const auto& [key, inner] : value.items()) {
      const std::string pointer = at + "/" + key;
      if (read_back(pointer, step)) out.push_back({step, pointer});
      collect_keys(step, inner, pointer, out);
    }
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i)
      collect_keys(step, value[i], at + "/" + std::to_string(i), out);
  }
}

std::vector<KeyOf> every_key() {
  std::vector<KeyOf> keys;
  for (const StepId step : kAllSteps)
    collect_keys(step, good_evidence(step), "", keys);
  return keys;
}

std::string key_test_name(const ::testing::TestParamInfo<KeyOf>& param_info) {
  return test_name(std::string(name_of(param_info.param.step)) + param_info.param.pointer);
}

class RulesGateEveryKey : public ::testing::TestWithParam<KeyOf> {
 protected:
  // The reason the gate gives for `evidence`, which it must refuse.
  static std::string refusal(const json& evidence) {
    const GateVerdict verdict = judge(GetParam().step, evidence);
    EXPECT_FALSE(verdict.proceed);
    return verdict.reason;
  }
};

TEST_P(RulesGateEveryKey, RefusesTheEvidenceWithoutItNamingIt) {
  const json::json_pointer pointer(GetParam().pointer);
  const json good = good_evidence(GetParam().step);
  const std::string missing =
      fmt::format("rule '{}': {} is missing", kShapeRule, GetParam().pointer);

  json removed = good;
  removed[pointer.parent_pointer()].erase(pointer.back());
  EXPECT_EQ(refusal(removed), missing);

  json renamed = removed;
  renamed[pointer.parent_pointer()][pointer.back() + "_renamed"] = good[pointer];
  EXPECT_EQ(refusal(renamed), missing);
}

TEST_P(RulesGateEveryKey, RefusesAValueOfAnotherTypeNamingIt) {
  const json::json_pointer pointer(GetParam().pointer);
  json evidence = good_evidence(GetParam().step);
  // The config the agent was given is the agent's own JSON: any value is of its type.
  if (GetParam().step == StepId::target_prep && GetParam().pointer == "/config") {
    evidence[pointer] = json::array();
    EXPECT_TRUE(judge(StepId::target_prep, evidence).proceed);
    return;
  }
  // An object is what no key of the evidence holds where a string, a number, a boolean, a list or
  // null belongs; where an object belongs, a list.
  evidence[pointer] = evidence[pointer].is_object() ? json::array() : json{{"wrong", "type"}};
  // Where an object of the wrong shape stands in for null, the key named is the first one
  // inside it.
  const std::string reason = refusal(evidence);
  const std::string named = fmt::format("rule '{}': {}", kShapeRule, GetParam().pointer);
  EXPECT_TRUE(reason.starts_with(named + " ") || reason.starts_with(named + "/")) << reason;
}

INSTANTIATE_TEST_SUITE_P(Keys, RulesGateEveryKey, ::testing::ValuesIn(every_key()), key_test_name);

TEST(RulesGateKeys, CoverTheKeysThatUsedToTurnRulesOff) {
  const std::vector<KeyOf> keys = every_key();
  auto has = [&](StepId step, const std::string& pointer) {
    return std::any_of(keys.begin(), keys.end(), [&](const KeyOf& key) {
      return key.step == step && key.pointer == pointer;
    });
  };
  EXPECT_TRUE(has(StepId::target_prep, "/token_file"));
  EXPECT_TRUE(has(StepId::target_prep, "/token_file_mode"));
  EXPECT_TRUE(has(StepId::deploy, "/commands"));
  EXPECT_TRUE(has(StepId::deploy, "/commands/0/exit/code"));
  EXPECT_TRUE(has(StepId::start, "/lease/required"));
  EXPECT_TRUE(has(StepId::start, "/processes"));
  EXPECT_TRUE(has(StepId::start, "/demotion_probe/exercised"));
  EXPECT_TRUE(has(StepId::round_trip, "/conflicts"));
  EXPECT_TRUE(has(StepId::round_trip, "/chat/topic_id"));
  EXPECT_TRUE(has(StepId::round_trip, "/reply/topic_id"));
  EXPECT_TRUE(has(StepId::verify, "/checks"));
  EXPECT_TRUE(has(StepId::teardown, "/kept"));
  EXPECT_TRUE(has(StepId::teardown, "/home_was_created"));
  EXPECT_TRUE(has(StepId::teardown, "/home_removed"));
  EXPECT_TRUE(has(StepId::teardown, "/hooks"));
  EXPECT_TRUE(has(StepId::teardown, "/hooks/0/exit/kind"));
}

// Each entry: the step, a JSON pointer to break, the value that breaks it, and the rule's name.
struct Breakage {
  StepId step;
  std::string pointer;
  json value;
  std::string rule;
};

void PrintTo(const Breakage& breakage, std::ostream* out) {
  *out << name_of(breakage.step) << " " << breakage.pointer << " = " << breakage.value.dump();
}

class RulesGateBreakage : public ::testing::TestWithParam<Breakage> {};

TEST_P(RulesGateBreakage, NamesTheRuleThatRefused) {
  const Breakage& breakage = GetParam();
  json evidence = good_evidence(breakage.step);
  evidence[json::json_pointer(breakage.pointer)] = breakage.value;
  const GateVerdict verdict = judge(breakage.step, evidence);
  EXPECT_FALSE(verdict.proceed);
  EXPECT_TRUE(verdict.reason.starts_with("rule '" + breakage.rule + "': ")) << verdict.reason;
}

const json kSignaled = json(ExitStatus{ExitStatus::Kind::signaled, 0, 9, false});

INSTANTIATE_TEST_SUITE_P(
    Rules, RulesGateBreakage,
    ::testing::Values(
        Breakage{StepId::bot_acquire, "/token_sha256", "short", "token hash recorded"},
        Breakage{StepId::bot_acquire, "/token_sha256", nullptr, "token hash recorded"},
        Breakage{StepId::target_prep, "/mode", "0755", "home has mode 0700"},
        Breakage{StepId::target_prep, "/mode", nullptr, "home has mode 0700"},
        Breakage{StepId::target_prep, "/token_file_mode", "0644", "token file has mode 0600"},
        Breakage{StepId::target_prep, "/home", "relative/home", "home is an absolute path"},
        Breakage{StepId::target_prep, "/marker", nullptr, "marker written"},
        Breakage{StepId::target_prep, "/port", 70000, "port allocated"},
        Breakage{StepId::deploy, "/commands/0/exit/code", 1, "every command succeeded"},
        Breakage{StepId::deploy, "/commands/0/exit", kSignaled, "every command succeeded"},
        Breakage{StepId::deploy, "/commands/0/exit", nullptr, "every command succeeded"},
        Breakage{StepId::deploy, "/dist_link", nullptr, "dist linked"},
        Breakage{StepId::deploy, "/port", nullptr, "port known"},
        Breakage{StepId::start, "/health/status", 503, "health is 200"},
        Breakage{StepId::start, "/health", nullptr, "health is 200"},
        Breakage{StepId::start, "/lease/decision", "stale", "lease owned"},
        Breakage{StepId::start, "/lease/decision", nullptr, "lease owned"},
        Breakage{StepId::start, "/processes/0/alive", false, "every process alive"},
        Breakage{StepId::start, "/processes", json::array(), "every process alive"},
        Breakage{StepId::start, "/demotion_probe/line_seen", false, "demotion line seen"},
        Breakage{StepId::start, "/demotion_probe", nullptr, "demotion line seen"},
        Breakage{StepId::round_trip, "/reply/text", "echo: nothing", "reply contains the nonce"},
        Breakage{StepId::round_trip, "/reply", nullptr, "reply contains the nonce"},
        Breakage{StepId::round_trip, "/nonce", "", "reply contains the nonce"},
        Breakage{StepId::round_trip, "/reply/topic_id", nullptr, "reply in the same chat topic"},
        Breakage{StepId::round_trip, "/chat/topic_id", nullptr, "reply in the same chat topic"},
        Breakage{StepId::round_trip, "/conflicts", 3, "no 409 Conflict"},
        Breakage{StepId::verify, "/checks/0/ok", false, "every check passed"},
        Breakage{StepId::verify, "/checks", json::array(), "every check passed"},
        Breakage{StepId::teardown, "/alive_after", 1, "nothing left running"},
        Breakage{StepId::teardown, "/home_removed", false, "home removed unless kept"},
        Breakage{StepId::teardown, "/hooks/0/exit/code", 2, "every hook succeeded"}));

TEST(RulesGate, ALeaseIsNotRequiredWithoutABot) {
  StartEvidence evidence = good_start();
  evidence.lease->required = false;
  evidence.lease->decision.reset();
  EXPECT_TRUE(judge(StepId::start, evidence).proceed);
}

TEST(RulesGate, ADemotionProbeNotExercisedNeedSeeNoLine) {
  StartEvidence evidence = good_start();
  evidence.demotion_probe = DemotionProbeEvidence{};
  evidence.demotion_probe->reason = "no bot: nothing polls, so nothing can be demoted";
  EXPECT_TRUE(judge(StepId::start, evidence).proceed);
}

TEST(RulesGate, AKeptHomeNeedNotBeRemoved) {
  TeardownEvidence evidence = good_teardown();
  evidence.kept = true;
  evidence.home_removed = false;
  EXPECT_TRUE(judge(StepId::teardown, evidence).proceed);
}

TEST(RulesGate, NoHomeNeedsNoRemoving) {
  TeardownEvidence evidence = good_teardown();
  evidence.home_was_created = false;
  evidence.home_how.reset();
  evidence.home_removed = false;
  EXPECT_TRUE(judge(StepId::teardown, evidence).proceed);
}

TEST(RulesGate, AnAdoptedDirectoryNotEmptiedIsNamed) {
  TeardownEvidence evidence = good_teardown();
  evidence.home_how = "adopted";
  evidence.home_removed = false;
  EXPECT_EQ(judge(StepId::teardown, evidence).reason,
            "rule 'home removed unless kept': the directory the run was given was not emptied");
}

TEST(RulesGate, NoTokenFileWithoutABot) {
  json evidence = good_evidence(StepId::target_prep);
  evidence["token_file"] = nullptr;
  evidence["token_file_mode"] = nullptr;
  EXPECT_TRUE(judge(StepId::target_prep, evidence).proceed);
}

TEST(RulesGate, ATokenFileWithoutItsModeIsRefusedNamingTheMode) {
  json evidence = good_evidence(StepId::target_prep);
  evidence["token_file_mode"] = nullptr;
  const GateVerdict verdict = judge(StepId::target_prep, evidence);
  EXPECT_FALSE(verdict.proceed);
  EXPECT_TRUE(verdict.reason.starts_with(fmt::format("rule '{}': /token_file_mode ", kShapeRule)))
      << verdict.reason;
}

TEST(RulesGate, APortFromTheAgentsConfigIsNotAllocated) {
  json evidence = good_evidence(StepId::target_prep);
  evidence["port"] = nullptr;
  EXPECT_TRUE(judge(StepId::target_prep, evidence).proceed);
}

TEST(RulesGate, ADriverThatCannotSeeConflictsSaysSoWithNull) {
  json evidence = good_evidence(StepId::round_trip);
  evidence["conflicts"] = nullptr;
  EXPECT_TRUE(judge(StepId::round_trip, evidence).proceed);
}

TEST(RulesGate, TheVerifiersOkCannotPassAFailedCheck) {
  json evidence = good_evidence(StepId::verify);
  evidence["checks"][0]["ok"] = false;
  evidence["checks"][0]["detail"] = "stale at /t/h/state/telegram-poll-owner.json";
  evidence["ok"] = true;
  const GateVerdict verdict = judge(StepId::verify, evidence);
  EXPECT_FALSE(verdict.proceed);
  EXPECT_EQ(verdict.reason,
            "rule 'every check passed': lease: stale at /t/h/state/telegram-poll-owner.json");
}

TEST(RulesGate, AnUnknownSignalNameIsRefusedNamingTheKey) {
  json evidence = good_evidence(StepId::teardown);
  evidence["stopped"][0]["exit"]["signal"] = "SIGNOTHING";
  const GateVerdict verdict = judge(StepId::teardown, evidence);
  EXPECT_EQ(verdict.reason, fmt::format("rule '{}': /stopped/0/exit/signal is \"SIGNOTHING\", "
                                        "which names no signal",
                                        kShapeRule));
}

TEST(RulesGate, TheShapeRefusalSkipsTheOtherRulesButNotTheSecretRule) {
  json evidence = json::object();
  evidence["leak"] = "bot123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  const json checks = judge(StepId::start, evidence).record["rules"]["checks"];
  ASSERT_EQ(checks.size(), 2u) << checks.dump();
  EXPECT_EQ(checks[0]["rule"], kShapeRule);
  EXPECT_EQ(checks[0]["ok"], false);
  EXPECT_EQ(checks[1]["rule"], "no raw secret in the evidence or the detail");
  EXPECT_EQ(checks[1]["ok"], false);
}

}  // namespace
}  // namespace tas
