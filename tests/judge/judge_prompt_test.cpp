#include <string>

#include "passing_evidence.hpp"
#include "text.hpp"
#include <gtest/gtest.h>

#include <tas/judge/judge_prompt.hpp>

namespace tas {
namespace {

using nlohmann::json;
using test::kCanaryToken;
using test::passing_evidence;

JudgeRequest request_for(StepId step, json evidence, std::string detail = "the step's summary") {
  return JudgeRequest{step, std::move(detail), std::move(evidence)};
}

TEST(JudgeSystemPrompt, SaysWhatTheHarnessIsEveryStepAndTheAnswerFormat) {
  const std::string prompt = judge_system_prompt();
  EXPECT_TRUE(test::contains(prompt, "test-as-self"));
  for (const StepId step : kAllSteps) {
    EXPECT_TRUE(
        test::contains(prompt, std::to_string(number_of(step)) + " " + std::string(name_of(step))))
        << name_of(step);
  }
  // What passing looks like for the steps the brief singles out.
  EXPECT_TRUE(test::contains(prompt, "health status 200"));
  EXPECT_TRUE(test::contains(prompt, "\"owned\""));
  EXPECT_TRUE(test::contains(prompt, "lease-detected line"));
  EXPECT_TRUE(test::contains(prompt, "contains the nonce"));
  EXPECT_TRUE(test::contains(prompt, "same chat and topic"));
  EXPECT_TRUE(test::contains(prompt, "every check is ok"));
  EXPECT_TRUE(test::contains(prompt, "removed unless kept"));
  // The judge's job beside the rules, and the one answer it may give.
  EXPECT_TRUE(test::contains(prompt, "rules have already checked and passed"));
  EXPECT_TRUE(test::contains(prompt, "contradict"));
  EXPECT_TRUE(test::contains(prompt, "timings"));
  EXPECT_TRUE(test::contains(prompt, "log tails"));
  EXPECT_TRUE(test::contains(prompt, R"({"proceed": false, "reason": ")"));
  EXPECT_TRUE(test::contains(prompt, "nothing else"));
  EXPECT_LT(prompt.size(), 6000u) << "the system prompt goes with every step: keep it compact";
}

TEST(JudgeUserPrompt, NamesTheStepCarriesTheEvidenceAndTheFormat) {
  const std::string prompt =
      judge_user_prompt(request_for(StepId::start, passing_evidence(StepId::start)));
  EXPECT_TRUE(prompt.starts_with("Step: 4 start\n")) << prompt;
  EXPECT_TRUE(test::contains(prompt, "Purpose: start the agent's server"));
  EXPECT_TRUE(test::contains(prompt, "Passing evidence: health status 200"));
  EXPECT_TRUE(test::contains(prompt, "The step's own summary: the step's summary"));
  EXPECT_TRUE(test::contains(prompt, passing_evidence(StepId::start).dump(2)));
  EXPECT_TRUE(test::contains(prompt, R"({"proceed": false, "reason": ")"));
}

TEST(JudgeUserPrompt, EveryStepHasItsOwnLine) {
  for (const StepId step : kAllSteps) {
    const std::string prompt = judge_user_prompt(request_for(step, passing_evidence(step)));
    // "Step: <n> <name>": what the fake LLM (and a reader) looks for.
    const std::string line =
        "Step: " + std::to_string(number_of(step)) + " " + std::string(name_of(step)) + "\n";
    EXPECT_TRUE(prompt.starts_with(line)) << prompt;
  }
}

TEST(JudgeUserPrompt, RedactsACanaryTokenInTheEvidenceAndTheDetail) {
  json evidence = passing_evidence(StepId::deploy);
  evidence["commands"][0]["log_tail"] =
      "GET https://api.telegram.org/bot" + kCanaryToken + "/getMe";
  const std::string prompt =
      judge_user_prompt(request_for(StepId::deploy, evidence, "deployed with " + kCanaryToken));
  EXPECT_FALSE(test::contains(prompt, kCanaryToken));
  EXPECT_FALSE(test::contains(prompt, "AAcanaryCANARY"));
  EXPECT_TRUE(test::contains(prompt, "[REDACTED]"));
}

TEST(JudgeUserPrompt, ShortensLongLogTailsToTheirEnds) {
  json evidence = passing_evidence(StepId::deploy);
  evidence["commands"][0]["log_tail"] =
      std::string(200 * 1024, 'x') + "\nthe last line: npm WARN deprecated";
  const std::string prompt = judge_user_prompt(request_for(StepId::deploy, evidence));
  EXPECT_LT(prompt.size(), kJudgeEvidenceCap + 2048);
  EXPECT_TRUE(test::contains(prompt, "the last line: npm WARN deprecated"))
      << "a tail keeps its end";
  EXPECT_TRUE(test::contains(prompt, "earlier bytes cut"));
  EXPECT_TRUE(test::contains(prompt, "\"dist_link\""));
}

TEST(JudgeUserPrompt, CapsHugeEvidenceWithAMarker) {
  json evidence = passing_evidence(StepId::verify);
  for (int i = 0; i < 5000; ++i) {
    evidence["checks"].push_back({{"name", "check " + std::to_string(i)}, {"ok", true}});
  }
  const std::string prompt = judge_user_prompt(request_for(StepId::verify, evidence));
  EXPECT_LT(prompt.size(), kJudgeEvidenceCap + 2048);
  EXPECT_TRUE(test::contains(prompt, "[… evidence truncated:"));
  EXPECT_TRUE(test::contains(prompt, "Step: 6 verify"));
  EXPECT_TRUE(test::contains(prompt, R"({"proceed": false, "reason": ")"))
      << "the answer format comes after the evidence and survives the cut";
}

TEST(JudgeUserPrompt, SurvivesInvalidUtf8InALogTail) {
  json evidence = passing_evidence(StepId::deploy);
  evidence["commands"][0]["log_tail"] = std::string("bad byte \xff here");
  std::string prompt;
  EXPECT_NO_THROW(prompt = judge_user_prompt(request_for(StepId::deploy, evidence)));
  EXPECT_TRUE(test::contains(prompt, "bad byte"));
}

TEST(StepGuide, EveryStepHasAPurposeAndPassingEvidence) {
  for (const StepId step : kAllSteps) {
    EXPECT_FALSE(step_guide(step).purpose.empty()) << name_of(step);
    EXPECT_FALSE(step_guide(step).passing.empty()) << name_of(step);
  }
  EXPECT_TRUE(
      test::contains(std::string(step_guide(StepId::round_trip).passing), "conflicts is 0"));
}

}  // namespace
}  // namespace tas
