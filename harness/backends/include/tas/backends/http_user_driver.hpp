#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <tas/backends/user_driver.hpp>

namespace tas {

// Where an HTTP user driver talks, and as whom.
struct HttpUserDriverConfig {
  std::string url;  // base URL of the user-side service
  std::int64_t user_id = 0;
  std::int64_t chat_id = 0;
  std::optional<std::int64_t> topic_id;
  std::string bot_username;  // for the 409 counters; empty: conflicts are not known
};

// A user driver over HTTP, speaking the user-side protocol of the fake Telegram's control API
// (docs/fake-telegram.md), which a bridge to a real user account can serve as well:
//   POST <url>/_control/send          {"user_id", "chat_id", "message_thread_id"?, "text"}
//                                     → {"ok": true, "result": <Message>}
//   POST <url>/_control/bot_messages  {"chat_id", "after_message_id", "timeout_ms"}
//                                     → {"ok": true, "result": [<Message>…]}, blocking up to the
//                                       timeout for the first one
//   GET  <url>/_control/counters?bot=<username>
//                                     → {"ok": true, "result": {"conflicts": n, …}}
// Messages are in the Bot API's shape. The agent's token is never used.
class HttpUserDriver final : public UserDriver {
 public:
  explicit HttpUserDriver(HttpUserDriverConfig config) : config_(std::move(config)) {}

  ChatAddress designated_chat() override;
  ChatMessage send_as_user(const ChatAddress& where, std::string_view text) override;
  std::vector<ChatMessage> bot_messages_after(std::int64_t chat_id, std::int64_t after_message_id,
                                              const Deadline& deadline) override;
  std::optional<std::int64_t> conflicts_seen() override;

 private:
  HttpUserDriverConfig config_;
};

}  // namespace tas
