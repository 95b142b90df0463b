// --live-config through the real binary: a run reaches the endpoints a live configuration names
// over real sockets (the fake-telegram executable standing in for the Bot API and the user side),
// step 1 tells an unreachable Bot API from a refused token, and options that repeat a setting of
// the file are refused (README, 'Command line').
#include "cli_process.hpp"
#include "fake_telegram_process.hpp"
#include "files.hpp"
#include "loopback.hpp"
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <tas/fake/random_bot_token.hpp>

namespace tas::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class CliLiveConfig : public CliRunTest {
 protected:
  [[nodiscard]] fs::path config_file() const { return sandbox_.work() / "live.json"; }

  CliResult run_live(std::vector<std::string> more = {}) {
    std::vector<std::string> args = {"--live-config",   config_file().string(), "--target",
                                     target().string(), "--timeout-s",          "120"};
    args.insert(args.end(), more.begin(), more.end());
    return sandbox_.run(args, std::chrono::seconds(150));
  }

  // The canary: no part of the token anywhere a person or a log could read it.
  void expect_token_nowhere(const CliResult& result, const std::string& token) const {
    const std::string secret_part = token.substr(token.find(':') + 1);
    for (const auto& [what, text] :
         {std::pair{"stdout", result.out}, std::pair{"stderr", result.err},
          std::pair{"report", read_text(report_beside())}}) {
      EXPECT_EQ(text.find(secret_part), std::string::npos) << "the token is in " << what;
    }
  }
};

TEST_F(CliLiveConfig, ARunTalksToTheBotApiAndTheUserDriverTheFileNames) {
  const std::string token = fake::random_bot_token(7600000001);
  const FakeTelegramProcess telegram(token);
  write_live_config(config_file(), telegram.url(), sandbox_.put_secret(token), sandbox_.store());

  const CliResult result = run_live();
  EXPECT_EQ(result.code(), 0) << result.out << result.err;
  EXPECT_NE(result.out.find("backends: live: Bot API " + telegram.url()), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("✓ [5/7] round-trip"), std::string::npos) << result.out;
  const json report = read_json(report_beside());
  EXPECT_EQ(report["steps"][0]["evidence"]["bot"]["username"], FakeTelegramProcess::kBotName);
  EXPECT_NE(report["backends"].get<std::string>().find(config_file().string()), std::string::npos);
  expect_token_nowhere(result, token);
}

TEST_F(CliLiveConfig, AClosedPortIsAnUnreachableBotApiNotARefusedToken) {
  const std::string token = fake::random_bot_token(7600000002);
  const std::string url = fmt::format("http://127.0.0.1:{}", free_loopback_port());
  write_live_config(config_file(), url, sandbox_.put_secret(token), sandbox_.store());

  const CliResult result = run_live();
  EXPECT_EQ(result.code(), 1) << result.out << result.err;
  EXPECT_NE(result.out.find("✗ [1/7] bot-acquire"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("the Bot API at " + url + " is unreachable: connection refused"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("The token was not tried"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("token was refused"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("does not work"), std::string::npos) << result.out;
  const json report = read_json(report_beside());
  EXPECT_EQ(report["failing_step"]["number"], 1);
  EXPECT_NE(report["reason"].get<std::string>().find("is unreachable"), std::string::npos);
  EXPECT_FALSE(fs::exists(target())) << "step 2 never ran";
  expect_token_nowhere(result, token);
}

TEST_F(CliLiveConfig, AnUnknownTokenIsRefusedByTheBotApiNotCalledUnreachable) {
  const FakeTelegramProcess telegram("");  // no bot: every token is unknown there
  const std::string token = fake::random_bot_token(7600000003);
  write_live_config(config_file(), telegram.url(), sandbox_.put_secret(token), sandbox_.store());

  const CliResult result = run_live();
  EXPECT_EQ(result.code(), 1) << result.out << result.err;
  EXPECT_NE(result.out.find("the token was refused (401 Unauthorized) by the Bot API at " +
                            telegram.url()),
            std::string::npos)
      << result.out;
  EXPECT_EQ(result.out.find("unreachable"), std::string::npos) << result.out;
  EXPECT_FALSE(fs::exists(target()));
  expect_token_nowhere(result, token);
}

TEST_F(CliLiveConfig, OptionsFillWhatTheFileLeavesOut) {
  // The file names no drop: --bot-token's is the one step 1 retrieves and tries.
  const FakeTelegramProcess telegram("");
  const std::string id = sandbox_.put_secret(fake::random_bot_token(7600000004));
  write_live_config(config_file(), telegram.url(), "", sandbox_.store());

  const CliResult result = run_live({"--bot-token", id});
  EXPECT_EQ(result.code(), 1) << result.out << result.err;
  const json report = read_json(report_beside());
  EXPECT_EQ(report["steps"][0]["evidence"]["drop_id"], id);
  EXPECT_NE(report["reason"].get<std::string>().find("the token was refused"), std::string::npos)
      << report["reason"];
}

TEST_F(CliLiveConfig, AnOptionThatRepeatsASettingOfTheFileIsAUsageErrorNamingBoth) {
  const std::string id = sandbox_.put_secret(fake::random_bot_token(7600000005));
  write_live_config(config_file(), "http://127.0.0.1:9", id, sandbox_.store(),
                    {{"profile", kReferenceProfile.string()}});

  const CliResult token = run_live({"--bot-token", id});
  EXPECT_EQ(token.code(), 64) << token.out << token.err;
  EXPECT_NE(token.err.find("--bot-token and 'bot_token.drop_id' in the live configuration " +
                           config_file().string()),
            std::string::npos)
      << token.err;

  const CliResult profile = run_live({"--profile", kReferenceProfile.string()});
  EXPECT_EQ(profile.code(), 64) << profile.out << profile.err;
  EXPECT_NE(profile.err.find("--profile and 'profile'"), std::string::npos) << profile.err;

  const CliResult store = run_live({"--secret-store", sandbox_.store().string()});
  EXPECT_EQ(store.code(), 64) << store.out << store.err;
  EXPECT_NE(store.err.find("--secret-store and 'bot_token.store'"), std::string::npos) << store.err;
  EXPECT_FALSE(fs::exists(target()));
}

TEST_F(CliLiveConfig, AFileThatIsMissingOrNamesNoUserDriverIsAUsageError) {
  const CliResult missing = run_live();
  EXPECT_EQ(missing.code(), 64) << missing.out << missing.err;
  EXPECT_NE(missing.err.find(config_file().string()), std::string::npos) << missing.err;

  write_live_config(config_file(), "http://127.0.0.1:9", "", {}, {{"user_driver", nullptr}});
  const CliResult no_driver = run_live();
  EXPECT_EQ(no_driver.code(), 64) << no_driver.out << no_driver.err;
  EXPECT_NE(no_driver.err.find("names no 'user_driver'"), std::string::npos) << no_driver.err;
  EXPECT_FALSE(fs::exists(target()));
}

}  // namespace
}  // namespace tas::test
