// getUpdates: confirmation by offset, long-polling, and Telegram's one-poller-per-token rule.

#include <algorithm>

#include "api_error.hpp"
#include "world.hpp"

namespace tas::fake::detail {

nlohmann::json World::get_updates(std::string_view token, const GetUpdatesArgs& args) {
  std::unique_lock lock(mutex_);
  // Held by value: reset() may drop the bot from bots_ while this call is parked.
  const auto bot = bot_by_token(token);
  ++bot->counters.get_updates_calls;
  admit_call(*bot);
  if (!bot->webhook_url.empty()) {
    ++bot->counters.conflicts;
    throw ApiError(409, description::kConflictWebhookActive);
  }
  confirm(*bot, args.offset);
  if (args.allowed_updates) bot->allowed_updates = *args.allowed_updates;

  // The rule the whole harness is about (docs/agent-contract.md, 'One poller per token'): one poll
  // per token. A newer call wins; the older parked one is answered 409 — this is what an agent's
  // second poller provokes. An older poll whose client has hung up (a poller that was stopped while
  // it waited) is dropped without a 409, as a server that sees the closed connection does: no one
  // is there to receive it.
  const bool ended_older = bot->parked != nullptr;
  const bool older_caller_gone =
      ended_older && bot->parked->caller_gone && bot->parked->caller_gone();
  end_parked_poll(*bot, older_caller_gone ? PollEnd::kCallerGone : PollEnd::kOtherPoll);
  if (ended_older) changed_.notify_all();

  if (!bot->pending.empty() || args.timeout_s <= 0 || stopping_) return batch(*bot, args.limit);

  auto poll = std::make_shared<ParkedPoll>();
  poll->caller_gone = args.caller_gone;
  park(*bot, poll);
  changed_.notify_all();  // for wait_for_parked
  // A condition variable, not a sleep loop: a parked poll costs nothing until something happens.
  changed_.wait_until(lock, Clock::now() + std::chrono::seconds(args.timeout_s),
                      [&] { return poll->end != PollEnd::kStillParked || !bot->pending.empty(); });
  switch (poll->end) {
    case PollEnd::kOtherPoll:
      throw ApiError(409, description::kConflictOtherPoll);
    case PollEnd::kSetWebhook:
      throw ApiError(409, description::kConflictSetWebhook);
    case PollEnd::kWorldEnded:
    case PollEnd::kCallerGone:
      return nlohmann::json::array();
    case PollEnd::kStillParked:
      break;
  }
  unpark(*bot);
  changed_.notify_all();  // for wait_for_parked
  return batch(*bot, args.limit);
}

void World::enqueue_update(BotState& bot, std::string_view kind, nlohmann::json payload) {
  const auto& allowed = bot.allowed_updates;
  // Without allowed_updates Telegram sends every kind except these three, which must be asked for.
  const bool wanted =
      allowed.empty()
          ? kind != "chat_member" && kind != "message_reaction" && kind != "message_reaction_count"
          : std::find(allowed.begin(), allowed.end(), kind) != allowed.end();
  if (!wanted) return;
  const auto update_id = bot.next_update_id++;
  nlohmann::json wire = {{"update_id", update_id}};
  wire[std::string(kind)] = std::move(payload);
  bot.pending.push_back(PendingUpdate{.update_id = update_id, .wire = std::move(wire)});
}

void World::confirm(BotState& bot, std::int64_t offset) {
  auto& pending = bot.pending;
  if (offset > 0) {
    // Confirms every update with an id below the offset.
    while (!pending.empty() && pending.front().update_id < offset)
      pending.pop_front();
  } else if (offset < 0) {
    // Telegram: a negative offset keeps the last -offset updates and forgets the earlier ones.
    const auto keep = static_cast<std::size_t>(-offset);
    while (pending.size() > keep)
      pending.pop_front();
  }
}

nlohmann::json World::batch(const BotState& bot, int limit) {
  // Updates stay pending until a later call confirms them, so a batch copies rather than takes.
  auto updates = nlohmann::json::array();
  const auto count = std::min(bot.pending.size(), static_cast<std::size_t>(limit));
  for (std::size_t i = 0; i < count; ++i)
    updates.push_back(bot.pending[i].wire);
  return updates;
}

void World::park(BotState& bot, std::shared_ptr<ParkedPoll> poll) {
  bot.parked = std::move(poll);
  ++bot.counters.parked_now;
  bot.counters.parked_max = std::max(bot.counters.parked_max, bot.counters.parked_now);
}

void World::unpark(BotState& bot) {
  bot.parked.reset();
  --bot.counters.parked_now;
}

void World::end_parked_poll(BotState& bot, PollEnd how) {
  if (!bot.parked) return;
  bot.parked->end = how;
  // Counted here, when the 409 is decided, so the counter is exact as soon as the newer call (or
  // setWebhook) got in — a test need not race the older poll's answer.
  if (how == PollEnd::kOtherPoll || how == PollEnd::kSetWebhook) ++bot.counters.conflicts;
  unpark(bot);
}

}  // namespace tas::fake::detail
