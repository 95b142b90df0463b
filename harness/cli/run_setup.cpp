#include "run_setup.hpp"

#include <algorithm>

#include "expanded_path.hpp"
#include "live_run_config.hpp"
#include "reference_profile.hpp"
#include "refusal_report.hpp"
#include "report_paths.hpp"
#include <fmt/format.h>

#include <tas/core/errors.hpp>
#include <tas/core/home_layout.hpp>
#include <tas/core/run_id.hpp>
#include <tas/core/state_directory.hpp>
#include <tas/engine/kept_home.hpp>
#include <tas/engine/report.hpp>
#include <tas/engine/target_admission.hpp>
#include <tas/engine/target_guard.hpp>
#include <tas/judge/judge_gate.hpp>
#include <tas/secret_drop/secret_store.hpp>
#include <tas/tiers/tiers.hpp>

namespace tas::cli {
namespace {

namespace fs = std::filesystem;

// A new dated home under the state directory, ".../deploys/2026-11-23T10-05-03.123Z", locked
// before it is chosen: two runs that start in the same millisecond still get two homes.
fs::path default_target(const std::string& run_id, TargetLock& lock) {
  std::string stamp = iso8601_utc(std::chrono::system_clock::now());
  std::replace(stamp.begin(), stamp.end(), ':', '-');
  const fs::path deploys = state_directory() / "deploys";
  std::error_code error;
  // The state directory is the harness's own: creating it is not creating anything of the user's.
  fs::create_directories(deploys, error);
  if (error) {
    throw UsageError(fmt::format("cannot create the deploys directory '{}': {}. Pass --target.",
                                 deploys.string(), error.message()));
  }
  for (int n = 1;; ++n) {
    const fs::path candidate = deploys / (n == 1 ? stamp : fmt::format("{}-{}", stamp, n));
    if (fs::exists(fs::symlink_status(candidate, error))) continue;
    lock = TargetLock::try_acquire(state_directory() / "locks", candidate, run_id);
    if (lock.held() && !fs::exists(fs::symlink_status(candidate, error))) return candidate;
    lock = TargetLock();
  }
}

// --profile (or the live configuration's 'profile'), else the reference agent's.
AgentProfile profile_for(const std::optional<fs::path>& given) {
  if (given) return load_profile(expanded(*given));
  const std::vector<fs::path> candidates = reference_profile_candidates();
  for (const fs::path& reference : candidates) {
    std::error_code error;
    if (fs::is_regular_file(reference, error)) return load_profile(reference);
  }
  std::string looked;
  for (const fs::path& reference : candidates)
    looked += fmt::format("{}'{}'", looked.empty() ? "" : " or ", reference.string());
  throw UsageError(fmt::format(
      "no --profile was given and the reference agent's profile is not at {}: build the "
      "examples (cmake --build <build dir>), install them, or pass --profile <file>",
      looked));
}

ProtectedTargets protected_targets(const CommandLine& line, const std::optional<LiveConfig>& live,
                                   const AgentProfile& profile) {
  // A live configuration has the command line's guards in it already (live_run_config.hpp).
  if (live) return run_guards(profile, live_protection(*live));
  ExtraProtection extra;
  if (line.canonical_home) extra.canonical_homes.push_back(expanded(*line.canonical_home));
  for (const fs::path& path : line.protect)
    extra.paths.push_back(expanded(path));
  if (line.secret_store) extra.secret_store = expanded(*line.secret_store);
  return run_guards(profile, std::move(extra));
}

// --report-json: the target's guards (exit 11), a directory that already exists, and a file that is
// missing or an earlier report (exit 64), as for the report's other forms.
fs::path checked_report_path(const fs::path& given, const ProtectedTargets& guarded) {
  static constexpr ReportOption kJson{"--report-json", "a test-as-self report", is_report_file};
  return checked_report_file(given, kJson, guarded);
}

// The judge's block — --judge-config's, or the live configuration's 'judge' — with --judge's mode
// over the block's.
JudgeSettings judge_settings(const CommandLine& line, const std::optional<LiveConfig>& live) {
  JudgeSettings settings;
  std::string block;  // where the block came from, for a message about it
  if (live) {
    settings = live->judge;
    block = fmt::format("the live configuration {}", live->source);
  } else if (line.judge_config) {
    settings = load_judge_settings(expanded(*line.judge_config));
    block = fmt::format("the judge configuration '{}'", line.judge_config->string());
  }
  if (line.judge_mode) settings.mode = *judge_mode_named(*line.judge_mode);
  if (settings.mode == JudgeMode::off) return settings;
  if (block.empty()) {
    throw UsageError(fmt::format(
        "--judge {} needs --judge-config <file> naming the judge's endpoint, model and API key "
        "file (docs/judge.md)",
        to_string(settings.mode)));
  }
  if (settings.llm.model.empty() || settings.llm.api_key_file.empty()) {
    throw UsageError(fmt::format(
        "--judge {} needs a judge, but {} (mode off) names no {}: add \"model\" and "
        "\"api_key_file\" (docs/judge.md)",
        to_string(settings.mode), block, settings.llm.model.empty() ? "model" : "API key file"));
  }
  return settings;
}

BackendSet embedded_world(const CommandLine& line, const JudgeSettings& judge,
                          const std::string& run_id) {
  EmbeddedTierSpec spec;
  spec.run_id = run_id;
  spec.secret_store = line.secret_store ? fs::absolute(expanded(*line.secret_store))
                                        : secret_drop::default_store_directory();
  spec.judge = judge;
  return embedded_backends(std::move(spec));
}

RunSetup prepare(const CommandLine& line, const std::string& run_id) {
  RunSetup setup;
  setup.settings.run_id = run_id;
  setup.settings.kept_homes_directory = state_directory() / "kept-homes";
  setup.settings.refused_report_directory = state_directory() / "reports";
  std::optional<LiveConfig> live;
  if (line.live_config) live = live_run_config(line);
  setup.profile = profile_for(live ? live->profile : line.profile);
  const ProtectedTargets guarded = protected_targets(line, live, setup.profile);
  // Everything that can refuse the run comes before anything is created; the lock comes before
  // the look at the target, so that no other run can change it in between.
  if (line.target) {
    setup.settings.target = check_target(expanded(*line.target), guarded);
    setup.lock = TargetLock::acquire(state_directory() / "locks", setup.settings.target,
                                     setup.settings.run_id);
  } else {
    setup.settings.target =
        check_target(default_target(setup.settings.run_id, setup.lock), guarded);
  }
  admit_target(setup.settings.target, KeptHomeRecords(setup.settings.kept_homes_directory));
  setup.settings.report_file_given = line.report_json.has_value();
  setup.settings.report_file = line.report_json
                                   ? checked_report_path(expanded(*line.report_json), guarded)
                                   : HomeLayout::of(setup.settings.target).report;
  set_other_report_forms(line, guarded, expanded, setup.settings);
  setup.settings.bot_token_drop_id = live ? live->drop_id : line.bot_token_drop_id;
  // A run stopped early keeps its home: what it got as far as is there to be looked at.
  setup.settings.keep = line.keep || line.until.has_value();
  setup.settings.until = line.until;
  setup.settings.no_roundtrip = line.no_roundtrip;
  setup.settings.timeout = std::chrono::seconds(line.timeout_s);
  const JudgeSettings judge = judge_settings(line, live);
  if (live) {
    live->judge = judge;
    setup.backends = live_backends(*live, setup.settings.run_id);
  } else {
    setup.backends = embedded_world(line, judge, setup.settings.run_id);
  }
  setup.banner =
      fmt::format("test-as-self: profile {} ({}), target {}, timeout {} s\n  backends: {}",
                  setup.profile.name, setup.profile.source, setup.settings.target.string(),
                  line.timeout_s, setup.backends.description);
  return setup;
}

}  // namespace

RunSetup prepare_run(const CommandLine& line) {
  const std::string run_id = new_run_id();
  try {
    return prepare(line, run_id);
  } catch (const Error& error) {
    // Past the command line, every exit path leaves a report; a refused one says where it is.
    const fs::path report = write_refusal_report(line, run_id, error.exit_code(), error.what());
    if (report.empty()) throw;
    throw Error(error.exit_code(), fmt::format("{}\nreport: {}", error.what(), report.string()));
  }
}

}  // namespace tas::cli
