// The seven steps against the mock world: what each does, in order, and what a run leaves.
#include <csignal>

#include "run_test_fixture.hpp"
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <tas/backends/backend_error.hpp>
#include <tas/core/sha256.hpp>
#include <tas/engine/kept_home.hpp>
#include <tas/engine/steps.hpp>

namespace tas {
namespace {

TEST_F(RunTest, AHealthyAgentPassesAllSevenSteps) {
  auto run = make_run();
  const Report& report = run->run_all();
  EXPECT_EQ(run->exit_code(), 0);
  for (const StepResult& step : report.steps) {
    EXPECT_EQ(step.status, StepStatus::passed) << name_of(step.id) << ": " << step.detail;
  }
  const json written = written_report();
  EXPECT_EQ(written["verdict"], "pass");
  EXPECT_EQ(written["exit_code"], 0);
  EXPECT_EQ(world_.processes.running_count(), 0u);
  EXPECT_FALSE(world_.files.exists(target_)) << "teardown removes the home";
  EXPECT_NE(progress_.text().find("VERDICT: PASS"), std::string::npos);
}

TEST_F(RunTest, TheTokenReachesTheAgentOnlyThroughA0600FileInTheHome) {
  // A token retrieved but never handed to the agent means no lifeline and no lease
  // (docs/architecture.md, 'Mistakes it is built to catch').
  auto run = make_run();
  run->run_step(StepId::bot_acquire);
  run->run_step(StepId::target_prep);
  const auto* token_file = world_.files.find(target_ / "bot-token");
  ASSERT_NE(token_file, nullptr);
  EXPECT_EQ(token_file->content, MockWorld::kToken);
  EXPECT_EQ(token_file->mode, fs::perms(0600));
  const json config = json::parse(*world_.files.read_file(target_ / "agent.json"));
  EXPECT_EQ(config["tokenFile"], (target_ / "bot-token").string());
  EXPECT_EQ(config["port"], 40000);  // a number, allocated by the harness
  EXPECT_EQ(config["multiMachine"], false);
  EXPECT_EQ(world_.files.mode_of(target_), fs::perms(0700));
  run->run_all();
  EXPECT_FALSE(world_.files.exists(target_ / "bot-token"));
}

TEST_F(RunTest, ChildrenGetTheirOutputInFilesAndNeverTheToken) {
  auto run = make_run();
  run->run_all();
  ASSERT_GE(world_.processes.launched().size(), 4u);  // rebuild, server, lifeline, probe, hook
  for (const auto& state : world_.processes.launched()) {
    SCOPED_TRACE(state->spec.role);
    EXPECT_TRUE(state->spec.stdout_file.string().starts_with((target_ / "logs").string()));
    EXPECT_TRUE(state->spec.stderr_file.string().starts_with((target_ / "logs").string()));
    EXPECT_EQ(state->spec.working_directory, target_);
    for (const auto& argument : state->spec.argv)
      EXPECT_EQ(argument.find(MockWorld::kToken), std::string::npos);
    for (const auto& entry : state->spec.environment) {
      EXPECT_EQ(entry.find(MockWorld::kToken), std::string::npos);
      EXPECT_FALSE(entry.starts_with("SECRET_THING=")) << "a secret-shaped variable was passed on";
    }
    EXPECT_NE(std::find(state->spec.environment.begin(), state->spec.environment.end(),
                        "HOME=" + target_.string()),
              state->spec.environment.end());
  }
}

TEST_F(RunTest, TheServerStartsWithItsNoPollFlagAndASecondOneWithoutItMustDemote) {
  // A server always started with the flag never exercises demotion
  // (docs/architecture.md, 'Mistakes it is built to catch').
  auto run = make_run();
  run->run_all();
  const auto& server = process("server").spec.argv;
  const auto& probe = process("server-demotion-probe").spec.argv;
  EXPECT_EQ(server.back(), "--no-poll");
  EXPECT_EQ(std::find(probe.begin(), probe.end(), "--no-poll"), probe.end());
  EXPECT_NE(probe, server);
  const json evidence = run->result(StepId::start).evidence;
  EXPECT_EQ(evidence["demotion_probe"]["exercised"], true);
  EXPECT_EQ(evidence["demotion_probe"]["line_seen"], true);
  EXPECT_NE(evidence["demotion_probe"]["port"], evidence["health"]["url"]);
}

TEST_F(RunTest, AServerThatDoesNotDemoteFailsTheStartStep) {
  ON_CALL(*world_.probe, log_has_line(_, _)).WillByDefault(testing::Return(false));
  auto run = make_run();
  run->run_all();
  EXPECT_EQ(run->exit_code(), 4);
  EXPECT_NE(run->result(StepId::start).detail.find("did not demote itself"), std::string::npos)
      << run->result(StepId::start).detail;
}

TEST_F(RunTest, TheLeaseIsDecidedAtTheStateDirForTheTokensHash) {
  // Waiting at another path than the lifeline writes, or only for a file to exist, proves nothing
  // (docs/architecture.md, 'Mistakes it is built to catch').
  EXPECT_CALL(*world_.probe, lease(target_ / "state", sha256_hex(MockWorld::kToken)))
      .Times(testing::AtLeast(1));
  auto run = make_run();
  run->run_all();
  EXPECT_EQ(run->result(StepId::start).evidence["lease"]["decision"], "owned");
}

TEST_F(RunTest, ALeaseThatExistsButIsNotOwnedFailsAfterAQuarterOfTheTimeout) {
  ON_CALL(*world_.probe, lease(_, _)).WillByDefault([](const fs::path&, std::string_view hash) {
    return lease::decide(lease::serialize({4242, std::string(hash), 1000, 1}), hash,
                         1000 + 120'000);
  });
  auto run = make_run();
  const auto before = world_.clock->now();
  run->run_all();
  EXPECT_EQ(run->exit_code(), 4);
  const std::string& detail = run->result(StepId::start).detail;
  EXPECT_NE(detail.find("stale"), std::string::npos) << detail;
  EXPECT_NE(detail.find("telegram-poll-owner.json"), std::string::npos) << detail;
  EXPECT_GE(world_.clock->now() - before, 150s);  // timeout 600 s / 4
  EXPECT_LT(world_.clock->now() - before, 160s);
}

TEST_F(RunTest, AChildThatDiesDuringStartFailsAtOnceWithItsStatusAndOutput) {
  ON_CALL(*world_.launcher, launch(_)).WillByDefault([this](const LaunchSpec& spec) {
    auto process = world_.processes.launch(spec);
    if (spec.role == "lifeline") {
      world_.files.append(spec.stderr_file,
                          "terminate called after throwing an instance of 'std::bad_alloc'\n");
      world_.processes.launched().back()->die(mocks::killed_by(SIGABRT, true));
    }
    return process;
  });
  auto run = make_run();
  const auto before = world_.clock->now();
  run->run_all();
  EXPECT_EQ(run->exit_code(), 4);
  const std::string& detail = run->result(StepId::start).detail;
  EXPECT_NE(detail.find("lifeline"), std::string::npos) << detail;
  EXPECT_NE(detail.find("killed by SIGABRT (core dumped)"), std::string::npos) << detail;
  EXPECT_NE(detail.find("std::bad_alloc"), std::string::npos) << detail;
  EXPECT_LT(world_.clock->now() - before, 1s) << "waited out the timeout for a dead process";
  // Step 4 reported the crash; teardown does not report it a second time.
  EXPECT_EQ(run->result(StepId::teardown).status, StepStatus::passed)
      << run->result(StepId::teardown).detail;
}

TEST_F(RunTest, AChildKilledByASignalThatNoStepSawFailsTeardownNamingTheSignal) {
  auto run = make_run();
  for (const StepId step : {StepId::bot_acquire, StepId::target_prep, StepId::deploy, StepId::start,
                            StepId::round_trip, StepId::verify}) {
    run->run_step(step);
  }
  ASSERT_FALSE(run->failed()) << run->report().reason;
  // Between the verifier and teardown: nothing but teardown can see it.
  world_.processes.find_role("lifeline")->die(mocks::killed_by(SIGSEGV, false));
  run->teardown();
  run->finish();
  EXPECT_EQ(run->exit_code(), 7);
  const std::string& detail = run->result(StepId::teardown).detail;
  EXPECT_NE(detail.find("lifeline"), std::string::npos) << detail;
  EXPECT_NE(detail.find("killed by SIGSEGV"), std::string::npos) << detail;
  EXPECT_EQ(world_.processes.running_count(), 0u);
  EXPECT_FALSE(world_.files.exists(target_)) << "teardown still removes the home";
}

TEST_F(RunTest, NoRoundtripWithoutABotSkipsStepsOneAndFiveAndStartsNoLifeline) {
  settings_.no_roundtrip = true;
  settings_.bot_token_drop_id.reset();
  EXPECT_CALL(*world_.secrets, retrieve(_)).Times(0);
  EXPECT_CALL(*world_.secrets, request(_, _, _)).Times(0);
  EXPECT_CALL(*world_.user, send_as_user(_, _)).Times(0);
  // Without a bot no server logs a mode line a bot produces, so the verifier must not ask for one.
  EXPECT_CALL(
      *world_.verifier,
      verify(testing::AllOf(testing::Field(&VerifyInput::token_hash, std::nullopt),
                            testing::Field(&VerifyInput::no_poll_server_log, std::nullopt),
                            testing::Field(&VerifyInput::demoted_server_log, std::nullopt))))
      .Times(1);
  auto run = make_run();
  run->run_all();
  EXPECT_EQ(run->exit_code(), 0);
  EXPECT_EQ(run->result(StepId::bot_acquire).status, StepStatus::skipped);
  EXPECT_NE(run->result(StepId::bot_acquire).detail.find("without --bot-token"), std::string::npos)
      << run->result(StepId::bot_acquire).detail;
  EXPECT_EQ(run->result(StepId::round_trip).status, StepStatus::skipped);
  EXPECT_EQ(world_.processes.find_role("lifeline"), nullptr);
  EXPECT_EQ(world_.processes.find_role("server-demotion-probe"), nullptr);
  EXPECT_EQ(run->result(StepId::start).evidence["lease"]["required"], false);
  EXPECT_EQ(run->result(StepId::start).evidence["demotion_probe"]["exercised"], false);
  EXPECT_EQ(written_report()["steps"][0]["status"], "skipped");
}

TEST_F(RunTest, NoRoundtripWithABotTokenDeploysTheBotAndSkipsOnlyStepFive) {
  settings_.no_roundtrip = true;
  ASSERT_TRUE(settings_.bot_token_drop_id);
  EXPECT_CALL(*world_.secrets, retrieve(_)).Times(1);
  EXPECT_CALL(*world_.user, send_as_user(_, _)).Times(0);
  EXPECT_CALL(*world_.verifier,
              verify(testing::AllOf(
                  testing::Field(&VerifyInput::token_hash, sha256_hex(MockWorld::kToken)),
                  testing::Field(&VerifyInput::no_poll_server_log, testing::Ne(std::nullopt)),
                  testing::Field(&VerifyInput::demoted_server_log, testing::Ne(std::nullopt)))))
      .Times(1);
  auto run = make_run();
  run->run_all();
  EXPECT_EQ(run->exit_code(), 0) << run->report().reason;
  EXPECT_EQ(run->result(StepId::bot_acquire).status, StepStatus::passed);
  EXPECT_EQ(run->result(StepId::round_trip).status, StepStatus::skipped);
  EXPECT_NE(world_.processes.find_role("lifeline"), nullptr);
  const json start = run->result(StepId::start).evidence;
  EXPECT_EQ(start["lease"]["required"], true);
  EXPECT_EQ(start["lease"]["decision"], "owned");
  EXPECT_EQ(start["demotion_probe"]["exercised"], true);
  EXPECT_EQ(start["demotion_probe"]["line_seen"], true);
}

TEST_F(RunTest, WithoutADropIdTheTokenIsRequestedWithTheOneTimeTitle) {
  settings_.bot_token_drop_id.reset();
  EXPECT_CALL(*world_.secrets, request(std::string_view("Test-as-Self bot token (one-time)"), _, _))
      .Times(1);
  auto run = make_run();
  run->run_all();
  EXPECT_EQ(run->exit_code(), 0);
  EXPECT_EQ(run->result(StepId::bot_acquire).evidence["how"], "requested");
}

TEST_F(RunTest, TheRoundTripActsAsAUserNeverAsTheBot) {
  // Sending as the bot, or polling getUpdates on its token, can never see a reply and provokes the
  // 409 the lease exists to prevent (docs/architecture.md, 'Mistakes it is built to catch').
  EXPECT_CALL(*world_.bot_api, get_me(_, _)).Times(1);  // step 1 only
  EXPECT_CALL(*world_.user, send_as_user(world_.chat, testing::StartsWith("test-as-self ")))
      .Times(1);
  auto run = make_run();
  run->run_all();
  const json evidence = run->result(StepId::round_trip).evidence;
  EXPECT_NE(evidence["reply"]["text"].get<std::string>().find(evidence["nonce"].get<std::string>()),
            std::string::npos);
  EXPECT_EQ(evidence["reply"]["topic_id"], 42);
  EXPECT_TRUE(evidence.contains("latency_ms"));
  EXPECT_NE(evidence["sent"]["message_id"], evidence["reply"]["message_id"]);
}

TEST_F(RunTest, KeepLeavesTheHomeButEndsEveryProcessAndTheTokenFile) {
  settings_.keep = true;
  auto run = make_run();
  run->run_all();
  EXPECT_EQ(run->exit_code(), 0);
  EXPECT_TRUE(world_.files.exists(target_ / "agent.json"));
  EXPECT_FALSE(world_.files.exists(target_ / "bot-token"));
  EXPECT_EQ(world_.processes.running_count(), 0u);
  EXPECT_EQ(run->result(StepId::teardown).evidence["kept"], true);
}

TEST_F(RunTest, AGateRefusalFailsTheStepItJudged) {
  auto gate = std::make_shared<testing::NiceMock<mocks::MockGate>>();
  EXPECT_CALL(*gate, judge(_, _))
      .Times(testing::AnyNumber())
      .WillRepeatedly(testing::Return(GateVerdict{true, {}, {{"mock", true}}}));
  EXPECT_CALL(*gate, judge(StepId::deploy, _))
      .WillOnce(testing::Return(GateVerdict{false, "the rebuild log is suspicious", nullptr}));
  world_.gate = gate;
  auto run = make_run();
  run->run_all();
  EXPECT_EQ(run->exit_code(), 3);
  EXPECT_EQ(run->result(StepId::deploy).detail, "gate refused: the rebuild log is suspicious");
  EXPECT_EQ(run->result(StepId::start).status, StepStatus::not_run);
  EXPECT_EQ(run->result(StepId::teardown).status, StepStatus::passed);
}

TEST_F(RunTest, TheGateIsAskedOnlyAboutStepsThatPassed) {
  auto gate = std::make_shared<testing::StrictMock<mocks::MockGate>>();
  EXPECT_CALL(*gate, judge(StepId::bot_acquire, _)).WillOnce(testing::Return(GateVerdict{}));
  EXPECT_CALL(*gate, judge(StepId::teardown, _)).WillOnce(testing::Return(GateVerdict{}));
  world_.gate = gate;
  ON_CALL(*world_.deployer, inspect(_)).WillByDefault(testing::Return(TargetState::occupied));
  auto run = make_run();
  run->run_all();
  EXPECT_EQ(run->exit_code(), 11);
}

TEST_F(RunTest, AnOccupiedTargetIsRefusedAndLeftUntouched) {
  world_.files.add_file(target_ / "someone-elses.txt", "precious");
  auto run = make_run();
  run->run_all();
  EXPECT_EQ(run->exit_code(), 11);  // every refused target exits 11, here as before the run
  EXPECT_EQ(run->report().verdict(), "refused");
  EXPECT_NE(run->result(StepId::target_prep).detail.find("not empty"), std::string::npos);
  EXPECT_EQ(world_.files.read_file(target_ / "someone-elses.txt"), "precious");
  EXPECT_EQ(world_.files.count_under(target_), 1u);
}

// A home an earlier --keep run left, as that run left it: its marker, and its record in the state
// directory.
void add_kept_home(mocks::FakeFilesystem& files, const fs::path& home, const fs::path& records) {
  files.add_directory(home);
  files.add_file(home / ".test-as-self-home",
                 home_marker_content("run-kept-1", "reference-agent", "2026-01-01T00:00:00.000Z"));
  files.add_file(home / "agent-logs/old.log", "old");
  files.add_directory(records);
  files.add_file(KeptHomeRecords(records).record_file(home),
                 KeptHomeRecords::record_content("run-kept-1", home));
}

TEST_F(RunTest, AnEarlierKeptRunIsResumedAndThenRemovedWithItsRecord) {
  settings_.kept_homes_directory = "/state/kept-homes";
  add_kept_home(world_.files, target_, settings_.kept_homes_directory);
  auto run = make_run();
  run->run_all();
  EXPECT_EQ(run->exit_code(), 0);
  EXPECT_EQ(run->result(StepId::target_prep).evidence["resumed"], true);
  EXPECT_FALSE(world_.files.exists(target_));
  EXPECT_FALSE(
      world_.files.exists(KeptHomeRecords(settings_.kept_homes_directory).record_file(target_)));
}

TEST_F(RunTest, AMarkerWithoutTheKeepingRunsRecordIsRefusedAndNothingIsDeleted) {
  settings_.kept_homes_directory = "/state/kept-homes";
  world_.files.add_directory(target_);
  world_.files.add_file(target_ / ".test-as-self-home", "{}");
  world_.files.add_file(target_ / "thesis.tex", "four years");
  auto run = make_run();
  run->run_all();
  EXPECT_EQ(run->exit_code(), 11);
  EXPECT_NE(run->result(StepId::target_prep).detail.find("proves nothing"), std::string::npos);
  EXPECT_EQ(world_.files.read_file(target_ / "thesis.tex"), "four years");
  EXPECT_EQ(world_.files.count_under(target_), 2u);
}

TEST_F(RunTest, AKeptHomeIsRecordedAsKeptByThisRun) {
  settings_.kept_homes_directory = "/state/kept-homes";
  settings_.keep = true;
  settings_.run_id = "run-keeping-1";
  auto run = make_run();
  run->run_all();
  EXPECT_EQ(run->exit_code(), 0);
  const auto marker = world_.files.read_file(target_ / ".test-as-self-home");
  const auto record =
      world_.files.read_file(KeptHomeRecords(settings_.kept_homes_directory).record_file(target_));
  ASSERT_TRUE(record.has_value());
  EXPECT_TRUE(KeptHomeRecords::proves(marker, record, target_));
}

// A kept home outlives the run: both halves of the proof a later run needs to resume it must
// outlive a power cut too. A throwaway home's files need not: a power cut ends the run anyway.
TEST_F(RunTest, OnlyAKeptHomesMarkerAndRecordWaitForTheDisk) {
  settings_.kept_homes_directory = "/state/kept-homes";
  settings_.keep = true;
  const fs::path record = KeptHomeRecords(settings_.kept_homes_directory).record_file(target_);
  EXPECT_CALL(*world_.deployer, write_file(_, _, _, Durability::crash_safe))
      .Times(testing::AnyNumber());
  EXPECT_CALL(*world_.deployer,
              write_file(target_ / ".test-as-self-home", _, _, Durability::power_safe));
  EXPECT_CALL(*world_.deployer, write_file(record, _, _, Durability::power_safe));
  auto run = make_run();
  run->run_all();
  EXPECT_EQ(run->exit_code(), 0);
}

TEST_F(RunTest, AThrowawayHomesFilesAreCrashSafeOnly) {
  EXPECT_CALL(*world_.deployer, write_file(_, _, _, Durability::crash_safe))
      .Times(testing::AtLeast(2));  // the marker and the agent's config
  EXPECT_CALL(*world_.deployer, write_file(_, _, _, Durability::power_safe)).Times(0);
  auto run = make_run();
  run->run_all();
  EXPECT_EQ(run->exit_code(), 0);
}

TEST_F(RunTest, AnEmptyDirectoryIsUsedAndEmptiedButNotRemoved) {
  world_.files.add_directory(target_, fs::perms(0755));
  auto run = make_run();
  run->run_all();
  EXPECT_EQ(run->exit_code(), 0);
  EXPECT_TRUE(world_.files.exists(target_));
  EXPECT_EQ(world_.files.count_under(target_), 0u);
  EXPECT_EQ(run->result(StepId::target_prep).evidence["mode"], "0700");
  EXPECT_EQ(run->result(StepId::target_prep).evidence["mode_before"], "0755");
  // Given with mode 0755, given back with mode 0755.
  EXPECT_EQ(world_.files.mode_of(target_), fs::perms(0755));
}

TEST_F(RunTest, StepsMustBeAskedForInOrder) {
  auto run = make_run();
  EXPECT_THROW(run->run_step(StepId::deploy), std::logic_error);
}

TEST_F(RunTest, AFixtureCanRunPhaseByPhaseAndTeardownIsIdempotent) {
  auto run = make_run();
  for (const StepId id :
       {StepId::bot_acquire, StepId::target_prep, StepId::deploy, StepId::start}) {
    EXPECT_EQ(run->run_step(id).status, StepStatus::passed) << name_of(id);
  }
  EXPECT_EQ(world_.processes.running_count(), 3u);
  EXPECT_EQ(run->teardown().status, StepStatus::passed);
  EXPECT_EQ(run->result(StepId::round_trip).status, StepStatus::not_run);
  EXPECT_EQ(run->teardown().status, StepStatus::passed);
  EXPECT_EQ(process("server").stop_requests, 1);
  EXPECT_EQ(process("server").stop_calls, 1);
  EXPECT_EQ(run->run_step(StepId::round_trip).status, StepStatus::not_run);
}

TEST_F(RunTest, TeardownAsksEveryChildAndStrayToStopBeforeWaitingOnAny) {
  {
    // The strays are asked while the processes they came from still live, and finished after.
    ::testing::InSequence in_order;
    EXPECT_CALL(*world_.launcher, request_stray_stop());
    EXPECT_CALL(*world_.launcher, end_strays(std::chrono::milliseconds(5s)))
        .Times(::testing::AtLeast(1));
  }
  auto run = make_run();
  run->run_all();
  EXPECT_EQ(run->exit_code(), 0);
  const std::vector<std::string>& log = world_.processes.stop_log();
  auto is_request = [](const std::string& entry) { return entry.starts_with("request_stop "); };
  const auto first_stop = std::find_if_not(log.begin(), log.end(), is_request);
  EXPECT_EQ(first_stop - log.begin(), 3) << "server, lifeline and the demotion probe, all asked "
                                            "before any is waited on: "
                                         << ::testing::PrintToString(log);
  EXPECT_TRUE(std::none_of(first_stop, log.end(), is_request)) << ::testing::PrintToString(log);
  EXPECT_EQ(log.end() - first_stop, 3) << ::testing::PrintToString(log);
  // The report lists them newest first, as before.
  const json stopped = written_report()["steps"][6]["evidence"]["stopped"];
  ASSERT_EQ(stopped.size(), 3u);
  EXPECT_EQ(log.front(), "request_stop " + stopped[0]["role"].get<std::string>());
}

TEST_F(RunTest, ARunDroppedBeforeTeardownStillEndsItsProcesses) {
  {
    auto run = make_run();
    run->run_step(StepId::bot_acquire);
    run->run_step(StepId::target_prep);
    run->run_step(StepId::deploy);
    run->run_step(StepId::start);
    EXPECT_EQ(world_.processes.running_count(), 3u);
  }
  EXPECT_EQ(world_.processes.running_count(), 0u);
}

TEST_F(RunTest, WithoutReportJsonTheReportEndsUpBesideTheRemovedHome) {
  settings_.target = dir_ / "home-2";  // held by the fake filesystem; the report goes to disk
  settings_.report_file_given = false;
  auto run = make_run();
  run->run_all();
  const fs::path beside = dir_ / "home-2.test-as-self-report.json";
  EXPECT_TRUE(is_report_file(beside));
  EXPECT_EQ(test::read_json(beside)["verdict"], "pass");
  EXPECT_NE(progress_.text().find("report " + beside.string()), std::string::npos)
      << progress_.text();
}

}  // namespace
}  // namespace tas
