// Inline buttons: a person presses one (a callback_query update for the bot that sent the message)
// and the bot answers it once with answerCallbackQuery, which the person's side can read.

#include <algorithm>

#include "api_error.hpp"
#include "method_table.hpp"
#include "reply_markup.hpp"
#include "world.hpp"
#include <fmt/format.h>

#include <tas/fake/fake_telegram_error.hpp>

namespace tas::fake::detail {
namespace {

// Telegram's chat_instance: an opaque number, the same for every button press in one chat.
std::string chat_instance_of(std::int64_t chat_id) {
  return std::to_string(
      static_cast<std::int64_t>(static_cast<std::uint64_t>(chat_id) * 0x9E3779B97F4A7C15ULL >> 1U));
}

}  // namespace

std::string World::press_button(std::int64_t user_id, std::int64_t chat_id, std::int64_t message_id,
                                std::string_view callback_data) {
  std::string query_id;
  {
    std::lock_guard lock(mutex_);
    const auto user = users_.find(user_id);
    if (user == users_.end()) {
      throw FakeTelegramError(
          fmt::format("press_button: no user {}; create_user it first", user_id));
    }
    const auto& chat = chat_by_id(chat_id, "press_button");
    const auto message = chat.messages.find(message_id);
    if (message == chat.messages.end() ||
        !has_callback_button(message->second.reply_markup, callback_data)) {
      throw FakeTelegramError(fmt::format(
          "press_button: message {} in chat {} has no inline button with callback_data \"{}\"",
          message_id, chat_id, callback_data));
    }
    const auto sender = message->second.from.id;
    const auto bot = std::find_if(bots_.begin(), bots_.end(),
                                  [&](const auto& each) { return each->identity.id == sender; });
    if (bot == bots_.end()) {
      throw FakeTelegramError(
          fmt::format("press_button: message {} was not sent by a registered bot", message_id));
    }
    query_id = fmt::format("{}{:06}", sender, next_callback_query_number_++);
    callback_queries_.emplace(query_id, CallbackQuery{.bot_id = sender});
    enqueue_update(**bot, "callback_query",
                   {{"id", query_id},
                    {"from", to_bot_api_json(user->second)},
                    {"message", to_bot_api_json(message->second)},
                    {"chat_instance", chat_instance_of(chat_id)},
                    {"data", callback_data}});
  }
  changed_.notify_all();  // wakes the bot's parked poll
  return query_id;
}

std::optional<CallbackAnswer> World::callback_answer(std::string_view query_id,
                                                     Clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  if (!callback_queries_.contains(query_id)) {
    throw FakeTelegramError(fmt::format(
        "callback_answer: no callback query \"{}\"; press_button returns the id", query_id));
  }
  const auto generation = generation_;
  std::optional<CallbackAnswer> answer;
  changed_.wait_until(lock, deadline, [&] {
    if (stopping_ || generation != generation_) return true;
    answer = callback_queries_.find(query_id)->second.answer;
    return answer.has_value();
  });
  return answer;
}

void World::answer_callback_query(std::string_view token, const std::string& query_id,
                                  const CallbackAnswer& answer) {
  {
    std::lock_guard lock(mutex_);
    const auto bot = bot_by_token(token);
    admit_call(*bot);
    const auto query = callback_queries_.find(query_id);
    // A query is answered once, by the bot it was sent to.
    if (query == callback_queries_.end() || query->second.bot_id != bot->identity.id ||
        query->second.answer) {
      throw ApiError(400, description::kQueryInvalid);
    }
    query->second.answer = answer;
  }
  changed_.notify_all();  // for callback_answer
}

void add_callback_query_methods(MethodTable& table) {
  table.emplace("answercallbackquery", [](World& world, std::string_view token, const Call& call) {
    const auto& params = call.params;
    const CallbackAnswer answer{
        .text = params.string("text").value_or(""),
        .show_alert = params.boolean("show_alert").value_or(false),
        .url = params.string("url").value_or(""),
        .cache_time = static_cast<int>(params.integer("cache_time").value_or(0))};
    world.answer_callback_query(token, params.string("callback_query_id").value_or(""), answer);
    return done();
  });
}

}  // namespace tas::fake::detail
