#include <fmt/format.h>

#include <tas/backends/http_user_driver.hpp>
#include <tas/core/state_directory.hpp>
#include <tas/judge/judge_gate.hpp>
#include <tas/secret_drop/http_secret_drop_source.hpp>
#include <tas/secret_drop/secret_drop_source.hpp>
#include <tas/secret_drop/secret_store.hpp>
#include <tas/tiers/real_backends.hpp>
#include <tas/tiers/tiers.hpp>

namespace tas {
namespace {

// The live bot's token: from an agent-hosted Secret Drop over HTTP, or from a local store.
std::shared_ptr<SecretSource> live_secrets(const LiveConfig& config) {
  if (config.secret_drop_http) {
    HttpSecretDropOptions drop;
    drop.base_url = config.secret_drop_http->url;
    drop.bearer_token_file = config.secret_drop_http->bearer_token_file;
    return std::make_shared<HttpSecretDropSource>(drop);
  }
  return std::make_shared<SecretDropSource>(secret_drop::SecretStore(
      config.secret_store ? *config.secret_store : secret_drop::default_store_directory()));
}

}  // namespace

BackendSet live_backends(const LiveConfig& config, const std::string& run_id) {
  if (!config.user_driver) {
    throw std::invalid_argument(
        fmt::format("the live configuration {} names no user driver", config.source));
  }
  RealBackendOptions options;
  options.description =
      fmt::format("live: Bot API {}, user driver {}, gate: {} ({})", config.telegram_api,
                  config.user_driver->url, describe_gate(config.judge), config.source);
  options.gate = make_gate(config.judge);
  options.registry_directory = state_directory() / "runs";
  options.run_id = run_id;
  options.telegram_api = config.telegram_api;
  options.secrets = live_secrets(config);
  options.user = std::make_shared<HttpUserDriver>(*config.user_driver);
  return make_real_backends(std::move(options));
}

ExtraProtection live_protection(const LiveConfig& config) {
  ExtraProtection extra;
  extra.canonical_homes = config.canonical_homes;
  extra.paths = config.protected_paths;
  extra.names = config.protected_names;
  if (config.secret_store) extra.secret_store = *config.secret_store;
  return extra;
}

}  // namespace tas
