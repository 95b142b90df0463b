#include "run_setup.hpp"

#include <algorithm>

#include <fmt/format.h>

#include <tas/backends/judge_gate.hpp>
#include <tas/backends/real_backends.hpp>
#include <tas/backends/secret_drop_source.hpp>
#include <tas/errors.hpp>
#include <tas/fake/embedded_telegram.hpp>
#include <tas/home_layout.hpp>
#include <tas/report.hpp>
#include <tas/secret_drop/secret_store.hpp>
#include <tas/state_directory.hpp>
#include <tas/target_guard.hpp>

namespace tas::cli {
namespace {

namespace fs = std::filesystem;

// A new dated home under the state directory: ".../deploys/2026-11-23T10-05-03Z".
fs::path default_target() {
  std::string stamp = iso8601_utc(std::chrono::system_clock::now()).substr(0, 19) + "Z";
  std::replace(stamp.begin(), stamp.end(), ':', '-');
  const fs::path deploys = state_directory() / "deploys";
  fs::path candidate = deploys / stamp;
  for (int n = 2; fs::exists(candidate); ++n)
    candidate = deploys / fmt::format("{}-{}", stamp, n);
  return candidate;
}

AgentProfile profile_for(const CommandLine& line) {
  if (line.profile) return load_profile(*line.profile);
  const fs::path reference = TAS_REFERENCE_PROFILE;
  if (!fs::exists(reference)) {
    throw UsageError(fmt::format(
        "no --profile was given and the reference agent's profile is not at '{}': build the "
        "examples (cmake --build <build dir>), or pass --profile <file>",
        reference.string()));
  }
  return load_profile(reference);
}

ProtectedTargets protected_targets(const CommandLine& line, const AgentProfile& profile) {
  ProtectedTargets guarded;
  guarded.user_home = user_home();
  if (profile.canonical_home) guarded.canonical_homes.push_back(*profile.canonical_home);
  if (line.canonical_home) guarded.canonical_homes.push_back(*line.canonical_home);
  guarded.paths = profile.protected_paths;
  guarded.paths.insert(guarded.paths.end(), line.protect.begin(), line.protect.end());
  guarded.names = profile.protected_names;
  return guarded;
}

// --report-json may replace an earlier report, never anything else (SPEC §5, nothing lost).
fs::path checked_report_path(const fs::path& given) {
  const fs::path report = fs::absolute(given);
  std::error_code error;
  if (fs::is_directory(report, error)) {
    throw UsageError(
        fmt::format("--report-json '{}' is a directory; pass a file path", given.string()));
  }
  if (fs::exists(report, error) && !is_report_file(report)) {
    throw UsageError(fmt::format(
        "refusing --report-json '{}': the file exists and is not a test-as-self report, and a run "
        "never overwrites what it did not create. Choose another path.",
        given.string()));
  }
  return report;
}

// --judge-config's block, with --judge's mode over the block's.
JudgeSettings judge_settings(const CommandLine& line) {
  JudgeSettings settings;
  if (line.judge_config) settings = load_judge_settings(*line.judge_config);
  if (line.judge_mode) settings.mode = *judge_mode_named(*line.judge_mode);
  if (settings.mode == JudgeMode::off) return settings;
  if (!line.judge_config) {
    throw UsageError(fmt::format(
        "--judge {} needs --judge-config <file> naming the judge's endpoint, model and API key "
        "file (docs/judge.md)",
        to_string(settings.mode)));
  }
  if (settings.llm.model.empty() || settings.llm.api_key_file.empty()) {
    throw UsageError(fmt::format(
        "--judge {} needs a judge, but the judge configuration '{}' (mode off) names no "
        "{}: add \"model\" and \"api_key_file\" (docs/judge.md)",
        to_string(settings.mode), line.judge_config->string(),
        settings.llm.model.empty() ? "model" : "API key file"));
  }
  return settings;
}

// The embedded fake Telegram stands in for the Bot API, and whatever token step 1 gets from
// Secret Drop — by --bot-token, or through the one-time form — becomes its bot.
BackendSet embedded_backends(const CommandLine& line, const JudgeSettings& judge) {
  auto telegram = std::make_shared<fake::EmbeddedTelegram>();
  secret_drop::SecretStore store(line.secret_store ? fs::absolute(*line.secret_store)
                                                   : secret_drop::default_store_directory());
  RealBackendOptions options;
  options.description =
      fmt::format("real processes and files; embedded fake Telegram at {}; gate: {}",
                  telegram->base_url(), describe_gate(judge));
  options.registry_directory = state_directory() / "runs";
  options.telegram_api = telegram->base_url();
  options.secrets = fake::adopting(std::make_shared<SecretDropSource>(std::move(store)), telegram);
  options.user = fake::make_user_driver(telegram);
  options.gate = make_gate(judge);
  BackendSet set = make_real_backends(std::move(options));
  set.keep_alive.push_back(telegram);
  return set;
}

}  // namespace

RunSetup prepare_run(const CommandLine& line) {
  RunSetup setup;
  setup.profile = profile_for(line);
  const fs::path target = line.target ? *line.target : default_target();
  setup.settings.target = check_target(target, protected_targets(line, setup.profile));
  setup.settings.report_file_given = line.report_json.has_value();
  setup.settings.report_file = line.report_json ? checked_report_path(*line.report_json)
                                                : HomeLayout::of(setup.settings.target).report;
  setup.settings.bot_token_drop_id = line.bot_token_drop_id;
  setup.settings.keep = line.keep;
  setup.settings.no_roundtrip = line.no_roundtrip;
  setup.settings.timeout = std::chrono::seconds(line.timeout_s);
  const JudgeSettings judge = judge_settings(line);
  setup.backends = embedded_backends(line, judge);
  setup.banner =
      fmt::format("test-as-self: profile {} ({}), target {}, timeout {} s\n  backends: {}",
                  setup.profile.name, setup.profile.source, setup.settings.target.string(),
                  line.timeout_s, setup.backends.description);
  return setup;
}

}  // namespace tas::cli
