// A backend's failure, or a bug, in any step: the step fails in the backend's own words.

#include "run_test_fixture.hpp"
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <tas/backends/backend_error.hpp>
#include <tas/engine/steps.hpp>

namespace tas {
namespace {

// --- A backend's failure is the failure of the step it happened in ------------------------

TEST_F(RunTest, AProgramThatCannotBeStartedFailsStartWithTheBackendsOwnMessage) {
  const std::string message =
      "cannot start server: program /opt/agent/dist/bin/server: No such file or directory";
  ON_CALL(*world_.launcher, launch(_)).WillByDefault([&](const LaunchSpec& spec) {
    if (spec.role == "server") throw BackendError(message);
    return world_.processes.launch(spec);
  });
  auto run = make_run();
  run->run_all();
  EXPECT_EQ(run->exit_code(), 4);
  EXPECT_EQ(run->result(StepId::start).status, StepStatus::failed);
  EXPECT_EQ(run->result(StepId::start).detail, message);
  EXPECT_EQ(written_report()["reason"], message);
  EXPECT_EQ(progress_.text().find("unexpected"), std::string::npos) << progress_.text();
  EXPECT_EQ(run->result(StepId::teardown).status, StepStatus::passed);
  EXPECT_EQ(world_.processes.running_count(), 0u);
}

TEST_F(RunTest, ALinkThatCannotBeMadeFailsDeployWithTheBackendsOwnMessage) {
  const std::string message = "cannot link /runs/home-1/dist: Permission denied";
  ON_CALL(*world_.deployer, symlink(_, _)).WillByDefault([&](const fs::path&, const fs::path&) {
    throw BackendError(message);
  });
  auto run = make_run();
  run->run_all();
  EXPECT_EQ(run->exit_code(), 3);
  EXPECT_EQ(run->result(StepId::deploy).status, StepStatus::failed);
  EXPECT_EQ(run->result(StepId::deploy).detail, message);
  EXPECT_EQ(run->result(StepId::teardown).status, StepStatus::passed);
  EXPECT_FALSE(world_.files.exists(target_)) << "the home the run created is gone";
}

TEST_F(RunTest, AHomeThatCannotBeRemovedFailsTeardownNamingWhatItWasDoing) {
  ON_CALL(*world_.deployer, remove_home(_, _))
      .WillByDefault([](const fs::path& home, bool) -> bool {
        throw BackendError("cannot remove " + home.string() + ": Permission denied");
      });
  auto run = make_run();
  run->run_all();
  EXPECT_EQ(run->exit_code(), 7);
  const StepResult& teardown = run->result(StepId::teardown);
  EXPECT_EQ(teardown.status, StepStatus::failed);
  EXPECT_EQ(teardown.detail, "removing the home: cannot remove /runs/home-1: Permission denied");
  EXPECT_EQ(world_.processes.running_count(), 0u) << "the rest of teardown was done all the same";
}

TEST_F(RunTest, AnyOtherExceptionFromAStepIsStillAnUnexpectedError) {
  ON_CALL(*world_.deployer, symlink(_, _)).WillByDefault([](const fs::path&, const fs::path&) {
    throw std::logic_error("a bug in the deployer");
  });
  auto run = make_run();
  run->run_all();
  EXPECT_EQ(run->exit_code(), 3);
  EXPECT_EQ(run->result(StepId::deploy).detail, "unexpected error: a bug in the deployer");
}

// Stands in for one step and throws from it, as a step does when a backend call fails and the
// step has nothing to add.
class ThrowingStep final : public Step {
 public:
  ThrowingStep(StepId id, bool backend_error) : id_(id), backend_error_(backend_error) {}
  [[nodiscard]] StepId id() const override { return id_; }
  StepOutcome run(RunContext&) override {
    if (backend_error_) throw BackendError(fmt::format("{} said no", name_of(id_)));
    throw std::runtime_error(fmt::format("{} has a bug", name_of(id_)));
  }

 private:
  StepId id_;
  bool backend_error_;
};

class ThrownFromEveryStep : public RunTest, public ::testing::WithParamInterface<StepId> {
 protected:
  std::unique_ptr<Engine> make_run_throwing(bool backend_error) {
    StepList steps = standard_steps();
    const StepId id = GetParam();
    steps.at(static_cast<std::size_t>(number_of(id) - 1)) =
        std::make_unique<ThrowingStep>(id, backend_error);
    return std::make_unique<Engine>(settings_, MockWorld::profile(), world_.backends(), progress_,
                                    std::move(steps));
  }
};

TEST_P(ThrownFromEveryStep, ABackendErrorFailsThatStepWithThePlainMessage) {
  const StepId id = GetParam();
  auto run = make_run_throwing(/*backend_error=*/true);
  run->run_all();
  const std::string expected = fmt::format("{} said no", name_of(id));
  EXPECT_EQ(run->exit_code(), number_of(id));
  EXPECT_EQ(run->result(id).status, StepStatus::failed);
  EXPECT_EQ(run->result(id).detail, expected);
  const json report = written_report();
  EXPECT_EQ(report["failing_step"]["number"], number_of(id));
  EXPECT_EQ(report["reason"], expected);
}

TEST_P(ThrownFromEveryStep, AnythingElseFailsThatStepAsAnUnexpectedError) {
  const StepId id = GetParam();
  auto run = make_run_throwing(/*backend_error=*/false);
  run->run_all();
  EXPECT_EQ(run->exit_code(), number_of(id));
  EXPECT_EQ(run->result(id).status, StepStatus::failed);
  EXPECT_EQ(run->result(id).detail, fmt::format("unexpected error: {} has a bug", name_of(id)));
}

INSTANTIATE_TEST_SUITE_P(EveryStep, ThrownFromEveryStep, ::testing::ValuesIn(kAllSteps),
                         [](const auto& param_info) {
                           return fmt::format("step{}", number_of(param_info.param));
                         });

}  // namespace
}  // namespace tas
