#include <unistd.h>

#include <tas/backends/fs_deployer.hpp>
#include <tas/backends/http_bot_api.hpp>
#include <tas/backends/http_readiness_probe.hpp>
#include <tas/backends/posix_process_launcher.hpp>
#include <tas/evidence/file_verifier.hpp>
#include <tas/judge/rules_gate.hpp>
#include <tas/tiers/real_backends.hpp>

extern char** environ;

namespace tas {

BackendSet make_real_backends(RealBackendOptions options) {
  auto registry =
      options.run_id.empty()
          ? std::make_shared<ProcessRegistry>(options.registry_directory)
          : std::make_shared<ProcessRegistry>(options.registry_directory, options.run_id);
  BackendSet set;
  set.description = std::move(options.description);
  set.clock = std::make_shared<SystemClock>();
  set.secrets = std::move(options.secrets);
  set.bot_api = std::make_shared<HttpBotApi>(options.telegram_api);
  set.deployer = std::make_shared<FsDeployer>();
  set.launcher = std::make_shared<PosixProcessLauncher>(registry);
  set.probe = std::make_shared<HttpReadinessProbe>();
  set.user = std::move(options.user);
  set.verifier = std::make_shared<FileVerifier>();
  set.gate = options.gate ? std::move(options.gate) : std::make_shared<RulesGate>();
  set.telegram_api = std::move(options.telegram_api);
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    set.parent_environment.emplace_back(*entry);
  }
  set.registry = registry;
  set.keep_alive.push_back(std::move(registry));
  return set;
}

}  // namespace tas
