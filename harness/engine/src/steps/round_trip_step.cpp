#include "children.hpp"
#include "nonce.hpp"
#include "step_factories.hpp"
#include <fmt/format.h>

#include <tas/backends/backend_error.hpp>
#include <tas/evidence/round_trip_evidence.hpp>
#include <tas/core/interrupt.hpp>
#include <tas/engine/report.hpp>

namespace tas {
namespace {

constexpr std::chrono::milliseconds kSlice{500};

std::string topic_name(const std::optional<std::int64_t>& topic) {
  return topic ? fmt::format("topic {}", *topic) : std::string("the main thread");
}

// Step 5 (docs/steps.md, '5 round-trip'): as a user, never as the bot — send a nonce into the
// designated chat and topic, and wait for the agent's reply carrying it in the same place.
class RoundTripStep final : public Step {
 public:
  [[nodiscard]] StepId id() const override { return StepId::round_trip; }

  StepOutcome run(RunContext& context) override {
    if (context.settings.no_roundtrip) return StepOutcome::skipped("--no-roundtrip");
    if (!context.backends.user) {
      return StepOutcome::skipped(
          "no user-side driver in this backend set: nothing can act as a user, and the bot's own "
          "token must never be used to talk to itself");
    }
    if (!context.bot) return StepOutcome::failed("no bot: step 1 acquired no token");
    UserDriver& user = *context.backends.user;
    const ChatAddress chat = user.designated_chat();
    const std::string nonce = random_nonce();
    const std::string text =
        fmt::format("test-as-self {} {}", iso8601_utc(context.clock().wall_now()), nonce);
    RoundTripEvidence evidence;
    evidence.chat = chat;
    evidence.nonce = nonce;
    evidence.bot_id = context.bot->id;

    const auto sent_at = context.clock().now();
    ChatMessage sent;
    try {
      sent = user.send_as_user(chat, text);
    } catch (const BackendError& error) {
      return StepOutcome::failed(fmt::format("could not send as the user: {}", error.what()),
                                 evidence);
    }
    evidence.sent = sent;

    const Deadline deadline = context.step_wait_deadline();
    std::int64_t last_seen = sent.message_id;
    std::optional<ChatMessage> reply;
    std::string diagnosis;
    const Condition alive = children_alive(context);
    while (!reply && diagnosis.empty() && !deadline.expired() && pending_signal() == 0) {
      if (const Probe children = alive(); children.state == Probe::State::fatal) {
        diagnosis = fmt::format("a process died during the round-trip: {}", children.why);
        break;
      }
      // Short slices, so that a signal is noticed within half a second even when the driver
      // blocks in a call that knows nothing of signals.
      const Deadline slice = Deadline::after(context.clock(), kSlice).earliest(deadline);
      for (const ChatMessage& message : user.bot_messages_after(chat.chat_id, last_seen, slice)) {
        last_seen = std::max(last_seen, message.message_id);
        if (message.from_id != context.bot->id) continue;  // another bot in the chat
        const bool has_nonce = message.text.find(nonce) != std::string::npos;
        const bool same_topic = message.where.topic_id == chat.topic_id;
        if (has_nonce && same_topic) {
          reply = message;
          break;
        }
        evidence.mismatches.push_back(message);
        if (has_nonce) {
          diagnosis =
              fmt::format("the agent replied with the nonce in {} instead of {} where it was asked",
                          topic_name(message.where.topic_id), topic_name(chat.topic_id));
        }
      }
    }
    const auto latency =
        std::chrono::duration_cast<std::chrono::milliseconds>(context.clock().now() - sent_at);
    evidence.conflicts = user.conflicts_seen();
    if (reply) {
      evidence.reply = reply;
      evidence.latency_ms = latency.count();
    }
    if (const int signal_number = pending_signal(); signal_number != 0 && !reply) {
      return StepOutcome::failed(
          fmt::format("interrupted by {} while waiting for the reply", signal_name(signal_number)),
          evidence);
    }
    if (evidence.conflicts && *evidence.conflicts > 0) {
      return StepOutcome::failed(
          fmt::format(
              "the Bot API answered {} getUpdates call(s) with 409 Conflict during the run: a "
              "second poller was running for the bot's token{}",
              *evidence.conflicts, evidence.reply ? " (the reply did arrive)" : ""),
          evidence);
    }
    if (!diagnosis.empty()) return StepOutcome::failed(diagnosis, evidence);
    if (!evidence.reply) {
      if (!evidence.mismatches.empty()) {
        return StepOutcome::failed(
            fmt::format(
                "the agent replied {} time(s) in {} but never with the nonce {} within {} ms",
                evidence.mismatches.size(), topic_name(chat.topic_id), nonce, latency.count()),
            evidence);
      }
      return StepOutcome::failed(
          fmt::format("no reply from the agent (bot id {}) in {} within {} ms", context.bot->id,
                      topic_name(chat.topic_id), latency.count()),
          evidence);
    }
    std::string detail = fmt::format("reply {} to message {} in {} after {} ms",
                                     evidence.reply->message_id, evidence.sent->message_id,
                                     topic_name(evidence.chat.topic_id), *evidence.latency_ms);
    return StepOutcome::passed(std::move(detail), std::move(evidence));
  }
};

}  // namespace

std::unique_ptr<Step> make_round_trip_step() {
  return std::make_unique<RoundTripStep>();
}

}  // namespace tas
