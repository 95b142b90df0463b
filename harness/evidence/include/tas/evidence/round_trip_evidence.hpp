#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <tas/backends/user_driver.hpp>

namespace tas {

// What step 5 (round-trip) observed. A message that could not be sent ends the step after
// `chat`, `nonce` and `bot_id`: what it did not reach is null (or an empty list).
struct RoundTripEvidence {
  ChatAddress chat;
  std::string nonce;
  std::int64_t bot_id = 0;
  std::optional<ChatMessage> sent;
  std::vector<ChatMessage> mismatches;     // bot messages that were not the answer
  std::optional<std::int64_t> conflicts;   // 409s at the Bot API; null: the driver cannot know
  std::optional<ChatMessage> reply;        // null: no reply came
  std::optional<std::int64_t> latency_ms;  // with the reply
  // Calendar times in microseconds since the epoch: when the probe was sent and when the reply
  // was seen, to set beside the agent's own timestamps.
  std::optional<std::int64_t> sent_at_us;
  std::optional<std::int64_t> reply_seen_at_us;
};

// A chat address as {chat_id, topic_id}; a message with its address flattened into it.
void to_json(nlohmann::json& out, const ChatAddress& chat);
void from_json(const nlohmann::json& in, ChatAddress& chat);  // throws EvidenceError
void to_json(nlohmann::json& out, const ChatMessage& message);
void from_json(const nlohmann::json& in, ChatMessage& message);  // throws EvidenceError
void to_json(nlohmann::json& out, const RoundTripEvidence& evidence);
void from_json(const nlohmann::json& in, RoundTripEvidence& evidence);  // throws EvidenceError

}  // namespace tas
