#pragma once

#include <filesystem>

#include "faults.hpp"
#include "log.hpp"
#include "telegram_client.hpp"
#include <nlohmann/json.hpp>

namespace tas::reference_agent {

// What the server does with one Telegram Update, whether the lifeline forwarded it or the server
// polled it itself: reply to a user's text message (reply.hpp), and log what happened without the
// message text.
class UpdateHandler {
 public:
  // `telegram` is null when Telegram is disabled (no token file).
  UpdateHandler(const TelegramClient* telegram, const Faults& faults, Logger& log)
      : telegram_(telegram), faults_(faults), log_(log) {}

  // Handles the update to the end, the reply included. A failed sendMessage is logged, not
  // retried: a retry loop on a permanent error (a deleted chat) would never end.
  void handle(const nlohmann::json& update);

 private:
  // The replyWhen fault.
  void hold_until(const std::filesystem::path& trigger, std::int64_t update_id);

  const TelegramClient* telegram_;
  const Faults& faults_;
  Logger& log_;
};

}  // namespace tas::reference_agent
