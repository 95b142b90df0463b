// The user side: posting as a person, reading what bots posted, watching pollers.

#include <algorithm>
#include <chrono>

#include "message_text.hpp"
#include "world.hpp"
#include <fmt/format.h>

#include <tas/fake/fake_telegram_error.hpp>

namespace tas::fake::detail {
namespace {

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Message World::send_as_user(std::int64_t user_id, std::int64_t chat_id,
                            std::optional<std::int64_t> topic_id, std::string_view text,
                            std::optional<std::int64_t> reply_to_message_id) {
  if (text.empty()) {
    throw FakeTelegramError(
        "send_as_user: expected a non-empty text; Telegram sends no empty messages");
  }
  auto formatted = format_user_text(text, "send_as_user");
  Message message;
  {
    std::lock_guard lock(mutex_);
    const auto user = users_.find(user_id);
    if (user == users_.end()) {
      throw FakeTelegramError(
          fmt::format("send_as_user: no user {}; create_user it first", user_id));
    }
    auto& chat = chat_by_id(chat_id, "send_as_user");
    if (topic_id && !chat.topics.contains(*topic_id)) {
      throw FakeTelegramError(fmt::format("send_as_user: chat {} has no topic {}{}", chat_id,
                                          *topic_id, chat.chat.is_forum ? "" : " (not a forum)"));
    }
    const Message* reply_to = nullptr;
    if (reply_to_message_id) {
      reply_to = find_message(chat, *reply_to_message_id);
      if (reply_to == nullptr) {
        throw FakeTelegramError(fmt::format("send_as_user: chat {} has no message {} to reply to",
                                            chat_id, *reply_to_message_id));
      }
      // A reply goes where the message it answers is, as in a Telegram forum.
      if (!topic_id) topic_id = reply_to->topic_id;
    }
    message = post(chat, user->second, std::move(formatted), topic_id, reply_to);
    deliver_to_members(chat, message);
  }
  changed_.notify_all();
  return message;
}

std::vector<Message> World::bot_messages_after(std::int64_t chat_id, std::int64_t after_message_id,
                                               Clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  chat_by_id(chat_id, "bot_messages_after");  // an unknown chat is a mistake, not a wait
  const auto generation = generation_;
  std::vector<Message> found;
  const auto collect = [&] {
    found.clear();
    if (stopping_ || generation != generation_) return true;
    const auto& chat = chats_.at(chat_id);
    for (auto it = chat.messages.upper_bound(after_message_id); it != chat.messages.end(); ++it) {
      if (it->second.from.is_bot) found.push_back(it->second);
    }
    return !found.empty();
  };
  changed_.wait_until(lock, deadline, collect);
  return found;
}

std::vector<Message> World::chat_history(std::int64_t chat_id) const {
  std::lock_guard lock(mutex_);
  const auto& chat = chat_by_id(chat_id, "chat_history");
  std::vector<Message> history;
  history.reserve(chat.messages.size());
  for (const auto& [id, message] : chat.messages)
    history.push_back(message);
  return history;
}

bool World::wait_for_parked(std::string_view bot_username, std::int64_t count,
                            Clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  // Held by value: reset() may drop the bot from bots_ while we wait.
  const auto bot = bot_by_username(bot_username, "wait_for_parked");
  const auto generation = generation_;
  return changed_.wait_until(lock, deadline, [&] {
    return generation == generation_ && bot->counters.parked_now == count;
  });
}

Message World::post(ChatState& chat, const User& from, FormattedText text,
                    std::optional<std::int64_t> topic_id, const Message* reply_to) {
  return post(chat,
              Message{.from = from,
                      .text = std::move(text.text),
                      .entities = std::move(text.entities),
                      .topic_id = topic_id},
              reply_to);
}

Message World::post(ChatState& chat, Message message, const Message* reply_to) {
  message.message_id = chat.next_message_id++;
  message.chat = chat.chat;
  message.date = unix_now();
  message.reply_to = nullptr;
  // Telegram makes every message of a (non-General) topic answer the topic's creation message.
  if (reply_to == nullptr && message.topic_id) {
    if (const auto topic = chat.topics.find(*message.topic_id); topic != chat.topics.end()) {
      reply_to = &topic->second.created;
    }
  }
  if (reply_to != nullptr) {
    auto target = std::make_shared<Message>(*reply_to);
    target->reply_to.reset();  // Telegram nests one level only
    message.reply_to = std::move(target);
  }
  chat.messages.emplace(message.message_id, message);
  return message;
}

void World::deliver_to_members(const ChatState& chat, const Message& message,
                               std::string_view kind) {
  // Only people's messages reach bots: Telegram never delivers a bot's own messages nor other
  // bots' to a bot, which is why a round-trip needs a user.
  if (message.from.is_bot) return;
  for (const auto& bot : bots_) {
    if (!chat.bot_members.contains(bot->identity.id)) continue;
    enqueue_update(*bot, kind, to_bot_api_json(message));
  }
}

}  // namespace tas::fake::detail
