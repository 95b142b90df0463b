#include <fmt/format.h>

#include <tas/core/state_directory.hpp>
#include <tas/fake/embedded_telegram.hpp>
#include <tas/judge/judge_gate.hpp>
#include <tas/secret_drop/secret_drop_source.hpp>
#include <tas/secret_drop/secret_store.hpp>
#include <tas/tiers/real_backends.hpp>
#include <tas/tiers/tiers.hpp>

namespace tas {

// The embedded fake Telegram stands in for the Bot API, and whatever token step 1 gets from
// Secret Drop — by --bot-token, or through the one-time form — becomes its bot.
BackendSet embedded_backends(EmbeddedTierSpec spec) {
  auto telegram =
      spec.telegram ? std::move(spec.telegram) : std::make_shared<fake::EmbeddedTelegram>();
  const std::string world =
      fmt::format("real processes and files; embedded fake Telegram at {}; gate: {}",
                  telegram->base_url(), describe_gate(spec.judge));
  RealBackendOptions options;
  options.description = spec.label.empty() ? world : fmt::format("{}: {}", spec.label, world);
  options.registry_directory = state_directory() / "runs";
  options.run_id = spec.run_id;
  options.telegram_api = telegram->base_url();
  options.secrets = fake::adopting(
      std::make_shared<SecretDropSource>(secret_drop::SecretStore(spec.secret_store)), telegram);
  options.user = fake::make_user_driver(telegram);
  options.gate = make_gate(spec.judge);
  BackendSet set = make_real_backends(std::move(options));
  set.keep_alive.push_back(std::move(telegram));
  return set;
}

}  // namespace tas
