#include <fmt/format.h>

#include <tas/fake/fake_telegram_error.hpp>
#include <tas/fake/setup_specs.hpp>

namespace tas::fake {
namespace {

// Reads one field with a message that names it and the JSON type it expected; the value itself is
// not quoted, because for a bot the object holds a token.
template <typename T>
T field(const nlohmann::json& json, std::string_view what, const char* name, bool required,
        T fallback = T{}) {
  if (!json.is_object()) {
    throw FakeTelegramError(
        fmt::format("{}: expected a JSON object, got {}", what, json.type_name()));
  }
  const auto it = json.find(name);
  if (it == json.end() || it->is_null()) {
    if (required) throw FakeTelegramError(fmt::format("{}: field \"{}\" is missing", what, name));
    return fallback;
  }
  try {
    return it->get<T>();
  } catch (const nlohmann::json::exception&) {
    throw FakeTelegramError(
        fmt::format("{}: field \"{}\" has the wrong type ({})", what, name, it->type_name()));
  }
}

}  // namespace

BotSpec bot_spec_from_json(const nlohmann::json& json) {
  constexpr std::string_view kWhat = "bot";
  BotSpec bot;
  bot.token = field<std::string>(json, kWhat, "token", true);
  bot.username = field<std::string>(json, kWhat, "username", true);
  bot.first_name = field<std::string>(json, kWhat, "first_name", false);
  return bot;
}

User user_from_json(const nlohmann::json& json) {
  constexpr std::string_view kWhat = "user";
  User user;
  user.id = field<std::int64_t>(json, kWhat, "id", true);
  user.first_name = field<std::string>(json, kWhat, "first_name", true);
  user.username = field<std::string>(json, kWhat, "username", false);
  return user;
}

ChatSpec chat_spec_from_json(const nlohmann::json& json) {
  constexpr std::string_view kWhat = "chat";
  ChatSpec spec;
  spec.chat.id = field<std::int64_t>(json, kWhat, "id", true);
  spec.chat.type = field<std::string>(json, kWhat, "type", false, std::string("supergroup"));
  spec.chat.title = field<std::string>(json, kWhat, "title", true);
  spec.chat.is_forum = field<bool>(json, kWhat, "is_forum", false);
  spec.topic_ids = field<std::vector<std::int64_t>>(json, kWhat, "topics", false);
  spec.bot_usernames = field<std::vector<std::string>>(json, kWhat, "bots", false);
  return spec;
}

}  // namespace tas::fake
