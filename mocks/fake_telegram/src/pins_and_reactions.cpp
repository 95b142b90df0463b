// pinChatMessage, unpinChatMessage and setMessageReaction: what a bot marks on existing messages.

#include <algorithm>
#include <array>

#include "api_error.hpp"
#include "method_table.hpp"
#include "world.hpp"

namespace tas::fake::detail {
namespace {

// The emoji Telegram allows as a reaction (ReactionTypeEmoji).
constexpr std::array<std::string_view, 73> kReactionEmoji = {
    "❤",    "👍",          "👎",    "🔥",    "🥰",        "👏", "😁",    "🤔", "🤯", "😱",
    "🤬", "😢",          "🎉",    "🤩", "🤮",        "💩", "🙏",    "👌",    "🕊", "🤡",
    "🥱", "🥴",       "😍",    "🐳",    "❤‍🔥",  "🌚", "🌭", "💯",    "🤣", "⚡",
    "🍌",    "🏆",          "💔",    "🤨", "😐",           "🍓", "🍾", "💋",    "🖕", "😈",
    "😴",    "😭",          "🤓", "👻",    "👨‍💻", "👀", "🎃",    "🙈",    "😇",    "😨",
    "🤝", "✍",          "🤗", "🫡", "🎅",           "🎄", "☃",    "💅",    "🤪", "🗿",
    "🆒",    "💘",          "🙉",    "🦄", "😘",           "💊", "🙊",    "😎",    "👾",    "🤷‍♂",
    "🤷", "🤷‍♀", "😡"};

// A bot may set one reaction; an empty list takes its reaction back.
nlohmann::json validated_reaction(const std::optional<nlohmann::json>& reaction) {
  if (!reaction) return nlohmann::json::array();
  if (!reaction->is_array()) throw ApiError(400, "Bad Request: Expected an Array of ReactionType");
  if (reaction->size() > 1) throw ApiError(400, "Bad Request: REACTIONS_TOO_MANY");
  for (const auto& type : *reaction) {
    if (!type.is_object()) throw ApiError(400, description::kReactionInvalid);
    const auto kind = type.value("type", std::string());
    if (kind == "emoji") {
      const auto emoji = type.value("emoji", std::string());
      if (std::find(kReactionEmoji.begin(), kReactionEmoji.end(), emoji) == kReactionEmoji.end()) {
        throw ApiError(400, description::kReactionInvalid);
      }
    } else if (kind != "custom_emoji" && kind != "paid") {
      throw ApiError(400, description::kReactionInvalid);
    }
  }
  return *reaction;
}

}  // namespace

void World::pin_message(std::string_view token, std::optional<std::int64_t> chat_id,
                        std::int64_t message_id) {
  std::lock_guard lock(mutex_);
  const auto bot = bot_by_token(token);
  admit_call(*bot);
  auto& chat = chat_for_bot(*bot, chat_id);
  if (find_message(chat, message_id) == nullptr) {
    throw ApiError(400, description::kMessageToPinNotFound);
  }
  // Pinning again makes it the most recent pin, the one getChat shows.
  std::erase(chat.pinned, message_id);
  chat.pinned.push_back(message_id);
}

void World::unpin_message(std::string_view token, std::optional<std::int64_t> chat_id,
                          std::optional<std::int64_t> message_id) {
  std::lock_guard lock(mutex_);
  const auto bot = bot_by_token(token);
  admit_call(*bot);
  auto& chat = chat_for_bot(*bot, chat_id);
  if (!message_id) {
    if (!chat.pinned.empty()) chat.pinned.pop_back();
    return;
  }
  if (find_message(chat, *message_id) == nullptr) {
    throw ApiError(400, description::kMessageToUnpinNotFound);
  }
  std::erase(chat.pinned, *message_id);
}

void World::set_message_reaction(std::string_view token, std::optional<std::int64_t> chat_id,
                                 std::int64_t message_id, const nlohmann::json& reaction) {
  std::lock_guard lock(mutex_);
  const auto bot = bot_by_token(token);
  admit_call(*bot);
  auto& chat = chat_for_bot(*bot, chat_id);
  if (find_message(chat, message_id) == nullptr) {
    throw ApiError(400, description::kMessageToReactNotFound);
  }
  auto& on_message = chat.bot_reactions[message_id];
  if (reaction.empty()) {
    on_message.erase(bot->identity.id);
  } else {
    on_message[bot->identity.id] = reaction;
  }
}

void add_pin_and_reaction_methods(MethodTable& table) {
  table.emplace("pinchatmessage", [](World& world, std::string_view token, const Call& call) {
    world.pin_message(token, chat_id_param(call.params),
                      message_id_param(call.params, "message to pin"));
    return done();
  });
  table.emplace("unpinchatmessage", [](World& world, std::string_view token, const Call& call) {
    world.unpin_message(token, chat_id_param(call.params), call.params.integer("message_id"));
    return done();
  });
  table.emplace("setmessagereaction", [](World& world, std::string_view token, const Call& call) {
    const auto reaction = validated_reaction(call.params.structured("reaction"));
    world.set_message_reaction(token, chat_id_param(call.params),
                               message_id_param(call.params, "message to react"), reaction);
    return done();
  });
}

}  // namespace tas::fake::detail
