#pragma once

#include <cstdint>
#include <string>

#include <tas/core/deadline.hpp>
#include <tas/core/secret.hpp>

namespace tas {

struct BotIdentity {
  std::int64_t id = 0;  // the numeric part of the token
  std::string username;
};

// The few Bot API calls the harness makes with the agent's token itself. None of them polls:
// `getUpdates` on the agent's token is the 409 bug itself (docs/steps.md, '5 round-trip'), so this
// interface has no way to call it. Nor does the harness touch the token's webhook: the agent polls,
// and Telegram answers getUpdates with a 409 while a webhook is set, so a run that passes found
// none and leaves none. A deleteWebhook at teardown could only remove a webhook the token came
// with, which is not leaving it as found; an agent that sets one itself removes it in its
// profile's teardown hooks.
class BotApi {
 public:
  virtual ~BotApi() = default;
  // getMe: proves the token works and names the bot whose replies step 5 waits for. Throws
  // BotApiUnreachable or BotTokenRefused (bot_api_error.hpp), or BackendError for anything else.
  virtual BotIdentity get_me(const Secret& token, const Deadline& deadline) = 0;
};

}  // namespace tas
