#include <algorithm>

#include <tas/core/lease.hpp>
#include <tas/judge/rules_gate.hpp>
#include <tas/mocks/mock_world.hpp>

namespace tas::mocks {
namespace {

using testing::_;
using testing::Invoke;
using testing::Return;

constexpr std::string_view kNoPollFlag = "--no-poll";
constexpr std::string_view kNoPollLine =
    "Telegram send-only mode (polling disabled by --no-poll)\n";
constexpr std::string_view kLeaseLine =
    "Telegram send-only mode (lifeline owns polling (lease detected))\n";
constexpr std::string_view kPollingLine = "Telegram polling mode (no lifeline lease)\n";

constexpr std::string_view kProfileJson = R"json({
  "schema": "test-as-self/profile@1",
  "name": "unit-agent",
  "dist": "/opt/agent/dist",
  "canonical_home": "/srv/agents/canonical",
  "protected": { "paths": ["/srv/agents/protected"], "names": ["bob"] },
  "state_dir": "{target}/state",
  "config": {
    "path": "{target}/agent.json",
    "initial": { "port": "{port}", "tokenFile": "{token_file}", "telegramApi": "{telegram_api}",
                 "stateDir": "{state_dir}", "relayedChannels": [], "multiMachine": false },
    "merge_patch": { "bind": "127.0.0.1" }
  },
  "rebuild": { "argv": ["{dist}/bin/rebuild", "--home", "{target}"] },
  "server": { "argv": ["{dist}/bin/server", "--config", "{config_file}", "--port", "{port}"],
              "no_poll_flag": "--no-poll" },
  "lifeline": { "argv": ["{dist}/bin/lifeline", "--config", "{config_file}"] },
  "logs": ["{target}/agent-logs"],
  "demotion": { "lease_detected": "lifeline owns polling (lease detected)",
                "no_poll_flag": "polling disabled by --no-poll" },
  "hooks": { "teardown": [ { "name": "remove-autostart", "argv": ["{dist}/bin/unregister"] } ] },
  "timeouts": { "command_s": 60, "stop_grace_s": 5 }
})json";

}  // namespace

MockWorld::MockWorld()
    : secrets(std::make_shared<testing::NiceMock<MockSecretSource>>()),
      bot_api(std::make_shared<testing::NiceMock<MockBotApi>>()),
      deployer(std::make_shared<testing::NiceMock<MockDeployer>>()),
      launcher(std::make_shared<testing::NiceMock<MockProcessLauncher>>()),
      probe(std::make_shared<testing::NiceMock<MockReadinessProbe>>()),
      user(std::make_shared<testing::NiceMock<MockUserDriver>>()),
      verifier(std::make_shared<testing::NiceMock<MockVerifier>>()),
      gate(std::make_shared<RulesGate>()) {
  files.add_directory(std::filesystem::path(kDist) / "bin");
  files.add_directory("/tmp");
  processes.on_launch([this](FakeProcessState& process) { on_launch(process); });
  wire_defaults();
}

AgentProfile MockWorld::profile() {
  return parse_profile(nlohmann::json::parse(kProfileJson), "<unit profile>", "/", "/home/unit");
}

BackendSet MockWorld::backends() {
  BackendSet set;
  set.description = "unit: gMock mocks over in-process fakes";
  set.clock = clock;
  set.secrets = secrets;
  set.bot_api = bot_api;
  set.deployer = deployer;
  set.launcher = launcher;
  set.probe = probe;
  set.user = user;
  set.verifier = verifier;
  set.gate = gate;
  set.telegram_api = "http://127.0.0.1:1/fake-telegram";
  set.parent_environment = {"PATH=/usr/bin:/bin", "LANG=C.UTF-8",
                            "SECRET_THING=ghp_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"};
  return set;
}

RunSettings MockWorld::settings(const std::filesystem::path& target,
                                const std::filesystem::path& report_file) const {
  RunSettings settings;
  settings.target = target;
  settings.bot_token_drop_id = "drop-unit-0001";
  settings.report_file = report_file;
  settings.report_file_given = true;
  settings.timeout = std::chrono::seconds(600);
  return settings;
}

bool MockWorld::running(std::string_view role) const {
  const auto state = processes.find_role(role);
  return state && state->running();
}

void MockWorld::on_launch(FakeProcessState& process) {
  const std::string& role = process.spec.role;
  if (role == "server" || role == "server-demotion-probe") {
    const auto& argv = process.spec.argv;
    const bool no_poll = std::find(argv.begin(), argv.end(), kNoPollFlag) != argv.end();
    files.append(process.spec.stdout_file, no_poll               ? kNoPollLine
                                           : running("lifeline") ? kLeaseLine
                                                                 : kPollingLine);
  } else if (role != "lifeline") {
    // A command (rebuild, init, a hook): it does its work at once and succeeds.
    files.append(process.spec.stdout_file, role + " done\n");
    process.die(exited_with(0));
  }
}

