#include "children.hpp"
#include "nonce.hpp"
#include "step_factories.hpp"
#include <fmt/format.h>

#include <tas/backends/backend_error.hpp>
#include <tas/backends/conditions.hpp>
#include <tas/engine/report.hpp>
#include <tas/evidence/round_trip_evidence.hpp>

namespace tas {
namespace {

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
    evidence.sent_at_us = epoch_microseconds(context.clock().wall_now());
    ChatMessage sent;
    try {
      sent = user.send_as_user(chat, text);
    } catch (const BackendError& error) {
      return StepOutcome::failed(fmt::format("could not send as the user: {}", error.what()),
                                 evidence);
    }
    evidence.sent = sent;

    const Deadline deadline = context.step_wait_deadline();
    std::string diagnosis;
    ReplySearch search;
    search.chat = chat;
    search.after_message_id = sent.message_id;
    search.bot_id = context.bot->id;
    search.judge = [&](const ChatMessage& message) {
      const bool has_nonce = message.text.find(nonce) != std::string::npos;
      if (has_nonce && message.where.topic_id == chat.topic_id) return Probe::ready();
      if (!has_nonce) return Probe::not_yet("without the nonce");
      diagnosis =
          fmt::format("the agent replied with the nonce in {} instead of {} where it was asked",
                      topic_name(message.where.topic_id), topic_name(chat.topic_id));
      return Probe::fatal(diagnosis);
    };
    const WaitOutcome waited = context.waiter.wait(
        for_reply(user, search, context.clock(), children_alive(context)), deadline);
    const auto latency =
        std::chrono::duration_cast<std::chrono::milliseconds>(context.clock().now() - sent_at);
    const std::int64_t ended_at_us = epoch_microseconds(context.clock().wall_now());
    evidence.mismatches = search.passed_over;
    evidence.conflicts = user.conflicts_seen();
    if (search.reply) {
      evidence.reply = search.reply;
      evidence.latency_ms = latency.count();
      evidence.reply_seen_at_us = ended_at_us;
    }
    if (waited.end == WaitOutcome::End::interrupted) {
      return StepOutcome::failed(fmt::format("{} while waiting for the reply", waited.why),
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
    if (waited.end == WaitOutcome::End::fatal) {
      return StepOutcome::failed(
          diagnosis.empty() ? fmt::format("a process died during the round-trip: {}", waited.why)
                            : diagnosis,
          evidence);
    }
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
