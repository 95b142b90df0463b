// Every fault switch of the reference agent, run through the seven steps with real processes:
// each is caught at the step where it shows, with a diagnosis that names it, and nothing of the
// run is left alive afterwards.
#include <fstream>

#include "files.hpp"
#include "processes.hpp"
#include "temp_dir.hpp"
#include <gtest/gtest.h>

#include <tas/fixture/self_test.hpp>

namespace tas {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace std::chrono_literals;

// For the cases that wait out a step: steps 4 and 5 wait at most a quarter of it.
constexpr std::chrono::seconds kShortTimeout{8};

struct FaultCase {
  std::string name;
  json faults;
  int exit_code;           // the step that must catch it (0: the run passes)
  std::string diagnosis;   // what the failing step's detail (or the evidence) must say
  std::string crash_role;  // for crashes after start: wait for this child to die before step 5
  bool keep = false;
  std::chrono::seconds timeout{24};  // steps 4 and 5 wait at most a quarter of it
  // Before step 5: create <home>/<trigger_file>, then wait until the fake has answered a 409.
  std::string trigger_file{};
};

void PrintTo(const FaultCase& fault, std::ostream* out) {
  *out << fault.name;
}

class FaultSwitch : public fixture::SelfTest, public ::testing::WithParamInterface<FaultCase> {
 protected:
  void AdjustProfile(AgentProfile& profile) override {
    profile.config.initial["faults"] = GetParam().faults;
    profile.stop_grace = 1s;  // ignoreSigterm costs the grace; keep it short
  }
  [[nodiscard]] bool TeardownMustFail() const override {
    return GetParam().exit_code == number_of(StepId::teardown);
  }
  void AdjustSettings(RunSettings& settings) override {
    settings.timeout = GetParam().timeout;
    settings.keep = GetParam().keep;
  }

  std::vector<int> left_alive() {
    return test::live_processes_with_environment(kRunMarkerName, run_id());
  }

