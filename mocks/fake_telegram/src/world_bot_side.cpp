// The bot side except getUpdates: getMe, sendMessage and the webhook methods.

#include <algorithm>

#include "api_error.hpp"
#include "message_text.hpp"
#include "world.hpp"
#include <fmt/format.h>

namespace tas::fake::detail {

void World::require_bot(std::string_view token) const {
  std::lock_guard lock(mutex_);
  bot_by_token(token);
}

nlohmann::json World::get_me(std::string_view token) {
  std::lock_guard lock(mutex_);
  const auto bot = bot_by_token(token);
  admit_call(*bot);
  auto me = to_bot_api_json(bot->identity);
  me["can_join_groups"] = true;
  // The fake gives member bots every message in a group, as Telegram does with privacy mode off.
  me["can_read_all_group_messages"] = true;
  me["supports_inline_queries"] = false;
  return me;
}

nlohmann::json World::send_message(std::string_view token, const SendMessageArgs& args) {
  Message message;
  {
    std::lock_guard lock(mutex_);
    const auto bot = bot_by_token(token);
    ++bot->counters.send_message_calls;
    admit_call(*bot);
    if (!args.chat_id) throw ApiError(400, description::kChatIdEmpty);
    if (args.text.empty()) throw ApiError(400, description::kTextEmpty);
    auto formatted = format_bot_text(args.text, args.parse_mode, args.entities);
    for (auto& entity : formatted.entities) {
      const auto user = entity.user ? users_.find(entity.user->id) : users_.end();
      if (user != users_.end()) entity.user = user->second;  // a text_mention shows the person
    }
    const auto found = chats_.find(*args.chat_id);
    if (found == chats_.end()) throw ApiError(400, description::kChatNotFound);
    auto& chat = found->second;
    if (!chat.bot_members.contains(bot->identity.id)) {
      throw ApiError(
          403, chat.chat.type == "private"
                   ? std::string("Forbidden: bot can't initiate conversation with a user")
                   : fmt::format("Forbidden: bot is not a member of the {} chat", chat.chat.type));
    }
    const Message* reply_to = nullptr;
    if (args.reply_to_message_id) {
      const auto target = chat.messages.find(*args.reply_to_message_id);
      if (target != chat.messages.end()) {
        reply_to = &target->second;
      } else if (!args.allow_sending_without_reply) {
        throw ApiError(400, description::kReplyNotFound);
      }
    }
    auto topic_id = args.topic_id;
    if (topic_id && !chat.topics.contains(*topic_id)) {
      throw ApiError(400, description::kThreadNotFound);
    }
    // A reply goes where the message it answers is, as in a Telegram forum.
    if (!topic_id && reply_to != nullptr) topic_id = reply_to->topic_id;
    if (topic_id && chat.topics.at(*topic_id).closed) {
      throw ApiError(400, description::kTopicClosed);
    }
    check_message_text_length(formatted);
    message = post(chat,
                   Message{.from = bot->identity,
                           .text = std::move(formatted.text),
                           .entities = std::move(formatted.entities),
                           .topic_id = topic_id,
                           .reply_markup = args.reply_markup},
                   reply_to);
  }
  changed_.notify_all();  // for bot_messages_after
  return to_bot_api_json(message);
}

std::string World::set_webhook(std::string_view token, const std::string& url) {
  {
    std::lock_guard lock(mutex_);
    const auto bot = bot_by_token(token);
    admit_call(*bot);
    if (url.empty()) {
      // Telegram treats setWebhook with an empty url as deleteWebhook.
      if (bot->webhook_url.empty()) return "Webhook is already deleted";
      bot->webhook_url.clear();
      return "Webhook was deleted";
    }
    if (!url.starts_with("https://")) throw ApiError(400, description::kHttpsWebhook);
    if (bot->webhook_url == url) return "Webhook is already set";
    end_parked_poll(*bot, PollEnd::kSetWebhook);
    bot->webhook_url = url;
  }
  changed_.notify_all();  // wakes the poll just ended
  return "Webhook was set";
}

std::string World::delete_webhook(std::string_view token, bool drop_pending_updates) {
  std::lock_guard lock(mutex_);
  const auto bot = bot_by_token(token);
  admit_call(*bot);
  if (drop_pending_updates) bot->pending.clear();
  if (bot->webhook_url.empty()) return "Webhook is already deleted";
  bot->webhook_url.clear();
  return "Webhook was deleted";
}

nlohmann::json World::get_webhook_info(std::string_view token) {
  std::lock_guard lock(mutex_);
  const auto bot = bot_by_token(token);
  admit_call(*bot);
  // The fake accepts a webhook (so that the 409 rules and teardown hooks can be exercised) but
  // never delivers to it: updates stay pending, and this count shows them.
  return {{"url", bot->webhook_url},
          {"has_custom_certificate", false},
          {"pending_update_count", bot->pending.size()}};
}

std::shared_ptr<World::BotState> World::bot_by_token(std::string_view token) const {
  const auto it = std::find_if(bots_.begin(), bots_.end(),
                               [&](const auto& bot) { return bot->token == token; });
  if (it == bots_.end()) throw ApiError(401, description::kUnauthorized);
  return *it;
}

void World::admit_call(BotState& bot) {
  if (bot.flood_calls_left <= 0) return;
  --bot.flood_calls_left;
  ++bot.counters.rate_limited;
  throw ApiError(429, fmt::format("Too Many Requests: retry after {}", bot.flood_retry_after_s),
                 bot.flood_retry_after_s);
}

}  // namespace tas::fake::detail
