#include "live_run_config.hpp"

#include "expanded_path.hpp"
#include <fmt/format.h>

#include <tas/core/errors.hpp>
#include <tas/judge/judge_gate.hpp>

namespace tas::cli {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void refuse_both(const LiveConfig& config, std::string_view option,
                              std::string_view field) {
  throw UsageError(fmt::format(
      "{} and '{}' in the live configuration {} both say the same thing; give it in one place: "
      "leave out {}, or remove '{}' from the file (README, 'Command line')",
      option, field, config.source, option, field));
}

// A file's "judge" block, as opposed to none (a missing block reads as mode off, no model).
bool names_a_judge(const JudgeSettings& judge) {
  return judge.mode != JudgeMode::off || !judge.llm.model.empty() ||
         !judge.llm.api_key_file.empty();
}

}  // namespace

LiveConfig live_run_config(const CommandLine& line) {
  LiveConfig config = load_live_config(expanded(*line.live_config));
  if (line.bot_token_drop_id) {
    if (config.drop_id) refuse_both(config, "--bot-token", "bot_token.drop_id");
    config.drop_id = line.bot_token_drop_id;
  }
  if (line.secret_store) {
    if (config.secret_store) refuse_both(config, "--secret-store", "bot_token.store");
    if (config.secret_drop_http) refuse_both(config, "--secret-store", "bot_token.secret_drop_url");
    config.secret_store = fs::absolute(expanded(*line.secret_store));
  }
  if (line.profile) {
    if (config.profile) refuse_both(config, "--profile", "profile");
    config.profile = expanded(*line.profile);
  }
  if (line.judge_config) {
    if (names_a_judge(config.judge)) refuse_both(config, "--judge-config", "judge");
    config.judge = load_judge_settings(expanded(*line.judge_config));
  }
  if (line.canonical_home) config.canonical_homes.push_back(expanded(*line.canonical_home));
  for (const fs::path& path : line.protect)
    config.protected_paths.push_back(expanded(path));
  if (!config.user_driver) {
    throw UsageError(fmt::format(
        "the live configuration {} names no 'user_driver' (a user-side driver: url, user_id, "
        "chat_id, and topic_id for a forum topic), which a live run needs as the live tier does; "
        "add one (README, 'The live tier')",
        config.source));
  }
  return config;
}

}  // namespace tas::cli
