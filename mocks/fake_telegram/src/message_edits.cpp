// Changing and removing messages after they were sent: the bot's editMessageText,
// editMessageReplyMarkup and deleteMessage, and the person's edit and delete. A bot's edit reaches
// no bot; a person's edit is an edited_message update; deletions are never updates.

#include <algorithm>

#include "api_error.hpp"
#include "method_table.hpp"
#include "unix_time.hpp"
#include "world.hpp"
#include <fmt/format.h>

#include <tas/fake/fake_telegram_error.hpp>

namespace tas::fake::detail {
namespace {

// The keyboard that is part of the message as Telegram shows it: only an inline one.
nlohmann::json inline_keyboard_of(const nlohmann::json& markup) {
  return markup.is_object() && markup.contains("inline_keyboard") ? markup : nlohmann::json();
}

// Entities as the wire shows them: what "not modified" compares.
nlohmann::json wire_entities(const std::vector<MessageEntity>& entities) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& entity : entities)
    out.push_back(to_bot_api_json(entity));
  return out;
}

}  // namespace

nlohmann::json World::edit_message(std::string_view token, std::optional<std::int64_t> chat_id,
                                   std::int64_t message_id, const std::optional<MarkedUpText>& text,
                                   const nlohmann::json& reply_markup) {
  Message edited;
  {
    std::lock_guard lock(mutex_);
    const auto bot = bot_by_token(token);
    admit_call(*bot);
    auto& chat = chat_for_bot(*bot, chat_id);
    const auto found = chat.messages.find(message_id);
    if (found == chat.messages.end()) throw ApiError(400, description::kMessageToEditNotFound);
    auto& message = found->second;
    if (message.from.id != bot->identity.id) {
      throw ApiError(400, description::kMessageCantBeEdited);
    }
    if (text && message.text.empty()) throw ApiError(400, description::kNoTextToEdit);
    if (text && text->text.empty()) throw ApiError(400, description::kTextEmpty);
    if (!reply_markup.is_null() && !reply_markup.contains("inline_keyboard")) {
      throw ApiError(400, "Bad Request: inline keyboard expected");
    }
    // The new text goes through what sendMessage's does: UTF-8, parse_mode, detection, limit.
    FormattedText new_text{message.text, message.entities};
    if (text) {
      new_text = format_bot_text(text->text, text->parse_mode, text->entities);
      check_message_text_length(new_text);
    }
    // An edit without reply_markup removes the inline keyboard, as at Telegram.
    if (new_text.text == message.text &&
        wire_entities(new_text.entities) == wire_entities(message.entities) &&
        reply_markup == inline_keyboard_of(message.reply_markup)) {
      throw ApiError(400, description::kMessageNotModified);
    }
    message.text = std::move(new_text.text);
    message.entities = std::move(new_text.entities);
    // A reply keyboard lives on the person's client, which an edit does not reach.
    if (!reply_markup.is_null() || message.reply_markup.contains("inline_keyboard")) {
      message.reply_markup = reply_markup;
    }
    message.edit_date = unix_time_now();
    edited = message;
  }
  changed_.notify_all();
  return to_bot_api_json(edited);
}

void World::delete_message(std::string_view token, std::optional<std::int64_t> chat_id,
                           std::int64_t message_id) {
  {
    std::lock_guard lock(mutex_);
    const auto bot = bot_by_token(token);
    admit_call(*bot);
    auto& chat = chat_for_bot(*bot, chat_id);
    // Member bots are administrators in the fake, so they may delete anyone's message.
    if (!chat.messages.contains(message_id)) {
      throw ApiError(400, description::kMessageToDeleteNotFound);
    }
    forget_message(chat, message_id);
  }
  changed_.notify_all();
}

Message World::edit_as_user(std::int64_t user_id, std::int64_t chat_id, std::int64_t message_id,
                            std::string_view text) {
  if (text.empty()) {
    throw FakeTelegramError("edit_as_user: expected a non-empty text; Telegram has no empty ones");
  }
  Message edited;
  {
    std::lock_guard lock(mutex_);
    auto& chat = chat_by_id(chat_id, "edit_as_user");
    const auto found = chat.messages.find(message_id);
    if (found == chat.messages.end() || found->second.from.id != user_id) {
      throw FakeTelegramError(fmt::format(
          "edit_as_user: chat {} has no message {} from user {}; a person edits only their own",
          chat_id, message_id, user_id));
    }
    auto& message = found->second;
    if (message.text == text) {
      throw FakeTelegramError(fmt::format(
          "edit_as_user: message {} already says that; Telegram sends no edit then", message_id));
    }
    FormattedText formatted = format_user_text(text, "edit_as_user");
    message.text = std::move(formatted.text);
    message.entities = std::move(formatted.entities);
    message.edit_date = unix_time_now();
    edited = message;
    deliver_to_members(chat, edited, "edited_message");
  }
  changed_.notify_all();
  return edited;
}

void World::delete_as_user(std::int64_t user_id, std::int64_t chat_id, std::int64_t message_id) {
  {
    std::lock_guard lock(mutex_);
    auto& chat = chat_by_id(chat_id, "delete_as_user");
    const auto found = chat.messages.find(message_id);
    if (found == chat.messages.end() || found->second.from.id != user_id) {
      throw FakeTelegramError(fmt::format(
          "delete_as_user: chat {} has no message {} from user {}; a person deletes only their "
          "own",
          chat_id, message_id, user_id));
    }
    // Bots are not told: the Bot API has no update for a deleted message.
    forget_message(chat, message_id);
  }
  changed_.notify_all();
}

void World::forget_message(ChatState& chat, std::int64_t message_id) {
  chat.messages.erase(message_id);
  std::erase(chat.pinned, message_id);
  chat.bot_reactions.erase(message_id);
}

void add_message_edit_methods(MethodTable& table) {
  table.emplace("editmessagetext", [](World& world, std::string_view token, const Call& call) {
    const auto& params = call.params;
    const auto text = marked_up_text_param(params, "text").value_or(MarkedUpText{});
    return MethodResult{world.edit_message(token, chat_id_param(params),
                                           message_id_param(params, "message to edit"), text,
                                           reply_markup_param(params)),
                        {}};
  });
  table.emplace(
      "editmessagereplymarkup", [](World& world, std::string_view token, const Call& call) {
        const auto& params = call.params;
        return MethodResult{world.edit_message(token, chat_id_param(params),
                                               message_id_param(params, "message to edit"),
                                               std::nullopt, reply_markup_param(params)),
                            {}};
      });
  table.emplace("deletemessage", [](World& world, std::string_view token, const Call& call) {
    world.delete_message(token, chat_id_param(call.params),
                         message_id_param(call.params, "message to delete"));
    return done();
  });
}

}  // namespace tas::fake::detail