  // Runs every phase whatever its outcome (the point is which one fails), and can wait for a
  // child to die between start and round-trip, so that a crash "after N seconds" lands at a known
  // step instead of by timing luck. Teardown runs here, so the test can check what it left.
  void run_with_faults() {
    const FaultCase& fault = GetParam();
    for (const StepId step :
         {StepId::bot_acquire, StepId::target_prep, StepId::deploy, StepId::start}) {
      TryPhase(step);
    }
    if (!fault.crash_role.empty() && !engine().failed()) {
      ASSERT_TRUE(WaitFor(
          fault.crash_role + " to crash",
          [&] {
            for (RunChild& child : deployed().children) {
              if (child.process->spec().role == fault.crash_role && child.process->poll())
                return true;
            }
            return false;
          },
          20s));
    }
    if (!fault.trigger_file.empty() && !engine().failed()) {
      std::ofstream(deployed().home.root / fault.trigger_file) << "now\n";
      ASSERT_TRUE(WaitFor(
          "a 409 from the fake for the duplicate poller",
          [&] { return user()->conflicts_seen().value_or(0) > 0; }, 20s));
    }
    TryPhase(StepId::round_trip);
    TryPhase(StepId::verify);
    RunTeardown();
  }
};

TEST_P(FaultSwitch, IsCaughtAtTheRightStepAndLeavesNothingBehind) {
  const FaultCase& fault = GetParam();
  ASSERT_NO_FATAL_FAILURE(run_with_faults());
  const Report& report = engine().report();
  EXPECT_EQ(engine().exit_code(), fault.exit_code) << report.reason;

  const std::string written = test::read_text(report_file());
  const std::string where =
      report.failing_step ? engine().result(*report.failing_step).detail : written;
  EXPECT_NE(where.find(fault.diagnosis), std::string::npos)
      << "expected the diagnosis '" << fault.diagnosis << "' in: " << where;
  EXPECT_NE(written.find(fault.diagnosis), std::string::npos) << "the report lacks the diagnosis";

  // Teardown fails only when it is the step that saw the fault; it cleans up all the same.
  const StepStatus teardown =
      fault.exit_code == number_of(StepId::teardown) ? StepStatus::failed : StepStatus::passed;
  EXPECT_EQ(engine().result(StepId::teardown).status, teardown)
      << engine().result(StepId::teardown).detail;
  const auto alive = left_alive();
  EXPECT_TRUE(alive.empty()) << alive.size() << " process(es) of the run are still alive";
  test::kill_all(alive);
  EXPECT_EQ(fs::exists(deployed().home.root), fault.keep) << deployed().home.root;
  if (fault.keep) {
    EXPECT_FALSE(fs::exists(deployed().home.token_file)) << "the token file outlived the run";
    std::error_code ignored;
    fs::remove_all(deployed().home.root, ignored);
  }
}

const FaultCase kCases[] = {
    {"CrashAtStartSegfault",
     {{"crashAtStart", {{"process", "server"}, {"kind", "segfault"}}}},
     4,
     "server (pid",
     ""},
    {"CrashAtStartSegfaultSignal",
     {{"crashAtStart", {{"process", "server"}, {"kind", "segfault"}}}},
     4,
     "killed by SIGSEGV",
     ""},
    {"CrashAtStartAbort",
     {{"crashAtStart", {{"process", "lifeline"}, {"kind", "abort"}}}},
     4,
     "killed by SIGABRT",
     ""},
    {"CrashAtStartOutOfMemory",
     {{"crashAtStart", {{"process", "server"}, {"kind", "oom"}}}},
     4,
     "terminate called after throwing an instance of 'std::bad_alloc'",
     ""},
    {"CrashAfterSeconds",
     {{"crashAfterS", {{"process", "lifeline"}, {"seconds", 2}, {"kind", "segfault"}}}},
     5,
     "lifeline (pid",
     "lifeline"},
    // A crash in a shutdown path shows only at teardown, and must not pass as a clean stop.
    {"CrashesOnSigtermDuringTeardown",
     {{"crashOnSigterm", {{"process", "lifeline"}, {"kind", "abort"}}}},
     7,
     "lifeline (pid",
     ""},
    {"CrashesOnSigtermDuringTeardownSignal",
     {{"crashOnSigterm", {{"process", "server"}, {"kind", "segfault"}}}},
     7,
     "killed by SIGSEGV",
     ""},
    // An agent that answers 503, writes no lease or only a stale one could still come right, so
    // these wait out step 4 — a quarter of a timeout sized to them: the reference agent is healthy
    // and leased within milliseconds (well within a second built with AddressSanitizer), so 2 s is
    // ample and only a broken agent takes it whole.
    {"NeverHealthy", {{"neverHealthy", true}}, 4, "health: HTTP 503", "", false, kShortTimeout},
    {"NoLease", {{"noLease", true}}, 4, "lease: missing at", "", false, kShortTimeout},
    {"StaleLease", {{"staleLease", true}}, 4, "lease: stale at", "", false, kShortTimeout},
    // A raw token in the lease is decided at once: a leak, not a lease still being written.
    {"RawTokenInLease", {{"rawTokenInLease", true}}, 4, "holds what looks like a raw token", ""},
    {"NoDemotion", {{"noDemotion", true}}, 4, "409 Conflict", ""},
    // A second poller that starts after step 4: the round-trip sees the 409s even if a reply came.
    {"DuplicatePoller",
     {{"duplicatePollWhen", "{target}/start-second-poller"}},
     5,
     "with 409 Conflict during the run",
     "",
     false,
     std::chrono::seconds(24),
     "start-second-poller"},
    // A reply that does not come (or never right) is waited for until step 5's share of the
    // timeout; the reference agent answers within milliseconds.
    {"NoReply", {{"noReply", true}}, 5, "no reply from the agent", "", false, kShortTimeout},
    {"ReplyWithoutNonce",
     {{"replyWithoutNonce", true}},
     5,
     "but never with the nonce",
     "",
     false,
     kShortTimeout},
    {"ReplyInAnotherTopic",
     {{"replyWrongTopic", true}},
     5,
     "in the main thread instead of topic",
     ""},
    {"IgnoresSigterm",
     {{"ignoreSigterm", {{"process", "server"}}}},
     0,
     "\"signal\": \"SIGKILL\"",
     ""},
    {"ForksAGrandchild",
     {{"forkGrandchild", {{"process", "lifeline"}}}},
     0,
     "\"group_alive_after\": false",
     ""},
    // A grandchild that left the process group with setsid is found by the run's marker.
    {"ForksADaemonThatLeavesTheGroup",
     {{"forkDaemon", {{"process", "lifeline"}}}},
     0,
     "carries TEST_AS_SELF_RUN=",
     ""},
    // Both servers write 200 MB before they serve: the run passes, and the verifier reads only a
    // bounded tail of each log (the report says "truncated").
    {"FloodsItsLog",
     {{"floodLogMb", {{"process", "server"}, {"megabytes", 200}}}},
     0,
     "\"truncated\": true",
     "",
     false,
     std::chrono::seconds(100)},
    {"KeptHomeAfterAFailure",
     {{"neverHealthy", true}},
     4,
     "health: HTTP 503",
     "",
     true,
     kShortTimeout},
};

INSTANTIATE_TEST_SUITE_P(ReferenceAgent, FaultSwitch, ::testing::ValuesIn(kCases),
                         [](const auto& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace tas
