#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <tas/backends/bot_api.hpp>
#include <tas/backends/deployer.hpp>
#include <tas/backends/process_launcher.hpp>
#include <tas/backends/process_registry.hpp>
#include <tas/backends/readiness_probe.hpp>
#include <tas/backends/secret_source.hpp>
#include <tas/backends/user_driver.hpp>
#include <tas/core/clock.hpp>
#include <tas/core/gate.hpp>
#include <tas/evidence/verifier.hpp>

namespace tas {

// Everything a run needs from the outside world. A tier is a factory of these: mocks and fakes for
// unit, real processes and the fake Telegram for integration, real endpoints for live
// (docs/architecture.md, 'Tiers pick their backends'). The run itself never knows which one it got.
struct BackendSet {
  std::string
      description;  // "integration: fake Telegram at http://127.0.0.1:41234", for the report
  std::shared_ptr<Clock> clock;
  std::shared_ptr<SecretSource> secrets;
  std::shared_ptr<BotApi> bot_api;
  std::shared_ptr<Deployer> deployer;
  std::shared_ptr<ProcessLauncher> launcher;
  std::shared_ptr<ReadinessProbe> probe;
  std::shared_ptr<UserDriver> user;  // null: no way to act as a user, the round-trip is skipped
  std::shared_ptr<Verifier> verifier;
  std::shared_ptr<Gate> gate;
  std::string telegram_api;  // what `{telegram_api}` expands to
  // The environment agent processes may inherit from, filtered by the profile (docs/profile.md,
  // 'Isolation'): the harness's own in a real run, a fixed one in the unit tier.
  std::vector<std::string> parent_environment;
  // Where a real run writes down its home and token file before creating them, so that a
  // cleanup after a SIGKILL can remove them (process_registry.hpp). Null in the unit tier.
  std::shared_ptr<ProcessRegistry> registry;
  // Things that must live as long as the run (an embedded fake server, a temporary store).
  std::vector<std::shared_ptr<void>> keep_alive;

  // The names of the members that are missing; empty when the set is complete.
  [[nodiscard]] std::vector<std::string> missing() const;
};

}  // namespace tas
