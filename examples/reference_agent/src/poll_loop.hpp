#pragma once

#include <cstdint>
#include <functional>
#include <stop_token>

#include "log.hpp"
#include "telegram_client.hpp"
#include <nlohmann/json.hpp>

namespace tas::reference_agent {

struct PollHooks {
  // After every successful getUpdates, even an empty one (the lifeline writes its lease here).
  std::function<void()> after_success;
  // Hands one update on; returns true once it was delivered and its offset may be confirmed, false
  // only when a stop was requested first (the update is then left unconfirmed for the next run).
  std::function<bool(const nlohmann::json& update)> deliver;
};

// The getUpdates loop shared by the lifeline and a polling server: the first call has timeout 0 so
// the first tick (and the first lease) comes at once, later calls long-poll for `timeout_s`. Each
// call confirms everything delivered so far (offset = last delivered update_id + 1). Failures are
// logged as "getUpdates failed: <status> <description>" and retried after a growing backoff.
// Returns when `stop` is requested.
void run_poll_loop(const TelegramClient& telegram, int timeout_s, const std::stop_token& stop,
                   Logger& log, const PollHooks& hooks);

}  // namespace tas::reference_agent
