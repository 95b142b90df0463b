#include "fake_telegram_process.hpp"

#include <stdexcept>

#include "files.hpp"
#include "processes.hpp"
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace tas::test {

namespace fs = std::filesystem;
using nlohmann::json;

FakeTelegramProcess::FakeTelegramProcess(const std::string& bot_token)
    : launcher_(std::make_shared<ProcessRegistry>(dir_ / "registry")) {
  json bots = json::array();
  if (!bot_token.empty()) {
    bots.push_back({{"token", bot_token}, {"username", kBotName}, {"first_name", "CLI live"}});
  }
  write_file(dir_ / "bots.json", json{{"bots", bots}}.dump());
  json chat = {{"id", kChatId},    {"type", "supergroup"}, {"title", "cli live"},
               {"is_forum", true}, {"topics", {kTopicId}}, {"bots", json::array()}};
  if (!bot_token.empty()) chat["bots"].push_back(kBotName);
  write_file(
      dir_ / "chats.json",
      json{{"users", {{{"id", kUserId}, {"first_name", "Operator"}}}}, {"chats", {chat}}}.dump());
  LaunchSpec spec;
  spec.role = "fake-telegram";
  spec.argv = {TAS_FAKE_TELEGRAM,
               "--bots-file",
               (dir_ / "bots.json").string(),
               "--chats-file",
               (dir_ / "chats.json").string(),
               "--port-file",
               (dir_ / "port").string()};
  spec.working_directory = dir_.path();
  spec.environment = {"PATH=/usr/bin:/bin"};
  spec.stdout_file = dir_ / "fake-telegram.log";
  spec.stderr_file = dir_ / "fake-telegram.log";
  server_ = launcher_.launch(spec);
  if (!eventually([&] { return fs::exists(dir_ / "port") || server_->poll(); },
                  std::chrono::seconds(15)) ||
      server_->poll()) {
    throw std::runtime_error("fake-telegram did not start: " +
                             read_text(dir_ / "fake-telegram.log"));
  }
  url_ = fmt::format("http://127.0.0.1:{}", std::stoi(read_text(dir_ / "port")));
}

FakeTelegramProcess::~FakeTelegramProcess() {
  if (server_) server_->stop(std::chrono::seconds(2));
}

fs::path write_live_config(const fs::path& file, const std::string& telegram_api,
                           const std::string& drop_id, const fs::path& store, const json& extra) {
  json config = {{"schema", "test-as-self/live@1"},
                 {"telegram_api", telegram_api},
                 {"bot_token", json::object()},
                 {"user_driver",
                  {{"url", telegram_api},
                   {"user_id", FakeTelegramProcess::kUserId},
                   {"chat_id", FakeTelegramProcess::kChatId},
                   {"topic_id", FakeTelegramProcess::kTopicId},
                   {"bot_username", FakeTelegramProcess::kBotName}}}};
  if (!drop_id.empty()) config["bot_token"]["drop_id"] = drop_id;
  if (!store.empty()) config["bot_token"]["store"] = store.string();
  config.merge_patch(extra);
  write_file(file, config.dump(2));
  return file;
}

}  // namespace tas::test
