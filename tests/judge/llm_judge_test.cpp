#include <chrono>
#include <fstream>
#include <string>

#include "files.hpp"
#include "loopback.hpp"
#include "passing_evidence.hpp"
#include "temp_dir.hpp"
#include "text.hpp"
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <tas/core/errors.hpp>
#include <tas/fake/fake_llm_server.hpp>
#include <tas/judge/judge_prompt.hpp>
#include <tas/judge/llm_judge.hpp>
#include <tas/judge/supervised_gate.hpp>

namespace tas {

// Test names read "…/anthropic" rather than "GetParam() = 4-byte object <00-00 00-00>".
void PrintTo(LlmJudgeConfig::Protocol protocol, std::ostream* out) {
  *out << to_string(protocol);
}

namespace {

using fake::FakeLlmBehaviour;
using fake::FakeLlmServer;
using nlohmann::json;
using test::kCanaryToken;
using test::passing_evidence;
using namespace std::chrono_literals;
using Outcome = JudgeAnswer::Outcome;
using Protocol = LlmJudgeConfig::Protocol;

// Shaped like a real key, so that both the exact-value and the shape redaction have to hold.
const std::string kKey = "sk-test-judgeKEY0123456789abcdefXYZ";

JudgeRequest request_for(StepId step) {
  return JudgeRequest{step, "the step's summary", passing_evidence(step)};
}

// The judge against the fake LLM, once per protocol.
class LlmJudgeAgainstFake : public ::testing::TestWithParam<Protocol> {
 protected:
  void SetUp() override {
    llm_.start();
    test::write_file(key_file_, kKey + "\n", 0600);
  }

  [[nodiscard]] LlmJudgeConfig config(std::chrono::milliseconds timeout = 10s) const {
    LlmJudgeConfig config;
    config.protocol = GetParam();
    config.endpoint =
        GetParam() == Protocol::anthropic ? llm_.anthropic_endpoint() : llm_.openai_endpoint();
    config.model = "configured-model";
    config.api_key_file = key_file_;
    config.timeout = timeout;
    return config;
  }

  JudgeAnswer judge(StepId step, std::chrono::milliseconds timeout = 10s) {
    LlmJudge judge(config(timeout));
    return judge.judge(request_for(step));
  }

