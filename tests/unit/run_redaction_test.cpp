// Secrets in what a run records: redacted once, as each step ends, before any way out.

#include "run_test_fixture.hpp"
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <tas/backends/backend_error.hpp>
#include <tas/engine/html_report.hpp>
#include <tas/engine/junit_report.hpp>
#include <tas/engine/steps.hpp>

namespace tas {
namespace {

TEST_F(RunTest, ASecretInABackendErrorNeverReachesTheReportOrTheConsole) {
  ON_CALL(*world_.user, send_as_user(_, _))
      .WillByDefault([](const ChatAddress&, std::string_view) -> ChatMessage {
        throw BackendError("POST https://api.telegram.org/bot" + std::string(MockWorld::kToken) +
                           "/sendMessage: 502");
      });
  auto run = make_run();
  run->run_all();
  EXPECT_EQ(run->exit_code(), 5);
  const std::string report_text = test::read_text(report_);
  EXPECT_EQ(report_text.find("CanaryUnitToken"), std::string::npos) << report_text;
  EXPECT_EQ(progress_.text().find("CanaryUnitToken"), std::string::npos) << progress_.text();
  EXPECT_NE(run->result(StepId::round_trip).detail.find("bot[REDACTED]/sendMessage"),
            std::string::npos);
}

TEST_F(RunTest, ASecretInABackendErrorTheEngineCaughtIsRedacted) {
  ON_CALL(*world_.launcher, launch(_)).WillByDefault([this](const LaunchSpec& spec) {
    if (spec.role == "lifeline") {
      throw BackendError("cannot start lifeline: it was given " + std::string(MockWorld::kToken));
    }
    return world_.processes.launch(spec);
  });
  auto run = make_run();
  run->run_all();
  EXPECT_EQ(run->exit_code(), 4);
  EXPECT_EQ(run->result(StepId::start).detail, "cannot start lifeline: it was given [REDACTED]");
  EXPECT_EQ(test::read_text(report_).find("CanaryUnitToken"), std::string::npos);
  EXPECT_EQ(progress_.text().find("CanaryUnitToken"), std::string::npos) << progress_.text();
}

// A step that passes and quotes the token in its detail and evidence, as a log tail would.
class QuotingStep final : public Step {
 public:
  [[nodiscard]] StepId id() const override { return StepId::deploy; }
  StepOutcome run(RunContext&) override {
    const std::string token(MockWorld::kToken);
    return StepOutcome::passed("deployed; the log says " + token,
                               json{{"log_tail", "GET /bot" + token + "/getMe"}});
  }
};

// A gate that keeps what it was asked about, and whose judge quotes the token back.
class EchoingGate final : public Gate {
 public:
  GateVerdict judge(StepId, const StepOutcome& outcome) override {
    asked.push_back(outcome);
    GateVerdict verdict;
    verdict.record = {{"judge", {{"reason", "it quotes " + std::string(MockWorld::kToken)}}}};
    return verdict;
  }
  std::vector<StepOutcome> asked;
};

TEST_F(RunTest, TheHtmlAndJunitReportsHoldNoSecretAStepOrTheJudgeQuoted) {
  world_.gate = std::make_shared<EchoingGate>();
  settings_.report_html = true;
  settings_.junit_file = dir_ / "junit.xml";
  StepList steps = standard_steps();
  steps.at(2) = std::make_unique<QuotingStep>();
  Engine run(settings_, MockWorld::profile(), world_.backends(), progress_, std::move(steps));
  run.run_all();
  const fs::path html = dir_ / "report.html";
  ASSERT_TRUE(is_html_report_file(html)) << progress_.text();
  ASSERT_TRUE(is_junit_report_file(dir_ / "junit.xml")) << progress_.text();
  for (const fs::path& file : {html, dir_ / "junit.xml"}) {
    const std::string text = test::read_text(file);
    EXPECT_EQ(text.find("CanaryUnitToken"), std::string::npos) << file << "\n" << text;
    EXPECT_NE(text.find("deployed; the log says [REDACTED]"), std::string::npos) << file;
    // The console names every file written.
    EXPECT_NE(progress_.text().find(file.string()), std::string::npos) << progress_.text();
  }
  EXPECT_NE(test::read_text(html).find("it quotes [REDACTED]"), std::string::npos)
      << "the judge's reason";
}

TEST_F(RunTest, EveryWayOutReadsTheRecordTheEngineRedactedOnce) {
  auto gate = std::make_shared<EchoingGate>();
  world_.gate = gate;
  StepList steps = standard_steps();
  steps.at(2) = std::make_unique<QuotingStep>();
  Engine run(settings_, MockWorld::profile(), world_.backends(), progress_, std::move(steps));
  run.run_all();

  const StepResult& deploy = run.result(StepId::deploy);  // what the fixture reads
  EXPECT_EQ(deploy.detail, "deployed; the log says [REDACTED]");
  EXPECT_EQ(deploy.evidence["log_tail"], "GET /bot[REDACTED]/getMe");
  EXPECT_EQ(deploy.gate["judge"]["reason"], "it quotes [REDACTED]");
  ASSERT_FALSE(gate->asked.empty());
  for (const StepOutcome& asked : gate->asked) {  // what a judge would be sent
    EXPECT_EQ(asked.detail.find("CanaryUnitToken"), std::string::npos) << asked.detail;
    EXPECT_EQ(asked.evidence.dump().find("CanaryUnitToken"), std::string::npos);
  }
  EXPECT_EQ(test::read_text(report_).find("CanaryUnitToken"), std::string::npos);
  EXPECT_EQ(progress_.text().find("CanaryUnitToken"), std::string::npos) << progress_.text();
}

}  // namespace
}  // namespace tas
