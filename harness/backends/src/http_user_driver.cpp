#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <tas/backends/backend_error.hpp>
#include <tas/backends/http_client.hpp>
#include <tas/backends/http_user_driver.hpp>
#include <tas/core/untrusted_json.hpp>

namespace tas {
namespace {

using nlohmann::json;

constexpr std::chrono::milliseconds kCallTimeout{10000};

// The `result` of an envelope, or a BackendError that says what the service answered.
json call(const std::string& url, std::string_view what, const std::string& method,
          const json& body, std::chrono::milliseconds timeout) {
  HttpRequest request;
  request.method = method;
  request.url = url;
  request.headers = {{"Content-Type", "application/json"}};
  request.body = body.is_null() ? std::string() : body.dump();
  request.timeout = timeout;
  const HttpResponse response = http_request(request);
  if (response.status == 0)
    throw BackendError(fmt::format("{}: no answer from the user driver: {}", what, response.error));
  const json envelope = parse_untrusted_json(response.body).value;
  if (envelope.is_discarded() || !envelope.is_object() || envelope.value("ok", false) != true) {
    const std::string description =
        envelope.is_object() ? envelope.value("description", response.body) : response.body;
    throw BackendError(fmt::format("{}: HTTP {} from the user driver: {}", what, response.status,
                                   description.substr(0, 300)));
  }
  return envelope.value("result", json(nullptr));
}

ChatMessage message_from(const json& message) {
  ChatMessage out;
  out.message_id = message.value("message_id", std::int64_t{0});
  const json from = message.value("from", json::object());
  out.from_id = from.value("id", std::int64_t{0});
  out.from_bot = from.value("is_bot", false);
  out.where.chat_id = message.value("chat", json::object()).value("id", std::int64_t{0});
  if (message.contains("message_thread_id") && message["message_thread_id"].is_number_integer()) {
    out.where.topic_id = message["message_thread_id"].get<std::int64_t>();
  }
  out.text = message.value("text", std::string());
  out.date = message.value("date", std::int64_t{0});
  return out;
}

}  // namespace

ChatAddress HttpUserDriver::designated_chat() {
  return ChatAddress{config_.chat_id, config_.topic_id};
}

ChatMessage HttpUserDriver::send_as_user(const ChatAddress& where, std::string_view text) {
  json body = {{"user_id", config_.user_id}, {"chat_id", where.chat_id}, {"text", text}};
  if (where.topic_id) body["message_thread_id"] = *where.topic_id;
  return message_from(
      call(config_.url + "/_control/send", "sending as the user", "POST", body, kCallTimeout));
}

std::vector<ChatMessage> HttpUserDriver::bot_messages_after(std::int64_t chat_id,
                                                            std::int64_t after_message_id,
                                                            const Deadline& deadline) {
  const auto wait = deadline.remaining();
  const json body = {
      {"chat_id", chat_id}, {"after_message_id", after_message_id}, {"timeout_ms", wait.count()}};
  const json result = call(config_.url + "/_control/bot_messages", "reading the chat", "POST", body,
                           wait + std::chrono::seconds(5));
  std::vector<ChatMessage> messages;
  if (result.is_array()) {
    for (const json& message : result)
      messages.push_back(message_from(message));
  }
  return messages;
}

std::optional<std::int64_t> HttpUserDriver::conflicts_seen() {
  if (config_.bot_username.empty()) return std::nullopt;
  const json counters =
      call(fmt::format("{}/_control/counters?bot={}", config_.url, config_.bot_username),
           "reading the 409 counter", "GET", nullptr, kCallTimeout);
  if (!counters.is_object() || !counters.contains("conflicts")) return std::nullopt;
  return counters["conflicts"].get<std::int64_t>();
}

}  // namespace tas
