#include "fields.hpp"

#include <tas/evidence/round_trip_evidence.hpp>

namespace tas {

using evidence_json::nullable;
using evidence_json::read_field;

void to_json(nlohmann::json& out, const ChatAddress& chat) {
  out = chat.to_json();
}

void from_json(const nlohmann::json& in, ChatAddress& chat) {
  read_field(in, "chat_id", chat.chat_id);
  read_field(in, "topic_id", chat.topic_id);
}

void to_json(nlohmann::json& out, const ChatMessage& message) {
  out = {{"message_id", message.message_id},
         {"from_id", message.from_id},
         {"from_bot", message.from_bot},
         {"chat_id", message.where.chat_id},
         {"topic_id", nullable(message.where.topic_id)},
         {"text", message.text},
         {"date", message.date}};
}

void from_json(const nlohmann::json& in, ChatMessage& message) {
  read_field(in, "message_id", message.message_id);
  read_field(in, "from_id", message.from_id);
  read_field(in, "from_bot", message.from_bot);
  from_json(in, message.where);
  read_field(in, "text", message.text);
  read_field(in, "date", message.date);
}

void to_json(nlohmann::json& out, const RoundTripEvidence& evidence) {
  out = {{"chat", evidence.chat},
         {"nonce", evidence.nonce},
         {"bot_id", evidence.bot_id},
         {"sent", nullable(evidence.sent)},
         {"mismatches", evidence.mismatches},
         {"conflicts", nullable(evidence.conflicts)},
         {"reply", nullable(evidence.reply)},
         {"latency_ms", nullable(evidence.latency_ms)},
         {"sent_at_us", nullable(evidence.sent_at_us)},
         {"reply_seen_at_us", nullable(evidence.reply_seen_at_us)}};
}

void from_json(const nlohmann::json& in, RoundTripEvidence& evidence) {
  read_field(in, "chat", evidence.chat);
  read_field(in, "nonce", evidence.nonce);
  read_field(in, "bot_id", evidence.bot_id);
  read_field(in, "sent", evidence.sent);
  read_field(in, "mismatches", evidence.mismatches);
  read_field(in, "conflicts", evidence.conflicts);
  read_field(in, "reply", evidence.reply);
  read_field(in, "latency_ms", evidence.latency_ms);
  read_field(in, "sent_at_us", evidence.sent_at_us);
  read_field(in, "reply_seen_at_us", evidence.reply_seen_at_us);
}

}  // namespace tas
