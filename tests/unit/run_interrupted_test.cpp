// Interrupting the run at each of the seven steps: teardown runs and the report says so.
#include <csignal>

#include "run_test_fixture.hpp"
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <tas/backends/backend_error.hpp>
#include <tas/engine/steps.hpp>

namespace tas {
namespace {

// --- Interrupting the run at each of the seven steps -------------------------------------

enum class Trouble { failure, exception, deadline, signal };

std::string_view name_of(Trouble trouble) {
  switch (trouble) {
    case Trouble::failure:
      return "failure";
    case Trouble::exception:
      return "exception";
    case Trouble::deadline:
      return "deadline";
    case Trouble::signal:
      return "signal";
  }
  return "?";
}

struct Interruption {
  StepId step;
  Trouble trouble;
};

class RunInterrupted : public RunTest, public ::testing::WithParamInterface<Interruption> {
 protected:
  // Makes the backend call characteristic of the step misbehave in the way asked for.
  void inject() {
    const auto [step, trouble] = GetParam();
    auto hit = [this, trouble]() {
      if (trouble == Trouble::deadline) world_.clock->advance(601s);
      if (trouble == Trouble::signal) std::raise(SIGINT);
      if (trouble == Trouble::exception) throw std::runtime_error("injected fault");
    };
    const bool fail = trouble == Trouble::failure;
    switch (step) {
      case StepId::bot_acquire:
        ON_CALL(*world_.secrets, retrieve(_)).WillByDefault([=](std::string_view) {
          if (fail) throw BackendError("no secret with ID drop-unit-0001 in the store");
          hit();
          return Secret(std::string(MockWorld::kToken));
        });
        break;
      case StepId::target_prep:
        // A target refused exits 11 (its own test is above); a step 2 that fails on the way,
        // here a full disk, exits 2.
        ON_CALL(*world_.deployer, inspect(_)).WillByDefault([=, this](const fs::path& home) {
          hit();
          return world_.files.inspect(home);
        });
        if (fail) {
          ON_CALL(*world_.deployer, create_directory(_)).WillByDefault([](const fs::path& dir) {
            throw BackendError("cannot create '" + dir.string() + "': No space left on device");
          });
        }
        break;
      case StepId::deploy:
        if (fail) {
          ON_CALL(*world_.deployer, mode_of(fs::path(MockWorld::kDist)))
              .WillByDefault(testing::Return(std::nullopt));
        } else {
          ON_CALL(*world_.deployer, symlink(_, _))
              .WillByDefault([=, this](const fs::path& link, const fs::path& to) {
                hit();
                world_.files.symlink(link, to);
              });
        }
        break;
      case StepId::start:
        ON_CALL(*world_.probe, health(_)).WillByDefault([=](const std::string&) {
          if (fail) return HealthReading{503, {}};
          hit();
          return HealthReading{200, {}};
        });
        break;
      case StepId::round_trip:
        if (fail) {
          ON_CALL(*world_.user, bot_messages_after(_, _, _))
              .WillByDefault([this](auto, auto, const Deadline& deadline) {
                world_.clock->advance(deadline.remaining());
                return std::vector<ChatMessage>{};
              });
        } else {
          ON_CALL(*world_.user, designated_chat()).WillByDefault([=, this]() {
            hit();
            return world_.chat;
          });
        }
        break;
      case StepId::verify:
        ON_CALL(*world_.verifier, verify(_)).WillByDefault([=](const VerifyInput&) {
          VerifyEvidence result;
          if (fail) {
            result.checks.push_back(
                {"no crash signature", false, "Segmentation fault in server.stderr.log"});
            return result;
          }
          hit();
          result.checks.push_back({"all", true, "fine"});
          return result;
        });
        break;
      case StepId::teardown:
        ON_CALL(*world_.deployer, remove_home(_, _))
            .WillByDefault([=, this](const fs::path& home, bool keep_root) {
              if (fail)
                throw BackendError("cannot remove " + home.string() + ": Permission denied");
              const bool removed = world_.files.remove_home(home, keep_root);
              hit();
              return removed;
            });
        break;
    }
  }
};

TEST_P(RunInterrupted, TearsDownMarksLaterStepsNotRunWritesTheReportAndExitsRight) {
  const auto [step, trouble] = GetParam();
  inject();
  auto run = make_run();
  run->run_all();

  const int expected_exit = trouble == Trouble::signal ? 130 : number_of(step);
  EXPECT_EQ(run->exit_code(), expected_exit);

  // The step itself.
  const StepResult& hit = run->result(step);
  if (step == StepId::teardown && trouble == Trouble::signal) {
    EXPECT_EQ(hit.status, StepStatus::passed) << "teardown finishes its work whatever arrives";
  } else {
    EXPECT_EQ(hit.status, StepStatus::failed) << hit.detail;
  }
  if (trouble == Trouble::deadline) {
    EXPECT_NE(hit.detail.find("timeout"), std::string::npos) << hit.detail;
  }
  if (trouble == Trouble::signal && step != StepId::teardown) {
    EXPECT_NE(hit.detail.find("interrupted by SIGINT"), std::string::npos) << hit.detail;
  }
  if (trouble == Trouble::exception) {
    EXPECT_NE(hit.detail.find("injected fault"), std::string::npos) << hit.detail;
  }

  // Every later step (before teardown) never ran.
  for (int later = number_of(step) + 1; later < 7; ++later) {
    EXPECT_EQ(run->result(static_cast<StepId>(later)).status, StepStatus::not_run) << later;
  }
  // Teardown ran, and nothing is left behind.
  if (step != StepId::teardown) {
    EXPECT_EQ(run->result(StepId::teardown).status, StepStatus::passed);
  }
  EXPECT_GT(run->result(StepId::teardown).duration.count() + 1, 0);
  EXPECT_EQ(world_.processes.running_count(), 0u);
  if (!(step == StepId::teardown && trouble == Trouble::failure)) {
    EXPECT_FALSE(world_.files.exists(target_)) << "the home the run created is gone";
  }

  // The report was written, and says the same.
  const json report = written_report();
  EXPECT_EQ(report["exit_code"], expected_exit);
  EXPECT_EQ(report["verdict"], trouble == Trouble::signal ? "interrupted" : "fail");
  EXPECT_EQ(report["steps"][6]["status"],
            run->result(StepId::teardown).status == StepStatus::passed ? "passed" : "failed");
  if (trouble == Trouble::signal) {
    EXPECT_EQ(report["interrupted_by"], "SIGINT");
  } else {
    EXPECT_EQ(report["failing_step"]["number"], number_of(step));
  }
}

std::vector<Interruption> every_interruption() {
  std::vector<Interruption> all;
  for (const StepId step : kAllSteps) {
    for (const Trouble trouble :
         {Trouble::failure, Trouble::exception, Trouble::deadline, Trouble::signal}) {
      all.push_back({step, trouble});
    }
  }
  return all;
}

INSTANTIATE_TEST_SUITE_P(EveryStep, RunInterrupted, ::testing::ValuesIn(every_interruption()),
                         [](const auto& param_info) {
                           return fmt::format("step{}_{}", number_of(param_info.param.step),
                                              name_of(param_info.param.trouble));
                         });

}  // namespace
}  // namespace tas
