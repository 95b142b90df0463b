#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tas::fake {

// The Telegram objects the fake hands out, with only the fields agents and the harness rely on.
// They are plain values so that a test can compare them; `to_bot_api_json` renders them exactly as
// the Bot API puts them on the wire, so the fake has one rendering for updates, sendMessage results
// and the control API alike.

// A Telegram account: a person, or a bot (`is_bot`).
struct User {
  std::int64_t id = 0;
  bool is_bot = false;
  std::string first_name{};
  std::string username{};  // without '@'; empty when the account has none
};

struct Chat {
  std::int64_t id = 0;  // positive for a private chat (the user's id), negative for groups
  std::string type = "supergroup";  // "private", "group" or "supergroup"
  std::string title{};              // for a private chat: the other party's first name
  bool is_forum = false;            // a supergroup with topics
};

// A formatted or recognised span of a message's text: "bold", "bot_command", "text_link", ... as
// the Bot API names them. Offsets and lengths count UTF-16 code units, as Telegram's do.
struct MessageEntity {
  std::string type{};
  std::int64_t offset = 0;
  std::int64_t length = 0;
  std::string url{};              // "text_link"
  std::optional<User> user{};     // "text_mention"
  std::string language{};         // "pre", when the block names one
  std::string custom_emoji_id{};  // "custom_emoji"
};

struct Message {
  std::int64_t message_id = 0;  // increasing per chat
  User from{};
  Chat chat{};
  std::int64_t date = 0;  // Unix seconds
  std::string text{};
  std::vector<MessageEntity> entities{};  // empty, like Telegram's absent `entities`
  // The forum topic (`message_thread_id`). Unset in the General topic and in chats without topics,
  // which is also when Telegram leaves `message_thread_id` and `is_topic_message` out.
  std::optional<std::int64_t> topic_id{};
  // The message this one replies to, one level deep as in Telegram's `reply_to_message`. In a
  // forum topic, unless the message answers another one, this is the topic's creation message, as
  // Telegram sets it.
  std::shared_ptr<const Message> reply_to{};
  // Set when the message was edited (Unix seconds).
  std::optional<std::int64_t> edit_date{};
  // The keyboard the message was sent with, as the bot gave it (null: none). Only an inline
  // keyboard is part of the Message on the wire; a reply keyboard, remove_keyboard or force_reply
  // acts on the user's client and Telegram does not return it, but the user side can see it here.
  nlohmann::json reply_markup{};
  // Wire fields of content other than text, rendered as they are: "photo" or "document" with
  // "caption", "forward_origin", "forum_topic_created", "sender_chat". An empty object for a plain
  // text message.
  nlohmann::json extra_fields = nlohmann::json::object();
};

[[nodiscard]] nlohmann::json to_bot_api_json(const User& user);
[[nodiscard]] nlohmann::json to_bot_api_json(const Chat& chat);
[[nodiscard]] nlohmann::json to_bot_api_json(const MessageEntity& entity);
[[nodiscard]] nlohmann::json to_bot_api_json(const Message& message);

}  // namespace tas::fake
