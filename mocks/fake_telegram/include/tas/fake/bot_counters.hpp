#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

namespace tas::fake {

// What the fake saw one bot's token do. These are the facts a real Telegram never shows a user,
// and the reason to test against the fake: "did the agent provoke a 409", "were there ever two
// pollers", "is the lifeline parked right now".
struct BotCounters {
  std::int64_t get_updates_calls = 0;
  std::int64_t send_message_calls = 0;
  // HTTP 409 answers on this token, all causes: a poll terminated by a newer one, getUpdates while
  // a webhook is set, a poll terminated by setWebhook.
  std::int64_t conflicts = 0;
  std::int64_t rate_limited = 0;     // HTTP 429 answers (see inject_flood_wait)
  std::int64_t parked_now = 0;       // long-polls waiting right now
  std::int64_t parked_max = 0;       // the most that ever waited at once
  std::int64_t pending_updates = 0;  // updates not yet confirmed with an offset
};

void to_json(nlohmann::json& out, const BotCounters& counters);

}  // namespace tas::fake
