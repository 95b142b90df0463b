#include <algorithm>

#include <gtest/gtest.h>

#include <tas/rules_gate.hpp>

namespace tas {
namespace {

using nlohmann::json;

const std::string kHash(64, 'a');

json good_evidence(StepId step) {
  switch (step) {
    case StepId::bot_acquire:
      return {{"token_sha256", kHash}, {"how", "retrieved"}};
    case StepId::target_prep:
      return {{"home", "/t/h"},
              {"mode", "0700"},
              {"marker", "/t/h/.test-as-self-home"},
              {"port", 4312},
              {"token_file", "/t/h/bot-token"},
              {"token_file_mode", "0600"}};
    case StepId::deploy:
      return {{"dist_link", "/t/h/dist"},
              {"port", 4312},
              {"commands", {{{"name", "rebuild"}, {"exit", {{"success", true}}}}}}};
    case StepId::start:
      return {{"health", {{"status", 200}}},
              {"lease", {{"required", true}, {"decision", "owned"}}},
              {"processes", {{{"role", "server"}, {"alive", true}}}},
              {"demotion_probe", {{"exercised", true}, {"line_seen", true}}}};
    case StepId::round_trip:
      return {{"nonce", "abc123"},
              {"chat", {{"chat_id", 1}, {"topic_id", 7}}},
              {"reply", {{"text", "echo: test-as-self x abc123"}, {"topic_id", 7}}},
              {"conflicts", 0}};
    case StepId::verify:
      return {{"ok", true}, {"checks", {{{"name", "lease"}, {"ok", true}}}}};
    case StepId::teardown:
      return {{"alive_after", 0},
              {"kept", false},
              {"home_was_created", true},
              {"home_removed", true},
              {"hooks", json::array()}};
  }
  return {};
}

GateVerdict judge(StepId step, json evidence) {
  RulesGate gate;
  return gate.judge(step, StepOutcome::passed("claimed", std::move(evidence)));
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

TEST_P(RulesGateEveryStep, RefusesEmptyEvidence) {
  EXPECT_FALSE(judge(GetParam(), json::object()).proceed);
}

INSTANTIATE_TEST_SUITE_P(Steps, RulesGateEveryStep,
                         ::testing::Values(StepId::bot_acquire, StepId::target_prep, StepId::deploy,
                                           StepId::start, StepId::round_trip, StepId::verify,
                                           StepId::teardown),
                         [](const auto& param_info) {
                           std::string name(name_of(param_info.param));
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

// Each entry: the step, a JSON pointer to break, the value that breaks it, and the rule's name.
struct Breakage {
  StepId step;
  std::string pointer;
  json value;
  std::string rule;
};

class RulesGateBreakage : public ::testing::TestWithParam<Breakage> {};

TEST_P(RulesGateBreakage, NamesTheRuleThatRefused) {
  const Breakage& breakage = GetParam();
  json evidence = good_evidence(breakage.step);
  evidence[json::json_pointer(breakage.pointer)] = breakage.value;
  const GateVerdict verdict = judge(breakage.step, evidence);
  EXPECT_FALSE(verdict.proceed);
  EXPECT_NE(verdict.reason.find(breakage.rule), std::string::npos) << verdict.reason;
}

INSTANTIATE_TEST_SUITE_P(
    Rules, RulesGateBreakage,
    ::testing::Values(
        Breakage{StepId::bot_acquire, "/token_sha256", "short", "token hash recorded"},
        Breakage{StepId::target_prep, "/mode", "0755", "home has mode 0700"},
        Breakage{StepId::target_prep, "/token_file_mode", "0644", "token file has mode 0600"},
        Breakage{StepId::target_prep, "/home", "relative/home", "home is an absolute path"},
        Breakage{StepId::target_prep, "/port", 70000, "port allocated"},
        Breakage{StepId::deploy, "/commands/0/exit/success", false, "every command succeeded"},
        Breakage{StepId::start, "/health/status", 503, "health is 200"},
        Breakage{StepId::start, "/lease/decision", "stale", "lease owned"},
        Breakage{StepId::start, "/processes/0/alive", false, "every process alive"},
        Breakage{StepId::start, "/demotion_probe/line_seen", false, "demotion line seen"},
        Breakage{StepId::round_trip, "/reply/text", "echo: nothing", "reply contains the nonce"},
        Breakage{StepId::round_trip, "/reply/topic_id", nullptr, "reply in the same chat topic"},
        Breakage{StepId::round_trip, "/conflicts", 3, "no 409 Conflict"},
        Breakage{StepId::verify, "/ok", false, "verifier ok"},
        Breakage{StepId::verify, "/checks/0/ok", false, "every check passed"},
        Breakage{StepId::teardown, "/alive_after", 1, "nothing left running"},
        Breakage{StepId::teardown, "/home_removed", false, "home removed unless kept"}));

TEST(RulesGate, ALeaseIsNotRequiredWithoutABot) {
  json evidence = good_evidence(StepId::start);
  evidence["lease"] = {{"required", false}, {"decision", nullptr}};
  EXPECT_TRUE(judge(StepId::start, evidence).proceed);
}

TEST(RulesGate, AKeptHomeNeedNotBeRemoved) {
  json evidence = good_evidence(StepId::teardown);
  evidence["kept"] = true;
  evidence["home_removed"] = false;
  EXPECT_TRUE(judge(StepId::teardown, evidence).proceed);
}

}  // namespace
}  // namespace tas