  test::TempDir dir_{"tas-llm-judge"};
  std::filesystem::path key_file_ = dir_ / "judge.key";
  FakeLlmServer llm_{{.api_key = kKey, .model = "fake-judge-1"}};
};

TEST_P(LlmJudgeAgainstFake, AnswersProceedByDefault) {
  const JudgeAnswer answer = judge(StepId::start);
  EXPECT_EQ(answer.outcome, Outcome::answered) << answer.reason;
  EXPECT_TRUE(answer.proceed);
  EXPECT_EQ(answer.reason, "looks fine");
  EXPECT_EQ(answer.model, "fake-judge-1") << "the response's model, not the configured one";
  EXPECT_EQ(llm_.calls(), 1u);
}

TEST_P(LlmJudgeAgainstFake, AnswersAScriptedStopForThatStepOnly) {
  llm_.script("verify", FakeLlmBehaviour::verdict(false, "a crash line in the server's log"));
  const JudgeAnswer verify = judge(StepId::verify);
  EXPECT_EQ(verify.outcome, Outcome::answered) << verify.reason;
  EXPECT_FALSE(verify.proceed);
  EXPECT_EQ(verify.reason, "a crash line in the server's log");
  const JudgeAnswer start = judge(StepId::start);
  EXPECT_TRUE(start.proceed);
  EXPECT_EQ(llm_.requests().at(0).step, "verify");
  EXPECT_EQ(llm_.requests().at(1).step, "start");
}

TEST_P(LlmJudgeAgainstFake, AFencedVerdictIsStillAVerdict) {
  llm_.script_default(
      FakeLlmBehaviour::raw_text("```json\n{\"proceed\": false, \"reason\": \"fenced\"}\n```"));
  const JudgeAnswer answer = judge(StepId::deploy);
  EXPECT_EQ(answer.outcome, Outcome::answered) << answer.reason;
  EXPECT_EQ(answer.reason, "fenced");
}

TEST_P(LlmJudgeAgainstFake, ProseIsGarbage) {
  llm_.script_default(FakeLlmBehaviour::raw_text("Everything looks great, proceed!"));
  const JudgeAnswer answer = judge(StepId::deploy);
  EXPECT_EQ(answer.outcome, Outcome::garbage);
  EXPECT_TRUE(test::contains(answer.reason, "Everything looks great")) << answer.reason;
  EXPECT_EQ(answer.model, "fake-judge-1");
}

TEST_P(LlmJudgeAgainstFake, AVerdictWithoutReasonIsNoReason) {
  llm_.script_default(FakeLlmBehaviour::without_reason(false));
  const JudgeAnswer answer = judge(StepId::teardown);
  EXPECT_EQ(answer.outcome, Outcome::no_reason) << answer.reason;
}

TEST_P(LlmJudgeAgainstFake, AServerErrorIsUnreachableWithStatusAndMessage) {
  llm_.script_default(FakeLlmBehaviour::http_status(529, "Overloaded right now"));
  const JudgeAnswer answer = judge(StepId::start);
  EXPECT_EQ(answer.outcome, Outcome::unreachable);
  EXPECT_TRUE(test::contains(answer.reason, "HTTP 529")) << answer.reason;
  EXPECT_TRUE(test::contains(answer.reason, "Overloaded right now")) << answer.reason;
}

TEST_P(LlmJudgeAgainstFake, AClosedPortIsUnreachable) {
  LlmJudgeConfig config = this->config();
  config.endpoint =
      "http://127.0.0.1:" + std::to_string(test::free_loopback_port()) + "/v1/messages";
  const JudgeAnswer answer = LlmJudge(config).judge(request_for(StepId::start));
  EXPECT_EQ(answer.outcome, Outcome::unreachable);
  EXPECT_TRUE(test::contains(answer.reason, "no answer from")) << answer.reason;
  EXPECT_EQ(answer.model, "configured-model");
}

TEST_P(LlmJudgeAgainstFake, ASlowJudgeTimesOutAndStopEndsItsDelay) {
  llm_.script_default(FakeLlmBehaviour{}.after(60s));
  const JudgeAnswer answer = judge(StepId::round_trip, 300ms);
  EXPECT_EQ(answer.outcome, Outcome::timed_out) << answer.reason;
  EXPECT_TRUE(test::contains(answer.reason, "within 300 ms")) << answer.reason;
  EXPECT_GE(answer.latency, 250ms);
  EXPECT_LT(answer.latency, 5s);
  const auto stopping = std::chrono::steady_clock::now();
  llm_.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - stopping, 2s) << "stop() ends the delay at once";
}

TEST_P(LlmJudgeAgainstFake, MeasuresLatency) {
  llm_.script_default(FakeLlmBehaviour{}.after(200ms));
  const JudgeAnswer answer = judge(StepId::start);
  EXPECT_EQ(answer.outcome, Outcome::answered) << answer.reason;
  EXPECT_GE(answer.latency, 200ms);
  EXPECT_LT(answer.latency, 5s);
}

TEST_P(LlmJudgeAgainstFake, AWrongKeyIsUnreachableWith401AndNoKey) {
  const std::string wrong = "sk-test-wrongKEY9876543210fedcbaZYX";
  test::write_file(key_file_, wrong, 0600);
  const JudgeAnswer answer = judge(StepId::start);
  EXPECT_EQ(answer.outcome, Outcome::unreachable);
  EXPECT_TRUE(test::contains(answer.reason, "HTTP 401")) << answer.reason;
  EXPECT_FALSE(test::contains(answer.reason, wrong)) << answer.reason;
  EXPECT_FALSE(test::contains(answer.reason, kKey)) << answer.reason;
  // OpenAI quotes a masked fragment of the key it was given; even that stays out.
  EXPECT_FALSE(test::contains(answer.reason, "sk-te")) << answer.reason;
  EXPECT_FALSE(test::contains(answer.reason, "ZYX")) << answer.reason;
}

TEST_P(LlmJudgeAgainstFake, SendsTheProtocolsRequestWithTheRedactedEvidence) {
  JudgeRequest request = request_for(StepId::deploy);
  request.detail = "deployed; the bot is " + kCanaryToken;
  request.evidence["commands"][0]["log_tail"] = "fetch /bot" + kCanaryToken + "/getMe ok";
  const JudgeAnswer answer = LlmJudge(config()).judge(request);
  ASSERT_EQ(answer.outcome, Outcome::answered) << answer.reason;

  ASSERT_EQ(llm_.requests().size(), 1u);
  const fake::FakeLlmRequest seen = llm_.requests().front();
  EXPECT_FALSE(test::contains(seen.body, kCanaryToken));
  EXPECT_FALSE(test::contains(seen.body, "AAcanaryCANARY"));
  EXPECT_TRUE(test::contains(seen.body, "[REDACTED]"));
  EXPECT_FALSE(test::contains(seen.body, kKey)) << "the key goes in a header, never the body";
  const json body = json::parse(seen.body);
  EXPECT_EQ(body["model"], "configured-model");
  EXPECT_EQ(body["max_tokens"], 300);
  if (GetParam() == Protocol::anthropic) {
    EXPECT_EQ(seen.path, "/v1/messages");
    EXPECT_EQ(seen.headers.at("x-api-key"), kKey);
    EXPECT_EQ(seen.headers.at("anthropic-version"), "2023-06-01");
    EXPECT_EQ(seen.headers.at("content-type"), "application/json");
    EXPECT_EQ(seen.headers.count("authorization"), 0u);
    EXPECT_EQ(body["system"], judge_system_prompt());
    ASSERT_EQ(body["messages"].size(), 1u);
    EXPECT_EQ(body["messages"][0]["role"], "user");
    EXPECT_TRUE(body["messages"][0]["content"].get<std::string>().starts_with("Step: 3 deploy\n"));
  } else {
    EXPECT_EQ(seen.path, "/v1/chat/completions");
    EXPECT_EQ(seen.headers.at("authorization"), "Bearer " + kKey);
    EXPECT_EQ(seen.headers.count("x-api-key"), 0u);
    EXPECT_EQ(body["temperature"], 0);
    EXPECT_EQ(body["response_format"], json({{"type", "json_object"}}));
    ASSERT_EQ(body["messages"].size(), 2u);
    EXPECT_EQ(body["messages"][0]["role"], "system");
    EXPECT_EQ(body["messages"][0]["content"], judge_system_prompt());
    EXPECT_EQ(body["messages"][1]["role"], "user");
    EXPECT_TRUE(body["messages"][1]["content"].get<std::string>().starts_with("Step: 3 deploy\n"));
  }
  EXPECT_TRUE(test::contains(seen.body, "dist_link"));
}

TEST_P(LlmJudgeAgainstFake, AKeyFileOthersCanReadIsRefusedAtConstruction) {
  test::write_file(key_file_, kKey, 0644);
  try {
    LlmJudge judge(config());
    FAIL() << "a 0644 key file was accepted";
  } catch (const UsageError& error) {
    const std::string message = error.what();
    EXPECT_TRUE(test::contains(message, key_file_.string())) << message;
    EXPECT_TRUE(test::contains(message, "0644")) << message;
    EXPECT_TRUE(test::contains(message, "chmod 600")) << message;
    EXPECT_FALSE(test::contains(message, kKey)) << message;
  }
  EXPECT_EQ(llm_.calls(), 0u);
}

TEST_P(LlmJudgeAgainstFake, AKeyFileThatOpensUpLaterIsAnUnreachableAnswer) {
  LlmJudge judge(config());
  ::chmod(key_file_.c_str(), 0640);
  const JudgeAnswer answer = judge.judge(request_for(StepId::start));
  EXPECT_EQ(answer.outcome, Outcome::unreachable);
  EXPECT_TRUE(test::contains(answer.reason, "0640")) << answer.reason;
  EXPECT_FALSE(test::contains(answer.reason, kKey)) << answer.reason;
  EXPECT_EQ(llm_.calls(), 0u) << "the key was not used";
}

TEST_P(LlmJudgeAgainstFake, AMissingKeyFileIsAnUnreachableAnswer) {
  std::filesystem::remove(key_file_);
  const JudgeAnswer answer = judge(StepId::start);
  EXPECT_EQ(answer.outcome, Outcome::unreachable);
  EXPECT_TRUE(test::contains(answer.reason, key_file_.string())) << answer.reason;
  EXPECT_TRUE(test::contains(answer.reason, "does not exist")) << answer.reason;
  EXPECT_EQ(llm_.calls(), 0u);
}

TEST_P(LlmJudgeAgainstFake, AnEmptyKeyFileIsAnUnreachableAnswer) {
  test::write_file(key_file_, "\n", 0600);
  const JudgeAnswer answer = judge(StepId::start);
  EXPECT_EQ(answer.outcome, Outcome::unreachable);
  EXPECT_TRUE(test::contains(answer.reason, "is empty")) << answer.reason;
}

TEST_P(LlmJudgeAgainstFake, VetoesThroughTheSupervisedGate) {
  llm_.script("start", FakeLlmBehaviour::verdict(false, "the lease is older than the run"));
  SupervisedGate gate(std::make_shared<LlmJudge>(config()), JudgeMode::veto);
  const GateVerdict verdict =
      gate.judge(StepId::start, StepOutcome::passed("started", passing_evidence(StepId::start)));
  EXPECT_FALSE(verdict.proceed);
  EXPECT_EQ(verdict.reason, "judge vetoed: the lease is older than the run");
  EXPECT_EQ(verdict.record["judge"]["acted"], true);
  EXPECT_EQ(verdict.record["judge"]["model"], "fake-judge-1");
  EXPECT_EQ(verdict.record.dump().find(kKey), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(BothProtocols, LlmJudgeAgainstFake,
                         ::testing::Values(Protocol::anthropic, Protocol::openai),
                         [](const ::testing::TestParamInfo<Protocol>& param_info) {
                           return std::string(to_string(param_info.param));
                         });

TEST(LlmJudge, DescribesItselfWithoutTheKey) {
  LlmJudgeConfig config;
  config.endpoint = "https://api.anthropic.com/v1/messages";
  config.model = "claude-small";
  config.api_key_file = "/nonexistent/judge.key";
  EXPECT_EQ(LlmJudge(config).describe(),
            "LLM judge claude-small at https://api.anthropic.com/v1/messages (anthropic)");
}

}  // namespace
}  // namespace tas
