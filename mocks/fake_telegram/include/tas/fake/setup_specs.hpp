#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <tas/fake/telegram_objects.hpp>

namespace tas::fake {

// What the control API is given to populate the fake's world. The same shapes arrive as JSON over
// HTTP (`/_control/...`) and in the executable's setup files; the `*_from_json` readers are the one
// place that knows their field names, and their errors name the field that is wrong.

struct BotSpec {
  // "<numeric id>:<secret>", as BotFather issues them. A secret: the fake never logs or echoes it,
  // and no error message contains it.
  std::string token{};
  std::string username{};    // without '@'
  std::string first_name{};  // empty: the username
};

struct ChatSpec {
  Chat chat{};
  // Forum topics, as their `message_thread_id`s. Only a forum (`chat.is_forum`) has topics.
  std::vector<std::int64_t> topic_ids{};
  // Bots (by username) that are members: each receives the users' messages in this chat as
  // updates, and only members may sendMessage into it.
  std::vector<std::string> bot_usernames{};
};

// {"token": "...", "username": "...", "first_name": "..."}
[[nodiscard]] BotSpec bot_spec_from_json(const nlohmann::json& json);
// {"id": 42, "first_name": "Ada", "username": "ada"}
[[nodiscard]] User user_from_json(const nlohmann::json& json);
// {"id": -100123, "type": "supergroup", "title": "...", "is_forum": true, "topics": [7],
//  "bots": ["agent_bot"]}
[[nodiscard]] ChatSpec chat_spec_from_json(const nlohmann::json& json);

}  // namespace tas::fake
