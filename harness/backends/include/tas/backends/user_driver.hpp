#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <tas/core/deadline.hpp>

namespace tas {

struct ChatAddress {
  std::int64_t chat_id = 0;
  std::optional<std::int64_t> topic_id;  // message_thread_id in a forum topic
  [[nodiscard]] nlohmann::json to_json() const;
  bool operator==(const ChatAddress&) const = default;
};

struct ChatMessage {
  std::int64_t message_id = 0;
  std::int64_t from_id = 0;
  bool from_bot = false;
  ChatAddress where;
  std::string text;
  std::int64_t date = 0;  // Unix seconds
};

// Talks to the agent as a person would (docs/steps.md, '5 round-trip'): sends into a chat as a user
// and reads what bots post there. It never uses the agent's token.
class UserDriver {
 public:
  virtual ~UserDriver() = default;
  // The chat (and topic) the round-trip talks in.
  [[nodiscard]] virtual ChatAddress designated_chat() = 0;
  virtual ChatMessage send_as_user(const ChatAddress& where, std::string_view text) = 0;
  // Blocks until bot messages newer than `after_message_id` appear anywhere in the chat (any
  // topic), or the deadline passes (an empty result).
  virtual std::vector<ChatMessage> bot_messages_after(std::int64_t chat_id,
                                                      std::int64_t after_message_id,
                                                      const Deadline& deadline) = 0;
  // 409 Conflicts the Bot API has answered for the bot during the run, when the driver can see
  // them (a fake server can; a real user account cannot: nullopt).
  [[nodiscard]] virtual std::optional<std::int64_t> conflicts_seen() = 0;
};

}  // namespace tas
