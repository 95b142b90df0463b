// The fake-telegram executable, run as a child process the way a harness in another language would
// run it: read its port, talk to it, stop it with a signal, check the exit.

#include <regex>

#include "child_process.hpp"
#include "files.hpp"
#include "support/bot_api_client.hpp"
#include "support/fake_telegram_fixture.hpp"
#include "temp_dir.hpp"
#include <gtest/gtest.h>
#include <signal.h>

namespace tas::fake {
namespace {

const std::regex kListeningLine(R"(fake-telegram listening on http://127\.0\.0\.1:(\d+))");

class FakeTelegramExecutable : public ::testing::Test {
 protected:
  void SetUp() override {
    bots_file_ = dir_.write(
        "bots.json",
        nlohmann::json{
            {"bots", {{{"token", kAgentToken}, {"username", kAgentBot}, {"first_name", "Agent"}}}}}
            .dump());
    chats_file_ = dir_.write("chats.json",
                             nlohmann::json{{"users", {{{"id", kUserId}, {"first_name", "Ada"}}}},
                                            {"chats",
                                             {{{"id", kForumId},
                                               {"title", "forum"},
                                               {"is_forum", true},
                                               {"topics", {kTopicA}},
                                               {"bots", {kAgentBot}}}}}}
                                 .dump());
  }

  // Starts the program with the setup files and returns the port from its announcement line.
  int launch(std::vector<std::string> extra = {}) {
    std::vector<std::string> arguments{"--bots-file",  bots_file_.string(),
                                       "--chats-file", chats_file_.string(),
                                       "--port-file",  port_file().string()};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    start(std::move(arguments));
    const auto line = child_->read_line(kPatience);
    if (!line) {
      ADD_FAILURE() << "no announcement on stdout; stderr: " << test::read_text(stderr_file());
      return 0;
    }
    std::smatch match;
    if (!std::regex_match(*line, match, kListeningLine)) {
      ADD_FAILURE() << "unexpected announcement: " << *line;
      return 0;
    }
    return std::stoi(match[1]);
  }

  // The program with `arguments`: stdout on a pipe (its announcement is read from there), stderr
  // in a file.
  void start(std::vector<std::string> arguments) {
    test::ChildProcess::Options options;
    options.argv = std::move(arguments);
    options.argv.insert(options.argv.begin(), TAS_FAKE_TELEGRAM_EXE);
    options.stderr_file = stderr_file();
    child_.emplace(std::move(options));
  }

  [[nodiscard]] std::filesystem::path port_file() const { return dir_.path() / "port"; }
  [[nodiscard]] std::filesystem::path stderr_file() const { return dir_.path() / "stderr.log"; }

  test::TempDir dir_{"fake-telegram-test"};
  std::filesystem::path bots_file_;
  std::filesystem::path chats_file_;
  std::optional<test::ChildProcess> child_;
};

TEST_F(FakeTelegramExecutable, ServesTheBotApiUntilSigtermThenExitsZero) {
  const int port = launch();
  ASSERT_GT(port, 0);
  // The port file was written before the announcement, so it is complete now.
  EXPECT_EQ(test::read_text(port_file()), std::to_string(port) + "\n");

  const HttpClient http("127.0.0.1", port);
  const BotApiClient agent(http, kAgentToken);
  const auto me = agent.call("getMe");
  ASSERT_EQ(me.status, 200) << me.body.dump();
  EXPECT_EQ(me.body["result"]["username"], kAgentBot);

  // The chats file was loaded: the user can talk in the forum and the bot hears it.
  const auto sent = http.call("/_control/send",
                              {{"user_id", kUserId},
                               {"chat_id", kForumId},
                               {"message_thread_id", kTopicA},
                               {"text", "hello process"}},
                              Encoding::kJson);
  ASSERT_EQ(sent.status, 200) << sent.body.dump();
  const auto updates = agent.get_updates({}).body["result"];
  ASSERT_EQ(updates.size(), 1U);
  EXPECT_EQ(updates[0]["message"]["text"], "hello process");
  const auto next_offset = updates[0]["update_id"].get<std::int64_t>() + 1;

  // A long-poll parked at the moment of SIGTERM must not hold the exit up.
  auto parked = std::async(std::launch::async, [&agent, next_offset] {
    return agent.get_updates({{"offset", next_offset}, {"timeout", 50}});
  });
  const auto waited =
      http.call("/_control/wait_parked", {{"bot", kAgentBot}, {"count", 1}, {"timeout_ms", 10000}},
                Encoding::kJson);
  ASSERT_EQ(waited.body["result"]["reached"], true) << waited.body.dump();

  child_->send_signal(SIGTERM);
  const auto status = child_->wait_for_exit(kPatience);
  ASSERT_TRUE(status.has_value()) << "still running after SIGTERM";
  EXPECT_TRUE(test::exited_with(*status, 0)) << status->describe();
  ASSERT_TRUE(resolves_within(parked, kPatience));
  const auto answer = parked.get();
  EXPECT_EQ(answer.status, 200) << answer.body.dump();  // answered, not cut off

  // Nothing the program printed shows the token.
  const auto token_secret = std::string(kAgentToken).substr(std::string(kAgentToken).find(':'));
  EXPECT_EQ(test::read_text(stderr_file()).find(token_secret), std::string::npos);
  EXPECT_FALSE(child_->read_line(0ms).value_or("").find(token_secret) != std::string::npos);
}

TEST_F(FakeTelegramExecutable, SigintAndTheStopEndpointAlsoEndItCleanly) {
  ASSERT_GT(launch(), 0);
  child_->send_signal(SIGINT);
  auto status = child_->wait_for_exit(kPatience);
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(test::exited_with(*status, 0)) << status->describe();

  const int port = launch();
  ASSERT_GT(port, 0);
  EXPECT_EQ(HttpClient("127.0.0.1", port)
                .call("/_control/stop", nlohmann::json::object(), Encoding::kJson)
                .status,
            200);
  status = child_->wait_for_exit(kPatience);
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(test::exited_with(*status, 0)) << status->describe();
}

TEST_F(FakeTelegramExecutable, ABadSetupFileFailsWithItsNameAndNoToken) {
  dir_.write("bots.json", R"({"bots": [{"token": "SECRETVALUE", "username": "x_bot"}]})");
  start({"--bots-file", bots_file_.string()});
  const auto status = child_->wait_for_exit(kPatience);
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(test::exited_with(*status, 1)) << status->describe();
  const auto errors = test::read_text(stderr_file());
  EXPECT_NE(errors.find("bots.json"), std::string::npos) << errors;
  EXPECT_NE(errors.find("bots[0]"), std::string::npos) << errors;
  EXPECT_EQ(errors.find("SECRETVALUE"), std::string::npos) << errors;
}

TEST_F(FakeTelegramExecutable, UnknownOptionsAreUsageErrors) {
  start({"--bot-token", "123:abc"});
  const auto status = child_->wait_for_exit(kPatience);
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(status->kind == ExitStatus::Kind::exited && status->code != 0) << status->describe();
}

}  // namespace
}  // namespace tas::fake
