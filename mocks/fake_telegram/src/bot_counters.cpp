#include <tas/fake/bot_counters.hpp>

namespace tas::fake {

void to_json(nlohmann::json& out, const BotCounters& counters) {
  out = {{"get_updates_calls", counters.get_updates_calls},
         {"send_message_calls", counters.send_message_calls},
         {"conflicts", counters.conflicts},
         {"rate_limited", counters.rate_limited},
         {"parked_now", counters.parked_now},
         {"parked_max", counters.parked_max},
         {"pending_updates", counters.pending_updates}};
}

}  // namespace tas::fake
