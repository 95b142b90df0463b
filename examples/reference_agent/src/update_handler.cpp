#include "update_handler.hpp"

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "reply.hpp"
#include "timings.hpp"

namespace tas::reference_agent {

void UpdateHandler::hold_until(const std::filesystem::path& trigger, std::int64_t update_id) {
  // Bounded below the lifeline's delivery timeout, so a forgotten trigger delays but never
  // duplicates a reply.
  constexpr auto kLongest = std::chrono::seconds(20);
  log_.info("update {}: replyWhen fault: holding the reply until {} exists", update_id,
            trigger.string());
  const auto deadline = std::chrono::steady_clock::now() + kLongest;
  std::error_code ignored;
  while (!std::filesystem::exists(trigger, ignored) &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void UpdateHandler::handle(const nlohmann::json& update) {
  const auto message = incoming_message(update);
  const auto update_id = update.is_object() ? update.value("update_id", std::int64_t{0}) : 0;
  if (!message) {
    log_.info("update {}: no text message; nothing to do", update_id);
    return;
  }
  const std::string where =
      fmt::format("message {} in chat {}{}", message->message_id, message->chat_id,
                  message->thread_id ? fmt::format(" (topic {})", *message->thread_id) : "");
  if (message->from_bot) {
    log_.info("update {}: {} is from a bot; ignored", update_id, where);
    return;
  }
  const auto reply = reply_for(*message, faults_);
  if (!reply) {
    log_.info("update {}: {}: not replying (noReply fault)", update_id, where);
    return;
  }
  if (telegram_ == nullptr) {
    log_.info("update {}: {}: cannot reply, Telegram disabled (no token file)", update_id, where);
    return;
  }
  if (faults_.leak_token_on_message) {
    log_.unredacted_error(fmt::format(
        "update {}: {}: handler failed: POST {} raised ConnectionResetError (leakTokenOnMessage "
        "fault); no reply sent",
        update_id, where, telegram_->request_url("sendMessage")));
    return;
  }
  if (faults_.reply_when) hold_until(*faults_.reply_when, update_id);
  record_timing("reply_sending");
  const ApiResult answer = telegram_->send_message(*reply);
  if (!answer.ok()) {
    log_.info("update {}: {}: sendMessage failed: {}", update_id, where, answer.failure());
    return;
  }
  record_timing("reply_sent");
  log_.info("update {}: {}: replied with message {}{}", update_id, where,
            answer.result.is_object() ? answer.result.value("message_id", std::int64_t{0}) : 0,
            faults_.reply_without_nonce ? " (replyWithoutNonce fault)"
            : faults_.reply_wrong_topic && message->thread_id
                ? " in the main thread (replyWrongTopic fault)"
                : "");
}

}  // namespace tas::reference_agent
