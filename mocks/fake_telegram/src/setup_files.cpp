#include <fmt/format.h>

#include <tas/core/untrusted_file.hpp>
#include <tas/core/untrusted_json.hpp>
#include <tas/fake/setup_files.hpp>

namespace tas::fake {
namespace {

nlohmann::json read_json_file(const std::filesystem::path& path, std::string_view what) {
  // Non-blocking, regular files only, size-capped and depth-capped: a user names this file.
  const UntrustedRead read = read_untrusted_file(path, what, kMaxConfigFileBytes);
  if (!read.ok()) throw FakeTelegramError(read.problem);
  JsonParse parsed = parse_untrusted_json(read.content);
  if (!parsed.ok()) {
    throw FakeTelegramError(fmt::format("{} {}: expected JSON, it does not parse at {}", what,
                                        path.string(), parsed.error->describe()));
  }
  return std::move(parsed.value);
}

// The entries under `key`; a bare array stands for {key: array} when `bare_array_ok`.
nlohmann::json list_of(const nlohmann::json& json, const char* key, bool bare_array_ok,
                       const std::filesystem::path& path, std::string_view what) {
  if (bare_array_ok && json.is_array()) return json;
  if (!json.is_object()) {
    throw FakeTelegramError(fmt::format("{} {}: expected a JSON object, got {}", what,
                                        path.string(), json.type_name()));
  }
  const auto it = json.find(key);
  if (it == json.end()) return nlohmann::json::array();
  if (!it->is_array()) {
    throw FakeTelegramError(fmt::format("{} {}: expected \"{}\" to be an array, got {}", what,
                                        path.string(), key, it->type_name()));
  }
  return *it;
}

// Runs `apply` on each entry, naming the file and the entry in any error.
template <typename Apply>
void for_each_entry(const nlohmann::json& entries, const std::filesystem::path& path,
                    std::string_view what, const char* key, Apply apply) {
  for (std::size_t i = 0; i < entries.size(); ++i) {
    try {
      apply(entries[i]);
    } catch (const FakeTelegramError& error) {
      throw FakeTelegramError(
          fmt::format("{} {}: {}[{}]: {}", what, path.string(), key, i, error.what()));
    }
  }
}

}  // namespace

void load_bots_file(FakeTelegramServer& server, const std::filesystem::path& path) {
  constexpr std::string_view kWhat = "bots file";
  const auto json = read_json_file(path, kWhat);
  for_each_entry(
      list_of(json, "bots", true, path, kWhat), path, kWhat, "bots",
      [&](const nlohmann::json& entry) { server.register_bot(bot_spec_from_json(entry)); });
}

void load_chats_file(FakeTelegramServer& server, const std::filesystem::path& path) {
  constexpr std::string_view kWhat = "chats file";
  const auto json = read_json_file(path, kWhat);
  for_each_entry(list_of(json, "users", false, path, kWhat), path, kWhat, "users",
                 [&](const nlohmann::json& entry) { server.create_user(user_from_json(entry)); });
  for_each_entry(
      list_of(json, "chats", false, path, kWhat), path, kWhat, "chats",
      [&](const nlohmann::json& entry) { server.create_chat(chat_spec_from_json(entry)); });
}

}  // namespace tas::fake
