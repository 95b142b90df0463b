// setMyCommands, getMyCommands, deleteMyCommands: a command list per scope and language, as a bot
// declares at start-up and a user's client shows.

#include <algorithm>
#include <cctype>

#include "api_error.hpp"
#include "method_table.hpp"
#include "world.hpp"

namespace tas::fake::detail {
namespace {

constexpr std::size_t kMaxCommands = 100;
constexpr std::size_t kMaxCommandLength = 32;
constexpr std::size_t kMaxDescriptionLength = 256;

[[noreturn]] void reject_scope(std::string_view why) {
  throw ApiError(400, "Bad Request: Can't parse BotCommandScope: " + std::string(why));
}

// The scope with only the fields its type uses, so that equal scopes are equal keys.
nlohmann::json canonical_scope(const std::optional<nlohmann::json>& scope) {
  if (!scope) return {{"type", "default"}};
  if (!scope->is_object()) throw ApiError(400, "Bad Request: BotCommandScope must be an Object");
  const auto type = scope->value("type", std::string());
  if (type == "default" || type == "all_private_chats" || type == "all_group_chats" ||
      type == "all_chat_administrators") {
    return {{"type", type}};
  }
  if (type != "chat" && type != "chat_administrators" && type != "chat_member") {
    reject_scope("Unsupported type specified");
  }
  nlohmann::json canonical = {{"type", type}};
  const auto chat_id = scope->find("chat_id");
  if (chat_id == scope->end() || !(chat_id->is_number_integer() || chat_id->is_string())) {
    reject_scope("Empty chat_id specified");
  }
  // "-100" and -100 name the same chat, and so the same list.
  const auto numeric = chat_id->is_string() ? parse_integer(chat_id->get<std::string>())
                                            : std::optional(chat_id->get<std::int64_t>());
  canonical["chat_id"] = numeric ? nlohmann::json(*numeric) : *chat_id;
  if (type == "chat_member") {
    const auto user_id = scope->find("user_id");
    if (user_id == scope->end() || !user_id->is_number_integer()) {
      reject_scope("Invalid user_id specified");
    }
    canonical["user_id"] = *user_id;
  }
  return canonical;
}

std::string language_code_of(const RequestParams& params) {
  auto code = params.string("language_code").value_or("");
  const bool two_letters = code.size() == 2 && std::islower(static_cast<unsigned char>(code[0])) &&
                           std::islower(static_cast<unsigned char>(code[1]));
  if (!code.empty() && !two_letters) {
    throw ApiError(400, "Bad Request: invalid language code specified");
  }
  return code;
}

bool is_command_name(const std::string& command) {
  return !command.empty() && command.size() <= kMaxCommandLength &&
         std::all_of(command.begin(), command.end(), [](unsigned char c) {
           return std::islower(c) != 0 || std::isdigit(c) != 0 || c == '_';
         });
}

// The commands as Telegram stores them: {command, description} each, checked.
nlohmann::json validated_commands(const RequestParams& params) {
  const auto commands = params.structured("commands");
  if (!commands) return nlohmann::json::array();
  if (!commands->is_array()) throw ApiError(400, "Bad Request: Expected an Array of BotCommand");
  if (commands->size() > kMaxCommands) throw ApiError(400, "Bad Request: too many commands");
  auto kept = nlohmann::json::array();
  for (const auto& command : *commands) {
    if (!command.is_object()) {
      throw ApiError(400, "Bad Request: Can't parse BotCommand: expected an Object");
    }
    for (const auto* field : {"command", "description"}) {
      if (!command.contains(field) || !command[field].is_string()) {
        throw ApiError(
            400,
            std::string("Bad Request: Can't parse BotCommand: Can't find field \"") + field + "\"");
      }
    }
    // A leading slash is dropped; upper case is refused, a common mistake bots make at start-up.
    auto name = command["command"].get<std::string>();
    if (name.starts_with('/')) name.erase(0, 1);
    if (!is_command_name(name)) throw ApiError(400, description::kBotCommandInvalid);
    const auto& text = command["description"].get_ref<const std::string&>();
    if (text.empty() || text.size() > kMaxDescriptionLength) {
      throw ApiError(400, description::kBotCommandDescriptionInvalid);
    }
    kept.push_back({{"command", name}, {"description", text}});
  }
  return kept;
}

std::string commands_key(const nlohmann::json& scope, const std::string& language_code) {
  return scope.dump() + "|" + language_code;
}

}  // namespace

void World::set_my_commands(std::string_view token, const nlohmann::json& commands,
                            const nlohmann::json& scope, const std::string& language_code) {
  std::lock_guard lock(mutex_);
  const auto bot = bot_by_token(token);
  admit_call(*bot);
  if (commands.empty()) {
    bot->commands.erase(commands_key(scope, language_code));  // as Telegram: empty deletes
  } else {
    bot->commands[commands_key(scope, language_code)] = commands;
  }
}

nlohmann::json World::get_my_commands(std::string_view token, const nlohmann::json& scope,
                                      const std::string& language_code) {
  std::lock_guard lock(mutex_);
  const auto bot = bot_by_token(token);
  admit_call(*bot);
  // The list set for exactly this scope and language: getMyCommands does not fall back.
  const auto it = bot->commands.find(commands_key(scope, language_code));
  return it == bot->commands.end() ? nlohmann::json::array() : it->second;
}

void World::delete_my_commands(std::string_view token, const nlohmann::json& scope,
                               const std::string& language_code) {
  std::lock_guard lock(mutex_);
  const auto bot = bot_by_token(token);
  admit_call(*bot);
  bot->commands.erase(commands_key(scope, language_code));
}

void add_bot_command_methods(MethodTable& table) {
  table.emplace("setmycommands", [](World& world, std::string_view token, const Call& call) {
    const auto& params = call.params;
    const auto commands = validated_commands(params);
    world.set_my_commands(token, commands, canonical_scope(params.structured("scope")),
                          language_code_of(params));
    return done();
  });
  table.emplace("getmycommands", [](World& world, std::string_view token, const Call& call) {
    const auto& params = call.params;
    return MethodResult{world.get_my_commands(token, canonical_scope(params.structured("scope")),
                                              language_code_of(params)),
                        {}};
  });
  table.emplace("deletemycommands", [](World& world, std::string_view token, const Call& call) {
    const auto& params = call.params;
    world.delete_my_commands(token, canonical_scope(params.structured("scope")),
                             language_code_of(params));
    return done();
  });
}

}  // namespace tas::fake::detail
