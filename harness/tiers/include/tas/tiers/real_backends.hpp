#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include <tas/engine/backend_set.hpp>

namespace tas {

// What a real backend set needs from outside: where to record process groups, which Bot API to
// talk to, where the token comes from and who acts as the user.
struct RealBackendOptions {
  std::string description;
  std::filesystem::path registry_directory;  // the process registry (process_registry.hpp)
  std::string run_id;                        // the registry's name for the run; empty: a new one
  std::string telegram_api;                  // Bot API base URL: real or a fake's
  std::shared_ptr<SecretSource> secrets;
  std::shared_ptr<UserDriver> user;  // null: no one can act as a user, the round-trip is skipped
  std::shared_ptr<Gate> gate;        // null: the deterministic RulesGate
};

// The real processes, files, HTTP probes and verifier, with the system clock: the backend set of
// the integration and live tiers and of the CLI (docs/architecture.md, 'Tiers pick their
// backends'). The children inherit (filtered by the profile) this process's environment.
[[nodiscard]] BackendSet make_real_backends(RealBackendOptions options);

}  // namespace tas
