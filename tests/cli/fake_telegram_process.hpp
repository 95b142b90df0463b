#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "temp_dir.hpp"
#include <nlohmann/json.hpp>

#include <tas/backends/posix_process_launcher.hpp>

namespace tas::test {

// The fake-telegram executable as a separate process on loopback, standing in for a live Bot API
// (and its user side) that a `--live-config` run reaches over real sockets: one bot, one person
// and one forum chat with a topic, the bot a member. Stopped when this ends.
class FakeTelegramProcess {
 public:
  static constexpr std::int64_t kUserId = 880101;
  static constexpr std::int64_t kChatId = -1008801001;
  static constexpr std::int64_t kTopicId = 3;
  static constexpr std::string_view kBotName = "cli_live_bot";

  // Registers `bot_token` as the one bot (empty: no bot at all, so every token is refused).
  explicit FakeTelegramProcess(const std::string& bot_token);
  ~FakeTelegramProcess();
  FakeTelegramProcess(const FakeTelegramProcess&) = delete;
  FakeTelegramProcess& operator=(const FakeTelegramProcess&) = delete;

  // "http://127.0.0.1:<port>": the Bot API, and the user side at the same address.
  [[nodiscard]] const std::string& url() const { return url_; }

 private:
  TempDir dir_{"tas-cli-fake-telegram"};
  PosixProcessLauncher launcher_;
  std::unique_ptr<Process> server_;
  std::string url_;
};

// A live configuration (README, 'The live tier') naming `telegram_api` as the Bot API and user
// side, FakeTelegramProcess's chat, and `drop_id` in `store` when given; written to `file`.
// `extra` is merged over it (a JSON merge patch: null removes a field).
std::filesystem::path write_live_config(const std::filesystem::path& file,
                                        const std::string& telegram_api, const std::string& drop_id,
                                        const std::filesystem::path& store,
                                        const nlohmann::json& extra = nlohmann::json::object());

}  // namespace tas::test
