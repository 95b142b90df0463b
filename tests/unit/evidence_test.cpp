#include <csignal>

#include <gtest/gtest.h>

#include <tas/evidence/bot_acquire_evidence.hpp>
#include <tas/evidence/deploy_evidence.hpp>
#include <tas/evidence/evidence_error.hpp>
#include <tas/evidence/round_trip_evidence.hpp>
#include <tas/evidence/start_evidence.hpp>
#include <tas/evidence/target_prep_evidence.hpp>
#include <tas/evidence/teardown_evidence.hpp>
#include <tas/evidence/verify_evidence.hpp>

namespace tas {
namespace {

using nlohmann::json;

CommandRun command_run(std::string name, std::optional<ExitStatus> exit) {
  CommandRun run;
  run.name = std::move(name);
  run.argv = {"sh", "-c", "make " + run.name};
  run.exit = exit;
  run.timed_out = !exit.has_value();
  run.duration = std::chrono::milliseconds(2500);
  run.log = "/t/h/logs/" + run.name + ".log";
  run.log_tail = "make: *** [all] Error 2\n";
  return run;
}

const ExitStatus kExited3{ExitStatus::Kind::exited, 3, 0, false};
const ExitStatus kSegfault{ExitStatus::Kind::signaled, 0, SIGSEGV, true};

// Each evidence struct with every part filled (`full`), and as a step that failed early leaves it
// (`sparse`): the optional parts null, the lists empty.
template <class Evidence>
struct Samples;

template <>
struct Samples<BotAcquireEvidence> {
  static BotAcquireEvidence full() {
    return {"local Secret Drop store", "retrieved", "drop-1", std::string(64, 'b'),
            BotIdentity{123456, "agent_bot"}};
  }
  static BotAcquireEvidence sparse() { return {"form on 127.0.0.1", "requested", {}, {}, {}}; }
};

template <>
struct Samples<TargetPrepEvidence> {
  static TargetPrepEvidence full() {
    TargetPrepEvidence evidence;
    evidence.home = "/t/h";
    evidence.state = "empty-directory";
    evidence.adopted = true;
    evidence.mode = "0700";
    evidence.mode_before = "0755";
    evidence.marker = "/t/h/.test-as-self-home";
    evidence.port = 4312;
    evidence.token_file = TokenFileEvidence{"/t/h/bot-token", "0600"};
    evidence.state_dir = "/t/h/state";
    evidence.config_file = "/t/h/config.json";
    evidence.config = {{"port", 4312}, {"telegram", {{"tokenFile", "/t/h/bot-token"}}}};
    return evidence;
  }
  static TargetPrepEvidence sparse() {
    TargetPrepEvidence evidence;
    evidence.home = "/t/h";
    evidence.state = "occupied";
    return evidence;
  }
};

template <>
struct Samples<DeployEvidence> {
  static DeployEvidence full() {
    DeployEvidence evidence;
    evidence.dist = "/src/agent/dist";
    evidence.dist_link = "/t/h/dist";
    evidence.commands = {command_run("rebuild", ExitStatus{}), command_run("init", kExited3),
                         command_run("slow", std::nullopt)};
    evidence.config_patched = true;
    evidence.port = 4312;
    return evidence;
  }
  static DeployEvidence sparse() {
    DeployEvidence evidence;
    evidence.dist = "/src/agent/dist";
    return evidence;
  }
};

template <>
struct Samples<StartEvidence> {
  static StartEvidence full() {
    StartEvidence evidence;
    evidence.hooks = {command_run("migrate", ExitStatus{})};
    evidence.waited_ms = 1500;
    evidence.health =
        HealthEvidence{"http://127.0.0.1:4312/health", 503, "warming up", 1400, 1764000000000123};
    evidence.lease = LeaseEvidence{
        true, "/t/h/state/telegram-poll-owner.json", "stale", 4243, 95000, 1200, 1764000000000456};
    ProcessEvidence server;
    server.role = "server";
    server.pid = 4242;
    server.process_group = 4242;
    server.argv = {"node", "server.js", "--no-poll"};
    server.stdout_file = "/t/h/logs/server.stdout.log";
    server.stderr_file = "/t/h/logs/server.stderr.log";
    server.alive = false;
    server.exit = kSegfault;
    server.started_at_us = 1764000000000042;
    evidence.processes = {server};
    DemotionProbeEvidence probe;
    probe.exercised = true;
    probe.reason = "a reason, too";
    probe.pid = 4343;
    probe.port = 4313;
    probe.log = "/t/h/logs/server-demotion-probe.stdout.log";
    probe.pattern = "lease detected";
    probe.line_seen = false;
    probe.after_ms = 700;
    probe.seen_at_us = 1764000000000789;
    probe.problem = "demotion proof: it did not demote itself";
    evidence.demotion_probe = probe;
    return evidence;
  }
  static StartEvidence sparse() { return {}; }
};

template <>
struct Samples<RoundTripEvidence> {
  static RoundTripEvidence full() {
    RoundTripEvidence evidence;
    evidence.chat = ChatAddress{-1001, 7};
    evidence.nonce = "abc123";
    evidence.bot_id = 123456;
    evidence.sent = ChatMessage{10, 42, false, evidence.chat, "test-as-self abc123", 1700000000};
    evidence.mismatches = {ChatMessage{11, 123456, true, ChatAddress{-1001, 8}, "abc123", 1}};
    evidence.conflicts = 2;
    evidence.reply = ChatMessage{12, 123456, true, evidence.chat, "echo abc123", 1700000002};
    evidence.latency_ms = 840;
    evidence.sent_at_us = 1764000000001000;
    evidence.reply_seen_at_us = 1764000000841000;
    return evidence;
  }
  static RoundTripEvidence sparse() {
    RoundTripEvidence evidence;
    evidence.chat = ChatAddress{-1001, std::nullopt};
    evidence.nonce = "abc123";
    evidence.bot_id = 123456;
    return evidence;
  }
};

template <>
struct Samples<VerifyEvidence> {
  static VerifyEvidence full() {
    VerifyEvidence evidence;
    evidence.checks = {
        {"lease", true, "owned by pid 4243", {{"path", "/t/h/state/x"}, {"decision", "owned"}}},
        {"no crash signature",
         false,
         "'Segmentation fault' in server.stderr.log",
         {{"hits", {{{"signature", "Segmentation fault"}, {"context", {"a", "b"}}}}}}}};
    evidence.logs_scanned = {{"/t/h/logs/server.stderr.log", 5'000'000'000, 262144, true}};
    return evidence;
  }
  static VerifyEvidence sparse() { return {}; }
};

template <>
struct Samples<TeardownEvidence> {
  static TeardownEvidence full() {
    TeardownEvidence evidence;
    evidence.kept = true;
    evidence.home_was_created = true;
    evidence.home_how = "resumed";
    StoppedProcessEvidence server;
    server.role = "server";
    server.pid = 4242;
    server.process_group = 4242;
    server.was_running = true;
    server.exit = kSegfault;
    server.crashed = true;
    server.group_alive_after = true;
    evidence.stopped = {server};
    evidence.hooks = {command_run("delete-webhook", kExited3)};
    evidence.strays = {"pid 4444 (daemon) carried the run's marker"};
    evidence.alive_after = 1;
    evidence.token_file_removed = false;
    evidence.mode_restored = "0755";
    evidence.kept_record = "/state/kept-homes/abc.json";
    evidence.home = "/t/h";
    evidence.problems = {"server (pid 4242) crashed"};
    return evidence;
  }
  static TeardownEvidence sparse() { return {}; }
};

template <class Evidence>
class EvidenceRoundTrip : public ::testing::Test {};

using AllEvidence =
    ::testing::Types<BotAcquireEvidence, TargetPrepEvidence, DeployEvidence, StartEvidence,
                     RoundTripEvidence, VerifyEvidence, TeardownEvidence>;
TYPED_TEST_SUITE(EvidenceRoundTrip, AllEvidence);

TYPED_TEST(EvidenceRoundTrip, AFullStructReadsBackAsItWasWritten) {
  const json written = Samples<TypeParam>::full();
  const TypeParam read = written.get<TypeParam>();
  EXPECT_EQ(json(read), written);
}

TYPED_TEST(EvidenceRoundTrip, ASparseStructReadsBackAsItWasWritten) {
  const json written = Samples<TypeParam>::sparse();
  const TypeParam read = written.get<TypeParam>();
  EXPECT_EQ(json(read), written);
}

TYPED_TEST(EvidenceRoundTrip, WhatDoesNotApplyIsWrittenAsNullNotLeftOut) {
  const json full = Samples<TypeParam>::full();
  const json sparse = Samples<TypeParam>::sparse();
  std::vector<std::string> full_keys;
  std::vector<std::string> sparse_keys;
  for (const auto& [key, value] : full.items())
    full_keys.push_back(key);
  for (const auto& [key, value] : sparse.items())
    sparse_keys.push_back(key);
  EXPECT_EQ(full_keys, sparse_keys);
}

TEST(EvidenceRoundTrip, ExitStatusesKeepTheirKindCodeAndSignal) {
  const ExitStatus segfault = json(kSegfault).get<ExitStatus>();
  EXPECT_EQ(segfault.kind, ExitStatus::Kind::signaled);
  EXPECT_EQ(segfault.signal, SIGSEGV);
  EXPECT_TRUE(segfault.core_dumped);
  const ExitStatus exited = json(kExited3).get<ExitStatus>();
  EXPECT_EQ(exited.kind, ExitStatus::Kind::exited);
  EXPECT_EQ(exited.code, 3);
  EXPECT_FALSE(exited.success());
}

TEST(EvidenceRoundTrip, ExitSuccessIsWrittenForReadersAndJudgedFromTheCode) {
  json written = kExited3;
  EXPECT_EQ(written["success"], false);
  written["success"] = true;
  EXPECT_FALSE(written.get<ExitStatus>().success());
}

TEST(EvidenceRoundTrip, ACheckKeepsWhatItFoundBesideItsVerdict) {
  const json written = Samples<VerifyEvidence>::full();
  EXPECT_EQ(written["checks"][0]["decision"], "owned");
  const VerifyEvidence read = written.get<VerifyEvidence>();
  EXPECT_EQ(read.checks[0].extra, (json{{"path", "/t/h/state/x"}, {"decision", "owned"}}));
  EXPECT_EQ(read.checks[1].name, "no crash signature");
  EXPECT_FALSE(read.checks[1].ok);
}

TEST(VerifyEvidence, OneFailedCheckIsTheProblem) {
  EXPECT_EQ(Samples<VerifyEvidence>::full().problem(),
            "no crash signature: 'Segmentation fault' in server.stderr.log");
}

TEST(VerifyEvidence, MoreFailedChecksAreCounted) {
  VerifyEvidence evidence = Samples<VerifyEvidence>::full();
  evidence.checks[0].ok = false;
  EXPECT_EQ(evidence.problem(), "lease: owned by pid 4243 (and 1 more failed check(s))");
}

TEST(VerifyEvidence, NoChecksProveNothing) {
  EXPECT_EQ(VerifyEvidence{}.problem(), "the verifier ran no checks");
  EXPECT_EQ(json(VerifyEvidence{})["ok"], false);
}

TEST(VerifyEvidence, OkIsWrittenFromTheChecks) {
  VerifyEvidence evidence = Samples<VerifyEvidence>::full();
  EXPECT_EQ(json(evidence)["ok"], false);
  evidence.checks[1].ok = true;
  EXPECT_EQ(evidence.problem(), std::nullopt);
  EXPECT_EQ(json(evidence)["ok"], true);
}

// The error a read of `written` as Evidence throws.
template <class Evidence>
EvidenceError error_reading(const json& written) {
  try {
    (void)written.get<Evidence>();
  } catch (const EvidenceError& error) {
    return error;
  }
  ADD_FAILURE() << "read without an error: " << written.dump();
  return EvidenceError("", "");
}

TEST(EvidenceError, NamesAKeyInsideAListAsAPointer) {
  json written = Samples<StartEvidence>::full();
  written["processes"][0].erase("alive");
  const EvidenceError error = error_reading<StartEvidence>(written);
  EXPECT_EQ(error.pointer(), "/processes/0/alive");
  EXPECT_EQ(error.problem(), "is missing");
  EXPECT_STREQ(error.what(), "/processes/0/alive is missing");
}

TEST(EvidenceError, TakesNoBooleanForANumber) {
  json written = Samples<TargetPrepEvidence>::full();
  written["port"] = true;
  EXPECT_STREQ(error_reading<TargetPrepEvidence>(written).what(),
               "/port is a boolean, expected an integer");
}

TEST(EvidenceError, TakesNoFractionForAnInteger) {
  json written = Samples<RoundTripEvidence>::full();
  written["reply"]["message_id"] = 12.5;
  EXPECT_STREQ(error_reading<RoundTripEvidence>(written).what(),
               "/reply/message_id is a fractional number, expected an integer");
}

TEST(EvidenceError, TakesNoNegativeSize) {
  json written = Samples<VerifyEvidence>::full();
  written["logs_scanned"][0]["size"] = -1;
  EXPECT_STREQ(error_reading<VerifyEvidence>(written).what(),
               "/logs_scanned/0/size is -1, expected a count");
}

TEST(EvidenceError, TakesNoNullForARequiredValue) {
  json written = Samples<BotAcquireEvidence>::full();
  written["how"] = nullptr;
  EXPECT_STREQ(error_reading<BotAcquireEvidence>(written).what(),
               "/how is null, expected a string");
}

TEST(EvidenceError, AnExitedProcessHasACode) {
  json written = Samples<DeployEvidence>::full();
  written["commands"][1]["exit"]["code"] = nullptr;
  EXPECT_EQ(error_reading<DeployEvidence>(written).pointer(), "/commands/1/exit/code");
}

TEST(EvidenceError, EscapesKeysInThePointer) {
  EXPECT_EQ(EvidenceError("/x", "is missing").within("a/b~c").pointer(), "/a~1b~0c/x");
}

TEST(EvidenceError, NamesTheEvidenceItselfWhenItIsNoObject) {
  EXPECT_STREQ(error_reading<TeardownEvidence>(json("teardown")).what(),
               "the evidence is a string, expected an object");
}

}  // namespace
}  // namespace tas
