// What a bot can learn about a chat and do to its own membership: sendChatAction, getChat,
// getChatMember, getChatAdministrators, leaveChat; and logOut/close, which end nothing in the fake.

#include <algorithm>
#include <array>
#include <cctype>

#include "api_error.hpp"
#include "method_table.hpp"
#include "world.hpp"

namespace tas::fake::detail {
namespace {

// The actions Telegram's sendChatAction accepts, including the older names it still takes.
constexpr std::array<std::string_view, 16> kChatActions = {
    "typing",        "upload_photo",     "record_video",      "upload_video",      "record_voice",
    "upload_voice",  "record_audio",     "upload_audio",      "upload_document",   "choose_sticker",
    "find_location", "pick_up_location", "record_video_note", "upload_video_note", "cancel",
    "choose_contact"};

bool is_chat_action(std::string action) {
  std::transform(action.begin(), action.end(), action.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::find(kChatActions.begin(), kChatActions.end(), action) != kChatActions.end();
}

// A member bot is an administrator with the rights a bot needs to do everything the fake offers
// (delete others' messages, pin, manage topics).
nlohmann::json administrator(const User& bot, bool supergroup) {
  nlohmann::json member = {{"status", "administrator"},      {"user", to_bot_api_json(bot)},
                           {"can_be_edited", false},         {"is_anonymous", false},
                           {"can_manage_chat", true},        {"can_delete_messages", true},
                           {"can_manage_video_chats", true}, {"can_restrict_members", true},
                           {"can_promote_members", false},   {"can_change_info", true},
                           {"can_invite_users", true},       {"can_post_stories", false},
                           {"can_edit_stories", false},      {"can_delete_stories", false},
                           {"can_pin_messages", true}};
  if (supergroup) member["can_manage_topics"] = true;
  return member;
}

}  // namespace

void World::send_chat_action(std::string_view token, std::optional<std::int64_t> chat_id,
                             std::optional<std::int64_t> topic_id) {
  std::lock_guard lock(mutex_);
  const auto bot = bot_by_token(token);
  admit_call(*bot);
  const auto& chat = chat_for_bot(*bot, chat_id);
  if (topic_id && !chat.topics.contains(*topic_id)) {
    throw ApiError(400, description::kThreadNotFound);
  }
}

nlohmann::json World::get_chat(std::string_view token, std::optional<std::int64_t> chat_id) {
  std::lock_guard lock(mutex_);
  const auto bot = bot_by_token(token);
  admit_call(*bot);
  const auto& chat = chat_for_bot(*bot, chat_id);
  // ChatFullInfo: the Chat, plus the fields Telegram always sends with it.
  auto info = to_bot_api_json(chat.chat);
  info["accent_color_id"] = 0;
  info["max_reaction_count"] = 11;
  info["accepted_gift_types"] = {{"unlimited_gifts", false},
                                 {"limited_gifts", false},
                                 {"unique_gifts", false},
                                 {"premium_subscription", false},
                                 {"gifts_from_channels", false}};
  if (chat.chat.type == "private") {
    if (const auto user = users_.find(chat.chat.id);
        user != users_.end() && !user->second.username.empty()) {
      info["username"] = user->second.username;
    }
  } else {
    info["permissions"] = {{"can_send_messages", true},       {"can_send_photos", true},
                           {"can_send_documents", true},      {"can_send_polls", true},
                           {"can_send_other_messages", true}, {"can_add_web_page_previews", true},
                           {"can_change_info", false},        {"can_invite_users", true},
                           {"can_pin_messages", false},       {"can_manage_topics", false}};
  }
  if (!chat.pinned.empty()) {
    if (const auto* pinned = find_message(chat, chat.pinned.back())) {
      info["pinned_message"] = to_bot_api_json(*pinned);
    }
  }
  return info;
}

nlohmann::json World::get_chat_member(std::string_view token, std::optional<std::int64_t> chat_id,
                                      std::int64_t user_id) {
  std::lock_guard lock(mutex_);
  const auto bot = bot_by_token(token);
  admit_call(*bot);
  const auto& chat = chat_for_bot(*bot, chat_id);
  const bool is_private = chat.chat.type == "private";
  for (const auto& other : bots_) {
    if (other->identity.id != user_id) continue;
    if (!chat.bot_members.contains(user_id)) {
      return {{"status", "left"}, {"user", to_bot_api_json(other->identity)}};
    }
    if (is_private) return {{"status", "member"}, {"user", to_bot_api_json(other->identity)}};
    return administrator(other->identity, chat.chat.type == "supergroup");
  }
  const auto user = users_.find(user_id);
  // The fake keeps no member list for people: everyone it knows is in every group, and in their
  // own private chat.
  if (user == users_.end() || (is_private && chat.chat.id != user_id)) {
    throw ApiError(400, description::kUserNotFound);
  }
  return {{"status", "member"}, {"user", to_bot_api_json(user->second)}};
}

nlohmann::json World::get_chat_administrators(std::string_view token,
                                              std::optional<std::int64_t> chat_id) {
  std::lock_guard lock(mutex_);
  const auto bot = bot_by_token(token);
  admit_call(*bot);
  const auto& chat = chat_for_bot(*bot, chat_id);
  if (chat.chat.type == "private") throw ApiError(400, description::kNoAdminsInPrivateChat);
  auto admins = nlohmann::json::array();
  for (const auto& other : bots_) {
    if (chat.bot_members.contains(other->identity.id)) {
      admins.push_back(administrator(other->identity, chat.chat.type == "supergroup"));
    }
  }
  return admins;
}

void World::leave_chat(std::string_view token, std::optional<std::int64_t> chat_id) {
  std::lock_guard lock(mutex_);
  const auto bot = bot_by_token(token);
  admit_call(*bot);
  auto& chat = chat_for_bot(*bot, chat_id);
  if (chat.chat.type == "private") {
    throw ApiError(400, "Bad Request: chat member status can't be changed in private chats");
  }
  chat.bot_members.erase(bot->identity.id);
}

void World::log_out(std::string_view token) {
  std::lock_guard lock(mutex_);
  admit_call(*bot_by_token(token));
}

void add_chat_info_methods(MethodTable& table) {
  table.emplace("sendchataction", [](World& world, std::string_view token, const Call& call) {
    const auto& params = call.params;
    if (!is_chat_action(params.string("action").value_or(""))) {
      throw ApiError(400, description::kWrongChatAction);
    }
    world.send_chat_action(token, chat_id_param(params), params.integer("message_thread_id"));
    return done();
  });
  table.emplace("getchat", [](World& world, std::string_view token, const Call& call) {
    return MethodResult{world.get_chat(token, chat_id_param(call.params)), {}};
  });
  table.emplace("getchatmember", [](World& world, std::string_view token, const Call& call) {
    const auto user_id = call.params.integer("user_id");
    if (!user_id) throw ApiError(400, "Bad Request: Invalid user_id specified");
    return MethodResult{world.get_chat_member(token, chat_id_param(call.params), *user_id), {}};
  });
  table.emplace(
      "getchatadministrators", [](World& world, std::string_view token, const Call& call) {
        return MethodResult{world.get_chat_administrators(token, chat_id_param(call.params)), {}};
      });
  table.emplace("leavechat", [](World& world, std::string_view token, const Call& call) {
    world.leave_chat(token, chat_id_param(call.params));
    return done();
  });
  // The fake has no session to end; both answer true, as Telegram does the first time.
  for (const auto* name : {"logout", "close"}) {
    table.emplace(name, [](World& world, std::string_view token, const Call&) {
      world.log_out(token);
      return done();
    });
  }
}

}  // namespace tas::fake::detail
