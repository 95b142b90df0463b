#include "telegram_mode.hpp"

namespace tas::reference_agent {

TelegramMode decide_telegram_mode(const TelegramModeInputs& inputs) {
  if (!inputs.has_token) return TelegramMode::disabled;
  if (inputs.no_poll_flag) return TelegramMode::send_only_by_flag;
  if (inputs.lease_owned && !inputs.no_demotion) return TelegramMode::send_only_by_lease;
  return TelegramMode::polling;
}

std::string_view mode_line(TelegramMode mode) {
  switch (mode) {
    case TelegramMode::disabled:
      return "Telegram disabled (no token file)";
    case TelegramMode::send_only_by_flag:
      return "Telegram send-only mode (polling disabled by --no-telegram-poll)";
    case TelegramMode::send_only_by_lease:
      return "Telegram send-only mode (lifeline owns polling (lease detected))";
    case TelegramMode::polling:
      return "Telegram polling mode (no lifeline lease)";
  }
  return "Telegram mode unknown";
}

}  // namespace tas::reference_agent