void MockWorld::wire_defaults() {
  ON_CALL(*secrets, retrieve(_)).WillByDefault([](std::string_view) {
    return Secret(std::string(kToken));
  });
  ON_CALL(*secrets, request(_, _, _))
      .WillByDefault([](std::string_view, const Deadline&, ProgressSink&) {
        return Secret(std::string(kToken));
      });
  ON_CALL(*secrets, describe()).WillByDefault(Return("mock Secret Drop"));

  ON_CALL(*bot_api, get_me(_, _)).WillByDefault(Return(BotIdentity{kBotId, "unit_test_bot"}));

  ON_CALL(*deployer, inspect(_)).WillByDefault([this](const auto& p) { return files.inspect(p); });
  ON_CALL(*deployer, create_directory(_)).WillByDefault([this](const auto& p) {
    files.create_directory(p);
  });
  ON_CALL(*deployer, write_file(_, _, _, _))
      .WillByDefault([this](const auto& p, std::string_view c, auto m, Durability) {
        files.write_file(p, c, m);
      });
  ON_CALL(*deployer, write_secret(_, _)).WillByDefault([this](const auto& p, const Secret& s) {
    files.write_file(p, s.reveal(), std::filesystem::perms(0600));
  });
  ON_CALL(*deployer, read_file(_)).WillByDefault([this](const auto& p) {
    return files.read_file(p);
  });
  ON_CALL(*deployer, read_tail(_, _)).WillByDefault([this](const auto& p, std::size_t n) {
    return files.read_tail(p, n);
  });
  ON_CALL(*deployer, mode_of(_)).WillByDefault([this](const auto& p) { return files.mode_of(p); });
  ON_CALL(*deployer, set_mode(_, _)).WillByDefault([this](const auto& p, auto mode) {
    files.set_mode(p, mode);
  });
  ON_CALL(*deployer, symlink(_, _)).WillByDefault([this](const auto& l, const auto& t) {
    files.symlink(l, t);
  });
  ON_CALL(*deployer, remove_file(_)).WillByDefault([this](const auto& p) {
    return files.remove_file(p);
  });
  ON_CALL(*deployer, remove_home(_, _)).WillByDefault([this](const auto& p, bool keep_root) {
    return files.remove_home(p, keep_root);
  });
  ON_CALL(*deployer, allocate_port()).WillByDefault([this]() { return files.allocate_port(); });

  ON_CALL(*launcher, launch(_)).WillByDefault([this](const LaunchSpec& spec) {
    return processes.launch(spec);
  });

  ON_CALL(*probe, health(_)).WillByDefault([this](const std::string&) {
    return running("server") ? HealthReading{200, {}} : HealthReading{0, "connection refused"};
  });
  ON_CALL(*probe, lease(_, _))
      .WillByDefault([this](const std::filesystem::path&, std::string_view hash) {
        if (!running("lifeline")) return lease::decide(std::nullopt, hash, 0);
        const lease::Lease held{processes.find_role("lifeline")->pid, std::string(hash), 1000, 1};
        return lease::decide(lease::serialize(held), hash, 2000);
      });
  ON_CALL(*probe, log_has_line(_, _))
      .WillByDefault([this](const std::filesystem::path& log, std::string_view pattern) {
        const auto content = files.read_file(log);
        return content && content->find(pattern) != std::string::npos;
      });

  ON_CALL(*user, designated_chat()).WillByDefault([this]() { return chat; });
  ON_CALL(*user, send_as_user(_, _))
      .WillByDefault([this](const ChatAddress& where, std::string_view text) {
        ChatMessage message{next_message_id_++, 777, false, where, std::string(text), 0};
        messages_.push_back(message);
        // The pretend agent answers at once while its server runs: an echo in the same place.
        if (running("server")) {
          messages_.push_back(
              ChatMessage{next_message_id_++, kBotId, true, where, "echo: " + message.text, 0});
        }
        return message;
      });
  ON_CALL(*user, bot_messages_after(_, _, _))
      .WillByDefault([this](std::int64_t chat_id, std::int64_t after, const Deadline& deadline) {
        std::vector<ChatMessage> found;
        for (const ChatMessage& message : messages_) {
          if (message.from_bot && message.where.chat_id == chat_id && message.message_id > after) {
            found.push_back(message);
          }
        }
        // Blocking until the deadline costs nothing on a fake clock.
        if (found.empty()) clock->advance(deadline.remaining());
        return found;
      });
  ON_CALL(*user, conflicts_seen()).WillByDefault([this]() {
    return std::optional<std::int64_t>(conflicts);
  });

  ON_CALL(*verifier, verify(_)).WillByDefault([](const VerifyInput&) {
    VerifyEvidence result;
    result.checks.push_back({"unit world", true, "healthy"});
    return result;
  });
}

}  // namespace tas::mocks
