#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <tas/backends/http_user_driver.hpp>
#include <tas/judge/llm_judge.hpp>

namespace tas {

// The live tier's configuration (README, "The live tier"): real endpoints, named in a file whose
// path — never a secret — comes from TAS_LIVE_CONFIG or the test preset. Secrets themselves stay
// in Secret Drop; the file names where to find them.
//
//   {"schema": "test-as-self/live@1",
//    "telegram_api": "https://api.telegram.org",                  (optional, this default)
//    "bot_token": {"drop_id": "drop-…",                            the live bot's token, in
//                  "store": "/path/to/secret-drop"}                a local store (optional:
//                                                                  the default store), or
//                 {"drop_id": "drop-…", "secret_drop_url": "http://…",
//                  "bearer_token_file": "/path/0600-file"}         an agent-hosted Secret Drop
//    "user_driver": {"url": "http://…", "user_id": 1, "chat_id": -100…,
//                    "topic_id": 7, "bot_username": "my_bot"},     who acts as the user
//    "profile": "/path/to/profile.json",                           (optional: the reference agent)
//    "protected": {"canonical_homes": [], "paths": [], "names": []},
//    "judge": {"mode": "veto", "model": …, "api_key_file": …}}     (optional: the LLM judge,
//                                                                  docs/judge.md; off without)
struct LiveConfig {
  struct HttpSecretDrop {
    std::string url;
    std::filesystem::path bearer_token_file;
  };

  std::string source;
  std::string telegram_api = "https://api.telegram.org";
  std::optional<std::string> drop_id;
  std::optional<std::filesystem::path> secret_store;
  std::optional<HttpSecretDrop> secret_drop_http;
  std::optional<HttpUserDriverConfig> user_driver;
  std::optional<std::filesystem::path> profile;
  std::vector<std::filesystem::path> canonical_homes;
  std::vector<std::filesystem::path> protected_paths;
  std::vector<std::string> protected_names;
  JudgeSettings judge;  // mode off when the file has no "judge"

  // What the live tier needs and this file does not give, one phrase each (empty: all there).
  [[nodiscard]] std::vector<std::string> missing() const;
};

inline constexpr std::string_view kLiveConfigSchema = "test-as-self/live@1";

// Reads and checks the file, first against docs/schemas/live-config.schema.json. Throws UsageError
// naming the file and the field (its JSON pointer) for a file that cannot be read, is not JSON, or
// has a field of the wrong type or one the schema does not know.
[[nodiscard]] LiveConfig load_live_config(const std::filesystem::path& file);

// The same checks over the file's text; `file` names it in errors and anchors relative paths.
[[nodiscard]] LiveConfig parse_live_config(std::string_view text,
                                           const std::filesystem::path& file);

}  // namespace tas
