#include "step_factories.hpp"
#include <fmt/format.h>

#include <tas/backends/backend_error.hpp>
#include <tas/backends/bot_api_error.hpp>
#include <tas/core/progress.hpp>
#include <tas/evidence/bot_acquire_evidence.hpp>

namespace tas {
namespace {

constexpr std::string_view kRequestTitle = "Test-as-Self bot token (one-time)";
constexpr std::chrono::minutes kRequestWait{5};

// Step 1 (docs/steps.md, '1 bot-acquire'): the bot token into memory, and nowhere else.
class BotAcquireStep final : public Step {
 public:
  [[nodiscard]] StepId id() const override { return StepId::bot_acquire; }

  StepOutcome run(RunContext& context) override {
    // Without a round-trip a bot is still worth deploying when one is at hand: the lifeline,
    // lease lock-in and demotion proof need no user. Asking an operator for one is not.
    if (context.settings.no_roundtrip && !context.settings.bot_token_drop_id) {
      return StepOutcome::skipped(
          "--no-roundtrip without --bot-token: no bot is deployed, so no token is acquired (pass "
          "--bot-token <drop-id> to deploy one and prove its lease and demotion)");
    }
    SecretSource& secrets = *context.backends.secrets;
    BotAcquireEvidence evidence;
    evidence.source = secrets.describe();
    Secret token;
    try {
      if (context.settings.bot_token_drop_id) {
        evidence.how = "retrieved";
        evidence.drop_id = *context.settings.bot_token_drop_id;
        token = secrets.retrieve(*context.settings.bot_token_drop_id);
      } else {
        evidence.how = "requested";
        const Deadline wait =
            Deadline::after(context.clock(), kRequestWait).earliest(context.deadline);
        token = secrets.request(kRequestTitle, wait, context.progress);
      }
    } catch (const BackendError& error) {
      return StepOutcome::failed(fmt::format("no bot token: {}", error.what()), evidence);
    }
    if (token.empty()) return StepOutcome::failed("the Secret Drop value is empty", evidence);
    context.redactor.add_secret(token);
    evidence.token_sha256 = token.sha256();
    BotIdentity bot;
    try {
      bot = context.backends.bot_api->get_me(token, context.deadline);
    } catch (const BotApiUnreachable& error) {
      // Nothing is known about the token yet: the message must not blame it.
      return StepOutcome::failed(
          fmt::format("{}. The token was not tried; check that the Bot API runs at that address "
                      "and that the address is right ('telegram_api' in the live configuration), "
                      "and for api.telegram.org this machine's network, DNS and proxy",
                      error.what()),
          evidence);
    } catch (const BotTokenRefused& error) {
      return StepOutcome::failed(
          fmt::format("{}. Put a current test bot token (from @BotFather) into Secret Drop "
                      "(test-as-self secret put) and pass its ID",
                      error.what()),
          evidence);
    } catch (const BackendError& error) {
      return StepOutcome::failed(fmt::format("getMe failed: {}", error.what()), evidence);
    }
    evidence.bot = bot;
    context.token = std::move(token);
    context.bot = bot;
    std::string detail =
        fmt::format("token {} (sha256 {}…) for bot @{} (id {})", evidence.how,
                    evidence.token_sha256->substr(0, 12), evidence.bot->username, evidence.bot->id);
    return StepOutcome::passed(std::move(detail), std::move(evidence));
  }
};

}  // namespace

std::unique_ptr<Step> make_bot_acquire_step() {
  return std::make_unique<BotAcquireStep>();
}

}  // namespace tas
