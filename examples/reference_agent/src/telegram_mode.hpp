#pragma once

#include <string_view>

namespace tas::reference_agent {

// How the server talks to Telegram (docs/agent-contract.md). Exactly one poller per token: the
// server polls only when nobody else does.
enum class TelegramMode {
  disabled,            // no token file
  send_only_by_flag,   // started with --no-telegram-poll
  send_only_by_lease,  // started without it, but the lifeline owns the poll slot
  polling,             // started without it, and no lifeline owns the poll slot (fail-open)
};

struct TelegramModeInputs {
  bool has_token = false;
  bool no_poll_flag = false;
  bool lease_owned = false;  // lifeline_owns_poll(stateDir, sha256(token), now)
  bool no_demotion = false;  // the noDemotion fault: the lease is ignored
};

[[nodiscard]] TelegramMode decide_telegram_mode(const TelegramModeInputs& inputs);

// The line the server logs for its mode. The two send-only lines name different reasons and
// neither contains the other's reason, so a verifier can tell a demoted server from one started
// with the flag.
[[nodiscard]] std::string_view mode_line(TelegramMode mode);

}  // namespace tas::reference_agent
