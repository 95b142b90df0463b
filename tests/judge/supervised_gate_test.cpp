#include <string>
#include <tuple>

#include "passing_evidence.hpp"
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <tas/judge/supervised_gate.hpp>
#include <tas/mocks/mock_backends.hpp>

namespace tas {

// Test names read "…/veto" rather than "GetParam() = 4-byte object <02-00 00-00>".
void PrintTo(JudgeMode mode, std::ostream* out) {
  *out << to_string(mode);
}

namespace {

using nlohmann::json;
using test::kCanaryToken;
using test::passing_evidence;
using ::testing::_;
using ::testing::NiceMock;
using ::testing::Return;
using ::testing::SaveArg;
using Outcome = JudgeAnswer::Outcome;

// The judge's possible answers: the two verdicts, and every way of not giving one.
enum class Says { proceed, stop, unreachable, timed_out, garbage, no_reason };

std::string_view name_of(Says says) {
  switch (says) {
    case Says::proceed:
      return "proceed";
    case Says::stop:
      return "stop";
    case Says::unreachable:
      return "unreachable";
    case Says::timed_out:
      return "timed_out";
    case Says::garbage:
      return "garbage";
    case Says::no_reason:
      return "no_reason";
  }
  return "?";
}

void PrintTo(Says says, std::ostream* out) {
  *out << name_of(says);
}

JudgeAnswer answer_for(Says says) {
  JudgeAnswer answer;
  answer.latency = std::chrono::milliseconds(42);
  answer.model = "judge-model-1";
  switch (says) {
    case Says::proceed:
      answer.outcome = Outcome::answered;
      answer.proceed = true;
      answer.reason = "all consistent";
      break;
    case Says::stop:
      answer.outcome = Outcome::answered;
      answer.proceed = false;
      answer.reason = "the server log tail shows a FATAL ERROR line";
      break;
    case Says::unreachable:
      answer.outcome = Outcome::unreachable;
      answer.reason = "no answer from http://127.0.0.1:1/v1/messages: Couldn't connect";
      break;
    case Says::timed_out:
      answer.outcome = Outcome::timed_out;
      answer.reason = "no answer within 20000 ms";
      break;
    case Says::garbage:
      // Whatever a judge without a verdict carries in `proceed`, it is not a verdict.
      answer.outcome = Outcome::garbage;
      answer.proceed = false;
      answer.reason = "the judge's answer is not the verdict";
      break;
    case Says::no_reason:
      answer.outcome = Outcome::no_reason;
      answer.proceed = false;
      answer.reason = "the judge answered \"proceed\": false without a reason";
      break;
  }
  return answer;
}

StepOutcome passed(StepId step) {
  return StepOutcome::passed("the step's summary", passing_evidence(step));
}

using ModeAndAnswer = std::tuple<JudgeMode, Says>;

class SupervisedGateEveryModeAndAnswer : public ::testing::TestWithParam<ModeAndAnswer> {};

TEST_P(SupervisedGateEveryModeAndAnswer, ActsOnlyOnAVetoThatAnswersStop) {
  const auto [mode, says] = GetParam();
  auto judge = std::make_shared<mocks::MockJudge>();
  if (mode == JudgeMode::off) {
    EXPECT_CALL(*judge, judge(_)).Times(0);
  } else {
    EXPECT_CALL(*judge, judge(_)).WillOnce(Return(answer_for(says)));
  }
  SupervisedGate gate(judge, mode);

  const GateVerdict verdict = gate.judge(StepId::start, passed(StepId::start));

  const bool vetoed = mode == JudgeMode::veto && says == Says::stop;
  EXPECT_EQ(verdict.proceed, !vetoed);
  if (vetoed) {
    EXPECT_EQ(verdict.reason, "judge vetoed: the server log tail shows a FATAL ERROR line");
  } else {
    EXPECT_EQ(verdict.reason, "");
  }
  ASSERT_TRUE(verdict.record.contains("rules"));
  EXPECT_EQ(verdict.record["rules"]["proceed"], true);
  if (mode == JudgeMode::off) {
    EXPECT_TRUE(verdict.record["judge"].is_null());
    return;
  }
  const json& record = verdict.record["judge"];
  const JudgeAnswer answer = answer_for(says);
  EXPECT_EQ(record["mode"], std::string(to_string(mode)));
  EXPECT_EQ(record["outcome"], std::string(to_string(answer.outcome)));
  EXPECT_EQ(record["reason"], answer.reason);
  EXPECT_EQ(record["latency_ms"], 42);
  EXPECT_EQ(record["model"], "judge-model-1");
  EXPECT_EQ(record["acted"], vetoed);
  if (answer.answered()) {
    EXPECT_EQ(record["proceed"], answer.proceed);
  } else {
    EXPECT_TRUE(record["proceed"].is_null()) << "no verdict, so no proceed: " << record.dump();
  }
}

INSTANTIATE_TEST_SUITE_P(
    All, SupervisedGateEveryModeAndAnswer,
    ::testing::Combine(::testing::Values(JudgeMode::off, JudgeMode::advisory, JudgeMode::veto),
                       ::testing::Values(Says::proceed, Says::stop, Says::unreachable,
                                         Says::timed_out, Says::garbage, Says::no_reason)),
    [](const ::testing::TestParamInfo<ModeAndAnswer>& param_info) {
      return std::string(to_string(std::get<0>(param_info.param))) + "_" +
             std::string(name_of(std::get<1>(param_info.param)));
    });

class SupervisedGateEveryMode : public ::testing::TestWithParam<JudgeMode> {};

TEST_P(SupervisedGateEveryMode, ARulesRefusalStandsAndTheJudgeIsNotAsked) {
  auto judge = std::make_shared<mocks::MockJudge>();
  EXPECT_CALL(*judge, judge(_)).Times(0);
  SupervisedGate gate(judge, GetParam());
  json evidence = passing_evidence(StepId::start);
  evidence["health"]["status"] = 503;

  const GateVerdict verdict =
      gate.judge(StepId::start, StepOutcome::passed("claimed", std::move(evidence)));

  EXPECT_FALSE(verdict.proceed);
  EXPECT_EQ(verdict.reason, "rule 'health is 200': /health/status is 503 (expected 200)");
  EXPECT_EQ(verdict.record["rules"]["proceed"], false);
  EXPECT_TRUE(verdict.record["judge"].is_null());
}

TEST_P(SupervisedGateEveryMode, AJudgeThatWouldPassCannotPassWhatTheRulesFail) {
  // Even a judge that always says "proceed" is never consulted about a refused step.
  auto judge = std::make_shared<NiceMock<mocks::MockJudge>>();
  ON_CALL(*judge, judge(_)).WillByDefault(Return(answer_for(Says::proceed)));
  SupervisedGate gate(judge, GetParam());
  for (const StepId step : kAllSteps) {
    const GateVerdict verdict = gate.judge(step, StepOutcome::passed("claimed", json::object()));
    EXPECT_FALSE(verdict.proceed) << name_of(step);
  }
}

TEST_P(SupervisedGateEveryMode, KeepsTheRulesRecordWhole) {
  auto judge = std::make_shared<NiceMock<mocks::MockJudge>>();
  ON_CALL(*judge, judge(_)).WillByDefault(Return(answer_for(Says::proceed)));
  SupervisedGate gate(judge, GetParam());
  RulesGate rules;
  for (const StepId step : kAllSteps) {
    const GateVerdict supervised = gate.judge(step, passed(step));
    const GateVerdict alone = rules.judge(step, passed(step));
    EXPECT_EQ(supervised.record["rules"], alone.record["rules"]) << name_of(step);
    EXPECT_TRUE(supervised.proceed) << name_of(step) << ": " << supervised.reason;
  }
}

INSTANTIATE_TEST_SUITE_P(All, SupervisedGateEveryMode,
                         ::testing::Values(JudgeMode::off, JudgeMode::advisory, JudgeMode::veto),
                         [](const ::testing::TestParamInfo<JudgeMode>& param_info) {
                           return std::string(to_string(param_info.param));
                         });

TEST(SupervisedGate, AsksTheJudgeAboutTheStepWithItsDetailAndEvidence) {
  auto judge = std::make_shared<mocks::MockJudge>();
  JudgeRequest seen;
  EXPECT_CALL(*judge, judge(_))
      .WillOnce(::testing::DoAll(SaveArg<0>(&seen), Return(answer_for(Says::proceed))));
  SupervisedGate gate(judge, JudgeMode::advisory);

  (void)gate.judge(StepId::round_trip, passed(StepId::round_trip));

  EXPECT_EQ(seen.step, StepId::round_trip);
  EXPECT_EQ(seen.detail, "the step's summary");
  EXPECT_EQ(seen.evidence, passing_evidence(StepId::round_trip));
}

TEST(SupervisedGate, ARawSecretLeftInTheOutcomeNeverReachesTheJudge) {
  // The engine redacts the outcome before any gate sees it; a gate used without the engine (or a
  // redaction that failed) must still not send a secret out: the rules refuse it first.
  auto judge = std::make_shared<mocks::MockJudge>();
  EXPECT_CALL(*judge, judge(_)).Times(0);
  SupervisedGate gate(judge, JudgeMode::veto);
  json evidence = passing_evidence(StepId::deploy);
  evidence["commands"][0]["log_tail"] = "fetching https://api.example/bot" + kCanaryToken + "/x";

  const GateVerdict in_evidence = gate.judge(StepId::deploy, StepOutcome::passed("x", evidence));
  EXPECT_FALSE(in_evidence.proceed);
  EXPECT_NE(in_evidence.reason.find("no raw secret"), std::string::npos);

  const GateVerdict in_detail = gate.judge(
      StepId::deploy,
      StepOutcome::passed("rebuilt with " + kCanaryToken, passing_evidence(StepId::deploy)));
  EXPECT_FALSE(in_detail.proceed);
  EXPECT_NE(in_detail.reason.find("no raw secret"), std::string::npos);
  EXPECT_EQ(in_detail.reason.find(kCanaryToken), std::string::npos);
}

TEST(SupervisedGate, AJudgeThatThrowsIsRecordedAndTheRunGoesOn) {
  auto judge = std::make_shared<mocks::MockJudge>();
  EXPECT_CALL(*judge, judge(_)).WillOnce(::testing::Throw(std::runtime_error("socket exploded")));
  SupervisedGate gate(judge, JudgeMode::veto);

  const GateVerdict verdict = gate.judge(StepId::verify, passed(StepId::verify));

  EXPECT_TRUE(verdict.proceed);
  EXPECT_EQ(verdict.record["judge"]["outcome"], "unreachable");
  EXPECT_EQ(verdict.record["judge"]["acted"], false);
  EXPECT_NE(verdict.record["judge"]["reason"].get<std::string>().find("socket exploded"),
            std::string::npos);
}

TEST(SupervisedGate, OffNeedsNoJudgeButTheOtherModesDo) {
  SupervisedGate off(nullptr, JudgeMode::off);
  EXPECT_TRUE(off.judge(StepId::verify, passed(StepId::verify)).proceed);
  EXPECT_THROW(SupervisedGate(nullptr, JudgeMode::advisory), std::invalid_argument);
  EXPECT_THROW(SupervisedGate(nullptr, JudgeMode::veto), std::invalid_argument);
}

TEST(JudgeMode, NamesRoundTrip) {
  for (const JudgeMode mode : {JudgeMode::off, JudgeMode::advisory, JudgeMode::veto}) {
    EXPECT_EQ(judge_mode_named(to_string(mode)), mode);
  }
  EXPECT_EQ(judge_mode_named("Veto"), std::nullopt);
  EXPECT_EQ(judge_mode_named(""), std::nullopt);
}

TEST(JudgeAnswer, OutcomeNamesAndRecord) {
  EXPECT_EQ(to_string(Outcome::answered), "answered");
  EXPECT_EQ(to_string(Outcome::unreachable), "unreachable");
  EXPECT_EQ(to_string(Outcome::timed_out), "timed_out");
  EXPECT_EQ(to_string(Outcome::garbage), "garbage");
  EXPECT_EQ(to_string(Outcome::no_reason), "no_reason");
  EXPECT_EQ(answer_for(Says::stop).to_json(),
            json({{"outcome", "answered"},
                  {"proceed", false},
                  {"reason", "the server log tail shows a FATAL ERROR line"},
                  {"latency_ms", 42},
                  {"model", "judge-model-1"}}));
}

}  // namespace
}  // namespace tas

namespace tas {
namespace {

TEST(SupervisedGateTeardown, AVetoOnTeardownIsRecordedButCannotUndoTheCleanup) {
  auto judge = std::make_shared<mocks::MockJudge>();
  JudgeAnswer stop;
  stop.outcome = JudgeAnswer::Outcome::answered;
  stop.proceed = false;
  stop.reason = "the home was kept";
  EXPECT_CALL(*judge, judge(::testing::_)).WillOnce(::testing::Return(stop));
  SupervisedGate gate(judge, JudgeMode::veto);
  const GateVerdict verdict = gate.judge(
      StepId::teardown, StepOutcome::passed("done", test::passing_evidence(StepId::teardown)));
  EXPECT_TRUE(verdict.proceed);
  EXPECT_EQ(verdict.record["judge"]["proceed"], false);
  EXPECT_EQ(verdict.record["judge"]["acted"], false);
}

}  // namespace
}  // namespace tas
