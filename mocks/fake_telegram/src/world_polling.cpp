// getUpdates: confirmation by offset, long-polling, and Telegram's one-poller-per-token rule.

#include <algorithm>

#include "api_error.hpp"
#include "world.hpp"

namespace tas::fake::detail {

std::variant<nlohmann::json, ParkedPollTicket> World::get_updates(std::string_view token,
                                                                  const GetUpdatesArgs& args,
                                                                  AnswerPoll answer_later) {
  std::lock_guard lock(mutex_);
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
  if (bot->parked != nullptr) {
    const bool older_caller_gone = bot->parked->caller_gone && bot->parked->caller_gone();
    end_parked_poll(*bot, older_caller_gone ? PollEnd::kCallerGone : PollEnd::kOtherPoll);
    changed_.notify_all();  // for wait_for_parked
  }

  if (!bot->pending.empty() || args.timeout_s <= 0 || stopping_) return batch(*bot, args.limit);

  // Parked: answered by whatever ends it (enqueue_update, a newer poll, setWebhook, reset,
  // shutdown, expire_poll); until then it costs nothing.
  auto poll = std::make_shared<ParkedPoll>(ParkedPoll{.id = next_poll_id_++,
                                                      .limit = args.limit,
                                                      .caller_gone = args.caller_gone,
                                                      .answer = std::move(answer_later)});
  ParkedPollTicket ticket{.token = std::string(token), .id = poll->id};
  park(*bot, std::move(poll));
  changed_.notify_all();  // for wait_for_parked
  return ticket;
}

void World::expire_poll(const ParkedPollTicket& ticket) {
  {
    std::lock_guard lock(mutex_);
    const auto bot = std::find_if(bots_.begin(), bots_.end(),
                                  [&](const auto& each) { return each->token == ticket.token; });
    if (bot == bots_.end() || (*bot)->parked == nullptr || (*bot)->parked->id != ticket.id) return;
    end_parked_poll(**bot, PollEnd::kTimedOut);
  }
  changed_.notify_all();  // for wait_for_parked
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
  // A parked poll is answered the moment there is something for it, as Telegram does.
  end_parked_poll(bot, PollEnd::kUpdatesCame);
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
  const auto poll = bot.parked;
  unpark(bot);
  PollOutcome outcome;
  switch (how) {
    case PollEnd::kOtherPoll:
      outcome.error = ApiError(409, description::kConflictOtherPoll);
      break;
    case PollEnd::kSetWebhook:
      outcome.error = ApiError(409, description::kConflictSetWebhook);
      break;
    case PollEnd::kUpdatesCame:
    case PollEnd::kTimedOut:
      outcome.updates = batch(bot, poll->limit);
      break;
    case PollEnd::kWorldEnded:
    case PollEnd::kCallerGone:
      break;  // no one to give updates to, or no world they belong to: nothing
  }
  // Counted here, when the 409 is decided, so the counter is exact as soon as the newer call (or
  // setWebhook) got in — a test need not race the older poll's answer.
  if (outcome.error) ++bot.counters.conflicts;
  if (poll->answer) poll->answer(std::move(outcome));
}

}  // namespace tas::fake::detail
