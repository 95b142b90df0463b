// The checks every bot method that acts in a chat shares: which chat, may the bot act there, where
// does the new message go.

#include "api_error.hpp"
#include "world.hpp"
#include <fmt/format.h>

namespace tas::fake::detail {

World::ChatState& World::chat_for_bot(const BotState& bot, std::optional<std::int64_t> chat_id) {
  if (!chat_id) throw ApiError(400, description::kChatIdEmpty);
  const auto found = chats_.find(*chat_id);
  if (found == chats_.end()) throw ApiError(400, description::kChatNotFound);
  auto& chat = found->second;
  if (!chat.bot_members.contains(bot.identity.id)) {
    throw ApiError(
        403, chat.chat.type == "private"
                 ? std::string("Forbidden: bot can't initiate conversation with a user")
                 : fmt::format("Forbidden: bot is not a member of the {} chat", chat.chat.type));
  }
  return chat;
}

const Message* World::find_message(const ChatState& chat, std::int64_t message_id) {
  if (const auto it = chat.messages.find(message_id); it != chat.messages.end()) {
    return &it->second;
  }
  if (const auto topic = chat.topics.find(message_id); topic != chat.topics.end()) {
    return &topic->second.created;
  }
  return nullptr;
}

std::pair<std::optional<std::int64_t>, const Message*> World::resolve_placement(
    const ChatState& chat, const Placement& placement) {
  const Message* reply_to = nullptr;
  if (placement.reply_to_message_id) {
    reply_to = find_message(chat, *placement.reply_to_message_id);
    if (reply_to == nullptr && !placement.allow_sending_without_reply) {
      throw ApiError(400, description::kReplyNotFound);
    }
  }
  auto topic_id = placement.topic_id;
  // A reply goes where the message it answers is, as in a Telegram forum.
  if (!topic_id && reply_to != nullptr) topic_id = reply_to->topic_id;
  if (topic_id) {
    const auto topic = chat.topics.find(*topic_id);
    if (topic == chat.topics.end()) throw ApiError(400, description::kThreadNotFound);
    if (topic->second.closed) throw ApiError(400, description::kTopicClosed);
  }
  return {topic_id, reply_to};
}

}  // namespace tas::fake::detail
