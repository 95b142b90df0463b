#include "passing_evidence.hpp"

#include <tas/evidence/bot_acquire_evidence.hpp>
#include <tas/evidence/deploy_evidence.hpp>
#include <tas/evidence/round_trip_evidence.hpp>
#include <tas/evidence/start_evidence.hpp>
#include <tas/evidence/target_prep_evidence.hpp>
#include <tas/evidence/teardown_evidence.hpp>
#include <tas/evidence/verify_evidence.hpp>

namespace tas::test {

using nlohmann::json;

json passing_evidence(StepId step) {
  const std::string hash(64, 'a');
  switch (step) {
    case StepId::bot_acquire: {
      BotAcquireEvidence evidence;
      evidence.source = "local Secret Drop store";
      evidence.how = "retrieved";
      evidence.drop_id = "drop-1";
      evidence.token_sha256 = hash;
      evidence.bot = BotIdentity{7777777, "agent_bot"};
      return evidence;
    }
    case StepId::target_prep: {
      TargetPrepEvidence evidence;
      evidence.home = "/tmp/tas/home";
      evidence.state = "missing";
      evidence.created = true;
      evidence.mode = "0700";
      evidence.marker = "/tmp/tas/home/.test-as-self-home";
      evidence.port = 4312;
      evidence.token_file = TokenFileEvidence{"/tmp/tas/home/bot-token", "0600"};
      evidence.state_dir = "/tmp/tas/home/state";
      evidence.config_file = "/tmp/tas/home/config.json";
      evidence.config = {{"telegram", {{"tokenFile", "/tmp/tas/home/bot-token"}}}};
      return evidence;
    }
    case StepId::deploy: {
      DeployEvidence evidence;
      evidence.dist = "/src/agent/dist";
      evidence.dist_link = "/tmp/tas/home/dist";
      CommandRun rebuild;
      rebuild.name = "rebuild";
      rebuild.argv = {"npm", "rebuild"};
      rebuild.exit = ExitStatus{};
      rebuild.duration = std::chrono::milliseconds(1200);
      rebuild.log = "/tmp/tas/home/logs/rebuild.log";
      rebuild.log_tail = "rebuilt 3 native modules\n";
      evidence.commands.push_back(rebuild);
      evidence.config_patched = true;
      evidence.port = 4312;
      return evidence;
    }
    case StepId::start: {
      StartEvidence evidence;
      evidence.waited_ms = 900;
      evidence.health =
          HealthEvidence{"http://127.0.0.1:4312/health", 200, "", 120, 1764000000120000};
      evidence.lease = LeaseEvidence{true,
                                     "/tmp/tas/home/state/telegram-poll-owner.json",
                                     "owned",
                                     4243,
                                     300,
                                     900,
                                     1764000000900000};
      for (const char* role : {"server", "lifeline"}) {
        ProcessEvidence process;
        process.role = role;
        process.alive = true;
        evidence.processes.push_back(process);
      }
      DemotionProbeEvidence& probe = evidence.demotion_probe.emplace();
      probe.exercised = true;
      probe.line_seen = true;
      return evidence;
    }
    case StepId::round_trip: {
      RoundTripEvidence evidence;
      evidence.chat = ChatAddress{-1001, 7};
      evidence.nonce = "n0nce42";
      evidence.bot_id = 7777777;
      evidence.sent = ChatMessage{10, 42, false, evidence.chat, "test-as-self n0nce42", 0};
      evidence.conflicts = 0;
      evidence.reply =
          ChatMessage{11, 7777777, true, evidence.chat, "echo: test-as-self n0nce42", 0};
      evidence.latency_ms = 840;
      return evidence;
    }
    case StepId::verify: {
      VerifyEvidence evidence;
      evidence.checks.push_back({"lease", true, "owned by pid 4243, heartbeat 300 ms ago"});
      return evidence;
    }
    case StepId::teardown: {
      TeardownEvidence evidence;
      evidence.home_was_created = true;
      evidence.home_how = "created";
      evidence.token_file_removed = true;
      evidence.home_removed = true;
      evidence.home = "/tmp/tas/home";
      return evidence;
    }
  }
  return json::object();
}

}  // namespace tas::test
