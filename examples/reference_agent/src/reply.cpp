#include "reply.hpp"

namespace tas::reference_agent {
namespace {

using nlohmann::json;

std::optional<std::int64_t> integer_at(const json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<std::int64_t>();
}

}  // namespace

std::optional<IncomingMessage> incoming_message(const json& update) {
  if (!update.is_object()) return std::nullopt;
  const auto update_id = integer_at(update, "update_id");
  const auto message = update.find("message");
  if (!update_id || message == update.end() || !message->is_object()) return std::nullopt;
  const auto text = message->find("text");
  const auto chat = message->find("chat");
  if (text == message->end() || !text->is_string() || chat == message->end() ||
      !chat->is_object()) {
    return std::nullopt;
  }
  const auto message_id = integer_at(*message, "message_id");
  const auto chat_id = integer_at(*chat, "id");
  if (!message_id || !chat_id) return std::nullopt;
  IncomingMessage incoming;
  incoming.update_id = *update_id;
  incoming.message_id = *message_id;
  incoming.chat_id = *chat_id;
  incoming.thread_id = integer_at(*message, "message_thread_id");
  incoming.text = text->get<std::string>();
  if (const auto from = message->find("from"); from != message->end() && from->is_object()) {
    incoming.from_bot = from->value("is_bot", false);
  }
  return incoming;
}

std::optional<json> reply_for(const IncomingMessage& message, const Faults& faults) {
  if (message.from_bot || faults.no_reply) return std::nullopt;
  json params = {
      {"chat_id", message.chat_id},
      {"text",
       faults.reply_without_nonce ? std::string("got your message") : "echo: " + message.text},
      {"reply_to_message_id", message.message_id},
  };
  if (message.thread_id && faults.reply_wrong_topic) {
    // Without the thread, and without the reply reference that would pull the reply back into the
    // topic on the real Bot API: the reply lands in the chat's main thread.
    params.erase("reply_to_message_id");
  } else if (message.thread_id) {
    params["message_thread_id"] = *message.thread_id;
  }
  return params;
}

}  // namespace tas::reference_agent
