#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "faults.hpp"
#include <nlohmann/json.hpp>

namespace tas::reference_agent {

// The part of an incoming Update this agent acts on: a text message.
struct IncomingMessage {
  std::int64_t update_id = 0;
  std::int64_t message_id = 0;
  std::int64_t chat_id = 0;
  std::optional<std::int64_t> thread_id;  // message_thread_id, when the message has one
  std::string text;
  bool from_bot = false;
};

// The text message in `update`, or nullopt when it carries none (an edit, a photo, a member
// change, something malformed).
[[nodiscard]] std::optional<IncomingMessage> incoming_message(const nlohmann::json& update);

// The sendMessage parameters of the reply: "echo: <text>" to the same chat, in the same topic, as
// a reply to the message, so that it carries the harness's nonce. Nullopt when there is to be no
// reply (a bot's message, or the noReply fault). The reply faults change it here.
[[nodiscard]] std::optional<nlohmann::json> reply_for(const IncomingMessage& message,
                                                      const Faults& faults);

}  // namespace tas::reference_agent
