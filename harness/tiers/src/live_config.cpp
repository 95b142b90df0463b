#include <fmt/format.h>

#include <tas/core/errors.hpp>
#include <tas/core/json_schema.hpp>
#include <tas/core/secret_shapes.hpp>
#include <tas/core/untrusted_file.hpp>
#include <tas/core/untrusted_json.hpp>
#include <tas/secret_drop/drop_id.hpp>
#include <tas/tiers/live_config.hpp>

namespace tas {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

[[noreturn]] void refuse(const std::string& source, std::string_view field,
                         std::string_view expected) {
  throw UsageError(
      fmt::format("live configuration {}: '{}' must be {}. Fix the file (README, 'The live tier').",
                  source, field, expected));
}

std::string text(const json& object, const std::string& source, std::string_view field,
                 std::string_view name) {
  const auto found = object.find(name);
  if (found == object.end()) refuse(source, field, "present (a non-empty string)");
  const json& value = *found;
  if (!value.is_string() || value.get<std::string>().empty())
    refuse(source, field, "a non-empty string");
  // A secret belongs in Secret Drop; the configuration only says where to find it.
  if (find_secret_shape(value.get<std::string>()))
    refuse(source, field, "free of raw secrets (put them into Secret Drop)");
  return value.get<std::string>();
}

std::int64_t integer(const json& object, const std::string& source, std::string_view field,
                     std::string_view name) {
  const auto found = object.find(name);
  if (found == object.end()) refuse(source, field, "present (an integer)");
  const json& value = *found;
  // Telegram's IDs fit in 53 bits; an integer beyond 64 signed bits would silently wrap.
  constexpr std::uint64_t kMaxId = std::uint64_t{1} << 53;
  if (!value.is_number_integer() ||
      (value.is_number_unsigned() && value.get<std::uint64_t>() > kMaxId) ||
      (!value.is_number_unsigned() &&
       (value.get<std::int64_t>() < -static_cast<std::int64_t>(kMaxId))))
    refuse(source, field, "an integer from -2^53 to 2^53");
  return value.get<std::int64_t>();
}

std::vector<std::string> strings(const json& object, const std::string& source,
                                 std::string_view field, std::string_view name) {
  std::vector<std::string> out;
  if (!object.contains(name)) return out;
  const json& list = object.at(name);
  if (!list.is_array()) refuse(source, field, "an array of strings");
  for (const json& item : list) {
    if (!item.is_string()) refuse(source, field, "an array of strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

}  // namespace

std::vector<std::string> LiveConfig::missing() const {
  std::vector<std::string> needs;
  if (!drop_id)
    needs.emplace_back("'bot_token.drop_id' (the Secret Drop ID of the live bot's token)");
  if (!user_driver) {
    needs.emplace_back(
        "'user_driver' (a user-side driver: url, user_id, chat_id, and topic_id for a forum "
        "topic)");
  }
  return needs;
}

LiveConfig load_live_config(const fs::path& file) {
  const UntrustedRead read =
      read_untrusted_file(file, "the live configuration", kMaxConfigFileBytes);
  if (!read.ok()) {
    throw UsageError(fmt::format(
        "cannot read the live configuration (TAS_LIVE_CONFIG or --live-config): {}", read.problem));
  }
  LiveConfig config = parse_live_config(read.content, file);
  return config;
}

LiveConfig parse_live_config(std::string_view content, const fs::path& file) {
  const JsonParse parsed = parse_untrusted_json(content);
  LiveConfig config;
  config.source = file.string();
  if (!parsed.ok()) {
    refuse(config.source, "(the file)",
           fmt::format("a JSON object (it is not JSON at {})", parsed.error->describe()));
  }
  const json& document = parsed.value;
  if (!document.is_object()) refuse(config.source, "(the file)", "a JSON object");
  // The schema first: an unknown field (a misspelt "profle" would otherwise leave the reference
  // agent in place without a word) or a malformed one fails the live tier, named by its pointer.
  // Only what the schema lets the file leave out becomes a skip (LiveConfig::missing).
  if (const auto violation = schema_violation(document, kLiveConfigSchemaFile)) {
    throw UsageError(
        fmt::format("live configuration {}: {}. Fix the file (README, 'The live "
                    "tier'; its schema is docs/schemas/live-config.schema.json).",
                    config.source, violation->describe()));
  }
  const auto schema = document.find("schema");
  if (schema == document.end() || !schema->is_string() ||
      schema->get_ref<const std::string&>() != kLiveConfigSchema) {
    refuse(config.source, "schema", fmt::format("\"{}\"", kLiveConfigSchema));
  }
  const fs::path base = fs::absolute(file).parent_path();
  auto path = [&](const std::string& value) {
    return fs::path(value).is_absolute() ? fs::path(value) : base / value;
  };

  if (document.contains("telegram_api"))
    config.telegram_api = text(document, config.source, "telegram_api", "telegram_api");
  if (document.contains("bot_token")) {
    const json& token = document["bot_token"];
    if (!token.is_object()) refuse(config.source, "bot_token", "an object");
    if (token.contains("drop_id"))
      config.drop_id = text(token, config.source, "bot_token.drop_id", "drop_id");
    // Checked like --bot-token: a value that is not an ID may be the token itself, and is not
    // repeated or written anywhere.
    if (config.drop_id && !secret_drop::is_drop_id(*config.drop_id)) {
      refuse(config.source, "bot_token.drop_id",
             "a Secret Drop ID (\"drop-\" followed by 32 lowercase hex digits; the value is not "
             "shown)");
    }
    if (token.contains("store"))
      config.secret_store = path(text(token, config.source, "bot_token.store", "store"));
    if (token.contains("secret_drop_url")) {
      config.secret_drop_http = LiveConfig::HttpSecretDrop{
          text(token, config.source, "bot_token.secret_drop_url", "secret_drop_url"),
          path(text(token, config.source, "bot_token.bearer_token_file", "bearer_token_file"))};
    }
  }
  if (document.contains("user_driver")) {
    const json& driver = document["user_driver"];
    if (!driver.is_object()) refuse(config.source, "user_driver", "an object");
    HttpUserDriverConfig user;
    user.url = text(driver, config.source, "user_driver.url", "url");
    user.user_id = integer(driver, config.source, "user_driver.user_id", "user_id");
    user.chat_id = integer(driver, config.source, "user_driver.chat_id", "chat_id");
    if (driver.contains("topic_id"))
      user.topic_id = integer(driver, config.source, "user_driver.topic_id", "topic_id");
    if (driver.contains("bot_username")) {
      user.bot_username = text(driver, config.source, "user_driver.bot_username", "bot_username");
    }
    config.user_driver = user;
  }
  if (document.contains("profile"))
    config.profile = path(text(document, config.source, "profile", "profile"));
  if (document.contains("protected")) {
    const json& guarded = document["protected"];
    if (!guarded.is_object()) refuse(config.source, "protected", "an object");
    for (const auto& home :
         strings(guarded, config.source, "protected.canonical_homes", "canonical_homes")) {
      config.canonical_homes.push_back(path(home));
    }
    for (const auto& protected_path : strings(guarded, config.source, "protected.paths", "paths")) {
      config.protected_paths.push_back(path(protected_path));
    }
    config.protected_names = strings(guarded, config.source, "protected.names", "names");
  }
  if (document.contains("judge")) {
    config.judge = parse_judge_settings(document["judge"], base, config.source + " (judge)");
  }
  return config;
}

}  // namespace tas
