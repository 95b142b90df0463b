#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <tas/core/profile.hpp>
#include <tas/engine/backend_set.hpp>
#include <tas/engine/target_guard.hpp>
#include <tas/judge/llm_judge.hpp>
#include <tas/tiers/live_config.hpp>

namespace tas::fake {
class EmbeddedTelegram;
}

namespace tas {

// The one place a run's outside world is assembled. The command line and the GoogleTest fixtures
// both come here, so a run from either talks to the same backends and is held by the same guards
// (docs/architecture.md, "Tiers").

// A world of real processes and files whose Telegram is the embedded fake: the command line's
// default and the integration tier.
struct EmbeddedTierSpec {
  std::string run_id;                                // names the run in the process registry
  std::filesystem::path secret_store;                // where --bot-token's drop ID is looked up
  JudgeSettings judge;                               // mode off: the rules gate alone
  std::shared_ptr<fake::EmbeddedTelegram> telegram;  // null: a new one
  std::string label;  // what the description starts with, e.g. "integration"
};

[[nodiscard]] BackendSet embedded_backends(EmbeddedTierSpec spec);

// A world of real endpoints named by a live configuration: the live tier, and the command line's
// --live-config. Throws std::invalid_argument for a configuration without a user driver.
[[nodiscard]] BackendSet live_backends(const LiveConfig& config, const std::string& run_id);

// What a run adds to the guards every run has.
struct ExtraProtection {
  std::vector<std::filesystem::path> canonical_homes;
  std::vector<std::filesystem::path> paths;
  std::vector<std::string> names;
  std::filesystem::path secret_store;  // the store in use, when not the default one
};

// What a live configuration adds to the guards: its canonical homes, protected paths and names,
// and the Secret Drop store it names.
[[nodiscard]] ExtraProtection live_protection(const LiveConfig& config);

// The guards of one run: the user's home, the profile's canonical home, protected paths and names,
// the parts of the state directory other runs depend on (process records, locks, kept-home
// records, refusal reports, the default secret store), and `extra`.
[[nodiscard]] ProtectedTargets run_guards(const AgentProfile& profile, ExtraProtection extra);

// The parts of the state directory no target may be, contain or lie in: a teardown there would
// delete what every other run depends on.
[[nodiscard]] std::vector<std::filesystem::path> state_directory_parts();

}  // namespace tas
